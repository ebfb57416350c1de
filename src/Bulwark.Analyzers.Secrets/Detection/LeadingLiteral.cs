namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>
/// The literal every match of a rule starts with, and whether a word boundary (<c>\b</c>) comes before it: then a
/// letter, digit or '_' just before an occurrence (the <c>SK</c> of <c>DMA_MASK</c>) rules it out too.
/// </summary>
internal readonly record struct LiteralStart(string Text, bool AfterWordBoundary)
{
    /// <summary>Whether a match may start at <paramref name="position"/> of <paramref name="text"/>.</summary>
    public bool CanStartAt(ReadOnlySpan<char> text, int position) =>
        text[position..].StartsWith(Text, StringComparison.Ordinal)
        && (!AfterWordBoundary || position == 0 || !IsAsciiWordChar(text[position - 1]));

    // Only ASCII word chars rule a start out: .NET's \b knows more word chars, and none may be missed.
    private static bool IsAsciiWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}

/// <summary>
/// The literal, in its exact case, that every match of a regex starts with — <c>SK</c> for <c>\b(SK[0-9a-f]{32})\b</c> —
/// read from the pattern text conservatively: only word boundaries and plain or non-capturing groups may come before
/// it, no alternative may bypass it, and anything this reading does not understand gives no literal.
/// Keywords match case-insensitively, so the two-letter keyword <c>sk</c> occurs in every <c>task</c> and <c>disk</c>
/// of a source tree; when the keyword is a prefix of the rule's leading literal, only occurrences where the text
/// holds the literal itself can start a match, and only those need a window.
/// </summary>
internal static class LeadingLiteral
{
    /// <summary>The exact-case literal every match starts with (2 chars or more), or null when the pattern does not say.</summary>
    public static LiteralStart? Of(string pattern)
    {
        var i = 0;
        var depth = 0;
        var boundary = false;
        while (i < pattern.Length)
        {
            if (pattern.AsSpan(i).StartsWith(@"\b", StringComparison.Ordinal))
            {
                boundary = true;
                i += 2;
            }
            else if (pattern.AsSpan(i).StartsWith("(?:", StringComparison.Ordinal))
            {
                depth++;
                i += 3;
            }
            else if (pattern[i] == '(' && i + 1 < pattern.Length && pattern[i + 1] != '?')
            {
                depth++;
                i++;
            }
            else
            {
                break;
            }
        }

        var start = i;
        while (i < pattern.Length && IsLiteral(pattern[i]))
        {
            i++;
        }

        // A quantifier after the last char makes that char optional or repeated: the literal stops before it.
        if (i < pattern.Length && pattern[i] is '?' or '*' or '+' or '{')
        {
            i--;
        }

        var literal = pattern[start..Math.Max(start, i)];
        return literal.Length >= 2 && !HasBypassingAlternative(pattern, i, depth) ? new LiteralStart(literal, boundary) : null;
    }

    private static bool IsLiteral(char c) => char.IsAsciiLetterOrDigit(c) || c is '_';

    /// <summary>
    /// Whether a '|' after the literal belongs to the top level or to a group the literal is in, or such a group is
    /// optional.
    /// </summary>
    private static bool HasBypassingAlternative(string pattern, int from, int depth)
    {
        var level = depth;
        for (var i = from; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    i = RegexClass.End(pattern, i);
                    if (i < 0)
                    {
                        return true;
                    }

                    break;
                case '(':
                    level++;
                    break;
                case ')':
                    level--;

                    // A group holding the literal that may match zero times ((?:xoxe\.)?) lets matches skip it.
                    if (level < 0 || (level < depth && i + 1 < pattern.Length && pattern[i + 1] is '?' or '*' or '{'))
                    {
                        return true;
                    }

                    break;
                case '|':
                    if (level <= depth)
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }
}
