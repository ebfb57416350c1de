using System.Buffers;
using System.Runtime.CompilerServices;

namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>
/// One keyword and the rules (by index) that it switches on. A keyword with a <paramref name="Literal"/> is the
/// exact-case literal every match of its rules starts with (<see cref="LeadingLiteral"/>): it is found only where the
/// text holds it in that case, after a word boundary when the literal asks (<see cref="LiteralStart.CanStartAt"/>);
/// other keywords are found case-insensitively.
/// </summary>
internal readonly record struct Keyword(string Text, int[] Rules, LiteralStart? Literal = null)
{
    /// <summary>A keyword that is the literal its rules' matches start with, searched as <see cref="Literal"/> says.</summary>
    public static Keyword Of(LiteralStart literal, int[] rules) => new(literal.Text, rules, literal);
}

/// <summary>
/// Every rule keyword in one search, case-insensitive: the text is read once however many rules there are. A rule
/// whose matches all start with a literal that begins with one of its keywords (<c>SK</c> for the keyword <c>sk</c>)
/// is filed under that literal instead, in its exact case: only there can a match start, and the two-letter keyword
/// is in every <c>task</c> and <c>disk</c> of a source tree.
/// ASCII keywords of two chars or more (every built-in one) go through <see cref="AsciiKeywordSearch"/>; a set
/// with any other keyword uses a multi-string <see cref="SearchValues{T}"/>, where a hit only says "some keyword
/// starts here" and the keywords sharing the hit's first char are then compared, so overlapping keywords are
/// all found.
/// </summary>
internal sealed class KeywordIndex
{
    private readonly AsciiKeywordSearch? _ascii;
    private readonly SearchValues<string>? _search;
    private readonly Dictionary<char, Keyword[]> _byFirstChar = [];

    public KeywordIndex(IReadOnlyList<(int Rule, IEnumerable<string> Keywords)> rules)
        : this([.. rules.Select(r => (r.Rule, r.Keywords, (LiteralStart?)null))])
    {
    }

    /// <param name="rules">Each rule's keywords, and the literal all its matches start with (<see cref="LeadingLiteral"/>), if known.</param>
    public KeywordIndex(IReadOnlyList<(int Rule, IEnumerable<string> Keywords, LiteralStart? Start)> rules)
    {
        var rulesByKeyword = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        var rulesByLiteral = new Dictionary<LiteralStart, List<int>>();
        foreach (var (rule, keywords, start) in rules)
        {
            foreach (var keyword in keywords)
            {
                if (keyword.Length == 0)
                {
                    continue;
                }

                // Only a keyword the literal starts with is sure to occur where a match starts.
                if (start is { } literal && literal.Text.StartsWith(keyword, StringComparison.OrdinalIgnoreCase))
                {
                    AddRule(rulesByLiteral, literal, rule);
                }
                else
                {
                    AddRule(rulesByKeyword, keyword, rule);
                }
            }
        }

        if (rulesByKeyword.Count == 0 && rulesByLiteral.Count == 0)
        {
            return;
        }

        List<Keyword> all =
        [
            .. rulesByKeyword.Select(pair => new Keyword(pair.Key, [.. pair.Value])),
            .. rulesByLiteral.Select(pair => Keyword.Of(pair.Key, [.. pair.Value])),
        ];
        if (all.TrueForAll(k => AsciiKeywordSearch.Supports(k.Text)))
        {
            _ascii = new AsciiKeywordSearch(all);
            return;
        }

        // The multi-string search ignores case: a hit of a literal keyword is then checked against the literal.
        _byFirstChar = all
            .GroupBy(k => char.ToUpperInvariant(k.Text[0]))
            .ToDictionary(g => g.Key, g => g.ToArray());
        _search = SearchValues.Create([.. all.Select(k => k.Text).Distinct(StringComparer.OrdinalIgnoreCase)], StringComparison.OrdinalIgnoreCase);
    }

    private static void AddRule<TKey>(Dictionary<TKey, List<int>> rulesByText, TKey text, int rule)
        where TKey : notnull
    {
        if (!rulesByText.TryGetValue(text, out var list))
        {
            rulesByText[text] = list = [];
        }

        if (list.Count == 0 || list[^1] != rule)
        {
            list.Add(rule);
        }
    }

    public bool IsEmpty => _ascii is null && _search is null;

    /// <param name="inTextOrder">
    /// Whether hits must come out in text order; without it, a hit may come after others starting up to
    /// <see cref="AsciiKeywordSearch.MaxAnchorOffset"/> chars after it (see <see cref="AsciiKeywordSearch.Find"/>).
    /// </param>
    public Hits Find(ReadOnlySpan<char> text, bool inTextOrder = true) => new(this, text, inTextOrder);

    /// <summary>Enumerates (position, keyword) for every occurrence of every keyword, in text order unless told otherwise.</summary>
    public ref struct Hits
    {
        private readonly KeywordIndex _index;
        private readonly ReadOnlySpan<char> _text;
        private AsciiKeywordSearch.Hits _ascii;
        private int _position;
        private Keyword[]? _candidates;
        private int _candidate;

        internal Hits(KeywordIndex index, ReadOnlySpan<char> text, bool inTextOrder)
        {
            _index = index;
            _text = text;
            _position = -1;
            if (index._ascii is { } ascii)
            {
                _ascii = ascii.Find(text, inTextOrder);
            }
        }

        public int Position { get; private set; }

        public Keyword Current { get; private set; }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool MoveNext()
        {
            if (_index._ascii is not null)
            {
                if (!_ascii.MoveNext())
                {
                    return false;
                }

                Position = _ascii.Position;
                Current = _ascii.Current;
                return true;
            }

            if (_index._search is not { } search)
            {
                return false;
            }

            while (true)
            {
                // The rest of the keywords that start with the char at the current hit.
                while (_candidates is not null && _candidate < _candidates.Length)
                {
                    var keyword = _candidates[_candidate++];
                    if (keyword.Literal is { } literal
                        ? literal.CanStartAt(_text, _position)
                        : _text[_position..].StartsWith(keyword.Text, StringComparison.OrdinalIgnoreCase))
                    {
                        Position = _position;
                        Current = keyword;
                        return true;
                    }
                }

                var next = _position + 1;
                if (next >= _text.Length)
                {
                    return false;
                }

                var offset = _text[next..].IndexOfAny(search);
                if (offset < 0)
                {
                    _position = _text.Length;
                    return false;
                }

                _position = next + offset;
                _candidates = _index._byFirstChar.GetValueOrDefault(char.ToUpperInvariant(_text[_position]));
                _candidate = 0;
            }
        }
    }
}
