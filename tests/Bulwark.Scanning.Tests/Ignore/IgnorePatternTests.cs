using Bulwark.Scanning.Ignore;
using Bulwark.Scanning.Tests.Fixtures;

namespace Bulwark.Scanning.Tests.Ignore;

/// <summary>
/// gitignore semantics as git documents them (gitignore(5)), one pattern file against one path. The same
/// table is replayed against the real git in <see cref="Every_case_agrees_with_git_check_ignore"/>.
/// </summary>
public sealed class IgnorePatternTests
{
    // Patterns ('\n' between lines), path relative to the .gitignore, is the path a directory, ignored?
    public static readonly TheoryData<string, string, bool, bool> Cases = new()
    {
        // A pattern without a slash matches a name at any depth.
        { "*.log", "debug.log", false, true },
        { "*.log", "logs/debug.log", false, true },
        { "debug.log", "a/b/debug.log", false, true },
        { "*.log", "debug.log.txt", false, false },

        // Blank lines and comments are nothing; an escaped # or ! is literal.
        { "# debug.log\n\n", "debug.log", false, false },
        { "\\#notes", "#notes", false, true },
        { "\\!important", "!important", false, true },
        { "#notes", "#notes", false, false },

        // Trailing spaces are dropped unless escaped; leading spaces count.
        { "debug.log   ", "debug.log", false, true },
        { "name\\ ", "name ", false, true },
        { "name\\ ", "name", false, false },
        { " lead", "lead", false, false },
        { " lead", " lead", false, true },
        { "trailing\\", "trailing", false, false },

        // Negation: the last matching line wins.
        { "*.log\n!important.log", "important.log", false, false },
        { "*.log\n!important.log", "other.log", false, true },
        { "!important.log\n*.log", "important.log", false, true },

        // A leading or middle slash anchors to the .gitignore's directory.
        { "/debug.log", "debug.log", false, true },
        { "/debug.log", "logs/debug.log", false, false },
        { "doc/frotz", "doc/frotz", false, true },
        { "doc/frotz", "a/doc/frotz", false, false },
        { "/*.c", "cat-file.c", false, true },
        { "/*.c", "mozilla-sha1/sha1.c", false, false },
        { "doc/*.txt", "doc/notes.txt", false, true },
        { "doc/*.txt", "doc/server/arch.txt", false, false },

        // A trailing slash matches directories only, at any depth unless anchored.
        { "logs/", "logs", true, true },
        { "logs/", "logs", false, false },
        { "logs/", "src/logs", true, true },
        { "doc/frotz/", "doc/frotz", true, true },
        { "doc/frotz/", "a/doc/frotz", true, false },
        { "/build/", "build", true, true },
        { "/build/", "src/build", true, false },

        // * and ? stop at '/', [] classes.
        { "foo/*", "foo/test.json", false, true },
        { "foo/*", "foo/bar", true, true },
        { "foo/*", "foo/bar/hello.c", false, false }, // as a pattern; the walk never gets there (foo/bar is out)
        { "debug?.log", "debug0.log", false, true },
        { "debug?.log", "debug10.log", false, false },
        { "a?c/x", "a/c/x", false, false },
        { "debug[0-9].log", "debug1.log", false, true },
        { "debug[0-9].log", "debuga.log", false, false },
        { "debug[!01].log", "debug2.log", false, true },
        { "debug[!01].log", "debug1.log", false, false },
        { "debug[^01].log", "debug1.log", false, false },
        { "debug[ab].log", "debugb.log", false, true },
        { "x[]]y", "x]y", false, true },
        { "x[a-]y", "x-y", false, true },
        { "x[!]]y", "x]y", false, false },
        { "x[[:digit:]]y", "x7y", false, true },
        { "x[[:digit:]]y", "xay", false, false },
        { "x[[:alpha:][:digit:]]y", "xqy", false, true },
        { "x[\\]]y", "x]y", false, true },
        { "x[abc", "xa", false, false },
        { "x[[:nope:]]y", "xay", false, false },
        { "*.[oa]", "lib.a", false, true },
        { "*.[oa]", "lib.c", false, false },

        // ** forms.
        { "**/foo", "foo", false, true },
        { "**/foo", "a/b/foo", true, true },
        { "**/foo/bar", "foo/bar", false, true },
        { "**/foo/bar", "x/y/foo/bar", false, true },
        { "**/foo/bar", "foo/x/bar", false, false },
        { "abc/**", "abc/x", false, true },
        { "abc/**", "abc/x/y/z", false, true },
        { "abc/**", "abc", true, false },
        { "a/**/b", "a/b", false, true },
        { "a/**/b", "a/x/b", false, true },
        { "a/**/b", "a/x/y/b", false, true },
        { "a/**/b", "a/xb", false, false },
        { "a/**/**/b", "a/b", false, true },
        { "a**b", "axyzb", false, true },
        { "x/a**b", "x/a/b", false, false },
        { "**", "any/thing", false, true },
        { "**/", "dir", true, true },
        { "**/", "file", false, false },
        { "doc/**/*.txt", "doc/server/arch.txt", false, true },
        { "doc/**/*.txt", "doc/arch.txt", false, true },
        { "a/**/b/**/c", "a/1/b/2/3/c", false, true },
        { "a/**/b/**/c", "a/1/c", false, false },

        // Windows line endings are read like Unix ones.
        { "debug.log\r\nother\r\n", "debug.log", false, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pattern_matches_as_git_documents(string patterns, string path, bool isDirectory, bool ignored)
    {
        var rules = IgnoreRuleSet.Parse(patterns, "");

        var verdict = rules.Match(IgnoreCandidate.For(path, isDirectory));

        Assert.Equal(ignored, verdict == IgnoreVerdict.Ignored);
    }

    [Fact]
    public void Rules_of_a_subdirectory_file_match_paths_relative_to_it()
    {
        var rules = IgnoreRuleSet.Parse("/top.txt\ndoc/*.md\n", "sub/");

        Assert.Equal(IgnoreVerdict.Ignored, rules.Match(IgnoreCandidate.For("sub/top.txt", false)));
        Assert.Equal(IgnoreVerdict.None, rules.Match(IgnoreCandidate.For("sub/x/top.txt", false)));
        Assert.Equal(IgnoreVerdict.Ignored, rules.Match(IgnoreCandidate.For("sub/doc/a.md", false)));
    }

    [Fact]
    public void Negated_pattern_is_reported_as_included_so_weaker_sources_are_not_asked()
    {
        var rules = IgnoreRuleSet.Parse("*.log\n!keep.log\n", "");

        Assert.Equal(IgnoreVerdict.Included, rules.Match(IgnoreCandidate.For("keep.log", false)));
        Assert.Equal(IgnoreVerdict.None, rules.Match(IgnoreCandidate.For("keep.txt", false)));
    }

    [Fact]
    public void Non_ascii_names_match_character_by_character()
    {
        // git compares bytes, so its '?' would not match the two UTF-8 bytes of 'é'; names here are text.
        var rules = IgnoreRuleSet.Parse("caf?\n*ß\n", "");

        Assert.Equal(IgnoreVerdict.Ignored, rules.Match(IgnoreCandidate.For("café", false)));
        Assert.Equal(IgnoreVerdict.Ignored, rules.Match(IgnoreCandidate.For("dir/Fuß", false)));
        Assert.Equal(IgnoreVerdict.None, rules.Match(IgnoreCandidate.For("Fuss", false)));
    }

    [Fact]
    public void Pathological_stars_match_in_bounded_time()
    {
        // A backtracking matcher explores every way to split the name among the stars; this one does not.
        var rules = IgnoreRuleSet.Parse(string.Concat(Enumerable.Repeat("*a", 40)) + "b", "");
        var name = new string('a', 4000);

        Assert.Equal(IgnoreVerdict.None, rules.Match(IgnoreCandidate.For(name, false)));
    }

    private static bool ParentIsExcluded(string patterns, string path)
    {
        var rules = IgnoreRuleSet.Parse(patterns, "");
        for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            if (rules.Match(IgnoreCandidate.For(path[..slash], isDirectory: true)) == IgnoreVerdict.Ignored)
            {
                return true;
            }
        }

        return false;
    }

    [GitFact]
    public void Every_case_agrees_with_git_check_ignore()
    {
        var disagreements = new List<string>();
        foreach (var row in Cases)
        {
            var (patterns, path, isDirectory, ignored) = ((string)row[0], (string)row[1], (bool)row[2], (bool)row[3]);
            using var tree = new TemporaryTree();
            Git.Init(tree.Root);
            tree.File(".gitignore", patterns);
            if (isDirectory)
            {
                tree.Directory(path);
            }
            else
            {
                tree.File(path);
            }

            // check-ignore also reports a path whose parent directory is excluded: compare the pattern's own
            // verdict only where no parent directory is excluded.
            if (ParentIsExcluded(patterns, path))
            {
                Assert.True(Git.IsIgnored(tree.Root, path), $"{path}: git ignores it through its parent too");
                continue;
            }

            var gitSays = Git.IsIgnored(tree.Root, path);
            if (gitSays != ignored)
            {
                disagreements.Add($"{patterns.ReplaceLineEndings("\\n")} on {path}{(isDirectory ? "/" : "")}: git says {gitSays}");
            }
        }

        Assert.Empty(disagreements);
    }
}
