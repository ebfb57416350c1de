using Bulwark.Analyzers.Dependencies.Extractors.DotNet;

namespace Bulwark.Analyzers.Dependencies.Tests.Extractors.DotNet;

public class PackagesLockJsonTests
{
    private static readonly PackagesLockJson Extractor = new();

    [Fact]
    public void Reports_the_union_over_target_frameworks_with_direct_and_transitive()
    {
        var result = TestData.Extract(Extractor, "dotnet/packageslockjson/valid/packages.lock.json");

        Assert.Empty(result.Failures());
        Assert.Equal(["Newtonsoft.Json@13.0.3", "Serilog.Sinks.Console@5.0.1", "Serilog@2.12.0", "Serilog@3.1.1"],
            result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
        Assert.True(result.Single("Serilog.Sinks.Console").IsDirect);
        Assert.False(result.Single("Serilog", "3.1.1").IsDirect);
        Assert.Equal("pkg:nuget/Serilog.Sinks.Console@5.0.1 → pkg:nuget/Serilog@3.1.1", Assert.Single(result.Single("Serilog", "3.1.1").DependencyPaths).ToString());
    }

    [Fact]
    public void Packages_only_a_project_reference_brings_are_transitive()
    {
        var result = TestData.Extract(Extractor, "dotnet/packageslockjson/valid/packages.lock.json");

        Assert.False(result.Single("Newtonsoft.Json").IsDirect);
        Assert.False(result.Has("MyCompany.Shared"));
    }

    [Fact]
    public void Paths_of_packages_a_project_reference_brings_start_at_that_project()
    {
        var result = TestData.Extract(Extractor, "dotnet/packageslockjson/valid/packages.lock.json");

        var newtonsoft = result.Single("Newtonsoft.Json");
        Assert.Equal("project:MyCompany.Shared", Assert.Single(newtonsoft.ProjectPaths).ToString());
        Assert.Equal("project:MyCompany.Shared → pkg:nuget/Newtonsoft.Json@13.0.3", Assert.Single(newtonsoft.DependencyPaths).ToString());
        Assert.False(newtonsoft.IsDevelopment);
    }

    [Fact]
    public void Without_a_project_file_the_projects_no_other_project_references_are_where_chains_start()
    {
        // bitwarden/server src/Identity: 10 Project entries; only SharedWeb is referenced by none of the others.
        var result = TestData.Extract(Extractor, "corpus/nuget-lock/bitwarden-server/src/Identity/packages.lock.json", "corpus/nuget-lock/bitwarden-server/src/Identity");

        Assert.Empty(result.Failures());
        var sqs = result.Single("AWSSDK.SQS");
        Assert.False(sqs.IsDirect);
        Assert.Equal("project:sharedweb → project:Core", sqs.ProjectPaths[0].ToString());
        Assert.Equal("project:sharedweb → project:Core → pkg:nuget/AWSSDK.SQS@4.0.2.5", sqs.DependencyPaths[0].ToString());
        // A package of a package a project asks for: the project chain, then the package path.
        Assert.StartsWith("project:sharedweb → project:Core → pkg:nuget/AWSSDK.SQS@4.0.2.5 → pkg:nuget/AWSSDK.Core@", result.Single("AWSSDK.Core").DependencyPaths[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_project_file_beside_the_lockfile_says_which_projects_are_referenced_directly()
    {
        var lockfile = TestData.Read("corpus/nuget-lock/bitwarden-server/src/Identity/packages.lock.json");
        var project = """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <ItemGroup>
                <ProjectReference Include="..\SharedWeb\SharedWeb.csproj" />
                <ProjectReference Include="..\Core\Core.csproj" />
              </ItemGroup>
            </Project>
            """;

        var result = TestData.ExtractText(Extractor, "src/Identity/packages.lock.json", lockfile, new Dictionary<string, string> { ["src/Identity/Identity.csproj"] = project });

        // Core is referenced directly, so the chain through SharedWeb is not where AWSSDK.SQS comes from first.
        var sqs = result.Single("AWSSDK.SQS");
        Assert.Equal("project:Core", Assert.Single(sqs.ProjectPaths).ToString());
        Assert.Equal("project:Core → pkg:nuget/AWSSDK.SQS@4.0.2.5", sqs.DependencyPaths[0].ToString());
        // The name as the project file writes it, not the lockfile's lower-case key.
        Assert.Contains(result.Single("Swashbuckle.AspNetCore.SwaggerGen").ProjectPaths, p => p.ToString() == "project:SharedWeb");
    }

    [Fact]
    public void An_unknown_version_is_a_warning_not_a_guess()
    {
        var result = TestData.Extract(Extractor, "dotnet/packageslockjson/invalid/packages.lock.json");

        Assert.False(result.Succeeded);
        Assert.Contains("version 7", Assert.Single(result.Notes).Message, StringComparison.Ordinal);
    }
}

public class ProjectAssetsJsonTests
{
    [Fact]
    public void Reads_targets_and_takes_direct_ones_from_the_project_section()
    {
        var result = TestData.Extract(new ProjectAssetsJson(), "dotnet/projectassetsjson/valid/project.assets.json");

        Assert.Empty(result.Failures());
        Assert.Equal(4, result.Components.Count);
        Assert.True(result.Single("Azure.Storage.Blobs").IsDirect);
        Assert.True(result.Single("xunit.analyzers").IsDevelopment);
        Assert.Equal("pkg:nuget/Azure.Storage.Blobs@12.19.1 → pkg:nuget/Azure.Core@1.38.0 → pkg:nuget/System.Memory.Data@1.0.2",
            Assert.Single(result.Single("System.Memory.Data").DependencyPaths).ToString());
    }

    [Fact]
    public void Project_references_start_the_paths_of_the_packages_they_ask_for()
    {
        // Bulwark's own test project: it references Bulwark.Analyzers.Dependencies, which references Bulwark.Advisories.
        var result = TestData.Extract(new ProjectAssetsJson(), "dotnet/projectassetsjson/projectrefs/project.assets.json");

        Assert.Empty(result.Failures());
        Assert.False(result.Has("Bulwark.Core"));
        Assert.True(result.Single("xunit.runner.visualstudio").IsDirect);
        Assert.False(result.Single("YamlDotNet").IsDirect);
        Assert.Equal("project:Bulwark.Analyzers.Dependencies → pkg:nuget/YamlDotNet@18.1.0", result.Single("YamlDotNet").DependencyPaths[0].ToString());
        Assert.Equal(
            "project:Bulwark.Analyzers.Dependencies → project:Bulwark.Advisories → pkg:nuget/Microsoft.Data.Sqlite@10.0.1 → pkg:nuget/SQLitePCLRaw.core@2.1.13",
            result.Single("SQLitePCLRaw.core").DependencyPaths[0].ToString());
    }
}

public class DepsJsonTests
{
    [Fact]
    public void Packages_are_components_and_the_application_entry_marks_direct_ones()
    {
        var result = TestData.Extract(new DepsJson(), "dotnet/depsjson/valid/WebApp.deps.json");

        Assert.Empty(result.Failures());
        Assert.Equal(["Dapper@2.1.35", "System.Reflection.Emit.Lightweight@4.7.0"], result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
        Assert.True(result.Single("Dapper").IsDirect);
        Assert.False(result.Single("System.Reflection.Emit.Lightweight").IsDirect);
    }
}

public class PackagesConfigTests
{
    [Fact]
    public void Every_package_is_direct_and_development_dependencies_are_flagged()
    {
        var result = TestData.Extract(new PackagesConfig(), "dotnet/packagesconfig/valid/packages.config");

        Assert.Equal(3, result.Components.Count);
        Assert.All(result.Components, c => Assert.True(c.IsDirect));
        Assert.True(result.Single("Microsoft.CodeAnalysis.FxCopAnalyzers").IsDevelopment);
    }

    [Fact]
    public void Malformed_xml_is_a_warning_with_its_line()
    {
        var result = TestData.Extract(new PackagesConfig(), "dotnet/packagesconfig/invalid/packages.config");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Notes, n => n.Line is 5);
    }
}
