using System.Text;
using System.Text.RegularExpressions;

namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>
/// The path patterns of a rule or an allowlist, matched like the regexes they are. Most are literal in disguise —
/// file names (<c>(?:^|/)go\.sum$</c>), extensions (<c>(?i)\.(?:png|jpe?g)$</c>), directory names
/// (<c>(?:^|/)(?:tests?|fixtures)/</c>) — and those are matched as strings: building a linear-time regex costs tens
/// of milliseconds, which a pre-commit hook cannot spend on a path check. Only the other patterns build a regex,
/// on first use.
/// </summary>
internal sealed class PathPatterns
{
    private readonly LiteralPathPattern[] _literals;
    private readonly Lazy<Regex>? _rest;

    // Regex case folding knows Unicode equivalences (the Kelvin sign folds to k) that ordinal comparison does not:
    // a path with non-ASCII chars goes to the real regex whenever a literal pattern ignores case.
    private readonly Lazy<Regex>? _all;

    public PathPatterns(IReadOnlyList<string> patterns, TimeSpan backtrackingTimeout)
    {
        var literals = new List<LiteralPathPattern>();
        var rest = new List<string>();
        foreach (var pattern in patterns)
        {
            if (LiteralPathPattern.TryParse(pattern) is { } literal)
            {
                literals.Add(literal);
            }
            else
            {
                RuleRegex.Validate(pattern);
                rest.Add(pattern);
            }
        }

        _literals = [.. literals];
        if (RuleRegex.Any(rest) is { } other)
        {
            _rest = RuleRegex.CreateLazy(other, backtrackingTimeout);
        }

        if (literals.Exists(l => l.IgnoreCase))
        {
            _all = RuleRegex.CreateLazy(RuleRegex.Any(patterns)!, backtrackingTimeout);
        }
    }

    /// <summary>How many patterns are matched as strings (the rest need a regex).</summary>
    public int LiteralCount => _literals.Length;

    public bool IsMatch(string path)
    {
        if (_all is not null && !Ascii.IsValid(path))
        {
            return _all.Value.IsMatch(path);
        }

        // An ASCII path is lowercased once, so patterns that ignore case compare ordinally: ignoring case costs a scalar
        // loop per char per string, and a directory-name pattern expands to dozens of strings.
        var lowered = _all is null ? path : LoweredPath.Of(path);
        foreach (var literal in _literals)
        {
            if (literal.IsMatchLowered(path, lowered))
            {
                return true;
            }
        }

        return _rest is not null && _rest.Value.IsMatch(path);
    }
}

/// <summary>
/// The last path lowercased on this thread: a file's path is checked by the global allowlist, then by each distinct
/// allowlist of the rules, each of which would otherwise lowercase (and allocate) it again.
/// </summary>
internal static class LoweredPath
{
    [ThreadStatic]
    private static string? t_path;

    [ThreadStatic]
    private static string? t_lowered;

    public static string Of(string path)
    {
        // By reference: the same string object is the same text, and comparing texts would cost what lowering does.
        if (ReferenceEquals(path, t_path))
        {
            return t_lowered!;
        }

        var lowered = path.ToLowerInvariant();
        t_path = path;
        t_lowered = lowered;
        return lowered;
    }
}

/// <summary>
/// A path regex that is a finite set of strings: optional <c>(?i)</c>, an optional start anchor (<c>^</c>,
/// <c>(?:^|/)</c> or <c>(?:^|[/\\])</c>), literal chars and escapes, non-capturing groups of alternatives, small
/// char classes of literals, <c>?</c> after a char or group, and an optional <c>$</c>. Anything else (<c>\w</c>,
/// <c>.</c>, ranges, other quantifiers, inline flags inside) is not literal and stays a regex.
/// </summary>
internal sealed class LiteralPathPattern
{
    /// <summary>More expansions than this and the pattern is better left to a regex.</summary>
    private const int MaxExpansions = 512;

    private const string Metachars = ".^$*+?()[]{}|\\";

    private readonly string[] _strings;

    // With IgnoreCase, the strings lowercased (all are ASCII), for IsMatchLowered.
    private readonly string[] _lowered;

    // The strings (lowercased when ignoring case) by the ASCII char where a match is looked for: their last char when
    // the pattern ends with $ (tried at the path's end), else their first (tried at the path's start or at each segment
    // start). A path is then compared with the few strings that can match there, not searched for each string: a
    // directory-name or extension list expands to dozens. Null for an unanchored pattern, which searches.
    private readonly string[][]? _byChar;
    private readonly StartAnchor _start;
    private readonly string _separators;
    private readonly bool _end;
    private readonly StringComparison _comparison;

