using Bulwark.Analyzers.Dependencies.Extractors.Python;

namespace Bulwark.Analyzers.Dependencies.Tests.Extractors.Python;

public class RequirementsTxtTests
{
    private static readonly RequirementsTxt Extractor = new();

    [Theory]
    [InlineData("requirements.txt", true)]
    [InlineData("requirements-dev.txt", true)]
    [InlineData("requirements/main.txt", true)]
    [InlineData("requirements/extras/sqs.txt", true)]
    [InlineData("docs/notes.txt", false)]
    [InlineData("requirements.in", false)]
    public void Wants_requirements_files_and_txt_files_in_requirements_folders(string path, bool wanted) =>
        Assert.Equal(wanted, Extractor.FileRequired(path));

    [Fact]
    public void Pins_extras_markers_and_constraints_give_versions_and_ranges_are_listed_without_one()
    {
        var result = TestData.Extract(Extractor, "python/requirementstxt/valid/requirements.txt");

        Assert.Empty(result.Failures());
        Assert.Equal(["celery@5.3.6", "Django@4.2.11", "pywin32@306", "requests@2.31.0", "urllib3@2.2.1"],
            result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.OrdinalIgnoreCase));
        Assert.All(result.Components, c => Assert.True(c.IsDirect));
        Assert.Equal("pkg:pypi/django@4.2.11", result.Single("Django").Purl);
        Assert.Contains(result.Notes, n => n.Message.Contains("editable", StringComparison.Ordinal) && n.Line == 9);
    }

    [Fact]
    public void An_included_requirements_file_is_reported_on_its_own_with_hashes_stripped()
    {
        var result = TestData.Extract(Extractor, "python/requirementstxt/valid/requirements/base.txt", "python/requirementstxt/valid");

        Assert.Empty(result.Failures());
        Assert.Equal("6.0.1", result.Single("PyYAML").Version);
        Assert.Equal("4.10.0", result.Single("typing_extensions").Version);
        Assert.Equal("pkg:pypi/typing-extensions@4.10.0", result.Single("typing_extensions").Purl);
    }

    [Fact]
    public void Unpinned_requirements_are_listed_without_a_version_and_counted_in_a_note()
    {
        var result = TestData.Extract(Extractor, "python/requirementstxt/valid/requirements/dev.txt", "python/requirementstxt/valid");

        Assert.Null(result.Single("pytest-cov").Version);
        Assert.True(result.Single("pytest").IsDevelopment);
        Assert.Contains(result.Notes, n => n.Level == Core.WarningLevel.Info && n.Message.Contains("1 requirement(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void Pip_compile_via_annotations_give_direct_dependencies_and_paths()
    {
        var result = TestData.Extract(Extractor, "python/requirementstxt/valid/compiled/requirements.txt");

        Assert.Equal(6, result.Components.Count);
        Assert.True(result.Single("flask").IsDirect);
        Assert.True(result.Single("requests").IsDirect);
        Assert.False(result.Single("certifi").IsDirect);
        Assert.Equal("pkg:pypi/requests@2.31.0 → pkg:pypi/certifi@2024.2.2", result.Single("certifi").DependencyPaths[0].ToString());
    }

    [Fact]
    public void A_line_that_is_not_a_requirement_is_a_warning_with_its_line_and_the_rest_is_read()
    {
        var result = TestData.Extract(Extractor, "python/requirementstxt/invalid/requirements.txt");

        Assert.Equal(2, result.Components.Count);
        Assert.Contains(result.Notes, n => n.Level == Core.WarningLevel.Warning && n.Line == 2);
    }
}
