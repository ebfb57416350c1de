using System.Text;
using Bulwark.Analyzers.Secrets.Rules;
using Bulwark.Core;
using static Bulwark.Analyzers.Secrets.Tests.TestRules;

namespace Bulwark.Analyzers.Secrets.Tests;

public class DetectorTests
{
    private const string TokenValue = "tok_ABCDEFGH12345678";

    [Fact]
    public void A_hit_has_one_based_lines_and_columns_of_its_match()
    {
        var detector = new SecretDetector([Token()]);

        var match = Assert.Single(detector.Detect($"first line\n  token = {TokenValue}\nlast"));

        Assert.Equal("test-token", match.RuleId);
        Assert.Equal(TokenValue, match.Secret);
        Assert.Equal((2, 2), (match.StartLine, match.EndLine));
        Assert.Equal((11, 30), (match.StartColumn, match.EndColumn));
    }

    /// <summary>
    /// A thread reuses its per-rule tables from one text to the next (DetectionScratch): nothing of one text's
    /// windows or path verdicts may carry over into the next one's, nor into another detector's.
    /// </summary>
    [Fact]
    public void Texts_scanned_one_after_another_on_one_thread_share_nothing()
    {
        var detector = new SecretDetector([Rule("tok", "tok_[0-9]{6}", "tok_"), Rule("key", "key_[0-9]{6}", "key_")]);
        var other = new SecretDetector([Rule("tok-other", "tok_[0-9]{6}", "tok_")]);
        var many = string.Join('\n', Enumerable.Range(0, 5000).Select(i => $"tok_{i:000000}"));

        Assert.Equal(5000, detector.Detect(many).Count);

        // The same chars where the windows of the text before were: no keyword here, so no window and no hit.
        Assert.Empty(detector.Detect(many.Replace("tok_", "tk__", StringComparison.Ordinal)));
        Assert.Equal(["key"], detector.Detect("xx key_123456 tok_12").Select(m => m.RuleId));
        Assert.Equal(["tok-other"], other.Detect("tok_654321").Select(m => m.RuleId));
        Assert.Equal(["tok"], detector.Detect("tok_654321").Select(m => m.RuleId));

        // A rule's verdict on one file's path is the file's alone.
        var byPath = new SecretDetector([Rule("tok", "tok_[0-9]{6}", "tok_") with { Allowlists = EquatableArray.Of(new SecretAllowlist { Paths = EquatableArray.Of("^fixtures/") }) }]);
        Assert.Empty(byPath.Detect("tok_654321", "fixtures/a.txt"));
        Assert.Single(byPath.Detect("tok_654321", "src/a.txt"));
        Assert.Empty(byPath.Detect("tok_654321", "fixtures/b.txt"));
    }

    [Fact]
    public void Keywords_are_found_whatever_their_case()
    {
        var detector = new SecretDetector([Rule("upper", "TOK_[A-Z0-9]{16}", "tok_")]);

        Assert.Single(detector.Detect("TOK_ABCDEFGH12345678"));
    }

    [Fact]
    public void Two_keywords_close_together_give_one_finding()
    {
        var detector = new SecretDetector([Rule("pair", "alpha-beta-[0-9]{4}", "alpha", "beta")]);

        var matches = detector.Detect("x alpha-beta-1234 y alpha");

        Assert.Equal("alpha-beta-1234", Assert.Single(matches).Match);
    }

    [Fact]
    public void A_keyword_repeated_inside_one_match_gives_one_finding()
    {
        var detector = new SecretDetector([Rule("repeat", "key(?:-key)+=[0-9]+", "key")]);

        Assert.Single(detector.Detect("key-key-key-key=123"));
    }

    [Fact]
    public void A_match_that_starts_with_its_keyword_at_the_start_of_the_text_is_found()
    {
        var match = Assert.Single(new SecretDetector([Token()]).Detect(TokenValue));

        Assert.Equal((1, 1, 20), (match.StartLine, match.StartColumn, match.EndColumn));
    }

