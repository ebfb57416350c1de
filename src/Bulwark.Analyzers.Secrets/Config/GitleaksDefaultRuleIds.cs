using System.Collections.Frozen;

namespace Bulwark.Analyzers.Secrets.Config;

/// <summary>
/// gitleaks' default rule ids that Bulwark's built-in rules (what <c>[extend] useDefault = true</c> extends) name
/// differently, each with the built-in rules that detect the same credential, or none. A configuration written for
/// gitleaks disables, allowlists and refines rules by gitleaks' ids (<c>disabledRules = ["generic-api-key"]</c>,
/// <c>targetRules = ["aws-access-token"]</c>); these ids mean the built-in counterparts. The list was drawn up by
/// running the built-in rules on samples of each gitleaks rule's format; ids the built-in set has as they are
/// (<c>github-pat</c>, <c>slack-bot-token</c>, …) need no entry.
/// </summary>
internal static class GitleaksDefaultRuleIds
{
    private static readonly string[] PrivateKeys =
    [
        "private-key-rsa", "private-key-ec", "private-key-dsa", "private-key-openssh", "private-key-pkcs8",
        "private-key-pkcs8-encrypted", "private-key-pgp", "private-key-putty", "private-key-ssh2-encrypted",
        "private-key-base64-pem",
    ];

