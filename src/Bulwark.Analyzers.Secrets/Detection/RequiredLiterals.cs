using System.Text;

namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>
/// Sets of literals such that every match of a regex contains at least one literal of each set — <c>client</c> or
/// <c>secret</c> for <c>(?i:github|gh)[\w.-]{0,20}(?i:client[_.-]?secret|secret)…</c>; <c>api</c>, and <c>key</c>, for
/// <c>…(?i:api[_.-]?key)…</c> — read from the pattern text conservatively. A rule's keyword opens a window on every
/// line that holds it (<c>gh</c> is in every <c>ghost</c> and <c>high</c>); when the window lacks one of the sets,
/// the rule's regex cannot match there and is not run. Literals are compared ASCII-case-insensitively whatever the pattern's case options, which only
/// widens what passes. Anything this reading does not understand gives no literal for that part (null overall
/// when no part gives one).
/// </summary>
internal static class RequiredLiterals
{
    /// <summary>Shorter literals rule out too few windows to pay for the test.</summary>
    public const int MinLength = 3;

    /// <summary>
    /// The sets of lowercased literals (every match holds one literal of each set), in pattern order, or null when
    /// the pattern does not say.
    /// </summary>
    /// <param name="minLength">The shortest literal a set may hold: an alternative with no literal this long gives no set.</param>
    public static string[][]? Of(string pattern, int minLength = MinLength)
    {
        try
        {
            var reader = new Reader(pattern, minLength);
            var sets = reader.Alternation();
            return reader.AtEnd && sets is { Count: > 0 }
                ? [.. sets.Select(set => set.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray())]
                : null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>A recursive reading of the pattern; throws <see cref="NotSupportedException"/> on what it does not know.</summary>
    private sealed class Reader(string pattern, int minLength)
    {
        private int _i;

        public bool AtEnd => _i == pattern.Length;

        /// <summary>
        /// Branches separated by '|'. One branch: its sets. Several: one set, the union of each branch's rarest set
        /// (every branch must have one), as a match holds a literal of whichever branch it took; a literal already
        /// taken from an earlier branch costs nothing more (<c>secret</c> for <c>client[_.-]?secret|secret</c>).
        /// </summary>
        public List<List<string>>? Alternation()
        {
            var branches = new List<List<List<string>>?>();
            while (true)
            {
                branches.Add(Sequence());
                if (_i < pattern.Length && pattern[_i] == '|')
                {
                    _i++;
                    continue;
                }

                break;
            }

            if (branches.Count == 1)
            {
                return branches[0];
            }

            var union = new List<string>();
            foreach (var branch in branches)
            {
                if (branch is null)
                {
                    return null;
                }

                union.AddRange(branch.MinBy(set => set.Sum(s => union.Contains(s) ? 0 : CommonTrigrams.Share(s)))!);
            }

            return [union];
        }

        /// <summary>Items up to a '|' or ')': each run of mandatory literal chars, and each set of mandatory groups, is a set.</summary>
        private List<List<string>>? Sequence()
        {
            var sets = new List<List<string>>();
            var run = new StringBuilder();

            void Flush()
            {
                if (run.Length >= minLength)
                {
                    sets.Add([run.ToString()]);
                }

                run.Clear();
            }

            while (_i < pattern.Length && pattern[_i] is not '|' and not ')')
            {
                var c = pattern[_i];
                char? literal = null;
                List<List<string>>? group = null;
                switch (c)
                {
                    case '(':
                        group = Group();
                        break;
                    case '[':
                        SkipClass();
                        break;
                    case '\\':
                        literal = Escape();
                        break;
                    case '.' or '^' or '$':
                        _i++;
                        break;
                    case '*' or '+' or '?' or '{':
                        // A quantifier with nothing to repeat: not a pattern this reading knows.
                        throw new NotSupportedException();
                    default:
                        if (c > 0x7E || c < 0x20)
                        {
                            _i++;
                            break;
                        }

                        literal = c;
                        _i++;
                        break;
                }

                var min = Quantifier();
                if (literal is { } ch && min == 1 && !Repeats)
                {
                    run.Append(char.ToLowerInvariant(ch));
                    continue;
                }

                Flush();
                if (group is not null && min >= 1)
                {
                    sets.AddRange(group);
                }
            }

            Flush();
            return sets.Count > 0 ? sets : null;
        }

        // Whether the last quantifier read was one (a single occurrence is exactly one only without a quantifier).
        private bool Repeats { get; set; }

        /// <summary>Reads an optional quantifier after an item: the least number of times it occurs (1 without one).</summary>
        private int Quantifier()
        {
            Repeats = false;
            if (_i >= pattern.Length)
            {
                return 1;
            }

            int min;
            switch (pattern[_i])
            {
                case '?' or '*':
                    min = 0;
                    _i++;
                    break;
                case '+':
                    min = 1;
                    _i++;
                    break;
                case '{':
                    var close = pattern.IndexOf('}', _i);
                    if (close < 0)
                    {
                        throw new NotSupportedException();
                    }

                    var body = pattern.AsSpan(_i + 1, close - _i - 1);
                    var comma = body.IndexOf(',');
                    if (!int.TryParse(comma < 0 ? body : body[..comma], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out min))
                    {
                        throw new NotSupportedException();
                    }

                    _i = close + 1;
                    break;
                default:
                    return 1;
            }

            Repeats = true;
            if (_i < pattern.Length && pattern[_i] == '?')
            {
                _i++;
            }

            return min;
        }

        /// <summary>A group from its '(' to past its ')': its sets when it is a plain, non-capturing or named group.</summary>
        private List<List<string>>? Group()
        {
            _i++;
            var known = true;
            if (_i < pattern.Length && pattern[_i] == '?')
            {
                _i++;
                if (_i < pattern.Length && pattern[_i] is '=' or '!')
                {
                    // A lookahead: it matches nothing itself.
                    known = false;
                    _i++;
                }
                else if (_i < pattern.Length && pattern[_i] == '<' && _i + 1 < pattern.Length && pattern[_i + 1] is '=' or '!')
                {
                    known = false;
                    _i += 2;
                }
                else if (_i < pattern.Length && pattern[_i] is '<' or '\'' or 'P')
                {
                    // A named group: (?<name>…), (?'name'…), (?P<name>…).
                    var end = pattern.IndexOfAny(['>', '\''], _i + 1);
                    if (end < 0)
                    {
                        throw new NotSupportedException();
                    }

                    _i = end + 1;
                }
                else
                {
                    // Inline options, scoped (?i:…) or to the end of the enclosing group (?i). Case options do not
                    // matter here; ignoring whitespace (x) changes what a literal is.
                    while (_i < pattern.Length && pattern[_i] is 'i' or 'm' or 's' or 'n' or '-')
                    {
                        _i++;
                    }

                    if (_i < pattern.Length && pattern[_i] == ')')
                    {
                        _i++;
                        return null;
                    }

                    if (_i >= pattern.Length || pattern[_i] != ':')
                    {
                        throw new NotSupportedException();
                    }

                    _i++;
                }
            }

            var inner = Alternation();
            if (_i >= pattern.Length || pattern[_i] != ')')
            {
                throw new NotSupportedException();
            }

            _i++;
            return known ? inner : null;
        }

        /// <summary>An escape: the char it stands for when it is an escaped punctuation char, else null (a class, an anchor…).</summary>
        private char? Escape()
        {
            if (_i + 1 >= pattern.Length)
            {
                throw new NotSupportedException();
            }

            var c = pattern[_i + 1];
            _i += 2;
            if (c is >= '!' and <= '~' && !char.IsAsciiLetterOrDigit(c))
            {
                return c;
            }

            switch (c)
            {
                case 'p' or 'P' when _i < pattern.Length && pattern[_i] == '{':
                    var close = pattern.IndexOf('}', _i);
                    _i = close < 0 ? throw new NotSupportedException() : close + 1;
                    break;
                case 'x':
                    _i += 2;
                    break;
                case 'u':
                    _i += 4;
                    break;
                case 'k' or 'c':
                    // Back-references by name and control chars: not worth knowing.
                    throw new NotSupportedException();
            }

            if (_i > pattern.Length)
            {
                throw new NotSupportedException();
            }

            return null;
        }

        private void SkipClass()
        {
            var end = RegexClass.End(pattern, _i);
            _i = end < 0 ? throw new NotSupportedException() : end + 1;
        }
    }
}
