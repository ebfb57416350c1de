using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Bulwark.Analyzers.Secrets.Config;

/// <summary>A Go RE2 construct with no .NET equivalent, or RE2 that Go itself would reject.</summary>
internal sealed class Re2TranslationException : Exception
{
    public Re2TranslationException()
    {
    }

    public Re2TranslationException(string message)
        : base(message)
    {
    }

    public Re2TranslationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public Re2TranslationException(string construct, string reason)
        : base($"{construct}: {reason}")
    {
        Construct = construct;
    }

    public string? Construct { get; }
}

/// <summary>
/// Translates Go RE2 syntax (gitleaks rules) to an equivalent .NET regex:
/// <list type="bullet">
/// <item>POSIX classes (<c>[[:alnum:]]</c>, <c>[[:^space:]]</c>) become explicit ranges;</item>
/// <item><c>\d \w \s</c> and their negations become RE2's ASCII-only classes (.NET's are Unicode);</item>
/// <item><c>$</c> outside multi-line mode becomes <c>\z</c> (RE2's <c>$</c> does not match before a final newline);</item>
/// <item><c>(?U)</c> (ungreedy) is applied by flipping the greediness of each quantifier in its scope;</item>
/// <item><c>\Q…\E</c> is escaped, <c>\x{…}</c> and octal escapes become <c>\u</c> escapes, <c>\pN</c> becomes <c>\p{N}</c>;</item>
/// <item><c>(?P&lt;name&gt;…)</c> becomes <c>(?&lt;name&gt;…)</c>, or a plain group when unnamed groups exist too, so
/// group numbers (what <c>secretGroup</c> counts) stay RE2's: .NET numbers named groups after unnamed ones.</item>
/// </list>
/// Lookarounds, backreferences and Unicode script classes are rejected, naming the construct.
/// </summary>
/// <summary>A translated regex and the shape of its matches.</summary>
/// <param name="Regex">The .NET regex.</param>
/// <param name="CrossesLines">Whether a match can hold a line break followed by more of the match.</param>
/// <param name="MaxLength">The longest match in UTF-16 chars, or <see cref="Re2Translator.Unbounded"/>.</param>
internal readonly record struct Re2Shape(string Regex, bool CrossesLines, int MaxLength);

internal static class Re2Translator
{
    /// <summary>What <see cref="Re2Shape.MaxLength"/> says when a match has no upper bound (<c>*</c>, <c>+</c>, <c>{n,}</c>).</summary>
    public const int Unbounded = int.MaxValue;

    public static string Translate(string pattern) => TranslateWithShape(pattern).Regex;

    /// <summary>The .NET regex and what its matches can look like (whether they cross lines, how long they get).</summary>
    public static Re2Shape TranslateWithShape(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var probe = new Translation(pattern, keepGroupNames: true);
        probe.Run();
        var translation = probe.UnnamedGroups == 0 ? probe : new Translation(pattern, keepGroupNames: false);
        if (translation != probe)
        {
            translation.Run();
        }

        var shape = translation.Shape;
        return new Re2Shape(translation.Output, shape.Crosses, shape.Width);
    }

    private readonly record struct Flags(bool Multiline, bool Ungreedy, bool DotAll = false);

    /// <summary>
    /// The shape of a piece of regex: its longest match in UTF-16 chars (saturating at <see cref="Unbounded"/>),
    /// whether it can match a line break (<paramref name="Newline"/>) and whether a line break can be followed by
    /// more of the match (<paramref name="Crosses"/>: the match spans two lines; a trailing newline does not).
    /// </summary>
    private readonly record struct Piece(int Width, bool Newline, bool Crosses)
    {
        public static readonly Piece Empty = new(0, false, false);

        public Piece Then(Piece next) => new(Add(Width, next.Width), Newline || next.Newline, Crosses || next.Crosses || (Newline && next.Width > 0));

        public Piece Or(Piece other) => new(Math.Max(Width, other.Width), Newline || other.Newline, Crosses || other.Crosses);

        public Piece Repeat(int max) => max <= 1
            ? this with { Width = max == 0 ? 0 : Width }
            : new(Multiply(Width, max), Newline, Crosses || (Newline && Width > 0));

        private static int Add(int a, int b) => (long)a + b >= Unbounded ? Unbounded : a + b;

        private static int Multiply(int a, int max) => a == 0 ? 0 : max == Unbounded || (long)a * max >= Unbounded ? Unbounded : a * max;
    }

