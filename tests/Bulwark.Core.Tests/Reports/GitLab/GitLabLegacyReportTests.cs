using Bulwark.Core.Findings;
using Bulwark.Core.Reports;
using Bulwark.Core.Reports.GitLab;
using Bulwark.Core.Reports.Ingestion;
using Bulwark.Core.Tests.Reports.Ingestion;

namespace Bulwark.Core.Tests.Reports.GitLab;

/// <summary>Reports of schemas 14.x and 15.0.x, read as GitLab reads them.</summary>
public class GitLabLegacyReportTests
{
    [Fact]
    public async Task A_14_dependency_scanning_report_without_analyzer_is_read_with_its_dependency_files()
    {
        var report = await Ingest.FixtureAsync("gitlab-14-dependency-scanning.json");

        var section = Assert.Single(report.Sections);
        Assert.Equal((ReportType.DependencyScanning, "gemnasium-maven", "14.0.4", true), (section.ReportType, section.ScannerId, section.SchemaVersion, section.HasComponents));
        Assert.Equal(new ToolInfo("gemnasium-maven", "2.24.3", "GitLab", "https://gitlab.com/gitlab-org/security-products/analyzers/gemnasium-maven"), section.Scanner);

        var log4shell = report.Findings[0][0];
        Assert.Equal("gemnasium-maven", log4shell.Analyzer);
        Assert.Equal(new DependencyLocation("app/pom.xml", new DependencyReference("org.apache.logging.log4j/log4j-core", "2.14.1")), log4shell.Location);
        // GitLab titles a 14.x vulnerability by its message first.
        Assert.Equal("Improper Input Validation in org.apache.logging.log4j/log4j-core", log4shell.Name);
        Assert.Equal("unknown", log4shell.GetProperty(GitLabReportReader.ConfidenceProperty));
        Assert.Equal("app/pom.xml:org.apache.logging.log4j/log4j-core:CVE-2021-44228", log4shell.GetProperty(GitLabReportReader.CompareKeyProperty));
        Assert.Equal(Severity.Critical, log4shell.Severity);

        var components = report.Components[0];
        Assert.Equal(
            ["org.apache.logging.log4j:log4j-core", "org.apache.logging.log4j:log4j-api", "com.fasterxml.jackson.core:jackson-databind"],
            components.Select(c => c.Name));
        Assert.All(components, c => Assert.Equal(("Maven", "app/pom.xml"), (c.Ecosystem, c.SourceFile)));
    }

    [Fact]
    public async Task A_15_0_secret_report_from_gitlab_analyzer_loses_its_raw_secrets_at_ingestion()
    {
        var report = await Ingest.FixtureAsync("gitlab-15.0-secret-detection.json");

        var section = Assert.Single(report.Sections);
        Assert.Equal((ReportType.SecretDetection, "secrets", "Gitleaks"), (section.ReportType, section.ScannerId, section.Scanner.Name));
        var (aws, github) = (report.Findings[0][0], report.Findings[0][1]);
        Assert.Equal("AKIA…", aws.RawSourceCodeExtract);
        Assert.Equal("ghp_…", github.RawSourceCodeExtract);
        Assert.Equal(new Commit("9f3b2c1d8e7a6f5041b3c2d1e0f9a8b7c6d5e4f3", "Ana Lima", null, new DateTimeOffset(2026, 9, 14, 16, 3, 27, TimeSpan.Zero), "Add S3 upload settings"),
            ((SecretLocation)aws.Location).Commit);
        Assert.True(((SecretLocation)github.Location).Commit.IsWorkingTree);

        // The whole-document reader is not the ingestion path: it keeps what the report says.
        var whole = GitLabReportReader.Read(File.OpenRead(SchemaValidator.FixturePath("gitlab-15.0-secret-detection.json")));
        Assert.Equal("AKIAZ4XQ7PL2RTMBE5KN", whole.Findings[0].RawSourceCodeExtract);
    }

    [Fact]
    public async Task A_report_without_scan_takes_type_and_scanner_from_its_vulnerabilities()
    {
        var report = await Ingest.TextAsync("""
            {
              "version": "3.0",
              "vulnerabilities": [
                {
                  "category": "sast",
                  "message": "Possible SQL injection",
                  "cve": "app/models/user.rb:3f2c1d:Brakeman:SQL",
                  "confidence": "High",
                  "severity": "Medium",
                  "scanner": {"id": "brakeman", "name": "Brakeman"},
                  "location": {"file": "app/models/user.rb", "start_line": 42, "class": "User", "method": "search"},
                  "identifiers": [
                    {"type": "brakeman_warning_code", "name": "Brakeman Warning Code 0", "value": "0", "url": "https://brakemanscanner.org/docs/warning_types/sql_injection/"}
                  ]
                }
              ],
              "remediations": []
            }
            """);

        var section = Assert.Single(report.Sections);
        Assert.Equal((ReportType.Sast, "brakeman", "Brakeman"), (section.ReportType, section.ScannerId, section.Scanner.Name));
        var finding = Assert.Single(report.AllFindings);
        Assert.Equal(new SourceLocation("app/models/user.rb", 42, Class: "User", Method: "search"), finding.Location);
        Assert.Equal("high", finding.GetProperty("confidence"));
    }