    private LiteralPathPattern(string[] strings, bool ignoreCase, StartAnchor start, string separators, bool end)
    {
        _strings = strings;
        _lowered = ignoreCase ? [.. strings.Select(s => s.ToLowerInvariant())] : strings;
        IgnoreCase = ignoreCase;
        _start = start;
        _separators = separators;
        _end = end;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (end || start != StartAnchor.None)
        {
            var buckets = new List<string>[128];
            foreach (var literal in _lowered)
            {
                ref var bucket = ref buckets[end ? literal[^1] : literal[0]];
                (bucket ??= []).Add(literal);
            }

            _byChar = [.. buckets.Select(b => b is null ? [] : b.ToArray())];
        }
    }

    private enum StartAnchor
    {
        None,
        Start,
        Segment,
    }

    public bool IgnoreCase { get; }

    public static LiteralPathPattern? TryParse(string pattern)
    {
        var text = pattern.AsSpan();
        var ignoreCase = false;
        if (text.StartsWith("(?i)", StringComparison.Ordinal))
        {
            ignoreCase = true;
            text = text[4..];
        }

        var start = StartAnchor.None;
        var separators = "";
        if (text.StartsWith(@"(?:^|[/\\])", StringComparison.Ordinal))
        {
            start = StartAnchor.Segment;
            separators = "/\\";
            text = text[11..];
        }
        else if (text.StartsWith("(?:^|/)", StringComparison.Ordinal))
        {
            start = StartAnchor.Segment;
            separators = "/";
            text = text[7..];
        }
        else if (text.StartsWith('^'))
        {
            start = StartAnchor.Start;
            text = text[1..];
        }

        var end = false;
        if (text.EndsWith('$') && !IsEscaped(text, text.Length - 1))
        {
            end = true;
            text = text[..^1];
        }

        var position = 0;
        var strings = ParseAlternatives(text, ref position, inGroup: false);
        if (strings is null || position != text.Length || strings.Count == 0 || strings.Exists(s => s.Length == 0 || !Ascii.IsValid(s)))
        {
            return null;
        }

        return new LiteralPathPattern([.. strings.Distinct(StringComparer.Ordinal)], ignoreCase, start, separators, end);
    }

    public bool IsMatch(string path) => IgnoreCase && !Ascii.IsValid(path)
        ? Search(path, _strings, _comparison)
        : IsMatchLowered(path, IgnoreCase ? path.ToLowerInvariant() : path);

    /// <summary>
    /// <see cref="IsMatch(string)"/> given the path lowercased as well: for an ASCII path and a pattern that ignores case,
    /// ignoring case is then an ordinal comparison of the lowercased path with the lowercased strings. The path must be
    /// ASCII when the pattern ignores case (<see cref="PathPatterns"/> sends other paths to the regex).
    /// </summary>
    public bool IsMatchLowered(string path, string lowered)
    {
        System.Diagnostics.Debug.Assert(lowered.Length == path.Length && (!IgnoreCase || Ascii.IsValid(path)));
        var text = IgnoreCase ? lowered : path;
        if (_byChar is not { } byChar)
        {
            return Search(text, _lowered, StringComparison.Ordinal);
        }

        if (_end)
        {
            // .NET's $ also matches before a final newline.
            return (text.Length > 0 && EndsAtAny(text, text.Length, byChar))
                || (text.Length > 1 && text[^1] == '\n' && EndsAtAny(text, text.Length - 1, byChar));
        }

        if (text.Length == 0)
        {
            return false;
        }

        if (StartsAtAny(text, 0, byChar))
        {
            return true;
        }

        if (_start == StartAnchor.Segment)
        {
            // Each segment start once, rather than each string searched for and its start checked.
            var separators = _separators.AsSpan();
            for (var at = text.AsSpan().IndexOfAny(separators); at >= 0 && at + 1 < text.Length;)
            {
                if (StartsAtAny(text, at + 1, byChar))
                {
                    return true;
                }

                var next = text.AsSpan(at + 1).IndexOfAny(separators);
                at = next < 0 ? -1 : at + 1 + next;
            }
        }

        return false;
    }

