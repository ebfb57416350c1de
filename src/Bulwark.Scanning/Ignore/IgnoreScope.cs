namespace Bulwark.Scanning.Ignore;

/// <summary>
/// The ignore rules in force inside one directory, immutable so directories can be read on any thread.
/// Sources are asked strongest first and the first with an opinion wins:
/// <list type="number">
/// <item><c>--exclude</c> patterns;</item>
/// <item><c>.bulwarkignore</c> files, the deepest first;</item>
/// <item><c>.gitignore</c> files, the deepest first (git's order: a deeper file overrides a shallower one);</item>
/// <item><c>.git/info/exclude</c> of the repository.</item>
/// </list>
/// A directory holding its own <c>.git</c> (a nested repository or submodule) starts a fresh git chain,
/// as git itself does not apply the outer repository's files inside it.
/// </summary>
internal sealed class IgnoreScope
{
    private IgnoreScope(IgnoreRuleSet? excludes, RuleChain? bulwark, RuleChain? git)
    {
        Excludes = excludes;
        Bulwark = bulwark;
        Git = git;
    }

    public static IgnoreScope Empty { get; } = new(null, null, null);

    public IgnoreRuleSet? Excludes { get; }

    public RuleChain? Bulwark { get; }

    public RuleChain? Git { get; }

    public bool IsEmpty => Excludes is null && Bulwark is null && Git is null;

    public static IgnoreScope ForExcludes(IgnoreRuleSet? excludes) =>
        excludes is null || excludes.Count == 0 ? Empty : new IgnoreScope(excludes, null, null);

    /// <summary>The scope of a child directory that adds the rules it holds (any of them may be null).</summary>
    public IgnoreScope Enter(IgnoreRuleSet? bulwarkIgnore, IgnoreRuleSet? gitIgnore, bool newRepository, IgnoreRuleSet? repositoryExclude)
    {
        var git = newRepository ? null : Git;
        if (repositoryExclude is { Count: > 0 })
        {
            git = new RuleChain(repositoryExclude, git);
        }

        if (gitIgnore is { Count: > 0 })
        {
            git = new RuleChain(gitIgnore, git);
        }

        var bulwark = bulwarkIgnore is { Count: > 0 } ? new RuleChain(bulwarkIgnore, Bulwark) : Bulwark;
        return ReferenceEquals(git, Git) && ReferenceEquals(bulwark, Bulwark) ? this : new IgnoreScope(Excludes, bulwark, git);
    }

    public bool IsIgnored(in IgnoreCandidate candidate)
    {
        var verdict = Excludes?.Match(candidate) ?? IgnoreVerdict.None;
        if (verdict == IgnoreVerdict.None)
        {
            verdict = Bulwark?.Match(candidate) ?? IgnoreVerdict.None;
        }

        if (verdict == IgnoreVerdict.None)
        {
            verdict = Git?.Match(candidate) ?? IgnoreVerdict.None;
        }

        return verdict == IgnoreVerdict.Ignored;
    }
}

/// <summary>The rule sets of one kind from a directory up to the root, the deepest first.</summary>
internal sealed class RuleChain(IgnoreRuleSet rules, RuleChain? parent)
{
    public IgnoreRuleSet Rules { get; } = rules;

    public RuleChain? Parent { get; } = parent;

    public IgnoreVerdict Match(in IgnoreCandidate candidate)
    {
        for (var link = this; link is not null; link = link.Parent)
        {
            var verdict = link.Rules.Match(candidate);
            if (verdict != IgnoreVerdict.None)
            {
                return verdict;
            }
        }

        return IgnoreVerdict.None;
    }
}
