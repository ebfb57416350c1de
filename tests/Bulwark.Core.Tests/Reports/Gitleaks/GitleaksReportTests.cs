using Bulwark.Core.Findings;
using Bulwark.Core.Reports;
using Bulwark.Core.Reports.Ingestion;
using Bulwark.Core.Tests.Reports.Ingestion;

namespace Bulwark.Core.Tests.Reports.Gitleaks;

public class GitleaksReportTests
{
    [Fact]
    public async Task Leaks_are_critical_secret_findings_with_their_commit()
    {
        var report = await Ingest.FixtureAsync("gitleaks.json");

        var section = Assert.Single(report.Sections);
        Assert.Equal((ReportType.SecretDetection, "gitleaks", "Gitleaks"), (section.ReportType, section.ScannerId, section.Scanner.Name));
        var (aws, github) = (report.Findings[0][0], report.Findings[0][1]);

        Assert.Equal(("gitleaks", "aws-access-token", Severity.Critical), (aws.Analyzer, aws.RuleId, aws.Severity));
        Assert.Equal(new Identifier("gitleaks_rule_id", "Gitleaks rule ID aws-access-token", "aws-access-token"), aws.PrimaryIdentifier);
        Assert.Equal(
            new SecretLocation("app/settings.py",
                new Commit("9f3b2c1d8e7a6f5041b3c2d1e0f9a8b7c6d5e4f3", "Ana Lima", "ana@example.org", new DateTimeOffset(2026, 9, 14, 16, 3, 27, TimeSpan.Zero), "Add S3 upload settings"),
                5, 5, 22, 41),
            aws.Location);
        Assert.Equal("9f3b2c1d8e7a6f5041b3c2d1e0f9a8b7c6d5e4f3:app/settings.py:aws-access-token:5", aws.GetProperty("fingerprint"));
        Assert.Equal("3.9219282", aws.GetProperty("entropy"));

        // Found outside git history: the working tree.
        Assert.Equal(Commit.WorkingTree, ((SecretLocation)github.Location).Commit);
        Assert.Equal("app/settings.py:github-pat:7", github.GetProperty("fingerprint"));
    }

    [Fact]
    public async Task Secret_and_match_are_never_kept_raw()
    {
        var report = await Ingest.FixtureAsync("gitleaks.json");
        var (aws, github) = (report.Findings[0][0], report.Findings[0][1]);

        Assert.Equal(("AKIA…", "AKIA…", "AKIA…"), (aws.GetProperty("secret"), aws.GetProperty("match"), aws.RawSourceCodeExtract));
        Assert.Equal("ghp_…", github.GetProperty("secret"));
        Assert.Equal("GITHUB_TOKEN = \"ghp_…\"", github.GetProperty("match"));
        foreach (var finding in report.AllFindings)
        {
            var text = string.Join('\n', finding.Properties.Select(p => p.Value).Append(finding.RawSourceCodeExtract).Append(finding.Description).Append(finding.Name));
            Assert.DoesNotContain("AKIAZ4XQ7PL2RTMBE5KN", text, StringComparison.Ordinal);
            Assert.DoesNotContain("4fT9kLm2Qx7Rz1Vb8Nc3Yw6Hd0Js5Gp2Ea9Uq", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_match_without_its_secret_in_it_is_masked_whole()
    {
        var report = await Ingest.TextAsync("""
            [{"RuleID": "generic-api-key", "Description": "Generic API Key", "StartLine": 3, "EndLine": 3, "StartColumn": 1, "EndColumn": 60,
              "Match": "api_key: Zm9vYmFyYmF6cXV4Y29ycmVjdGhvcnNl", "Secret": "foobarbazquxcorrecthorse",
              "File": "deploy/values.yaml", "Commit": "", "Entropy": 4.1, "Author": "", "Email": "", "Date": "", "Message": "",
              "Tags": ["decoded:base64", "decode-depth:1"], "Fingerprint": "deploy/values.yaml:generic-api-key:3"}]
            """);

        var finding = Assert.Single(report.AllFindings);
        Assert.Equal("api_…", finding.GetProperty("match"));
        Assert.Equal("foob…", finding.GetProperty("secret"));
        Assert.Equal("decoded:base64,decode-depth:1", finding.GetProperty("tags"));
    }

    [Fact]
    public async Task An_empty_report_is_a_clean_secret_scan()
    {
        var report = await Ingest.TextAsync("[]\n");

        Assert.Equal(ReportType.SecretDetection, Assert.Single(report.Sections).ReportType);
        Assert.Empty(report.Findings[0]);
    }

    [Theory]
    [InlineData("""[{"RuleID": "aws-access-token", "File": "a.env", "StartLine": "five", "Secret": "AKIAZ4XQ7PL2RTMBE5KN"}]""", "$[0].StartLine", "must be an integer")]
    [InlineData("""[{"RuleID": "aws-access-token", "File": "a.env", "Secret": "x"}, {"RuleID": "", "File": "b.env", "Secret": "y"}]""", "$[1].RuleID", "must not be empty")]
    [InlineData("""[{"RuleID": "jwt", "File": "a.env", "Secret": "x", "Commit": "abc", "Date": "yesterday"}]""", "$[0].Date", "is not a date and time")]
    public async Task Malformed_leak_is_refused_naming_it(string json, string path, string reason)
    {
        var error = await Assert.ThrowsAsync<ReportFormatException>(() => Ingest.TextAsync(json));

        Assert.Equal(("gitleaks", path), (error.Format, error.Path));
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }
}
