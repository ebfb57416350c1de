using System.Buffers;

namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>One keyword and the rules (by index) that it switches on.</summary>
internal readonly record struct Keyword(string Text, int[] Rules);

/// <summary>
/// Every rule keyword in one vectorised multi-string search (<see cref="SearchValues{T}"/>, case-insensitive):
/// the text is read once however many rules there are. A hit only says "some keyword starts here"; the keywords
/// sharing the hit's first char are then compared there, so overlapping keywords are all found.
/// </summary>
internal sealed class KeywordIndex
{
    private readonly SearchValues<string>? _search;
    private readonly Dictionary<char, Keyword[]> _byFirstChar;

    public KeywordIndex(IReadOnlyList<(int Rule, IEnumerable<string> Keywords)> rules)
    {
        var rulesByKeyword = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (rule, keywords) in rules)
        {
            foreach (var keyword in keywords)
            {
                if (keyword.Length == 0)
                {
                    continue;
                }

                if (!rulesByKeyword.TryGetValue(keyword, out var list))
                {
                    rulesByKeyword[keyword] = list = [];
                }

                if (list.Count == 0 || list[^1] != rule)
                {
                    list.Add(rule);
                }
            }
        }

        _byFirstChar = rulesByKeyword
            .Select(pair => new Keyword(pair.Key, [.. pair.Value]))
            .GroupBy(k => char.ToUpperInvariant(k.Text[0]))
            .ToDictionary(g => g.Key, g => g.ToArray());
        if (rulesByKeyword.Count > 0)
        {
            _search = SearchValues.Create([.. rulesByKeyword.Keys], StringComparison.OrdinalIgnoreCase);
        }
    }

    public bool IsEmpty => _search is null;

    public Hits Find(string text) => new(this, text);

    /// <summary>Enumerates (position, keyword) for every occurrence of every keyword, in text order.</summary>
    public ref struct Hits
    {
        private readonly KeywordIndex _index;
        private readonly string _text;
        private int _position;
        private Keyword[]? _candidates;
        private int _candidate;

        internal Hits(KeywordIndex index, string text)
        {
            _index = index;
            _text = text;
            _position = -1;
        }

        public int Position { get; private set; }

        public Keyword Current { get; private set; }

        public bool MoveNext()
        {
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
                    if (_text.AsSpan(_position).StartsWith(keyword.Text, StringComparison.OrdinalIgnoreCase))
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

                var offset = _text.AsSpan(next).IndexOfAny(search);
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
