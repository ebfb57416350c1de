using Bulwark.Advisories.Versions;

namespace Bulwark.Advisories.Tests.Versions;

/// <summary>Cases from NuGet's "Package versioning" documentation (version normalisation and precedence).</summary>
public class NuGetSchemeTests
{
    private static readonly IVersionScheme Scheme = VersionSchemes.For("NuGet")!;

    [Fact]
    public void Prerelease_labels_sort_before_the_release_as_the_docs_list_them()
    {
        Ordering.AssertAscending(Scheme, "1.0.1-alpha", "1.0.1-alpha.2", "1.0.1-beta", "1.0.1-rc", "1.0.1", "1.0.1.1", "1.0.2", "1.1.0");
    }

    [Theory]
    [InlineData("1.0", "=", "1.0.0")] // normalised: missing parts are zero
    [InlineData("1.0.0.0", "=", "1.0.0")] // a zero fourth part is dropped
    [InlineData("1.00", "=", "1.0.0")] // leading zeros removed
    [InlineData("1.0.01.0", "=", "1.0.1")]
    [InlineData("1.0.0-RC1", "=", "1.0.0-rc1")] // labels are case-insensitive
    [InlineData("1.0.0+build.1", "=", "1.0.0")] // metadata ignored
    [InlineData("1.0.0-beta+abc", "=", "1.0.0-beta+xyz")]
    [InlineData("1.0.0-alpha.1", "<", "1.0.0-alpha.beta")]
    [InlineData("1.0.0-2", "<", "1.0.0-10")]
    [InlineData("1.0.0.1", ">", "1.0.0")]
    [InlineData("4.7.2", "<", "4.7.3")] // System.Text.Encodings.Web CVE-2021-26701 fixed in 4.7.2 / 5.0.1
    [InlineData("13.0.1", "<", "13.0.4")] // Newtonsoft.Json GHSA-5crp-9r3c-p9vr fixed in 13.0.1
    [InlineData("12.0.3", "<", "13.0.1")]
    [InlineData("5.0.0", "<", "5.0.1")]
    [InlineData("6.0.0-preview.1", "<", "6.0.0")]
    public void Pairs_compare_as_nuget_does(string a, string relation, string b) => Ordering.AssertOrder(Scheme, a, relation, b);

    [Theory]
    [InlineData("1.0.0.0.0")]
    [InlineData("1.0.0-")]
    [InlineData("not-a-version")]
    [InlineData("")]
    public void Invalid_versions_are_not_parsed(string text) => Ordering.AssertUnparsable(Scheme, text);
}
