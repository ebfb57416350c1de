#pragma warning disable CA5394 // a seeded Random makes reproducible test texts, not secrets
using Bulwark.Analyzers.Secrets.Detection;
using Bulwark.Analyzers.Secrets.Rules;

namespace Bulwark.Analyzers.Secrets.Tests.Detection;

public sealed class AsciiKeywordSearchTests
{
    private static AsciiKeywordSearch Search(params string[] keywords) =>
        new([.. keywords.Select((k, i) => new Keyword(k, [i]))]);

    private static List<(int Position, string Keyword)> Hits(AsciiKeywordSearch search, string text, bool inTextOrder = true)
    {
        var hits = new List<(int, string)>();
        var enumerator = search.Find(text, inTextOrder);
        while (enumerator.MoveNext())
        {
            hits.Add((enumerator.Position, enumerator.Current.Text));
        }

        return hits;
    }

    /// <summary>Every start of every keyword, ASCII case ignored, in text order (ties by keyword).</summary>
    private static List<(int Position, string Keyword)> Naive(string[] keywords, string text) =>
        [.. Enumerable.Range(0, text.Length)
            .SelectMany(p => keywords.Where(k => AsciiEqualsIgnoreCase(text.AsSpan(p), k)).Select(k => (p, k.ToLowerInvariant())))
            .OrderBy(h => h.p).ThenBy(h => h.Item2, StringComparer.Ordinal)];

    private static bool AsciiEqualsIgnoreCase(ReadOnlySpan<char> text, string keyword)
    {
        if (text.Length < keyword.Length)
        {
            return false;
        }

        for (var i = 0; i < keyword.Length; i++)
        {
            var c = text[i];
            if ((c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c) != char.ToLowerInvariant(keyword[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static List<(int, string)> Sorted(List<(int Position, string Keyword)> hits) =>
        [.. hits.OrderBy(h => h.Position).ThenBy(h => h.Keyword, StringComparer.Ordinal)];

    [Fact]
    public void Keywords_of_two_three_and_more_chars_are_found_in_text_order()
    {
        var hits = Hits(Search("sk", "key", "token", "api_key"), "my api_key = sk-x; token? KEY");

        Assert.Equal([(3, "api_key"), (7, "key"), (13, "sk"), (19, "token"), (26, "key")], hits);
    }

    [Fact]
    public void Overlapping_keywords_and_keywords_sharing_a_prefix_are_all_found()
    {
        var hits = Sorted(Hits(Search("pass", "password", "passwd", "ss", "sw"), "password passwd"));

        Assert.Equal([(0, "pass"), (0, "password"), (2, "ss"), (3, "sw"), (9, "pass"), (9, "passwd"), (11, "ss"), (12, "sw")], hits);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("abc")]
    [InlineData("abcd")]
    [InlineData("abcdefgh")]
    public void A_keyword_filling_the_whole_text_or_ending_it_is_found(string keyword)
    {
        var search = Search(keyword);

        Assert.Equal([(0, keyword)], Hits(search, keyword));
        Assert.Equal([(5, keyword)], Hits(search, "xxxx " + keyword.ToUpperInvariant()));
        Assert.Equal([(0, keyword)], Hits(search, keyword + " xxxx"));
        Assert.Empty(Hits(search, keyword[..^1]));
        Assert.Empty(Hits(search, ""));
    }

    [Fact]
    public void Case_is_ignored_for_ascii_letters_only()
    {
        var search = Search("key", "ac", "x-api_key");

        Assert.Equal([(0, "key"), (4, "key"), (8, "key"), (12, "ac"), (15, "x-api_key"), (21, "key")], Hits(search, "KEY kEy Key AC X-API_KEY"));

        // Chars differing in bit 5 alone ('^' and '~', '-' and CR) share their code in the filter, like the
        // two cases of a letter: only an exact comparison counts.
        Assert.Empty(Hits(Search("^x"), "~x ~X"));
        Assert.Empty(Hits(Search("a-b"), "a\rb a_b"));
    }

    [Fact]
    public void Non_ascii_text_never_matches_ascii_keywords_but_does_not_hide_the_ones_around_it()
    {
        // U+0161 (š) and U+212A (Kelvin sign) fold onto the codes of 'a' and 'k' in the filter; the comparison
        // then rejects them, as the ASCII-only case folding of the multi-string search did.
        var search = Search("ac", "key", "token");

        var hits = Hits(search, "ключ \u0161c \u212Aey tökén token\u00e9ac日本key");

        Assert.Equal([(18, "token"), (24, "ac"), (28, "key")], hits);
    }

    [Fact]
    public void Random_text_gives_exactly_the_naive_hits()
    {
        string[] keywords = ["sk", "ac", "yc", "q~", "key", "pat", "st.", "es_", "auth", "_auth", "secret", "password", "api-", "00d", "aws"];
        var search = Search(keywords);
        var random = new Random(4242);
        const string alphabet = "askeyACYCQ~KpPtT.es_uth0d0Dwo-rdi \n\u00e9\u0161";
        for (var round = 0; round < 200; round++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 300)).Select(_ => alphabet[random.Next(alphabet.Length)])]);

            Assert.Equal(Naive(keywords, text), Sorted(Hits(search, text)));
        }
    }

    /// <summary>
    /// The vectorised prefix test folds every char to 6 bits, so non-ASCII chars can fold like keyword letters
    /// (U+0173 like 's', U+0161 like 'a'); they may pass the table but never make a hit. Texts are long enough for
    /// the vector steps of 32 starts, with U+FFFD (what invalid UTF-8 decodes to) and full-width letters.
    /// </summary>
    [Fact]
    public void Non_ascii_chars_that_fold_like_keyword_letters_make_no_hits()
    {
        string[] keywords = ["sk", "ac", "key", "secret", "token", "api_key"];
        var search = Search(keywords);
        var random = new Random(7);
        const string alphabet = "skACeyTOKENapi_ \n\u0173\u0161\u016b\uFFFD\uFF53\uFF4B\u00e9\u2028";
        for (var round = 0; round < 300; round++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(34, 400)).Select(_ => alphabet[random.Next(alphabet.Length)])]);

