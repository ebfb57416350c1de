using System.Globalization;
using System.Text;

namespace Bulwark.Cli.Tests;

/// <summary>Gemnasium-shaped GitLab dependency scanning reports of made-up, distinct findings.</summary>
internal static class DependencyScanningReport
{
    /// <summary>
    /// Writes findings <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1: finding
    /// <c>i</c> is the same vulnerability in every report that contains it, so overlapping ranges overlap in
    /// vulnerabilities. Every third finding is high, the others medium.
    /// </summary>
    public static void Write(string path, int count, int first = 0)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("{\"version\":\"15.2.1\",\"vulnerabilities\":[");
        for (var i = first; i < first + count; i++)
        {
            var package = string.Create(CultureInfo.InvariantCulture, $"@acme/lib-{i}");
            var cve = string.Create(CultureInfo.InvariantCulture, $"CVE-2025-{100_000 + i}");
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{(i == first ? "" : ",")}{{\"id\":\"{i}\",\"name\":\"Denial of service in {package}\",\"description\":\"{package} backtracks on crafted input.\",\"severity\":\"{(i % 3 == 0 ? "High" : "Medium")}\",\"solution\":\"Upgrade.\",\"location\":{{\"file\":\"apps/web-{i % 60}/package-lock.json\",\"dependency\":{{\"package\":{{\"name\":\"{package}\"}},\"version\":\"3.0.{i % 9}\"}}}},\"identifiers\":[{{\"type\":\"cve\",\"name\":\"{cve}\",\"value\":\"{cve}\"}}]}}"));
        }

        writer.Write("],\"scan\":{\"type\":\"dependency_scanning\",\"status\":\"success\",\"scanner\":{\"id\":\"gemnasium\",\"name\":\"Gemnasium\",\"vendor\":{\"name\":\"GitLab\"},\"version\":\"5.2.0\"}}}");
    }
}