    /// <summary>One group being read: the alternatives done, the sequence so far and its last element (for a quantifier).</summary>
    private sealed class Frame
    {
        public Piece Alternatives { get; set; }

        public bool HasAlternatives { get; set; }

        public Piece Before { get; set; } = Piece.Empty;

        public Piece Last { get; set; } = Piece.Empty;

        public Piece Sequence => Before.Then(Last);

        public Piece Total => HasAlternatives ? Alternatives.Or(Sequence) : Sequence;

        public void Append(Piece piece)
        {
            Before = Sequence;
            Last = piece;
        }

        public void Alternative()
        {
            Alternatives = HasAlternatives ? Alternatives.Or(Sequence) : Sequence;
            HasAlternatives = true;
            Before = Piece.Empty;
            Last = Piece.Empty;
        }
    }

    private sealed class Translation(string pattern, bool keepGroupNames)
    {
        private static readonly string[] GeneralCategories =
        [
            "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No",
            "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs",
        ];

        private static readonly SearchValues<char> NameChars =
            SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_");

        private readonly StringBuilder _out = new(pattern.Length + 16);
        private readonly Stack<Flags> _groups = new();
        private readonly Stack<Frame> _frames = new([new Frame()]);
        private Flags _flags;
        private int _i;

        public int UnnamedGroups { get; private set; }

        public string Output => _out.ToString();

        public Piece Shape => _frames.Peek().Total;

        public string Run()
        {
            while (_i < pattern.Length)
            {
                var c = pattern[_i];
                switch (c)
                {
                    case '\\':
                        Escape();
                        break;
                    case '[':
                        CharacterClass();
                        break;
                    case '(':
                        OpenGroup();
                        break;
                    case ')':
                        if (_groups.Count == 0)
                        {
                            throw new Re2TranslationException(")", "unbalanced parenthesis");
                        }

                        _flags = _groups.Pop();
                        var group = _frames.Pop().Total;
                        _frames.Peek().Append(group);
                        _out.Append(')');
                        _i++;
                        break;
                    case '*' or '+' or '?':
                        _i++;
                        Quantifier(c.ToString());
                        break;
                    case '{':
                        if (TryRepetition(out var repetition))
                        {
                            Quantifier(repetition);
                        }
                        else
                        {
                            _out.Append(@"\{");
                            Atom(new Piece(1, false, false));
                            _i++;
                        }

                        break;
                    case '$':
                        _out.Append(_flags.Multiline ? "$" : @"\z");
                        Atom(Piece.Empty);
                        _i++;
                        break;
                    case '|':
                        _frames.Peek().Alternative();
                        _out.Append(c);
                        _i++;
                        break;
                    case '^':
                        Atom(Piece.Empty);
                        _out.Append(c);
                        _i++;
                        break;
                    case '.':
                        Atom(new Piece(1, _flags.DotAll, false));
                        _out.Append(c);
                        _i++;
                        break;
                    default:
                        // Literals mean the same in both dialects (.NET without the x flag).
                        Atom(new Piece(1, c == '\n', false));
                        _out.Append(c);
                        _i++;
                        break;
                }
            }

            if (_groups.Count > 0)
            {
                throw new Re2TranslationException("(", "missing closing parenthesis");
            }

            return Output;
        }

        private void Quantifier(string quantifier)
        {
            var lazy = _i < pattern.Length && pattern[_i] == '?';
            if (lazy)
            {
                _i++;
            }

            var frame = _frames.Peek();
            frame.Last = frame.Last.Repeat(MaxCount(quantifier));
            _out.Append(quantifier);
            if (lazy != _flags.Ungreedy)
            {
                _out.Append('?');
            }
        }

        private static int MaxCount(string quantifier)
        {
            if (quantifier == "?")
            {
                return 1;
            }

            if (quantifier is "*" or "+" || quantifier.EndsWith(",}", StringComparison.Ordinal))
            {
                return Unbounded;
            }

            var comma = quantifier.IndexOf(',', StringComparison.Ordinal);
            return int.Parse(quantifier.AsSpan(comma < 0 ? 1 : comma + 1, quantifier.Length - (comma < 0 ? 2 : comma + 2)), CultureInfo.InvariantCulture);
        }

        private void Atom(Piece piece) => _frames.Peek().Append(piece);

