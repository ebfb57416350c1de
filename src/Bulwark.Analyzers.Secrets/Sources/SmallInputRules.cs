using System.Buffers;

namespace Bulwark.Analyzers.Secrets.Sources;

/// <summary>
/// Picks, for a known small input (a staged diff, a short pipe), the rules that can match it: those whose keywords
/// occur in the text or in what its encoded segments decode to, plus the rules without keywords. Compiling every
/// regex of a large rule set costs seconds; a pre-commit hook has a few hundred milliseconds. Built once per rule
/// set (it gathers the keywords), so it can be prepared while the input is still being read.
/// </summary>
public sealed class SmallInputRules
{
    /// <summary>Up to this many chars a plain search per keyword is cheaper than building a multi-string searcher.</summary>
    private const long PlainSearchLimit = 64 * 1024;

    private readonly SecretsConfig _config;
    private readonly SecretDetectorOptions? _options;
    private readonly int _decodeDepth;
    private readonly string[] _keywords;

    public SmallInputRules(SecretsConfig config, SecretDetectorOptions? options, int decodeDepth = 2)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegative(decodeDepth);
        _config = config;
        _options = options;
        _decodeDepth = decodeDepth;
        _keywords = config.Rules.SelectMany(r => r.Keywords).Where(k => k.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>A scanner with the rules these texts can trigger, decoding as deep as the scanner will.</summary>
    public LeakScanner ScannerFor(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        // Plain loops, not LINQ over the segment struct: generic code instantiated over our own value types is not
        // precompiled (ReadyToRun), and a hook pays for every method the JIT has to compile.
        var haystack = new List<string>(texts);
        var layer = new List<string>(texts);
        for (var depth = 0; depth < _decodeDepth && layer.Count > 0; depth++)
        {
            var decoded = new List<string>();
            foreach (var text in layer)
            {
                foreach (var segment in EncodedContent.Find(text))
                {
                    decoded.Add(segment.Decoded);
                }
            }

            haystack.AddRange(decoded);
            layer = decoded;
        }

        var present = KeywordsIn(haystack);
        var rules = new List<SecretRule>();
        foreach (var rule in _config.Rules)
        {
            if (rule.Keywords.IsEmpty || rule.Keywords.Any(present.Contains))
            {
                rules.Add(rule);
            }
        }

        return new LeakScanner(new SecretDetector(rules, _config.Allowlists, _options), _decodeDepth);
    }

    private HashSet<string> KeywordsIn(List<string> haystack)
    {
        var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long chars = 0;
        foreach (var text in haystack)
        {
            chars += text.Length;
        }

        if (chars <= PlainSearchLimit)
        {
            present.UnionWith(_keywords.Where(k => haystack.Exists(t => t.Contains(k, StringComparison.OrdinalIgnoreCase))));
            return present;
        }

        if (_keywords.Length == 0)
        {
            return present;
        }

        var search = SearchValues.Create(_keywords, StringComparison.OrdinalIgnoreCase);
        foreach (var text in haystack)
        {
            var span = text.AsSpan();
            for (var at = span.IndexOfAny(search); at >= 0; at = span.IndexOfAny(search))
            {
                foreach (var keyword in _keywords)
                {
                    if (span[at..].StartsWith(keyword, StringComparison.OrdinalIgnoreCase))
                    {
                        present.Add(keyword);
                    }
                }

                span = span[(at + 1)..];
            }
        }

        return present;
    }
}
