using Bulwark.Analyzers.Dependencies.Extractors.Php;

namespace Bulwark.Analyzers.Dependencies.Tests.Extractors.Php;

public class ComposerLockTests
{
    private static readonly ComposerLock Extractor = new();

    [Fact]
    public void Packages_and_dev_packages_with_composer_json_direct_ones()
    {
        var result = TestData.Extract(Extractor, "php/composerlock/valid/composer.lock");

        Assert.Empty(result.Failures());
        Assert.Equal(["monolog/monolog@3.5.0", "phpunit/phpunit@10.5.10", "psr/log@3.0.0", "sebastian/diff@5.1.0"],
            result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
        Assert.True(result.Single("monolog/monolog").IsDirect);
        Assert.False(result.Single("psr/log").IsDirect);
        Assert.True(result.Single("phpunit/phpunit").IsDevelopment);
        Assert.True(result.Single("sebastian/diff").IsDevelopment);
        Assert.Equal("pkg:composer/monolog/monolog@3.5.0", result.Single("monolog/monolog").Purl);
        Assert.Equal(["MIT"], result.Single("psr/log").Licenses);
        Assert.Equal("pkg:composer/monolog/monolog@3.5.0 → pkg:composer/psr/log@3.0.0", Assert.Single(result.Single("psr/log").DependencyPaths).ToString());
    }

    [Fact]
    public void Malformed_json_is_a_warning_with_its_line()
    {
        var result = TestData.Extract(Extractor, "php/composerlock/invalid/composer.lock");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Notes, n => n.Line is >= 4);
    }
}