    [Fact]
    public void A_match_that_ends_with_its_keyword_at_the_end_of_the_text_is_found()
    {
        var detector = new SecretDetector([Rule("suffix", "[0-9]{8}_tail", "_tail")]);

        var match = Assert.Single(detector.Detect("line one\nprefix 12345678_tail"));

        Assert.Equal("12345678_tail", match.Match);
        Assert.Equal((2, 8), (match.StartLine, match.StartColumn));
    }

    [Fact]
    public void A_match_reaching_both_sides_of_its_keyword_on_a_long_line_is_found_whole()
    {
        var detector = new SecretDetector([Rule("middle", "[A-Z0-9]{8}-mid-[A-Z0-9]{8}", "-mid-")], new SecretDetectorOptions { WindowRadius = 64 });
        var padding = string.Concat(Enumerable.Repeat("x ", 500));
        var text = $"{padding}id=AB12CD34-mid-ZZ99YY88 {padding}";

        var match = Assert.Single(detector.Detect(text));

        Assert.Equal("AB12CD34-mid-ZZ99YY88", match.Match);
        Assert.Equal(padding.Length + 4, match.StartColumn);
    }

    [Fact]
    public void A_match_spanning_two_lines_that_both_hold_keywords_is_seen_whole()
    {
        var detector = new SecretDetector([Rule("login", @"user=\w+\npass=\w+", "user", "pass")]);

        var match = Assert.Single(detector.Detect("a\nuser=bob\npass=s3cr3tvalue\nb"));

        Assert.Equal((2, 3), (match.StartLine, match.EndLine));
        Assert.Equal(16, match.EndColumn);
    }

    [Fact]
    public void A_multiline_rule_sees_the_lines_within_its_span_and_a_line_rule_only_its_keyword_lines()
    {
        var body = string.Join('\n', Enumerable.Range(0, 40).Select(i => new string((char)('A' + (i % 26)), 64)));
        var text = $"config:\n-----BEGIN TEST KEY-----\n{body}\n-----END TEST KEY-----\ntrailer";
        var lineRule = Rule("test-key", "-----BEGIN TEST KEY-----[A-Z\n]+-----END TEST KEY-----", "-----begin test key");

        Assert.Empty(new SecretDetector([lineRule]).Detect(text));
        var match = Assert.Single(new SecretDetector([lineRule with { MultilineSpan = 8192 }]).Detect(text));
        Assert.Equal((2, 43), (match.StartLine, match.EndLine));
    }

    [Fact]
    public void A_match_cut_by_the_window_bound_on_a_huge_line_is_not_reported_as_a_fragment()
    {
        // The real match starts 200 chars before the keyword, past the 16-char window radius.
        var detector = new SecretDetector([Rule("long", "x+ token=[a-z0-9]{8}", "token")], new SecretDetectorOptions { WindowRadius = 16 });

        Assert.Empty(detector.Detect(new string('x', 200) + " token=abcd1234"));
    }

    [Fact]
    public void A_rule_without_keywords_runs_on_the_whole_text()
    {
        var detector = new SecretDetector([Rule("no-keyword", "ZZ[0-9]{6}")]);

        var match = Assert.Single(detector.Detect("a\nb\nvalue ZZ123456\n"));

        Assert.Equal(3, match.StartLine);
    }

    [Fact]
    public void Overlapping_keywords_switch_on_each_of_their_rules()
    {
        // Secrets on different spans, so rule precedence keeps both.
        var detector = new SecretDetector([Rule("pass", @"(pass)\w*=", "pass"), Rule("password", @"password=(\w+)", "password")]);

        var matches = detector.Detect("password=hunter22");

        Assert.Equal(["pass", "password"], matches.Select(m => m.RuleId).Order());
    }

    [Fact]
    public void Hits_of_several_rules_come_in_text_order_with_their_own_positions()
    {
        var detector = new SecretDetector([Token(), Rule("digits", "num_[0-9]{8}", "num_")]);

        var matches = detector.Detect($"num_12345678\n\n{TokenValue} num_87654321");

        Assert.Equal(
            [("digits", 1, 1), ("test-token", 3, 1), ("digits", 3, 22)],
            matches.Select(m => (m.RuleId, m.StartLine, m.StartColumn)));
    }