        /// <summary>A single-char atom as emitted (a class, an escape): whether it matches a line break is asked of .NET.</summary>
        private void CharAtom(string dotnet) =>
            Atom(new Piece(1, new Regex(dotnet, RegexOptions.CultureInvariant).IsMatch("\n"), false));

        /// <summary>RE2 repetition <c>{n}</c>, <c>{n,}</c>, <c>{n,m}</c>; anything else is a literal brace.</summary>
        private bool TryRepetition(out string repetition)
        {
            repetition = "";
            var close = pattern.IndexOf('}', _i);
            if (close < 0)
            {
                return false;
            }

            var body = pattern.AsSpan(_i + 1, close - _i - 1);
            var comma = body.IndexOf(',');
            var low = comma < 0 ? body : body[..comma];
            var high = comma < 0 ? body : body[(comma + 1)..];
            if (!IsCount(low) || (comma >= 0 && high.Length > 0 && !IsCount(high)))
            {
                return false;
            }

            var min = int.Parse(low, CultureInfo.InvariantCulture);
            var max = high.Length > 0 ? int.Parse(high, CultureInfo.InvariantCulture) : -1;
            if (min > 1000 || max > 1000)
            {
                throw new Re2TranslationException($"{{{body}}}", "repetition count above RE2's limit of 1000");
            }

            if (max >= 0 && max < min)
            {
                throw new Re2TranslationException($"{{{body}}}", "invalid repetition range");
            }

            repetition = pattern[_i..(close + 1)];
            _i = close + 1;
            return true;

            static bool IsCount(ReadOnlySpan<char> digits) => digits.Length is > 0 and <= 4 && !digits.ContainsAnyExceptInRange('0', '9');
        }

        private void OpenGroup()
        {
            if (At(1) != '?')
            {
                UnnamedGroups++;
                PushGroup(_flags);
                _out.Append('(');
                _i++;
                return;
            }

            var kind = At(2);
            if ((kind == 'P' && At(3) == '<') || (kind == '<' && (char.IsAsciiLetter(At(3)) || At(3) == '_')))
            {
                var nameStart = _i + (kind == 'P' ? 4 : 3);
                var nameEnd = pattern.IndexOf('>', nameStart);
                if (nameEnd < 0)
                {
                    throw new Re2TranslationException(pattern[_i..Math.Min(pattern.Length, _i + 8)], "unterminated group name");
                }

                var name = pattern[nameStart..nameEnd];
                if (name.Length == 0 || name.AsSpan().ContainsAnyExcept(NameChars) || char.IsAsciiDigit(name[0]))
                {
                    throw new Re2TranslationException($"(?P<{name}>", "invalid group name");
                }

                PushGroup(_flags);
                _out.Append(keepGroupNames ? $"(?<{name}>" : "(");
                _i = nameEnd + 1;
                return;
            }

            var construct = kind switch
            {
                'P' when At(3) == '=' => "named backreference (?P=name)",
                'P' when At(3) == '>' => "recursion (?P>name)",
                '=' => "lookahead (?=...)",
                '!' => "negative lookahead (?!...)",
                '<' when At(3) == '=' => "lookbehind (?<=...)",
                '<' when At(3) == '!' => "negative lookbehind (?<!...)",
                '>' => "atomic group (?>...)",
                '#' => "comment group (?#...)",
                _ => null,
            };
            if (construct is not null)
            {
                throw new Re2TranslationException(construct, "not part of RE2 and not supported");
            }

            if (kind == ':')
            {
                PushGroup(_flags);
                _out.Append("(?:");
                _i += 3;
                return;
            }

            Flags();
        }