    private static readonly FrozenDictionary<string, string[]> Counterparts = new Dictionary<string, string[]>
    {
        ["1password-secret-key"] = ["onepassword-secret-key"],
        ["1password-service-account-token"] = ["onepassword-service-account-token"],
        ["algolia-api-key"] = ["algolia-admin-key"],
        ["alibaba-secret-key"] = ["alibaba-access-key-secret"],
        ["anthropic-admin-api-key"] = ["anthropic-admin-key"],
        ["artifactory-api-key"] = ["jfrog-api-key"],
        ["aws-access-token"] = ["aws-access-key-id"],
        ["clojars-api-token"] = ["clojars-deploy-token"],
        ["cloudflare-api-key"] = ["cloudflare-api-token"],
        ["codecov-access-token"] = ["codecov-upload-token"],
        ["cohere-api-token"] = ["cohere-api-key"],
        ["coinbase-access-token"] = ["coinbase-api-secret"],
        ["confluent-secret-key"] = ["confluent-api-secret"],
        ["contentful-delivery-api-token"] = ["contentful-delivery-token"],
        ["curl-auth-user"] = ["curl-user-credentials"],
        ["databricks-api-token"] = ["databricks-token"],
        ["datadog-access-token"] = ["datadog-app-key"],
        ["digitalocean-access-token"] = ["digitalocean-oauth-token"],
        ["doppler-api-token"] = ["doppler-personal-token"],
        ["droneci-access-token"] = ["drone-ci-token"],
        ["dropbox-long-lived-api-token"] = ["dropbox-long-lived-token"],
        ["dropbox-short-lived-api-token"] = ["dropbox-short-lived-token"],
        ["duffel-api-token"] = ["duffel-live-token"],
        ["easypost-api-token"] = ["easypost-api-key"],
        ["easypost-test-api-token"] = ["easypost-test-api-key"],
        ["etsy-access-token"] = ["etsy-api-key"],
        ["facebook-page-access-token"] = ["facebook-access-token"],
        ["facebook-secret"] = ["facebook-app-secret"],
        ["flyio-access-token"] = ["fly-io-access-token"],
        ["generic-api-key"] = ["generic-secret-assignment", "generic-password-assignment"],
        ["github-app-token"] = ["github-app-user-token", "github-app-installation-token"],
        ["github-oauth"] = ["github-oauth-token"],
        ["gitlab-cicd-job-token"] = ["gitlab-ci-build-token"],
        ["gitlab-pat-routable"] = ["gitlab-pat"],
        ["gitlab-ptt"] = ["gitlab-pipeline-trigger-token"],
        ["gitlab-rrt"] = ["gitlab-runner-registration-token"],
        ["gitlab-runner-authentication-token"] = ["gitlab-runner-auth-token"],
        ["gitlab-runner-authentication-token-routable"] = ["gitlab-runner-auth-token"],
        ["gocardless-api-token"] = ["gocardless-access-token"],
        ["grafana-cloud-api-token"] = ["grafana-cloud-token"],
        ["harness-api-key"] = ["harness-pat"],
        ["hashicorp-tf-api-token"] = ["terraform-cloud-token"],
        ["huggingface-organization-api-token"] = ["huggingface-org-token"],
        ["intercom-api-key"] = ["intercom-access-token"],
        ["jwt-base64"] = ["jwt"],
        ["kraken-access-token"] = ["kraken-api-secret"],
        ["mailgun-private-api-token"] = ["mailgun-api-key"],
        ["mapbox-api-token"] = ["mapbox-public-token"],
        ["messagebird-api-token"] = ["messagebird-api-key"],
        ["microsoft-teams-webhook"] = ["microsoft-teams-webhook-url"],
        ["okta-access-token"] = ["okta-api-token"],
        ["plaid-api-token"] = ["plaid-access-token"],
        ["plaid-secret-key"] = ["plaid-secret"],
        ["postman-api-token"] = ["postman-api-key"],
        ["prefect-api-token"] = ["prefect-api-key"],
        ["private-key"] = PrivateKeys,
        ["pulumi-api-token"] = ["pulumi-access-token"],
        ["readme-api-token"] = ["readme-api-key"],
        ["rubygems-api-token"] = ["rubygems-api-key"],
        ["sendbird-access-token"] = ["sendbird-api-token"],
        ["sendgrid-api-token"] = ["sendgrid-api-key"],
        ["sendinblue-api-token"] = ["brevo-api-key"],
        ["sentry-access-token"] = ["sentry-auth-token-legacy"],
        ["shippo-api-token"] = ["shippo-live-token"],
        ["shopify-custom-access-token"] = ["shopify-custom-app-token"],
        ["shopify-private-app-access-token"] = ["shopify-private-app-token"],
        ["sonar-api-token"] = ["sonarcloud-token"],
        ["stripe-access-token"] = ["stripe-live-secret-key", "stripe-live-restricted-key", "stripe-test-secret-key", "stripe-test-restricted-key"],
        ["sumologic-access-token"] = ["sumologic-access-key"],
        ["telegram-bot-api-token"] = ["telegram-bot-token"],
        ["travisci-access-token"] = ["travis-ci-token"],
        ["twitch-api-token"] = ["twitch-oauth-token"],
        ["typeform-api-token"] = ["typeform-pat"],
        ["yandex-aws-access-token"] = ["yandex-static-access-key"],
        ["zendesk-secret-key"] = ["zendesk-api-token"],

        // gitleaks default rules with no built-in counterpart of the same scope: an allowlist or refinement aimed at
        // them has nothing to apply to (a warning says so), and disabling them disables nothing.
        ["adobe-client-id"] = [],
        ["artifactory-reference-token"] = [],
        ["asana-client-id"] = [],
        ["bitbucket-client-id"] = [],
        ["confluent-access-token"] = [],
        ["curl-auth-header"] = [],
        ["database-password"] = [],
        ["discord-client-id"] = [],
        ["flutterwave-public-key"] = [],
        ["hashicorp-tf-password"] = [],
        ["linkedin-client-id"] = [],
        ["lob-pub-api-key"] = [],
        ["mailgun-pub-key"] = [],
        ["mailgun-signing-key"] = [],
        ["messagebird-client-id"] = [],
        ["new-relic-user-api-id"] = [],
        ["pkcs12-file"] = [],
        ["plaid-client-id"] = [],
        ["sendbird-access-id"] = [],
        ["sumologic-access-id"] = [],
        ["twitter-access-secret"] = [],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The built-in rules standing for gitleaks' default rule <paramref name="id"/>; false when it is not one of gitleaks' ids.</summary>
    public static bool TryGetCounterparts(string id, out IReadOnlyList<string> counterparts)
    {
        var known = Counterparts.TryGetValue(id, out var ids);
        counterparts = ids ?? [];
        return known;
    }

    /// <summary>Every id the table maps to (for the test that each exists in the built-in set).</summary>
    internal static IEnumerable<string> AllCounterparts => Counterparts.Values.SelectMany(ids => ids).Distinct(StringComparer.Ordinal);

    internal static IEnumerable<string> AllGitleaksIds => Counterparts.Keys;
}
