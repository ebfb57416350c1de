using System.Text.RegularExpressions;
using Bulwark.Analyzers.Secrets.Detection;
using Bulwark.Analyzers.Secrets.Rules;

namespace Bulwark.Analyzers.Secrets.Tests.Detection;

public sealed class LeadingLiteralTests
{
    [Theory]
    [InlineData(@"\b(SK[0-9a-f]{32})\b", "SK")]
    [InlineData(@"\b(AC[0-9a-f]{32}):([0-9a-f]{32})\b", "AC")]
    [InlineData(@"\b(pat[A-Za-z0-9]{14}\.[a-f0-9]{64})\b", "pat")]
    [InlineData(@"(?:ghp_[A-Za-z0-9]{36})", "ghp_")]
    [InlineData(@"\b((?:AKIA|ASIA)[A-Z0-9]{16})\b", null)]
    [InlineData(@"xox[bp]-[0-9]+", "xox")]
    [InlineData(@"abc?d", "ab")]
    [InlineData(@"ab*", null)]
    [InlineData(@"abc+d", "ab")]
    [InlineData(@"abc{2}", "ab")]
    [InlineData(@"(?i)SK[0-9a-f]{32}", null)]
    [InlineData(@"(?i:sk)[0-9a-f]{32}", null)]
    [InlineData(@"SK[0-9a-f]{32}|token=\w+", null)]
    [InlineData(@"(SK[0-9a-f]{32}|AC[0-9a-f]{32})", null)]
    [InlineData(@"(SK(?:[0-9a-f]{32}|[A-Z]{40}))", "SK")]
    [InlineData(@"SK[|][0-9a-f]{32}", "SK")]
    [InlineData(@"SK\|x|y", null)]
    [InlineData(@"SK[[:alnum:]|]{8}", "SK")]
    [InlineData(@"(?<=x)SK\w+", null)]
    [InlineData(@"S", null)]
    [InlineData(@"\b((?:xoxe\.)?xoxp-[0-9]+)", null)]
    [InlineData(@"(?:ab)*c", null)]
    [InlineData(@"(ab)+c", "ab")]
    public void Reads_the_exact_literal_every_match_starts_with(string pattern, string? expected) =>
        Assert.Equal(expected, LeadingLiteral.Of(pattern)?.Text);

    [Theory]
    [InlineData(@"\b(SK[0-9a-f]{32})\b", "x SK0", 2, true)]
    [InlineData(@"\b(SK[0-9a-f]{32})\b", "SK0", 0, true)]
    [InlineData(@"\b(SK[0-9a-f]{32})\b", "DMA_MASK", 6, false)]
    [InlineData(@"\b(SK[0-9a-f]{32})\b", "ASK", 1, false)]
    [InlineData(@"\b(SK[0-9a-f]{32})\b", "éSK", 1, true)]
    [InlineData(@"\b(SK[0-9a-f]{32})\b", "x sk", 2, false)]
    [InlineData(@"(SK[0-9a-f]{32})", "DMA_MASK", 6, true)]
    public void A_start_after_a_word_boundary_needs_no_word_char_before_it(string pattern, string text, int position, bool expected) =>
        Assert.Equal(expected, LeadingLiteral.Of(pattern)!.Value.CanStartAt(text, position));

    [Fact]
    public void Every_built_in_true_positive_starts_with_its_rules_leading_literal()
    {
        var checkedRules = 0;
        foreach (var rule in BuiltInRules.All.Where(r => r.Regex.Length > 0))
        {
            if (LeadingLiteral.Of(rule.Regex) is not { } start)
            {
                continue;
            }

            checkedRules++;
            var regex = new Regex(rule.Regex, RegexOptions.CultureInvariant);
            foreach (var sample in rule.TruePositives)
            {
                foreach (Match match in regex.Matches(sample))
                {
                    Assert.True(start.CanStartAt(sample, match.Index), $"{rule.Id}: '{match.Value}' does not start with '{start.Text}' (after a boundary: {start.AfterWordBoundary})");
                }
            }
        }

        Assert.True(checkedRules > 10, $"only {checkedRules} built-in rules have a leading literal");
    }

    [Fact]
    public void Lowercase_occurrences_of_a_case_sensitive_prefix_open_no_window_yet_the_token_is_found()
    {
        var rule = new SecretRule
        {
            Id = "twilio-like",
            Description = "test",
            Regex = @"\b(SK[0-9a-f]{32})\b",
            Keywords = Bulwark.Core.EquatableArray.Of("sk"),
        };
        var detector = new SecretDetector([rule]);
        const string token = "SK0123456789abcdef0123456789abcdef";
        var text = $"task disk mask\nkey = \"{token}\" // sk\nrisk\n";

        var match = Assert.Single(detector.Detect(text));
        Assert.Equal(token, match.Secret);
        Assert.Equal(2, match.StartLine);
        Assert.Empty(detector.Detect("task disk mask risk sk0123456789abcdef0123456789abcdef\n"));
        Assert.Single(detector.Detect($"#define DMA_MASK 3 /* {token} */\n"));
    }
}