        /// <summary><c>(?flags)</c> for the rest of the current group, or <c>(?flags:re)</c> for a new one.</summary>
        private void Flags()
        {
            var start = _i;
            _i += 2;
            var negate = false;
            var flags = _flags;
            var dotnet = new StringBuilder();
            while (_i < pattern.Length && pattern[_i] is not (')' or ':'))
            {
                var flag = pattern[_i++];
                switch (flag)
                {
                    case '-' when !negate:
                        negate = true;
                        dotnet.Append('-');
                        break;
                    case 'i':
                        dotnet.Append(flag);
                        break;
                    case 's':
                        flags = flags with { DotAll = !negate };
                        dotnet.Append(flag);
                        break;
                    case 'm':
                        flags = flags with { Multiline = !negate };
                        dotnet.Append(flag);
                        break;
                    case 'U':
                        flags = flags with { Ungreedy = !negate };
                        break;
                    default:
                        throw new Re2TranslationException($"(?{flag}", $"unknown flag '{flag}' (RE2 has i, m, s, U)");
                }
            }

            if (_i >= pattern.Length)
            {
                throw new Re2TranslationException(pattern[start..], "unterminated flag group");
            }

            var options = dotnet.ToString().TrimEnd('-');
            if (options.StartsWith('-') && options.Length == 1)
            {
                options = "";
            }

            if (pattern[_i] == ')')
            {
                _flags = flags;
                if (options.Length > 0)
                {
                    _out.Append("(?").Append(options).Append(')');
                }
            }
            else
            {
                PushGroup(_flags);
                _flags = flags;
                _out.Append("(?").Append(options).Append(':');
            }

            _i++;
        }

        private void PushGroup(Flags outer)
        {
            _groups.Push(outer);
            _frames.Push(new Frame());
        }