    [Fact]
    public void The_secret_is_the_named_secret_group()
    {
        var detector = new SecretDetector([Rule("group", @"(user)=(\w+)", "user") with { SecretGroup = 2 }]);

        var match = Assert.Single(detector.Detect("user=s3cr3t"));

        Assert.Equal("s3cr3t", match.Secret);
        Assert.Equal("user=s3cr3t", match.Match);
    }

    [Fact]
    public void Without_a_secret_group_the_secret_is_the_first_non_empty_group()
    {
        var detector = new SecretDetector([Rule("first", @"(a)?=(b\w+)", "=b")]);

        Assert.Equal("bcd", Assert.Single(detector.Detect("x =bcd")).Secret);
    }

    [Fact]
    public void Without_groups_the_secret_is_the_whole_match()
    {
        Assert.Equal(TokenValue, Assert.Single(new SecretDetector([Token()]).Detect(TokenValue)).Secret);
    }

    [Theory]
    [InlineData("aaaa", 0.0)]
    [InlineData("aabb", 1.0)]
    [InlineData("abcd", 2.0)]
    [InlineData("abcdefgh", 3.0)]
    [InlineData("ééaa", 1.0)]
    public void Shannon_entropy_is_in_bits_per_char(string value, double expected)
    {
        Assert.Equal(expected, SecretDetector.ShannonEntropy(value), 10);
    }

    [Fact]
    public void A_secret_at_or_below_the_entropy_threshold_is_dropped()
    {
        var detector = new SecretDetector([Rule("entropy", @"key=([a-z]+)", "key") with { Entropy = 3.0 }]);

        Assert.Empty(detector.Detect("key=abcdefgh"));
        var match = Assert.Single(detector.Detect("key=abcdefghi"));
        Assert.True(match.Entropy > 3.0);
    }

    [Fact]
    public void An_allowlist_regex_on_the_secret_drops_matching_secrets_only()
    {
        var detector = new SecretDetector([Token(r => r with { Allowlists = EquatableArray.Of(new SecretAllowlist { Regexes = EquatableArray.Of("^tok_EXAMPLE") }) })]);

        Assert.Empty(detector.Detect("tok_EXAMPLE123456789"));
        Assert.Single(detector.Detect(TokenValue));
    }

    [Fact]
    public void An_allowlist_regex_on_the_match_sees_the_whole_match()
    {
        var rule = Rule("assign", @"api_key\s*=\s*""([A-Za-z0-9]{12})""", "api_key") with
        {
            Allowlists = EquatableArray.Of(new SecretAllowlist { RegexTarget = AllowlistTarget.Match, Regexes = EquatableArray.Of(@"^api_key = ") }),
        };
        var detector = new SecretDetector([rule]);

        Assert.Empty(detector.Detect(@"api_key = ""A1b2C3d4E5f6"""));
        Assert.Single(detector.Detect(@"api_key=""A1b2C3d4E5f6"""));
    }

    [Fact]
    public void An_allowlist_regex_on_the_line_sees_the_rest_of_the_line()
    {
        var detector = new SecretDetector([Token(r => r with
        {
            Allowlists = EquatableArray.Of(new SecretAllowlist { RegexTarget = AllowlistTarget.Line, Regexes = EquatableArray.Of(@"#\s*test fixture") }),
        })]);

        Assert.Empty(detector.Detect($"token = {TokenValue}  # test fixture"));
        Assert.Single(detector.Detect($"# test fixture\ntoken = {TokenValue}"));
    }

    [Fact]
    public void A_stop_word_anywhere_in_the_secret_drops_it_whatever_its_case()
    {
        var detector = new SecretDetector([Token(r => r with { Allowlists = EquatableArray.Of(new SecretAllowlist { StopWords = EquatableArray.Of("dummy") }) })]);

        Assert.Empty(detector.Detect("tok_DUMMY1234567890A"));
        Assert.Single(detector.Detect(TokenValue));
    }

