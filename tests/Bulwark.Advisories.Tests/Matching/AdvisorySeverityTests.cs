using Bulwark.Advisories.Matching;
using Bulwark.Advisories.Osv;
using Bulwark.Core;
using Bulwark.Core.Cvss;
using Bulwark.Core.Findings;

namespace Bulwark.Advisories.Tests.Matching;

public class AdvisorySeverityTests
{
    [Theory]
    [InlineData("GHSA-jfh8-c2jp-5v3q.json", Severity.Critical, 10.0)] // CVSS v3.1 vector wins over the database rating
    [InlineData("GHSA-p6mc-m468-83gw.json", Severity.High, 7.4)]
    [InlineData("GHSA-ghhp-997w-qr28.json", Severity.Critical, 9.8)]
    public void A_cvss_vector_decides_when_present(string fixture, Severity severity, double score)
    {
        var assessment = AdvisorySeverity.Resolve(TestData.Fixture(fixture));
        Assert.Equal(severity, assessment.Severity);
        Assert.Equal(score, assessment.Cvss!.Score);
    }

    [Theory]
    [InlineData("GHSA-5crp-9r3c-p9vr.json", Severity.High)]
    [InlineData("GHSA-8gq5-vrw9-xq4g.json", Severity.Medium)] // GHSA's MODERATE
    [InlineData("MAL-2022-ctx.yaml", Severity.Critical)]
    public void Without_a_vector_the_database_rating_decides(string fixture, Severity severity)
    {
        var assessment = AdvisorySeverity.Resolve(TestData.Fixture(fixture));
        Assert.Equal(severity, assessment.Severity);
        Assert.Null(assessment.Cvss);
        Assert.StartsWith("database_specific.severity", assessment.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_vector_is_passed_over_and_nothing_else_means_unknown()
    {
        var assessment = AdvisorySeverity.Resolve(TestData.Fixture("BULWARK-TEST-unorderable.json"));
        Assert.Equal(Severity.Unknown, assessment.Severity);
    }

    [Fact]
    public void Cvss_v4_is_preferred_over_v3()
    {
        var record = new OsvRecord
        {
            Id = "X-1",
            Modified = DateTimeOffset.UnixEpoch,
            Severity = EquatableArray.Of(
                new OsvSeverity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
                new OsvSeverity("CVSS_V4", "CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:A/VC:N/VI:N/VA:N/SC:N/SI:H/SA:N")),
        };

        var assessment = AdvisorySeverity.Resolve(record);

        Assert.Equal(Severity.Medium, assessment.Severity);
        Assert.Equal(CvssVersion.V40, assessment.Cvss!.Version);
    }

    [Fact]
    public void Cvss_v2_decides_only_when_the_record_has_nothing_newer_and_tops_out_at_high()
    {
        var v2Only = new OsvRecord
        {
            Id = "X-2",
            Modified = DateTimeOffset.UnixEpoch,
            Severity = EquatableArray.Of(new OsvSeverity("CVSS_V2", "AV:N/AC:L/Au:N/C:C/I:C/A:C")),
        };
        var withRating = v2Only with
        {
            DatabaseSpecific = System.Text.Json.JsonDocument.Parse("""{"severity": "MODERATE"}""").RootElement,
        };

        var scored = AdvisorySeverity.Resolve(v2Only);
        Assert.Equal(Severity.High, scored.Severity); // 10.0, but v2's scale has no Critical
        Assert.Equal(CvssVersion.V2, scored.Cvss!.Version);
        Assert.Equal(10.0, scored.Cvss.Score);

        Assert.Equal(Severity.Medium, AdvisorySeverity.Resolve(withRating).Severity);
    }
}
