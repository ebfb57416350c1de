using System.Globalization;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Core.Reports.GitLab;

namespace Bulwark.Server.Tests;

/// <summary>
/// GitLab reports as a real pipeline produces them, written by our own (schema-validated) writer: SAST
/// findings spread over a source tree, with CWE identifiers and tracking-free file locations.
/// </summary>
public static class Reports
{
    private static readonly string[] Rules =
    [
        "csharp.sql-injection", "csharp.path-traversal", "csharp.weak-hash", "csharp.xss", "csharp.open-redirect",
        "csharp.insecure-deserialization", "csharp.hardcoded-password", "csharp.xxe",
    ];

    private static readonly int[] Cwes = [89, 22, 328, 79, 601, 502, 798, 611];

    public static Finding Sast(int index)
    {
        var rule = index % Rules.Length;
        var severity = (Severity)(1 + index % 5);
        return new Finding
        {
            ReportType = ReportType.Sast,
            Analyzer = "sast",
            RuleId = Rules[rule],
            Name = $"{Rules[rule]} in Service{index / 40}",
            Description = "User input reaches a dangerous sink without validation.",
            Solution = index % 3 == 0 ? "Validate and encode the input." : null,
            Severity = severity,
            Identifiers = EquatableArray.Of(
                Identifier.Rule("sast", Rules[rule]),
                Identifier.Cwe(Cwes[rule])),
            Location = new SourceLocation($"src/Payments/Service{index / 40}/Handler{index % 40}.cs", 10 + index % 400, 12 + index % 400),
        };
    }

    public static byte[] GitLab(IEnumerable<Finding> findings, ReportType type = ReportType.Sast, string projectId = "1")
    {
        var scan = new ScanResult
        {
            Tool = ToolInfo.Bulwark("0.1.0"),
            Target = ".",
            StartedAt = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero),
            FinishedAt = new DateTimeOffset(2026, 11, 23, 10, 1, 0, TimeSpan.Zero),
            Findings = findings.ToEquatableArray(),
            Analyzers = EquatableArray.Of(new AnalyzerRun("sast", "0.1.0", TimeSpan.FromSeconds(1), 0, 0, 0, 0) { ReportType = type }),
        };
        using var output = new MemoryStream();
        GitLabReportWriter.Write(scan, type, projectId, output);
        return output.ToArray();
    }

    public static byte[] SastReport(int count, int offset = 0) =>
        GitLab(Enumerable.Range(offset, count).Select(Sast));

    public static string Sha(int n) => n.ToString("x40", CultureInfo.InvariantCulture);

    public static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
}
