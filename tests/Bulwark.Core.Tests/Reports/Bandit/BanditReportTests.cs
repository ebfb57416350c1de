using Bulwark.Core.Findings;
using Bulwark.Core.Reports;
using Bulwark.Core.Reports.Ingestion;
using Bulwark.Core.Tests.Reports.Ingestion;

namespace Bulwark.Core.Tests.Reports.Bandit;

/// <summary>
/// Bandit's JSON report. <c>bandit-1.6.2.json</c> is <c>bandit -r ./app -f json</c> (Bandit 1.6.2) on a small Flask
/// app with a file that does not parse; the shape of 1.7 and later (<c>issue_cwe</c>, columns) is written here.
/// </summary>
public class BanditReportTests
{
    [Fact]
    public async Task A_real_bandit_report_is_one_sast_section_of_its_results_with_unparsable_files_as_warnings()
    {
        var report = await Ingest.FixtureAsync("bandit-1.6.2.json");

        Assert.Equal(ReportFormat.Bandit, report.Format);
        var section = Assert.Single(report.Sections);
        Assert.Equal((ReportType.Sast, "bandit", "Bandit"), (section.ReportType, section.ScannerId, section.Scanner.Name));
        Assert.NotNull(section.FinishedAt);
        var warning = Assert.Single(section.Messages);
        Assert.Equal(("app/broken.py", WarningLevel.Error), (warning.Path, warning.Level));
        Assert.Contains("syntax error", warning.Message, StringComparison.Ordinal);

        var findings = report.Findings[0];
        Assert.Equal(["B403", "B404", "B602", "B301", "B506", "B303", "B201"], findings.Select(f => f.RuleId));
        var shell = findings.Single(f => f.RuleId == "B602");
        Assert.Equal(("subprocess call with shell=True identified, security issue.", Severity.High), (shell.Name, shell.Severity));
        var location = Assert.IsType<SourceLocation>(shell.Location);
        Assert.Equal(("app/views.py", 25, 25), (location.File, location.StartLine, location.EndLine));
        Assert.Equal(("bandit_test_id", "B602", "Bandit Test ID B602"), (shell.PrimaryIdentifier.Type, shell.PrimaryIdentifier.Value, shell.PrimaryIdentifier.Name));
        Assert.Equal("    return subprocess.check_output(cmd, shell=True)", shell.RawSourceCodeExtract);
        Assert.Equal("high", shell.GetProperty("confidence"));
        Assert.Equal("subprocess_popen_with_shell_equals_true", shell.GetProperty("test-name"));
        Assert.StartsWith("https://bandit.readthedocs.io/", Assert.Single(shell.Links).Url, StringComparison.Ordinal);

        Assert.Equal(Severity.Low, findings.Single(f => f.RuleId == "B403").Severity);
        Assert.Equal(Severity.Medium, findings.Single(f => f.RuleId == "B506").Severity);
    }

    [Fact]
    public async Task Newer_bandit_gives_the_cwe_and_columns_and_multi_line_results_their_lines()
    {
        var report = await Ingest.TextAsync("""
            {
              "errors": [],
              "generated_at": "2025-03-02T09:15:41Z",
              "metrics": {"_totals": {"loc": 120, "nosec": 0}},
              "results": [
                {
                  "code": "41     query = (\n42         \"SELECT * FROM users WHERE email = '%s'\"\n43         % email\n44     )\n",
                  "col_offset": 8,
                  "end_col_offset": 15,
                  "filename": "shop/db.py",
                  "issue_confidence": "LOW",
                  "issue_cwe": {"id": 89, "link": "https://cwe.mitre.org/data/definitions/89.html"},
                  "issue_severity": "MEDIUM",
                  "issue_text": "Possible SQL injection vector through string-based query construction.",
                  "line_number": 42,
                  "line_range": [42, 43],
                  "more_info": "https://bandit.readthedocs.io/en/1.7.9/plugins/b608_hardcoded_sql_expressions.html",
                  "test_id": "B608",
                  "test_name": "hardcoded_sql_expressions"
                },
                {
                  "code": "7 assert user.is_admin\n",
                  "col_offset": 0,
                  "end_col_offset": 21,
                  "filename": "shop/auth.py",
                  "issue_confidence": "HIGH",
                  "issue_cwe": {"id": 703, "link": "https://cwe.mitre.org/data/definitions/703.html"},
                  "issue_severity": "UNDEFINED",
                  "issue_text": "Use of assert detected.",
                  "line_number": 7,
                  "line_range": [7],
                  "more_info": "https://bandit.readthedocs.io/en/1.7.9/plugins/b101_assert_used.html",
                  "test_id": "B101",
                  "test_name": "assert_used"
                }
              ]
            }
            """);

        var (sql, assertion) = (report.Findings[0][0], report.Findings[0][1]);
        Assert.Equal([("bandit_test_id", "B608"), ("cwe", "89")], sql.Identifiers.Select(i => (i.Type, i.Value)));
        var location = Assert.IsType<SourceLocation>(sql.Location);
        Assert.Equal((42, 43, 9, 15), (location.StartLine, location.EndLine, location.StartColumn, location.EndColumn));
        Assert.Equal("        \"SELECT * FROM users WHERE email = '%s'\"\n        % email", sql.RawSourceCodeExtract);
        Assert.Equal(("low", Severity.Medium), (sql.GetProperty("confidence"), sql.Severity));
        Assert.Equal(Severity.Unknown, assertion.Severity);
        Assert.Equal(1, ((SourceLocation)assertion.Location).StartColumn);
    }

