using Bulwark.Cli.Commands.Deps;
using Bulwark.Cli.Output;
using Bulwark.Core.Inventory;

namespace Bulwark.Cli.Tests.Deps;

public class DepsFormattingTests
{
    [Theory]
    [InlineData("lodash", "lodash")]
    [InlineData("MIT OR Apache-2.0, with exceptions", "\"MIT OR Apache-2.0, with exceptions\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("@types/node", "@types/node")]
    [InlineData("-1", "-1")]
    [InlineData("=HYPERLINK(\"http://evil.invalid\")", "\"'=HYPERLINK(\"\"http://evil.invalid\"\")\"")]
    [InlineData("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0")]
    [InlineData("@SUM(A1:A2)", "'@SUM(A1:A2)")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("", "")]
    public void Csv_fields_are_quoted_as_rfc4180_says_and_formulas_are_defused(string value, string expected) =>
        Assert.Equal(expected, CsvField.Encode(value));

    [Theory]
    [InlineData("lodash", "lodash", null)]
    [InlineData("lodash@4.17.21", "lodash", "4.17.21")]
    [InlineData("@babel/core", "@babel/core", null)]
    [InlineData("@babel/core@7.24.0", "@babel/core", "7.24.0")]
    [InlineData("org.yaml:snakeyaml@1.33", "org.yaml:snakeyaml", "1.33")]
    [InlineData("golang.org/x/net@v0.17.0", "golang.org/x/net", "v0.17.0")]
    [InlineData("lodash@", "lodash", null)]
    public void Package_queries_split_the_version_at_the_last_at_sign_that_is_not_a_scope(string text, string name, string? version)
    {
        Assert.True(PackageQuery.TryParse(text, out var query));
        Assert.Equal(name, query.Name);
        Assert.Equal(version, query.Version);
    }

    [Theory]
    [InlineData("PyPI", "Django", "django", true)]
    [InlineData("PyPI", "zope.interface", "Zope_Interface", true)]
    [InlineData("npm", "@Babel/Core", "@babel/core", true)]
    [InlineData("crates.io", "serde_json", "serde-json", true)]
    [InlineData("npm", "lodash", "lodash.merge", false)]
    public void Names_compare_the_way_the_ecosystem_does(string ecosystem, string componentName, string queried, bool matches)
    {
        var component = new Component { Name = componentName, Version = "1.0.0", Ecosystem = ecosystem };
        Assert.True(PackageQuery.TryParse(queried, out var query));
        Assert.Equal(matches, query.Matches(component));
    }

    [Fact]
    public void A_go_version_matches_with_or_without_its_v()
    {
        var component = new Component { Name = "golang.org/x/net", Version = "0.17.0", Ecosystem = "Go" };
        Assert.True(PackageQuery.TryParse("golang.org/x/net@v0.17.0", out var withV));
        Assert.True(PackageQuery.TryParse("golang.org/x/net@0.17.0", out var withoutV));
        Assert.True(withV.Matches(component));
        Assert.True(withoutV.Matches(component));
        Assert.True(PackageQuery.TryParse("golang.org/x/net@0.18.0", out var other));
        Assert.False(other.Matches(component));
    }
}
