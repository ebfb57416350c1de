using Bulwark.Core.Findings;
using Bulwark.Core.Reports;
using Bulwark.Core.Reports.Ingestion;
using Bulwark.Core.Tests.Reports.Ingestion;

namespace Bulwark.Core.Tests.Reports.Trivy;

/// <summary>
/// trivy-fs.json is Trivy's own output for a small tree (<c>trivy fs --scanners secret,config</c>, with
/// passed checks from <c>--include-non-failures</c>) plus an npm result written in Trivy's shape, since
/// vulnerability scanning needs Trivy's online database; trivy-image.json is an image scan in that shape.
/// </summary>
public class TrivyReportTests
{
    [Fact]
    public async Task Filesystem_scan_gives_dependency_scanning_iac_and_secret_sections()
    {
        var report = await Ingest.FixtureAsync("trivy-fs.json");

        Assert.Equal(ReportFormat.Trivy, report.Format);
        Assert.Equal(
            [ReportType.DependencyScanning, ReportType.Sast, ReportType.SecretDetection],
            report.Sections.Select(s => s.ReportType));
        Assert.All(report.Sections, s => Assert.Equal(("trivy", "Trivy", "Aqua Security"), (s.ScannerId, s.Scanner.Name, s.Scanner.Vendor)));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 14, 15, 50, 237, TimeSpan.Zero).AddTicks(8150), report.Sections[0].FinishedAt);
    }

    [Fact]
    public async Task Language_package_vulnerabilities_are_dependency_findings_on_the_lockfile()
    {
        var report = await Ingest.FixtureAsync("trivy-fs.json");
        var findings = report.FindingsOf(ReportType.DependencyScanning);

        Assert.Equal(2, findings.Count);
        var lodash = findings.Single(f => f.RuleId == "CVE-2021-23337");
        Assert.Equal("trivy", lodash.Analyzer);
        Assert.Equal(new DependencyLocation("package-lock.json", new DependencyReference("lodash", "4.17.20")), lodash.Location);
        Assert.Equal(Severity.High, lodash.Severity);
        Assert.Equal("nodejs-lodash: command injection via template", lodash.Name);
        Assert.Equal(
            [Identifier.Cve("CVE-2021-23337"), Identifier.Ghsa("GHSA-35jh-r3h4-6jhm"), Identifier.Cwe(94)],
            lodash.Identifiers.ToArray());
        Assert.Equal(
            [new CvssVector("ghsa", "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H"), new CvssVector("nvd", "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H"), new CvssVector("nvd", "AV:N/AC:L/Au:S/C:P/I:P/A:P")],
            lodash.CvssVectors.ToArray());
        Assert.Equal("Upgrade lodash from 4.17.20 to 4.17.21.", lodash.Solution);
        Assert.Equal("https://avd.aquasec.com/nvd/cve-2021-23337", lodash.Links[0].Url);
        Assert.Equal("4.17.21", lodash.GetProperty("fixed-version"));
        Assert.Equal("pkg:npm/lodash@4.17.20", lodash.GetProperty("purl"));
    }

    [Fact]
    public async Task Listed_packages_are_the_inventory_with_trivy_dependency_graph()
    {
        var report = await Ingest.FixtureAsync("trivy-fs.json");
        var section = report.Sections.Single(s => s.ReportType == ReportType.DependencyScanning);

        Assert.True(section.HasComponents);
        var components = report.Components[section.Index];
        Assert.Equal(["express", "lodash", "qs"], components.Select(c => c.Name));
        var express = components[0];
        Assert.Equal(("4.17.1", "npm", "pkg:npm/express@4.17.1", true, "package-lock.json"), (express.Version, express.Ecosystem, express.Purl, express.IsDirect, express.SourceFile));
        Assert.Equal(["pkg:npm/qs@6.7.0"], express.DependsOn);
        Assert.False(components[2].IsDirect);
        Assert.Equal(["BSD-3-Clause"], components[2].Licenses);
    }

    [Fact]
    public async Task Failed_misconfiguration_checks_are_iac_findings_and_passed_checks_are_not()
    {
        var report = await Ingest.FixtureAsync("trivy-fs.json");
        var findings = report.FindingsOf(ReportType.Sast);

        Assert.Equal(3 + 13, findings.Count);
        Assert.Equal(3, findings.Count(f => ((SourceLocation)f.Location).File == "Dockerfile"));

        var root = findings.Single(f => f.RuleId == "DS002");
        Assert.Equal(ReportType.Sast, root.ReportType);
        Assert.Equal(new SourceLocation("Dockerfile"), root.Location);
        Assert.Equal(Severity.High, root.Severity);
        Assert.Equal("Image user should not be 'root'", root.Name);
        Assert.StartsWith("Specify at least 1 USER command in Dockerfile with non-root user as argument\n\nRunning containers", root.Description, StringComparison.Ordinal);
        Assert.Equal("Add 'USER <non root user name>' line to the Dockerfile", root.Solution);
        Assert.Equal([("trivy_id", "DS002"), ("avd_id", "AVD-DS-0002")], root.Identifiers.Select(i => (i.Type, i.Value)));

        var ingress = findings.Single(f => f.RuleId == "AVD-AWS-0107");
        Assert.Equal((Severity.Critical, new SourceLocation("infra/main.tf", 11, 11)), (ingress.Severity, ingress.Location));
        Assert.Equal("aws_security_group.web", ingress.GetProperty("resource"));
        Assert.Contains("0.0.0.0/0", ingress.RawSourceCodeExtract, StringComparison.Ordinal);

        // Trivy writes "N/A" as the ID of some checks: the AVD id stands in, so they stay distinct.
        Assert.Contains(findings, f => f.RuleId == "AVD-AWS-0321");
        Assert.DoesNotContain(findings, f => f.RuleId == "N/A");
    }

    [Fact]
    public async Task Secrets_keep_only_trivy_masked_match()
    {
        var report = await Ingest.FixtureAsync("trivy-fs.json");
        var findings = report.FindingsOf(ReportType.SecretDetection);

        Assert.Equal(["aws-access-key-id", "aws-secret-access-key", "github-pat"], findings.Select(f => f.RuleId));
        var key = findings[0];
        Assert.Equal(new SecretLocation("app/settings.py", Commit.WorkingTree, 5, 5), key.Location);
        Assert.Equal((Severity.Critical, "AWS Access Key ID"), (key.Severity, key.Name));
        Assert.Equal("AWS_ACCESS_KEY_ID = \"********************\"", key.GetProperty("match"));
        Assert.Null(key.RawSourceCodeExtract);

        var raw = File.ReadAllText(Path.Combine(SchemaValidator.FixturePath("trivy-fs.json")));
        Assert.DoesNotContain("AKIAZ4XQ7PL2RTMBE5KN", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Image_scan_gives_container_findings_for_os_and_language_packages()
    {
        var report = await Ingest.FixtureAsync("trivy-image.json");

        var section = Assert.Single(report.Sections);
        Assert.Equal((ReportType.ContainerScanning, "0.58.1"), (section.ReportType, section.Scanner.Version));
        var findings = report.Findings[0];
        Assert.Equal(["CVE-2023-6129", "CVE-2023-42363", "CVE-2022-25883"], findings.Select(f => f.RuleId));

        var openssl = findings[0];
        Assert.Equal(
            new ContainerLocation("registry.example.com/shop/api:1.4.2", "alpine 3.18.4", new DependencyReference("libcrypto3", "3.1.4-r0")),
            openssl.Location);
        Assert.Equal(Severity.Medium, openssl.Severity);
        Assert.Equal("sha256:cc2447e1835a40530975ab80bb1f872fbab0f2a0faecf2ab16fbbb89b3589438", openssl.GetProperty("layer"));

        var semver = findings[2];
        Assert.Equal(ReportType.ContainerScanning, semver.ReportType);
        Assert.Equal(new DependencyReference("semver", "7.5.1"), ((ContainerLocation)semver.Location).Dependency);
        Assert.Equal("usr/src/app/node_modules/semver/package.json", semver.GetProperty("package-path"));
        Assert.Contains(Identifier.Ghsa("GHSA-c2qf-rxjj-qqgw"), semver.Identifiers);
    }

    [Fact]
    public async Task An_image_without_vulnerabilities_still_has_its_container_section()
    {
        var report = await Ingest.TextAsync("""
            {"SchemaVersion": 2, "ArtifactName": "nginx:1.27", "ArtifactType": "container_image",
             "Metadata": {"OS": {"Family": "debian", "Name": "12.7"}},
             "Results": [{"Target": "nginx:1.27 (debian 12.7)", "Class": "os-pkgs", "Type": "debian"}]}
            """);

        Assert.Equal(ReportType.ContainerScanning, Assert.Single(report.Sections).ReportType);
        Assert.Empty(report.Findings[0]);
    }

    [Theory]
    [InlineData("""{"SchemaVersion": 1, "ArtifactName": "x", "Results": []}""", "$.SchemaVersion", "only Trivy's SchemaVersion 2")]
    [InlineData("""{"SchemaVersion": 2, "ArtifactName": ".", "Results": [{"Target": "go.sum", "Class": "lang-pkgs", "Vulnerabilities": [{"VulnerabilityID": "CVE-2023-39325"}]}]}""", "$.Results[0].Vulnerabilities[0].PkgName", "is required but missing")]
    [InlineData("""{"SchemaVersion": 2, "ArtifactName": ".", "Results": [{"Target": "a.tf", "Class": "config", "Misconfigurations": [{"Status": "FAIL", "Severity": 3}]}]}""", "$.Results[0].Misconfigurations[0].AVDID", "is required but missing")]
    public async Task Malformed_trivy_report_is_refused_naming_the_field(string json, string path, string reason)
    {
        var error = await Assert.ThrowsAsync<ReportFormatException>(() => Ingest.TextAsync(json));

        Assert.Equal(("Trivy", path), (error.Format, error.Path));
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }
}

/// <summary>Trivy before 0.20 (2021) wrote a top-level array of results; such reports are still uploaded from old pipelines.</summary>
public class TrivyLegacyReportTests
{
    [Fact]
    public async Task An_array_of_results_is_read_with_the_image_and_operating_system_of_its_os_result()
    {
        var report = await Ingest.TextAsync("""
            [
              {"Target": "registry.example.com/shop:1.4 (alpine 3.7.1)", "Type": "alpine", "Vulnerabilities": [
                {"VulnerabilityID": "CVE-2018-16840", "PkgName": "curl", "InstalledVersion": "7.61.0-r0", "FixedVersion": "7.61.1-r1",
                 "Title": "curl: Use-after-free when closing \"easy\" handle in Curl_close()", "Severity": "HIGH",
                 "References": ["https://curl.haxx.se/docs/CVE-2018-16840.html"]}]},
              {"Target": "app/package-lock.json", "Type": "npm", "Vulnerabilities": [
                {"VulnerabilityID": "CVE-2018-16487", "PkgName": "lodash", "InstalledVersion": "4.17.4", "FixedVersion": ">=4.17.11",
                 "Title": "lodash: Prototype pollution in utilities function", "Severity": "HIGH", "CweIDs": ["CWE-400"]}]},
              {"Target": "app/Pipfile.lock", "Type": "pip", "Vulnerabilities": null}
            ]
            """);

        Assert.Equal(ReportFormat.Trivy, report.Format);
        var section = Assert.Single(report.Sections);
        Assert.Equal((ReportType.ContainerScanning, "trivy", "1"), (section.ReportType, section.ScannerId, section.SchemaVersion));
        var (curl, lodash) = (report.Findings[0][0], report.Findings[0][1]);
        var location = Assert.IsType<ContainerLocation>(curl.Location);
        Assert.Equal(("registry.example.com/shop:1.4", "alpine 3.7.1", "curl", "7.61.0-r0"), (location.Image, location.OperatingSystem, location.Dependency.Package, location.Dependency.Version));
        Assert.Equal((Severity.High, "CVE-2018-16840"), (curl.Severity, curl.PrimaryIdentifier.Value));
        Assert.Equal("lodash", Assert.IsType<ContainerLocation>(lodash.Location).Dependency.Package);
        Assert.Contains(lodash.Identifiers, i => (i.Type, i.Value) == ("cwe", "400"));
    }

    [Fact]
    public async Task An_array_of_lockfile_results_is_dependency_scanning_on_each_lockfile()
    {
        var report = await Ingest.TextAsync("""
            [{"Target": "web/yarn.lock", "Type": "yarn", "Vulnerabilities": [
               {"VulnerabilityID": "CVE-2021-23337", "PkgName": "lodash", "InstalledVersion": "4.17.20", "FixedVersion": "4.17.21", "Severity": "HIGH"}]}]
            """);

        var finding = Assert.Single(Assert.Single(report.Findings));
        Assert.Equal(ReportType.DependencyScanning, report.Sections[0].ReportType);
        var location = Assert.IsType<DependencyLocation>(finding.Location);
        Assert.Equal(("web/yarn.lock", "lodash", "4.17.20"), (location.File, location.Dependency.Package, location.Dependency.Version));
    }
}

/// <summary>
/// <c>trivy-0.44-fs-config-secret.json</c> is Trivy 0.44 <c>fs --scanners secret,config --format json</c> of a small
/// project (Dockerfile, Terraform, a Kubernetes deployment, planted fake secrets), cut to four failed checks; its
/// <c>infra</c> result has passed checks only, so no <c>Misconfigurations</c>.
/// </summary>
public class TrivyRealReportTests
{
    [Fact]
    public async Task Failed_checks_are_sast_findings_on_their_cause_lines_and_secrets_on_theirs()
    {
        var report = await Ingest.FixtureAsync("trivy-0.44-fs-config-secret.json");

        Assert.Equal([ReportType.Sast, ReportType.SecretDetection], report.Sections.Select(s => s.ReportType));
        var checks = report.FindingsOf(ReportType.Sast);
        Assert.Equal(
            [("DS002", "Dockerfile", null, null, Severity.High), ("DS004", "Dockerfile", 5, 5, Severity.Medium),
             ("AVD-AWS-0082", "infra/main.tf", 21, 21, Severity.Critical), ("KSV017", "k8s/deployment.yaml", 17, 21, Severity.High)],
            checks.Select(f => (f.RuleId, ((SourceLocation)f.Location).File, ((SourceLocation)f.Location).StartLine, ((SourceLocation)f.Location).EndLine, f.Severity)));
        Assert.Equal("Image user should not be 'root'", checks[0].Name);
        Assert.Equal([("trivy_id", "KSV017"), ("avd_id", "AVD-KSV-0017")], checks[3].Identifiers.Select(i => (i.Type, i.Value)));

        var secrets = report.FindingsOf(ReportType.SecretDetection);
        Assert.Equal(
            [("github-pat", "Dockerfile", 4), ("aws-access-key-id", "app/settings.py", 2), ("aws-secret-access-key", "app/settings.py", 3),
             ("github-pat", "app/settings.py", 4), ("slack-web-hook", "app/settings.py", 5)],
            secrets.Select(f => (f.RuleId, ((SecretLocation)f.Location).File, ((SecretLocation)f.Location).StartLine)));
        Assert.Equal("GitHub Personal Access Token", secrets[0].Name);
    }

    [Fact]
    public async Task Trivy_json_and_trivy_sarif_of_one_scan_know_a_check_by_the_same_identifier()
    {
        var json = await Ingest.FixtureAsync("trivy-0.44-fs-config-secret.json");
        var sarif = await Ingest.FixtureAsync("trivy-0.44-fs.sarif");

        var fromJson = json.FindingsOf(ReportType.Sast).Single(f => f.RuleId == "AVD-AWS-0082");
        var fromSarif = sarif.AllFindings.Single(f => f.RuleId == "AVD-AWS-0082");
        Assert.Equal((fromJson.PrimaryIdentifier.Type, fromJson.PrimaryIdentifier.Value), (fromSarif.PrimaryIdentifier.Type, fromSarif.PrimaryIdentifier.Value));
        Assert.Equal((fromJson.Name, fromJson.Severity, fromJson.Location.Target), (fromSarif.Name, fromSarif.Severity, fromSarif.Location.Target));
    }
}
