using System.Text.RegularExpressions;
using Bulwark.Analyzers.Secrets.Detection;
using Bulwark.Analyzers.Secrets.Rules;
using Bulwark.Core;

namespace Bulwark.Analyzers.Secrets.Tests.Detection;

public sealed class KeywordChoiceTests
{
    private const string GitHubLike = @"(?i:github|gh)[\w.-]{0,20}(?i:client[_.-]?secret|secret)[\w.-]{0,16}[""']?\s{0,3}=\s{0,3}([a-f0-9]{40})";
    private const string Secret = "0123456789abcdef0123456789abcdef01234567";

    [Theory]
    // The service's short prefix is everywhere; every match also holds "secret".
    [InlineData(GitHubLike, "github,gh", "secret")]
    // The keyword is not in every match (it only has to be on the line): the choice would lose matches.
    [InlineData(@"(?i:secret)\s*=\s*([a-f0-9]{40})", "aws", "aws")]
    // The rarer literal holds a k, which (?i) also matches as the Kelvin sign (U+212A): the ASCII search would miss it.
    [InlineData(@"(?i:gh)[\w.-]{0,20}(?i:webhook)\s*=\s*(\w{20})", "gh", "gh")]
    // Nothing clearly rarer than the keyword.
    [InlineData(@"(?i:mattermost)[\w.-]{0,20}(?i:token)\s*=\s*(\w{26})", "mattermost", "mattermost")]
    // A rule without keywords stays without (it runs on whole texts, which no window would reproduce).
    [InlineData(@"(?i:secret)\s*=\s*([a-f0-9]{40})", "", "")]
    public void Searches_rarer_literals_only_when_every_match_holds_them_and_a_keyword(string pattern, string keywords, string expected)
    {
        string[] declared = keywords.Length == 0 ? [] : keywords.Split(',');
        Assert.Equal(expected, string.Join(',', KeywordChoice.For(pattern, declared)));
    }

    [Theory]
    [InlineData(GitHubLike, "github,gh", true)]
    [InlineData(GitHubLike, "GH,GitHub", true)]
    // "github" holds no "gh": a match of that branch holds neither keyword.
    [InlineData(GitHubLike, "gh", false)]
    [InlineData(GitHubLike, "github", false)]
    [InlineData(GitHubLike, "git", false)]
    [InlineData(@"\b(ghp_[A-Za-z0-9]{36})\b", "ghp_", true)]
    [InlineData(@"\b(ghp_[A-Za-z0-9]{36})\b", "gh", true)]
    [InlineData(@"password\s*=\s*(\S+)", "secret", false)]
    [InlineData(@"(?:abc|de)\d+", "de", false)]
    public void Knows_when_every_match_holds_a_keyword(string pattern, string keywords, bool expected) =>
        Assert.Equal(expected, KeywordChoice.AllMatchesHoldOne(pattern, keywords.Split(',')));

    [Fact]
    public void A_line_with_only_the_short_prefix_opens_no_window_and_matches_are_still_found()
    {
        var rule = new SecretRule
        {
            Id = "github-like",
            Description = "test",
            Regex = GitHubLike,
            Keywords = EquatableArray.Of("github", "gh"),
        };
        var set = new CompiledRuleSet([rule], [], SecretDetectorOptions.Default);

        Assert.False(set.Keywords.Find("the high ghost went through the night\n").MoveNext());
        var detector = new SecretDetector([rule]);
        var match = Assert.Single(detector.Detect($"high ghost\nGH_CLIENT_SECRET = {Secret}\nthrough\n"));
        Assert.Equal(Secret, match.Secret);
        Assert.Equal(2, match.StartLine);
        Assert.Equal(Secret, Assert.Single(detector.Detect($"github.secret = {Secret}")).Secret);
    }

    [Fact]
    public void Every_built_in_rule_searched_by_other_literals_still_finds_each_of_its_true_positives_and_they_hold_those_literals()
    {
        var set = new CompiledRuleSet(BuiltInRules.All, [], SecretDetectorOptions.Default);
        var chosen = set.Rules.Where(r => !r.SearchKeywords.SequenceEqual(r.Keywords)).ToList();
        Assert.NotEmpty(chosen);
        foreach (var rule in chosen)
        {
            var detector = new SecretDetector([rule.Rule]);
            var regex = new Regex(rule.Rule.Regex, RegexOptions.CultureInvariant);
            foreach (var sample in rule.Rule.TruePositives)
            {
                foreach (Match match in regex.Matches(sample))
                {
                    Assert.True(rule.SearchKeywords.Any(l => match.Value.Contains(l, StringComparison.OrdinalIgnoreCase)),
                        $"{rule.Id}: '{match.Value}' holds none of {string.Join(", ", rule.SearchKeywords)}");
                }

                Assert.True(detector.Detect(sample).Any(m => m.RuleId == rule.Id), $"{rule.Id} no longer finds its sample: {sample}");
            }
        }
    }
}
