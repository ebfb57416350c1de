using Bulwark.Analyzers.Secrets.Rules;
using Bulwark.Analyzers.Secrets.Sources;
using Bulwark.Core;
using static Bulwark.Analyzers.Secrets.Tests.TestRules;

namespace Bulwark.Analyzers.Secrets.Tests.Detection;

/// <summary>
/// One finding per secret: when rules' secret spans overlap in the same text, the most specific rule reports it
/// (vendor over shape over generic, then the longer secret, the longer match, the rule listed first).
/// </summary>
public class RulePrecedenceTests
{
    // Real-shaped: the last 6 chars are base62(CRC32) of the rest, as GitHub issues them.
    private const string GitHubToken = "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";
    private const string BadChecksumGitHubToken = "ghp_R7x2Kq9mVw4ZtB8nLp3cYh6dFj1sGe3gpLyF";
    private const string AwsSecret = "qNQBCNYbsL3Tzb0SuQ/SwPemqSsgugoiFc3cvnYm";

    private static readonly SecretDetector BuiltIn = new(SecretsConfig.BuiltIn);

    private static SecretRule Generic => BuiltInRules.All.Single(r => r.Id == "generic-secret-assignment");

    [Fact]
    public void A_vendor_rule_and_the_generic_rule_on_the_same_secret_give_one_vendor_finding()
    {
        var line = $"GITHUB_TOKEN = \"{GitHubToken}\"";
        Assert.Contains(new SecretDetector([Generic]).Detect(line, "app/settings.py"), m => m.Secret == GitHubToken);

        var match = Assert.Single(BuiltIn.Detect(line, "app/settings.py"));

        Assert.Equal(("github-pat", GitHubToken), (match.RuleId, match.Secret));
    }

    [Fact]
    public void A_keyed_vendor_rule_wins_over_the_generic_rule_whose_key_it_shares()
    {
        var line = $"aws_secret_access_key = {AwsSecret}";
        Assert.Single(new SecretDetector([Generic]).Detect(line, "deploy/credentials"));

        var match = Assert.Single(BuiltIn.Detect(line, "deploy/credentials"));

        Assert.Equal("aws-secret-access-key", match.RuleId);
    }

    [Fact]
    public void A_vendor_token_in_an_authorization_header_is_reported_by_the_vendor_rule_not_the_header_shape()
    {
        var match = Assert.Single(BuiltIn.Detect($"curl -H \"Authorization: Bearer {GitHubToken}\" https://api.github.com/user", "ci/release.sh"));

        Assert.Equal("github-pat", match.RuleId);
    }

    [Fact]
    public void A_vendor_token_used_as_a_url_password_is_reported_by_the_vendor_rule()
    {
        const string Clone = "git clone https://x-access-token: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@github.com/acme/infra.git";
        Assert.Single(new SecretDetector(BuiltInRules.All.Where(r => r.Id == "url-embedded-credentials")).Detect(Clone));

        Assert.Equal(["github-pat"], BuiltIn.Detect(Clone, "ci/clone.sh").Select(m => m.RuleId));
    }

    [Fact]
    public void Two_different_secrets_on_one_line_are_both_reported()
    {
        var line = $"GITHUB_TOKEN=\"{GitHubToken}\"; SIGNING_SECRET=\"Vq3mK8zR2xLw9nT4bY7cJ1fH6dS5gP0a\"";

        var matches = BuiltIn.Detect(line, "app/settings.py");

        Assert.Equal(
            [("github-pat", GitHubToken), ("generic-secret-assignment", "Vq3mK8zR2xLw9nT4bY7cJ1fH6dS5gP0a")],
            matches.Select(m => (m.RuleId, m.Secret)));
    }

    [Fact]
    public void The_same_secret_on_two_lines_is_two_findings()
    {
        var text = $"token = \"{GitHubToken}\"\nbackup_token = \"{GitHubToken}\"\n";

        var matches = BuiltIn.Detect(text, "app/settings.py");

        Assert.Equal([("github-pat", 1), ("github-pat", 2)], matches.Select(m => (m.RuleId, m.StartLine)));
    }

    [Fact]
    public void A_value_its_checksum_rules_out_is_not_reported_by_the_generic_rule_either()
    {
        var line = $"GITHUB_TOKEN = \"{BadChecksumGitHubToken}\"";

        var dropped = BuiltIn.Detect(line, new SecretSource("app/settings.py"));
        Assert.Empty(dropped.Matches);
        Assert.Equal(1, dropped.FormatInvalidDropped);

        var shown = new SecretDetector(SecretsConfig.BuiltIn, new SecretDetectorOptions { KeepFormatInvalid = true }).Detect(line, "app/settings.py");
        Assert.Equal([("github-pat", SecretValidity.FormatInvalid)], shown.Select(m => (m.RuleId, m.Validity)));
    }

    [Fact]
    public void Between_two_vendor_rules_the_longer_secret_wins_whatever_the_rule_order()
    {
        var wide = Rule("acme-scoped-key", @"(acme_[a-z]{4}_[A-Z0-9]{16})", "acme_");
        var narrow = Rule("acme-key-body", @"_([A-Z0-9]{16})\b", "acme_");
        const string Line = "key: acme_live_Q7X2KD9MVW4ZTB8N";

        Assert.Equal(["acme-scoped-key"], new SecretDetector([narrow, wide]).Detect(Line).Select(m => m.RuleId));
        Assert.Equal(["acme-scoped-key"], new SecretDetector([wide, narrow]).Detect(Line).Select(m => m.RuleId));
    }

