namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>Where a character class of a .NET regex pattern ends, for the pattern analyses that skip over classes.</summary>
internal static class RegexClass
{
    /// <summary>
    /// The index of the ']' closing the class opened at <paramref name="open"/>, or -1 when the class is unterminated
    /// or uses class subtraction (<c>[a-z-[aeiou]]</c>), which the analyses do not follow.
    /// </summary>
    public static int End(string pattern, int open)
    {
        var i = open + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        // A ']' first in the class is a member, not its end.
        if (i < pattern.Length && pattern[i] == ']')
        {
            i++;
        }

        for (; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                i++;
            }
            else if (pattern[i] == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
            {
                // A POSIX class inside a class ([[:alnum:]]), as translated gitleaks patterns may still hold.
                var close = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    return -1;
                }

                i = close + 1;
            }
            else if (pattern[i] == '[')
            {
                return -1;
            }
            else if (pattern[i] == ']')
            {
                return i;
            }
        }

        return -1;
    }
}