    [Fact]
    public async Task A_vulnerability_without_name_or_message_is_titled_as_gitlab_titles_it()
    {
        var report = await Ingest.TextAsync("""
            {"version": "15.0.7", "scan": {"type": "container_scanning", "analyzer": {"id": "gcs", "name": "GitLab Container Scanning", "vendor": {"name": "GitLab"}, "version": "6.1.2"},
                                          "scanner": {"id": "trivy", "name": "Trivy", "vendor": {"name": "GitLab"}, "version": "0.36.1"}},
             "vulnerabilities": [{"severity": "High",
               "location": {"image": "registry.example.com/shop/api:1.4.2", "operating_system": "alpine 3.18", "dependency": {"package": {"name": "libcrypto3"}, "version": "3.1.4-r0"}},
               "identifiers": [{"type": "cve", "name": "CVE-2023-6129", "value": "CVE-2023-6129"}]}]}
            """);

        var finding = Assert.Single(report.AllFindings);
        Assert.Equal("CVE-2023-6129 in registry.example.com/shop/api:1.4.2", finding.Name);
        Assert.Equal(("gcs", "gcs"), (report.Sections[0].ScannerId, finding.Analyzer));
    }

    [Fact]
    public async Task A_report_with_neither_scan_nor_category_is_refused_naming_scan()
    {
        var error = await Assert.ThrowsAsync<ReportFormatException>(() => Ingest.TextAsync("""
            {"version": "2.0", "vulnerabilities": [{"message": "x", "location": {"file": "a"}, "identifiers": [{"type": "x", "name": "x", "value": "x"}]}]}
            """));

        Assert.Equal(("GitLab", "$"), (error.Format, error.Path));
        Assert.Contains("$.scan is required", error.Reason, StringComparison.Ordinal);
    }
}

/// <summary>Shapes of GitLab 13.x reports (schema 3.0.0) found in public repositories, rewritten small.</summary>
public class GitLabSchema3ReportTests
{
    [Fact]
    public async Task A_gemnasium_vulnerability_whose_package_has_no_name_is_read_rather_than_failing_the_report()
    {
        var report = await Ingest.TextAsync("""
            {"version": "3.0.0", "vulnerabilities": [
              {"id": "2d8b607c", "category": "dependency_scanning", "name": "XML Entity Expansion", "message": "XML Entity Expansion in gopkg.in/yaml.v2",
               "cve": "service/go.sum:gopkg.in/yaml.v2:gemnasium:7368f513", "severity": "Unknown", "solution": "Upgrade to version 2.2.3 or above.",
               "scanner": {"id": "gemnasium", "name": "Gemnasium"},
               "location": {"file": "service/go.sum", "dependency": {"package": {}}},
               "identifiers": [{"type": "gemnasium", "name": "Gemnasium-7368f513", "value": "7368f513"}]},
              {"id": "e4f85510", "category": "dependency_scanning", "name": "Nil Pointer Dereference", "message": "Nil Pointer Dereference in golang.org/x/crypto",
               "cve": "service/go.sum:golang.org/x/crypto:gemnasium:ffb814a0", "severity": "High",
               "scanner": {"id": "gemnasium", "name": "Gemnasium"},
               "location": {"file": "service/go.sum", "dependency": {"package": {"name": "golang.org/x/crypto"}, "version": "v0.0.0-20190308221718-c2843e01d9a2"}},
               "identifiers": [{"type": "gemnasium", "name": "Gemnasium-ffb814a0", "value": "ffb814a0"}, {"type": "cve", "name": "CVE-2020-29652", "value": "CVE-2020-29652"}]}],
             "remediations": [],
             "scan": {"scanner": {"id": "gemnasium", "name": "Gemnasium", "vendor": {"name": "GitLab"}, "version": "2.24.1"},
               "type": "dependency_scanning", "start_time": "2020-12-23T13:43:48", "end_time": "2020-12-23T13:43:49", "status": "success"}}
            """);

        var (nameless, crypto) = (report.Findings[0][0], report.Findings[0][1]);
        var location = Assert.IsType<DependencyLocation>(nameless.Location);
        Assert.Equal(("service/go.sum", string.Empty, string.Empty), (location.File, location.Dependency.Package, location.Dependency.Version));
        Assert.Equal(Severity.Unknown, nameless.Severity);
        Assert.Equal("golang.org/x/crypto", ((DependencyLocation)crypto.Location).Dependency.Package);
        Assert.Equal(new DateTimeOffset(2020, 12, 23, 13, 43, 48, TimeSpan.Zero), report.Sections[0].StartedAt);
    }
}
