using System.Text.RegularExpressions;
using Bulwark.Analyzers.Secrets.Detection;
using Bulwark.Analyzers.Secrets.Rules;

namespace Bulwark.Analyzers.Secrets.Tests.Detection;

public sealed class RequiredLiteralsTests
{
    [Theory]
    [InlineData(@"(?i:github|gh)[\w.-]{0,20}(?i:client[_.-]?secret|secret)[\w.-]{0,16}=([a-f0-9]{40})", "secret")]
    [InlineData(@"(?i:splunk|hec)[\w.-]{0,20}(?i:token)\s*=(\w+)|(?i:Authorization):\s{0,3}(?i:Splunk)\s{1,3}(\w+)", "authorization,token")]
    [InlineData(@"(?i:(?:secret|token|api[_.-]?key|credentials?|auth)(?:[_.-]?(?:key|base)){0,2})\s*=", "auth,credential,key,secret,token")]
    [InlineData(@"\b(SK[0-9a-f]{32})\b", null)]
    [InlineData(@"AKIA[A-Z0-9]{16}", "akia")]
    [InlineData(@"abc?d", null)]
    [InlineData(@"abcd?e", "abc")]
    [InlineData(@"(?:abc)?def", "def")]
    [InlineData(@"(?:abc)*xy", null)]
    [InlineData(@"(?:abc)+xy", "abc")]
    [InlineData(@"(?:abc){2,3}xy", "abc")]
    [InlineData(@"(?:abc){0,3}xy", null)]
    [InlineData(@"x{2}abc", "abc")]
    [InlineData(@"abc|de", null)]
    [InlineData(@"(?<name>token)=\w+", "token")]
    [InlineData(@"(?=secret)\w+", null)]
    [InlineData(@"(?<!secret)token", "token")]
    [InlineData(@"(?x)a b c", null)]
    [InlineData(@"(?x:abc)", null)]
    [InlineData(@"(?i)password\s*=", "password")]
    [InlineData(@"https?://[^:]+:[^@]+@host\.com", "http;://;@host.com")]
    [InlineData(@"to\.ken", "to.ken")]
    [InlineData(@"[abc]secret[[:alnum:]]{3}", "secret")]
    [InlineData(@"pass\w+word", "pass;word")]
    [InlineData(@"(?i:elastic|es_)[\w.-]{0,20}(?i:api[_.-]?key)\s*=", "elastic,es_;api;key")]
    [InlineData(@"(?:abc|def(?:ghi)?)xyz", "abc,def;xyz")]
    [InlineData(@"(abc", null)]
    [InlineData(@"abc)", null)]
    [InlineData(@"*abc", null)]
    [InlineData(@"secr\u0065t", "secr")]
    [InlineData(@"\p{L}+token", "token")]
    [InlineData(@"(?>token)", null)]
    public void Reads_the_literal_sets_every_match_holds_one_of_each(string pattern, string? expected) =>
        Assert.Equal(expected, RequiredLiterals.Of(pattern) is { } sets ? string.Join(';', sets.Select(set => string.Join(',', set))) : null);

    [Fact]
    public void Every_built_in_true_positive_match_holds_a_literal_of_each_of_its_rules_required_sets()
    {
        var checkedRules = 0;
        foreach (var rule in BuiltInRules.All.Where(r => r.Regex.Length > 0))
        {
            if (RequiredLiterals.Of(rule.Regex) is not { } sets)
            {
                continue;
            }

            checkedRules++;
            var regex = new Regex(rule.Regex, RegexOptions.CultureInvariant);
            foreach (var sample in rule.TruePositives)
            {
                foreach (Match match in regex.Matches(sample))
                {
                    foreach (var set in sets)
                    {
                        Assert.True(set.Any(l => match.Value.Contains(l, StringComparison.OrdinalIgnoreCase)),
                            $"{rule.Id}: '{match.Value}' holds none of {string.Join(", ", set)}");
                    }
                }
            }
        }

        Assert.True(checkedRules > 100, $"only {checkedRules} built-in rules have required literals");
    }

    [Fact]
    public void A_window_without_the_required_literal_is_not_scanned_yet_matches_are_found()
    {
        var rule = new SecretRule
        {
            Id = "github-like",
            Description = "test",
            Regex = @"(?i:github|gh)[\w.-]{0,20}(?i:secret)[\w.-]{0,16}\s{0,3}=\s{0,3}([a-f0-9]{40})",
            Keywords = Bulwark.Core.EquatableArray.Of("gh"),
        };
        var detector = new SecretDetector([rule]);
        const string secret = "0123456789abcdef0123456789abcdef01234567";

        Assert.Empty(detector.Detect($"high ghost = {secret}\n"));
        var match = Assert.Single(detector.Detect($"high ghost\nGH_SECRET = {secret}\nthrough\n"));
        Assert.Equal(secret, match.Secret);
        Assert.Equal(2, match.StartLine);

        // The regex's case-insensitivity matches the Kelvin sign (U+212A) for k; a window with any non-ASCII char is scanned.
        var kelvin = new SecretRule
        {
            Id = "kelvin",
            Description = "test",
            Regex = @"(?i:gh)_(?i:key)=([a-f0-9]{40})",
            Keywords = Bulwark.Core.EquatableArray.Of("gh"),
        };
        Assert.Single(new SecretDetector([kelvin]).Detect($"GH_\u212AEY={secret}\n"));

        // Two sets (api, then key): a window needs a literal of each.
        var elastic = new SecretRule
        {
            Id = "elastic-like",
            Description = "test",
            Regex = @"(?i:elastic)[\w.-]{0,20}(?i:api[_.-]?key)\s*=\s*([a-f0-9]{40})",
            Keywords = Bulwark.Core.EquatableArray.Of("elastic"),
        };
        var detector2 = new SecretDetector([elastic]);
        Assert.Empty(detector2.Detect($"elastic api = {secret}\nelastic key = {secret}\n"));
        Assert.Equal(2, Assert.Single(detector2.Detect($"elastic api = {secret}\nELASTIC_API_KEY = {secret}\n")).StartLine);
    }
}
