using Bulwark.Advisories.Versions;

namespace Bulwark.Advisories.Tests.Versions;

public class VersionSchemesTests
{
    [Theory]
    [InlineData("PyPI", "PEP 440")]
    [InlineData("Go", "Go module version")]
    [InlineData("Maven:https://maven.google.com", "Maven ComparableVersion")]
    [InlineData("Debian:12", "Debian (dpkg)")]
    [InlineData("Ubuntu:22.04:LTS", "Debian (dpkg)")]
    [InlineData("Rocky Linux:9", "RPM (rpmvercmp)")]
    [InlineData("Packagist", "Composer")]
    public void Ecosystem_names_with_suffixes_find_their_scheme(string ecosystem, string scheme) =>
        Assert.Equal(scheme, VersionSchemes.For(ecosystem)?.Name);

    [Theory]
    [InlineData("")]
    [InlineData("GIT")]
    [InlineData("CRAN")]
    public void Unknown_ecosystems_have_no_scheme(string ecosystem) => Assert.Null(VersionSchemes.For(ecosystem));

    [Fact]
    public void Versions_of_different_schemes_do_not_compare()
    {
        Assert.True(VersionSchemes.For("npm")!.TryParse("1.0.0", out var npm));
        Assert.True(VersionSchemes.For("PyPI")!.TryParse("1.0.0", out var pypi));
        Assert.Throws<ArgumentException>(() => npm.CompareTo(pypi));
    }

    [Fact]
    public void Parsed_versions_compare_with_each_other()
    {
        var scheme = VersionSchemes.For("PyPI")!;
        Assert.True(scheme.TryParse("1.0rc1", out var rc));
        Assert.True(scheme.TryParse("1.0", out var final));
        Assert.True(rc.CompareTo(final) < 0);
        Assert.Equal("1.0rc1", rc.Text);
    }
}
