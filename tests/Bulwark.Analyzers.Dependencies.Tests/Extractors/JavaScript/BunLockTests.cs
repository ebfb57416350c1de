using Bulwark.Analyzers.Dependencies.Extractors.JavaScript;

namespace Bulwark.Analyzers.Dependencies.Tests.Extractors.JavaScript;

public class BunLockTests
{
    private static readonly BunLock Extractor = new();

    [Fact]
    public void Reads_jsonc_with_comments_and_trailing_commas_and_nested_copies()
    {
        var result = TestData.Extract(Extractor, "javascript/bunlock/valid/workspaces/bun.lock");

        Assert.Empty(result.Failures());
        Assert.Equal(["ansi-styles@3.2.1", "chalk@2.4.2", "chalk@5.3.0", "color-convert@1.9.3", "string-width@4.2.3", "typescript@5.4.5"],
            result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Workspace_dependencies_are_direct_and_resolve_to_their_nested_copy()
    {
        var result = TestData.Extract(Extractor, "javascript/bunlock/valid/workspaces/bun.lock");

        Assert.True(result.Single("chalk", "5.3.0").IsDirect);
        Assert.True(result.Single("chalk", "2.4.2").IsDirect);
        Assert.True(result.Single("typescript").IsDevelopment);
        Assert.True(result.Single("string-width").IsDirect);
        Assert.Equal("pkg:npm/chalk@2.4.2 → pkg:npm/ansi-styles@3.2.1 → pkg:npm/color-convert@1.9.3",
            Assert.Single(result.Single("color-convert").DependencyPaths).ToString());
    }

    [Fact]
    public void A_truncated_file_is_a_warning_with_its_line()
    {
        var result = TestData.Extract(Extractor, "javascript/bunlock/invalid/not-json/bun.lock");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Notes, n => n.Line >= 4);
    }
}