    [Fact]
    public void Between_equal_secrets_the_longer_match_wins_then_the_rule_listed_first()
    {
        var bare = Rule("acme-bare", @"\b(acme_[A-Z0-9]{16})\b", "acme_");
        var keyed = Rule("acme-keyed", @"ACME_KEY=(acme_[A-Z0-9]{16})\b", "acme_");
        var twin = Rule("acme-twin", @"\b(acme_[A-Z0-9]{16})\b", "acme_");

        Assert.Equal(["acme-keyed"], new SecretDetector([bare, keyed]).Detect("ACME_KEY=acme_Q7X2KD9MVW4ZTB8N").Select(m => m.RuleId));
        Assert.Equal(["acme-twin"], new SecretDetector([twin, bare]).Detect("acme_Q7X2KD9MVW4ZTB8N").Select(m => m.RuleId));
    }

    [Fact]
    public void A_generic_hit_spanning_two_vendor_secrets_gives_way_to_both()
    {
        var generic = Rule("generic-pair", @"creds=([^\s]+)", "creds=");
        var token = Token();
        var other = Rule("test-other", "oth_[A-Z0-9]{16}", "oth_");

        var matches = new SecretDetector([generic, token, other]).Detect("creds=tok_ABCDEFGH12345678:oth_ABCDEFGH12345678");

        Assert.Equal(["test-token", "test-other"], matches.Select(m => m.RuleId));
    }

    [Fact]
    public void Overlaps_chain_best_first_so_a_hit_is_only_displaced_by_one_that_is_kept()
    {
        // left and right overlap middle but not each other; middle is generic, so both vendor hits stay.
        var middle = Rule("generic-middle", @"(c{4}d{4})", "cccc");
        var left = Rule("vendor-left", @"(b{4}c{4})", "bbbb");
        var right = Rule("vendor-right", @"(d{4}e{4})", "eeee");

        var matches = new SecretDetector([middle, left, right]).Detect("x bbbbcccc ccccdddd ddddeeee", "");
        Assert.Equal(["generic-middle", "vendor-left", "vendor-right"], matches.Select(m => m.RuleId).Order(StringComparer.Ordinal));

        var chained = new SecretDetector([middle, left, right]).Detect("bbbbccccddddeeee", "");
        Assert.Equal(["vendor-left", "vendor-right"], chained.Select(m => m.RuleId));
    }

    [Theory]
    [InlineData("generic-api-key", "", RuleSpecificity.Generic)]
    [InlineData("acme-GENERIC-token", "", RuleSpecificity.Generic)]
    [InlineData("acme-token", "generic", RuleSpecificity.Generic)]
    [InlineData("acme-token", "acme", RuleSpecificity.Vendor)]
    public void Gitleaks_rules_are_generic_when_their_id_or_a_tag_says_so(string id, string tag, RuleSpecificity expected)
    {
        var config = GitleaksConfig.Parse($"""
            [[rules]]
            id = "{id}"
            regex = '''x'''
            tags = ["{tag}"]
            """, "gitleaks.toml");

        Assert.Equal(expected, Assert.Single(config.Rules).EffectiveSpecificity);
    }

    [Fact]
    public void A_gitleaks_generic_rule_gives_way_to_a_vendor_rule_of_the_same_config()
    {
        var config = GitleaksConfig.Parse("""
            [[rules]]
            id = "generic-api-key"
            regex = '''(?i)key\s*=\s*"([a-z0-9_]{20,})"'''
            keywords = ["key"]

            [[rules]]
            id = "acme-live-key"
            regex = '''acme_live_[a-z0-9]{16}'''
            keywords = ["acme_live_"]
            """, "gitleaks.toml");

        var matches = new SecretDetector(config).Detect("api_key = \"acme_live_q7x2kd9mvw4ztb8n\"");

        Assert.Equal(["acme-live-key"], matches.Select(m => m.RuleId));
    }

    [Fact]
    public void A_secret_found_as_written_by_a_generic_rule_and_decoded_by_a_vendor_rule_is_reported_once_by_the_vendor_rule()
    {
        var encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(GitHubToken));
        var scanner = new LeakScanner(BuiltIn);
        var line = $"deploy_secret = \"{encoded}\"\n";
        Assert.Contains(new LeakScanner(new SecretDetector([Generic])).Scan(line, "app/settings.py"), l => l.RuleId == Generic.Id);

        var leak = Assert.Single(scanner.Scan(line, "app/settings.py"));

        Assert.Equal(("github-pat", "base64", GitHubToken), (leak.RuleId, leak.Decoded, leak.Secret));
    }

    [Fact]
    public void Two_secrets_decoded_from_one_segment_are_both_reported()
    {
        var encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{GitHubToken}\naws_secret_access_key={AwsSecret}\n"));

        var leaks = new LeakScanner(BuiltIn).Scan($"BOOTSTRAP={encoded}\n", "deploy/env.b64");

        Assert.Equal(["aws-secret-access-key", "github-pat"], leaks.Select(l => l.RuleId).Order(StringComparer.Ordinal));
        Assert.All(leaks, l => Assert.Equal("base64", l.Decoded));
    }
}
