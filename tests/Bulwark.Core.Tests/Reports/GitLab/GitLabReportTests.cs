using System.Text.Json;
using Bulwark.Core.Findings;
using Bulwark.Core.Reports;
using Bulwark.Core.Reports.GitLab;

namespace Bulwark.Core.Tests.Reports.GitLab;

[Collection(SchemaCollection.Name)]
public class GitLabReportTests(SchemaValidator schemas)
{
    public static TheoryData<ReportType> ReportTypes() => new(Enum.GetValues<ReportType>());

    [Theory]
    [MemberData(nameof(ReportTypes))]
    public void Report_of_every_type_is_valid_against_its_schema_and_reads_back_to_the_same_findings(ReportType type)
    {
        var scan = ScanFixtures.Full();
        var json = Write(scan, type);

        schemas.AssertValid(SchemaValidator.GitLab(GitLabReportWriter.SchemaFileName(type)), json);
        var report = Read(json);

        var expected = scan.Findings.Where(f => f.ReportType == type).Order(FindingOrder.Instance).Select(AsGitLabKeepsIt).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, report.Findings);
        Assert.Equal(type, report.ReportType);
        Assert.Equal("15.2.1", report.SchemaVersion);
        Assert.Equal(scan.Tool, report.Scanner);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 14, 5, TimeSpan.Zero), report.StartedAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 15, 41, TimeSpan.Zero), report.FinishedAt);
        Assert.True(report.Succeeded);
        Assert.Equal(expected.Select(f => f.PrimaryIdentifier).DistinctBy(i => (i.Type, i.Value)).Order(IdentifierOrder).ToList(),
            report.PrimaryIdentifiers.ToList());
    }

    [Fact]
    public void Vulnerability_id_is_the_gitlab_identity_of_the_finding_in_the_project()
    {
        using var document = JsonDocument.Parse(Write(ScanFixtures.Full(), ReportType.DependencyScanning));
        var ids = document.RootElement.GetProperty("vulnerabilities").EnumerateArray().Select(v => v.GetProperty("id").GetString()).ToList();

        Assert.Contains(Bulwark.Core.Identity.VulnerabilityIdentity.Compute(ScanFixtures.Log4Shell(), ScanFixtures.ProjectId).ToString(), ids);
    }

    [Fact]
    public void Secret_locations_always_name_a_commit_and_the_working_tree_is_0000000()
    {
        using var document = JsonDocument.Parse(Write(ScanFixtures.Full(), ReportType.SecretDetection));
        var commits = document.RootElement.GetProperty("vulnerabilities").EnumerateArray()
            .Select(v => v.GetProperty("location").GetProperty("commit")).ToList();

        Assert.Equal(["0000000", "3f9c2e1a7b4d8e6f0a1b2c3d4e5f60718293a4b5"], commits.Select(c => c.GetProperty("sha").GetString()!).Order().ToArray());
        Assert.Contains(commits, c => c.TryGetProperty("author", out var a) && a.GetString() == "Dana Smith <dana.smith@example.com>");
    }

    [Fact]
    public void Report_of_one_type_fed_by_two_analyzers_names_the_main_one_and_keeps_who_found_what()
    {
        var json = Write(ScanFixtures.Full(), ReportType.Sast);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("sast", document.RootElement.GetProperty("scan").GetProperty("analyzer").GetProperty("id").GetString());

        var report = Read(json);
        Assert.Equal(["iac", "sast", "sast"], report.Findings.Select(f => f.Analyzer).Order().ToArray());
    }

    [Fact]
    public void Incomplete_scan_is_a_failure_with_a_fatal_message_and_the_analyzers_warnings()
    {
        var scan = ScanFixtures.Full() with { Completed = false, IncompleteReason = "the scan was cancelled before it finished" };
        var json = Write(scan, ReportType.SecretDetection);
        schemas.AssertValid(SchemaValidator.GitLab("secret-detection-report-format.json"), json);

        var report = Read(json);
        Assert.False(report.Succeeded);
        Assert.Equal("The scan is incomplete: the scan was cancelled before it finished", report.FailureReason);
        Assert.Equal(
            [
                (WarningLevel.Error, "The scan is incomplete: the scan was cancelled before it finished"),
                (WarningLevel.Info, "assets/videos/intro.mp4: skipped: 73400320 bytes is over the size cap"),
                (WarningLevel.Error, "vendor/archive.tgz: analyzer failed on this file: InvalidDataException: truncated gzip stream"),
            ],
            report.Warnings.Select(w => (w.Level, w.Message)).ToArray());
    }

    [Fact]
    public void Report_with_no_findings_names_the_analyzer_that_ran_and_dast_lists_scanned_resources()
    {
        var scan = ScanFixtures.Full() with { Findings = default };
        var json = Write(scan, ReportType.Dast);
        schemas.AssertValid(SchemaValidator.GitLab("dast-report-format.json"), json);

        var report = Read(json);
        Assert.Empty(report.Findings);
        Assert.Equal("dast", report.Analyzer);
        Assert.Equal(scan.ScannedResources, report.ScannedResources);
    }

    [Fact]
    public void Values_gitlab_would_reject_are_left_out_so_the_report_stays_valid()
    {
        var bad = ScanFixtures.PathTraversal() with
        {
            Name = new string('x', 300),
            Identifiers = EquatableArray.Of(
                Identifier.Rule("sast", "python.flask.path-traversal-send-file"),
                new Identifier("cwe", "CWE-22", "22", "cwe.mitre.org/data/definitions/22.html")),
            Links = EquatableArray.Of(new Link("javascript:alert(1)"), new Link("https://owasp.org/www-community/attacks/Path_Traversal")),
            CvssVectors = EquatableArray.Of(new CvssVector("NVD", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N")),
            Flags = EquatableArray.Of(new Flag("confirmed", "triage", "Confirmed by a human")),
            Tracking = new Tracking(EquatableArray.Of(new TrackingItem(EquatableArray<TrackingSignature>.Empty, "app/files.py"))),
        };
        var misplaced = ScanFixtures.MissingCsp() with { ReportType = ReportType.Sast, Analyzer = "sast" };
        var scan = ScanFixtures.Full() with { Findings = EquatableArray.Of(bad, misplaced) };

        var json = Write(scan, ReportType.Sast);
        schemas.AssertValid(SchemaValidator.GitLab("sast-report-format.json"), json);

        var report = Read(json);
        var written = Assert.Single(report.Findings);
        Assert.Equal(255, written.Name!.Length);
        Assert.Null(written.Identifiers[1].Url);
        Assert.Equal("https://owasp.org/www-community/attacks/Path_Traversal", Assert.Single(written.Links).Url);
        Assert.Empty(written.CvssVectors);
        Assert.Empty(written.Flags);
        Assert.Contains(report.Warnings, w => w.Level == WarningLevel.Warning
            && w.Message.Contains("rule 10038 was left out", StringComparison.Ordinal)
            && w.Message.Contains("WebLocation", StringComparison.Ordinal));
    }

    [Fact]
    public void Same_scan_gives_the_same_bytes_whatever_the_order_of_its_findings()
    {
        var scan = ScanFixtures.Full();
        var shuffled = scan with
        {
            Findings = scan.Findings.Reverse().ToEquatableArray(),
            Warnings = scan.Warnings.Reverse().ToEquatableArray(),
        };

        Assert.Equal(Write(scan, ReportType.Sast), Write(shuffled, ReportType.Sast));
        Assert.Equal(Write(scan, ReportType.SecretDetection), Write(shuffled, ReportType.SecretDetection));
    }

    [Fact]
    public void Reads_a_gitlab_14_report_with_per_vulnerability_scanner_and_category()
    {
        var report = Read("""
            {
              "version": "14.1.2",
              "vulnerabilities": [
                {
                  "id": "27d2322d519c94f803ffed1cf6d14e455df97e5a0668e229eb853fdb0d277d2c",
                  "category": "secret_detection",
                  "name": "AWS API key",
                  "message": "AWS API key detected; please remove and revoke it if this is a leak.",
                  "description": "Amazon Web Services API key detected; please remove and revoke it if this is a leak.",
                  "cve": "config/aws.yml:5f6e7c8a:AWS",
                  "severity": "Critical",
                  "confidence": "Unknown",
                  "raw_source_code_extract": "AKIAIOSFODNN7EXAMPLE",
                  "scanner": { "id": "gitleaks", "name": "Gitleaks" },
                  "location": {
                    "file": "config/aws.yml",
                    "commit": { "author": "Ana Lima <ana@example.org>", "date": "2021-09-03T14:22:10Z", "message": "Add AWS config", "sha": "5f6e7c8a91b2c3d4e5f60718293a4b5c6d7e8f90" },
                    "start_line": 3,
                    "end_line": 3
                  },
                  "identifiers": [
                    { "type": "gitleaks_rule_id", "name": "Gitleaks rule ID AWS", "value": "AWS" }
                  ]
                }
              ],
              "remediations": [],
              "scan": {
                "scanner": { "id": "gitleaks", "name": "Gitleaks", "url": "https://github.com/zricethezav/gitleaks", "vendor": { "name": "GitLab" }, "version": "7.5.0" },
                "type": "secret_detection",
                "status": "success"
              }
            }
            """);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(ReportType.SecretDetection, finding.ReportType);
        Assert.Equal("gitleaks", finding.Analyzer);
        Assert.Equal("AWS", finding.RuleId);
        Assert.Equal(Severity.Critical, finding.Severity);
        var location = Assert.IsType<SecretLocation>(finding.Location);
        Assert.Equal(new Commit("5f6e7c8a91b2c3d4e5f60718293a4b5c6d7e8f90", "Ana Lima", "ana@example.org",
            new DateTimeOffset(2021, 9, 3, 14, 22, 10, TimeSpan.Zero), "Add AWS config"), location.Commit);
        Assert.Equal(new ToolInfo("Gitleaks", "7.5.0", "GitLab", "https://github.com/zricethezav/gitleaks"), report.Scanner);
        Assert.Null(report.StartedAt);
    }

    [Theory]
    [InlineData("""{"version": "15.2.1", "scan": """, "$", "is not valid JSON")]
    [InlineData("""{"version": "15.2.1", "scan": {"type": "sast", "scanner": {"id": "semgrep"}}}""", "$.vulnerabilities", "is required but missing")]
    [InlineData("""{"version": "15.2.1", "scan": {"type": "sast", "scanner": {"id": "semgrep"}}, "vulnerabilities": [{"location": {}, "identifiers": []}]}""", "$.vulnerabilities[0].identifiers", "must hold at least one identifier")]
    [InlineData("""{"version": "15.2.1", "scan": {"type": "sca", "scanner": {"id": "semgrep"}}, "vulnerabilities": []}""", "$.scan.type", "is not a GitLab report type: 'sca'")]
    [InlineData("""{"version": "15.2.1", "scan": {"type": "dependency_scanning", "scanner": {"id": "gemnasium"}}, "vulnerabilities": [{"identifiers": [{"type": "cve", "name": "CVE-2021-44228", "value": "CVE-2021-44228"}], "location": {"file": "pom.xml", "dependency": {"version": "2.14.1"}}}]}""", "$.vulnerabilities[0].location.dependency.package", "is required but missing")]
    [InlineData("""{"version": "15.2.1", "scan": {"type": "sast", "scanner": {"id": "semgrep"}}, "vulnerabilities": [{"identifiers": [{"type": "cwe", "name": "CWE-89", "value": "89"}], "location": {"file": "a.py", "start_line": "12"}}]}""", "$.vulnerabilities[0].location.start_line", "must be an integer")]
    public void Malformed_report_is_refused_naming_the_field_and_the_reason(string json, string path, string reason)
    {
        var error = Assert.Throws<ReportFormatException>(() => Read(json));

        Assert.Equal("GitLab", error.Format);
        // A JSON syntax error is placed where the parser stopped, somewhere under "$".
        Assert.StartsWith(path, error.Path, StringComparison.Ordinal);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// What a GitLab report cannot say: columns of source and secret locations, and messages of code
    /// flows and their steps (a flow's steps keep their own columns, in file-location details).
    /// </summary>
    internal static Finding AsGitLabKeepsIt(Finding finding) => finding with
    {
        Location = finding.Location switch
        {
            SourceLocation s => s with { StartColumn = null, EndColumn = null },
            SecretLocation s => s with { StartColumn = null, EndColumn = null },
            var other => other,
        },
        CodeFlows = finding.CodeFlows
            .Select(flow => new CodeFlow(flow.Steps.Select(step => step with { Message = null }).ToEquatableArray()))
            .ToEquatableArray(),
    };

    private static readonly Comparer<Identifier> IdentifierOrder = Comparer<Identifier>.Create((a, b) =>
    {
        var byType = string.CompareOrdinal(a.Type, b.Type);
        return byType != 0 ? byType : string.CompareOrdinal(a.Value, b.Value);
    });

    private static string Write(ScanResult scan, ReportType type) =>
        ReportText.Of(s => GitLabReportWriter.Write(scan, type, ScanFixtures.ProjectId, s));

    private static GitLabReport Read(string json) => ReportText.Read(json, GitLabReportReader.Read);
}
