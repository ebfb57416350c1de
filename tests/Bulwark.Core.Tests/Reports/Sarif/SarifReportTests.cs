using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bulwark.Core.Findings;
using Bulwark.Core.Identity;
using Bulwark.Core.Reports;
using Bulwark.Core.Reports.Sarif;

namespace Bulwark.Core.Tests.Reports.Sarif;

[Collection(SchemaCollection.Name)]
public partial class SarifReportTests(SchemaValidator schemas)
{
    [Fact]
    public void Sarif_for_every_analyzer_is_valid_and_reads_back_rule_ids_locations_severities_and_code_flows()
    {
        var scan = ScanFixtures.Full();
        var json = Write(scan);
        schemas.AssertValid(SchemaValidator.Sarif, json);

        var report = Read(json);
        Assert.Equal(scan.Analyzers.Select(a => a.Name).Order(StringComparer.Ordinal), report.Runs.Select(r => r.Analyzer));
        foreach (var original in scan.Findings)
        {
            var run = report.Runs.Single(r => r.Analyzer == original.Analyzer);
            Assert.Equal(new ToolInfo("Bulwark", "0.1.0", "Bulwark", "https://github.com/bulwark-sec/bulwark"), run.Tool);
            var read = Assert.Single(run.Findings, f => f.RuleId == original.RuleId);
            Assert.Equal(original.Severity, read.Severity);
            Assert.Equal(original.CodeFlows, read.CodeFlows);
            switch (original.Location)
            {
                case SourceLocation source:
                    Assert.Equal(ReportType.Sast, read.ReportType);
                    Assert.Equal(source, read.Location);
                    break;
                case SecretLocation secret:
                    Assert.Equal(ReportType.SecretDetection, read.ReportType);
                    var location = Assert.IsType<SecretLocation>(read.Location);
                    Assert.Equal((secret.File, secret.StartLine, secret.EndLine, secret.StartColumn, secret.EndColumn, secret.Commit.Sha),
                        (location.File, location.StartLine, location.EndLine, location.StartColumn, location.EndColumn, location.Commit.Sha));
                    break;
                case DependencyLocation dependency:
                    Assert.Equal(ReportType.DependencyScanning, read.ReportType);
                    Assert.Equal(dependency with { Dependency = dependency.Dependency with { Direct = null } }, read.Location);
                    break;
                case ContainerLocation container:
                    Assert.Equal(ReportType.ContainerScanning, read.ReportType);
                    Assert.Equal(container with { DefaultBranchImage = null }, read.Location);
                    break;
            }
        }

        var aws = report.Findings.Single(f => f.RuleId == "aws-access-key-id");
        Assert.Equal("AKIA************MPLE", aws.RawSourceCodeExtract);
        var secretsRun = report.Runs.Single(r => r.Analyzer == "secrets");
        Assert.Contains(secretsRun.Warnings, w => w is { Level: WarningLevel.Error, Path: "vendor/archive.tgz" });
    }

