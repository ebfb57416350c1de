using Bulwark.Advisories.Versions;

namespace Bulwark.Advisories.Tests.Versions;

/// <summary>Cases from Debian Policy §5.6.12 (Version) and dpkg's comparison rules.</summary>
public class DebianSchemeTests
{
    private static readonly IVersionScheme Scheme = VersionSchemes.For("Debian:12")!;

    [Fact]
    public void Tilde_sorts_before_everything_even_the_end_as_policy_shows()
    {
        // Policy: "~~" < "~~a" < "~" < the empty part < "a".
        Ordering.AssertAscending(Scheme, "1.0~~", "1.0~~a", "1.0~", "1.0", "1.0a");
    }

    [Fact]
    public void Letters_sort_before_non_letters()
    {
        Ordering.AssertAscending(Scheme, "1.0", "1.0a", "1.0z", "1.0+", "1.0+dfsg", "1.0.1");
    }

    [Theory]
    [InlineData("1:1.0", ">", "2.0")] // the epoch wins
    [InlineData("0:1.0", "=", "1.0")]
    [InlineData("1.0", "=", "1.0-0")] // no revision equals revision 0
    [InlineData("1.0~rc1-1", "<", "1.0-1")]
    [InlineData("1.0-1", "<", "1.0-2")]
    [InlineData("1.0-2", "<", "1.0-10")] // digit runs compare numerically
    [InlineData("1.0-1~bpo11+1", "<", "1.0-1")] // backports
    [InlineData("2.30-21", "<", "2.30-21+deb10u1")] // security updates
    [InlineData("1.2.3-1ubuntu1", ">", "1.2.3-1")]
    [InlineData("1.0+dfsg-1", ">", "1.0-1")]
    [InlineData("7.6p2-4", ">", "7.6-0")]
    [InlineData("1.1.1n-0+deb11u5", ">", "1.1.1n-0+deb11u4")]
    [InlineData("2:8.2.3995-1", ">", "1:9.0.0-1")]
    [InlineData("1.0-1-1", ">", "1.0-1")] // the revision is after the last hyphen
    [InlineData("0010", "=", "10")]
    public void Pairs_compare_as_dpkg_does(string a, string relation, string b) => Ordering.AssertOrder(Scheme, a, relation, b);

    [Theory]
    [InlineData("a1.0")] // upstream must start with a digit
    [InlineData("1.0-")]
    [InlineData("x:1.0")]
    [InlineData("1.0_1")]
    [InlineData("")]
    public void Invalid_versions_are_not_parsed(string text) => Ordering.AssertUnparsable(Scheme, text);
}
