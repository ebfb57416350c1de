using System.Text.Json;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;
using Bulwark.Core.Reports;
using Bulwark.Core.Reports.CycloneDx;

namespace Bulwark.Core.Tests.Reports.CycloneDx;

[Collection(SchemaCollection.Name)]
public class CycloneDxTests(SchemaValidator schemas)
{
    [Fact]
    public void Bom_with_licences_graph_and_vulnerabilities_is_valid_and_reads_back_the_inventory()
    {
        var scan = ScanFixtures.Full() with
        {
            Findings = EquatableArray.Of(ScanFixtures.Log4Shell(), ScanFixtures.Lodash()),
        };
        var json = Write(scan);
        schemas.AssertValid(SchemaValidator.CycloneDx, json);

        var bom = ReportText.Read(json, CycloneDxReader.Read);
        Assert.Equal("1.6", bom.SpecVersion);
        Assert.Equal(CycloneDxWriter.SerialNumber(scan), bom.SerialNumber);
        Assert.Equal("shop", bom.Subject);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 15, 41, TimeSpan.Zero), bom.Timestamp);
        Assert.Equal([scan.Tool], bom.Tools.ToArray());
        Assert.Equal(scan.Components.OrderBy(c => c.Reference, StringComparer.Ordinal).ToList(), bom.Components.ToList());
    }

    [Fact]
    public void Vulnerabilities_read_back_as_findings_on_the_affected_components()
    {
        var scan = ScanFixtures.Full() with { Findings = EquatableArray.Of(ScanFixtures.Log4Shell(), ScanFixtures.Lodash()) };
        var bom = ReportText.Read(Write(scan), CycloneDxReader.Read);

        Assert.Equal(2, bom.Findings.Count);
        foreach (var original in scan.Findings)
        {
            var read = bom.Findings.Single(f => f.RuleId == original.RuleId);
            Assert.Equal(ReportType.DependencyScanning, read.ReportType);
            Assert.Equal("dependencies", read.Analyzer);
            Assert.Equal(original.Identifiers, read.Identifiers);
            Assert.Equal(original.Location, read.Location);
            Assert.Equal(original.Severity, read.Severity);
            Assert.Equal(original.CvssVectors, read.CvssVectors);
            Assert.Equal((original.Name, original.Description, original.Solution), (read.Name, read.Description, read.Solution));
            Assert.Equal(original.Links, read.Links);
        }
    }

    [Fact]
    public void Licences_are_spdx_ids_when_listed_expressions_when_compound_and_names_otherwise()
    {
        using var document = JsonDocument.Parse(Write(ScanFixtures.Full()));
        var components = document.RootElement.GetProperty("components").EnumerateArray()
            .Where(c => c.TryGetProperty("licenses", out _))
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("licenses")[0]);

        Assert.Equal("MIT", components["lodash"].GetProperty("license").GetProperty("id").GetString());
        Assert.Equal("Apache-2.0 OR MIT", components["@types/node"].GetProperty("expression").GetString());
        Assert.Equal("Oracle Free Use Terms and Conditions (FUTC)",
            components["com.oracle.database.jdbc:ojdbc11"].GetProperty("license").GetProperty("name").GetString());
    }

    [Fact]
    public void Licence_ids_that_are_not_exactly_listed_and_mixed_expressions_stay_valid()
    {
        var odd = new Component
        {
            Name = "left-pad", Version = "1.3.0", Ecosystem = "npm", Purl = "pkg:npm/left-pad@1.3.0",
            Licenses = EquatableArray.Of("mit", "GPL-2.0-only WITH Classpath-exception-2.0"),
        };
        var compound = new Component
        {
            Name = "jszip", Version = "3.10.1", Ecosystem = "npm", Purl = "pkg:npm/jszip@3.10.1",
            Licenses = EquatableArray.Of("MIT", "GPL-3.0-or-later OR MIT"),
        };
        var newer = new Component
        {
            // An id newer than the SPDX list CycloneDX 1.6's schema carries cannot be license.id: it is an expression.
            Name = "open-webui", Version = "0.6.5", Ecosystem = "PyPI", Purl = "pkg:pypi/open-webui@0.6.5",
            Licenses = EquatableArray.Of("BSD-3-Clause-OpenWebUI"),
        };
        var families = new Component
        {
            // Not SPDX ("OR" between two PyPI classifier names): never written as an expression.
            Name = "packaging", Version = "23.0", Ecosystem = "PyPI", Purl = "pkg:pypi/packaging@23.0",
            Licenses = EquatableArray.Of("Apache Software License OR BSD License", "MIT"),
        };
        var scan = ScanFixtures.Full() with { Components = EquatableArray.Of(odd, compound, newer, families), Findings = default };
        var json = Write(scan);
        schemas.AssertValid(SchemaValidator.CycloneDx, json);

        var bom = ReportText.Read(json, CycloneDxReader.Read);
        Assert.Equal(["MIT AND (GPL-3.0-or-later OR MIT)"], bom.Components.Single(c => c.Name == "jszip").Licenses.ToArray());
        Assert.Equal(["MIT AND GPL-2.0-only WITH Classpath-exception-2.0"], bom.Components.Single(c => c.Name == "left-pad").Licenses.ToArray());
        Assert.Equal(["BSD-3-Clause-OpenWebUI"], bom.Components.Single(c => c.Name == "open-webui").Licenses.ToArray());
        Assert.Equal(families.Licenses, bom.Components.Single(c => c.Name == "packaging").Licenses);

        using var document = JsonDocument.Parse(json);
        var written = document.RootElement.GetProperty("components").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("licenses"));
        Assert.Equal("BSD-3-Clause-OpenWebUI", written["open-webui"][0].GetProperty("expression").GetString());
        Assert.Equal("Apache Software License OR BSD License", written["packaging"][0].GetProperty("license").GetProperty("name").GetString());
        Assert.Equal("MIT", written["packaging"][1].GetProperty("license").GetProperty("id").GetString());
    }

    [Fact]
    public void Graph_has_the_subject_depending_on_direct_components_and_only_refs_that_exist()
    {
        var dangling = ScanFixtures.Components().First() with
        {
            DependsOn = EquatableArray.Of("pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1", "pkg:maven/org.example/not-listed@1.0"),
        };
        var scan = ScanFixtures.Full() with { Components = EquatableArray.Of(dangling), Findings = default };
        using var document = JsonDocument.Parse(Write(scan));
        var dependencies = document.RootElement.GetProperty("dependencies").EnumerateArray().ToList();

        Assert.Equal(CycloneDxWriter.SubjectReference, dependencies[0].GetProperty("ref").GetString());
        Assert.Equal([dangling.Reference], dependencies[0].GetProperty("dependsOn").EnumerateArray().Select(d => d.GetString()!).ToArray());
        Assert.False(dependencies[1].TryGetProperty("dependsOn", out _));
    }

    [Fact]
    public void Package_found_in_two_lockfiles_is_one_component_naming_both()
    {
        var lodash = ScanFixtures.Components().Single(c => c.Name == "lodash");
        var again = lodash with { SourceFile = "admin/package-lock.json", IsDirect = true, DependencyPaths = default };
        var scan = ScanFixtures.Full() with { Components = EquatableArray.Of(lodash, again), Findings = default };
        var json = Write(scan);
        schemas.AssertValid(SchemaValidator.CycloneDx, json);

        using var document = JsonDocument.Parse(json);
        var component = Assert.Single(document.RootElement.GetProperty("components").EnumerateArray());
        Assert.Equal(["admin/package-lock.json", "web/package-lock.json"],
            component.GetProperty("properties").EnumerateArray()
                .Where(p => p.GetProperty("name").GetString() == "bulwark:sourceFile")
                .Select(p => p.GetProperty("value").GetString()!).Order(StringComparer.Ordinal).ToArray());
        var read = Assert.Single(ReportText.Read(json, CycloneDxReader.Read).Components);
        Assert.True(read.IsDirect);
    }

    [Fact]
    public void Vulnerable_package_missing_from_the_inventory_is_added_so_affects_points_at_a_component()
    {
        var scan = ScanFixtures.Full() with { Findings = EquatableArray.Of(ScanFixtures.OpenSsl()) };
        var json = Write(scan);
        schemas.AssertValid(SchemaValidator.CycloneDx, json);

        var bom = ReportText.Read(json, CycloneDxReader.Read);
        var openssl = bom.Components.Single(c => c.Name == "openssl");
        Assert.Equal(("3.1.3-r0", "registry.example.com:5000/acme/shop:1.4.2"), (openssl.Version, openssl.SourceFile));
        var finding = Assert.Single(bom.Findings);
        Assert.Equal(new DependencyReference("openssl", "3.1.3-r0", false), ((DependencyLocation)finding.Location).Dependency);
        Assert.Equal(Severity.High, finding.Severity);
    }

    [Fact]
    public void Reads_a_third_party_bom_with_groups_scopes_legacy_tools_and_unprefixed_vectors()
    {
        var bom = ReportText.Read("""
            {
              "bomFormat": "CycloneDX",
              "specVersion": "1.4",
              "serialNumber": "urn:uuid:1b671687-395b-41f5-a30f-a58921a69b79",
              "version": 1,
              "metadata": {
                "timestamp": "2024-01-18T11:02:44Z",
                "tools": [{ "vendor": "OWASP", "name": "Dependency-Track", "version": "4.10.1" }],
                "component": { "type": "application", "bom-ref": "acme-portal", "name": "acme-portal", "version": "2.3.0" }
              },
              "components": [
                { "type": "library", "bom-ref": "c1", "group": "com.fasterxml.jackson.core", "name": "jackson-databind", "version": "2.9.10.1",
                  "purl": "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10.1",
                  "licenses": [{ "license": { "id": "Apache-2.0" } }] },
                { "type": "library", "bom-ref": "c2", "group": "@babel", "name": "core", "version": "7.23.7", "scope": "excluded",
                  "purl": "pkg:npm/%40babel/core@7.23.7" }
              ],
              "dependencies": [
                { "ref": "acme-portal", "dependsOn": ["c1"] },
                { "ref": "c1", "dependsOn": [] },
                { "ref": "c2", "dependsOn": [] }
              ],
              "vulnerabilities": [
                { "bom-ref": "v1", "id": "CVE-2020-36518",
                  "source": { "name": "NVD", "url": "https://nvd.nist.gov/vuln/detail/CVE-2020-36518" },
                  "ratings": [{ "source": { "name": "NVD" }, "score": 7.5, "severity": "high", "method": "CVSSv31", "vector": "AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H" }],
                  "cwes": [787],
                  "description": "jackson-databind before 2.13.0 allows a Java StackOverflow exception and denial of service via a large depth of nested objects.",
                  "affects": [{ "ref": "c1" }] }
              ]
            }
            """, CycloneDxReader.Read);

        Assert.Equal([new ToolInfo("Dependency-Track", "4.10.1", "OWASP", null)], bom.Tools.ToArray());
        var jackson = bom.Components[0];
        Assert.Equal(("com.fasterxml.jackson.core:jackson-databind", "Maven", true), (jackson.Name, jackson.Ecosystem, jackson.IsDirect));
        var babel = bom.Components[1];
        Assert.Equal(("@babel/core", "npm", true, false), (babel.Name, babel.Ecosystem, babel.IsDevelopment, babel.IsDirect));

        var finding = Assert.Single(bom.Findings);
        Assert.Equal("cyclonedx", finding.Analyzer);
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Equal([new CvssVector("NVD", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H")], finding.CvssVectors.ToArray());
        Assert.Equal([("cve", "CVE-2020-36518"), ("cwe", "787")], finding.Identifiers.Select(i => (i.Type, i.Value)).ToArray());
        Assert.Equal(new DependencyReference("com.fasterxml.jackson.core:jackson-databind", "2.9.10.1", true), ((DependencyLocation)finding.Location).Dependency);
    }

    [Theory]
    [InlineData("""{"bomFormat": "SPDX", "specVersion": "1.6"}""", "$.bomFormat", "must be 'CycloneDX'")]
    [InlineData("""{"bomFormat": "CycloneDX"}""", "$.specVersion", "is required but missing")]
    [InlineData("""{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library", "version": "1.0.0"}]}""", "$.components[0].name", "is required but missing")]
    [InlineData("""{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": {"type": "library"}}""", "$.components", "must be an array")]
    public void Malformed_bom_is_refused_naming_the_field_and_the_reason(string json, string path, string reason)
    {
        var error = Assert.Throws<ReportFormatException>(() => ReportText.Read(json, CycloneDxReader.Read));

        Assert.Equal(path, error.Path);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_scan_gives_the_same_bytes_whatever_the_order_of_its_components()
    {
        var scan = ScanFixtures.Full();
        var shuffled = scan with { Components = scan.Components.Reverse().ToEquatableArray(), Findings = scan.Findings.Reverse().ToEquatableArray() };

        Assert.Equal(Write(scan), Write(shuffled));
    }

    private static string Write(ScanResult scan) => ReportText.Of(s => CycloneDxWriter.Write(scan, s));
}
