using System.Text;
using Bulwark.Analyzers.Dependencies.Extractors.JavaScript;
using Bulwark.Core;
using Bulwark.Scanning;

namespace Bulwark.Analyzers.Dependencies.Tests.Extraction;

/// <summary>
/// Every lockfile the real package managers wrote (testdata/generated), damaged the ways files get damaged — cut in
/// the middle of a line (an interrupted write or download), cut at a line break (which leaves valid YAML or Yarn
/// syntax behind), a line of garbage put in the middle, bytes that are not text put inside a value — scanned beside an intact project: the damaged file is a
/// warning naming it, never an error or an exception, and the intact project is still inventoried in full.
/// </summary>
public sealed class DamagedLockfileTests : IDisposable
{
    private const string Intact = "npm-lockv3/express-api";

    private static readonly Lazy<int> IntactCount = new(() =>
        TestData.Extract(new PackageLockJson(), $"generated/{Intact}/package-lock.json").Components.Count);

    private readonly string _root = Directory.CreateTempSubdirectory("bulwark-damaged-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var fixture in Directory.EnumerateDirectories(Path.Combine(TestData.Root, "generated"), "*", SearchOption.TopDirectoryOnly)
            .SelectMany(tool => Directory.EnumerateDirectories(tool))
            .Select(dir => Path.GetRelativePath(Path.Combine(TestData.Root, "generated"), dir).Replace('\\', '/'))
            .Order(StringComparer.Ordinal))
        {
            foreach (var damage in new[] { "cut-mid-line", "cut-at-line-break", "garbage-line", "binary-bytes", "binary-at-start" })
            {
                data.Add(fixture, damage);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_damaged_lockfile_is_a_warning_naming_it_and_the_scan_goes_on(string fixture, string damage)
    {
        var lockfile = Copy(fixture, "damaged");
        Copy(Intact, "intact");
        var path = Path.Combine(_root, "damaged", lockfile);
        File.WriteAllBytes(path, Damage(File.ReadAllText(path), damage));

        var settings = new ScanSettings { Root = _root, Offline = true };
        var result = new ScanRunner([DependenciesAnalyzerRegistration.Create(settings)])
            .Run(new ScanOptions { Settings = settings }, ToolInfo.Bulwark("test"));

        var warnings = result.Warnings.Where(w => w.Path == $"damaged/{lockfile}").ToList();
        Assert.Contains(warnings, w => w.Level == WarningLevel.Warning);
        Assert.DoesNotContain(warnings, w => w.Level == WarningLevel.Error);
        Assert.True(result.Completed);
        Assert.Equal(IntactCount.Value, result.Components.Count(c => c.SourceFile == "intact/package-lock.json"));
    }

    private static byte[] Damage(string text, string damage)
    {
        var middle = text.Length / 2;
        switch (damage)
        {
            case "cut-mid-line":
                // The middle of a line: step past any line break there.
                while (middle < text.Length && (text[middle] is '\n' or '\r' || text[middle - 1] == '\n'))
                {
                    middle++;
                }

                return Encoding.UTF8.GetBytes(text[..middle]);
            case "cut-at-line-break":
                return Encoding.UTF8.GetBytes(text[..(text.IndexOf('\n', middle) + 1)]);
            case "binary-at-start":
                // Where a reader sniffing for binary files looks.
                return [.. Encoding.UTF8.GetBytes(text[..20]), 0x00, 0xFF, 0xFE, .. Encoding.UTF8.GetBytes(text[20..])];
            case "binary-bytes":
                // Inside a value (the middle of a line), as a damaged disk or transfer leaves them.
                return [.. Encoding.UTF8.GetBytes(text[..middle]), 0x00, 0xFF, 0xFE, .. Encoding.UTF8.GetBytes(text[middle..])];
            default:
                var lineStart = text.IndexOf('\n', middle) + 1;
                return Encoding.UTF8.GetBytes(text[..lineStart] + "}{ ][ :: \" = ,,\n" + text[lineStart..]);
        }
    }

    /// <summary>Copies a fixture (without expected.json) under a folder of the scan root; returns its lockfile's name.</summary>
    private string Copy(string fixture, string folder)
    {
        var source = Path.Combine(TestData.Root, "generated", fixture);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "expected.json"))
        {
            var target = Path.Combine(_root, folder, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return Path.GetFileName(Directory.EnumerateFiles(source).Single(f => Path.GetFileName(f) is "package-lock.json" or "npm-shrinkwrap.json"
            or "yarn.lock" or "pnpm-lock.yaml" or "bun.lock"));
    }
}
