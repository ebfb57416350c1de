using Bulwark.Advisories.Versions;

namespace Bulwark.Advisories.Tests.Versions;

/// <summary>Cases from PEP 440: the "relative ordering" example, epochs and the normalisation section.</summary>
public class Pep440SchemeTests
{
    private static readonly IVersionScheme Scheme = VersionSchemes.For("PyPI")!;

    [Fact]
    public void Order_follows_the_pep_440_summary_example()
    {
        Ordering.AssertAscending(Scheme,
            "1.dev0", "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2",
            "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7",
            "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1");
    }

    [Fact]
    public void Release_segments_of_any_length_compare_numerically()
    {
        Ordering.AssertAscending(Scheme, "0.1", "0.4.1", "0.9", "0.10", "1.0", "1.0.1", "1.1", "3.7.4", "3.7.4.1", "2012.4", "2013.1.3.1.2");
    }

    [Theory]
    [InlineData("1!1.0", ">", "2.0")] // the epoch wins
    [InlineData("1!1.0", "<", "2!0.1")]
    [InlineData("0!1.0", "=", "1.0")]
    [InlineData("1.1", "=", "1.1.0")] // release padding
    [InlineData("1.1RC1", "=", "1.1rc1")] // case
    [InlineData("1.1-a1", "=", "1.1a1")] // pre-release separators
    [InlineData("1.0a.1", "=", "1.0a1")]
    [InlineData("1.0alpha1", "=", "1.0a1")] // pre-release spellings
    [InlineData("1.0beta2", "=", "1.0b2")]
    [InlineData("1.0c1", "=", "1.0rc1")]
    [InlineData("1.0pre1", "=", "1.0rc1")]
    [InlineData("1.0preview1", "=", "1.0rc1")]
    [InlineData("1.2a", "=", "1.2a0")] // implicit pre-release number
    [InlineData("1.2-post2", "=", "1.2.post2")] // post-release spellings
    [InlineData("1.2post2", "=", "1.2.post2")]
    [InlineData("1.2-r4", "=", "1.2.post4")]
    [InlineData("1.2rev4", "=", "1.2.post4")]
    [InlineData("1.2.post", "=", "1.2.post0")] // implicit post-release number
    [InlineData("1.0-1", "=", "1.0.post1")] // implicit post-release
    [InlineData("1.2-dev2", "=", "1.2.dev2")]
    [InlineData("1.2.dev", "=", "1.2.dev0")] // implicit dev number
    [InlineData("1.0+ubuntu-1", "=", "1.0+ubuntu.1")] // local separators
    [InlineData("v1.0", "=", "1.0")] // leading v
    [InlineData(" 1.0 ", "=", "1.0")] // surrounding whitespace
    [InlineData("1.0.00", "=", "1.0")] // integer normalisation
    [InlineData("09000", "=", "9000")]
    [InlineData("1.0a1", "<", "1.0a1.post1")] // a post-release of a pre-release stays below the next pre-release
    [InlineData("1.0a1.post1", "<", "1.0a2")]
    [InlineData("1.0+abc", "<", "1.0+abd")]
    [InlineData("1.0+1", ">", "1.0+abc")] // numeric local segments above alphanumeric ones
    [InlineData("1.0+abc.1", "<", "1.0+abc.1.0")] // a longer local label wins a common prefix
    [InlineData("1.0", "<", "1.0+local")]
    public void Pairs_compare_as_pep_440_says(string a, string relation, string b) => Ordering.AssertOrder(Scheme, a, relation, b);

    [Theory]
    [InlineData("french toast")]
    [InlineData("1.0+")]
    [InlineData("1.0-")]
    [InlineData("1..0")]
    [InlineData("a1.0")]
    [InlineData("1.0.post1.post2")]
    [InlineData("1.0 2.0")]
    [InlineData("1.0+abc_")]
    [InlineData("")]
    public void Invalid_versions_are_not_parsed(string text) => Ordering.AssertUnparsable(Scheme, text);
}
