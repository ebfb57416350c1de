using Bulwark.Analyzers.Dependencies.Extractors.Python;

namespace Bulwark.Analyzers.Dependencies.Tests.Extractors.Python;

public class PipfileLockTests
{
    [Fact]
    public void Default_and_develop_merge_and_the_pipfile_names_direct_dependencies()
    {
        var result = TestData.Extract(new PipfileLock(), "python/pipfilelock/valid/Pipfile.lock");

        Assert.Empty(result.Failures());
        Assert.Equal(["certifi@2024.2.2", "iniconfig@2.0.0", "pytest@8.1.1", "requests@2.31.0"], result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
        Assert.False(result.Single("certifi").IsDevelopment);
        Assert.True(result.Single("iniconfig").IsDevelopment);
        Assert.True(result.Single("requests").IsDirect);
        Assert.True(result.Single("pytest").IsDirect);
        Assert.False(result.Single("certifi").IsDirect);
        Assert.False(result.Has("mylib"));
    }
}

public class PoetryLockTests
{
    [Fact]
    public void Version_1_categories_optional_packages_and_path_dependencies()
    {
        var result = TestData.Extract(new PoetryLock(), "python/poetrylock/valid/poetry.lock");

        Assert.Empty(result.Failures());
        Assert.Equal(6, result.Components.Count);
        Assert.False(result.Has("local-lib"));
        Assert.True(result.Single("pytest").IsDevelopment);
        Assert.True(result.Single("pytest").IsDirect);
        Assert.True(result.Single("PySocks").IsOptional);
        Assert.True(result.Single("requests").IsDirect);
        Assert.True(result.Single("six").IsDirect);
        Assert.Equal("pkg:pypi/pysocks@1.7.1", result.Single("PySocks").Purl);
        Assert.Equal("pkg:pypi/pytest@7.2.0 → pkg:pypi/pluggy@1.0.0", Assert.Single(result.Single("pluggy").DependencyPaths).ToString());
    }

    [Fact]
    public void Malformed_toml_is_a_warning_with_its_line()
    {
        var result = TestData.Extract(new PoetryLock(), "python/poetrylock/invalid/poetry.lock");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Notes, n => n.Line == 5);
    }
}

public class UvLockTests
{
    [Fact]
    public void The_project_is_not_listed_and_its_dependencies_groups_and_extras_are_direct()
    {
        var result = TestData.Extract(new UvLock(), "python/uvlock/valid/uv.lock");

        Assert.Empty(result.Failures());
        Assert.Equal(["anyio@4.9.0", "httpx@0.28.1", "idna@3.10", "numpy@2.0.2", "numpy@2.2.4", "pytest@8.3.5", "socksio@1.0.0"],
            result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
        Assert.True(result.Single("numpy", "2.0.2").IsDirect);
        Assert.True(result.Single("numpy", "2.2.4").IsDirect);
        Assert.True(result.Single("pytest").IsDevelopment);
        Assert.True(result.Single("socksio").IsOptional);
        Assert.Equal("pkg:pypi/httpx@0.28.1 → pkg:pypi/anyio@4.9.0 → pkg:pypi/idna@3.10", Assert.Single(result.Single("idna").DependencyPaths).ToString());
    }

    [Fact]
    public void An_unknown_version_is_a_warning_not_a_guess()
    {
        var result = TestData.Extract(new UvLock(), "python/uvlock/invalid/uv.lock");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Notes, n => n.Field == "version");
    }
}

public class PdmLockTests
{
    [Fact]
    public void Groups_say_development_and_pyproject_says_direct()
    {
        var result = TestData.Extract(new PdmLock(), "python/pdmlock/valid/pdm.lock");

        Assert.Empty(result.Failures());
        Assert.Equal(5, result.Components.Count);
        Assert.True(result.Single("rich").IsDirect);
        Assert.True(result.Single("pytest").IsDirect);
        Assert.True(result.Single("iniconfig").IsDevelopment);
        Assert.False(result.Single("mdurl").IsDevelopment);
        Assert.Equal("pkg:pypi/rich@13.9.2 → pkg:pypi/markdown-it-py@3.0.0 → pkg:pypi/mdurl@0.1.2", Assert.Single(result.Single("mdurl").DependencyPaths).ToString());
    }
}
