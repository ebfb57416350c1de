using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Rules;

public static partial class BuiltInRules
{
    // Source hosting and CI/CD: GitHub, GitLab, Bitbucket, CircleCI, Travis and other build systems.
    // A leaked token here usually means write access to code, so most are High or Critical.
    private static IEnumerable<SecretRule> SourceHosting()
    {
        // Since 2021 GitHub tokens end in a CRC32 checksum of their body, which the validator checks offline:
        // random look-alikes are dropped, so these rules need no entropy tuning beyond excluding placeholders.
        yield return new SecretRule
        {
            Id = "github-pat",
            Description = "GitHub personal access token (classic)",
            Severity = Severity.Critical,
            Regex = @"\b(ghp_[A-Za-z0-9]{36})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("ghp_"),
            Tags = EquatableArray.Of("source-hosting", "github"),
            Validator = SecretValidator.GitHubChecksum,
            TruePositives = EquatableArray.Of(
                "github_token = \"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\"",
                "github_token: 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",
                "git clone https://x-access-token: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@github.com/acme/infra.git"),
            FalsePositives = EquatableArray.Of(
                "GITHUB_TOKEN=ghp_nRZRjh4XLbunSZBx8Kybhr5JDvjjyG2jwP2",
                "github_token: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "github-oauth-token",
            Description = "GitHub OAuth access token",
            Severity = Severity.High,
            Regex = @"\b(gho_[A-Za-z0-9]{36})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("gho_"),
            Tags = EquatableArray.Of("source-hosting", "github"),
            Validator = SecretValidator.GitHubChecksum,
            TruePositives = EquatableArray.Of(
                "os.environ[\"GH_OAUTH_TOKEN\"] = \"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\"",
                "  gh_oauth_token = \"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\"",
                "gh auth login --with-token <<< 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"),
            FalsePositives = EquatableArray.Of(
                "GH_OAUTH_TOKEN=gho_OYBavIlUcxYnpbFysImVBEM8AAVheM3uYHj",
                "gh_oauth_token: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "github-app-user-token",
            Description = "GitHub App user-to-server token",
            Severity = Severity.High,
            Regex = @"\b(ghu_[A-Za-z0-9]{36})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("ghu_"),
            Tags = EquatableArray.Of("source-hosting", "github"),
            Validator = SecretValidator.GitHubChecksum,
            TruePositives = EquatableArray.Of(
                "GITHUB_USER_TOKEN=ghu_8Q0hNz5sYRBC2SKc19PrZar1UgTQkT3XQxqk",
                "ENV GITHUB_USER_TOKEN=ghu_IiXQIzID3lCZ5va0gCNfeZ4JRP1gKa1t4woO",
                """{"access_token":"ghu_iNqc0mGhRJf3RsIBjYp5l0X1H88sNS0nHfrJ","expires_in":28800,"token_type":"bearer"}"""),
            FalsePositives = EquatableArray.Of(
                "GITHUB_USER_TOKEN=ghu_2jGJxKo4trbl2rT35Pl7Sipx5vktoR4FrjN",
                "github_user_token: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "github-app-installation-token",
            Description = "GitHub App installation (server-to-server) token",
            Severity = Severity.High,
            Regex = @"\b(ghs_[A-Za-z0-9]{36})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("ghs_"),
            Tags = EquatableArray.Of("source-hosting", "github"),
            Validator = SecretValidator.GitHubChecksum,
            TruePositives = EquatableArray.Of(
                "os.environ[\"GITHUB_APP_TOKEN\"] = \"ghs_7dQoOeH95j3jquGrzTM2d2vFqd5IdW3WslrZ\"",
                "GITHUB_APP_TOKEN=ghs_dpnHckaCGcvCFUyQcSRu7mOVgkQhBX1XzU0x",
                """curl -H "Authorization: token ghs_2IYwbeOricqWBgbsq5fRaobwQO51QB3xxTgC" https://api.github.com/repos/acme/api/issues"""),
            FalsePositives = EquatableArray.Of(
                "GITHUB_APP_TOKEN=ghs_TSH3V8QjKeJ6kjSku5XFNBFmGKXAxF0pnoC",
                "github_app_token: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "github-refresh-token",
            Description = "GitHub App refresh token",
            Severity = Severity.High,
            Regex = @"\b(ghr_[A-Za-z0-9]{36,76})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("ghr_"),
            Tags = EquatableArray.Of("source-hosting", "github"),
            Validator = SecretValidator.GitHubChecksum,
            TruePositives = EquatableArray.Of(
                "  github_refresh_token: \"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\"",
                "$env:GITHUB_REFRESH_TOKEN = \"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\"",
                """{"access_token":"ghu_igqmC8kZOWfJz5dso3PMdfIrGX8gPS0Kalqk","refresh_token":"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","refresh_token_expires_in":15811200}"""),
            FalsePositives = EquatableArray.Of(
                "GITHUB_REFRESH_TOKEN=ghr_4DUQLhIW0uvZttQDvWoa4qrAwJZyyP22anp",
                "github_refresh_token: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "github-fine-grained-pat",
            Description = "GitHub fine-grained personal access token",
            Severity = Severity.Critical,
            Regex = @"\b(github_pat_[A-Za-z0-9_]{82})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("github_pat_"),
            Tags = EquatableArray.Of("source-hosting", "github"),
            TruePositives = EquatableArray.Of(
                "GITHUB_TOKEN=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",
                "  gh_token = \"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\"",
                "\"gh_token\": \"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\","),
            FalsePositives = EquatableArray.Of(
                "GH_TOKEN=github_pat_buSK2euxdn4wUHL763a8hX_5ns4a2x25k8d4wJkE8FEz4MiVNgmwudyvCLSueXJ0DFSxK82XwaTmHKrej",
                "gh_token: github_pat_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "github-oauth-client-secret",
            Description = "GitHub OAuth App client secret",
            Severity = Severity.High,
            Regex = $@"(?i:github|gh)[\w.-]{{0,20}}(?i:client[_.-]?secret|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{40}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("github", "gh"),
            Tags = EquatableArray.Of("source-hosting", "github", "oauth"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "export GITHUB_CLIENT_SECRET=\"331ff6530bf90756607cecfd8afa89898c7095c5\"",
                "ENV GH_OAUTH_SECRET=a757dd6584766bff04f688189a9f7badb995b461"),
            FalsePositives = EquatableArray.Of(
                "GITHUB_CLIENT_SECRET=${GITHUB_CLIENT_SECRET}",
                "ENV CLIENT_SECRET=0923087d199040c5292788cd06a056cfb61726ff"),
        };

        // Legacy tokens are 20 chars; routable tokens (GitLab 17.7+) add a base64 payload and ".01.<crc>".
        yield return new SecretRule
        {
            Id = "gitlab-pat",
            Description = "GitLab personal, project or group access token",
            Severity = Severity.Critical,
            Regex = @"\b(glpat-[A-Za-z0-9_-]{20,300}(?:\.[0-9a-z]{2}\.?[0-9a-z]{7,10})?)(?:[^A-Za-z0-9_.-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("glpat-"),
            Tags = EquatableArray.Of("source-hosting", "gitlab"),
            TruePositives = EquatableArray.Of(
                "GITLAB_TOKEN=glpat-3JPTjveJ0eZFwIYRAJojy8qzpLFlZKHl2eW_.01d332a36",
                "os.environ[\"GITLAB_TOKEN\"] = \"glpat-hnmmCX1OZzHFojOZl70H\"",
                "\"gitlab_token\": \"glpat-k97mYrApJffkE3nQy48G\",",
                "git clone https://oauth2:glpat-j5ruFP61rGd1y5tFNJVZDCkuOuR.01.kim6ndmt8@gitlab.com/acme/infra.git"),
            FalsePositives = EquatableArray.Of(
                "GITLAB_TOKEN=glpat-9WxZGDOR5H_0Wxkarc6",
                "gitlab_token: glpat-xxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "gitlab-deploy-token",
            Description = "GitLab deploy token",
            Severity = Severity.High,
            Regex = @"\b(gldt-[A-Za-z0-9_-]{20,64})(?:[^A-Za-z0-9_.-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("gldt-"),
            Tags = EquatableArray.Of("source-hosting", "gitlab"),
            TruePositives = EquatableArray.Of(
                "ci_deploy_password = \"gldt-CdmMV6uBKT0DCaFFaX65\"",
                "ENV CI_DEPLOY_PASSWORD=gldt-VOgKhH2L0TJQenF_oWWV"),
            FalsePositives = EquatableArray.Of(
                "CI_DEPLOY_PASSWORD=gldt-feG2r5u9Rot_a5S-3op",
                "ci_deploy_password: gldt-xxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "gitlab-runner-auth-token",
            Description = "GitLab runner authentication token",
            Severity = Severity.High,
            Regex = @"\b(glrt-(?:t\d_)?[A-Za-z0-9_-]{20,300}(?:\.[0-9a-z]{2}\.?[0-9a-z]{7,10})?)(?:[^A-Za-z0-9_.-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("glrt-"),
            Tags = EquatableArray.Of("source-hosting", "gitlab"),
            TruePositives = EquatableArray.Of(
                "CI_RUNNER_TOKEN=glrt-t1_Y9E7aqFhagGyufDQIv3fTlmpGJB.01.d19e1e934",
                "runner_token = \"glrt-aIFQAqhMB7SjPvgK2CzR\"",
                "runner_token = glrt-sbcFlsmPdSofchJOLycS",
                "gitlab-runner register --url https://gitlab.com --token glrt-t1_mYD09gTtj-Eo894CbfX5mQmJtd6"),
            FalsePositives = EquatableArray.Of(
                "RUNNER_TOKEN=glrt-g3GfRLFV4fN35lpAQ0m",
                "runner_token: glrt-xxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "gitlab-pipeline-trigger-token",
            Description = "GitLab pipeline trigger token",
            Severity = Severity.High,
            Regex = @"\b(glptt-[0-9a-f]{40})(?:[^A-Za-z0-9_.-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("glptt-"),
            Tags = EquatableArray.Of("source-hosting", "gitlab"),
            TruePositives = EquatableArray.Of(
                "trigger_token = \"glptt-0a4f913e8e25806cf42233c485048312ee928bb9\"",
                "trigger_token: glptt-85d2f21927de0e86d3f2abfb002e7c5bcc8a99b7",
                "curl -X POST --fail -F token=glptt-5004e61fdee9c0f48dcbc3d44aaccbd352ff68f6 -F ref=main https://gitlab.com/api/v4/projects/4711/trigger/pipeline"),
            FalsePositives = EquatableArray.Of(
                "TRIGGER_TOKEN=glptt-5144312ee179d035fe988b135961dbb19622987",
                "trigger_token: glptt-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // Feed tokens only read RSS/calendar feeds, hence Medium.
        yield return new SecretRule
        {
            Id = "gitlab-feed-token",
            Description = "GitLab feed token",
            Severity = Severity.Medium,
            Regex = @"\b(glft-[A-Za-z0-9_-]{20,64})(?:[^A-Za-z0-9_.-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("glft-"),
            Tags = EquatableArray.Of("source-hosting", "gitlab"),
            TruePositives = EquatableArray.Of(
                "  gitlab_feed_token = \"glft-X19XHaJ3nbznzSwwHKdc\"",
                "gitlab_feed_token: glft-hXz3ZCGOvinOS3YIQrla"),
            FalsePositives = EquatableArray.Of(
                "GITLAB_FEED_TOKEN=glft-Fs0Dy7advsRgwIhNelv",
                "gitlab_feed_token: glft-xxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "gitlab-incoming-mail-token",
            Description = "GitLab incoming mail token",
            Severity = Severity.Medium,
            Regex = @"\b(glimt-[A-Za-z0-9_-]{25})(?:[^A-Za-z0-9_.-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("glimt-"),
            Tags = EquatableArray.Of("source-hosting", "gitlab"),
            TruePositives = EquatableArray.Of(
                "  incoming_email_token: \"glimt-wGNW1lsgQ_3emPMrZfbR3n3eh\"",
                "INCOMING_EMAIL_TOKEN = \"glimt-clhUeO5HAeC5EcORN-TDL7fn7\""),
            FalsePositives = EquatableArray.Of(
                "INCOMING_EMAIL_TOKEN=glimt-3YdK0aaqfpvAEn4TcL6Rw4pU",
                "incoming_email_token: glimt-xxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "gitlab-kubernetes-agent-token",
            Description = "GitLab agent for Kubernetes token",
            Severity = Severity.High,
            Regex = @"\b(glagent-[A-Za-z0-9_-]{50,64})(?:[^A-Za-z0-9_.-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("glagent-"),
            Tags = EquatableArray.Of("source-hosting", "gitlab"),
            TruePositives = EquatableArray.Of(
                "\"agent_token\": \"glagent-EZav23KRYFi6byafaNFoBaJJ70gaBhJAchQQqbq09BDMlcD4T8\",",
                "export AGENT_TOKEN=\"glagent-L2Wk7ZzWn8WdLyQi_CAaHQiuXaAP5RkdHNxtSF8VVdBBBjNM_T\"",
                "helm upgrade --install k8s-agent gitlab/gitlab-agent --set config.token=glagent-TmHUKKdCJ9QC4aGHxqYtcO30Y72P_q0Q7R_5sb5uZllRmT7w49"),
            FalsePositives = EquatableArray.Of(
                "AGENT_TOKEN=glagent-uqgiJhW-E3LHCRGx1wLGJWuUr1R9KFYFFr6gbuBUU8pCU0UsM",
                "agent_token: glagent-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "gitlab-oauth-app-secret",
            Description = "GitLab OAuth application secret",
            Severity = Severity.High,
            Regex = @"\b(gloas-[a-f0-9]{64})(?:[^A-Za-z0-9_.-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("gloas-"),
            Tags = EquatableArray.Of("source-hosting", "gitlab"),
            TruePositives = EquatableArray.Of(
                "const gitlabAppSecret = 'gloas-8a91f7ad02aca26ca1aaa7647be68730725f507595bc3a2698f8a9827ba85972';",
                "ENV GITLAB_APP_SECRET=gloas-6f07cd42d6207782e30d95b82af401585d71b3b7832d6e17f4e92f40c5b5b3d9"),
            FalsePositives = EquatableArray.Of(
                "GITLAB_APP_SECRET=gloas-2b2f46b399cdc6911c1b719b3ea061d8b4b3cac8d480914343da1b890605f35",
                "gitlab_app_secret: gloas-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // Job tokens expire with their job, hence Medium.
        yield return new SecretRule
        {
            Id = "gitlab-ci-build-token",
            Description = "GitLab CI/CD job token",
            Severity = Severity.Medium,
            Regex = @"\b(glcbt-(?:[0-9a-f]{1,5}_)?[A-Za-z0-9_-]{20,64})(?:[^A-Za-z0-9_.-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("glcbt-"),
            Tags = EquatableArray.Of("source-hosting", "gitlab"),
            TruePositives = EquatableArray.Of(
                "  ci_job_token: \"glcbt-ed_dSyJp3dx7WcMjEHaW2Q4\"",
                "os.environ[\"CI_JOB_TOKEN\"] = \"glcbt-00_F1oLfX23MBY98srXD3sE\""),
            FalsePositives = EquatableArray.Of(
                "CI_JOB_TOKEN=glcbt-21_xyfwKP-BbXjzo5q2",
                "ci_job_token: glcbt-xxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "gitlab-feature-flag-client-token",
            Description = "GitLab feature flags client token",
            Severity = Severity.Medium,
            Regex = @"\b(glffct-[A-Za-z0-9_-]{20})(?:[^A-Za-z0-9_.-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("glffct-"),
            Tags = EquatableArray.Of("source-hosting", "gitlab"),
            TruePositives = EquatableArray.Of(
                "  unleash_instance_id: \"glffct-fo8zP20m1paml1II6fk5\"",
                "UNLEASH_INSTANCE_ID=glffct-OsIJcND7O_C2PaBvAr8n"),
            FalsePositives = EquatableArray.Of(
                "UNLEASH_INSTANCE_ID=glffct-vvfMfrfPzxz3AhUl7be",
                "unleash_instance_id: glffct-xxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "gitlab-scim-token",
            Description = "GitLab SCIM OAuth token",
            Severity = Severity.High,
            Regex = @"\b(glsoat-[A-Za-z0-9_-]{20})(?:[^A-Za-z0-9_.-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("glsoat-"),
            Tags = EquatableArray.Of("source-hosting", "gitlab"),
            TruePositives = EquatableArray.Of(
                "GITLAB_SCIM_TOKEN = \"glsoat-BnRjUrBPnSCu3KkpBtZK\"",
                "export GITLAB_SCIM_TOKEN=\"glsoat-ppKaJWR4ovgixTFOlca3\""),
            FalsePositives = EquatableArray.Of(
                "GITLAB_SCIM_TOKEN=glsoat-2B4RGY2JvM--xeCh-5m",
                "gitlab_scim_token: glsoat-xxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "gitlab-runner-registration-token",
            Description = "GitLab runner registration token (legacy)",
            Severity = Severity.High,
            Regex = @"\b(GR1348941[A-Za-z0-9_-]{20})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("gr1348941"),
            Tags = EquatableArray.Of("source-hosting", "gitlab"),
            TruePositives = EquatableArray.Of(
                "  registration_token: \"GR1348941lIGKoyAbAwEk_ZVTq8OX\"",
                "registration_token: GR1348941ZCyKfSaAYtmWSulTJdau",
                "gitlab-runner register --non-interactive --registration-token GR1348941uUjA_vl0eoHdna-Ni6IY --executor docker"),
            FalsePositives = EquatableArray.Of(
                "REGISTRATION_TOKEN=GR1348941s-nsUBT8ofmgwTPAtel",
                "registration_token: GR1348941xxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "gitlab-session-cookie",
            Description = "GitLab session cookie",
            Severity = Severity.High,
            Regex = @"_gitlab_session=([0-9a-z]{32})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("_gitlab_session"),
            Tags = EquatableArray.Of("source-hosting", "gitlab"),
            TruePositives = EquatableArray.Of(
                """curl -b "_gitlab_session=bth5zr0dyy7eltgovyo3ev0ge7autht4" https://gitlab.example.com/api/v4/user""",
                "Cookie: _gitlab_session=7fomw0vb8v5wkz0czzpfpgeam43owbum; preferred_language=en"),
            FalsePositives = EquatableArray.Of(
                "Cookie: _gitlab_session=d17sfmlkdowr5pivhnpj",
                "Cookie: _gitlab_session=${SESSION}"),
        };

        // App passwords carry the ATBB marker; the body ends in a hex checksum we do not verify.
        yield return new SecretRule
        {
            Id = "bitbucket-app-password",
            Description = "Bitbucket app password / Atlassian API token for Bitbucket",
            Severity = Severity.High,
            Regex = @"\b(ATBB[A-Za-z0-9_=.-]{32,100})(?:[^A-Za-z0-9_=.-]|$)",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("atbb"),
            Tags = EquatableArray.Of("source-hosting", "bitbucket"),
            TruePositives = EquatableArray.Of(
                "BITBUCKET_APP_PASSWORD = \"ATBBSpYN3jdsDhNNnExzHSqAC5AzCD5DB396\"",
                "os.environ[\"BITBUCKET_APP_PASSWORD\"] = \"ATBBR0BfXLZRj3YNJhAjAj8n0r4w6646963E\""),
            FalsePositives = EquatableArray.Of(
                "BITBUCKET_APP_PASSWORD=ATBBJthtAqn3C8DBtoeB63Ch3E09EA530E3",
                "bitbucket_app_password: ATBBxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "bitbucket-client-secret",
            Description = "Bitbucket OAuth consumer secret",
            Severity = Severity.High,
            Regex = $@"(?i:bitbucket)[\w.-]{{0,20}}(?i:secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9_=-]{{64}}|[A-Za-z0-9_-]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("bitbucket"),
            Tags = EquatableArray.Of("source-hosting", "bitbucket", "oauth"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "BITBUCKET_OAUTH_SECRET=w1k4V77tYzLNFNTct3nny2eiqr2MdC-8d6B86jKkaOvx5yQ8QkCNHaQ_GAf7z8AZ",
                "  bitbucket_client_secret = \"R_oAfjKcasFFn8rjfdbtu-LrIvJbnapx\"",
                "export BITBUCKET_CLIENT_SECRET=\"71SZJfUN7tSRGuHquh20sSPRV6YnNWv2\""),
            FalsePositives = EquatableArray.Of(
                "BITBUCKET_CLIENT_SECRET=${BITBUCKET_CLIENT_SECRET}",
                "export CLIENT_SECRET=\"2Z99vwaSJD6Vxc5YdBKrNBM4TOLDYIc8\""),
        };

        yield return new SecretRule
        {
            Id = "circleci-personal-token",
            Description = "CircleCI personal API token",
            Severity = Severity.High,
            Regex = @"\b(CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("ccipat_"),
            Tags = EquatableArray.Of("ci", "circleci"),
            TruePositives = EquatableArray.Of(
                "  circleci_token: \"CCIPAT_BCDIlDRibQ3lDOPhGZOaGq_4aeffb6d5a3cca11d58a6bfadacf487cc6037345\"",
                "CIRCLECI_TOKEN = \"CCIPAT_5RqnvGR28IkeEMwuYVcgli_0834c5033874279cd2ca22ca0e6883792b21b426\""),
            FalsePositives = EquatableArray.Of(
                "CIRCLECI_TOKEN=CCIPAT_Wrh0qYJAIi6z68wwDdPVy2_e0e4c792f53035958b94113e8d5f7e1b5814e24",
                "circleci_token: CCIPAT_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "circleci-project-token",
            Description = "CircleCI project API token",
            Severity = Severity.High,
            Regex = @"\b(CCIPRJ_[A-Za-z0-9]{22}_[a-f0-9]{40})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("cciprj_"),
            Tags = EquatableArray.Of("ci", "circleci"),
            TruePositives = EquatableArray.Of(
                "\"circle_project_token\": \"CCIPRJ_Arzp2WT5pSSx9NIVQ8EQPr_628eb8ad1def66d286222c727576973560b43e7a\",",
                "  circle_project_token: \"CCIPRJ_U4apDrERRKX4cumq30uBSr_181c7741296690d59299a24f95cc321305ae1774\""),
            FalsePositives = EquatableArray.Of(
                "CIRCLE_PROJECT_TOKEN=CCIPRJ_Cse7hpwZlzfr6CAsZ69f3D_77966e98c6503ea7615a1a84ebaf3b5be070a85",
                "circle_project_token: CCIPRJ_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "circleci-api-token",
            Description = "CircleCI API token (legacy 40-hex format)",
            Severity = Severity.High,
            Regex = $@"(?i:circle)[\w.-]{{0,20}}(?i:token|api[_.-]?key)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{40}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("circle"),
            Tags = EquatableArray.Of("ci", "circleci"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "ENV CIRCLECI_TOKEN=d96417dd678386d6d1c5729fb8e6a24115007b97",
                "CIRCLE_API_TOKEN=99819480fce79224eaf6a33baf88fc17aa0e02c0"),
            FalsePositives = EquatableArray.Of(
                "CIRCLECI_TOKEN=${CIRCLECI_TOKEN}",
                "CI_TOKEN=05ebf52ab35b330ce64c1c96d106a6bb9f59ee37"),
        };

        yield return new SecretRule
        {
            Id = "travis-ci-token",
            Description = "Travis CI API token",
            Severity = Severity.High,
            Regex = $@"(?i:travis)[\w.-]{{0,20}}(?i:token|api[_.-]?key)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9_-]{{22}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("travis"),
            Tags = EquatableArray.Of("ci", "travis"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "travis_api_token = P0sZ386OGbDBr6sBH307a9",
                "TRAVIS_API_TOKEN=L6FQaDw58uJfL0cx4fEAic"),
            FalsePositives = EquatableArray.Of(
                "TRAVIS_API_TOKEN=${TRAVIS_API_TOKEN}",
                "API_TOKEN=Gt7bAQRmX-_Kpkmckr2xw3"),
        };

        // Jenkins tokens are 32 hex chars, newer ones with a "11" version prefix.
        yield return new SecretRule
        {
            Id = "jenkins-api-token",
            Description = "Jenkins user API token",
            Severity = Severity.High,
            Regex = $@"(?i:jenkins)[\w.-]{{0,20}}(?i:token|api[_.-]?key|password)[\w.-]{{0,16}}{ServiceKeyAssignment}(11[a-f0-9]{{32}}|[a-f0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("jenkins"),
            Tags = EquatableArray.Of("ci", "jenkins"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "jenkins_api_token = 1120a0001de8e4974e16bc822b2a29bc88",
                "\"jenkins_api_token\": \"11ac041e20fd72c5f8f7799ff433bdb0f2\","),
            FalsePositives = EquatableArray.Of(
                "JENKINS_API_TOKEN=${JENKINS_API_TOKEN}",
                "\"api_token\": \"1120d67708146c9c63528ba5aab007ec61\","),
        };

        yield return new SecretRule
        {
            Id = "buildkite-api-token",
            Description = "Buildkite API access token",
            Severity = Severity.High,
            Regex = @"\b(bkua_[a-f0-9]{40})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("bkua_"),
            Tags = EquatableArray.Of("ci", "buildkite"),
            TruePositives = EquatableArray.Of(
                "\"buildkite_api_token\": \"bkua_57c52704f95e86fe4e114c492981e910072bbf14\",",
                "buildkite_api_token: bkua_16584863cbb49db1f4609642f3dae62102bfde0f"),
            FalsePositives = EquatableArray.Of(
                "BUILDKITE_API_TOKEN=bkua_444807beca22466d3a170faf388b30b329a16f2",
                "buildkite_api_token: bkua_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "buildkite-agent-token",
            Description = "Buildkite agent registration token",
            Severity = Severity.High,
            Regex = $@"(?i:buildkite)[\w.-]{{0,20}}(?i:agent[_.-]?token|token)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{50}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("buildkite"),
            Tags = EquatableArray.Of("ci", "buildkite"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "const buildkiteAgentToken = 'c55763414376bebda77cf572087812b9af2a2ae4f17ae8a558';",
                "BUILDKITE_AGENT_TOKEN=01e41e3eba748df6cc02c6402721dc6edcfe3aa16ee0cd56cf"),
            FalsePositives = EquatableArray.Of(
                "BUILDKITE_AGENT_TOKEN=${BUILDKITE_AGENT_TOKEN}",
                "AGENT_TOKEN=dbc2a6065597ed5c277ea14b7b77d67c3cabd92f3fe4c6d244"),
        };

        yield return new SecretRule
        {
            Id = "sourcegraph-access-token",
            Description = "Sourcegraph access token",
            Severity = Severity.High,
            Regex = @"\b(sgp_(?:[a-f0-9]{16}_)?[a-f0-9]{40})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("sgp_"),
            Tags = EquatableArray.Of("source-hosting", "sourcegraph"),
            TruePositives = EquatableArray.Of(
                "$env:SRC_ACCESS_TOKEN = \"sgp_942e436c8fec78e5_5399a8e0163cba423fd646410ac7406528a3091c\"",
                "ENV SRC_ACCESS_TOKEN=sgp_73d5474da08cf512_3b05ff9e32d7f3b3c804abb4ba7a419635fa9cc9",
                "SRC_ACCESS_TOKEN=sgp_1846cdac485e9742152fa988011829cfdd6a8b8f"),
            FalsePositives = EquatableArray.Of(
                "SRC_ACCESS_TOKEN=sgp_5332d57e1dfdead5_24cf50a85a538a5d7d1fd4a22c9f6597870bf6b",
                "src_access_token: sgp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "drone-ci-token",
            Description = "Drone CI token",
            Severity = Severity.High,
            Regex = $@"(?i:drone)[\w.-]{{0,20}}(?i:token)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("drone"),
            Tags = EquatableArray.Of("ci", "drone"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "\"drone_token\": \"pyqF5q1Oo0Cjonhb5i5FVnPvhi2HOfGD\",",
                "drone_token = OdaZmM474UnvJiGZ3fgOyiI8myys2ixm"),
            FalsePositives = EquatableArray.Of(
                "DRONE_TOKEN=${DRONE_TOKEN}",
                "token = 6QDRqTVaZWkPd3k62uvRnWbDP1SJSCne"),
        };

        // Upload tokens only push coverage reports, hence Medium.
        yield return new SecretRule
        {
            Id = "codecov-upload-token",
            Description = "Codecov upload token",
            Severity = Severity.Medium,
            Regex = $@"(?i:codecov)[\w.-]{{0,20}}(?i:token)[\w.-]{{0,16}}{ServiceKeyAssignment}([0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("codecov"),
            Tags = EquatableArray.Of("ci", "codecov"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "codecov_token = \"60f17562-ea81-4030-aab0-dddb31919c6a\"",
                "const codecovToken = 'cb45c7ca-ff99-45c9-80bd-04ad9b8a2184';"),
            FalsePositives = EquatableArray.Of(
                "CODECOV_TOKEN=${CODECOV_TOKEN}",
                "const token = 'c4065b8f-4cd1-4b32-9547-758fe26f6f71';"),
        };

        yield return new SecretRule
        {
            Id = "gitea-access-token",
            Description = "Gitea / Forgejo access token",
            Severity = Severity.High,
            Regex = $@"(?i:gitea|forgejo)[\w.-]{{0,20}}(?i:token)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{40}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("gitea", "forgejo"),
            Tags = EquatableArray.Of("source-hosting", "gitea"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "const giteaToken = '002ec73201dff62e9196835ee5d974b79e538cdf';",
                "forgejo_token: 64652f18735af9227fcbec90d05142bef863c0a2"),
            FalsePositives = EquatableArray.Of(
                "GITEA_TOKEN=${GITEA_TOKEN}",
                "token: ba2c76cc8985855090eb0f3de0856e751a277101"),
        };

        yield return new SecretRule
        {
            Id = "harness-pat",
            Description = "Harness personal access / service account token",
            Severity = Severity.High,
            Regex = @"\b((?:pat|sat)\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("pat.", "sat."),
            Tags = EquatableArray.Of("ci", "harness"),
            TruePositives = EquatableArray.Of(
                "HARNESS_API_KEY=pat.RGkt8Mdn0lugJB6L55vVvj.afrJFROl2aSjDWlFkuw3mvJj.kZRuwd3UBlZCxTUzeGGf",
                "const harnessPlatformApiKey = 'pat.e3zww-arR1XbVfB0Sxhfql.02dc2bfe5d78fedc8df638ac.nOvkhAoFLPwFsHNHRvxx';",
                "harness_platform_api_key = \"pat.b91DyQVrvaMOUNcyK_CpIv.4151cc5542acbe94b3386aa9.ylsW40vCvt6BFu2sVchx\"",
                "HARNESS_API_KEY=sat.O0YdnzTgEak8pheWpyN6Ak.21300d71d5f9c89f893c799e.N1stIUA0kuN2xcPajBu9"),
            FalsePositives = EquatableArray.Of(
                "HARNESS_PLATFORM_API_KEY=pat.1D7E53MtEzrhg_leaEovxf.6aac6c8761889af4d3546670.4YRAe3k39UYv8lJQADh",
                "harness_platform_api_key: pat.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // TeamCity tokens are JWT-like with a fixed {"typ": "TCV2"} header.
        yield return new SecretRule
        {
            Id = "teamcity-access-token",
            Description = "TeamCity access token",
            Severity = Severity.High,
            Regex = $@"(?i:teamcity|tc_)[\w.-]{{0,20}}(?i:token)[\w.-]{{0,16}}{ServiceKeyAssignment}(eyJ0eXAiOiAiVENWMiJ9\.[A-Za-z0-9_-]{{36}}\.[A-Za-z0-9_-]{{48}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("teamcity", "tc_"),
            Tags = EquatableArray.Of("ci", "teamcity"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "teamcity_token: eyJ0eXAiOiAiVENWMiJ9.8gmGys-qavpIcxuQJe7Grg30bphjX9YXPcWJ.E_YXxS35od5iAkLXHZg_x4j7u9FttadhvHXxQqbgaAkRsXGi",
                "$env:TEAMCITY_TOKEN = \"eyJ0eXAiOiAiVENWMiJ9.Z0YDRlTjey6BMB1xP3m3406dTX-4g-MM3XsR.FfebxOGn-ixLaJESHgbXhlaEgD8Wsmce77c3Q9LMfW5pE-2j\""),
            FalsePositives = EquatableArray.Of(
                "TEAMCITY_TOKEN=${TEAMCITY_TOKEN}",
                "$env:TOKEN = \"eyJ0eXAiOiAiVENWMiJ9.cAZ3wU8N0CXCCOg3zhwGInemARl2kfwGUDhh.jnjnW-O98eoHBy2gyTCI1mliGHxWIC1Casoh4qv_pecNuJE7\""),
        };
    }
}