    [Fact]
    public void An_allowlist_path_drops_the_files_it_matches()
    {
        var detector = new SecretDetector([Token(r => r with { Allowlists = EquatableArray.Of(new SecretAllowlist { Paths = EquatableArray.Of("^tests/") }) })]);

        Assert.Empty(detector.Detect(TokenValue, "tests/a.cs"));
        Assert.Single(detector.Detect(TokenValue, "src/a.cs"));
    }

    [Fact]
    public void An_allowlist_commit_drops_hits_of_that_commit_full_or_short_in_any_case()
    {
        const string sha = "4f2c9a1b7e6d5c4b3a29180f7e6d5c4b3a291807";
        var detector = new SecretDetector([Token(r => r with { Allowlists = EquatableArray.Of(new SecretAllowlist { Commits = EquatableArray.Of(sha.ToUpperInvariant()) }) })]);

        Assert.Empty(detector.Detect(TokenValue, new SecretSource("a.cs", sha)).Matches);
        Assert.Empty(detector.Detect(TokenValue, new SecretSource("a.cs", sha[..7])).Matches);
        Assert.Single(detector.Detect(TokenValue, new SecretSource("a.cs", "0123456789abcdef0123456789abcdef01234567")).Matches);
        Assert.Single(detector.Detect(TokenValue, new SecretSource("a.cs")).Matches);
    }

    [Fact]
    public void An_and_allowlist_needs_every_criterion_it_defines()
    {
        var detector = new SecretDetector([Token(r => r with
        {
            Allowlists = EquatableArray.Of(new SecretAllowlist { Condition = AllowlistCondition.And, Paths = EquatableArray.Of("^tests/"), StopWords = EquatableArray.Of("fake") }),
        })]);

        Assert.Empty(detector.Detect("tok_FAKE123456789012", "tests/a.cs"));
        Assert.Single(detector.Detect(TokenValue, "tests/a.cs"));
        Assert.Single(detector.Detect("tok_FAKE123456789012", "src/a.cs"));
    }

    [Fact]
    public void An_or_allowlist_needs_any_one_of_its_criteria()
    {
        var detector = new SecretDetector([Token(r => r with
        {
            Allowlists = EquatableArray.Of(new SecretAllowlist { Paths = EquatableArray.Of("^tests/"), StopWords = EquatableArray.Of("fake") }),
        })]);

        Assert.Empty(detector.Detect(TokenValue, "tests/a.cs"));
        Assert.Empty(detector.Detect("tok_FAKE123456789012", "src/a.cs"));
        Assert.Single(detector.Detect(TokenValue, "src/a.cs"));
    }

    [Fact]
    public void Global_allowlists_apply_to_every_rule()
    {
        var global = new SecretAllowlist[] { new() { Paths = EquatableArray.Of(@"\.lock$") }, new() { StopWords = EquatableArray.Of("example") } };
        var detector = new SecretDetector([Token(), Rule("digits", "num_[0-9]{8}", "num_")], global, null);

        Assert.Empty(detector.Detect($"{TokenValue} num_12345678", "yarn.lock"));
        Assert.True(detector.IsAllowedFile(new SecretSource("yarn.lock")));
        Assert.Equal(["test-token", "digits"], detector.Detect($"{TokenValue} num_12345678 tok_EXAMPLE123456789", "a.txt").Select(m => m.RuleId));
    }

    [Theory]
    [InlineData("# gitleaks:allow")]
    [InlineData("// bulwark:allow")]
    public void An_inline_allow_comment_on_the_line_suppresses_the_hit(string comment)
    {
        var detector = new SecretDetector([Token()]);

        Assert.Empty(detector.Detect($"token = {TokenValue} {comment}"));
        Assert.Single(detector.Detect($"{comment}\ntoken = {TokenValue}"));
        Assert.Single(new SecretDetector([Token()], new SecretDetectorOptions { IgnoreInlineAllow = true }).Detect($"token = {TokenValue} {comment}"));
    }

