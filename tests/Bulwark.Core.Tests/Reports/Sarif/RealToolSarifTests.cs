using Bulwark.Core.Findings;
using Bulwark.Core.Tests.Reports.Ingestion;

namespace Bulwark.Core.Tests.Reports.Sarif;

/// <summary>
/// SARIF written by real tools on a small vulnerable project (a Flask app, a C parser, a Dockerfile, Terraform, a
/// Kubernetes deployment, a lockfile and planted fake secrets): <c>trivy-0.44-fs.sarif</c> is Trivy 0.44
/// <c>fs --scanners secret,config --format sarif</c> cut to a few rules, its vulnerability added by hand to the JSON
/// report and converted with <c>trivy convert</c> (no vulnerability database offline); <c>flawfinder-2.0.19.sarif</c>
/// is <c>flawfinder --sarif .</c>; <c>secretlint-12.0.0.sarif</c> is secretlint 12 with the recommended preset and
/// <c>@secretlint/secretlint-formatter-sarif</c>.
/// </summary>
public class RealToolSarifTests
{
    [Fact]
    public async Task Trivy_sarif_gives_each_check_its_title_severity_file_and_lines()
    {
        var report = await Ingest.FixtureAsync("trivy-0.44-fs.sarif");

        var section = Assert.Single(report.Sections);
        Assert.Equal(("Trivy", "dev"), (section.Scanner.Name, section.Scanner.Version));
        var findings = report.Findings[0];
        Assert.Equal(6, findings.Count);

        var root = findings.Single(f => f.RuleId == "DS002");
        Assert.Equal(("Image user should not be 'root'", Severity.High), (root.Name, root.Severity));
        var apt = findings.Single(f => f.RuleId == "DS029");
        Assert.Equal("'apt-get' missing '--no-install-recommends'", apt.Name);
        Assert.Equal(("Dockerfile", 3, 3), Lines(apt));

        var database = findings.Single(f => f.RuleId == "AVD-AWS-0082");
        Assert.Equal((ReportType.Sast, Severity.Critical), (database.ReportType, database.Severity));
        Assert.Equal(("infra/main.tf", 21, 21), Lines(database));
        Assert.Equal(("trivy_id", "AVD-AWS-0082"), (database.PrimaryIdentifier.Type, database.PrimaryIdentifier.Value));
    }

    [Fact]
    public async Task Trivy_sarif_advisory_rules_are_known_by_their_cve_too()
    {
        var report = await Ingest.FixtureAsync("trivy-0.44-fs.sarif");

        var lodash = report.Findings[0].Single(f => f.RuleId == "CVE-2021-23337");
        Assert.Equal([("trivy_id", "CVE-2021-23337"), ("cve", "CVE-2021-23337")], lodash.Identifiers.Select(i => (i.Type, i.Value)));
        Assert.Equal((Severity.High, "web/package-lock.json"), (lodash.Severity, lodash.Location.Target));

        // Checks are not advisories: no CVE for them.
        Assert.DoesNotContain(report.Findings[0].Where(f => f.RuleId != "CVE-2021-23337"), f => f.Identifiers.Any(i => i.Type == "cve"));
    }

    [Fact]
    public async Task Trivy_sarif_secrets_are_secret_detection_findings_on_their_line()
    {
        var report = await Ingest.FixtureAsync("trivy-0.44-fs.sarif");

        // A run is a section; its type is its first finding's, but each finding keeps its own.
        var secrets = report.Findings[0].Where(f => f.RuleId == "github-pat").ToList();
        Assert.Equal(2, secrets.Count);
        Assert.All(secrets, s => Assert.Equal((ReportType.SecretDetection, Severity.Critical), (s.ReportType, s.Severity)));
        var settings = Assert.IsType<SecretLocation>(secrets.Single(s => s.Location.Target == "app/settings.py").Location);
        Assert.Equal((4, 4, Commit.WorkingTree), (settings.StartLine, settings.EndLine, settings.Commit));
    }

