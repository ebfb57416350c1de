using System.Text.RegularExpressions;
using Bulwark.Analyzers.Secrets.Detection;

namespace Bulwark.Analyzers.Secrets.Tests.Detection;

public sealed class RuleMatcherTests
{
    private static List<string> Matches(RuleMatcher matcher, string text, int start = 0, int? length = null)
    {
        var matches = new List<Match>();
        matcher.Matches(text, start, length ?? text.Length - start, matches);
        return [.. matches.Select(m => $"{m.Index}:{m.Value}")];
    }

    [Fact]
    public void Matches_in_a_region_are_those_of_the_regex_on_that_region()
    {
        var matcher = new RuleMatcher(@"\btok_([0-9a-f]{8})\b", TimeSpan.FromSeconds(2));
        const string text = "tok_0123abcd tok_deadbeef xtok_00000000 tok_ffffffff";

        Assert.Equal(["0:tok_0123abcd", "13:tok_deadbeef", "40:tok_ffffffff"], Matches(matcher, text));
        Assert.Equal(["13:tok_deadbeef"], Matches(matcher, text, 13, 13));
        Assert.False(matcher.HasFallenBack);
    }

    [Fact]
    public void A_pattern_that_backtracks_catastrophically_moves_to_the_linear_time_engine_with_the_same_result()
    {
        // (a+)+b on a long run of a's without a b backtracks exponentially; the linear-time engine does not.
        var matcher = new RuleMatcher("(a+)+b", TimeSpan.FromSeconds(2));
        var text = new string('a', 5_000) + "c aaab";

        Assert.Equal(["5002:aaab"], Matches(matcher, text));
        Assert.True(matcher.IsLinear);

        // It stays there for the next regions.
        Assert.Equal(["2:aab"], Matches(matcher, "c aab"));
    }

    [Fact]
    public void Matches_found_before_the_budget_ran_out_are_not_reported_twice()
    {
        var matcher = new RuleMatcher("x=(a+)+b", TimeSpan.FromSeconds(2));
        var text = "x=ab x=aab " + "x=" + new string('a', 5_000) + "c x=ab";

        Assert.Equal(["0:x=ab", "5:x=aab", "5015:x=ab"], Matches(matcher, text));
        Assert.True(matcher.HasFallenBack);
    }

    [Fact]
    public void A_pattern_the_linear_time_engine_refuses_keeps_backtracking_under_the_users_timeout()
    {
        var matcher = new RuleMatcher("(a+)+(?=b)", TimeSpan.FromMilliseconds(200));

        Assert.Throws<RegexMatchTimeoutException>(() => Matches(matcher, new string('a', 5_000) + "c"));
        Assert.True(matcher.HasFallenBack);
        Assert.False(matcher.IsLinear);
        Assert.Equal(["0:aa"], Matches(matcher, "aab"));
    }

    [Fact]
    public async Task A_hot_rule_is_compiled_and_finds_the_same_matches()
    {
        var matcher = new RuleMatcher(@"\btok_([0-9a-f]{8})\b", TimeSpan.FromSeconds(2));
        const string text = "tok_0123abcd tok_deadbeef xtok_00000000 tok_ffffffff";
        var expected = Matches(matcher, text);
        Assert.False(matcher.IsCompiled);

        for (var i = 1; i < RuleMatcher.CompileAfter; i++)
        {
            matcher.IsMatch("no token here");
        }

        Assert.NotNull(matcher.Compilation);
        // Not queued to the thread pool, whose threads are all busy scanning when a rule turns hot.
        Assert.True(matcher.Compilation.CreationOptions.HasFlag(TaskCreationOptions.LongRunning));
        await matcher.Compilation;
        Assert.True(matcher.IsCompiled);
        Assert.Equal(expected, Matches(matcher, text));
        Assert.Equal(["13:tok_deadbeef"], Matches(matcher, text, 13, 13));
    }

    [Fact]
    public void An_invalid_pattern_is_refused_when_the_matcher_is_built()
    {
        Assert.ThrowsAny<ArgumentException>(() => new RuleMatcher("(unclosed", TimeSpan.FromSeconds(1)));
    }
}
