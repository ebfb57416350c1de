namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>Everything a detector builds once from its rules and global allowlists, shared by every scan.</summary>
internal sealed class CompiledRuleSet
{
    public CompiledRuleSet(IEnumerable<SecretRule> rules, IEnumerable<SecretAllowlist> allowlists, SecretDetectorOptions options)
    {
        Options = options;
        // Rules share allowlists (the placeholder list, test paths): one compiled copy each.
        var compiled = new Dictionary<SecretAllowlist, CompiledAllowlist>();
        CompiledAllowlist Compile(SecretAllowlist allowlist)
        {
            if (!compiled.TryGetValue(allowlist, out var result))
            {
                compiled[allowlist] = result = new CompiledAllowlist(allowlist, options.BacktrackingTimeout, compiled.Count);
            }

            return result;
        }

        Rules = [.. rules.Select(r => new CompiledRule(r, options.BacktrackingTimeout, Compile))];
        GlobalAllowlists = [.. allowlists.Select(Compile)];
        AllowlistCount = compiled.Count;

        var keyworded = new List<(int, IEnumerable<string>, LiteralStart?)>();
        var keywordless = new List<int>();
        var pathOnly = new List<int>();
        for (var i = 0; i < Rules.Length; i++)
        {
            var rule = Rules[i];
            if (rule.IsPathOnly)
            {
                pathOnly.Add(i);
            }
            else if (rule.SearchKeywords.Length == 0)
            {
                keywordless.Add(i);
            }
            else
            {
                keyworded.Add((i, rule.SearchKeywords, rule.Leading));
            }
        }

        Keywords = new KeywordIndex(keyworded);
        KeywordlessRules = [.. keywordless];
        PathOnlyRules = [.. pathOnly];
    }

    public SecretDetectorOptions Options { get; }

    public CompiledRule[] Rules { get; }

    public CompiledAllowlist[] GlobalAllowlists { get; }

    /// <summary>How many distinct allowlists the rules and the global list hold (<see cref="CompiledAllowlist.Index"/>).</summary>
    public int AllowlistCount { get; }

    public KeywordIndex Keywords { get; }

    /// <summary>Rules with a regex but no keyword: they run over every whole text.</summary>
    public int[] KeywordlessRules { get; }

    public int[] PathOnlyRules { get; }
}
