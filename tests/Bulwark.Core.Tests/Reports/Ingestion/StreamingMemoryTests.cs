using System.Globalization;
using System.Text.Json;
using Bulwark.Core.Reports.Ingestion;
using Xunit.Abstractions;

namespace Bulwark.Core.Tests.Reports.Ingestion;

/// <summary>Measurements of the whole process's heap: nothing else may run beside them.</summary>
[CollectionDefinition(nameof(HeapMeasurements), DisableParallelization = true)]
public sealed class HeapMeasurements;

/// <summary>
/// Large reports are read without holding them: the live managed heap, measured after full collections while
/// findings are being read, stays a small fraction of the report's size (about 0.2 % when measured: 155 KB for
/// a 74 MB report; the bound leaves room for the array pool's per-thread caches on machines with many cores).
/// </summary>
[Collection(nameof(HeapMeasurements))]
public sealed class StreamingMemoryTests(ITestOutputHelper output) : IDisposable
{
    private const int Findings = 100_000;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"bulwark-large-report-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task A_100000_finding_gitlab_report_is_read_while_the_live_heap_stays_under_a_twentieth_of_its_size()
    {
        WriteReport(_path, WriteGitLab);
        var (count, size, peak) = await ReadAsync(ReportFormat.GitLab);

        Assert.Equal(Findings, count);
        Assert.True(size > 50_000_000, $"the report is {size} bytes");
        Assert.True(peak < size / 20, $"live heap peaked at {peak} bytes while reading a {size}-byte report");
    }

    [Fact]
    public async Task A_100000_result_sarif_log_is_read_while_the_live_heap_stays_under_a_twentieth_of_its_size()
    {
        WriteReport(_path, WriteSarif);
        var (count, size, peak) = await ReadAsync(ReportFormat.Sarif);

        Assert.Equal(Findings, count);
        Assert.True(peak < size / 20, $"live heap peaked at {peak} bytes while reading a {size}-byte log");
    }

    private async Task<(int Count, long Size, long Peak)> ReadAsync(ReportFormat format)
    {
        var size = new FileInfo(_path).Length;
        await using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, useAsync: true);
        Assert.Equal(format, SecurityReportReader.DetectFormat(file));

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        using var report = await SecurityReportReader.OpenAsync(file, format);
        var peak = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        var count = 0;
        await foreach (var finding in report.ReadFindingsAsync(0))
        {
            // Each finding is dropped once counted, as an ingestion that writes to a database does.
            Assert.NotNull(finding.RuleId);
            if (++count % 10_000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        output.WriteLine($"{format}: {count} findings, {size} bytes, live heap peak {peak} bytes over the baseline");
        return (count, size, peak);
    }

    private static void WriteReport(string path, Action<Utf8JsonWriter> write)
    {
        using var file = File.Create(path);
        using var writer = new Utf8JsonWriter(file);
        write(writer);
    }

    /// <summary>Dependency-scanning vulnerabilities as Gemnasium writes them, scan last as Bulwark writes it.</summary>
    private static void WriteGitLab(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("version", "15.2.1");
        w.WriteStartArray("vulnerabilities");
        for (var i = 0; i < Findings; i++)
        {
            var package = $"@acme/package-{(i % 5000).ToString(CultureInfo.InvariantCulture)}";
            var cve = $"CVE-2024-{(10000 + i).ToString(CultureInfo.InvariantCulture)}";
            w.WriteStartObject();
            w.WriteString("id", Guid.NewGuid().ToString());
            w.WriteString("name", $"Prototype pollution in {package}");
            w.WriteString("description", $"Versions of {package} before 2.4.1 let an attacker add or modify properties of Object.prototype through crafted JSON input, which can lead to denial of service or remote code execution.");
            w.WriteString("severity", (i % 4) switch { 0 => "Critical", 1 => "High", 2 => "Medium", _ => "Low" });
            w.WriteString("solution", "Upgrade to version 2.4.1 or above.");
            w.WriteStartObject("location");
            w.WriteString("file", $"services/svc-{(i % 40).ToString(CultureInfo.InvariantCulture)}/package-lock.json");
            w.WriteStartObject("dependency");
            w.WriteStartObject("package");
            w.WriteString("name", package);
            w.WriteEndObject();
            w.WriteString("version", "2.3.0");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("identifiers");
            WriteIdentifier(w, "gemnasium", $"Gemnasium-{i}", Guid.NewGuid().ToString());
            WriteIdentifier(w, "cve", cve, cve);
            w.WriteEndArray();
            w.WriteStartArray("links");
            w.WriteStartObject();
            w.WriteString("url", $"https://nvd.nist.gov/vuln/detail/{cve}");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("scan");
        w.WriteString("type", "dependency_scanning");
        w.WriteString("status", "success");
        w.WriteStartObject("scanner");
        w.WriteString("id", "gemnasium");
        w.WriteString("name", "Gemnasium");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteIdentifier(Utf8JsonWriter w, string type, string name, string value)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteString("name", name);
        w.WriteString("value", value);
        w.WriteEndObject();
    }

    /// <summary>A Semgrep-like run: rules up front, results referring to them by index.</summary>
    private static void WriteSarif(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("version", "2.1.0");
        w.WriteStartArray("runs");
        w.WriteStartObject();
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", "Semgrep OSS");
        w.WriteStartArray("rules");
        for (var r = 0; r < 50; r++)
        {
            w.WriteStartObject();
            w.WriteString("id", $"python.lang.security.rule-{r.ToString(CultureInfo.InvariantCulture)}");
            w.WriteStartObject("properties");
            w.WriteStartArray("tags");
            w.WriteStringValue("CWE-89: Improper Neutralization of Special Elements used in an SQL Command");
            w.WriteEndArray();
            w.WriteString("security-severity", "7.5");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("results");
        for (var i = 0; i < Findings; i++)
        {
            w.WriteStartObject();
            w.WriteNumber("ruleIndex", i % 50);
            w.WriteString("ruleId", $"python.lang.security.rule-{(i % 50).ToString(CultureInfo.InvariantCulture)}");
            w.WriteStartObject("message");
            w.WriteString("text", "Detected user input used to manually construct a SQL string. This is usually bad practice because manual construction could accidentally result in a SQL injection.");
            w.WriteEndObject();
            w.WriteStartArray("locations");
            w.WriteStartObject();
            w.WriteStartObject("physicalLocation");
            w.WriteStartObject("artifactLocation");
            w.WriteString("uri", $"src/api/module{(i % 300).ToString(CultureInfo.InvariantCulture)}.py");
            w.WriteEndObject();
            w.WriteStartObject("region");
            w.WriteNumber("startLine", i % 900 + 1);
            w.WriteNumber("startColumn", 5);
            w.WriteNumber("endLine", i % 900 + 1);
            w.WriteNumber("endColumn", 71);
            w.WriteStartObject("snippet");
            w.WriteString("text", "    rows = db.execute(f\"SELECT * FROM orders WHERE id = {order_id}\")");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("partialFingerprints");
            w.WriteString("primaryLocationLineHash", $"{i:x16}:1");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