    [Fact]
    public async Task Flawfinder_paths_lose_their_leading_dot_segment_and_rules_keep_their_cwes()
    {
        var report = await Ingest.FixtureAsync("flawfinder-2.0.19.sarif");

        var section = Assert.Single(report.Sections);
        Assert.Equal((ReportType.Sast, "Flawfinder", "2.0.19"), (section.ReportType, section.Scanner.Name, section.Scanner.Version));
        var findings = report.Findings[0];
        Assert.Equal(9, findings.Count);
        Assert.All(findings, f => Assert.Equal("src/parse.c", f.Location.Target));

        var strcpy = findings.Single(f => f.RuleId == "FF1001");
        Assert.Equal(Severity.High, strcpy.Severity);
        Assert.Equal([("flawfinder_id", "FF1001", "buffer/strcpy"), ("cwe", "120", "CWE-120")], strcpy.Identifiers.Select(i => (i.Type, i.Value, i.Name)));
        var location = Assert.IsType<SourceLocation>(strcpy.Location);
        Assert.Equal((9, 5, 25), (location.StartLine, location.StartColumn, location.EndColumn));
        Assert.Equal("    strcpy(name, input);", strcpy.RawSourceCodeExtract);

        var array = findings.First(f => f.RuleId == "FF1013");
        Assert.Equal(Severity.Low, array.Severity);
        Assert.Equal([119, 120], array.Identifiers.Where(i => i.Type == "cwe").Select(i => int.Parse(i.Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.NotNull(array.GetProperty(Bulwark.Core.Reports.Sarif.SarifReportReader.FingerprintPrefix + "contextHash/v1"));
    }

    [Fact]
    public async Task Secretlint_results_are_secrets_though_nothing_in_them_says_so()
    {
        var report = await Ingest.FixtureAsync("secretlint-12.0.0.sarif");

        var section = Assert.Single(report.Sections);
        Assert.Equal((ReportType.SecretDetection, "secretlint"), (section.ReportType, section.ScannerId));
        var findings = report.Findings[0];
        Assert.Equal(4, findings.Count);
        Assert.All(findings, f => Assert.Equal(ReportType.SecretDetection, f.ReportType));

        var aws = findings.Single(f => f.RuleId.EndsWith("secretlint-rule-aws", StringComparison.Ordinal));
        var location = Assert.IsType<SecretLocation>(aws.Location);
        Assert.Equal(("app/settings.py", 3, 1, 41), (location.File, location.StartLine, location.StartColumn, location.EndColumn));
        Assert.Equal("secretlint_id", aws.PrimaryIdentifier.Type);
    }

    [Theory]
    [InlineData("./src/a.c", "src/a.c")]
    [InlineData("././src/./lib/./a.c", "src/lib/a.c")]
    [InlineData("src/../a.c", "src/../a.c")]
    [InlineData("dir%20with%20space/.env", "dir with space/.env")]
    public async Task Relative_artifact_uris_are_read_without_dot_segments(string uri, string path)
    {
        var report = await Ingest.TextAsync($$$$"""
            {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "lint"}},
              "results": [{"ruleId": "r1", "message": {"text": "m"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": "{{{{uri}}}}"}, "region": {"startLine": 2}}}]}]}]}
            """);

        Assert.Equal(path, report.Findings[0][0].Location.Target);
    }

    [Fact]
    public async Task Grype_style_rule_ids_name_the_advisory_and_html_references_in_descriptions_are_decoded()
    {
        var report = await Ingest.TextAsync("""
            {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "grype", "version": "0.74.0", "rules": [
                {"id": "GHSA-35JH-R3H4-6JHM-lodash", "shortDescription": {"text": "GHSA-35jh-r3h4-6jhm high vulnerability for lodash package"},
                 "fullDescription": {"text": "Command injection in &lt;code&gt;template&lt;/code&gt; &amp; friends"}}]}},
              "results": [{"ruleId": "GHSA-35JH-R3H4-6JHM-lodash", "ruleIndex": 0, "level": "error",
                "message": {"text": "GHSA-35jh-r3h4-6jhm high vulnerability for lodash package"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": "web/package-lock.json"}, "region": {"startLine": 1}}}]}]}]}
            """);

        var finding = report.Findings[0][0];
        Assert.Equal([("grype_id", "GHSA-35JH-R3H4-6JHM-lodash"), ("ghsa", "GHSA-35jh-r3h4-6jhm")], finding.Identifiers.Select(i => (i.Type, i.Value)));
        Assert.Equal("Command injection in <code>template</code> & friends", finding.Description);
    }

    private static (string File, int? Start, int? End) Lines(Finding finding)
    {
        var location = Assert.IsType<SourceLocation>(finding.Location);
        return (location.File, location.StartLine, location.EndLine);
    }
}

/// <summary>SARIF shapes found in real reports of public repositories, rewritten small: results without a rule, CWEs on results, results without a location.</summary>
public class SarifRealWorldShapeTests
{
    [Fact]
    public async Task A_gitleaks_7_result_names_no_rule_and_is_known_by_its_message_in_the_commit_its_properties_give()
    {
        var report = await Ingest.TextAsync("""
            {"$schema": "https://schemastore.azurewebsites.net/schemas/json/sarif-2.1.0-rtm.5.json", "version": "2.1.0",
             "runs": [{"tool": {"driver": {"name": "Gitleaks", "semanticVersion": "v7.4.0", "rules": [{"id": "AWS Access Key", "name": "AWS Access Key"}]}},
              "results": [{"message": {"text": "AWS Access Key secret detected"},
                "properties": {"commit": "5e3c0a9d41b7f2c68e1d9a0b3c4d5e6f708192a3", "offender": "AKIAQWERTYUIOPASDFGH", "date": "2023-04-05T10:11:12+02:00",
                  "author": "Sam Lee", "email": "sam@example.com", "commitMessage": "add deploy config", "repo": "."},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": "deploy/config.yml"},
                  "region": {"startLine": 13, "snippet": {"text": "  aws_key: AKIAQWERTYUIOPASDFGH"}}}}]}]}]}
            """);

        var leak = Assert.Single(report.Findings[0]);
        Assert.Equal((ReportType.SecretDetection, "AWS Access Key secret detected"), (leak.ReportType, leak.RuleId));
        var location = Assert.IsType<SecretLocation>(leak.Location);
        Assert.Equal(("deploy/config.yml", 13), (location.File, location.StartLine));
        Assert.Equal(
            ("5e3c0a9d41b7f2c68e1d9a0b3c4d5e6f708192a3", "Sam Lee", "sam@example.com", "add deploy config"),
            (location.Commit.Sha, location.Commit.Author, location.Commit.Email, location.Commit.Message));
        Assert.Equal(new DateTimeOffset(2023, 4, 5, 10, 11, 12, TimeSpan.FromHours(2)), location.Commit.Date);

        // The offender is not kept, and the snippet keeps four characters of the key.
        Assert.DoesNotContain(leak.Properties, p => p.Value.Contains("AKIAQWERTYUIOPASDFGH", StringComparison.Ordinal));
        Assert.DoesNotContain("AKIAQWERTYUIOPASDFGH", leak.RawSourceCodeExtract ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gitleaks_8_leak_in_history_is_in_the_commit_its_partial_fingerprints_name()
    {
        var report = await Ingest.TextAsync("""
            {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
             "runs": [{"tool": {"driver": {"name": "gitleaks", "semanticVersion": "v8.18.2", "informationUri": "https://github.com/gitleaks/gitleaks",
               "rules": [{"id": "github-pat", "shortDescription": {"text": "Uncovered a GitHub Personal Access Token."}}]}},
              "results": [{"ruleId": "github-pat", "message": {"text": "github-pat has detected secret for file scripts/deploy.sh at commit 3f9c2e1a."},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": "scripts/deploy.sh"},
                  "region": {"startLine": 8, "startColumn": 14, "endLine": 8, "endColumn": 53, "snippet": {"text": "ghp_Xq7nR2pLk9vT3mW8sY1bZ6cH0jF5dA2eG7uQ"}}}}],
                "partialFingerprints": {"commitSha": "3f9c2e1a7b4d8e6f0a1b2c3d4e5f60718293a4b5", "email": "dana@example.com", "author": "Dana Smith",
                  "date": "2024-02-14T16:03:22Z", "commitMessage": "Add deploy script"},
                "properties": {"tags": []}}]}]}
            """);

        var leak = Assert.Single(report.Findings[0]);
        var location = Assert.IsType<SecretLocation>(leak.Location);
        Assert.Equal(
            ("3f9c2e1a7b4d8e6f0a1b2c3d4e5f60718293a4b5", "Dana Smith", "dana@example.com", "Add deploy script", (int?)14),
            (location.Commit.Sha, location.Commit.Author, location.Commit.Email, location.Commit.Message, location.StartColumn));
        Assert.Equal(new DateTimeOffset(2024, 2, 14, 16, 3, 22, TimeSpan.Zero), location.Commit.Date);
        Assert.Equal("ghp_…", leak.RawSourceCodeExtract);
    }

    [Fact]
    public async Task Cwes_on_results_count_and_a_result_without_a_location_is_kept()
    {
        var report = await Ingest.TextAsync("""
            {"runs": [{"tool": {"driver": {"name": "nodejsscan", "semanticVersion": "0.2.3",
               "rules": [{"id": "node_password", "name": "NodePassword", "helpUri": "https://example.com/rules#node_password"}]}},
              "invocations": [{"executionSuccessful": true, "endTimeUtc": "2024-03-23T00:10:48Z"}],
              "results": [
                {"ruleId": "node_password", "ruleIndex": 0, "level": "error",
                 "message": {"text": "A hardcoded password in plain text is identified."},
                 "properties": {"owasp": "A3: Sensitive Data Exposure", "cwe": "CWE-798: Use of Hard-coded Credentials"},
                 "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/login.js"}, "region": {"startLine": 235, "startColumn": 9}}}]},
                {"ruleId": "image-healthcheck", "level": "note", "message": {"text": "not found HEALTHCHECK statement"}}
              ]}],
             "version": "2.1.0"}
            """);

        var (password, healthcheck) = (report.Findings[0][0], report.Findings[0][1]);
        Assert.Equal([("nodejsscan_id", "node_password"), ("cwe", "798")], password.Identifiers.Select(i => (i.Type, i.Value)));
        Assert.Equal((Severity.High, "src/login.js"), (password.Severity, password.Location.Target));
        Assert.Equal((Severity.Low, "not found HEALTHCHECK statement"), (healthcheck.Severity, healthcheck.Name));
    }
}
