using System.Buffers;
using System.Text.RegularExpressions;

namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>
/// A <see cref="SecretRule"/> ready to run. Its regex is parsed when the detector is built (see
/// <see cref="RuleMatcher"/>); its path pattern's matcher is built the first time a file is checked against it.
/// </summary>
internal sealed class CompiledRule
{
    private readonly RuleMatcher? _matcher;
    private readonly PathPatterns? _path;

    public CompiledRule(SecretRule rule, TimeSpan backtrackingTimeout, Func<SecretAllowlist, CompiledAllowlist> allowlists)
    {
        Rule = rule;
        int groups;
        try
        {
            _matcher = rule.Regex.Length > 0 ? new RuleMatcher(rule.Regex, backtrackingTimeout) : null;
            groups = _matcher?.GroupCount ?? 0;
            if (rule.Path is { Length: > 0 } path)
            {
                _path = new PathPatterns([path], backtrackingTimeout);
            }

            Allowlists = [.. rule.Allowlists.Select(allowlists)];
        }
        catch (ArgumentException e)
        {
            throw new SecretConfigException($"rule '{rule.Id}': invalid regex: {e.Message}", ruleId: rule.Id, innerException: e);
        }

        if (_matcher is null && _path is null)
        {
            throw new SecretConfigException($"rule '{rule.Id}' has neither a regex nor a path", ruleId: rule.Id);
        }

        if (rule.SecretGroup > groups && _matcher is not null)
        {
            throw new SecretConfigException($"rule '{rule.Id}': secretGroup {rule.SecretGroup} but the regex has only {groups} group(s)", ruleId: rule.Id);
        }

        Keywords = [.. rule.Keywords.Where(k => k.Length > 0)];
        Specificity = rule.EffectiveSpecificity;
        if (_matcher is not null)
        {
            Leading = rule.MultilineSpan > 0 ? null : LeadingLiteral.Of(rule.Regex);

            // A keyword the leading literal starts with is searched as that literal, already rare (KeywordIndex); a
            // multi-line match may hold its literals on other lines than the keyword's window.
            SearchKeywords = rule.MultilineSpan > 0 || Leading is { } leading && Keywords.Any(k => leading.Text.StartsWith(k, StringComparison.OrdinalIgnoreCase))
                ? Keywords
                : KeywordChoice.For(rule.Regex, Keywords);
            Required = RequiredIn(rule.Regex, SearchKeywords);
        }
        else
        {
            SearchKeywords = Keywords;
        }
    }

    /// <summary>
    /// Sets of literals of which every match holds one of each (<see cref="RequiredLiterals"/>): a window lacking a
    /// set cannot match. Only the sets a window its keywords open may lack (a keyword that holds a literal of the set
    /// says nothing new); null when none is left.
    /// </summary>
    public SearchValues<string>[]? Required { get; }

    public SecretRule Rule { get; }

    public string Id => Rule.Id;

    /// <summary>Null for a path-only rule, which reports a file by its name alone.</summary>
    public RuleMatcher? Matcher => _matcher;

    public CompiledAllowlist[] Allowlists { get; }

    public string[] Keywords { get; }

    /// <summary>What the keyword search looks for to open this rule's windows: its keywords, or rarer literals every match holds (<see cref="KeywordChoice"/>).</summary>
    public string[] SearchKeywords { get; }

    /// <summary>The exact-case literal every match starts with, if the pattern says (<see cref="LeadingLiteral"/>).</summary>
    public LiteralStart? Leading { get; }

    public RuleSpecificity Specificity { get; }

    public bool IsPathOnly => _matcher is null;

    private static SearchValues<string>[]? RequiredIn(string pattern, string[] keywords)
    {
        var sets = RequiredLiterals.Of(pattern)?
            .Where(set => keywords.Length == 0 || !keywords.All(k => set.Any(l => k.Contains(l, StringComparison.OrdinalIgnoreCase))))
            .Select(set => SearchValues.Create(set, StringComparison.OrdinalIgnoreCase))
            .ToArray();
        return sets is { Length: > 0 } ? sets : null;
    }

    /// <summary>Whether the rule looks at this file at all (its path pattern and file-level allowlists).</summary>
    /// <param name="fileVerdicts">
    /// Per allowlist (<see cref="CompiledAllowlist.Index"/>), what it said of this file so far: 0 not asked yet, 1 allows
    /// it, -1 does not. Rules share allowlists; each is judged once per file.
    /// </param>
    public bool AppliesTo(SecretSource source, sbyte[]? fileVerdicts = null)
    {
        if (_path is not null && !_path.IsMatch(source.Path ?? ""))
        {
            return false;
        }

        foreach (var allowlist in Allowlists)
        {
            if (fileVerdicts is null)
            {
                if (allowlist.AllowsFile(source))
                {
                    return false;
                }

                continue;
            }

            ref var verdict = ref fileVerdicts[allowlist.Index];
            if (verdict == 0)
            {
                verdict = allowlist.AllowsFile(source) ? (sbyte)1 : (sbyte)-1;
            }

            if (verdict > 0)
            {
                return false;
            }
        }

        return true;
    }
}
