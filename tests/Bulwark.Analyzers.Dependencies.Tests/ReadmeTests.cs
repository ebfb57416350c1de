namespace Bulwark.Analyzers.Dependencies.Tests;

/// <summary>The coverage table in the analyzer's README lists exactly the registered extractors.</summary>
public class ReadmeTests
{
    [Fact]
    public void The_readme_coverage_table_names_every_registered_extractor_and_no_other()
    {
        var readme = File.ReadAllText(Path.Combine(TestData.Root, "..", "..", "..", "src", "Bulwark.Analyzers.Dependencies", "README.md"));
        var documented = readme.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains('/', StringComparison.Ordinal))
            .Select(l => l.Split('|')[1].Trim()).Where(n => n.Contains('/', StringComparison.Ordinal) && !n.Contains(' ', StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var registered = DependenciesAnalyzerRegistration.Formats.Select(f => f.Extractor).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(registered.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }
}
