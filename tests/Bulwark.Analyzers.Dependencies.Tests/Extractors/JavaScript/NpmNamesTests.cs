using Bulwark.Analyzers.Dependencies.Extractors.JavaScript;

namespace Bulwark.Analyzers.Dependencies.Tests.Extractors.JavaScript;

public class NpmNamesTests
{
    [Theory]
    [InlineData("ms", "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz", "2.1.3")]
    [InlineData("@babel/core", "https://registry.npmmirror.com/@babel/core/-/core-7.24.0.tgz", "7.24.0")]
    [InlineData("bundler-lib", "file:vendor/bundler-lib-2.0.0.tgz", "2.0.0")]
    [InlineData("bundler-lib", "vendor/bundler-lib-2.0.0.tgz", "2.0.0")]
    [InlineData("left-pad", "https://example.com/left-pad-1.3.0-beta.1.tar.gz?token=x#sha", "1.3.0-beta.1")]
    [InlineData("ms", "https://example.com/download/latest.tgz", null)]
    [InlineData("ms", "https://example.com/msx-2.1.3.tgz", null)]
    [InlineData("ms", "https://example.com/ms-next.tgz", null)]
    [InlineData("ms", "git+https://github.com/vercel/ms.git#2.1.3", null)]
    [InlineData("local-lib", "file:vendor/local-lib", null)]
    public void A_tarball_named_after_its_package_gives_the_version(string name, string spec, string? version) =>
        Assert.Equal(version, NpmNames.TarballVersion(name, spec));

    [Theory]
    [InlineData("file:vendor/local-lib", true)]
    [InlineData("link:../shared", true)]
    [InlineData("file:vendor/bundler-lib-2.0.0.tgz", false)]
    [InlineData("file:../lib.tar.gz", false)]
    [InlineData("npm:lodash@4.17.21", false)]
    [InlineData("4.17.21", false)]
    public void Only_file_and_link_folders_are_the_projects_own_code(string spec, bool local) =>
        Assert.Equal(local, NpmNames.IsLocalFolder(spec));
}