    [Fact]
    public async Task A_clean_run_is_a_section_without_findings()
    {
        var report = await Ingest.TextAsync("""{"errors": [], "generated_at": "2025-03-02T09:15:41Z", "metrics": {}, "results": []}""");

        Assert.Equal(ReportFormat.Bandit, report.Format);
        Assert.Empty(Assert.Single(report.Findings));
    }

    [Theory]
    [InlineData("""{"test_id": "B101", "issue_text": "t", "filename": "a.py"}""", "$.results[0].issue_severity is required but missing")]
    [InlineData("""{"issue_severity": "LOW", "issue_text": "t", "filename": "a.py"}""", "$.results[0].test_id is required but missing")]
    [InlineData("""{"test_id": "B101", "issue_text": "t", "filename": "a.py", "issue_severity": "SEVERE"}""", "$.results[0].issue_severity must be HIGH, MEDIUM, LOW or UNDEFINED, not 'SEVERE'")]
    public async Task A_malformed_result_names_its_path(string result, string message)
    {
        var error = await Assert.ThrowsAsync<ReportFormatException>(() =>
            Ingest.TextAsync($$"""{"generated_at": "2025-03-02T09:15:41Z", "metrics": {}, "results": [{{result}}]}"""));

        Assert.Equal("Bandit report: " + message, error.Message);
    }
}

/// <summary>Bandit's per-file metrics come before its results and can be larger than the head the format is recognised from.</summary>
public class BanditRecognitionTests
{
    [Fact]
    public async Task A_report_whose_metrics_outgrow_the_head_is_recognised_and_read()
    {
        var files = string.Join(",", Enumerable.Range(0, 800).Select(i =>
            $$"""
            "pkg/module_{{i}}.py": {"CONFIDENCE.HIGH": 0.0, "CONFIDENCE.LOW": 0.0, "SEVERITY.HIGH": 0.0, "SEVERITY.LOW": 0.0, "loc": {{i}}, "nosec": 0}
            """));
        var json = $$"""
            {"errors": [], "generated_at": "2021-03-30T18:23:12Z", "metrics": {{{files}}},
             "results": [{"code": "3 import pickle\n", "filename": "./pkg/module_7.py", "issue_confidence": "HIGH", "issue_severity": "LOW",
               "issue_text": "Consider possible security implications associated with pickle module.", "line_number": 3, "line_range": [3],
               "more_info": "https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html#b403-import-pickle", "test_id": "B403", "test_name": "blacklist"}]}
            """;
        Assert.True(json.Length > 64 * 1024);

        var report = await Ingest.TextAsync(json);

        Assert.Equal(ReportFormat.Bandit, report.Format);
        var finding = Assert.Single(report.Findings[0]);
        Assert.Equal(("B403", "pkg/module_7.py", "import pickle"), (finding.RuleId, finding.Location.Target, finding.RawSourceCodeExtract));
    }
}
