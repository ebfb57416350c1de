using System.Text.RegularExpressions;
using Bulwark.Analyzers.Secrets.Rules;
using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Tests.Rules;

/// <summary>
/// Properties of the shipped rule set as a whole: what every rule must carry, that the prefilter can trust the
/// keywords, that the regexes suit the linear-time engine, and that the coverage the product promises exists.
/// Each rule's own samples are run by <see cref="BuiltInRuleSampleTests"/>.
/// </summary>
public class BuiltInRuleSetTests
{
    private const RegexOptions Linear = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    // Rules allowed to run without keywords (over every whole file). Adding one needs a reason in its comment.
    private static readonly HashSet<string> RulesWithoutKeywords = [];

    private static readonly SecretDetector Detector = new(BuiltInRules.All);

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var rule in BuiltInRules.All)
        {
            data.Add(rule.Id);
        }

        return data;
    }

    private static SecretRule Rule(string id) => BuiltInRules.All.Single(r => r.Id == id);

    [Fact]
    public void Rule_set_has_at_least_200_rules() => Assert.InRange(BuiltInRules.All.Count, 200, int.MaxValue);

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_is_documented_tagged_and_proves_itself_with_samples(string id)
    {
        var rule = Rule(id);
        Assert.Matches("^[a-z0-9]+(?:-[a-z0-9]+)*$", rule.Id);
        Assert.False(string.IsNullOrWhiteSpace(rule.Description), $"{id} has no description");
        Assert.False(rule.Tags.IsEmpty, $"{id} has no tags");
        Assert.NotEqual(Severity.Unknown, rule.Severity);
        Assert.True(rule.TruePositives.Count >= 2, $"{id} needs at least 2 true positives");
        Assert.True(rule.FalsePositives.Count >= 2, $"{id} needs at least 2 false positives");
        Assert.Equal(rule.TruePositives.Count, rule.TruePositives.Distinct().Count());
        Assert.Equal(rule.FalsePositives.Count, rule.FalsePositives.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Keywords_are_lower_case_literals_and_missing_only_by_exception(string id)
    {
        var rule = Rule(id);
        if (RulesWithoutKeywords.Contains(id))
        {
            Assert.True(rule.Keywords.IsEmpty, $"{id} is on the no-keyword list but has keywords");
            return;
        }

        Assert.False(rule.Keywords.IsEmpty, $"{id} has no keywords: the prefilter would run it on every file");
        foreach (var keyword in rule.Keywords)
        {
            Assert.False(string.IsNullOrWhiteSpace(keyword), $"{id} has an empty keyword");
            Assert.Equal(keyword.ToLowerInvariant(), keyword);
        }
    }

    /// <summary>
    /// The prefilter only runs a rule's regex where one of its keywords occurs, so every match must contain a
    /// keyword; checked on every match of the bare regex over the true positives, not only on reported hits.
    /// </summary>
    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_match_of_a_true_positive_contains_a_keyword(string id)
    {
        var rule = Rule(id);
        if (rule.Keywords.IsEmpty)
        {
            return;
        }

        var regex = new Regex(rule.Regex, Linear);
        foreach (var sample in rule.TruePositives)
        {
            var matches = regex.Matches(sample);
            Assert.NotEmpty(matches);
            foreach (Match match in matches)
            {
                Assert.True(
                    rule.Keywords.Any(k => match.Value.Contains(k, StringComparison.OrdinalIgnoreCase)),
                    $"{id}: match '{match.Value}' contains none of its keywords [{string.Join(", ", rule.Keywords)}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Regexes_run_on_the_linear_time_engine(string id)
    {
        var rule = Rule(id);
        var regex = new Regex(rule.Regex, Linear);
        Assert.True(rule.SecretGroup < regex.GetGroupNumbers().Length, $"{id}: secret group {rule.SecretGroup} does not exist");
        if (rule.Path is { } path)
        {
            _ = new Regex(path, Linear);
        }

        foreach (var allowlist in rule.Allowlists)
        {
            Assert.NotNull(allowlist);
            foreach (var pattern in allowlist.Regexes.Concat(allowlist.Paths))
            {
                _ = new Regex(pattern, Linear);
            }
        }
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Severity_follows_what_the_credential_can_do(string id)
    {
        var rule = Rule(id);
        if (rule.Tags.Contains("test-key"))
        {
            Assert.InRange(rule.Severity, Severity.Low, Severity.Medium);
        }

        if (rule.Id.StartsWith("private-key-", StringComparison.Ordinal))
        {
            Assert.InRange(rule.Severity, Severity.High, Severity.Critical);
        }

        if (rule.Id.StartsWith("generic-", StringComparison.Ordinal))
        {
            Assert.Equal(Severity.Medium, rule.Severity);
        }
    }

    /// <summary>
    /// Rule precedence trusts the specificity: generic rules (tagged so) give way to every other rule on the same
    /// secret, and only rules that know a credential by its place (headers, URLs, connection strings) give way to
    /// vendor formats.
    /// </summary>
    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Specificity_matches_what_the_rule_recognises(string id)
    {
        var rule = Rule(id);
        Assert.Equal(rule.Tags.Contains("generic"), rule.EffectiveSpecificity == RuleSpecificity.Generic);
        if (rule.Tags.Contains("connection-string"))
        {
            Assert.Equal(RuleSpecificity.Placement, rule.EffectiveSpecificity);
        }
    }

    /// <summary>The coverage the secret-detection issue asks for, by area: each listed rule must exist.</summary>
    public static TheoryData<string, string> RequiredCoverage() => new()
    {
        { "aws", "aws-access-key-id aws-secret-access-key" },
        { "gcp", "gcp-service-account-key gcp-api-key gcp-oauth-client-secret" },
        { "azure", "azure-storage-account-key azure-storage-connection-string azure-sas-token azure-ad-client-secret" },
        { "alibaba", "alibaba-access-key-id alibaba-access-key-secret" },
        { "digitalocean", "digitalocean-pat digitalocean-oauth-token digitalocean-refresh-token" },
        { "github", "github-pat github-fine-grained-pat github-app-installation-token github-app-user-token github-oauth-token github-refresh-token" },
        { "gitlab", "gitlab-pat gitlab-deploy-token gitlab-runner-auth-token gitlab-runner-registration-token gitlab-pipeline-trigger-token" },
        { "bitbucket", "bitbucket-app-password" },
        { "circleci", "circleci-personal-token circleci-project-token" },
        { "travis", "travis-ci-token" },
        { "npm", "npm-access-token" },
        { "pypi", "pypi-upload-token" },
        { "nuget", "nuget-api-key" },
        { "rubygems", "rubygems-api-key" },
        { "crates", "crates-io-api-token" },
        { "dockerhub", "dockerhub-pat" },
        { "slack", "slack-bot-token slack-user-token slack-app-token slack-config-refresh-token slack-legacy-token slack-webhook-url" },
        { "stripe", "stripe-live-secret-key stripe-live-restricted-key stripe-test-secret-key" },
        { "twilio", "twilio-api-key twilio-account-credentials" },
        { "sendgrid", "sendgrid-api-key" },
        { "mailgun", "mailgun-api-key" },
        { "mailchimp", "mailchimp-api-key" },
        { "shopify", "shopify-access-token shopify-shared-secret shopify-custom-app-token shopify-private-app-token" },
        { "square", "square-access-token" },
        { "paypal/braintree", "braintree-access-token" },
        { "openai", "openai-api-key openai-project-key" },
        { "anthropic", "anthropic-api-key" },
        { "huggingface", "huggingface-access-token" },
        { "datadog", "datadog-api-key" },
        { "newrelic", "new-relic-user-api-key new-relic-browser-api-token" },
        { "sentry", "sentry-org-token sentry-dsn" },
        { "atlassian", "atlassian-api-token" },
        { "okta", "okta-api-token" },
        { "vault", "vault-service-token vault-batch-token" },
        { "terraform", "terraform-cloud-token" },
        { "heroku", "heroku-api-key" },
        { "discord", "discord-bot-token discord-webhook-url" },
        { "telegram", "telegram-bot-token" },
        { "twitch", "twitch-oauth-token" },
        { "dropbox", "dropbox-short-lived-token" },
        { "linear", "linear-api-key" },
        { "notion", "notion-integration-secret notion-api-token" },
        { "postman", "postman-api-key" },
        { "grafana", "grafana-cloud-token grafana-service-account-token" },
        { "doppler", "doppler-personal-token" },
        { "pulumi", "pulumi-access-token" },
        { "private keys", "private-key-rsa private-key-ec private-key-dsa private-key-openssh private-key-pgp private-key-pkcs8 private-key-pkcs8-encrypted private-key-putty" },
        { "jwt", "jwt" },
        { "postgres", "postgres-connection-uri" },
        { "mysql", "mysql-connection-uri" },
        { "mongodb", "mongodb-connection-uri" },
        { "redis", "redis-connection-uri" },
        { "amqp", "amqp-connection-uri" },
        { "jdbc", "jdbc-connection-password" },
        { "ado.net", "adonet-connection-string-password" },
        { "generic", "generic-secret-assignment generic-password-assignment" },
        {
            "more saas and ai",
            "figma-pat asana-pat airtable-pat algolia-admin-key contentful-pat databricks-token dynatrace-api-token fastly-api-token "
            + "gcp-api-key fly-io-access-token frameio-api-token gocardless-access-token intercom-access-token kraken-api-secret "
            + "launchdarkly-access-token lob-api-key mapbox-secret-token messagebird-api-key netlify-access-token nightfall-api-key "
            + "openshift-user-token planetscale-api-token prefect-api-key readme-api-key replicate-api-token scalingo-api-token "
            + "brevo-api-key shippo-live-token snyk-api-token sonarqube-token sumologic-access-key supabase-service-token typeform-pat "
            + "vercel-token yandex-api-key zendesk-api-token cloudflare-api-token confluent-api-secret groq-api-key perplexity-api-key "
            + "cohere-api-key mistral-api-key xai-api-key facebook-access-token twitter-bearer-token linkedin-client-secret "
            + "microsoft-teams-webhook-url"
        },
    };

    [Theory]
    [MemberData(nameof(RequiredCoverage))]
    public void Required_area_is_covered(string area, string ruleIds)
    {
        var ids = BuiltInRules.All.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var missing = ruleIds.Split(' ').Where(id => !ids.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"{area}: no rule {string.Join(", ", missing)}");
    }

    /// <summary>
    /// Values the generic rules must not report: each is a high-entropy, digit-carrying string the regex takes,
    /// so only the placeholder allowlist keeps it out (checked by running the rule with and without it).
    /// </summary>
    [Theory]
    [InlineData("example_token_9f8e7d6c5b4a")]
    [InlineData("your-api-token-1a2b3c4d5e")]
    [InlineData("dummy_secret_1a2b3c4d5e6f")]
    [InlineData("test_key_7Hq2Lm9Rx4Vb")]
    [InlineData("sample-credential-99x8y7w6")]
    [InlineData("REDACTED_1234567890abcdef")]
    [InlineData("placeholder-0123456789ab")]
    [InlineData("fake-token-Zq81Lx02Mv93")]
    [InlineData("mock_secret_k4J9p2W8s1Q7")]
    [InlineData("AbCd1234xxxxxxxxEfGh5678")]
    public void Generic_rules_leave_placeholder_values_alone(string value)
    {
        var line = $"api_token = \"{value}\"";
        var rule = Rule("generic-secret-assignment");
        var unfiltered = new SecretDetector([rule with { Allowlists = EquatableArray<SecretAllowlist>.Empty }]);
        Assert.Contains(unfiltered.Detect(line), m => m.RuleId == rule.Id);
        Assert.DoesNotContain(Detector.Detect(line), m => m.RuleId == rule.Id);
    }

    [Theory]
    [InlineData("tests/fixtures/settings.py")]
    [InlineData("src/Api.Tests/appsettings.json")]
    [InlineData("examples/docker-compose.yml")]
    [InlineData("docs/configuration.md")]
    [InlineData("README.md")]
    [InlineData("pkg/client/client_test.go")]
    [InlineData("web/src/api.spec.ts")]
    public void Generic_rules_skip_test_example_and_documentation_paths_but_vendor_rules_do_not(string path)
    {
        const string Generic = "ACME_API_TOKEN = \"Qm8vT2xkZ3Rlc3Q5d2Vyd2Vyd2VyMTIz\"";
        Assert.Contains(Detector.Detect(Generic, "src/app/settings.py"), m => m.RuleId == "generic-secret-assignment");
        Assert.DoesNotContain(Detector.Detect(Generic, path), m => m.RuleId == "generic-secret-assignment");

        var vendor = Rule("github-pat").TruePositives[0];
        Assert.Contains(Detector.Detect(vendor, path), m => m.RuleId == "github-pat");
    }

    [Theory]
    [InlineData("aws-access-key-id", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE")]
    [InlineData("aws-secret-access-key", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("azure-storage-connection-string",
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;")]
    [InlineData("kubernetes-bootstrap-token", "kubeadm join 10.0.0.10:6443 --token abcdef.0123456789abcdef")]
    [InlineData("generic-secret-assignment", "access_token=2YotnFZFEjr1zCsicMWpAA&token_type=example")]
    [InlineData("authorization-basic-credentials", "Authorization: Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW")]
    [InlineData("generic-secret-assignment", "<Reference Include=\"System.Core, Version=4.0.0.0, PublicKeyToken=b77a5c561934e089\" />")]
    public void Published_documentation_credentials_are_not_reported(string ruleId, string line) =>
        Assert.DoesNotContain(Detector.Detect(line), m => m.RuleId == ruleId);
}