    [Fact]
    public void A_rule_with_a_path_only_looks_at_matching_files()
    {
        var detector = new SecretDetector([Token(r => r with { Path = @"\.env$" })]);

        Assert.Single(detector.Detect(TokenValue, "config/.env"));
        Assert.Empty(detector.Detect(TokenValue, "config/app.txt"));
    }

    [Fact]
    public void A_path_only_rule_reports_the_file_itself()
    {
        var detector = new SecretDetector([new SecretRule { Id = "pem-file", Description = "Key file", Regex = "", Path = @"\.pem$" }]);

        var match = Assert.Single(detector.Detect("anything", "keys/server.pem"));

        Assert.Equal("file detected: keys/server.pem", match.Match);
        Assert.Empty(detector.Detect("anything", "keys/server.txt"));
    }

    [Fact]
    public void A_five_megabyte_single_line_file_is_scanned_to_its_end_with_the_right_column()
    {
        var detector = new SecretDetector([Token(), Rule("key-assignment", "key=([A-Za-z0-9]{32})", "key")]);
        var minified = new StringBuilder(5 * 1024 * 1024 + 100);
        while (minified.Length < 5 * 1024 * 1024)
        {
            // A keyword every few dozen chars: the worst case for window planning.
            minified.Append("function(a){return a.key+b.tok_x};");
        }

        var column = minified.Length + 1 + "var t=\"".Length;
        minified.Append($"var t=\"{TokenValue}\";");

        var match = Assert.Single(detector.Detect(minified.ToString()));

        Assert.Equal((1, 1), (match.StartLine, match.EndLine));
        Assert.Equal(column, match.StartColumn);
    }

    [Fact]
    public void A_rule_that_times_out_on_the_backtracking_engine_becomes_a_warning_naming_rule_and_file()
    {
        // A lookahead keeps this regex off the linear-time engine; (a+)+ then backtracks exponentially.
        var slow = Rule("slow-rule", "(a+)+(?=b)");
        var detector = new SecretDetector([slow, Token()], new SecretDetectorOptions { BacktrackingTimeout = TimeSpan.FromMilliseconds(50) });

        var result = detector.Detect(new string('a', 40) + "c " + TokenValue, new SecretSource("slow.txt"));

        var warning = Assert.Single(result.Warnings);
        Assert.Contains("slow-rule", warning, StringComparison.Ordinal);
        Assert.Contains("slow.txt", warning, StringComparison.Ordinal);
        Assert.Equal("test-token", Assert.Single(result.Matches).RuleId);
    }

    [Fact]
    public void Nested_quantifiers_on_the_linear_time_engine_cannot_hang()
    {
        var detector = new SecretDetector([Rule("nested", "(a+)+$")]);

        Assert.Empty(detector.Detect(new string('a', 100_000) + "!"));
    }

    private static readonly Lazy<SecretDetector> BuiltInWindows = new(() => new SecretDetector(BuiltInRules.All));

    private static readonly Lazy<SecretDetector> BuiltInWholeText = new(() =>
        new SecretDetector(BuiltInRules.All, new SecretDetectorOptions { Prefilter = KeywordPrefilter.WholeText }));

    public static TheoryData<string> BuiltInRuleIds() => [.. BuiltInRules.All.Select(r => r.Id)];

    [Theory]
    [MemberData(nameof(BuiltInRuleIds))]
    public void Keyword_windows_find_what_whole_text_scanning_finds_on_each_rule_sample(string ruleId)
    {
        var rule = BuiltInRules.All.First(r => r.Id == ruleId);
        var windows = BuiltInWindows.Value;
        var wholeText = BuiltInWholeText.Value;

        foreach (var sample in rule.TruePositives.Concat(rule.FalsePositives))
        {
            var text = $"// context before\n{sample}\nfinal = 1 // context after\n";
            Assert.Equal(
                wholeText.Detect(text, "src/sample.txt").Select(m => (m.RuleId, m.Secret, m.StartLine, m.StartColumn)),
                windows.Detect(text, "src/sample.txt").Select(m => (m.RuleId, m.Secret, m.StartLine, m.StartColumn)));
        }
    }
}
