using Bulwark.Advisories.Versions;

namespace Bulwark.Advisories.Tests.Versions;

/// <summary>Cases from Composer's version normalisation rules and PHP's <c>version_compare</c> order.</summary>
public class ComposerSchemeTests
{
    private static readonly IVersionScheme Scheme = VersionSchemes.For("Packagist")!;

    [Fact]
    public void Stabilities_order_dev_alpha_beta_rc_stable_patch()
    {
        Ordering.AssertAscending(Scheme,
            "1.0.0-dev", "1.0.0-alpha1", "1.0.0-alpha2", "1.0.0-beta1-dev", "1.0.0-beta1", "1.0.0-RC1", "1.0.0", "1.0.0-patch1",
            "1.0.0.1", "1.0.1", "1.x-dev", "2.0.0");
    }

    [Theory]
    [InlineData("v1.2.3", "=", "1.2.3")] // leading v
    [InlineData("1.2.3", "=", "1.2.3.0")] // four parts
    [InlineData("1.2", "=", "1.2.0.0")]
    [InlineData("1.0.0-b2", "=", "1.0.0-beta2")] // stability spellings
    [InlineData("1.0.0-a1", "=", "1.0.0-alpha1")]
    [InlineData("1.0.0RC1", "=", "1.0.0-rc1")]
    [InlineData("1.0.0-pl3", "=", "1.0.0-patch3")]
    [InlineData("1.0.0-p3", "=", "1.0.0-patch3")]
    [InlineData("1.0.0-stable", "=", "1.0.0")]
    [InlineData("1.0.0-beta.5+foo", "=", "1.0.0-beta5")] // build metadata dropped
    [InlineData("1.0.0-alpha", "<", "1.0.0-alpha1")]
    [InlineData("20100102", ">", "1.0")] // date versions
    [InlineData("2.x-dev", ">", "2.99.99")] // branch aliases sort after the branch's releases
    [InlineData("1.0.x-dev", "<", "1.1.0")]
    [InlineData("8.9.0", ">", "8.8.99")]
    [InlineData("5.4.3", "<", "5.4.31")] // symfony/http-kernel style boundaries
    public void Pairs_compare_as_composer_does(string a, string relation, string b) => Ordering.AssertOrder(Scheme, a, relation, b);

    [Theory]
    [InlineData("dev-master")] // branch names have no order
    [InlineData("dev-feature/foo")]
    [InlineData("1.0.0-foo")]
    [InlineData("1.0.0.0.0")]
    [InlineData("a.b")]
    [InlineData("")]
    public void Unorderable_versions_are_not_parsed(string text) => Ordering.AssertUnparsable(Scheme, text);
}
