using System.Buffers;
using System.Text.RegularExpressions;

namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>
/// A <see cref="SecretAllowlist"/> ready to run, with gitleaks' semantics: commits and paths can drop a whole
/// file before any regex runs; regexes (on the secret, the match or the line) and stop words (contained in the
/// secret, case-insensitively) drop single hits. With condition AND every criterion the allowlist defines must
/// hold; with OR any one.
/// </summary>
internal sealed class CompiledAllowlist
{
    private readonly Lazy<Regex>? _regexes;
    private readonly PathPatterns? _paths;
    private readonly SearchValues<string>? _stopWords;
    private readonly string[] _commits;

    /// <param name="index">Its place among the rule set's distinct allowlists (<see cref="Index"/>).</param>
    public CompiledAllowlist(SecretAllowlist allowlist, TimeSpan backtrackingTimeout, int index = 0)
    {
        Index = index;
        Condition = allowlist.Condition;
        Target = allowlist.RegexTarget;
        _regexes = Lazy(RuleRegex.Any([.. allowlist.Regexes]), backtrackingTimeout);
        _paths = allowlist.Paths.IsEmpty ? null : new PathPatterns(allowlist.Paths, backtrackingTimeout);
        var stopWords = allowlist.StopWords.Where(w => w.Length > 0).ToArray();
        _stopWords = stopWords.Length > 0 ? SearchValues.Create(stopWords, StringComparison.OrdinalIgnoreCase) : null;
        _commits = [.. allowlist.Commits.Select(c => c.Trim().ToLowerInvariant()).Where(c => c.Length > 0)];
    }

    /// <summary>
    /// Its place among the rule set's distinct allowlists: rules share allowlists (documentation and test paths), so a
    /// scan judges each one's file verdict once per file by this index, not once per rule.
    /// </summary>
    public int Index { get; }

    public AllowlistCondition Condition { get; }

    public AllowlistTarget Target { get; }

    /// <summary>Whether the hit-level checks need the text of the hit's line.</summary>
    public bool NeedsLine => _regexes is not null && Target == AllowlistTarget.Line;

    private bool HasFileCriteria => _paths is not null || _commits.Length > 0;

    private bool HasHitCriteria => _regexes is not null || _stopWords is not null;

    /// <summary>Whether the allowlist drops every hit of a file (path or commit), before scanning it.</summary>
    public bool AllowsFile(SecretSource source)
    {
        if (!HasFileCriteria)
        {
            return false;
        }

        if (Condition == AllowlistCondition.And)
        {
            // Regexes and stop words of an AND allowlist can only be judged per hit.
            return !HasHitCriteria
                && (_commits.Length == 0 || CommitAllowed(source.Commit))
                && (_paths is null || PathAllowed(source.Path));
        }

        return CommitAllowed(source.Commit) || PathAllowed(source.Path);
    }

    /// <summary>Whether the allowlist drops one hit. OR allowlists' paths and commits were judged by <see cref="AllowsFile"/>.</summary>
    public bool AllowsHit(string secret, string match, Func<string> line, SecretSource source)
    {
        if (Condition == AllowlistCondition.And)
        {
            return (_commits.Length == 0 || CommitAllowed(source.Commit))
                && (_paths is null || PathAllowed(source.Path))
                && (_regexes is null || RegexAllowed(secret, match, line))
                && (_stopWords is null || ContainsStopWord(secret))
                && (HasFileCriteria || HasHitCriteria);
        }

        return (_regexes is not null && RegexAllowed(secret, match, line)) || ContainsStopWord(secret);
    }

    private bool RegexAllowed(string secret, string match, Func<string> line)
    {
        var target = Target switch
        {
            AllowlistTarget.Match => match,
            AllowlistTarget.Line => line(),
            _ => secret,
        };
        return target.Length > 0 && _regexes!.Value.IsMatch(target);
    }

    private bool ContainsStopWord(string secret) => _stopWords is { } words && secret.AsSpan().IndexOfAny(words) >= 0;

    private bool PathAllowed(string? path) => _paths is { } paths && !string.IsNullOrEmpty(path) && paths.IsMatch(path);

    private static Lazy<Regex>? Lazy(string? pattern, TimeSpan backtrackingTimeout)
    {
        if (pattern is null)
        {
            return null;
        }

        RuleRegex.Validate(pattern);
        return RuleRegex.CreateLazy(pattern, backtrackingTimeout);
    }

    private bool CommitAllowed(string? commit)
    {
        if (string.IsNullOrEmpty(commit) || _commits.Length == 0)
        {
            return false;
        }

        foreach (var allowed in _commits)
        {
            // Full SHAs, and short ones (7+ chars) as people copy them from git log --oneline.
            if (commit.Equals(allowed, StringComparison.OrdinalIgnoreCase)
                || (allowed.Length >= 7 && commit.StartsWith(allowed, StringComparison.OrdinalIgnoreCase))
                || (commit.Length >= 7 && allowed.StartsWith(commit, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
