using Bulwark.Analyzers.Dependencies.Extractors.Rust;

namespace Bulwark.Analyzers.Dependencies.Tests.Extractors.Rust;

public class CargoLockTests
{
    private static readonly CargoLock Extractor = new();

    [Fact]
    public void Workspace_crates_are_not_listed_and_their_dependencies_are_direct()
    {
        var result = TestData.Extract(Extractor, "rust/cargolock/valid/Cargo.lock");

        Assert.Empty(result.Failures());
        Assert.Equal(["git-dep@0.3.0", "proc-macro2@1.0.78", "serde@1.0.196", "serde_derive@1.0.196", "syn@1.0.109", "syn@2.0.48"],
            result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
        Assert.True(result.Single("serde").IsDirect);
        Assert.True(result.Single("syn", "2.0.48").IsDirect);
        Assert.True(result.Single("git-dep").IsDirect);
        Assert.False(result.Single("syn", "1.0.109").IsDirect);
        Assert.Equal("pkg:cargo/serde@1.0.196 → pkg:cargo/serde_derive@1.0.196 → pkg:cargo/syn@1.0.109", Assert.Single(result.Single("syn", "1.0.109").DependencyPaths).ToString());
    }

    [Fact]
    public void Cargo_toml_dev_dependencies_make_development_packages()
    {
        var result = TestData.Extract(Extractor, "rust/cargolock/valid/Cargo.lock");

        Assert.True(result.Single("serde").IsDevelopment);
        Assert.True(result.Single("serde_derive").IsDevelopment);
        Assert.False(result.Single("syn", "2.0.48").IsDevelopment);
        Assert.False(result.Single("proc-macro2").IsDevelopment);
    }

    [Fact]
    public void A_dev_dependency_of_one_crate_stays_production_when_another_crate_needs_it()
    {
        // ripgrep's shape: the root lists walkdir under [dev-dependencies], but the `ignore` crate (whose manifest is
        // not in the tree) depends on it; `grep`'s manifest is there and asks for tempfile only to test.
        var result = TestData.Extract(Extractor, "rust/cargolock/workspace/Cargo.lock");

        Assert.Empty(result.Failures());
        Assert.False(result.Single("walkdir").IsDevelopment);
        Assert.False(result.Single("same-file").IsDevelopment);
        Assert.False(result.Single("memchr").IsDevelopment);
        Assert.True(result.Single("tempfile").IsDevelopment);
        Assert.True(result.Single("fastrand").IsDevelopment);
        Assert.All(result.Components.Where(c => c.Name is "walkdir" or "tempfile" or "memchr"), c => Assert.True(c.IsDirect));
    }

    [Fact]
    public void An_unknown_version_is_a_warning_not_a_guess()
    {
        var result = TestData.Extract(Extractor, "rust/cargolock/invalid/Cargo.lock");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Notes, n => n.Field == "version");
    }
}