            Assert.Equal(Naive(keywords, text), Sorted(Hits(search, text)));
        }

        Assert.Empty(Hits(search, string.Concat(Enumerable.Repeat("\u0173\u016b \uFF53\uFF4B \uFFFD\u0161\u0163", 20))));
    }

    [Fact]
    public void The_built_in_keywords_are_found_like_the_naive_search_on_their_own_samples()
    {
        var keywords = BuiltInRules.All.SelectMany(r => r.Keywords).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var search = Search(keywords);
        var text = string.Join('\n', BuiltInRules.All.SelectMany(r => r.TruePositives.Concat(r.FalsePositives)));

        Assert.Equal(Naive(keywords, text), Sorted(Hits(search, text)));
    }

    [Fact]
    public void A_long_keyword_is_anchored_on_its_least_common_chars_and_a_short_one_on_its_start()
    {
        // "def", "efa", "fau" … are everywhere in code; the anchor is somewhere past them, always with a 4th char after it.
        var offset = AsciiKeywordSearch.AnchorOf("defaultendpointsprotocol");
        Assert.InRange(offset, 1, "defaultendpointsprotocol".Length - 4);
        Assert.Equal(0, AsciiKeywordSearch.AnchorOf("http"));
    }

    /// <summary>
    /// Keywords anchored past their start are found after shorter ones that start later: hits are held back and still
    /// come out in text order, every one of them, also across the 32-start steps and at the very end of the text.
    /// </summary>
    [Fact]
    public void Hits_of_keywords_anchored_inside_them_come_out_in_text_order()
    {
        string[] keywords = ["defaultendpointsprotocol", "stability", "confluence", "datadog", "intercom", "secret_", "point", "proto", "sk", "ac", "key", "col"];
        Assert.Contains(keywords, k => AsciiKeywordSearch.AnchorOf(k) > 0);
        var search = Search(keywords);
        var random = new Random(99);
        string[] pieces = [.. keywords, .. keywords.Select(k => k.ToUpperInvariant()), .. keywords.Select(k => k[..^1]), " ", "\n", "x", "_", "ac", "KEY"];
        for (var round = 0; round < 300; round++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 60)).Select(_ => pieces[random.Next(pieces.Length)]));

            var hits = Hits(search, text);

            Assert.Equal(Naive(keywords, text), Sorted(hits));
            Assert.True(hits.Zip(hits.Skip(1)).All(pair => pair.First.Position <= pair.Second.Position), $"out of order in '{text}'");
        }
    }

    /// <summary>
    /// Without text order, hits come as their anchors are met: the same hits, each after no hit starting more than
    /// <see cref="AsciiKeywordSearch.MaxAnchorOffset"/> chars after it, and its keyword still reaching past the start of
    /// every hit given before it (what lets window planning merge them as if in order).
    /// </summary>
    [Fact]
    public void Hits_in_anchor_order_are_the_same_hits_at_most_an_anchor_offset_out_of_order()
    {
        string[] keywords = ["defaultendpointsprotocol", "stability", "confluence", "datadog", "intercom", "secret_", "point", "proto", "sk", "ac", "key", "col"];
        var search = Search(keywords);
        Assert.True(search.MaxAnchorOffset > 0);
        var random = new Random(1234);
        string[] pieces = [.. keywords, .. keywords.Select(k => k.ToUpperInvariant()), .. keywords.Select(k => k[..^1]), " ", "\n", "x", "_", "ac", "KEY"];
        var outOfOrder = 0;
        for (var round = 0; round < 300; round++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 80)).Select(_ => pieces[random.Next(pieces.Length)]));

            var hits = Hits(search, text, inTextOrder: false);

            Assert.Equal(Naive(keywords, text), Sorted(hits));
            for (var i = 0; i < hits.Count; i++)
            {
                var (position, keyword) = hits[i];
                foreach (var (earlier, _) in hits.Take(i).Where(h => h.Position > position))
                {
                    outOfOrder++;
                    Assert.InRange(earlier - position, 1, search.MaxAnchorOffset);
                    Assert.True(position + keyword.Length > earlier, $"'{keyword}' at {position} ends before a hit given earlier at {earlier} in '{text}'");
                }
            }
        }

        // The texts do exercise the out-of-order case.
        Assert.True(outOfOrder > 0);
    }

    [Fact]
    public void An_exact_keyword_is_found_in_its_case_only_and_after_a_word_boundary_when_asked()
    {
        var search = new AsciiKeywordSearch([Keyword.Of(new LiteralStart("SK", AfterWordBoundary: true), [0]), Keyword.Of(new LiteralStart("pat", AfterWordBoundary: false), [1]), new Keyword("key", [2])]);

        var hits = Hits(search, "SK1 sk2 MASK _SK x.SK Sk pat PAT Pat KEY");

        Assert.Equal([(0, "SK"), (19, "SK"), (25, "pat"), (37, "key")], hits);
    }

    [Theory]
    [InlineData("a", false)]
    [InlineData("", false)]
    [InlineData("ключ", false)]
    [InlineData("tab\there", false)]
    [InlineData("ab", true)]
    [InlineData("api_key", true)]
    public void Supports_ascii_printable_keywords_of_two_chars_or_more(string keyword, bool supported)
    {
        Assert.Equal(supported, AsciiKeywordSearch.Supports(keyword));
    }

    [Fact]
    public void A_rule_is_filed_under_the_literal_its_matches_start_with_and_other_rules_keep_the_keyword()
    {
        var index = new KeywordIndex([
            (0, ["sk"], new LiteralStart("SK", AfterWordBoundary: true)),
            (1, ["sk"], (LiteralStart?)null),
            (2, ["stripe"], new LiteralStart("sk_live_", AfterWordBoundary: false)),
        ]);

        var hits = new List<(int, string, int[])>();
        var found = index.Find("task SKa3 stripe sk_live_ SK");
        while (found.MoveNext())
        {
            hits.Add((found.Position, found.Current.Text, found.Current.Rules));
        }

        // Rule 2's keyword does not start its literal: it stays a keyword, case ignored.
        Assert.Equal(
            [(2, "sk", [1]), (5, "SK", [0]), (5, "sk", [1]), (10, "stripe", [2]), (17, "sk", [1]), (26, "SK", [0]), (26, "sk", [1])],
            hits.Select(h => (h.Item1, h.Item2, h.Item3)).OrderBy(h => h.Item1).ThenBy(h => h.Item2, StringComparer.Ordinal).ToList(),
            new HitComparer());
    }

    [Fact]
    public void A_literal_start_still_rules_out_other_cases_when_the_set_has_non_ascii_keywords()
    {
        var detector = new SecretDetector([
            TestRules.Rule("cyrillic", "ключ=[0-9]{6}", "ключ"),
            TestRules.Rule("twilio-like", @"\b(SK[0-9a-f]{32})\b", "sk"),
        ]);

        var text = "ключ=123456 sk0123456789abcdef0123456789abcdef SK0123456789abcdef0123456789abcdef";
        var matches = detector.Detect(text);

        Assert.Equal(["cyrillic", "twilio-like"], matches.Select(m => m.RuleId));
        Assert.StartsWith("SK", matches[1].Secret, StringComparison.Ordinal);
    }

    [Fact]
    public void With_non_ascii_keywords_the_index_still_finds_a_literal_keyword_in_its_case_and_after_its_boundary_only()
    {
        // "ключ" takes the set off the ASCII search: the multi-string search ignores case, the literal decides.
        var index = new KeywordIndex([
            (0, ["ключ"], (LiteralStart?)null),
            (1, ["sk"], new LiteralStart("SK", AfterWordBoundary: true)),
        ]);

        var hits = new List<(int, string)>();
        var found = index.Find("task sk MASK SK ключ Sk .SK");
        while (found.MoveNext())
        {
            hits.Add((found.Position, found.Current.Text));
        }

        Assert.Equal([(13, "SK"), (16, "ключ"), (25, "SK")], hits);
    }

    private sealed class HitComparer : IEqualityComparer<(int, string, int[])>
    {
        public bool Equals((int, string, int[]) x, (int, string, int[]) y) => x.Item1 == y.Item1 && x.Item2 == y.Item2 && x.Item3.SequenceEqual(y.Item3);

        public int GetHashCode((int, string, int[]) obj) => HashCode.Combine(obj.Item1, obj.Item2);
    }

    [Fact]
    public void A_rule_set_with_other_keywords_is_still_searched_whole()
    {
        var detector = new SecretDetector([
            TestRules.Rule("one-char", "#[0-9]{6}", "#"),
            TestRules.Rule("cyrillic", "ключ=[0-9]{6}", "ключ"),
            TestRules.Rule("ascii", "tok_[0-9]{6}", "tok_"),
        ]);

        var ids = detector.Detect("a #123456 b ключ=654321 c tok_111111").Select(m => m.RuleId);

        Assert.Equal(["one-char", "cyrillic", "ascii"], ids);
    }
}