    [Fact]
    public void Sarif_meets_github_code_scanning_requirements()
    {
        using var document = JsonDocument.Parse(Write(ScanFixtures.Full()));
        var root = document.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        var runs = root.GetProperty("runs").EnumerateArray().ToList();
        Assert.InRange(runs.Count, 1, 20);
        Assert.Equal(runs.Count, runs.Select(r => r.GetProperty("automationDetails").GetProperty("id").GetString()).Distinct().Count());

        foreach (var run in runs)
        {
            var driver = run.GetProperty("tool").GetProperty("driver");
            Assert.False(string.IsNullOrEmpty(driver.GetProperty("name").GetString()));
            Assert.Equal("0.1.0", driver.GetProperty("semanticVersion").GetString());
            var rules = driver.GetProperty("rules").EnumerateArray().ToList();
            foreach (var rule in rules)
            {
                Assert.False(string.IsNullOrEmpty(rule.GetProperty("shortDescription").GetProperty("text").GetString()));
                Assert.InRange(rule.GetProperty("fullDescription").GetProperty("text").GetString()!.Length, 1, 1000);
                Assert.False(string.IsNullOrEmpty(rule.GetProperty("help").GetProperty("text").GetString()));
                Assert.False(string.IsNullOrEmpty(rule.GetProperty("help").GetProperty("markdown").GetString()));
                var properties = rule.GetProperty("properties");
                var tags = properties.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList();
                Assert.Contains("security", tags);
                Assert.InRange(tags.Count, 1, 20);
                Assert.InRange(double.Parse(properties.GetProperty("security-severity").GetString()!, CultureInfo.InvariantCulture), 0.0, 10.0);
            }

            foreach (var result in run.GetProperty("results").EnumerateArray())
            {
                var ruleIndex = result.GetProperty("ruleIndex").GetInt32();
                Assert.Equal(rules[ruleIndex].GetProperty("id").GetString(), result.GetProperty("ruleId").GetString());
                Assert.Contains(result.GetProperty("level").GetString(), new[] { "error", "warning", "note" });
                Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
                Assert.Matches(LineHash(), result.GetProperty("partialFingerprints").GetProperty("primaryLocationLineHash").GetString()!);
                var location = Assert.Single(result.GetProperty("locations").EnumerateArray());
                if (location.TryGetProperty("physicalLocation", out var physical)
                    && physical.GetProperty("artifactLocation").TryGetProperty("uriBaseId", out _))
                {
                    Assert.True(physical.GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
                    Assert.DoesNotContain('\\', physical.GetProperty("artifactLocation").GetProperty("uri").GetString()!);
                }
            }
        }

        var log4j = runs.Single(r => r.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString() == "Bulwark dependencies")
            .GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
            .Single(r => r.GetProperty("id").GetString() == "CVE-2021-44228");
        Assert.Equal("10.0", log4j.GetProperty("properties").GetProperty("security-severity").GetString());
        Assert.Contains("external/cwe/cwe-502", log4j.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public void Analyzer_that_found_nothing_still_has_a_run_so_github_closes_its_fixed_alerts()
    {
        using var document = JsonDocument.Parse(Write(ScanFixtures.Full()));
        var licenses = document.RootElement.GetProperty("runs").EnumerateArray()
            .Single(r => r.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString() == "Bulwark licenses");

        Assert.Empty(licenses.GetProperty("results").EnumerateArray());
        Assert.Equal("bulwark/licenses/", licenses.GetProperty("automationDetails").GetProperty("id").GetString());
        Assert.Equal("file:///home/ci/builds/acme/shop/",
            licenses.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString());
    }

    [Fact]
    public void Line_hash_follows_a_tracked_finding_when_its_line_moves_and_counts_repeats()
    {
        var finding = ScanFixtures.SqlInjection();
        var moved = finding with { Location = new SourceLocation("app/db/users.py", 80, 82, 9, 58, "UserRepository", "find_by_email") };
        var untracked = ScanFixtures.PathTraversal();
        var scan = ScanFixtures.Full() with { Findings = EquatableArray.Of(finding, untracked, untracked) };

        var hashes = Hashes(scan);
        var movedHashes = Hashes(scan with { Findings = EquatableArray.Of(moved, untracked, untracked) });

        Assert.Equal(hashes["python.sqlalchemy.raw-query-format"], movedHashes["python.sqlalchemy.raw-query-format"]);
        var repeats = hashes["python.flask.path-traversal-send-file"];
        Assert.Equal([":1", ":2"], repeats.Select(h => h[h.IndexOf(':', StringComparison.Ordinal)..]).ToArray());
        Assert.Equal(repeats[0][..16], repeats[1][..16]);

        using var document = JsonDocument.Parse(Write(scan));
        var identity = document.RootElement.GetProperty("runs").EnumerateArray()
            .Single(r => r.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString() == "Bulwark sast")
            .GetProperty("results")[0].GetProperty("fingerprints")
            .GetProperty(SarifReportWriter.IdentityFingerprint).GetString();
        Assert.Equal(VulnerabilityIdentity.Compute(finding, ScanFixtures.ProjectId).ToString(), identity);
    }

    [Fact]
    public void Same_scan_gives_the_same_bytes_whatever_the_order_of_its_findings_and_warnings()
    {
        var scan = ScanFixtures.Full();
        var shuffled = scan with
        {
            Findings = scan.Findings.Reverse().ToEquatableArray(),
            Warnings = scan.Warnings.Reverse().ToEquatableArray(),
            Analyzers = scan.Analyzers.Reverse().ToEquatableArray(),
        };

        Assert.Equal(Write(scan), Write(shuffled));
    }

    [Fact]
    public void Reads_semgrep_sarif()
    {
        var report = ReportText.Read(File.ReadAllText(SchemaValidator.FixturePath("semgrep.sarif")), SarifReportReader.Read);

        var run = Assert.Single(report.Runs);
        Assert.Equal("Semgrep OSS", run.Analyzer);
        Assert.Equal("1.56.0", run.Tool.Version);
        Assert.Equal(2, run.Findings.Count);

        var sql = run.Findings[0];
        Assert.Equal(ReportType.Sast, sql.ReportType);
        Assert.Equal("javascript.express.security.injection.tainted-sql-string.tainted-sql-string", sql.RuleId);
        Assert.Equal(Severity.High, sql.Severity);
        Assert.Equal(new SourceLocation("src/api/users.js", 27, 27, 18, 71), sql.Location);
        Assert.Equal(
            [("semgrep_oss_id", sql.RuleId), ("cwe", "89")],
            sql.Identifiers.Select(i => (i.Type, i.Value)).ToArray());
        Assert.Equal("https://semgrep.dev/r/javascript.express.security.injection.tainted-sql-string.tainted-sql-string", sql.Links[0].Url);
        Assert.StartsWith("    const rows = await db.query(", sql.RawSourceCodeExtract, StringComparison.Ordinal);
        Assert.StartsWith("Detected user input used to manually construct", sql.Description, StringComparison.Ordinal);

        var md5 = run.Findings[1];
        Assert.Equal(Severity.Medium, md5.Severity);
        Assert.Equal("scripts/report export/export.py", ((SourceLocation)md5.Location).File);
        Assert.Equal(Identifier.Cwe(327), md5.Identifiers[1]);
    }

    [Fact]
    public void Reads_codeql_sarif_with_rules_in_an_extension_and_artifacts_by_index()
    {
        var report = ReportText.Read(File.ReadAllText(SchemaValidator.FixturePath("codeql.sarif")), SarifReportReader.Read);
        schemas.AssertValid(SchemaValidator.Sarif, File.ReadAllText(SchemaValidator.FixturePath("codeql.sarif")));

        var run = Assert.Single(report.Runs);
        Assert.Equal(new ToolInfo("CodeQL", "2.16.3", "GitHub", null), run.Tool);

        var sql = run.Findings.Single(f => f.RuleId == "js/sql-injection");
        Assert.Equal(Severity.High, sql.Severity);
        Assert.Equal("Database query built from user-controlled sources", sql.Name);
        Assert.Equal(new[] { 89, 90, 943 }.Select(Identifier.Cwe), sql.Identifiers.Skip(1));
        Assert.Equal(new SourceLocation("src/routes/users.js", 31, null, 20, 63), sql.Location);
        var flow = Assert.Single(sql.CodeFlows);
        Assert.Equal(
            [
                new CodeFlowStep(new SourceLocation("src/routes/users.js", 24, null, 22, 36), "req.query.name"),
                new CodeFlowStep(new SourceLocation("src/routes/users.js", 24, null, 15, 36), "name"),
                new CodeFlowStep(new SourceLocation("src/routes/users.js", 31, null, 20, 63), "\"SELECT ... ORDER BY \" + name"),
            ],
            flow.Steps.ToArray());

        var trace = run.Findings.Single(f => f.RuleId == "js/stack-trace-exposure");
        Assert.Equal(Severity.Medium, trace.Severity);
        Assert.Equal("src/routes/errors.js", ((SourceLocation)trace.Location).File);

        var warning = Assert.Single(run.Warnings);
        Assert.Equal(("src/legacy/broken.js", WarningLevel.Warning), (warning.Path, warning.Level));
    }

    [Theory]
    [InlineData("""{"version": "2.0.0", "runs": []}""", "$.version", "must be 2.1.0")]
    [InlineData("""{"version": "2.1.0"}""", "$.runs", "is required but missing")]
    [InlineData("""{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Bandit"}}, "results": [{"ruleId": "B608", "locations": []}]}]}""", "$.runs[0].results[0].message", "is required but missing")]
    [InlineData("""{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Bandit", "rules": [{"id": "B608"}]}}, "results": [{"ruleIndex": 3, "message": {"text": "Possible SQL injection"}}]}]}""", "$.runs[0].results[0]", "has ruleIndex 3 but the tool lists 1 rules")]
    [InlineData("""{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Bandit"}}, "results": [{"ruleId": "B608", "message": {"text": "x"}, "properties": {"security-severity": "severe"}}]}]}""", "$.runs[0].results[0].properties.security-severity", "must be a score between 0.0 and 10.0")]
    public void Malformed_sarif_is_refused_naming_the_field_and_the_reason(string json, string path, string reason)
    {
        var error = Assert.Throws<ReportFormatException>(() => Read(json));

        Assert.Equal("SARIF", error.Format);
        Assert.Equal(path, error.Path);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    private static Dictionary<string, List<string>> Hashes(ScanResult scan)
    {
        using var document = JsonDocument.Parse(Write(scan));
        return document.RootElement.GetProperty("runs").EnumerateArray()
            .SelectMany(r => r.GetProperty("results").EnumerateArray())
            .GroupBy(r => r.GetProperty("ruleId").GetString()!)
            .ToDictionary(g => g.Key, g => g.Select(r => r.GetProperty("partialFingerprints").GetProperty("primaryLocationLineHash").GetString()!).ToList());
    }

    private static string Write(ScanResult scan) => ReportText.Of(s => SarifReportWriter.Write(scan, ScanFixtures.ProjectId, s));

    private static SarifReport Read(string json) => ReportText.Read(json, SarifReportReader.Read);

    [GeneratedRegex("^[0-9a-f]{16}:[1-9][0-9]*$")]
    private static partial Regex LineHash();
}
