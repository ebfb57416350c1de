using Bulwark.Core.Findings;
using Bulwark.Core.Reports;
using Bulwark.Core.Reports.Ingestion;
using Bulwark.Core.Reports.Sarif;
using Bulwark.Core.Tests.Reports.Ingestion;

namespace Bulwark.Core.Tests.Reports.Semgrep;

/// <summary>
/// Semgrep's JSON report, in the shapes real reports in public repositories have: 1.x (<c>version</c>, <c>paths</c>,
/// CWE and OWASP lists, fingerprint and lines hidden without a login) and 0.x (<c>results</c> and <c>errors</c> only,
/// CWE and OWASP as single strings). <c>semgrep-1.json</c> is written in the 1.x shape (no Semgrep runs here).
/// </summary>
public class SemgrepReportTests
{
    [Fact]
    public async Task Semgrep_1_results_are_sast_findings_with_their_rule_cwes_owasp_lines_and_severity()
    {
        var report = await Ingest.FixtureAsync("semgrep-1.json");

        Assert.Equal(ReportFormat.Semgrep, report.Format);
        var section = Assert.Single(report.Sections);
        Assert.Equal((ReportType.Sast, "semgrep", "Semgrep", "1.56.0"), (section.ReportType, section.ScannerId, section.Scanner.Name, section.Scanner.Version));
        var warning = Assert.Single(section.Messages);
        Assert.Equal(("web/legacy.js", WarningLevel.Warning), (warning.Path, warning.Level));

        var sql = report.Findings[0][0];
        Assert.Equal(
            [("semgrep_id", "python.django.security.injection.sql.sql-injection-using-raw.sql-injection-using-raw"), ("cwe", "89"), ("owasp", "A01:2017"), ("owasp", "A03:2021")],
            sql.Identifiers.Select(i => (i.Type, i.Value)));
        Assert.Equal(("Detected user input used in a raw SQL query.", Severity.High), (sql.Name, sql.Severity));
        Assert.StartsWith("Detected user input used in a raw SQL query. This could", sql.Description, StringComparison.Ordinal);
        var location = Assert.IsType<SourceLocation>(sql.Location);
        Assert.Equal(("app/views.py", 18, 19, 5, 70), (location.File, location.StartLine, location.EndLine, location.StartColumn, location.EndColumn));

        // What Semgrep hides without a login is not kept as if it were code or a fingerprint.
        Assert.Null(sql.RawSourceCodeExtract);
        Assert.Null(sql.GetProperty(SarifReportReader.FingerprintPrefix + "semgrep"));
        Assert.Equal(("medium", "high"), (sql.GetProperty("confidence"), sql.GetProperty("impact")));
        Assert.Equal("https://semgrep.dev/r/python.django.security.injection.sql.sql-injection-using-raw.sql-injection-using-raw", sql.Links[0].Url);

        var debug = report.Findings[0][1];
        Assert.Equal((Severity.Medium, "inSource"), (debug.Severity, debug.GetProperty(SarifReportReader.SuppressionProperty)));
        Assert.Equal("    app.run(host=\"0.0.0.0\", debug=True)", debug.RawSourceCodeExtract);
        Assert.Equal("0f1e2d3c4b5a_0", debug.GetProperty(SarifReportReader.FingerprintPrefix + "semgrep"));
    }

    [Fact]
    public async Task Semgrep_0_results_with_single_string_metadata_are_read()
    {
        var report = await Ingest.TextAsync("""
            {
              "results": [{
                "check_id": "java.lang.security.audit.cbc-padding-oracle.cbc-padding-oracle",
                "path": "src/main/java/Crypto.java",
                "start": {"line": 64, "col": 4},
                "end": {"line": 64, "col": 83},
                "extra": {
                  "message": "Using CBC with PKCS5Padding is susceptible to padding oracle attacks.\nUse 'AES/GCM/NoPadding' instead.\n",
                  "metadata": {"cwe": "CWE-696: Incorrect Behavior Order", "owasp": "A3: Sensitive Data Exposure",
                    "references": ["https://capec.mitre.org/data/definitions/463.html"]},
                  "severity": "INFO",
                  "fix": "Cipher.getInstance(\"AES/GCM/NoPadding\");",
                  "lines": "Cipher c = Cipher.getInstance(\"DES/CBC/PKCS5Padding\");"
                }
              }],
              "errors": []
            }
            """);

        Assert.Equal(ReportFormat.Semgrep, report.Format);
        var finding = Assert.Single(report.Findings[0]);
        Assert.Equal([("semgrep_id", "java.lang.security.audit.cbc-padding-oracle.cbc-padding-oracle"), ("cwe", "696"), ("owasp", "A3")], finding.Identifiers.Select(i => (i.Type, i.Value)));
        Assert.Equal((Severity.Low, "Using CBC with PKCS5Padding is susceptible to padding oracle attacks."), (finding.Severity, finding.Name));
        Assert.Equal("Cipher.getInstance(\"AES/GCM/NoPadding\");", finding.GetProperty("fix"));
        Assert.Equal(string.Empty, report.Sections[0].Scanner.Version);
    }

    [Theory]
    [InlineData("""{"path": "a.py", "extra": {"severity": "ERROR", "message": "m"}}""", "$.results[0].check_id is required but missing")]
    [InlineData("""{"check_id": "r", "path": "a.py", "extra": {"severity": "SEVERE", "message": "m"}}""", "$.results[0].extra.severity must be ERROR, WARNING, INFO (or CRITICAL, HIGH, MEDIUM, LOW), not 'SEVERE'")]
    public async Task A_malformed_result_names_its_path(string result, string message)
    {
        var error = await Assert.ThrowsAsync<ReportFormatException>(() =>
            Ingest.TextAsync($$"""{"version": "1.56.0", "results": [{{result}}], "errors": []}"""));

        Assert.Equal("Semgrep report: " + message, error.Message);
    }

    [Fact]
    public async Task An_empty_run_is_a_section_without_findings()
    {
        var report = await Ingest.TextAsync("""{"errors": [], "paths": {"scanned": []}, "results": [], "version": "1.56.0"}""");

        Assert.Empty(Assert.Single(report.Findings));
    }
}
