using Bulwark.Analyzers.Dependencies.Extractors.JavaScript;

namespace Bulwark.Analyzers.Dependencies.Tests.Extractors.JavaScript;

public class PackageLockJsonTests
{
    private static readonly PackageLockJson Extractor = new();

    [Theory]
    [InlineData("package-lock.json", true)]
    [InlineData("web/npm-shrinkwrap.json", true)]
    [InlineData("node_modules/foo/package-lock.json", false)]
    [InlineData("web/node_modules/@scope/foo/package-lock.json", false)]
    [InlineData("my_node_modules_notes/package-lock.json", true)]
    [InlineData("package.json", false)]
    [InlineData("yarn.lock", false)]
    public void Wants_package_lock_and_shrinkwrap_outside_node_modules(string path, bool wanted) =>
        Assert.Equal(wanted, Extractor.FileRequired(path));

    [Fact]
    public void Version_3_reports_each_installed_package_once_per_version()
    {
        var result = TestData.Extract(Extractor, "javascript/packagelockjson/valid/v3-workspaces/package-lock.json");

        Assert.Empty(result.Failures());
        Assert.Equal(["@babel/runtime@7.23.2", "debug@2.6.9", "express@4.18.2", "fsevents@2.3.3", "jest@29.7.0", "left-pad@1.3.0", "ms@2.0.0", "ms@2.1.3", "react@17.0.2"],
            result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
        Assert.All(result.Components, c => Assert.Equal("npm", c.Ecosystem));
    }

    [Fact]
    public void Workspace_members_and_links_are_not_components_but_their_dependencies_are_direct()
    {
        var result = TestData.Extract(Extractor, "javascript/packagelockjson/valid/v3-workspaces/package-lock.json");

        Assert.False(result.Has("@shop/ui"));
        Assert.True(result.Single("@babel/runtime").IsDirect);
        Assert.True(result.Single("ms", "2.1.3").IsDirect);
        Assert.Equal("pkg:npm/%40babel/runtime@7.23.2", result.Single("@babel/runtime").Purl);
    }

    [Fact]
    public void An_alias_reports_the_real_package()
    {
        var result = TestData.Extract(Extractor, "javascript/packagelockjson/valid/v3-workspaces/package-lock.json");

        var react = result.Single("react", "17.0.2");
        Assert.True(react.IsDirect);
        Assert.Equal("pkg:npm/react@17.0.2", react.Purl);
    }

    [Fact]
    public void Dev_and_optional_flags_come_from_the_lockfile()
    {
        var result = TestData.Extract(Extractor, "javascript/packagelockjson/valid/v3-workspaces/package-lock.json");

        Assert.True(result.Single("jest").IsDevelopment);
        Assert.True(result.Single("fsevents").IsOptional);
        Assert.False(result.Single("express").IsDevelopment);
        Assert.False(result.Single("ms", "2.1.3").IsDevelopment);
        Assert.True(result.Single("jest").IsDirect);
    }

    [Fact]
    public void Dependency_paths_lead_from_a_direct_dependency()
    {
        var result = TestData.Extract(Extractor, "javascript/packagelockjson/valid/v3-workspaces/package-lock.json");

        var ms = result.Single("ms", "2.0.0");
        Assert.False(ms.IsDirect);
        Assert.Equal("pkg:npm/express@4.18.2 → pkg:npm/debug@2.6.9 → pkg:npm/ms@2.0.0", Assert.Single(ms.DependencyPaths).ToString());
        Assert.Equal(["pkg:npm/debug@2.6.9"], result.Single("express").DependsOn);
    }

    [Fact]
    public void A_git_dependency_keeps_its_declared_version()
    {
        var result = TestData.Extract(Extractor, "javascript/packagelockjson/valid/v3-workspaces/package-lock.json");

        Assert.True(result.Single("left-pad", "1.3.0").IsDevelopment);
    }

    [Fact]
    public void Version_1_resolves_nested_requires_to_the_nearest_copy()
    {
        var result = TestData.Extract(Extractor, "javascript/packagelockjson/valid/v1-nested/package-lock.json");

        Assert.Empty(result.Failures());
        Assert.Equal(["pkg:npm/debug@4.3.1"], result.Single("mocha").DependsOn);
        Assert.Equal(["pkg:npm/ms@2.1.2"], result.Single("debug", "4.3.1").DependsOn);
        Assert.Equal(["pkg:npm/ms@2.0.0"], result.Single("debug", "2.6.9").DependsOn);
        Assert.True(result.Single("debug", "4.3.1").IsDevelopment);
    }

    [Fact]
    public void Version_1_takes_direct_dependencies_from_package_json_and_resolves_aliases()
    {
        var result = TestData.Extract(Extractor, "javascript/packagelockjson/valid/v1-nested/package-lock.json");

        Assert.True(result.Single("body-parser").IsDirect);
        Assert.True(result.Single("mocha").IsDirect);
        Assert.False(result.Single("debug", "2.6.9").IsDirect);
        Assert.True(result.Single("string-width", "4.2.3").IsDirect);
    }

    [Fact]
    public void A_malformed_lockfile_is_a_warning_with_its_line()
    {
        var result = TestData.Extract(Extractor, "javascript/packagelockjson/invalid/truncated/package-lock.json");

        Assert.False(result.Succeeded);
        Assert.Empty(result.Components);
        Assert.Contains(result.Notes, n => n.Line is 7 or 8);
    }

    [Fact]
    public void An_unknown_lockfile_version_is_a_warning_not_a_guess()
    {
        var result = TestData.Extract(Extractor, "javascript/packagelockjson/invalid/unknown-version/package-lock.json");

        Assert.False(result.Succeeded);
        Assert.Empty(result.Components);
        Assert.Contains("lockfileVersion 9", Assert.Single(result.Notes).Message, StringComparison.Ordinal);
    }
}
