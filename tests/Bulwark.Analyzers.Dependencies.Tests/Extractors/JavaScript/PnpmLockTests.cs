using Bulwark.Analyzers.Dependencies.Extractors.JavaScript;

namespace Bulwark.Analyzers.Dependencies.Tests.Extractors.JavaScript;

public class PnpmLockTests
{
    private static readonly PnpmLock Extractor = new();

    [Fact]
    public void Version_9_merges_peer_variants_and_leaves_out_local_folders()
    {
        var result = TestData.Extract(Extractor, "javascript/pnpmlock/valid/v9/pnpm-lock.yaml");

        Assert.Empty(result.Failures());
        Assert.Equal(["@vitejs/plugin-vue@5.0.4", "debug@2.6.9", "express@4.18.2", "ms@2.0.0", "ms@2.1.3", "string-width@4.2.3", "vite@5.2.0", "vue@3.4.0"],
            result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Version_9_importers_make_direct_dependencies_with_their_scope()
    {
        var result = TestData.Extract(Extractor, "javascript/pnpmlock/valid/v9/pnpm-lock.yaml");

        Assert.True(result.Single("express").IsDirect);
        Assert.True(result.Single("string-width").IsDirect);
        Assert.True(result.Single("ms", "2.1.3").IsDirect);
        Assert.True(result.Single("@vitejs/plugin-vue").IsDevelopment);
        Assert.True(result.Single("vite").IsDevelopment);
        Assert.False(result.Single("ms", "2.0.0").IsDevelopment);
        Assert.Equal("pkg:npm/express@4.18.2 → pkg:npm/debug@2.6.9 → pkg:npm/ms@2.0.0", Assert.Single(result.Single("ms", "2.0.0").DependencyPaths).ToString());
    }

    [Fact]
    public void Version_6_reads_slash_keys_aliases_and_dev_flags()
    {
        var result = TestData.Extract(Extractor, "javascript/pnpmlock/valid/v6/pnpm-lock.yaml");

        Assert.Empty(result.Failures());
        Assert.Equal(5, result.Components.Count);
        Assert.True(result.Single("string-width").IsDirect);
        Assert.True(result.Single("string-width").IsDevelopment);
        Assert.True(result.Single("fsevents").IsOptional);
        Assert.False(result.Single("ms").IsDevelopment);
        Assert.Equal(["pkg:npm/ms@2.0.0"], result.Single("debug").DependsOn);
    }

    [Fact]
    public void Version_5_reads_name_slash_version_keys_with_peer_suffixes()
    {
        var result = TestData.Extract(Extractor, "javascript/pnpmlock/valid/v5/pnpm-lock.yaml");

        Assert.Empty(result.Failures());
        Assert.Equal(["@babel/core@7.20.2", "loose-envify@1.4.0", "react-dom@18.2.0", "react@18.2.0"],
            result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
        Assert.True(result.Single("react-dom").IsDirect);
        Assert.True(result.Single("@babel/core").IsDevelopment);
        Assert.Equal(["pkg:npm/loose-envify@1.4.0", "pkg:npm/react@18.2.0"], result.Single("react-dom").DependsOn);
    }

    [Fact]
    public void An_unknown_lockfile_version_is_a_warning_not_a_guess()
    {
        var result = TestData.Extract(Extractor, "javascript/pnpmlock/invalid/unknown-version/pnpm-lock.yaml");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Notes, n => n.Field == "lockfileVersion");
    }
}
