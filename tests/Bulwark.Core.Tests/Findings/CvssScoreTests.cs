using Bulwark.Core.Findings;

namespace Bulwark.Core.Tests.Findings;

/// <summary>Expected scores are the ones NVD publishes for these vectors.</summary>
public class CvssScoreTests
{
    [Theory]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0)] // CVE-2021-44228
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2)] // CVE-2021-23337
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N", 5.3)] // CVE-2021-32715
    [InlineData("CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 7.8)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4)]
    [InlineData("CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0)]
    [InlineData("AV:N/AC:M/Au:N/C:C/I:C/A:C", 9.3)]
    [InlineData("AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5)]
    [InlineData("(AV:N/AC:L/Au:S/C:P/I:N/A:N)", 4.0)]
    public void Base_score_matches_the_published_score(string vector, double expected)
    {
        Assert.Equal(expected, CvssScore.BaseScore(vector));
    }

    [Theory]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", CvssVersion.V40)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H", CvssVersion.V31)]
    [InlineData("high", CvssVersion.Unknown)]
    public void Vectors_without_a_computable_base_score_have_none(string vector, CvssVersion version)
    {
        Assert.Equal(version, CvssScore.VersionOf(vector));
        Assert.Null(CvssScore.BaseScore(vector));
    }
}