        private void Escape()
        {
            var next = At(1);
            switch (next)
            {
                case '\0' when _i + 1 >= pattern.Length:
                    throw new Re2TranslationException(@"\", "trailing backslash");
                case 'Q':
                    QuotedLiteral();
                    return;
                case 'd' or 'D' or 'w' or 'W' or 's' or 'S':
                    var set = PerlClass(next);
                    var perl = (char.IsUpper(next) ? "[^" : "[") + set + "]";
                    _out.Append(perl);
                    CharAtom(perl);
                    _i += 2;
                    return;
                case 'b' or 'B' or 'A' or 'z':
                    _out.Append('\\').Append(next);
                    Atom(Piece.Empty);
                    _i += 2;
                    return;
                case 'p' or 'P':
                    var unicode = UnicodeClass(insideClass: false);
                    _out.Append(unicode);
                    CharAtom(unicode);
                    return;
                default:
                    var code = CharEscape();
                    AppendLiteral(code);
                    Atom(new Piece(code > 0xFFFF ? 2 : 1, code == '\n', false));
                    return;
            }
        }

        /// <summary><c>\Q…\E</c>: everything between is literal.</summary>
        private void QuotedLiteral()
        {
            _i += 2;
            var end = pattern.IndexOf(@"\E", _i, StringComparison.Ordinal);
            var literal = end < 0 ? pattern[_i..] : pattern[_i..end];
            foreach (var c in literal)
            {
                AppendLiteral(c);
                Atom(new Piece(1, c == '\n', false));
            }

            _i = end < 0 ? pattern.Length : end + 2;
        }

        /// <summary>A single-char escape at <c>_i</c> (<c>\n</c>, <c>\x41</c>, <c>\101</c>, <c>\.</c>); consumes it.</summary>
        private int CharEscape()
        {
            var next = At(1);
            switch (next)
            {
                case 'a': _i += 2; return 0x07;
                case 'f': _i += 2; return 0x0C;
                case 't': _i += 2; return 0x09;
                case 'n': _i += 2; return 0x0A;
                case 'r': _i += 2; return 0x0D;
                case 'v': _i += 2; return 0x0B;
                case 'x':
                    return HexEscape();
                case >= '0' and <= '7':
                    return OctalEscape();
                case '8' or '9':
                    throw new Re2TranslationException($@"\{next}", "backreferences are not part of RE2");
            }

            if (next < 0x80 && !char.IsAsciiLetterOrDigit(next))
            {
                // RE2: an escaped punctuation char is itself.
                _i += 2;
                return next;
            }

            throw new Re2TranslationException($@"\{next}", "unknown escape sequence in RE2");
        }

        private int HexEscape()
        {
            int start, end;
            if (At(2) == '{')
            {
                start = _i + 3;
                end = pattern.IndexOf('}', start);
                if (end < 0)
                {
                    throw new Re2TranslationException(@"\x{", "unterminated hex escape");
                }

                _i = end + 1;
            }
            else
            {
                start = _i + 2;
                end = start + 2;
                if (end > pattern.Length)
                {
                    throw new Re2TranslationException(@"\x", "hex escape needs two digits");
                }

                _i = end;
            }

            if (!int.TryParse(pattern.AsSpan(start, end - start), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) || code > 0x10FFFF)
            {
                throw new Re2TranslationException(@"\x" + pattern[start..end], "invalid hex escape");
            }

            return code;
        }

        private int OctalEscape()
        {
            // RE2: \1-\7 alone would be backreferences (unsupported); \0, \12, \123 are octal.
            var first = At(1);
            if (first != '0' && !IsOctal(At(2)))
            {
                throw new Re2TranslationException($@"\{first}", "backreferences are not part of RE2");
            }

            var start = _i + 1;
            var end = start + 1;
            while (end < pattern.Length && end - start < 3 && IsOctal(pattern[end]))
            {
                end++;
            }

            _i = end;
            return Convert.ToInt32(pattern[start..end], 8);

            static bool IsOctal(char c) => c is >= '0' and <= '7';
        }

        private void AppendLiteral(int code)
        {
            if (code > 0xFFFF)
            {
                // A quantifier after it must apply to the whole surrogate pair.
                var text = char.ConvertFromUtf32(code);
                _out.Append(CultureInfo.InvariantCulture, $@"(?:\u{(int)text[0]:X4}\u{(int)text[1]:X4})");
            }
            else if (@"\*+?|{}[]()^$.#".Contains((char)code))
            {
                _out.Append('\\').Append((char)code);
            }
            else if (code < 0x20 || char.IsWhiteSpace((char)code))
            {
                _out.Append(CultureInfo.InvariantCulture, $@"\u{code:X4}");
            }
            else
            {
                _out.Append((char)code);
            }
        }

        private void CharacterClass()
        {
            var start = _i;
            _i++;
            var negated = At(0) == '^';
            if (negated)
            {
                _i++;
            }

            var items = new StringBuilder();
            var first = true;
            while (true)
            {
                if (_i >= pattern.Length)
                {
                    throw new Re2TranslationException(pattern[start..], "missing closing ]");
                }

                var c = pattern[_i];
                if (c == ']' && !first)
                {
                    _i++;
                    break;
                }

                first = false;
                if (c == '[' && At(1) == ':')
                {
                    items.Append(PosixClass());
                    continue;
                }

                var low = ClassAtom(items);
                if (low < 0)
                {
                    continue;
                }

                if (At(0) == '-' && At(1) != ']' && _i + 1 < pattern.Length)
                {
                    _i++;
                    var high = ClassAtom(null);
                    if (high < 0 || high < low)
                    {
                        throw new Re2TranslationException(pattern[start.._i], "invalid character class range");
                    }

                    items.Append(ClassChar(low)).Append('-').Append(ClassChar(high));
                }
                else
                {
                    items.Append(ClassChar(low));
                }
            }

            var translated = (negated ? "[^" : "[") + items + "]";
            _out.Append(translated);
            CharAtom(translated);
        }

        /// <summary>
        /// One class member: a char (returned) or a set such as <c>\d</c> or <c>\pL</c> (appended to
        /// <paramref name="sets"/>; returns -1; a set cannot end a range).
        /// </summary>
        private int ClassAtom(StringBuilder? sets)
        {
            var c = pattern[_i];
            if (c == '\\')
            {
                var next = At(1);
                if (next is 'd' or 'D' or 'w' or 'W' or 's' or 'S' or 'p' or 'P')
                {
                    if (sets is null)
                    {
                        throw new Re2TranslationException($@"\{next}", "a class cannot end a range");
                    }

                    if (next is 'p' or 'P')
                    {
                        sets.Append(UnicodeClass(insideClass: true));
                    }
                    else
                    {
                        var set = PerlClass(next);
                        sets.Append(char.IsUpper(next) ? Complement(set) : set);
                        _i += 2;
                    }

                    return -1;
                }

                var code = CharEscape();
                if (code > 0xFFFF)
                {
                    throw new Re2TranslationException(char.ConvertFromUtf32(code), "characters beyond U+FFFF in a class are not supported");
                }

                return code;
            }

            if (char.IsHighSurrogate(c))
            {
                throw new Re2TranslationException(pattern.Substring(_i, Math.Min(2, pattern.Length - _i)), "characters beyond U+FFFF in a class are not supported");
            }

            _i++;
            return c;
        }

        private string PosixClass()
        {
            var end = pattern.IndexOf(":]", _i + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new Re2TranslationException(pattern[_i..], "unterminated POSIX class");
            }

            var name = pattern[(_i + 2)..end];
            var negated = name.StartsWith('^');
            var set = (negated ? name[1..] : name) switch
            {
                "alnum" => "0-9A-Za-z",
                "alpha" => "A-Za-z",
                "ascii" => @"\u0000-\u007F",
                "blank" => @"\u0009\u0020",
                "cntrl" => @"\u0000-\u001F\u007F",
                "digit" => "0-9",
                "graph" => @"!-~",
                "lower" => "a-z",
                "print" => @"\u0020-~",
                "punct" => @"!-/:-@\[-`{-~",
                "space" => @"\u0009-\u000D\u0020",
                "upper" => "A-Z",
                "word" => "0-9A-Za-z_",
                "xdigit" => "0-9A-Fa-f",
                _ => throw new Re2TranslationException($"[:{name}:]", "unknown POSIX class"),
            };
            _i = end + 2;
            return negated ? Complement(set) : set;
        }

        /// <summary><c>\pN</c>, <c>\p{Lu}</c>, <c>\PL</c>, <c>\p{^L}</c>: general categories only.</summary>
        private string UnicodeClass(bool insideClass)
        {
            var negated = At(1) == 'P';
            string name;
            if (At(2) == '{')
            {
                var end = pattern.IndexOf('}', _i + 3);
                if (end < 0)
                {
                    throw new Re2TranslationException(pattern[_i..], "unterminated Unicode class");
                }

                name = pattern[(_i + 3)..end];
                _i = end + 1;
                if (name.StartsWith('^'))
                {
                    negated = !negated;
                    name = name[1..];
                }
            }
            else
            {
                name = At(2).ToString();
                _i += 3;
            }

            if (name == "Any")
            {
                return (insideClass, negated) switch
                {
                    (true, false) => @"\u0000-\uFFFF",
                    (true, true) => "",
                    (false, false) => @"[\u0000-\uFFFF]",
                    (false, true) => @"[^\u0000-\uFFFF]",
                };
            }

            if (!GeneralCategories.Contains(name))
            {
                throw new Re2TranslationException($@"\p{{{name}}}", ".NET has no Unicode script classes, only general categories");
            }

            return $@"\{(negated ? 'P' : 'p')}{{{name}}}";
        }

        /// <summary>RE2's ASCII-only Perl classes, as class content.</summary>
        private static string PerlClass(char name) => char.ToLowerInvariant(name) switch
        {
            'd' => "0-9",
            'w' => "0-9A-Za-z_",
            _ => @"\u0009\u000A\u000C\u000D\u0020",
        };

        /// <summary>The complement, within U+0000–U+FFFF, of class content made of ranges and \uXXXX escapes.</summary>
        private static string Complement(string set)
        {
            var ranges = new List<(int Low, int High)>();
            var chars = Unescape(set);
            for (var k = 0; k < chars.Count; k++)
            {
                if (k + 2 < chars.Count && chars[k + 1] == -1)
                {
                    ranges.Add((chars[k], chars[k + 2]));
                    k += 2;
                }
                else
                {
                    ranges.Add((chars[k], chars[k]));
                }
            }

            ranges.Sort();
            var result = new StringBuilder();
            var next = 0;
            foreach (var (low, high) in ranges)
            {
                if (low > next)
                {
                    result.Append(ClassChar(next));
                    if (low - 1 > next)
                    {
                        result.Append('-').Append(ClassChar(low - 1));
                    }
                }

                next = Math.Max(next, high + 1);
            }

            if (next <= 0xFFFF)
            {
                result.Append(ClassChar(next)).Append('-').Append(ClassChar(0xFFFF));
            }

            return result.ToString();

            // Chars of the set, with -1 standing for a range dash.
            static List<int> Unescape(string set)
            {
                var list = new List<int>();
                for (var k = 0; k < set.Length; k++)
                {
                    if (set[k] == '\\' && set[k + 1] == 'u')
                    {
                        list.Add(int.Parse(set.AsSpan(k + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                        k += 5;
                    }
                    else if (set[k] == '\\')
                    {
                        list.Add(set[++k]);
                    }
                    else if (set[k] == '-' && list.Count > 0)
                    {
                        list.Add(-1);
                    }
                    else
                    {
                        list.Add(set[k]);
                    }
                }

                return list;
            }
        }

        private static string ClassChar(int c) =>
            c is '\\' or ']' or '[' or '^' or '-' || c < 0x20 || c > 0x7E
                ? $@"\u{c:X4}"
                : ((char)c).ToString();

        private char At(int offset) => _i + offset < pattern.Length ? pattern[_i + offset] : '\0';
    }
}
