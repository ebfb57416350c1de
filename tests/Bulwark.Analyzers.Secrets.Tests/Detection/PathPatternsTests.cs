using System.Text.RegularExpressions;
using Bulwark.Analyzers.Secrets.Detection;
using Bulwark.Analyzers.Secrets.Rules;

namespace Bulwark.Analyzers.Secrets.Tests.Detection;

/// <summary>
/// Path patterns matched as strings must agree with the regexes they are, on every path: checked pattern by pattern
/// against .NET's regex on a set of paths chosen to sit on every boundary (case, separators, anchors, newlines,
/// non-ASCII case folding).
/// </summary>
public class PathPatternsTests
{
    private static readonly string[] Paths =
    [
        "", "go.sum", "vendor/go.sum", "vendor/go.sum.bak", "xgo.sum", "GO.SUM", "go.sum\n", "go.sum\n\n", "a\\go.sum",
        "package-lock.json", "web/package-lock.json", "web/my-package-lock.json", "yarn.lock", "a/b/yarn.lock",
        ".gitleaks.toml", "gitleaks.toml", "x/.gitleaks.toml", "x.gitleaks.toml", ".bulwark/secrets.toml", "a/.bulwark/secrets.toml",
        "logo.png", "img/LOGO.PNG", "photo.jpeg", "photo.jpg", "photo.jpgx", "scan.tif", "scan.TIFF", "font.woff2", "font.woff",
        "doc.pdf", "png", ".png", "a.pNg\n", "logo.pn\u212A", "\u212Aey/tests/a.py", "spec/a.rb",
        "src/tests/a.py", "src/test/a.py", "tests/a.py", "Tests\\a.cs", "src/testing/a.go", "src/contests/a.go", "src/latest/a.go",
        "src/Api.Tests/appsettings.json", "src/api_test/a.py", "src/.test/a.py", "src/-spec/x", "src/atest/x", "src/x.tests",
        "pkg/client/client_test.go", "pkg/client/client_test.go.txt", "web/src/api.spec.ts", "web/src/api.test.jsx", "web/src/api.test.tsxx",
        "lib/test_client.py", "lib/test_client.pyc", "test_x.py", "lib/contest_client.py", "lib/x/test_/a.py", "lib\\test_a.py",
        "Documentation/x.c", "documentation/x.c", "docs/x.md", "README.md", "README.MD", "x.rst", "x.adoc",
        "drivers/net/x.c", "drivers/net/x.C", "arch/x86/boot.S", "arch/x86/boot.s", "x.dtsi", "x.cs", "x.csx", "main.go",
        "__tests__/a.js", "__mocks__/a.js", "fixtures/a", "fixture/a", "testdata/a", "examples/a", "sample/a", "samples/a",
    ];

    private static readonly string[] Crafted =
    [
        @"(?:^|/)go\.sum$",
        @"^go\.sum$",
        @"go\.sum",
        @"(?i)\.(?:png|jpe?g|tiff?)$",
        @"(?i)(?:^|[/\\])(?:tests?|specs?)[/\\]",
        @"(?:^|/)\.?gitleaks\.toml$",
        @"(?i)\.test\.[jt]sx?$",
        @"[._-](?:tests?|specs?)/",
        @"(?:a|b)(?:c|d)?x$",
        @"\.(?:md|rst)",
        @"(?i)k",
        @"(?:^|/)vendor/",
    ];

    private static readonly string[] NotLiteral =
    [
        @"(?i)(?:^|[/\\])test_[^/\\]*\.py$",
        @"[\w.-]{1,100}\.py$",
        @"(?:^|/)\.env(?:\..*)?$",
        @"a+\.txt$",
        @"[a-z]\.txt$",
        @"(?i:foo)\.txt$",
        @"\bfoo\.txt$",
        @"foo\.txt\z",
        @"(foo)\.txt$",
        @"foo.txt$",
    ];

    public static TheoryData<string> AllPatterns()
    {
        var data = new TheoryData<string>();
        var builtIn = BuiltInRules.All.SelectMany(r => r.Allowlists.SelectMany(a => a.Paths).Concat(r.Path is { } p ? [p] : []))
            .Concat(SecretsConfig.BuiltInAllowlist.Paths);
        foreach (var pattern in builtIn.Concat(Crafted).Concat(NotLiteral).Distinct(StringComparer.Ordinal))
        {
            data.Add(pattern);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllPatterns))]
    public void A_pattern_matches_exactly_the_paths_its_regex_matches(string pattern)
    {
        var patterns = new PathPatterns([pattern], TimeSpan.FromSeconds(1));
        var regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

        foreach (var path in Paths)
        {
            Assert.True(regex.IsMatch(path) == patterns.IsMatch(path), $"{pattern} on '{path}': regex says {regex.IsMatch(path)}");
        }
    }

    [Theory]
    [MemberData(nameof(AllPatterns))]
    public void A_set_of_patterns_matches_where_any_of_them_does(string pattern)
    {
        var set = new PathPatterns([pattern, @"[\w]+\.keep$", @"(?:^|/)go\.sum$"], TimeSpan.FromSeconds(1));
        var any = new Regex($"(?:{pattern})|(?:[\\w]+\\.keep$)|(?:(?:^|/)go\\.sum$)", RegexOptions.CultureInvariant);

        foreach (var path in Paths.Append("x/a.keep"))
        {
            Assert.Equal(any.IsMatch(path), set.IsMatch(path));
        }
    }

    [Fact]
    public void The_built_in_global_allowlist_needs_no_regex()
    {
        var paths = SecretsConfig.BuiltInAllowlist.Paths;

        Assert.Equal(paths.Count, new PathPatterns(paths, TimeSpan.FromSeconds(1)).LiteralCount);
    }

    [Fact]
    public void Literal_shapes_are_recognised_and_others_are_left_to_the_regex()
    {
        Assert.All(Crafted, p => Assert.NotNull(LiteralPathPattern.TryParse(p)));
        Assert.All(NotLiteral, p => Assert.Null(LiteralPathPattern.TryParse(p)));
    }

    [Fact]
    public void An_invalid_non_literal_pattern_is_refused_when_built()
    {
        Assert.ThrowsAny<ArgumentException>(() => new PathPatterns([@"(?:^|/)go\.sum$", @"[unclosed"], TimeSpan.FromSeconds(1)));
    }
}
