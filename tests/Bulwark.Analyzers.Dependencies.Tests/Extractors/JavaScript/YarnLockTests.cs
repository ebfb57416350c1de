using Bulwark.Analyzers.Dependencies.Extractors.JavaScript;

namespace Bulwark.Analyzers.Dependencies.Tests.Extractors.JavaScript;

public class YarnLockTests
{
    private static readonly YarnLock Extractor = new();

    [Fact]
    public void Classic_reports_one_component_per_package_version()
    {
        var result = TestData.Extract(Extractor, "javascript/yarnlock/valid/classic-workspaces/yarn.lock");

        Assert.Empty(result.Failures());
        Assert.Equal(["ansi-regex@5.0.1", "chosen-bootstrap@0.0.0", "emoji-regex@8.0.0", "is-fullwidth-code-point@3.0.0", "lodash@4.17.15", "lodash@4.17.21", "string-width@4.2.3", "strip-ansi@6.0.1"],
            result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Classic_takes_direct_and_dev_from_the_package_json_files_of_the_root_and_its_workspaces()
    {
        var result = TestData.Extract(Extractor, "javascript/yarnlock/valid/classic-workspaces/yarn.lock");

        Assert.True(result.Single("lodash", "4.17.21").IsDirect);
        Assert.True(result.Single("lodash", "4.17.15").IsDirect);
        Assert.True(result.Single("chosen-bootstrap").IsDirect);
        var alias = result.Single("string-width");
        Assert.True(alias.IsDirect);
        Assert.True(alias.IsDevelopment);
        Assert.False(result.Has("local-utils"));
        Assert.True(result.Single("ansi-regex").IsDirect);
        Assert.False(result.Single("ansi-regex").IsDevelopment);
        Assert.False(result.Single("lodash", "4.17.21").IsDevelopment);
        Assert.Equal("pkg:npm/string-width@4.2.3 → pkg:npm/strip-ansi@6.0.1", Assert.Single(result.Single("strip-ansi").DependencyPaths).ToString());
        Assert.True(result.Single("strip-ansi").IsDevelopment);
    }

    [Fact]
    public void Classic_names_the_line_of_a_broken_entry_and_reads_the_rest()
    {
        var result = TestData.Extract(Extractor, "javascript/yarnlock/invalid/classic-bad-header/yarn.lock");

        Assert.True(result.Has("lodash", "4.17.21"));
        Assert.Contains(result.Notes, n => n.Line == 7);
        Assert.Contains(result.Notes, n => n.Line == 10 && n.Message.Contains("no version", StringComparison.Ordinal));
    }

    [Fact]
    public void Berry_leaves_out_workspaces_and_reports_aliases_and_patches_as_the_real_package()
    {
        var result = TestData.Extract(Extractor, "javascript/yarnlock/valid/berry/yarn.lock");

        Assert.Empty(result.Failures());
        Assert.Equal(["js-tokens@4.0.0", "loose-envify@1.4.0", "object-assign@4.1.1", "react@17.0.2", "resolve@1.22.8"],
            result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Berry_workspace_dependencies_are_direct_and_package_json_says_which_are_dev()
    {
        var result = TestData.Extract(Extractor, "javascript/yarnlock/valid/berry/yarn.lock");

        Assert.True(result.Single("resolve").IsDirect);
        Assert.False(result.Single("resolve").IsDevelopment);
        Assert.True(result.Single("react").IsDirect);
        Assert.True(result.Single("react").IsDevelopment);
        Assert.True(result.Single("loose-envify").IsDirect);
        Assert.False(result.Single("js-tokens").IsDirect);
        Assert.Equal(["pkg:npm/js-tokens@4.0.0"], result.Single("loose-envify").DependsOn);
    }

    [Fact]
    public void Berry_follows_package_json_resolutions_to_the_entry_a_dependency_was_sent_to()
    {
        // jest's shape: "resolutions": { "@types/node": "18.x" } makes every request for @types/node (npm:^18.14 from
        // the workspace, npm:* from @types/graceful-fs) the entry @types/node@npm:18.x; "ansi-escapes/type-fest" sends
        // only ansi-escapes' type-fest to ^2.0.0 while boxen keeps its own.
        var result = TestData.Extract(Extractor, "javascript/yarnlock/valid/berry-resolutions/yarn.lock");

        Assert.Empty(result.Failures());
        var node = result.Single("@types/node");
        Assert.True(node.IsDirect);
        Assert.True(node.IsDevelopment);
        Assert.Equal(["pkg:npm/%40types/node@18.19.130"], result.Single("@types/graceful-fs").DependsOn);
        Assert.Equal(["pkg:npm/type-fest@2.19.0"], result.Single("ansi-escapes").DependsOn);
        Assert.Equal(["pkg:npm/type-fest@0.20.2"], result.Single("boxen").DependsOn);
        Assert.Equal("pkg:npm/%40types/node@18.19.130 → pkg:npm/undici-types@5.26.5",
            Assert.Single(result.Single("undici-types").DependencyPaths).ToString());
        Assert.All(result.Components, c => Assert.NotEmpty(c.DependencyPaths));
    }

    [Fact]
    public void Berry_with_an_unknown_metadata_version_is_a_warning_not_a_guess()
    {
        var result = TestData.Extract(Extractor, "javascript/yarnlock/invalid/berry-future/yarn.lock");

        Assert.False(result.Succeeded);
        Assert.Empty(result.Components);
        Assert.Contains(result.Notes, n => n.Field == "__metadata.version");
    }
}
