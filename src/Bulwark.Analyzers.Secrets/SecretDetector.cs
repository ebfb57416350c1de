using System.Text.RegularExpressions;

namespace Bulwark.Analyzers.Secrets;

/// <summary>
/// Finds secrets in text with a set of rules. REFERENCE implementation (correct, not fast): every rule's
/// regex runs over the whole text when one of its keywords occurs. To be replaced by the prefiltered engine
/// behind the same API.
/// </summary>
public sealed class SecretDetector
{
    private readonly List<(SecretRule Rule, Regex Regex)> _rules;

    public SecretDetector(IEnumerable<SecretRule> rules)
    {
        _rules = [.. rules.Select(r => (r, new Regex(r.Regex, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)))];
    }

    public IReadOnlyList<SecretMatch> Detect(string text, string path = "")
    {
        var results = new List<SecretMatch>();
        var lower = text.ToLowerInvariant();
        foreach (var (rule, regex) in _rules)
        {
            if (!rule.Keywords.IsEmpty && !rule.Keywords.Any(k => lower.Contains(k, StringComparison.Ordinal)))
            {
                continue;
            }

            if (rule.Path is { } pathPattern && !Regex.IsMatch(path, pathPattern, RegexOptions.NonBacktracking))
            {
                continue;
            }

            foreach (Match m in regex.Matches(text))
            {
                var group = SecretGroupOf(rule, m);
                var secret = group.Value;
                var entropy = ShannonEntropy(secret);
                if (rule.Entropy is { } min && entropy < min)
                {
                    continue;
                }

                var (startLine, startColumn) = LineAndColumn(text, m.Index);
                var (endLine, endColumn) = LineAndColumn(text, m.Index + Math.Max(m.Length - 1, 0));
                results.Add(new SecretMatch(rule.Id, secret, m.Value, startLine, endLine, startColumn, endColumn, entropy));
            }
        }

        return results;
    }

    internal static Group SecretGroupOf(SecretRule rule, Match match)
    {
        if (rule.SecretGroup > 0 && rule.SecretGroup < match.Groups.Count)
        {
            return match.Groups[rule.SecretGroup];
        }

        for (var i = 1; i < match.Groups.Count; i++)
        {
            if (match.Groups[i].Success && match.Groups[i].Length > 0)
            {
                return match.Groups[i];
            }
        }

        return match;
    }

    public static double ShannonEntropy(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return 0;
        }

        var counts = new Dictionary<char, int>();
        foreach (var c in value)
        {
            counts[c] = counts.TryGetValue(c, out var n) ? n + 1 : 1;
        }

        double entropy = 0;
        foreach (var count in counts.Values)
        {
            var p = (double)count / value.Length;
            entropy -= p * Math.Log2(p);
        }

        return entropy;
    }

    private static (int Line, int Column) LineAndColumn(string text, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, index - lineStart + 1);
    }
}
