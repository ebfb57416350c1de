using Bulwark.Core.Findings;
using Bulwark.Core.Tests.Reports.Ingestion;

namespace Bulwark.Core.Tests.Reports.CycloneDx;

/// <summary>
/// BOMs that list lockfiles as components, as Trivy does: <c>trivy-0.44-fs.cdx.json</c> is Trivy 0.44
/// <c>fs --format cyclonedx</c> of a project with <c>web/package-lock.json</c> (lodash 4.17.20, minimist 1.2.5).
/// </summary>
public class CycloneDxManifestTests
{
    [Fact]
    public async Task A_lockfile_component_is_the_source_file_of_its_packages_not_a_package()
    {
        var report = await Ingest.FixtureAsync("trivy-0.44-fs.cdx.json");

        var components = report.Components[0];
        Assert.Equal(["lodash", "minimist"], components.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(components, c => Assert.Equal(("web/package-lock.json", true), (c.SourceFile, c.IsDirect)));
        Assert.Equal("pkg:npm/lodash@4.17.20", components.Single(c => c.Name == "lodash").Purl);
    }

    [Fact]
    public async Task A_vulnerability_of_a_package_under_a_lockfile_is_on_that_lockfile_and_transitive_packages_are_not_direct()
    {
        var report = await Ingest.TextAsync("""
            {
              "bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
              "metadata": {"tools": [{"vendor": "aquasecurity", "name": "trivy", "version": "0.50.1"}],
                "component": {"bom-ref": "root", "type": "application", "name": "."}},
              "components": [
                {"bom-ref": "lock", "type": "application", "name": "web/package-lock.json",
                 "properties": [{"name": "aquasecurity:trivy:Class", "value": "lang-pkgs"}, {"name": "aquasecurity:trivy:Type", "value": "npm"}]},
                {"bom-ref": "pkg:npm/express@4.17.1", "type": "library", "name": "express", "version": "4.17.1", "purl": "pkg:npm/express@4.17.1"},
                {"bom-ref": "pkg:npm/qs@6.7.0", "type": "library", "name": "qs", "version": "6.7.0", "purl": "pkg:npm/qs@6.7.0"}
              ],
              "dependencies": [
                {"ref": "root", "dependsOn": ["lock"]},
                {"ref": "lock", "dependsOn": ["pkg:npm/express@4.17.1"]},
                {"ref": "pkg:npm/express@4.17.1", "dependsOn": ["pkg:npm/qs@6.7.0"]},
                {"ref": "pkg:npm/qs@6.7.0", "dependsOn": []}
              ],
              "vulnerabilities": [
                {"bom-ref": "v1", "id": "CVE-2022-24999", "source": {"name": "ghsa"},
                 "ratings": [{"source": {"name": "ghsa"}, "score": 7.5, "severity": "high", "method": "CVSSv31", "vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"}],
                 "description": "qs vulnerable to Prototype Pollution", "affects": [{"ref": "pkg:npm/qs@6.7.0"}]}
              ]
            }
            """);

        var qs = Assert.Single(report.Findings[0]);
        var location = Assert.IsType<DependencyLocation>(qs.Location);
        Assert.Equal(("web/package-lock.json", "qs", "6.7.0", (bool?)false), (location.File, location.Dependency.Package, location.Dependency.Version, location.Dependency.Direct));

        var components = report.Components[0];
        Assert.Equal(["express", "qs"], components.Select(c => c.Name));
        Assert.Equal((true, false), (components[0].IsDirect, components[1].IsDirect));
        Assert.Equal("pkg:npm/qs@6.7.0", Assert.Single(components[0].DependsOn));
    }

    [Fact]
    public async Task Source_files_other_tools_write_as_properties_are_read()
    {
        var report = await Ingest.TextAsync("""
            {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
             "components": [
               {"type": "library", "name": "requests", "version": "2.31.0", "purl": "pkg:pypi/requests@2.31.0",
                "properties": [{"name": "SrcFile", "value": "api/requirements.txt"}]},
               {"type": "library", "name": "lodash", "version": "4.17.21", "purl": "pkg:npm/lodash@4.17.21",
                "properties": [{"name": "syft:location:0:path", "value": "/web/package-lock.json"}]}
             ]}
            """);

        Assert.Equal(["api/requirements.txt", "web/package-lock.json"], report.Components[0].Select(c => c.SourceFile));
    }
}
