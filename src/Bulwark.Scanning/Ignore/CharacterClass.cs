namespace Bulwark.Scanning.Ignore;

/// <summary>
/// A bracket expression of a glob (<c>[a-z]</c>, <c>[!0-9]</c>, <c>[[:alpha:]]</c>), parsed the way git's
/// wildmatch reads it: <c>!</c> or <c>^</c> negates, a leading <c>]</c> is literal, <c>\</c> escapes,
/// <c>-</c> is literal at either end, and the POSIX classes are the ASCII ones.
/// </summary>
internal sealed class CharacterClass
{
    // ASCII membership as a 128-bit set; other characters (rare in ignore files) as a range list.
    private readonly ulong _low;
    private readonly ulong _high;
    private readonly (char First, char Last)[] _wide;
    private readonly bool _negated;

    private CharacterClass(ulong low, ulong high, (char First, char Last)[] wide, bool negated)
    {
        _low = low;
        _high = high;
        _wide = wide;
        _negated = negated;
    }

    public bool Matches(char c)
    {
        bool member;
        if (c < 64)
        {
            member = ((_low >> c) & 1) != 0;
        }
        else if (c < 128)
        {
            member = ((_high >> (c - 64)) & 1) != 0;
        }
        else
        {
            member = false;
            foreach (var (first, last) in _wide)
            {
                if (c >= first && c <= last)
                {
                    member = true;
                    break;
                }
            }
        }

        return member != _negated;
    }

    /// <summary>
    /// Parses the bracket expression that starts at <paramref name="start"/> (the <c>[</c>).
    /// Returns the index after its closing <c>]</c>, or -1 when the expression is malformed (unterminated,
    /// unknown <c>[:class:]</c>): git then lets the whole pattern match nothing.
    /// </summary>
    public static int Parse(ReadOnlySpan<char> pattern, int start, out CharacterClass? result)
    {
        result = null;
        var builder = new Builder();
        var p = start + 1;
        var negated = false;
        if (p < pattern.Length && pattern[p] is '!' or '^')
        {
            negated = true;
            p++;
        }

        // prev is the last single character added, the low end of a possible range; -1 after a range or class.
        var prev = -1;
        var first = true;
        while (true)
        {
            if (p >= pattern.Length)
            {
                return -1;
            }

            var c = pattern[p];
            if (c == ']' && !first)
            {
                result = builder.Build(negated);
                return p + 1;
            }

            first = false;
            if (c == '\\')
            {
                if (++p >= pattern.Length)
                {
                    return -1;
                }

                c = pattern[p];
                builder.Add(c, c);
                prev = c;
                p++;
            }
            else if (c == '-' && prev >= 0 && p + 1 < pattern.Length && pattern[p + 1] != ']')
            {
                p++;
                var last = pattern[p];
                if (last == '\\')
                {
                    if (++p >= pattern.Length)
                    {
                        return -1;
                    }

                    last = pattern[p];
                }

                builder.Add((char)prev, last);
                prev = -1;
                p++;
            }
            else if (c == '[' && p + 1 < pattern.Length && pattern[p + 1] == ':')
            {
                var nameStart = p + 2;
                var close = pattern[nameStart..].IndexOf(']');
                if (close < 0)
                {
                    return -1;
                }

                close += nameStart;
                if (close - 1 < nameStart || pattern[close - 1] != ':')
                {
                    // No ":]": the '[' is an ordinary member and parsing goes on after it.
                    builder.Add('[', '[');
                    prev = '[';
                    p++;
                    continue;
                }

                if (!builder.AddPosixClass(pattern[nameStart..(close - 1)]))
                {
                    return -1;
                }

                prev = -1;
                p = close + 1;
            }
            else
            {
                builder.Add(c, c);
                prev = c;
                p++;
            }
        }
    }

    private sealed class Builder
    {
        private readonly List<(char, char)> _wide = [];
        private ulong _low;
        private ulong _high;

        public void Add(char first, char last)
        {
            for (int c = first; c <= last && c < 128; c++)
            {
                AddAscii(c);
            }

            if (last >= 128)
            {
                _wide.Add(((char)Math.Max(first, (char)128), last));
            }
        }

        public bool AddPosixClass(ReadOnlySpan<char> name)
        {
            Func<int, bool>? test = name switch
            {
                "alnum" => c => char.IsAsciiLetterOrDigit((char)c),
                "alpha" => c => char.IsAsciiLetter((char)c),
                "blank" => c => c is ' ' or '\t',
                "cntrl" => c => c < 32 || c == 127,
                "digit" => c => char.IsAsciiDigit((char)c),
                "graph" => c => c is > 32 and < 127,
                "lower" => c => char.IsAsciiLetterLower((char)c),
                "print" => c => c is >= 32 and < 127,
                "punct" => c => c is > 32 and < 127 && !char.IsAsciiLetterOrDigit((char)c),
                // git's own ctype: no \v or \f
                "space" => c => c is ' ' or '\t' or '\n' or '\r',
                "upper" => c => char.IsAsciiLetterUpper((char)c),
                "xdigit" => c => char.IsAsciiHexDigit((char)c),
                _ => null,
            };
            if (test is null)
            {
                return false;
            }

            for (var c = 0; c < 128; c++)
            {
                if (test(c))
                {
                    AddAscii(c);
                }
            }

            return true;
        }

        public CharacterClass Build(bool negated) => new(_low, _high, [.. _wide], negated);

        private void AddAscii(int c)
        {
            if (c < 64)
            {
                _low |= 1UL << c;
            }
            else
            {
                _high |= 1UL << (c - 64);
            }
        }
    }
}
