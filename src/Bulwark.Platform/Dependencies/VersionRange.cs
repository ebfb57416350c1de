using Bulwark.Advisories.Versions;

namespace Bulwark.Platform.Dependencies;

/// <summary>
/// A set of versions: alternatives joined by <c>||</c>, each a conjunction of comparisons
/// (<c>&gt;=2.0.0, &lt;2.17.1</c>; commas or spaces between them) or a Maven/NuGet interval (<c>[2.0,2.17.1)</c>).
/// Versions are ordered by their ecosystem's own rules (<see cref="VersionSchemes"/>), never as text.
/// </summary>
public sealed class VersionRange
{
    private readonly List<List<(string Op, string Version)>> _alternatives;

    private VersionRange(string text, List<List<(string Op, string Version)>> alternatives)
    {
        Text = text;
        _alternatives = alternatives;
    }

    /// <summary>The range in comparison syntax, for answers and messages.</summary>
    public string Text { get; }

    public static VersionRange Below(string version) => Parse("<" + version);

    public static VersionRange AtLeast(string version) => Parse(">=" + version);

    /// <summary>Both ranges at once (<c>below</c> and <c>at_least</c> together).</summary>
    public VersionRange And(VersionRange other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var combined = _alternatives.SelectMany(a => other._alternatives.Select(b => a.Concat(b).ToList())).ToList();
        return new VersionRange($"({Text}) && ({other.Text})", combined);
    }

    /// <summary>Reads a range; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static VersionRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var alternatives = new List<List<(string, string)>>();
        foreach (var part in text.Split("||"))
        {
            var alternative = part.Trim();
            if (alternative.Length == 0)
            {
                throw new FormatException($"version range '{text}' has an empty alternative");
            }

            alternatives.Add(alternative[0] is '[' or '(' ? Interval(alternative) : Comparisons(alternative, text));
        }

        return new VersionRange(text.Trim(), alternatives);
    }

    /// <summary>True or false when <paramref name="version"/> can be ordered by <paramref name="scheme"/>; null when it cannot.</summary>
    public bool? Contains(IVersionScheme scheme, string version)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        if (!scheme.TryParse(version, out _))
        {
            return null;
        }

        foreach (var alternative in _alternatives)
        {
            var all = true;
            foreach (var (op, bound) in alternative)
            {
                if (!scheme.TryCompare(version, bound, out var order))
                {
                    return null;
                }

                var holds = op switch
                {
                    "<" => order < 0,
                    "<=" => order <= 0,
                    ">" => order > 0,
                    ">=" => order >= 0,
                    "!=" => order != 0,
                    _ => order == 0,
                };
                if (!holds)
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    private static List<(string, string)> Comparisons(string alternative, string text)
    {
        var result = new List<(string, string)>();
        var tokens = alternative.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            var op = token.StartsWith("<=", StringComparison.Ordinal) || token.StartsWith(">=", StringComparison.Ordinal)
                     || token.StartsWith("==", StringComparison.Ordinal) || token.StartsWith("!=", StringComparison.Ordinal) ? token[..2]
                : token[0] is '<' or '>' or '=' ? token[..1]
                : string.Empty;
            var version = token[op.Length..];
            if (version.Length == 0 && op.Length > 0 && i + 1 < tokens.Length)
            {
                version = tokens[++i]; // "< 2.17.1"
            }

            if (version.Length == 0 || version.IndexOfAny(['<', '>', '=', '!']) >= 0)
            {
                throw new FormatException($"version range '{text}': '{token}' is not a comparison such as '<2.17.1' or '>=2.0'");
            }

            result.Add((op is "" or "==" ? "=" : op, version));
        }

        return result;
    }

    private static List<(string, string)> Interval(string alternative)
    {
        var close = alternative[^1];
        if (close is not (']' or ')'))
        {
            throw new FormatException($"version interval '{alternative}' must end with ']' or ')'");
        }

        var inner = alternative[1..^1].Split(',');
        if (inner.Length > 2)
        {
            throw new FormatException($"version interval '{alternative}' has more than two bounds");
        }

        var lower = inner[0].Trim();
        var upper = inner.Length == 2 ? inner[1].Trim() : lower;
        if (inner.Length == 1)
        {
            return [("=", lower)]; // [1.0] is exactly 1.0
        }

        var result = new List<(string, string)>();
        if (lower.Length > 0)
        {
            result.Add((alternative[0] == '[' ? ">=" : ">", lower));
        }

        if (upper.Length > 0)
        {
            result.Add((close == ']' ? "<=" : "<", upper));
        }

        if (result.Count == 0)
        {
            throw new FormatException($"version interval '{alternative}' has no bound");
        }

        return result;
    }
}
