using Bulwark.Analyzers.Secrets.Rules;
using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Tests.Rules;

public class SecretRuleCatalogTests
{
    private const string UpdateVariable = "BULWARK_UPDATE_DOCS";

    /// <summary>
    /// The published rule list is the output of the tested rules: this fails when a rule changes and the doc was
    /// not regenerated (set BULWARK_UPDATE_DOCS=1 and run the tests to rewrite it).
    /// </summary>
    [Fact]
    public void Committed_rule_documentation_matches_the_built_in_rules()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "secrets-rules.md");
        var expected = SecretRuleCatalog.ToMarkdown(BuiltInRules.All);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run the tests with {UpdateVariable}=1 to generate it");
        var committed = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.True(committed == expected, $"{path} is out of date: run the tests with {UpdateVariable}=1 and commit the result");
    }

    [Fact]
    public void Catalog_lists_every_rule_once_with_its_keywords_and_validator()
    {
        var rules = new[]
        {
            new SecretRule
            {
                Id = "demo-token",
                Description = "Demo | token",
                Regex = "demo_[a-z]{8}",
                Severity = Severity.Low,
                Keywords = EquatableArray.Of("demo_", "dm_"),
                Validator = SecretValidator.Jwt,
            },
            new SecretRule { Id = "bare", Description = "No keywords", Regex = "x{8}" },
        };

        var lines = SecretRuleCatalog.ToMarkdown(rules).Split('\n');

        Assert.Contains("| `demo-token` | Demo \\| token | Low | vendor | `demo_`, `dm_` | Jwt |", lines);
        Assert.Contains("| `bare` | No keywords | High | vendor | (none) |  |", lines);
        Assert.Contains(lines, l => l.Contains("Bulwark ships 2 rules", StringComparison.Ordinal));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bulwark.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Bulwark.slnx not found above the test output directory");
    }
}
