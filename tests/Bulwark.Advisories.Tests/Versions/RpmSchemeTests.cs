using Bulwark.Advisories.Versions;

namespace Bulwark.Advisories.Tests.Versions;

/// <summary>Cases from rpm's own rpmvercmp test table (tests/rpmvercmp.at) and the <c>~</c>/<c>^</c> rules.</summary>
public class RpmSchemeTests
{
    private static readonly IVersionScheme Scheme = VersionSchemes.For("Red Hat:enterprise_linux:9")!;

    [Fact]
    public void Tilde_and_caret_bracket_the_release()
    {
        Ordering.AssertAscending(Scheme, "1.0~rc1~git123", "1.0~rc1", "1.0~rc2", "1.0", "1.0^git1~pre", "1.0^git1", "1.0^git2", "1.0.1");
    }

    [Theory]
    [InlineData("1.0", "=", "1.0")]
    [InlineData("1.0", "<", "2.0")]
    [InlineData("2.0.1", ">", "2.0")]
    [InlineData("2.0.1a", ">", "2.0.1")]
    [InlineData("5.5p1", "<", "5.5p2")]
    [InlineData("5.5p10", ">", "5.5p1")]
    [InlineData("10xyz", "<", "10.1xyz")]
    [InlineData("xyz10", "<", "xyz10.1")]
    [InlineData("xyz.4", "<", "8")] // a number beats letters
    [InlineData("5.5p1", "<", "5.6p1")]
    [InlineData("6.0.rc1", ">", "6.0")]
    [InlineData("10a2", "<", "10.1a3")]
    [InlineData("1_0", "=", "1.0")] // separators are only separators
    [InlineData("fc4", "=", "fc.4")]
    [InlineData("1.0^", ">", "1.0")]
    [InlineData("1:1.0-1", ">", "2.0-1")] // epoch
    [InlineData("1.0-1.el8", "<", "1.0-2.el8")]
    [InlineData("1.0-1", "=", "1.0")] // a release is compared only when both have one
    [InlineData("1.1.1k-7.el8_6", "<", "1.1.1k-12.el8_9")]
    [InlineData("4.999.9", "<", "5.0")]
    public void Pairs_compare_as_rpmvercmp_does(string a, string relation, string b) => Ordering.AssertOrder(Scheme, a, relation, b);

    [Theory]
    [InlineData("")]
    [InlineData("x:1.0")]
    [InlineData("1.0-")]
    [InlineData("...")]
    public void Invalid_versions_are_not_parsed(string text) => Ordering.AssertUnparsable(Scheme, text);
}
