using System.Text.RegularExpressions;

namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>A <see cref="SecretRule"/> with its regexes built once for the detector's lifetime.</summary>
internal sealed class CompiledRule
{
    public CompiledRule(SecretRule rule, TimeSpan backtrackingTimeout)
    {
        Rule = rule;
        try
        {
            Regex = rule.Regex.Length > 0 ? RuleRegex.Create(rule.Regex, backtrackingTimeout) : null;
            Path = rule.Path is { Length: > 0 } path ? RuleRegex.Create(path, backtrackingTimeout) : null;
            Allowlists = [.. rule.Allowlists.Select(a => new CompiledAllowlist(a, backtrackingTimeout))];
        }
        catch (ArgumentException e)
        {
            throw new SecretConfigException($"rule '{rule.Id}': invalid regex: {e.Message}", ruleId: rule.Id, innerException: e);
        }

        if (Regex is null && Path is null)
        {
            throw new SecretConfigException($"rule '{rule.Id}' has neither a regex nor a path", ruleId: rule.Id);
        }

        if (Regex is not null && rule.SecretGroup > 0 && rule.SecretGroup >= Regex.GetGroupNumbers().Length)
        {
            throw new SecretConfigException(
                $"rule '{rule.Id}': secretGroup {rule.SecretGroup} but the regex has only {Regex.GetGroupNumbers().Length - 1} group(s)",
                ruleId: rule.Id);
        }

        Keywords = [.. rule.Keywords.Where(k => k.Length > 0)];
    }

    public SecretRule Rule { get; }

    public string Id => Rule.Id;

    /// <summary>Null for a path-only rule, which reports a file by its name alone.</summary>
    public Regex? Regex { get; }

    public Regex? Path { get; }

    public CompiledAllowlist[] Allowlists { get; }

    public string[] Keywords { get; }

    public bool IsPathOnly => Regex is null;

    /// <summary>Whether the rule looks at this file at all (its path pattern and file-level allowlists).</summary>
    public bool AppliesTo(SecretSource source)
    {
        if (Path is not null && !Path.IsMatch(source.Path ?? ""))
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
