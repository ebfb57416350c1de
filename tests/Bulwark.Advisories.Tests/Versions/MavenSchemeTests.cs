using Bulwark.Advisories.Versions;

namespace Bulwark.Advisories.Tests.Versions;

/// <summary>
/// Cases from the POM reference's "Version Order Specification" examples and the ordering
/// <c>ComparableVersion</c>'s own tests assert. Where the page and the implementation disagree
/// (<c>1.foo</c> = <c>1-foo</c>; <c>1-ga-1</c> = <c>1-1</c>) we follow the implementation that Maven runs.
/// </summary>
public class MavenSchemeTests
{
    private static readonly IVersionScheme Scheme = VersionSchemes.For("Maven")!;

    [Fact]
    public void Qualifiers_order_alpha_beta_milestone_rc_snapshot_release_sp_then_unknown()
    {
        Ordering.AssertAscending(Scheme,
            "NotAVersionSting", "1.0a1-SNAPSHOT", "1.0-alpha1", "1.0beta1-SNAPSHOT", "1.0-b2", "1.0-beta3.SNAPSHOT",
            "1.0-beta3", "1.0-milestone1-SNAPSHOT", "1.0-m2", "1.0-rc1-SNAPSHOT", "1.0-cr1", "1.0-SNAPSHOT", "1.0",
            "1.0-sp", "1.0-a", "1.0-whatever", "1.0.z", "1.0.1", "1.0.1.0.0.0.0.0.0.0.0.0.0.0.1");
    }

    [Theory]
    [InlineData("1", "<", "1.1")] // numeric padding
    [InlineData("1-snapshot", "<", "1")]
    [InlineData("1", "<", "1-sp")]
    [InlineData("1-foo2", "<", "1-foo10")] // numeric order inside qualifiers
    [InlineData("1-foo", "<", "1-1")]
    [InlineData("1-1", "<", "1.1")] // "-number" < ".number"
    [InlineData("1.ga", "=", "1")] // trailing null values removed
    [InlineData("1-ga", "=", "1")]
    [InlineData("1-0", "=", "1")]
    [InlineData("1.0", "=", "1")]
    [InlineData("1.0.0", "=", "1")]
    [InlineData("1-final", "=", "1")]
    [InlineData("1-release", "=", "1")]
    [InlineData("1-sp", ">", "1-ga")]
    [InlineData("1-sp.1", ">", "1-ga.1")]
    [InlineData("1-sp-1", "<", "1-ga-1")]
    [InlineData("1-a1", "=", "1-alpha-1")] // a, b, m directly followed by a digit
    [InlineData("1.0-rc1", "=", "1.0-cr1")]
    [InlineData("1.0ALPHA1", "=", "1.0-a1")] // case-insensitive
    [InlineData("1.0-alpha", "<", "1.0-beta")]
    [InlineData("1.0.RC1", "<", "1.0")]
    [InlineData("2.14.1", "<", "2.15.0")]
    [InlineData("2.15.0-rc1", "<", "2.15.0")] // Log4Shell's first fixed line
    [InlineData("2.17.1", ">", "2.3.1")]
    [InlineData("5.3.17", "<", "5.3.18")] // Spring4Shell
    [InlineData("1.0-abc", "<", "1.0-abd")] // unknown qualifiers alphabetically
    public void Pairs_compare_as_comparable_version_does(string a, string relation, string b) => Ordering.AssertOrder(Scheme, a, relation, b);

    [Theory]
    [InlineData("")]
    [InlineData("1.0 beta")]
    public void Empty_or_blank_versions_are_not_parsed(string text) => Ordering.AssertUnparsable(Scheme, text);
}
