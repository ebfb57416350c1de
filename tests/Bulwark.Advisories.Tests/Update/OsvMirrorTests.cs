using Bulwark.Advisories.Update;

namespace Bulwark.Advisories.Tests.Update;

public class OsvMirrorTests
{
    [Theory]
    [InlineData("https://osv-vulnerabilities.storage.googleapis.com", false, "https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip")]
    [InlineData("https://mirror.example.com/osv/", false, "https://mirror.example.com/osv/PyPI/all.zip")]
    [InlineData("http://127.0.0.1:8080", false, "http://127.0.0.1:8080/PyPI/all.zip")] // loopback: plain HTTP is fine
    [InlineData("http://localhost/osv", false, "http://localhost/osv/PyPI/all.zip")]
    [InlineData("http://[::1]:9000", false, "http://[::1]:9000/PyPI/all.zip")]
    [InlineData("http://mirror.internal/osv", true, "http://mirror.internal/osv/PyPI/all.zip")] // --allow-http
    public void Accepted_sources_give_the_archive_url(string source, bool allowHttp, string archive)
    {
        Assert.True(OsvMirror.TryCreate(source, allowHttp, out var mirror, out var error), error);
        Assert.Equal(archive, mirror.ArchiveOf("PyPI").AbsoluteUri);
    }

    [Theory]
    [InlineData("http://mirror.internal/osv", "plain HTTP")]
    [InlineData("ftp://mirror.internal/osv", "not an http(s) URL")]
    [InlineData("mirror.internal/osv", "not an http(s) URL")]
    [InlineData("https://user:secret@mirror.internal/osv", "credentials")]
    [InlineData("https://mirror.internal/osv?token=abc", "query")]
    public void Refused_sources_say_why(string source, string reason)
    {
        Assert.False(OsvMirror.TryCreate(source, allowHttp: false, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pypi", "PyPI")]
    [InlineData("CRATES.IO", "crates.io")]
    [InlineData("github actions", "GitHub Actions")]
    [InlineData("Debian:12", "Debian:12")] // a release-specific folder is passed through as written
    public void Ecosystem_names_take_osv_spelling(string name, string expected)
    {
        Assert.True(OsvMirror.TryNormalizeEcosystem(name, out var ecosystem, out _));
        Assert.Equal(expected, ecosystem);
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("")]
    public void Names_that_are_not_one_path_segment_are_refused(string name) =>
        Assert.False(OsvMirror.TryNormalizeEcosystem(name, out _, out _));

    [Fact]
    public void Ecosystem_names_are_escaped_into_one_path_segment()
    {
        Assert.Equal("https://osv-vulnerabilities.storage.googleapis.com/GitHub%20Actions/all.zip", OsvMirror.Default.ArchiveOf("GitHub Actions").AbsoluteUri);
        Assert.Equal("https://osv-vulnerabilities.storage.googleapis.com/Debian%3A12/all.zip", OsvMirror.Default.ArchiveOf("Debian:12").AbsoluteUri);
    }
}
