using Bulwark.Advisories.Versions;

namespace Bulwark.Advisories.Tests.Versions;

/// <summary>Cases from the <c>Gem::Version</c> documentation and RubyGems' own comparison tests.</summary>
public class RubyGemsSchemeTests
{
    private static readonly IVersionScheme Scheme = VersionSchemes.For("RubyGems")!;

    [Fact]
    public void Prereleases_with_letters_sort_before_the_release()
    {
        // Gem::Version's documented example: 1.0.a.2 < 1.0.b1 < 1.0 (and more around it).
        Ordering.AssertAscending(Scheme, "0.9", "1.0.a", "1.0.a.2", "1.0.a10", "1.0.b1", "1.0.rc1", "1.0", "1.0.1", "1.1", "1.10", "2.0");
    }

    [Theory]
    [InlineData("1.0", "=", "1")] // trailing zeros do not count
    [InlineData("1.0.0", "=", "1.0")]
    [InlineData("1.0.a", "=", "1.a")] // …in the release part and before the prerelease part
    [InlineData("1.0.a", "<", "1.0")]
    [InlineData("1.0.a", "<", "1.0.0.1")]
    [InlineData("1.8.2.a10", ">", "1.8.2.a9")]
    [InlineData("1.0.0-rc1", "=", "1.0.0.pre.rc1")] // a hyphen reads as ".pre."
    [InlineData("1.0.0-rc1", "<", "1.0.0")]
    [InlineData("5.2.4.3", "<", "5.2.4.6")] // Rails CVE-2021-22880 fixed in 5.2.4.5, 6.0.3.5, 6.1.2.1
    [InlineData("6.1.2.1", ">", "6.1.2")]
    [InlineData("6.1.0.rc1", "<", "6.1.0")]
    [InlineData("1.2.b", "<", "1.2.c")]
    [InlineData("2.0.0.pre", "<", "2.0.0")]
    [InlineData("0.0.1", "<", "0.1")]
    [InlineData(" 1.2 ", "=", "1.2")]
    public void Pairs_compare_as_gem_version_does(string a, string relation, string b) => Ordering.AssertOrder(Scheme, a, relation, b);

    [Theory]
    [InlineData("junk")]
    [InlineData("1.0\n2.0")]
    [InlineData("1..2")]
    [InlineData("1.2 3.4")]
    [InlineData("")]
    public void Malformed_versions_are_not_parsed(string text) => Ordering.AssertUnparsable(Scheme, text);
}
