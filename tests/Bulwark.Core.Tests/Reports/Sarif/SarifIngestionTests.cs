using Bulwark.Core.Findings;
using Bulwark.Core.Reports.Ingestion;
using Bulwark.Core.Reports.Sarif;
using Bulwark.Core.Tests.Reports.Ingestion;

namespace Bulwark.Core.Tests.Reports.Sarif;

/// <summary>SARIF from CodeQL and Semgrep through ingestion: rules, levels, security-severity, fingerprints, suppressions.</summary>
public class SarifIngestionTests
{
    [Fact]
    public async Task Codeql_results_are_sast_findings_with_the_rule_and_its_cwes_and_their_fingerprints()
    {
        var report = await Ingest.FixtureAsync("codeql.sarif");

        var section = Assert.Single(report.Sections);
        Assert.Equal((ReportType.Sast, "CodeQL", "CodeQL", "2.16.3"), (section.ReportType, section.ScannerId, section.Scanner.Name, section.Scanner.Version));
        var sql = report.Findings[0].Single(f => f.RuleId == "js/sql-injection");
        Assert.Equal(
            [("codeql_id", "js/sql-injection"), ("cwe", "89"), ("cwe", "90"), ("cwe", "943")],
            sql.Identifiers.Select(i => (i.Type, i.Value)));
        Assert.Equal(Severity.High, sql.Severity);
        Assert.Equal("f2a1c4e6b7d80913:1", sql.GetProperty(SarifReportReader.FingerprintPrefix + "primaryLocationLineHash"));
        Assert.Equal("11", sql.GetProperty(SarifReportReader.FingerprintPrefix + "primaryLocationStartColumnFingerprint"));
    }

    [Fact]
    public async Task Semgrep_results_keep_their_match_based_id()
    {
        var report = await Ingest.FixtureAsync("semgrep.sarif");

        Assert.Equal("Semgrep OSS", report.Sections[0].ScannerId);
        var sql = report.Findings[0][0];
        Assert.Equal(("semgrep_oss_id", Severity.High), (sql.PrimaryIdentifier.Type, sql.Severity));
        Assert.EndsWith("_0", sql.GetProperty(SarifReportReader.FingerprintPrefix + "matchBasedId/v1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suppressed_results_say_so_and_results_a_baseline_says_are_gone_are_not_findings()
    {
        var report = await Ingest.TextAsync("""
            {
              "version": "2.1.0",
              "runs": [{
                "tool": {"driver": {"name": "CodeQL", "semanticVersion": "2.19.1", "rules": [
                  {"id": "py/clear-text-logging-sensitive-data", "properties": {"tags": ["security", "external/cwe/cwe-312", "external/cwe/cwe-359", "external/cwe/cwe-532"], "problem.severity": "error"}},
                  {"id": "py/weak-sensitive-data-hashing", "properties": {"tags": ["security", "external/cwe/cwe-327"], "problem.severity": "recommendation"}}
                ]}},
                "results": [
                  {"ruleIndex": 0, "ruleId": "py/clear-text-logging-sensitive-data", "message": {"text": "This expression logs sensitive data (password) as clear text."},
                   "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/auth.py"}, "region": {"startLine": 88}}}],
                   "suppressions": [{"kind": "inSource", "justification": "Logged to the audit sink only, which is encrypted."}]},
                  {"ruleIndex": 1, "ruleId": "py/weak-sensitive-data-hashing", "message": {"text": "Sensitive data (password) is used in a hashing algorithm (MD5) that is insecure."},
                   "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/legacy.py"}, "region": {"startLine": 12}}}],
                   "suppressions": [{"kind": "external", "status": "rejected"}]},
                  {"ruleIndex": 1, "ruleId": "py/weak-sensitive-data-hashing", "baselineState": "absent", "message": {"text": "gone"},
                   "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/old.py"}, "region": {"startLine": 3}}}]}
                ]
              }]
            }
            """);

        var (logging, hashing) = (report.Findings[0][0], report.Findings[0][1]);
        Assert.Equal(2, report.Findings[0].Count);
        Assert.Equal("inSource", logging.GetProperty(SarifReportReader.SuppressionProperty));
        Assert.Equal("Logged to the audit sink only, which is encrypted.", logging.GetProperty(SarifReportReader.SuppressionJustificationProperty));
        Assert.Null(hashing.GetProperty(SarifReportReader.SuppressionProperty));

        // Without a level or security-severity, CodeQL's problem.severity rates the result.
        Assert.Equal((Severity.High, Severity.Low), (logging.Severity, hashing.Severity));
        Assert.Equal([312, 359, 532], logging.Identifiers.Skip(1).Select(i => int.Parse(i.Value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_secret_snippet_in_sarif_is_masked_at_ingestion()
    {
        var report = await Ingest.TextAsync("""
            {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "gitleaks", "semanticVersion": "8.21.2",
              "rules": [{"id": "aws-access-token", "shortDescription": {"text": "AWS access token"}, "properties": {"tags": ["secret"]}}]}},
              "results": [{"ruleId": "aws-access-token", "message": {"text": "aws-access-token has detected secret for file app/settings.py."},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/settings.py"}, "region": {"startLine": 5, "snippet": {"text": "AKIAZ4XQ7PL2RTMBE5KN"}}}}]}]}]}
            """);

        var section = Assert.Single(report.Sections);
        Assert.Equal(ReportType.SecretDetection, section.ReportType);
        Assert.Equal("AKIA…", Assert.Single(report.Findings[0]).RawSourceCodeExtract);
    }
}
