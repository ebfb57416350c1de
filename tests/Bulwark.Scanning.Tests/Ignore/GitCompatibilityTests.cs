using System.Text;
using Bulwark.Scanning.Tests.Fixtures;

namespace Bulwark.Scanning.Tests.Ignore;

#pragma warning disable CA5394 // seeded Random makes reproducible test trees, not secrets

/// <summary>
/// The walk against the real git on generated repositories: random patterns built from the pieces that
/// carry git's rules (anchoring, negation, dir-only, *, ?, classes, **) in .gitignore files at several
/// levels and in .git/info/exclude, over random trees. What git lists as untracked and not ignored must be
/// exactly what the walk hands out.
/// </summary>
public sealed class GitCompatibilityTests
{
    private static readonly string[] Directories = ["a", "b", "foo", "doc", "build"];
    private static readonly string[] Files = ["x.txt", "y.log", "foo.c", "keep.log", "README", ".env", "a.o", "logs", "bar"];
    private static readonly string[] Segments =
    [
        "a", "b", "foo", "doc", "build", "logs", "*", "?oo", "[ab]", "[!a]*", "**", "*.txt", "*.log", "x.*",
        "keep.log", "*.o", "f*", "README", ".*", "b*r", "[[:lower:]]*.c",
    ];

    [GitFact]
    public void Walk_lists_what_git_lists_on_generated_repositories()
    {
        var disagreements = new List<string>();
        int listed = 0, left = 0;
        for (var seed = 1; seed <= 40; seed++)
        {
            using var tree = new TemporaryTree();
            var random = new Random(seed);
            Git.Init(tree.Root);
            var ignoreFiles = Generate(random, tree);

            var git = Git.UnignoredFiles(tree.Root);
            var walked = new Workspace(tree.Root).Enumerate().Select(e => e.RelativePath).Order(StringComparer.Ordinal).ToList();

            listed += git.Count;
            left += Directory.EnumerateFiles(tree.Root, "*", SearchOption.AllDirectories)
                .Count(f => !Path.GetRelativePath(tree.Root, f).StartsWith(".git" + Path.DirectorySeparatorChar, StringComparison.Ordinal)) - git.Count;
            if (!git.SequenceEqual(walked))
            {
                disagreements.Add($"seed {seed}:\n{ignoreFiles}only git: {string.Join(", ", git.Except(walked))}\n" +
                    $"only walk: {string.Join(", ", walked.Except(git))}");
            }
        }

        Assert.True(disagreements.Count == 0, string.Join("\n\n", disagreements));

        // Not a vacuous agreement: the generated rules both keep and drop plenty of files.
        Assert.InRange(listed, 300, int.MaxValue);
        Assert.InRange(left, 300, int.MaxValue);
    }

    /// <summary>Builds a random tree with ignore files; returns them as text, to explain a disagreement.</summary>
    private static string Generate(Random random, TemporaryTree tree)
    {
        var directories = new List<string> { "" };
        for (var i = 0; i < 45; i++)
        {
            var directory = "";
            for (var depth = random.Next(4); depth > 0; depth--)
            {
                directory += Pick(random, Directories) + "/";
            }

            var path = directory + Pick(random, Files);
            if (!File.Exists(tree.PathOf(path)) && !Directory.Exists(tree.PathOf(path)))
            {
                tree.File(path);
                directories.Add(directory);
            }
        }

        var described = new StringBuilder();
        AddIgnoreFile(random, tree, described, ".gitignore", random.Next(4, 8));
        for (var i = random.Next(3); i > 0; i--)
        {
            var directory = Pick(random, directories);
            if (directory.Length > 0)
            {
                AddIgnoreFile(random, tree, described, directory + ".gitignore", random.Next(1, 5));
            }
        }

        if (random.Next(3) == 0)
        {
            AddIgnoreFile(random, tree, described, ".git/info/exclude", random.Next(1, 3));
        }

        return described.ToString();
    }

    private static void AddIgnoreFile(Random random, TemporaryTree tree, StringBuilder described, string path, int patterns)
    {
        var text = new StringBuilder();
        for (var i = 0; i < patterns; i++)
        {
            text.Append(Pattern(random)).Append('\n');
        }

        tree.File(path, text.ToString());
        described.Append("--- ").Append(path).Append('\n').Append(text);
    }

    private static string Pattern(Random random)
    {
        var pattern = new StringBuilder();
        if (random.Next(4) == 0)
        {
            pattern.Append('!');
        }

        if (random.Next(5) == 0)
        {
            pattern.Append('/');
        }

        for (var segments = random.Next(1, 4); segments > 0; segments--)
        {
            pattern.Append(Pick(random, Segments));
            if (segments > 1)
            {
                pattern.Append('/');
            }
        }

        if (random.Next(5) == 0)
        {
            pattern.Append('/');
        }

        return pattern.ToString();
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
