using Bulwark.Core.Findings;
using Bulwark.Core.Reports.CycloneDx;
using Bulwark.Core.Reports.Ingestion;
using Bulwark.Core.Tests.Reports.Ingestion;

namespace Bulwark.Core.Tests.Reports.CycloneDx;

/// <summary>CycloneDX 1.4 to 1.6 BOMs with vulnerabilities and VEX analysis, as Dependency-Track and VEX publishers write them.</summary>
public class CycloneDxVexTests
{
    [Fact]
    public async Task A_1_4_bom_with_vex_marks_each_finding_with_its_analysis()
    {
        var report = await Ingest.FixtureAsync("cyclonedx-1.4-vex.json");

        var section = Assert.Single(report.Sections);
        Assert.Equal(("dependency-track", "1.4", true), (section.ScannerId, section.SchemaVersion, section.HasComponents));
        var findings = report.Findings[0].ToDictionary(f => f.RuleId);

        var log4shell = findings["CVE-2021-44228"];
        Assert.Equal(
            new DependencyLocation(string.Empty, new DependencyReference("org.apache.logging.log4j:log4j-core", "2.14.1", Direct: true)),
            log4shell.Location);
        Assert.Equal(Severity.Critical, log4shell.Severity);
        Assert.Equal("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", log4shell.CvssVectors[0].Vector);
        Assert.Equal(("exploitable", "update"), (log4shell.GetProperty(CycloneDxReader.VexStateProperty), log4shell.GetProperty(CycloneDxReader.VexResponseProperty)));

        var lodash = findings["CVE-2021-23337"];
        Assert.Equal("not_affected", lodash.GetProperty(CycloneDxReader.VexStateProperty));
        Assert.Equal("code_not_reachable", lodash.GetProperty(CycloneDxReader.VexJustificationProperty));
        Assert.Equal("lodash.template is never called.", lodash.GetProperty(CycloneDxReader.VexDetailProperty));

        var jackson = findings["GHSA-57j2-w4cx-62h2"];
        Assert.Equal("false_positive", jackson.GetProperty(CycloneDxReader.VexStateProperty));
        Assert.Equal([("ghsa", "GHSA-57j2-w4cx-62h2"), ("cve", "CVE-2020-36518")], jackson.Identifiers.Select(i => (i.Type, i.Value)));
        // A rating with a score and no severity is rated on the CVSS scale.
        Assert.Equal(Severity.High, jackson.Severity);
        Assert.False(((DependencyLocation)jackson.Location).Dependency.Direct);
    }

    [Fact]
    public async Task A_standalone_vex_names_packages_by_purl_or_bom_link_and_drops_unaffected_versions()
    {
        var report = await Ingest.FixtureAsync("cyclonedx-1.5-vex.json");

        var section = Assert.Single(report.Sections);
        Assert.Equal(("vex-publisher", "1.5", false), (section.Scanner.Name, section.SchemaVersion, section.HasComponents));
        Assert.Equal(["CVE-2022-24999", "CVE-2023-6129"], report.Findings[0].Select(f => f.RuleId));

        var qs = report.Findings[0][0];
        Assert.Equal(new DependencyReference("qs", "6.7.0"), ((DependencyLocation)qs.Location).Dependency);
        Assert.Equal(("not_affected", "protected_by_mitigating_control"), (qs.GetProperty(CycloneDxReader.VexStateProperty), qs.GetProperty(CycloneDxReader.VexJustificationProperty)));

        var openssl = report.Findings[0][1];
        Assert.Equal(new DependencyReference("libcrypto3", "3.1.4-r0"), ((DependencyLocation)openssl.Location).Dependency);
        Assert.Equal("in_triage", openssl.GetProperty(CycloneDxReader.VexStateProperty));
    }

    [Fact]
    public async Task The_1_6_bom_bulwark_writes_reads_back_through_ingestion()
    {
        var json = ReportText.Of(s => CycloneDxWriter.Write(ScanFixtures.Full(), s));

        var report = await Ingest.TextAsync(json);

        Assert.Equal("1.6", report.Sections[0].SchemaVersion);
        Assert.All(report.Findings[0], f => Assert.Null(f.GetProperty(CycloneDxReader.VexStateProperty)));
    }

    [Fact]
    public async Task Whole_document_reader_and_ingestion_agree_on_a_third_party_bom()
    {
        var whole = CycloneDxReader.Read(File.OpenRead(SchemaValidator.FixturePath("cyclonedx-1.4-vex.json")));

        var streamed = await Ingest.FixtureAsync("cyclonedx-1.4-vex.json");

        Assert.Equal(whole.Findings, streamed.Findings[0]);
        Assert.Equal(whole.Components, streamed.Components[0]);
        Assert.Equal(["pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.12.3"], whole.Components[0].DependsOn);
    }
}
