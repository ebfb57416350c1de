using Bulwark.Core.Reports.Sarif;

namespace Bulwark.Core.Tests.Reports.Sarif;

/// <summary>The hand-written syntax checks the SARIF writer and reader use instead of regexes.</summary>
public class SarifSyntaxTests
{
    [Theory]
    [InlineData("0.1.0")]
    [InlineData("1.2.3")]
    [InlineData("10.20.30")]
    [InlineData("1.0.0-alpha")]
    [InlineData("1.0.0-alpha.1")]
    [InlineData("1.0.0-0.3.7")]
    [InlineData("1.0.0-x.7.z.92")]
    [InlineData("1.0.0+20130313144700")]
    [InlineData("1.0.0-beta+exp.sha.5114f85")]
    [InlineData("1.0.0+21AF26D3----117B344092BD")]
    [InlineData("1.2.3-rc-1+build-7")]
    public void Semantic_versions_are_accepted(string version) =>
        Assert.True(SarifReportWriter.IsSemanticVersion(version));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1.2")]
    [InlineData("1.2.3.4")]
    [InlineData("01.2.3")]
    [InlineData("1.02.3")]
    [InlineData("1.2.03")]
    [InlineData("v1.2.3")]
    [InlineData("1.2.3-")]
    [InlineData("1.2.3+")]
    [InlineData("1.2.3-beta+")]
    [InlineData("1.2.3-be_ta")]
    [InlineData("1.2.3 ")]
    [InlineData("1.2.3+build+again")]
    [InlineData("1.2.3-+build")]
    [InlineData("1..3")]
    public void Other_versions_are_refused(string? version) =>
        Assert.False(SarifReportWriter.IsSemanticVersion(version));

    [Theory]
    [InlineData("file:///src/a.cs", true)]
    [InlineData("https://example.com/a", true)]
    [InlineData("git+ssh://host/repo", true)]
    [InlineData("urn:uuid:1", true)]
    [InlineData("C:/src/a.cs", false)]
    [InlineData("C:\\src\\a.cs", false)]
    [InlineData("src/a.cs", false)]
    [InlineData("a:", false)]
    [InlineData("1http://x", false)]
    [InlineData("%SRCROOT%/a.cs", false)]
    [InlineData("my file:name", false)]
    public void A_scheme_is_told_from_a_drive_letter_and_a_relative_path(string uri, bool expected) =>
        Assert.Equal(expected, ArtifactUri.HasScheme(uri));

    [Theory]
    [InlineData("/home/a", true)]
    [InlineData("\\\\server\\share", true)]
    [InlineData("C:\\src", true)]
    [InlineData("d:/src", true)]
    [InlineData("C:", false)]
    [InlineData("C:src", false)]
    [InlineData("src/a.cs", false)]
    [InlineData("1:/x", false)]
    public void Rooted_paths_include_windows_drives(string path, bool expected) =>
        Assert.Equal(expected, ArtifactUri.IsRooted(path));

    [Fact]
    public void A_windows_drive_stays_unescaped_in_a_directory_uri()
    {
        Assert.Equal("file:///C:/My%20Repo/", ArtifactUri.DirectoryUri("C:\\My Repo\\"));
        Assert.Equal("file:///home/dev/My%20Repo/", ArtifactUri.DirectoryUri("/home/dev/My Repo"));
    }
}
