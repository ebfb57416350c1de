using Bulwark.Advisories.Versions;

namespace Bulwark.Advisories.Tests.Versions;

/// <summary>Cases from apk's version rules (suffix order, letters, revisions) as apk-tools documents them.</summary>
public class AlpineSchemeTests
{
    private static readonly IVersionScheme Scheme = VersionSchemes.For("Alpine:v3.20")!;

    [Fact]
    public void Suffixes_order_pre_releases_then_release_then_post_releases()
    {
        Ordering.AssertAscending(Scheme,
            "1.0_alpha", "1.0_alpha1", "1.0_alpha2", "1.0_beta", "1.0_pre1", "1.0_rc1", "1.0", "1.0-r1", "1.0-r2",
            "1.0_cvs20200101", "1.0_svn", "1.0_git20230101", "1.0_hg", "1.0_p1", "1.0_p2", "1.0a", "1.0b", "1.0.1");
    }

    [Theory]
    [InlineData("1.10", ">", "1.9")]
    [InlineData("1.01", "<", "1.1")] // leading zero: compared as a fraction
    [InlineData("1.001", "<", "1.01")]
    [InlineData("1.010", "=", "1.01")]
    [InlineData("2.4.10-r0", ">", "2.4.9-r3")]
    [InlineData("1.2.3-r10", ">", "1.2.3-r9")]
    [InlineData("3.0.8-r0", "<", "3.0.8-r1")]
    [InlineData("1.0", "=", "1.0-r0")]
    [InlineData("1.0_rc1", "<", "1.0_rc2")]
    [InlineData("1.0_p1", "<", "1.0.1")] // more numeric components win over any suffix
    [InlineData("1.0a", "<", "1.0.1")]
    [InlineData("1.0", "<", "1.0.0")]
    [InlineData("1.0_alpha_p1", ">", "1.0_alpha")] // several suffixes
    [InlineData("1.0_alpha_p1", "<", "1.0_beta")]
    [InlineData("1.36.1-r15", "<", "1.36.1-r16")]
    public void Pairs_compare_as_apk_does(string a, string relation, string b) => Ordering.AssertOrder(Scheme, a, relation, b);

    [Theory]
    [InlineData("1.0_foo")]
    [InlineData("abc")]
    [InlineData("1.0-r")]
    [InlineData("1.0-1")]
    [InlineData("")]
    public void Invalid_versions_are_not_parsed(string text) => Ordering.AssertUnparsable(Scheme, text);

    [Theory]
    [InlineData("Wolfi")]
    [InlineData("Chainguard")]
    public void Apk_based_ecosystems_share_the_scheme(string ecosystem) => Assert.Same(Scheme, VersionSchemes.For(ecosystem));
}
