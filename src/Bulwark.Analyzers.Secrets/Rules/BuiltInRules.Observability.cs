using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Rules;

public static partial class BuiltInRules
{
    // Monitoring, logging, error tracking and analytics: write-only ingest keys are Medium (they let someone
    // pollute or flood data), keys that read data or manage the account are High.
    private static IEnumerable<SecretRule> Observability()
    {
        yield return new SecretRule
        {
            Id = "datadog-api-key",
            Description = "Datadog API key",
            Severity = Severity.High,
            Regex = $@"(?i:datadog|dd_)[\w.-]{{0,20}}(?i:api[_.-]?key)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("datadog", "dd_"),
            Tags = EquatableArray.Of("observability", "datadog"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "ENV DD_API_KEY=ac877f26a95df867c97f55427fa47b66",
                "datadog_api_key = \"8e3745583c928d3e749c205bfadabe8b\""),
            FalsePositives = EquatableArray.Of(
                "DD_API_KEY=${DD_API_KEY}",
                "api_key = \"f546fa2abe42b4b3ec01c1e64d5c5581\""),
        };

        // Application keys carry the creating user's permissions (read dashboards, logs, monitors).
        yield return new SecretRule
        {
            Id = "datadog-app-key",
            Description = "Datadog application key",
            Severity = Severity.High,
            Regex = $@"(?i:datadog|dd_)[\w.-]{{0,20}}(?i:app(?:lication)?[_.-]?key)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{40}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("datadog", "dd_"),
            Tags = EquatableArray.Of("observability", "datadog"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "dd_app_key = \"064251b4706f7fca0aa81fef8b6d22deb0f9336c\"",
                "\"datadog_application_key\": \"88293a48aea51ba95a1a3be965f9c31c34fc9db9\","),
            FalsePositives = EquatableArray.Of(
                "DD_APP_KEY=${DD_APP_KEY}",
                "\"app_key\": \"57b09ac0eaa16db1d56f6a668f9bc17fa8abb764\","),
        };

        yield return new SecretRule
        {
            Id = "new-relic-user-api-key",
            Description = "New Relic user API key",
            Severity = Severity.High,
            Regex = @"\b(NRAK-[A-Z0-9]{27})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("nrak-"),
            Tags = EquatableArray.Of("observability", "newrelic"),
            TruePositives = EquatableArray.Of(
                "const newRelicApiKey = 'NRAK-UD33WC6S0ENJ5268RE5D0GB8UI8';",
                "NEW_RELIC_API_KEY=NRAK-UCCLT4U4AHSP20XBVCRVVQGVS16"),
            FalsePositives = EquatableArray.Of(
                "NEW_RELIC_API_KEY=NRAK-HSDLN5FHI7PIBPPTH4BOVKTMY5",
                "new_relic_api_key: NRAK-xxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // Browser tokens ship in public pages; reported so they are known.
        yield return new SecretRule
        {
            Id = "new-relic-browser-api-token",
            Description = "New Relic browser API token",
            Severity = Severity.Low,
            Regex = @"\b(NRJS-[a-f0-9]{19})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("nrjs-"),
            Tags = EquatableArray.Of("observability", "newrelic"),
            TruePositives = EquatableArray.Of(
                "new_relic_browser_key = \"NRJS-c53683044bd370812ae\"",
                "\"new_relic_browser_key\": \"NRJS-a8c4d55184ae0bc3c2f\","),
            FalsePositives = EquatableArray.Of(
                "NEW_RELIC_BROWSER_KEY=NRJS-1043c0b2f70a9b4ec3",
                "new_relic_browser_key: NRJS-xxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "new-relic-insert-key",
            Description = "New Relic insert key",
            Severity = Severity.Medium,
            Regex = @"\b(NRII-[A-Za-z0-9_-]{32})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("nrii-"),
            Tags = EquatableArray.Of("observability", "newrelic"),
            TruePositives = EquatableArray.Of(
                "$env:NEW_RELIC_INSERT_KEY = \"NRII-0NziT3S0iYCSGB6sD5W7IktyTnzB0hSz\"",
                "ENV NEW_RELIC_INSERT_KEY=NRII-1xQsqMSaPtZx5V8SPlL2WV8C_bNedUzJ"),
            FalsePositives = EquatableArray.Of(
                "NEW_RELIC_INSERT_KEY=NRII-KjgNdl-Pmrty_JZlwMXX3NCdva4YDP6",
                "new_relic_insert_key: NRII-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "new-relic-query-key",
            Description = "New Relic Insights query key",
            Severity = Severity.High,
            Regex = @"\b(NRIQ-[A-Za-z0-9_-]{32})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("nriq-"),
            Tags = EquatableArray.Of("observability", "newrelic"),
            TruePositives = EquatableArray.Of(
                "new_relic_query_key: NRIQ-Atc8K_g4lDMAYULWGJuMhtnQ-C8XNXfx",
                "export NEW_RELIC_QUERY_KEY=\"NRIQ-xU6IRMKdR2bHX_QMNnWaVN23O-i2Dv32\""),
            FalsePositives = EquatableArray.Of(
                "NEW_RELIC_QUERY_KEY=NRIQ-Hef3jJceVIBbA4TAXzp1AFZ1qd3Q0Ga",
                "new_relic_query_key: NRIQ-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "new-relic-license-key",
            Description = "New Relic ingest license key",
            Severity = Severity.Medium,
            Regex = @"\b([a-f0-9]{36}NRAL)\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("nral"),
            Tags = EquatableArray.Of("observability", "newrelic"),
            TruePositives = EquatableArray.Of(
                "new_relic_license_key: f15ea5d274293550f22e63ae82a10f526b12NRAL",
                "const newRelicLicenseKey = 'a519783782773f499f30cbb46742db953f29NRAL';",
                "  license_key: e3fe7b5bb9dccd350f8183dd47d541b61444NRAL"),
            FalsePositives = EquatableArray.Of(
                "NEW_RELIC_LICENSE_KEY=d2ceb899d7cd2a464abb115a4817bb08dfedNRA",
                "new_relic_license_key: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // Org tokens embed base64 JSON (iat, region url, org slug) and end in a 43-char secret.
        yield return new SecretRule
        {
            Id = "sentry-org-token",
            Description = "Sentry organization auth token",
            Severity = Severity.High,
            Regex = @"\b(sntrys_eyJ[A-Za-z0-9+/]{30,400}={0,2}_[A-Za-z0-9+/]{43})(?:[^A-Za-z0-9+/=]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("sntrys_"),
            Tags = EquatableArray.Of("observability", "sentry"),
            TruePositives = EquatableArray.Of(
                "      SENTRY_AUTH_TOKEN: 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",
                "const sentryAuthToken = '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';"),
            FalsePositives = EquatableArray.Of(
                "SENTRY_AUTH_TOKEN=sntrys_eyJMG7mu5L2arWZHB/sihBE_rM969LcQM9C5N0Bgy8EeGjKTaf0QtFqqOlPDRWHydoL",
                "SENTRY_AUTH_TOKEN=sntrys_${TOKEN}",
                "sentry_auth_token: sntrys_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "sentry-user-token",
            Description = "Sentry user auth token",
            Severity = Severity.High,
            Regex = @"\b(sntryu_[a-f0-9]{64})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("sntryu_"),
            Tags = EquatableArray.Of("observability", "sentry"),
            TruePositives = EquatableArray.Of(
                "ENV SENTRY_AUTH_TOKEN=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",
                "$env:SENTRY_AUTH_TOKEN = \"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\""),
            FalsePositives = EquatableArray.Of(
                "SENTRY_AUTH_TOKEN=sntryu_08604129fc6bc13f78689fb651c51c8fa0d234711ec3ec13e77d4cae7d90139",
                "sentry_auth_token: sntryu_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "sentry-auth-token-legacy",
            Description = "Sentry auth token (legacy 64-hex format)",
            Severity = Severity.High,
            Regex = $@"(?i:sentry)[\w.-]{{0,20}}(?i:auth[_.-]?token|token)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{64}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("sentry"),
            Tags = EquatableArray.Of("observability", "sentry"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "SENTRY_AUTH_TOKEN = \"3876effd828b6738ae3fb90b070b0c821eada364011e5dbfd0df8d3ec5ce3487\"",
                "sentry_auth_token: 3e0525bf873b973b24f771eb467c841682ae5d95e68e835134de08a1e6fed98f"),
            FalsePositives = EquatableArray.Of(
                "SENTRY_AUTH_TOKEN=${SENTRY_AUTH_TOKEN}",
                "auth_token: 5738dbcb4cb396b8c0d2276ae839c66137ee743cbe1df804663ca221ba9073e7"),
        };

        // A DSN's public key can only submit events (it ships in browser bundles): Low. Legacy DSNs also
        // carry a secret key after the colon.
        yield return new SecretRule
        {
            Id = "sentry-dsn",
            Description = "Sentry DSN with a secret key or on a private host",
            Severity = Severity.Low,
            Regex = @"https://([a-f0-9]{32})(?::[a-f0-9]{32})?@(?:o[0-9]{1,10}\.)?(?:ingest\.)?(?:[a-z]{2}\.)?(?i:sentry)[A-Za-z0-9.-]{0,60}/[0-9]{1,10}\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("sentry"),
            Tags = EquatableArray.Of("observability", "sentry"),
            TruePositives = EquatableArray.Of(
                "SENTRY_DSN=https://5eae42fe85034d2f1de5d5fedc5025e5@o999125.ingest.sentry.io/8906854",
                """Sentry.init({ dsn: "https://1ae37f4a2a16f03158002372c49c3493@o814928.ingest.us.sentry.io/6153903" });""",
                "dsn = \"https://b0b4198a15e0bd49662beb26694a3211:758fbcb37dde1576b1e27ddadb4fa286@sentry.acme-internal.io/12\""),
            FalsePositives = EquatableArray.Of(
                "SENTRY_DSN=https://examplePublicKey@o0.ingest.sentry.io/0",
                "dsn: https://<key>@sentry.io/<project>"),
        };

        yield return new SecretRule
        {
            Id = "grafana-cloud-token",
            Description = "Grafana Cloud access policy token",
            Severity = Severity.High,
            Regex = @"\b(glc_[A-Za-z0-9+/]{32,400}={0,2})(?:[^A-Za-z0-9+/=]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("glc_"),
            Tags = EquatableArray.Of("observability", "grafana"),
            TruePositives = EquatableArray.Of(
                "\"grafana_cloud_token\": \"glc_eyJvIjoiNDg0NjQyIiwibiI6InN0YWNrLTI3NzAtY2kiLCJrIjoiWFZWZGRmRzhaZnFTUk9LelRCck9rU3VZIiwibSI6eyJyIjoidXMifX0=\",",
                "      GRAFANA_CLOUD_TOKEN: glc_eyJvIjoiNTkxMjk0IiwibiI6InN0YWNrLTQ5MjMtY2kiLCJrIjoiQWpVOVJ1MjJRRmRkWm1NWkRwMm55TXNuIiwibSI6eyJyIjoidXMifX0="),
            FalsePositives = EquatableArray.Of(
                "GRAFANA_CLOUD_TOKEN=glc_ykBcFQm60JI7adZ1YrTd",
                "GRAFANA_CLOUD_TOKEN=glc_${TOKEN}",
                "grafana_cloud_token: glc_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "grafana-service-account-token",
            Description = "Grafana service account token",
            Severity = Severity.High,
            Regex = @"\b(glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("glsa_"),
            Tags = EquatableArray.Of("observability", "grafana"),
            TruePositives = EquatableArray.Of(
                "grafana_token = \"glsa_nT6lfZOeNwTA31GQ6awUOYfARCWE2wZB_bacbab8e\"",
                "grafana_token = glsa_vZUOfz1mMiOIesVIeEHtMkmUSNvemQp4_fd99e561"),
            FalsePositives = EquatableArray.Of(
                "GRAFANA_TOKEN=glsa_I3h2NQIsaGEm76DudSk6ZpfYkW3Sf7zN_f08b633",
                "grafana_token: glsa_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // Legacy keys are base64 of {"k":"...","n":"...","id":N}; the encoded {"k":" is the anchor.
        yield return new SecretRule
        {
            Id = "grafana-api-key",
            Description = "Grafana API key (legacy)",
            Severity = Severity.High,
            Regex = @"\b(eyJrIjoi[A-Za-z0-9+/]{50,150}={0,2})(?:[^A-Za-z0-9+/=]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("eyjrijoi"),
            Tags = EquatableArray.Of("observability", "grafana"),
            TruePositives = EquatableArray.Of(
                "const grafanaApiKey = 'eyJrIjoiQXB5OVhudDZVajVFdEFjNnVQQk1uQ2U4Qm1ia3prTlEiLCJuIjoiY2kteXFreXEiLCJpZCI6ODN9';",
                "  grafana_api_key = \"eyJrIjoiYU0wNE1vVko2blVXZm55d1pWeGxsdXR0eWMxRXFRWjQiLCJuIjoiY2ktamN6d3EiLCJpZCI6Njd9\""),
            FalsePositives = EquatableArray.Of(
                "GRAFANA_API_KEY=eyJrIjoijjqVJGnMQum8yABUOEZV",
                "GRAFANA_API_KEY=eyJhbGciOiJIUzI1NiJ9",
                "grafana_api_key: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "dynatrace-api-token",
            Description = "Dynatrace API token",
            Severity = Severity.High,
            Regex = @"\b(dt0[a-z][0-9]{2}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("dt0"),
            Tags = EquatableArray.Of("observability", "dynatrace"),
            TruePositives = EquatableArray.Of(
                "DT_API_TOKEN=dt0c01.5mqgj8ygkly7x8rumu6ahfkk.6n1uqh7z4x5ojh7t8o3m9jqu35mehulwksp60i4z12fxypaywurozgceyenjd3fg",
                "DT_API_TOKEN = \"dt0c01.YX3NMTFXOECJ5I80U68UTJT8.2W33Q792H82B5XQ2ICEV8W7CZONNEJBJXCZF4G5HZNFI3TEMF8TRJKM6JVIVXHG1\"",
                "DT_API_TOKEN=dt0c01.O0QBLKFQZ6GVGQ4JOOI0ISVL.Q1QENFF6VH56QOTPQMWGLB0XNSTKADQOQFFUO3H0PWRM3HKW68LZLCE9WM78IZJM",
                "  api_token: dt0s01.TS1KCX83NETAVTC23BROREFR.KH7SH32LEL7RFTJSSII1EMH518ISA5H0JJVE6433RCRNUFL1P6M1ICS05AZDKMHI"),
            FalsePositives = EquatableArray.Of(
                "DT_API_TOKEN=dt0c01.QEKX9PT1K1NEZYWYFI79KRAY.8AR7O98A2RD2TD70DY9N9PTI2Q1B8GGH7HX63R5N38151SOW6UQSM75LLAWW6EP",
                "dt_api_token: dt0c01.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "sumologic-access-key",
            Description = "Sumo Logic access key",
            Severity = Severity.High,
            Regex = $@"(?i:sumo)[\w.-]{{0,20}}(?i:access[_.-]?key|key|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{64}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("sumo"),
            Tags = EquatableArray.Of("observability", "sumologic"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "export SUMOLOGIC_ACCESSKEY=\"NjY8uR20kiT3uxgqf7XmKwXQYTCFsbv6Wkju8izuvcpHaQ7Kq0TLykAcNlgEqtNj\"",
                "const sumoAccessKey = 'bmWQYRzYzctc9rpZmUdY5CuN5x4ov77SMy5atdwGV1AUTHltZ1Jhwni2rTH6FDRc';"),
            FalsePositives = EquatableArray.Of(
                "SUMOLOGIC_ACCESSKEY=${SUMOLOGIC_ACCESSKEY}",
                "const logicAccesskey = 'TMQQ4CDgSeyIbebxRph2kpJSVfQoMk5bcHlRT3Dsi7UsvH1nW96y36Loy4Sj74qz';"),
        };

        yield return new SecretRule
        {
            Id = "honeycomb-api-key",
            Description = "Honeycomb API key",
            Severity = Severity.High,
            Regex = $@"(?i:honeycomb|hny_)[\w.-]{{0,20}}(?i:api[_.-]?key|key|writekey)[\w.-]{{0,16}}{ServiceKeyAssignment}(hc[a-z]{{2}}[a-z]_[a-z0-9]{{58}}|[a-zA-Z0-9]{{22}}|[a-f0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("honeycomb", "hny_"),
            Tags = EquatableArray.Of("observability", "honeycomb"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "      HONEYCOMB_API_KEY: IhRydyGiJC0IEmED4CwYpC",
                "hny_writekey = \"xvwcvD28etxPYyzSXqZ0Kq\"",
                "HONEYCOMB_API_KEY=hcaik_di9iv4getebqoiystwpw0hmokavolkpd8f9usi12r0y32ipx7ly9ky5xrl"),
            FalsePositives = EquatableArray.Of(
                "HONEYCOMB_API_KEY=${HONEYCOMB_API_KEY}",
                "api_key = \"IvaPylap2pOoEvBI2plCvN\""),
        };

        // As a key = value assignment or as the "Authorization: Splunk <token>" header; the secret is
        // whichever group matched (SecretGroup 0).
        yield return new SecretRule
        {
            Id = "splunk-hec-token",
            Description = "Splunk HTTP Event Collector token",
            Severity = Severity.Medium,
            Regex = $@"(?i:splunk|hec)[\w.-]{{0,20}}(?i:token)[\w.-]{{0,16}}{ServiceKeyAssignment}([0-9a-fA-F]{{8}}-[0-9a-fA-F]{{4}}-[0-9a-fA-F]{{4}}-[0-9a-fA-F]{{4}}-[0-9a-fA-F]{{12}}){ValueEnd}|(?i:Authorization)[""\']?\s{{0,3}}:\s{{0,3}}[""\']?(?i:Splunk)\s{{1,3}}([0-9a-fA-F]{{8}}-[0-9a-fA-F]{{4}}-[0-9a-fA-F]{{4}}-[0-9a-fA-F]{{4}}-[0-9a-fA-F]{{12}})\b",
            Entropy = 3.0,
            Keywords = EquatableArray.Of("splunk", "hec"),
            Tags = EquatableArray.Of("observability", "splunk"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "SPLUNK_HEC_TOKEN=055ecc20-f1fa-41db-b896-3df03bc51dc0",
                """curl -k https://splunk.acme.io:8088/services/collector -H "Authorization: Splunk 31142d16-c375-45c8-b9ee-d88a10da2af4" -d @event.json"""),
            FalsePositives = EquatableArray.Of(
                "SPLUNK_HEC_TOKEN=${SPLUNK_HEC_TOKEN}",
                "-H \"Authorization: Splunk $HEC_TOKEN\"",
                "TOKEN=694ee416-0d65-4ba2-8e47-7ef549a38d31"),
        };

        yield return new SecretRule
        {
            Id = "pagerduty-api-key",
            Description = "PagerDuty REST API key",
            Severity = Severity.High,
            Regex = $@"(?i:pagerduty|pd_)[\w.-]{{0,20}}(?i:api[_.-]?key|key|token)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9_+-]{{20}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("pagerduty", "pd_"),
            Tags = EquatableArray.Of("observability", "pagerduty"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "export PAGERDUTY_TOKEN=\"u+1uo3d9zYPt5LBNzIHs\"",
                "pd_api_key = \"u+NVTrXwwM1_ZSSGMX6R\""),
            FalsePositives = EquatableArray.Of(
                "PAGERDUTY_TOKEN=${PAGERDUTY_TOKEN}",
                "token = \"u+1nhB19AGsVQ4V6yFFt\""),
        };

        yield return new SecretRule
        {
            Id = "opsgenie-api-key",
            Description = "Opsgenie API key",
            Severity = Severity.High,
            Regex = $@"(?i:opsgenie)[\w.-]{{0,20}}(?i:api[_.-]?key|key)[\w.-]{{0,16}}{ServiceKeyAssignment}([0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("opsgenie"),
            Tags = EquatableArray.Of("observability", "opsgenie"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "OPSGENIE_API_KEY=68331e88-d809-4afb-beb4-737ac90e8ef6",
                "OPSGENIE_API_KEY = \"1240f5c4-b927-4bed-9286-8ad7436a7f6d\""),
            FalsePositives = EquatableArray.Of(
                "OPSGENIE_API_KEY=${OPSGENIE_API_KEY}",
                "API_KEY = \"5177ed41-6aff-44f6-b78e-cb1a937ea1fa\""),
        };

        yield return new SecretRule
        {
            Id = "bugsnag-api-key",
            Description = "Bugsnag API key",
            Severity = Severity.Medium,
            Regex = $@"(?i:bugsnag)[\w.-]{{0,20}}(?i:api[_.-]?key|key|token)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("bugsnag"),
            Tags = EquatableArray.Of("observability", "bugsnag"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "  bugsnag_api_key: \"33cf2e78bb888e6417c4801d2420efff\"",
                "bugsnag_api_key: 6d330c2dd24c6f780aec6830295713ec"),
            FalsePositives = EquatableArray.Of(
                "BUGSNAG_API_KEY=${BUGSNAG_API_KEY}",
                "api_key: 51ab674944be32ee96aade7ceef11ccb"),
        };

        yield return new SecretRule
        {
            Id = "rollbar-access-token",
            Description = "Rollbar access token",
            Severity = Severity.Medium,
            Regex = $@"(?i:rollbar)[\w.-]{{0,20}}(?i:token|key)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("rollbar"),
            Tags = EquatableArray.Of("observability", "rollbar"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "$env:ROLLBAR_ACCESS_TOKEN = \"27d85179c3e2ddd91952634b0df13196\"",
                "ROLLBAR_ACCESS_TOKEN=38da1b9469c5534057eafcf697420e22"),
            FalsePositives = EquatableArray.Of(
                "ROLLBAR_ACCESS_TOKEN=${ROLLBAR_ACCESS_TOKEN}",
                "ACCESS_TOKEN=781c0819fb6778c4c90999878c91f8c6"),
        };

        yield return new SecretRule
        {
            Id = "loggly-token",
            Description = "Loggly customer token",
            Severity = Severity.Medium,
            Regex = $@"(?i:loggly)[\w.-]{{0,20}}(?i:token|key)[\w.-]{{0,16}}{ServiceKeyAssignment}([0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("loggly"),
            Tags = EquatableArray.Of("observability", "loggly"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "$env:LOGGLY_TOKEN = \"0ed1283c-edce-4f93-9a52-0866ad11f9e3\"",
                "loggly_token: 1e385bf0-adac-4dee-b000-b3b3a80ba00c"),
            FalsePositives = EquatableArray.Of(
                "LOGGLY_TOKEN=${LOGGLY_TOKEN}",
                "token: 977703cc-b7e4-474c-aa66-f8f6ead567a8"),
        };

        yield return new SecretRule
        {
            Id = "logzio-token",
            Description = "Logz.io shipping or API token",
            Severity = Severity.Medium,
            Regex = $@"(?i:logz)[\w.-]{{0,20}}(?i:token|key)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z]{{32}}|[0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("logz"),
            Tags = EquatableArray.Of("observability", "logzio"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "LOGZIO_TOKEN=WrxVqJNhYKeIxaHswbtQJVJVMzPpeqpp",
                "\"logzio_token\": \"yrKxGKTEHEpntyjZoRmKOKOicPXOsPcy\","),
            FalsePositives = EquatableArray.Of(
                "LOGZIO_TOKEN=${LOGZIO_TOKEN}",
                "\"io_token\": \"FdqEEtlkMGTRCMBVJFcKlyDBxDRmnrKk\","),
        };

        yield return new SecretRule
        {
            Id = "mezmo-ingestion-key",
            Description = "Mezmo (LogDNA) ingestion key",
            Severity = Severity.Medium,
            Regex = $@"(?i:logdna|mezmo)[\w.-]{{0,20}}(?i:key|token)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("logdna", "mezmo"),
            Tags = EquatableArray.Of("observability", "mezmo"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "LOGDNA_INGESTION_KEY = \"2105b8c877f532b87e2d69363d12ee1f\"",
                "ENV MEZMO_INGESTION_KEY=a33b412681eee869dbc3fcc22d66b7ae"),
            FalsePositives = EquatableArray.Of(
                "LOGDNA_INGESTION_KEY=${LOGDNA_INGESTION_KEY}",
                "ENV INGESTION_KEY=28f10304a5866cc71d576f5c50905b79"),
        };

        yield return new SecretRule
        {
            Id = "posthog-personal-api-key",
            Description = "PostHog personal API key",
            Severity = Severity.High,
            Regex = @"\b(phx_[A-Za-z0-9]{43})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("phx_"),
            Tags = EquatableArray.Of("observability", "posthog"),
            TruePositives = EquatableArray.Of(
                "ENV POSTHOG_PERSONAL_API_KEY=phx_C2g2G2zBrkonp6zYfiLQJuYm89lIk3fodtgAUfdOKu2",
                "POSTHOG_PERSONAL_API_KEY = \"phx_ZD2GEoAaq6t1ko60dwzrm3hwvU4jJXF0caw5MyR2FxR\""),
            FalsePositives = EquatableArray.Of(
                "POSTHOG_PERSONAL_API_KEY=phx_BAmqDlE5vXemhr7Kq6L3Z9TqSW8oBAnLsxQnVvO1Iy",
                "posthog_personal_api_key: phx_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // Project keys only ingest events and ship in front-end code: Low.
        yield return new SecretRule
        {
            Id = "posthog-project-api-key",
            Description = "PostHog project API key",
            Severity = Severity.Low,
            Regex = @"\b(phc_[A-Za-z0-9]{43})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("phc_"),
            Tags = EquatableArray.Of("observability", "posthog"),
            TruePositives = EquatableArray.Of(
                "POSTHOG_KEY=phc_IdyP1yy0kuVWDebP5nNfTKAJOa9QJImNAjVM0nzFDK0",
                "const posthogKey = 'phc_qKiVMgr51FHtcNdqq01ELXJn3BIcRwrtBjoR4YyoIL3';"),
            FalsePositives = EquatableArray.Of(
                "POSTHOG_KEY=phc_DUYNd5TytAq6XreI0jImRkJygHCNdHMkn0JJQHILmF",
                "posthog_key: phc_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "mixpanel-api-secret",
            Description = "Mixpanel API secret",
            Severity = Severity.High,
            Regex = $@"(?i:mixpanel)[\w.-]{{0,20}}(?i:secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("mixpanel"),
            Tags = EquatableArray.Of("observability", "mixpanel"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "mixpanel_api_secret: 0017609c26280b0fef20109b1b2fb74f",
                "const mixpanelApiSecret = 'ba31312902fba3fa65a5bb66b2c44de3';"),
            FalsePositives = EquatableArray.Of(
                "MIXPANEL_API_SECRET=${MIXPANEL_API_SECRET}",
                "const apiSecret = '01b092b7aa8551996f55055a528ea54a';"),
        };

        yield return new SecretRule
        {
            Id = "segment-write-key",
            Description = "Segment write key",
            Severity = Severity.Medium,
            Regex = $@"(?i:segment)[\w.-]{{0,20}}(?i:write[_.-]?key)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("segment"),
            Tags = EquatableArray.Of("observability", "segment"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "segment_write_key = \"c9Hw6smAosfgyBia7S86Jd5DzoJKUdTR\"",
                "ENV SEGMENT_WRITE_KEY=Jptl2eeQfUDKvtvYAXhlnvSYdZKZ9yAA"),
            FalsePositives = EquatableArray.Of(
                "SEGMENT_WRITE_KEY=${SEGMENT_WRITE_KEY}",
                "ENV WRITE_KEY=DkGocodsL4LO0R9jMOoPjWX7Xfi0E4PX"),
        };

        // API keys are base64("id:secret"); the encoded form has no marker, so the key name must say elastic.
        yield return new SecretRule
        {
            Id = "elasticsearch-api-key",
            Description = "Elasticsearch / Elastic Cloud API key",
            Severity = Severity.High,
            Regex = $@"(?i:elastic|es_)[\w.-]{{0,20}}(?i:api[_.-]?key)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9+/_-]{{40,120}}={{0,2}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("elastic", "es_"),
            Tags = EquatableArray.Of("observability", "elastic"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "elastic_api_key: dGhNYVJWVmhYR0ZGTFF3eDJyN1U6TVVCX0EzV1pwODNpUmtWNko3RnlwZQ==",
                "  es_api_key: \"SUV2bEdxWEZHYlJiZTBYVHRfclQ6cFRvT05feS1WdVhvUlZxUmJXOGNXZA==\""),
            FalsePositives = EquatableArray.Of(
                "ELASTIC_API_KEY=${ELASTIC_API_KEY}",
                "  api_key: \"amE5S2NucEphbDZpWWotcTVCcEI6dk84U0tTQVp2Qm9lWVRWMmx2bVlESg==\""),
        };
    }
}
