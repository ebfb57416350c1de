#:project ../src/Bulwark.Core/Bulwark.Core.csproj
#:property PublishAot=false

// Report ingestion benchmark: how fast and in how much memory SecurityReportReader reads large reports,
// against the whole-document readers (JsonDocument) that came before it. bench/report-ingestion.sh runs it.
//   dotnet run -c Release bench/report-ingestion.cs -- generate gitlab|sarif COUNT PATH
//   dotnet run -c Release bench/report-ingestion.cs -- stream PATH
//   dotnet run -c Release bench/report-ingestion.cs -- whole PATH
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bulwark.Core.Reports.GitLab;
using Bulwark.Core.Reports.Ingestion;
using Bulwark.Core.Reports.Sarif;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
switch (args.FirstOrDefault())
{
    case "generate" when args.Length == 4:
        Generate(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args[3]);
        return 0;
    case "stream" when args.Length == 2:
        await StreamAsync(args[1]);
        return 0;
    case "whole" when args.Length == 2:
        Whole(args[1]);
        return 0;
    default:
        Console.Error.WriteLine("usage: generate gitlab|sarif COUNT PATH | stream PATH | whole PATH");
        return 2;
}

static async Task StreamAsync(string path)
{
    var clock = Stopwatch.StartNew();
    await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
    var format = SecurityReportReader.DetectFormat(file);
    var detected = clock.Elapsed;
    using var report = await SecurityReportReader.OpenAsync(file, format);
    var opened = clock.Elapsed;
    long findings = 0;
    long liveHeapPeak = 0;
    foreach (var section in report.Sections)
    {
        await foreach (var _ in report.ReadFindingsAsync(section.Index))
        {
            if (++findings % 100_000 == 0)
            {
                liveHeapPeak = Math.Max(liveHeapPeak, GC.GetTotalMemory(forceFullCollection: true));
            }
        }
    }

    liveHeapPeak = Math.Max(liveHeapPeak, GC.GetTotalMemory(forceFullCollection: true));

    var total = clock.Elapsed;
    var megabytes = new FileInfo(path).Length / 1e6;
    Console.WriteLine($"stream {format}: {findings:N0} findings, {megabytes:F0} MB; detect {detected.TotalSeconds:F2} s, sections (skeleton pass) {(opened - detected).TotalSeconds:F2} s, findings {(total - opened).TotalSeconds:F2} s, total {total.TotalSeconds:F2} s = {megabytes / total.TotalSeconds:F0} MB/s, {findings / total.TotalSeconds:N0} findings/s; live heap peak {liveHeapPeak / 1e6:F1} MB, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB");
}

static void Whole(string path)
{
    var clock = Stopwatch.StartNew();
    using var file = File.OpenRead(path);
    var format = SecurityReportReader.DetectFormat(file);
    var findings = format switch
    {
        ReportFormat.GitLab => GitLabReportReader.Read(file).Findings.Count,
        ReportFormat.Sarif => SarifReportReader.Read(file).Findings.Count(),
        _ => throw new NotSupportedException(format.ToString()),
    };
    var total = clock.Elapsed;
    var megabytes = new FileInfo(path).Length / 1e6;
    Console.WriteLine($"whole {format}: {findings:N0} findings, {megabytes:F0} MB; total {total.TotalSeconds:F2} s = {megabytes / total.TotalSeconds:F0} MB/s; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB");
}

// Reports in the shape their tools write: Gemnasium's dependency scanning (scan last, as Bulwark writes
// it), a Semgrep run whose results point at its rules by index.
static void Generate(string kind, int count, string path)
{
    using var output = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
    var text = new StringBuilder();
    if (kind == "gitlab")
    {
        output.Write("{\"version\":\"15.2.1\",\"vulnerabilities\":[");
        for (var i = 0; i < count; i++)
        {
            var package = $"@acme/lib-{i % 20_000}";
            var cve = $"CVE-2025-{100_000 + i}";
            text.Clear().Append(i == 0 ? "" : ",")
                .Append($"{{\"id\":\"{Guid.NewGuid()}\",\"name\":\"Regular expression denial of service in {package}\",")
                .Append($"\"description\":\"{package} before 3.1.2 backtracks exponentially on crafted input, letting a remote attacker exhaust the CPU of the process.\",")
                .Append($"\"severity\":\"{(i % 3 == 0 ? "High" : "Medium")}\",\"solution\":\"Upgrade to version 3.1.2 or above.\",")
                .Append($"\"location\":{{\"file\":\"apps/web-{i % 60}/package-lock.json\",\"dependency\":{{\"package\":{{\"name\":\"{package}\"}},\"version\":\"3.0.{i % 9}\"}}}},")
                .Append($"\"identifiers\":[{{\"type\":\"gemnasium\",\"name\":\"Gemnasium-{i}\",\"value\":\"{Guid.NewGuid()}\"}},{{\"type\":\"cve\",\"name\":\"{cve}\",\"value\":\"{cve}\"}}],")
                .Append($"\"links\":[{{\"url\":\"https://nvd.nist.gov/vuln/detail/{cve}\"}}]}}");
            output.Write(text);
        }

        output.Write("],\"scan\":{\"type\":\"dependency_scanning\",\"status\":\"success\",\"scanner\":{\"id\":\"gemnasium\",\"name\":\"Gemnasium\",\"vendor\":{\"name\":\"GitLab\"},\"version\":\"5.2.0\"}}}");
    }
    else
    {
        output.Write("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"Semgrep OSS\",\"semanticVersion\":\"1.90.0\",\"rules\":[");
        for (var r = 0; r < 100; r++)
        {
            output.Write($"{(r == 0 ? "" : ",")}{{\"id\":\"javascript.express.security.rule-{r}\",\"shortDescription\":{{\"text\":\"Rule {r}\"}},\"defaultConfiguration\":{{\"level\":\"warning\"}},\"properties\":{{\"tags\":[\"CWE-79: Improper Neutralization of Input During Web Page Generation\"],\"security-severity\":\"6.1\"}}}}");
        }

        output.Write("]}},\"results\":[");
        for (var i = 0; i < count; i++)
        {
            text.Clear().Append(i == 0 ? "" : ",")
                .Append($"{{\"ruleId\":\"javascript.express.security.rule-{i % 100}\",\"ruleIndex\":{i % 100},")
                .Append("\"message\":{\"text\":\"User input flows into the HTML response without escaping, which lets an attacker run script in the victim's browser.\"},")
                .Append($"\"locations\":[{{\"physicalLocation\":{{\"artifactLocation\":{{\"uri\":\"src/routes/page{i % 500}.js\",\"uriBaseId\":\"%SRCROOT%\"}},")
                .Append($"\"region\":{{\"startLine\":{i % 700 + 1},\"startColumn\":9,\"endLine\":{i % 700 + 1},\"endColumn\":58,\"snippet\":{{\"text\":\"  res.send('<h1>' + req.query.name + '</h1>');\"}}}}}}}}],")
                .Append($"\"fingerprints\":{{\"matchBasedId/v1\":\"{i:x32}_0\"}}}}");
            output.Write(text);
        }

        output.Write("],\"invocations\":[{\"executionSuccessful\":true}]}]}");
    }
}
