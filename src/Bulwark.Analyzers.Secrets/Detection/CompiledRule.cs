using System.Text.RegularExpressions;

namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>
/// A <see cref="SecretRule"/> ready to run. Its patterns are validated when the detector is built, but each
/// matcher is only built the first time the rule has something to look at: the linear-time engine takes
/// milliseconds per regex, and a scan of a small tree touches few of hundreds of rules.
/// </summary>
internal sealed class CompiledRule
{
    private readonly Lazy<Regex>? _regex;
    private readonly Lazy<Regex>? _path;

    public CompiledRule(SecretRule rule, TimeSpan backtrackingTimeout, Func<SecretAllowlist, CompiledAllowlist> allowlists)
    {
        Rule = rule;
        int groups;
        try
        {
            groups = rule.Regex.Length > 0 ? RuleRegex.Validate(rule.Regex) : 0;
            _regex = rule.Regex.Length > 0 ? RuleRegex.CreateLazy(rule.Regex, backtrackingTimeout) : null;
            if (rule.Path is { Length: > 0 } path)
            {
                RuleRegex.Validate(path);
                _path = RuleRegex.CreateLazy(path, backtrackingTimeout);
            }

            Allowlists = [.. rule.Allowlists.Select(allowlists)];
        }
        catch (ArgumentException e)
        {
            throw new SecretConfigException($"rule '{rule.Id}': invalid regex: {e.Message}", ruleId: rule.Id, innerException: e);
        }

        if (_regex is null && _path is null)
        {
            throw new SecretConfigException($"rule '{rule.Id}' has neither a regex nor a path", ruleId: rule.Id);
        }

        if (rule.SecretGroup > groups && _regex is not null)
        {
            throw new SecretConfigException($"rule '{rule.Id}': secretGroup {rule.SecretGroup} but the regex has only {groups} group(s)", ruleId: rule.Id);
        }

        Keywords = [.. rule.Keywords.Where(k => k.Length > 0)];
        Specificity = rule.EffectiveSpecificity;
    }

    public SecretRule Rule { get; }

    public string Id => Rule.Id;

    /// <summary>Null for a path-only rule, which reports a file by its name alone.</summary>
    public Regex? Regex => _regex?.Value;

    public CompiledAllowlist[] Allowlists { get; }

    public string[] Keywords { get; }

    public RuleSpecificity Specificity { get; }

    public bool IsPathOnly => _regex is null;

    /// <summary>Whether the rule looks at this file at all (its path pattern and file-level allowlists).</summary>
    public bool AppliesTo(SecretSource source)
    {
        if (_path is not null && !_path.Value.IsMatch(source.Path ?? ""))
        {
            return false;
        }

        foreach (var allowlist in Allowlists)
        {
            if (allowlist.AllowsFile(source))
            {
                return false;
            }
        }

        return true;
    }
}
