using Bulwark.Advisories.Versions;

namespace Bulwark.Advisories.Tests.Versions;

/// <summary>Cases from semver.org 2.0.0 §9–§11 and npm's loose prefixes.</summary>
public class SemVerSchemeTests
{
    private static readonly IVersionScheme Scheme = VersionSchemes.For("npm")!;

    [Fact]
    public void Precedence_follows_the_semver_org_example_chain()
    {
        Ordering.AssertAscending(Scheme,
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0");
    }

    [Fact]
    public void Major_minor_patch_compare_numerically()
    {
        Ordering.AssertAscending(Scheme, "1.0.0", "2.0.0", "2.1.0", "2.1.1", "2.10.0", "10.0.0");
    }

    [Theory]
    [InlineData("1.0.0-alpha", "<", "1.0.0")]
    [InlineData("1.0.0-1", "<", "1.0.0-alpha")] // numeric identifiers below alphanumeric ones
    [InlineData("1.0.0-2", "<", "1.0.0-10")]
    [InlineData("1.0.0-alpha.2", "<", "1.0.0-alpha.10")]
    [InlineData("1.0.0-Alpha", "<", "1.0.0-alpha")] // ASCII order: upper case first
    [InlineData("1.0.0-x-y-z.--", ">", "1.0.0-x-y-z")]
    [InlineData("1.0.0+20130313144700", "=", "1.0.0")] // build metadata is ignored
    [InlineData("1.0.0-beta+exp.sha.5114f85", "=", "1.0.0-beta")]
    [InlineData("1.0.0+21AF26D3----117B344092BD", "=", "1.0.0+other")]
    [InlineData("v1.2.3", "=", "1.2.3")] // npm accepts a leading v
    [InlineData("=1.2.3", "=", "1.2.3")]
    [InlineData("0.0.0-0", "<", "0.0.0")] // RustSec's "from the very first version"
    [InlineData("0.0.0-0", "<", "0.0.1-alpha")]
    [InlineData("1.2.3", "<", "1.2.4-rc.1")]
    [InlineData("18446744073709551616.0.0", ">", "18446744073709551615.0.0")] // beyond 64 bits
    public void Pairs_compare_as_the_spec_says(string a, string relation, string b) => Ordering.AssertOrder(Scheme, a, relation, b);

    [Theory]
    [InlineData("1.2")]
    [InlineData("1")]
    [InlineData("01.2.3")]
    [InlineData("1.02.3")]
    [InlineData("1.2.3-01")]
    [InlineData("1.2.3-")]
    [InlineData("1.2.3-a..b")]
    [InlineData("1.2.3+")]
    [InlineData("1.2.3.4")]
    [InlineData("latest")]
    [InlineData("")]
    [InlineData("1.2.3-beta!")]
    public void Invalid_versions_are_not_parsed(string text) => Ordering.AssertUnparsable(Scheme, text);

    [Theory]
    [InlineData("crates.io")]
    [InlineData("Pub")]
    [InlineData("Hex")]
    [InlineData("npm")]
    [InlineData("SwiftURL")]
    public void SemVer_ecosystems_share_the_scheme(string ecosystem) => Assert.Same(VersionSchemes.SemVer, VersionSchemes.For(ecosystem));
}
