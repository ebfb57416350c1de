using Bulwark.Advisories.Versions;

namespace Bulwark.Advisories.Tests.Versions;

/// <summary>Cases from the Go modules reference ("Versions", "Pseudo-versions", "+incompatible").</summary>
public class GoVersionSchemeTests
{
    private static readonly IVersionScheme Scheme = VersionSchemes.For("Go")!;

    [Fact]
    public void Pseudo_versions_sort_by_base_then_timestamp_and_before_the_release_they_precede()
    {
        Ordering.AssertAscending(Scheme,
            "v0.0.0-20191109021931-daa7c04131f5",
            "v0.0.0-20200101000000-aaaaaaaaaaaa",
            "v0.1.0",
            "v1.2.3-pre",
            "v1.2.3-pre.0.20191109021931-daa7c04131f5", // after v1.2.3-pre, before v1.2.3
            "v1.2.3",
            "v1.2.4-0.20191109021931-daa7c04131f5", // after v1.2.3, before v1.2.4
            "v1.2.4");
    }

    [Theory]
    [InlineData("v2.0.0+incompatible", "=", "v2.0.0")] // build metadata
    [InlineData("v4.1.2+incompatible", ">", "v4.1.1+incompatible")]
    [InlineData("v1.2.3", "=", "1.2.3")] // OSV writes Go versions without the v
    [InlineData("v1.2", "=", "v1.2.0")] // Go's short forms
    [InlineData("v1", "=", "v1.0.0")]
    [InlineData("v1.10.0", ">", "v1.9.9")]
    [InlineData("v0.0.0-20191109021931-daa7c04131f5", "<", "v0.0.1")]
    [InlineData("1.21.0-rc.2", "<", "1.21.0")] // stdlib release candidates as vulndb writes them
    [InlineData("go1.21.3", "=", "1.21.3")]
    [InlineData("v1.2.3-rc.1", "<", "v1.2.3-rc.2")]
    [InlineData("v1.2.3-beta", "<", "v1.2.3-rc")]
    [InlineData("v0.0.0-20210101000000-abcdefabcdef", ">", "v0.0.0-20201231235959-abcdefabcdef")]
    [InlineData("v2.0.0-20180101000000-abcdefabcdef", "<", "v2.0.0")]
    [InlineData("v1.0.0", "<", "v1.0.1")]
    [InlineData("v1.0.0", ">", "v1.0.0-0")]
    public void Pairs_compare_as_the_go_reference_says(string a, string relation, string b) => Ordering.AssertOrder(Scheme, a, relation, b);

    [Theory]
    [InlineData("v1.2-pre")]
    [InlineData("v1.2.3.4")]
    [InlineData("master")]
    [InlineData("v01.2.3")]
    [InlineData("")]
    public void Invalid_versions_are_not_parsed(string text) => Ordering.AssertUnparsable(Scheme, text);
}
