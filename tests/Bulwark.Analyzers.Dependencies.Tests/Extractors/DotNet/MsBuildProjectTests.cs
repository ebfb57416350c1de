using Bulwark.Analyzers.Dependencies.Extractors.DotNet;

namespace Bulwark.Analyzers.Dependencies.Tests.Extractors.DotNet;

public class MsBuildProjectTests
{
    private static readonly MsBuildProject Extractor = new();

    [Theory]
    [InlineData("src/App/App.csproj", true)]
    [InlineData("src/Lib.fsproj", true)]
    [InlineData("Directory.Packages.props", false)]
    public void Wants_project_files(string path, bool wanted) => Assert.Equal(wanted, Extractor.FileRequired(path));

    [Fact]
    public void Central_versions_properties_and_overrides_resolve_per_target_framework()
    {
        var result = TestData.Extract(Extractor, "dotnet/msbuildproject/valid/cpm/src/App/App.csproj", "dotnet/msbuildproject/valid/cpm");

        Assert.Empty(result.Failures());
        Assert.Equal(
            ["Microsoft.CodeAnalysis.NetAnalyzers@9.0.0", "Microsoft.Extensions.Logging@8.0.0", "Microsoft.Extensions.Logging@9.0.0", "Nerdbank.GitVersioning@3.6.143",
             "Newtonsoft.Json@13.0.3", "Polly@8.4.0", "Serilog@4.0.1", "System.ValueTuple@4.5.0"],
            result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
        Assert.All(result.Components, c => Assert.True(c.IsDirect));
        Assert.Equal("pkg:nuget/Serilog@4.0.1", result.Single("Serilog").Purl);
    }

    [Fact]
    public void Private_assets_and_global_references_are_development_dependencies()
    {
        var result = TestData.Extract(Extractor, "dotnet/msbuildproject/valid/cpm/src/App/App.csproj", "dotnet/msbuildproject/valid/cpm");

        Assert.True(result.Single("Microsoft.CodeAnalysis.NetAnalyzers").IsDevelopment);
        Assert.True(result.Single("Nerdbank.GitVersioning").IsDevelopment);
        Assert.False(result.Single("Serilog").IsDevelopment);
    }

    [Fact]
    public void Without_central_management_explicit_versions_and_ranges_are_read_and_floating_ones_noted()
    {
        var result = TestData.Extract(Extractor, "dotnet/msbuildproject/valid/cpm/src/Legacy/Legacy.csproj", "dotnet/msbuildproject/valid/cpm");

        Assert.Empty(result.Failures());
        Assert.Equal("2.0.123", result.Single("Dapper").Version);
        Assert.Null(result.Single("AutoMapper").Version);
        Assert.True(result.Single("StyleCop.Analyzers").IsDevelopment);
        Assert.False(result.Has("Nerdbank.GitVersioning"));
        Assert.Contains(result.Notes, n => n.Message.Contains("AutoMapper", StringComparison.Ordinal) && n.Line == 8);
    }

    [Fact]
    public void An_unresolvable_version_is_a_warning_and_the_package_is_still_listed()
    {
        var result = TestData.Extract(Extractor, "dotnet/msbuildproject/invalid/unresolved/Broken.csproj");

        Assert.Null(result.Single("Serilog").Version);
        Assert.Equal("2.1.35", result.Single("Dapper").Version);
        Assert.Contains(result.Notes, n => n.Level == Core.WarningLevel.Warning && n.Line == 6);
    }

    [Theory]
    [InlineData("'$(Configuration)' == 'Release'", "Configuration", "Release", true)]
    [InlineData("'$(Configuration)' != 'Release'", "Configuration", "Release", false)]
    [InlineData("'$(CI)' == 'true' and '$(X)' == ''", "CI", "true", true)]
    [InlineData("$([MSBuild]::IsTargetFrameworkCompatible('$(TargetFramework)', 'net6.0'))", "TargetFramework", "net8.0", true)]
    [InlineData("!$([MSBuild]::IsTargetFrameworkCompatible($(TargetFramework), 'netcoreapp3.1'))", "TargetFramework", "netstandard2.0", true)]
    [InlineData("$([MSBuild]::GetTargetFrameworkIdentifier('$(TargetFramework)')) == '.NETFramework'", "TargetFramework", "net472", true)]
    [InlineData("$(TargetFramework.StartsWith('net4'))", "TargetFramework", "net472", null)]
    public void Simple_conditions_are_evaluated_and_the_rest_are_unknown(string condition, string property, string value, bool? expected)
    {
        var evaluation = new MsBuildEvaluation { [property] = value };

        Assert.Equal(expected, evaluation.Condition(condition));
    }
}
