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

    [Fact]
    public void Every_built_in_pattern_matches_exactly_what_its_regex_matches_on_real_shaped_paths()
    {
        var paths = RealShapedPaths();
        Assert.True(paths.Count > 20_000, $"only {paths.Count} paths");
        var patterns = BuiltInPatterns().ToList();
        var failures = new List<string>();
        foreach (var pattern in patterns)
        {
            var matcher = new PathPatterns([pattern], TimeSpan.FromSeconds(1));
            var regex = new Regex(pattern, RegexOptions.CultureInvariant);
            foreach (var path in paths)
            {
                var expected = regex.IsMatch(path);
                if (matcher.IsMatch(path) != expected && failures.Count < 20)
                {
                    failures.Add($"{pattern} on '{path}': regex says {expected}");
                }
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Every_built_in_allowlist_judges_real_shaped_paths_as_its_regexes_do()
    {
        // The allowlists' patterns together, as a scan runs them: one lowered path shared by all of them in turn.
        var allowlists = BuiltInRules.All.SelectMany(r => r.Allowlists).Append(SecretsConfig.BuiltInAllowlist)
            .Where(a => !a.Paths.IsEmpty)
            .Select(a => (Matcher: new PathPatterns(a.Paths, TimeSpan.FromSeconds(1)), Regex: new Regex(string.Join('|', a.Paths.Select(p => $"(?:{p})")), RegexOptions.CultureInvariant)))
            .ToList();
        foreach (var path in RealShapedPaths())
        {
            foreach (var (matcher, regex) in allowlists)
            {
                Assert.True(regex.IsMatch(path) == matcher.IsMatch(path), $"{regex} on '{path}': regex says {regex.IsMatch(path)}");
            }
        }
    }

    [Theory]
    [InlineData(@"^vendor/", "vendor/a.go", true)]
    [InlineData(@"^vendor/", "x/vendor/a.go", false)]
    [InlineData(@"^vendor/", "Vendor/a.go", false)]
    [InlineData(@"(?i)^vendor/", "VENDOR/a.go", true)]
    [InlineData(@"(?:^|/)vendor/", "x/vendor/a.go", true)]
    [InlineData(@"(?:^|/)vendor/", "x\\vendor/a.go", false)]
    [InlineData(@"(?:^|/)vendor/", "myvendor/a.go", false)]
    [InlineData(@"(?:^|/)vendor/", "x/vendor", false)]
    [InlineData(@"(?i)(?:^|[/\\])(?:tests?|testing)[/\\]", "src\\Tests\\a.cs", true)]
    [InlineData(@"(?i)(?:^|[/\\])(?:tests?|testing)[/\\]", "a/b/c/TESTING/x", true)]
    [InlineData(@"(?i)(?:^|[/\\])(?:tests?|testing)[/\\]", "testsuite/x", false)]
    [InlineData(@"(?i)(?:^|[/\\])(?:tests?|testing)[/\\]", "mytests/x", false)]
    [InlineData(@"(?i)(?:^|[/\\])(?:tests?|testing)[/\\]", "/tests/", true)]
    [InlineData(@"(?i)(?:^|[/\\])(?:tests?|testing)[/\\]", "tests", false)]
    [InlineData(@"(?i)\.(?:c|h|cc)$", "x.CC", true)]
    [InlineData(@"(?i)\.(?:c|h|cc)$", "x.cc\n", true)]
    [InlineData(@"(?i)\.(?:c|h|cc)$", "x.cc\n\n", false)]
    [InlineData(@"(?i)\.(?:c|h|cc)$", "x.cc.bak", false)]
    [InlineData(@"(?i)\.(?:c|h|cc)$", ".c", true)]
    [InlineData(@"(?i)\.(?:c|h|cc)$", "c", false)]
    [InlineData(@"(?i)\.(?:c|h|cc)$", "\n", false)]
    [InlineData(@"\.(?:c|h|cc)$", "x.C", false)]
    [InlineData(@"(?:^|/)go\.sum$", "go.sum", true)]
    [InlineData(@"(?:^|/)go\.sum$", "a/go.sum\n", true)]
    [InlineData(@"(?:^|/)go\.sum$", "ago.sum", false)]
    [InlineData(@"^go\.sum$", "go.sum\n", true)]
    [InlineData(@"^go\.sum$", "a/go.sum", false)]
    [InlineData(@"(?i)(?:^|/)vendor/", "x/VENDOR/\u212A", true)]
    [InlineData(@"(?i)\.(?:png|jpg)$", "logo.pn\u212A", false)]
    [InlineData(@"(?i)\.k$", "logo.\u212A", true)]
    [InlineData(@"\.k$", "logo.\u212A", false)]
    [InlineData(@"[._-]tests?/", "a/x_test/b", true)]
    [InlineData(@"[._-]tests?/", "a/xtest/b", false)]
    public void Each_anchoring_kind_matches_as_the_regex_does(string pattern, string path, bool expected)
    {
        Assert.Equal(expected, new Regex(pattern, RegexOptions.CultureInvariant).IsMatch(path));
        Assert.Equal(expected, new PathPatterns([pattern], TimeSpan.FromSeconds(1)).IsMatch(path));
        // A literal pattern alone ignores case ordinally; PathPatterns sends non-ASCII paths to the regex (Kelvin sign).
        if (LiteralPathPattern.TryParse(pattern) is { } literal && System.Text.Ascii.IsValid(path))
        {
            Assert.Equal(expected, literal.IsMatch(path));
        }
    }

    private static IEnumerable<string> BuiltInPatterns() =>
        BuiltInRules.All.SelectMany(r => r.Allowlists.SelectMany(a => a.Paths).Concat(r.Path is { } p ? [p] : []))
            .Concat(SecretsConfig.BuiltInAllowlist.Paths)
            .Distinct(StringComparer.Ordinal);

    private static List<string>? s_realShapedPaths;

    /// <summary>
    /// This repository's files, the lockfile corpus and a sample of the kernel tree when present, plus each path's
    /// near misses: case variants, backslashes, a trailing newline, a leading slash, names that almost match.
    /// </summary>
    private static List<string> RealShapedPaths()
    {
        if (s_realShapedPaths is { } cached)
        {
            return cached;
        }

        var bases = new HashSet<string>(StringComparer.Ordinal) { "" };
        bases.UnionWith(Paths);
        if (RepositoryRoot() is { } root)
        {
            bases.UnionWith(RelativeFiles(root, every: 1).Where(p => !p.Contains("/bin/", StringComparison.Ordinal) && !p.Contains("/obj/", StringComparison.Ordinal) && !p.StartsWith(".git/", StringComparison.Ordinal)));
        }

        bases.UnionWith(RelativeFiles("/work/corpus/lockfiles", every: 1));
        bases.UnionWith(RelativeFiles("/work/bench-data/linux-6.1", every: 25));

        // Names from the built-in lists, in real-shaped places: every string a literal pattern expands to.
        foreach (var pattern in BuiltInPatterns())
        {
            foreach (var text in Expansions(pattern))
            {
                bases.Add(text);
                bases.Add("src/" + text);
                bases.Add("src/" + text + "x/y.c");
                bases.Add("src/my" + text);
                bases.Add("src/" + text + ".bak");
                bases.Add(text.TrimEnd('/', '\\') + "suite/x.c");
            }
        }

        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in bases)
        {
            result.Add(path);
            result.Add(path.ToUpperInvariant());
            result.Add(path.ToLowerInvariant());
            result.Add(path.Replace('/', '\\'));
            result.Add(path + "\n");
            result.Add(path + "\n\n");
            result.Add("/" + path);
            result.Add(path + ".bak");
            result.Add(path.Replace("k", "\u212A", StringComparison.Ordinal));
        }

        return s_realShapedPaths = [.. result.Order(StringComparer.Ordinal)];
    }

    private static IEnumerable<string> Expansions(string pattern)
    {
        // The literal text of a pattern without its anchors, e.g. "tests/" from (?:^|/)tests/ — enough to place the
        // pattern's own names in paths; the matcher's expansions are not exposed.
        var text = Regex.Replace(pattern, @"^\(\?i\)|^\(\?:\^\|\[/\\\\\]\)|^\(\?:\^\|/\)|^\^|\$$", "");
        return Regex.Split(text, @"[|()?:\[\]]").Select(t => t.Replace("\\", "", StringComparison.Ordinal)).Where(t => t.Length > 0);
    }

    private static IEnumerable<string> RelativeFiles(string root, int every)
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        return Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
            .Where((_, i) => i % every == 0)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'));
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bulwark.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