    private bool EndsAtAny(string path, int end, string[][] byChar)
    {
        var key = path[end - 1];
        if (key >= byChar.Length)
        {
            return false;
        }

        foreach (var literal in byChar[key])
        {
            if (EndsAt(path, end, literal, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private bool StartsAtAny(string path, int at, string[][] byChar)
    {
        var key = path[at];
        if (key >= byChar.Length)
        {
            return false;
        }

        var rest = path.AsSpan(at);
        foreach (var literal in byChar[key])
        {
            if (rest.StartsWith(literal, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Each string searched for in the path, and its anchors checked where found.</summary>
    private bool Search(string path, string[] strings, StringComparison comparison)
    {
        foreach (var literal in strings)
        {
            if (_end)
            {
                // .NET's $ also matches before a final newline.
                if (EndsAt(path, path.Length, literal, comparison) || (path.EndsWith('\n') && EndsAt(path, path.Length - 1, literal, comparison)))
                {
                    return true;
                }
            }
            else if (_start == StartAnchor.Start)
            {
                if (path.StartsWith(literal, comparison))
                {
                    return true;
                }
            }
            else
            {
                for (var at = path.IndexOf(literal, comparison); at >= 0; at = path.IndexOf(literal, at + 1, comparison))
                {
                    if (StartHolds(path, at))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private bool EndsAt(string path, int end, string literal, StringComparison comparison)
    {
        var at = end - literal.Length;
        return at >= 0 && path.AsSpan(at, literal.Length).Equals(literal, comparison) && StartHolds(path, at);
    }

    private bool StartHolds(string path, int at) => _start switch
    {
        StartAnchor.Start => at == 0,
        StartAnchor.Segment => at == 0 || _separators.Contains(path[at - 1], StringComparison.Ordinal),
        _ => true,
    };

    private static bool IsEscaped(ReadOnlySpan<char> text, int index)
    {
        var backslashes = 0;
        for (var i = index - 1; i >= 0 && text[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 1;
    }

    /// <summary>alternatives := sequence ('|' sequence)*; null when not literal.</summary>
    private static List<string>? ParseAlternatives(ReadOnlySpan<char> text, ref int position, bool inGroup)
    {
        var result = new List<string>();
        while (true)
        {
            var sequence = ParseSequence(text, ref position);
            if (sequence is null || result.Count + sequence.Count > MaxExpansions)
            {
                return null;
            }

            result.AddRange(sequence);
            if (position < text.Length && text[position] == '|')
            {
                position++;
                continue;
            }

            if (position < text.Length && text[position] == ')' && !inGroup)
            {
                return null;
            }

            return result;
        }
    }

    /// <summary>sequence := (atom '?'?)*, expanded to every string it matches.</summary>
    private static List<string>? ParseSequence(ReadOnlySpan<char> text, ref int position)
    {
        var result = new List<string> { "" };
        while (position < text.Length && text[position] is not ('|' or ')'))
        {
            var atom = ParseAtom(text, ref position);
            if (atom is null)
            {
                return null;
            }

            if (position < text.Length && text[position] == '?')
            {
                position++;
                if (position < text.Length && text[position] is '?' or '+')
                {
                    return null;
                }

                atom.Add("");
            }
            else if (position < text.Length && text[position] is '*' or '+' or '{')
            {
                return null;
            }

            if ((long)result.Count * atom.Count > MaxExpansions)
            {
                return null;
            }

            result = [.. result.SelectMany(prefix => atom.Select(tail => prefix + tail))];
        }

        return result;
    }

    private static List<string>? ParseAtom(ReadOnlySpan<char> text, ref int position)
    {
        var c = text[position];
        switch (c)
        {
            case '(':
                if (!text[position..].StartsWith("(?:", StringComparison.Ordinal))
                {
                    return null;
                }

                position += 3;
                var inner = ParseAlternatives(text, ref position, inGroup: true);
                if (inner is null || position >= text.Length || text[position] != ')')
                {
                    return null;
                }

                position++;
                return inner;
            case '[':
                return ParseClass(text, ref position);
            case '\\':
                return EscapedLiteral(text, ref position) is { } escaped ? [escaped.ToString()] : null;
            default:
                if (Metachars.Contains(c, StringComparison.Ordinal))
                {
                    return null;
                }

                position++;
                return [c.ToString()];
        }
    }

    /// <summary>A class of single literal chars (<c>[jt]</c>, <c>[/\\]</c>, <c>[._-]</c>): no ranges, no negation.</summary>
    private static List<string>? ParseClass(ReadOnlySpan<char> text, ref int position)
    {
        position++;
        if (position < text.Length && text[position] == '^')
        {
            return null;
        }

        var chars = new List<string>();
        while (position < text.Length && text[position] != ']')
        {
            char member;
            if (text[position] == '\\')
            {
                if (EscapedLiteral(text, ref position) is not { } escaped)
                {
                    return null;
                }

                member = escaped;
            }
            else
            {
                member = text[position++];
                if (member == '[' || (member == '-' && chars.Count > 0 && position < text.Length && text[position] != ']'))
                {
                    return null;
                }
            }

            chars.Add(member.ToString());
        }

        if (position >= text.Length || chars.Count == 0)
        {
            return null;
        }

        position++;
        return chars;
    }

    /// <summary>An escaped punctuation char (<c>\.</c>, <c>\/</c>, <c>\\</c>); escapes of letters and digits are classes or anchors.</summary>
    private static char? EscapedLiteral(ReadOnlySpan<char> text, ref int position)
    {
        if (position + 1 >= text.Length || char.IsAsciiLetterOrDigit(text[position + 1]) || !char.IsAscii(text[position + 1]) || char.IsWhiteSpace(text[position + 1]))
        {
            return null;
        }

        var escaped = text[position + 1];
        position += 2;
        return escaped;
    }
}
