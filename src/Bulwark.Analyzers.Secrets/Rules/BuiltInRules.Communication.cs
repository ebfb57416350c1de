using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Rules;

public static partial class BuiltInRules
{
    // Messaging, chat, e-mail and social platforms: tokens and webhooks that post as the organisation or read
    // its conversations and contact lists.
    private static IEnumerable<SecretRule> Communication()
    {
        yield return new SecretRule
        {
            Id = "slack-bot-token",
            Description = "Slack bot token",
            Severity = Severity.High,
            Regex = @"\b(xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24,34})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("xoxb-"),
            Tags = EquatableArray.Of("communication", "slack"),
            TruePositives = EquatableArray.Of(
                "os.environ[\"SLACK_BOT_TOKEN\"] = \"xoxb-583282051539-9407127217286-Z2UtlYmHRN9XDUOBosEItnNX\"",
                "ENV SLACK_BOT_TOKEN=xoxb-217388521474-4446192528991-TuMEzo5F6Ox3AIYNeKrGvim5"),
            FalsePositives = EquatableArray.Of(
                "SLACK_BOT_TOKEN=xoxb-735604583604-6522543653164-SYC6HuyA4OYaaZ0pBGc4tnd",
                "slack_bot_token: xoxb-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // User tokens act as a person: they read every channel and DM that person can.
        yield return new SecretRule
        {
            Id = "slack-user-token",
            Description = "Slack user token",
            Severity = Severity.High,
            Regex = @"\b((?:xoxe\.)?xox[pe]-[0-9]{1,2}-?[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-f0-9]{32,64})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("xoxp-", "xoxe-"),
            Tags = EquatableArray.Of("communication", "slack"),
            TruePositives = EquatableArray.Of(
                "SLACK_USER_TOKEN=xoxe-663923321468-819736993563-2729518175604-0d6b2e6e1b465e551305fd2d2490ca4c",
                "export SLACK_USER_TOKEN=\"xoxp-900792597326-199603318910-2035914143212-8ef4e0786a3467c6825b751ca4ca8e52\"",
                "const slackUserToken = 'xoxp-104202169518-530825916269-2678661492070-bc7227aa2d0851d757314b9fc71a1ee6';",
                "SLACK_TOKEN=xoxe.xoxp-1-948435099721-790409710587-3301079425406-bdf9d2338476d7e69b1bde9cb0d0f5fa859c72ab3c0794af02687d3266cf6af2"),
            FalsePositives = EquatableArray.Of(
                "SLACK_USER_TOKEN=xoxp-312991859857-757630857835-9071998616301-670d56e0c65618f10d581e9f0595ef5",
                "slack_user_token: xoxp-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "slack-app-token",
            Description = "Slack app-level token",
            Severity = Severity.High,
            Regex = @"\b(xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,14}-[a-f0-9]{64})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("xapp-"),
            Tags = EquatableArray.Of("communication", "slack"),
            TruePositives = EquatableArray.Of(
                "slack_app_token = xapp-1-ARW790MU8R5-2269521972463-74bd5405fcf21f386fbf3bf6380258cfaf5dd566541099293abcdf0a7fe88b36",
                "SLACK_APP_TOKEN = \"xapp-1-A71T2DA219D-2438870271824-30833b2d4849ce4dfb0a29bb1c908b0041f14f68f90b1426cfc66e7818659671\""),
            FalsePositives = EquatableArray.Of(
                "SLACK_APP_TOKEN=xapp-1-AJKEO007OSW-2560764338408-81c44be30374a061fb9f6ba79a500b394d52711ba0221c6dca788a386b6cf7b",
                "slack_app_token: xapp-1-Axxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "slack-config-access-token",
            Description = "Slack configuration access token",
            Severity = Severity.High,
            Regex = @"\b(xoxe\.xox[bp]-[0-9]-[A-Za-z0-9]{160,170})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("xoxe.xoxb-", "xoxe.xoxp-"),
            Tags = EquatableArray.Of("communication", "slack"),
            TruePositives = EquatableArray.Of(
                "  slack_config_token: \"xoxe.xoxp-1-YMPbgCNXtuCF1PsJiGegeaCKZID22K6aFQC8IqY4d74euBVLZMFuK7mdtufwdIZrKKkcdbIaQqWtmGjucUCXQLO0tnb8GjOZstMMT4EZxLdZ7odJHOICFpxAmRoWoAOL6CojYv7fTT3PY9gWxftZhqEcs6ehkllgIxll6p\"",
                "slack_config_token = xoxe.xoxp-1-4ywzVnfImnkKr52luEjCxfdpGeSBSIYtggONxkcJCnyUHLC0DYdwQzD82g6CE75E2XFnUn7nqFL0qTgUhAAabOLuJHfB6EXcOJ4XnFDYu7AR48jFQUR21ZK7LW9R7GSQTNAOcihtG044XcY71lpS6W9olYWwt3SgERBtRY"),
            FalsePositives = EquatableArray.Of(
                "SLACK_CONFIG_TOKEN=xoxe.xoxp-1-JZYhOrLVEDAsIBEdWPN9a6bIUYmqgZRMcscdH11ODTTeZPHRe5fAGrf8AXw9oMmflaIdQSKIi9zkCzSw9xqpzjljNlHZB1UP6jwmcaFeWasA7wI2U1bwAXrYPkwSSu2URAO3Bq4M2Vhv5SpAStgN9aUaCx944DR",
                "slack_config_token: xoxe.xoxp-1-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "slack-config-refresh-token",
            Description = "Slack configuration refresh token",
            Severity = Severity.High,
            Regex = @"\b(xoxe-[0-9]-[A-Za-z0-9]{140,150})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("xoxe-"),
            Tags = EquatableArray.Of("communication", "slack"),
            TruePositives = EquatableArray.Of(
                "$env:SLACK_CONFIG_REFRESH_TOKEN = \"xoxe-1-FtC836ESLvYSL4cVqJNJSAhUr52JKR3oQIWOhov1OicxXygAjTOam8WbQ0ahQ9nENX1vYxBuZcsINhpoE2UQ8HTMajtg6ZU5FaFAednsOHcAsj9FXfzJFaFLZA5DMtvdKeN3U1lY2yoLNt4IN7\"",
                "  slack_config_refresh_token: \"xoxe-1-ItEm0hsaAFaHu3BTIV23ZVvnVmJ5sbl73ImymX5deXzWvO2bknLTbtHviVwHVdENjYOCS8Lt73jH8sBelVshWkckZzCEyoCHgsDneLO7OHQqP4LwwZZdhpjeFR0ujXGVQgNd8zbRGxT5Ur35OZ\""),
            FalsePositives = EquatableArray.Of(
                "SLACK_CONFIG_REFRESH_TOKEN=xoxe-1-81T6E8nguQWiiqlc9NKaTeOsslm482Hb5TNcULlILdRFOvENm36YmzJtoEoF2B9RY8bMxUU1Mr756SnXhuf8y0lj8tPNQWxkOKwukYRAMXBCeBnnWqwGjCvE3c90UVaKKU4Rynfy5j2",
                "slack_config_refresh_token: xoxe-1-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // xoxa (workspace apps), xoxr (refresh), xoxs/xoxo (session) tokens from older Slack platforms.
        yield return new SecretRule
        {
            Id = "slack-legacy-token",
            Description = "Slack legacy workspace, refresh or session token",
            Severity = Severity.High,
            Regex = @"\b(xox[aors]-(?:[0-9]-)?[0-9]{10,13}-[0-9A-Za-z-]{10,200})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("xoxa-", "xoxo-", "xoxr-", "xoxs-"),
            Tags = EquatableArray.Of("communication", "slack"),
            TruePositives = EquatableArray.Of(
                "slack_legacy_token = \"xoxa-2-892693527880-181456150539-049627794401-d90a3b03b31ffa6d1b3f11ad45bc2da4c3e5fcc6cd759c7356aaad9db4ee3ced\"",
                "SLACK_LEGACY_TOKEN = \"xoxa-2-051272709350-703435057251-424579263457-f33cea8ff8114184f881f15336c7c4d5f5a328c23f85572aec455b90c3ebd934\"",
                "token: xoxs-36798758237-989114463504-753310393310-4a5a262f48cb3621ce914316467685d12d0ff7efff7bff63389de2c518c54d7c"),
            FalsePositives = EquatableArray.Of(
                "SLACK_LEGACY_TOKEN=xoxa-2-159777145877",
                "SLACK_LEGACY_TOKEN=xoxz-981378031368-679576868038-0012f28f9a30b6ad14a1421f619b8873b00fa1db",
                "slack_legacy_token: xoxa-2-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // Anyone with the URL can post into the channel (phishing as the org): Medium.
        yield return new SecretRule
        {
            Id = "slack-webhook-url",
            Description = "Slack incoming webhook or workflow trigger URL",
            Severity = Severity.Medium,
            Regex = @"hooks\.slack\.com/(?:services/(T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{23,24})|(?:workflows|triggers)/(T[A-Z0-9]{8,12}/(?:A[A-Z0-9]{8,12}/)?[0-9]{6,20}/[A-Za-z0-9]{24,64}))",
            Entropy = 3.0,
            Keywords = EquatableArray.Of("hooks.slack.com"),
            Tags = EquatableArray.Of("communication", "slack", "webhook"),
            TruePositives = EquatableArray.Of(
                "SLACK_WEBHOOK_URL=https://hooks.slack.com/triggers/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",
                "SLACK_WEBHOOK_URL=https://hooks.slack.com/services/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",
                "  webhook_url: 'https://hooks.slack.com/triggers/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'"),
            FalsePositives = EquatableArray.Of(
                "SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
                "url: https://hooks.slack.com/services/${SLACK_HOOK_PATH}"),
        };

        // The three dot-separated base64 parts have no vendor prefix (the first encodes the bot's user id),
        // so the token is only reported when a discord-named key holds it.
        yield return new SecretRule
        {
            Id = "discord-bot-token",
            Description = "Discord bot token",
            Severity = Severity.High,
            Regex = $@"(?i:discord)[\w.-]{{0,20}}(?i:token)[\w.-]{{0,16}}{ServiceKeyAssignment}([MNO][A-Za-z0-9_-]{{23,27}}\.[A-Za-z0-9_-]{{6}}\.[A-Za-z0-9_-]{{27,40}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 4.0,
            Keywords = EquatableArray.Of("discord"),
            Tags = EquatableArray.Of("communication", "discord"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "discord_bot_token = \"McgfAg6L3nw9cxLKHOx4lXyu2T.GJotXD.UKL68NG_d7OF_mVXbbv8lhf47xqhcwBClATXB7\"",
                "discord_bot_token: MZFMQVuO_DR8ARDSQ1jzJEdgju.Anc1LY.OT-DKl9vcerj1Scmt2PLMnNAY40JhTW7uHqEu9"),
            FalsePositives = EquatableArray.Of(
                "DISCORD_BOT_TOKEN=${DISCORD_BOT_TOKEN}",
                "bot_token: MuhMqCk0VNGWNk--oOuhgaKUYM.WWybbk.smTPcO5L6kKyEn2cFPZxNxq4yCROpCiBUdF1Sd"),
        };

        yield return new SecretRule
        {
            Id = "discord-webhook-url",
            Description = "Discord webhook URL",
            Severity = Severity.Medium,
            Regex = @"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/([A-Za-z0-9_-]{60,70})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("discord"),
            Tags = EquatableArray.Of("communication", "discord", "webhook"),
            TruePositives = EquatableArray.Of(
                "DISCORD_WEBHOOK=https://discord.com/api/webhooks/6163327319181313257/x4lNBY-1_PCsF-3NbhnVDalgbEWVNxmHKye78z06NgPtK2LiMvOWbQWCPxxS8xa5u5ag",
                """requests.post("https://discordapp.com/api/webhooks/875012998304919850/R1TM5BQVgF_g2dwPr7IFomnoDufvQb9sF-akqpwhau5EOl3Cn4J3yufbwUc5QtImyCQC", json={"content": msg})"""),
            FalsePositives = EquatableArray.Of(
                "DISCORD_WEBHOOK=https://discord.com/api/webhooks/9259037043352423078/gNPzEyG47daZPsmu9rCM5InoXTXzuU",
                "https://discord.com/api/webhooks/{id}/{token}"),
        };

        yield return new SecretRule
        {
            Id = "discord-client-secret",
            Description = "Discord OAuth2 client secret",
            Severity = Severity.High,
            Regex = $@"(?i:discord)[\w.-]{{0,20}}(?i:client[_.-]?secret|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9_-]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("discord"),
            Tags = EquatableArray.Of("communication", "discord", "oauth"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "export DISCORD_CLIENT_SECRET=\"nQHK0VOVza9rcMi7gD98if_Ikntjjcod\"",
                "DISCORD_CLIENT_SECRET=2BSbqgyyWo3zhS4eO4Ac5-tCQMerh3VI"),
            FalsePositives = EquatableArray.Of(
                "DISCORD_CLIENT_SECRET=${DISCORD_CLIENT_SECRET}",
                "CLIENT_SECRET=MJ6KTYhQ16-bmShOaLJNVsPh2a3lK4gR"),
        };

        // Bot id, colon, then a 35-char secret that starts with "AA".
        yield return new SecretRule
        {
            Id = "telegram-bot-token",
            Description = "Telegram bot token",
            Severity = Severity.High,
            Regex = @"(?:^|[^0-9])([0-9]{8,10}:AA[A-Za-z0-9_-]{33})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of(":aa"),
            Tags = EquatableArray.Of("communication", "telegram"),
            TruePositives = EquatableArray.Of(
                "      TELEGRAM_BOT_TOKEN: 6505158607:AA17qwNs5pxkYtHhDJFiEFU244mvVl_7AUN",
                "export TELEGRAM_BOT_TOKEN=\"1240414716:AALYJOI4fNK3GfgmfX1hAx5WlnZvfh6XB69\"",
                "curl https://api.telegram.org/bot5097579181:AA3Zo1f5yOZt9rm2rJFgdlQLQ-LqVeK5ZYX/getUpdates"),
            FalsePositives = EquatableArray.Of(
                "TELEGRAM_BOT_TOKEN=123456789:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                "TELEGRAM_BOT_TOKEN=0306874941:AAvR3mjP1420OBmrLcv1g51Sb8aDpClvKZ"),
        };

        // The SID names the key; its secret sits beside it (twilio-api-secret).
        yield return new SecretRule
        {
            Id = "twilio-api-key",
            Description = "Twilio API key SID",
            Severity = Severity.Medium,
            Regex = @"\b(SK[0-9a-fA-F]{32})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("sk"),
            Tags = EquatableArray.Of("communication", "twilio"),
            TruePositives = EquatableArray.Of(
                "TWILIO_API_KEY=SK351A3A03DBFD748D40823339AF5FB2E4",
                "  twilio_api_key = \"SKd658496397f484c9f906cb3056a2617d\"",
                "twilio_api_key = \"SKe6798ade22272f626e1256546af4cb97\""),
            FalsePositives = EquatableArray.Of(
                "TWILIO_API_KEY=SKd49881f116fdbc1a16b3474e5e70377",
                "twilio_api_key: SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "twilio-auth-token",
            Description = "Twilio auth token or API key secret",
            Severity = Severity.Critical,
            Regex = $@"(?i:twilio)[\w.-]{{0,20}}(?i:auth[_.-]?token|token|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{32}}|[A-Za-z0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("twilio"),
            Tags = EquatableArray.Of("communication", "twilio"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "TWILIO_AUTH_TOKEN = \"0ca18254b11248ce3bc10fda24eaa208\"",
                "TWILIO_API_SECRET=a4aceacf59edabe21cf3612ddc97f4b2"),
            FalsePositives = EquatableArray.Of(
                "TWILIO_AUTH_TOKEN=${TWILIO_AUTH_TOKEN}",
                "AUTH_TOKEN=6cb5aa6658648ff71e06d2dcfe545419"),
        };

        // The account SID alone is an identifier; "SID:token" is the basic-auth pair curl and URLs use.
        yield return new SecretRule
        {
            Id = "twilio-account-credentials",
            Description = "Twilio account SID with its auth token",
            Severity = Severity.Critical,
            Regex = @"\b(AC[0-9a-f]{32}):([0-9a-f]{32})\b",
            SecretGroup = 2,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("ac"),
            Tags = EquatableArray.Of("communication", "twilio"),
            TruePositives = EquatableArray.Of(
                "curl -u ACf56ad527c421dba4018d51f055763169:91ddbcf67358fd74cdd9693d8f2a1a44 https://api.twilio.com/2010-04-01/Accounts.json",
                "TWILIO_URL=https://ACf1d7bae7ced79adf37c133050e123ada:733882e7aa4c90f75d5c45a8f1df5b66@api.twilio.com/2010-04-01/Accounts/ACd32f56f35dc3b0bbd52e17b9c29aa8d7/Messages.json"),
            FalsePositives = EquatableArray.Of(
                "curl -u AC6f429535cf22da5d23720005025eae54:$TWILIO_AUTH_TOKEN https://api.twilio.com",
                "account_sid = \"AC08e647c4f6cf0c2c3de75b0c41c664d9\""),
        };

        yield return new SecretRule
        {
            Id = "sendgrid-api-key",
            Description = "SendGrid API key",
            Severity = Severity.High,
            Regex = @"\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}|SG\.[A-Za-z0-9=_.-]{66})(?:[^A-Za-z0-9=_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("sg."),
            Tags = EquatableArray.Of("communication", "email", "sendgrid"),
            TruePositives = EquatableArray.Of(
                "SENDGRID_API_KEY=SG.3WGkDedXtD2SBNKv.312WiglAHRlV4zJSCUoX.djRkTqieIAevcmOyvimp_QluVVKh",
                "  sendgrid_api_key: \"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\"",
                "ENV SENDGRID_API_KEY=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"),
            FalsePositives = EquatableArray.Of(
                "SENDGRID_API_KEY=SG.rwr84pyVlUZLCKaheXhVBU.Y-3THCrO1vL36_DSLlwLAGkkiisx3yUeGbFXYEjH_A",
                "sendgrid_api_key: SG.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "mailgun-api-key",
            Description = "Mailgun API key",
            Severity = Severity.High,
            Regex = @"\b(key-[a-f0-9]{32})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("key-"),
            Tags = EquatableArray.Of("communication", "email", "mailgun"),
            TruePositives = EquatableArray.Of(
                "mailgun_api_key: key-4058aaa918ea6806fbc7b534f715f168",
                "\"mailgun_api_key\": \"key-4ad679f9605ff6f2fa968cd7c74fd014\",",
                """curl -s --user "api:key-bc51271d3a7b839cb7a11c3b75857744" https://api.mailgun.net/v3/mg.acme.io/messages"""),
            FalsePositives = EquatableArray.Of(
                "MAILGUN_API_KEY=key-fd4eebbe16e2dd0be0acbaa26be8550",
                "mailgun_api_key: key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "mailgun-private-key",
            Description = "Mailgun private API key (current format)",
            Severity = Severity.High,
            Regex = $@"(?i:mailgun|mg_)[\w.-]{{0,20}}(?i:api[_.-]?key|key|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{32}}-[a-f0-9]{{8}}-[a-f0-9]{{8}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("mailgun", "mg_"),
            Tags = EquatableArray.Of("communication", "email", "mailgun"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "MAILGUN_API_KEY=5ac8ff78e54a12009792e5395a0621ae-191116ce-6e9938d6",
                "mailgun_api_key = \"707b5909769f45fe7a2194d8a1485afa-23cda1cb-1f0708ea\""),
            FalsePositives = EquatableArray.Of(
                "MAILGUN_API_KEY=${MAILGUN_API_KEY}",
                "api_key = \"d079611bb61f0d5522a9d8ed579dd717-8e6dffb7-4597bdec\""),
        };

        // The data-centre suffix (-us6, -us21) after 32 hex chars is the vendor marker.
        yield return new SecretRule
        {
            Id = "mailchimp-api-key",
            Description = "Mailchimp API key",
            Severity = Severity.High,
            Regex = @"\b([a-f0-9]{32}-us[0-9]{1,2})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("-us"),
            Tags = EquatableArray.Of("communication", "email", "mailchimp"),
            TruePositives = EquatableArray.Of(
                "mailchimp_api_key = 5b3c2ccd8152a3fae08e0c2f07bbccf8-us98",
                "ENV MAILCHIMP_API_KEY=91610ebe3dd31295b06174f4c4fd8a82-us57"),
            FalsePositives = EquatableArray.Of(
                "MAILCHIMP_API_KEY=00000000000000000000000000000000-us21",
                "MAILCHIMP_API_KEY=ba227585f7e459267ff037391f1ec964-us"),
        };

        yield return new SecretRule
        {
            Id = "mandrill-api-key",
            Description = "Mandrill (Mailchimp Transactional) API key",
            Severity = Severity.High,
            Regex = $@"(?i:mandrill)[\w.-]{{0,20}}(?i:api[_.-]?key|key)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9_-]{{22}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("mandrill"),
            Tags = EquatableArray.Of("communication", "email", "mailchimp"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "mandrill_api_key: eutteziiAeQBM6S55grPPM",
                "mandrill_api_key = \"xE4wqst2zD4IUbmRafKDRR\""),
            FalsePositives = EquatableArray.Of(
                "MANDRILL_API_KEY=${MANDRILL_API_KEY}",
                "api_key = \"IosDd2s4U4pJ_Wm5rwedc5\""),
        };

        yield return new SecretRule
        {
            Id = "postmark-server-token",
            Description = "Postmark server or account token",
            Severity = Severity.High,
            Regex = $@"(?i:postmark)[\w.-]{{0,20}}(?i:token|api[_.-]?key)[\w.-]{{0,16}}{ServiceKeyAssignment}([0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("postmark"),
            Tags = EquatableArray.Of("communication", "email", "postmark"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "$env:POSTMARK_SERVER_TOKEN = \"168edf4f-6197-4eb7-a5a1-335ec4b6e62f\"",
                "ENV POSTMARK_SERVER_TOKEN=559bcf5f-6bc0-4d08-a6fb-83a0d5101816"),
            FalsePositives = EquatableArray.Of(
                "POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}",
                "ENV SERVER_TOKEN=abacbe3d-99e1-43b9-9945-4846e763b2b8"),
        };

        yield return new SecretRule
        {
            Id = "brevo-api-key",
            Description = "Brevo (Sendinblue) API key",
            Severity = Severity.High,
            Regex = @"\b(xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("xkeysib-"),
            Tags = EquatableArray.Of("communication", "email", "brevo", "sendinblue"),
            TruePositives = EquatableArray.Of(
                "BREVO_API_KEY=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",
                "brevo_api_key: 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"),
            FalsePositives = EquatableArray.Of(
                "BREVO_API_KEY=xkeysib-ffc8b586d4eaeccfc106fdaf1b4cbca6a15a1a7e9f557a802c1cc864a62e5f29-0eupIeV7o1uRt9t",
                "brevo_api_key: xkeysib-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "brevo-smtp-key",
            Description = "Brevo (Sendinblue) SMTP key",
            Severity = Severity.High,
            Regex = @"\b(xsmtpsib-[a-f0-9]{64}-[A-Za-z0-9]{16})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("xsmtpsib-"),
            Tags = EquatableArray.Of("communication", "email", "brevo", "sendinblue"),
            TruePositives = EquatableArray.Of(
                "ENV SMTP_PASSWORD=xsmtpsib-46e1d4b5aaa9de6aeb415d664e36676a114efa0d4482f88133df6154047855bf-rRgtiDvDoKHafNiW",
                "      SMTP_PASSWORD: xsmtpsib-09cb8aed6491f1ee3262541d99544570ec1f44da673926bad3e68a39e90e4f28-rLh2K7kxO3uhT04v"),
            FalsePositives = EquatableArray.Of(
                "SMTP_PASSWORD=xsmtpsib-f7f39f6457f2c6b934783f9b09028fb39a8a89450873dd284d5ecd286f8643ed-emcbGO5KzqMEAFI",
                "smtp_password: xsmtpsib-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "mailjet-api-secret",
            Description = "Mailjet API secret key",
            Severity = Severity.High,
            Regex = $@"(?i:mailjet|mj_)[\w.-]{{0,20}}(?i:secret|private)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("mailjet", "mj_"),
            Tags = EquatableArray.Of("communication", "email", "mailjet"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "mailjet_api_secret = 3d75a1e0fee4b47f9fbd3fddb85ca3d9",
                "  mj_apikey_private: \"23161135e7b6d502e4ce765841770144\""),
            FalsePositives = EquatableArray.Of(
                "MAILJET_API_SECRET=${MAILJET_API_SECRET}",
                "  api_secret: \"a46d83438f750a57c116bc24da8ae757\""),
        };

        yield return new SecretRule
        {
            Id = "messagebird-api-key",
            Description = "MessageBird (Bird) API access key",
            Severity = Severity.High,
            Regex = $@"(?i:message[_.-]?bird)[\w.-]{{0,20}}(?i:api[_.-]?key|access[_.-]?key|key|token)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{25}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("messagebird", "message_bird", "message-bird", "message.bird"),
            Tags = EquatableArray.Of("communication", "messagebird"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "const messagebirdApiKey = 'CCezfUJuJfHC8aHUE6sApm0m8';",
                "messagebird_api_key: tOtFSEsdQ95hwcm7b3UayXn3F"),
            FalsePositives = EquatableArray.Of(
                "MESSAGEBIRD_API_KEY=${MESSAGEBIRD_API_KEY}",
                "api_key: 8FnGNn5T7RpIx5aycubgrvQrh"),
        };

        yield return new SecretRule
        {
            Id = "vonage-api-secret",
            Description = "Vonage (Nexmo) API secret",
            Severity = Severity.High,
            Regex = $@"(?i:vonage|nexmo)[\w.-]{{0,20}}(?i:secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{16}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("vonage", "nexmo"),
            Tags = EquatableArray.Of("communication", "vonage"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "const vonageApiSecret = 'PgtqI25TmzD1XDt2';",
                "nexmo_api_secret = 9XFxcuXYKpr3X8o6"),
            FalsePositives = EquatableArray.Of(
                "VONAGE_API_SECRET=${VONAGE_API_SECRET}",
                "api_secret = blfA3aQgch12fQvz"),
        };

        yield return new SecretRule
        {
            Id = "plivo-auth-token",
            Description = "Plivo auth token",
            Severity = Severity.High,
            Regex = $@"(?i:plivo)[\w.-]{{0,20}}(?i:auth[_.-]?token|token)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{40}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("plivo"),
            Tags = EquatableArray.Of("communication", "plivo"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "ENV PLIVO_AUTH_TOKEN=k8WphGjtUxSO7g5awUXgy3uPO9bbTyVGO5F6Itp3",
                "PLIVO_AUTH_TOKEN=y8k2jnpdhxbIBGyCgmIOqfqQEIyeWporB8FRBKCf"),
            FalsePositives = EquatableArray.Of(
                "PLIVO_AUTH_TOKEN=${PLIVO_AUTH_TOKEN}",
                "AUTH_TOKEN=UjdREzKBnAbenDBFcJwti6K2plGYbrEiZxPMyetC"),
        };

        yield return new SecretRule
        {
            Id = "microsoft-teams-webhook-url",
            Description = "Microsoft Teams incoming webhook URL",
            Severity = Severity.Medium,
            Regex = @"https://[a-z0-9-]{1,64}\.webhook\.office\.com/webhookb2/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/IncomingWebhook/([a-f0-9]{32})/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:/[A-Za-z0-9_-]{40,60})?",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("webhook.office.com"),
            Tags = EquatableArray.Of("communication", "microsoft-teams", "webhook"),
            TruePositives = EquatableArray.Of(
                "TEAMS_WEBHOOK=https://contoso.webhook.office.com/webhookb2/ba90b241-4880-4ba6-ab6e-5e0d759e20e6@8903c6ee-3b9c-410b-8e3d-2de7f1b97f49/IncomingWebhook/71ee31267caec0109131d1c980f7167c/763ff2a1-997c-4424-bfb1-4135489377e6",
                "  url: \"https://acmecorp.webhook.office.com/webhookb2/12754e31-96d3-419b-9589-5c40164848c9@e928fad5-69d0-4695-8933-bf1f1b868d89/IncomingWebhook/c07a8a3151c87c3e10d002a8a0033321/eb247e6a-9bf4-4aae-a030-9ad2fd268e79/V2sdw3DBW_zcc5fCkBIgLEVROy9DDCSFlxJiX8WQeawIC5\""),
            FalsePositives = EquatableArray.Of(
                "TEAMS_WEBHOOK=https://contoso.webhook.office.com/webhookb2/<group-id>@<tenant-id>/IncomingWebhook/<id>/<owner>",
                "https://outlook.office.com/webhook/80647840-048d-4072-8955-a22e9c3becb5"),
        };

        yield return new SecretRule
        {
            Id = "teams-workflow-webhook-url",
            Description = "Power Automate / Teams workflow trigger URL with signature",
            Severity = Severity.Medium,
            Regex = @"\.logic\.azure\.com(?::443)?/workflows/[a-f0-9]{32}/triggers/[^\s""\'?]{1,100}\?[^\s""\']{0,200}(?:[?&]|&amp;)sig=([A-Za-z0-9_-]{43})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("logic.azure.com"),
            Tags = EquatableArray.Of("communication", "microsoft-teams", "webhook", "azure"),
            TruePositives = EquatableArray.Of(
                "TEAMS_FLOW_URL=https://prod-27.westeurope.logic.azure.com:443/workflows/061edd7e673d42a9739870a738959b36/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=tUnI8HZuXW21hcjE15QCNYNkRu75qHYk4Mznbvr8gte",
                "webhook: \"https://prod-04.eastus.logic.azure.com/workflows/032c854c8dc3fa64e493a2648d42d0f8/triggers/When_a_HTTP_request_is_received/paths/invoke?api-version=2016-10-01&sig=qGR9AnukZdsIWxgNH3ZmfrBlx1As4PW48P6f4wzKBcl\""),
            FalsePositives = EquatableArray.Of(
                "https://prod-27.westeurope.logic.azure.com:443/workflows/385be3c020a3d676c1f10050aac16dd5/triggers/manual/paths/invoke?api-version=2016-06-01",
                "https://prod-27.westeurope.logic.azure.com/workflows/6f35d8bd15d18f62d621b252bc7bcf40/triggers/manual/paths/invoke?sig=<sig>"),
        };

        yield return new SecretRule
        {
            Id = "google-chat-webhook-url",
            Description = "Google Chat incoming webhook URL",
            Severity = Severity.Medium,
            Regex = @"chat\.googleapis\.com/v1/spaces/[A-Za-z0-9_-]{11}/messages\?key=AIza[A-Za-z0-9_-]{35}&(?:amp;)?token=([A-Za-z0-9_%=-]{40,60})",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("chat.googleapis.com"),
            Tags = EquatableArray.Of("communication", "google-chat", "webhook"),
            TruePositives = EquatableArray.Of(
                "GCHAT_WEBHOOK=https://chat.googleapis.com/v1/spaces/AAAAGpZSSCh/messages?key=AIza7W-W6tokfyJJRcwDtH-QaBmOTuSPIkus8NA&token=WUcXFLNaBbqHsozWd-e5V-L4bsYLMYiodQ2urDJC%3D",
                "url = \"https://chat.googleapis.com/v1/spaces/AAAANRZo-ao/messages?key=AIzaqf1LBEcxpj_Z_isENnlZvWdwZIVhodb89Ir&token=0b255BzHXelNeaFJBbAwh7F0baW2kwctQzjwq_HPrCi\""),
            FalsePositives = EquatableArray.Of(
                "https://chat.googleapis.com/v1/spaces/AAAAMVGCxBN/messages?key=AIzajchB6Loqe0giPBo0wl-O6uxjgMhJQZQncPS",
                "https://chat.googleapis.com/v1/spaces/SPACE_ID/messages?key=KEY&token=TOKEN"),
        };

        yield return new SecretRule
        {
            Id = "zapier-webhook-url",
            Description = "Zapier catch hook URL",
            Severity = Severity.Medium,
            Regex = @"\b(hooks\.zapier\.com/hooks/catch/[0-9]{5,10}/[a-z0-9]{6,8})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("hooks.zapier.com"),
            Tags = EquatableArray.Of("communication", "zapier", "webhook"),
            TruePositives = EquatableArray.Of(
                "      ZAPIER_WEBHOOK_URL: hooks.zapier.com/hooks/catch/98439903/xguwzks",
                "\"zapier_webhook_url\": \"hooks.zapier.com/hooks/catch/54548986/yg8p0x2\","),
            FalsePositives = EquatableArray.Of(
                "ZAPIER_WEBHOOK_URL=https://hooks.zapier.com/hooks/catch/123/abc/",
                "ZAPIER_WEBHOOK_URL=hooks.zapier.com/hooks/catch/22825020/4md4n"),
        };

        yield return new SecretRule
        {
            Id = "intercom-access-token",
            Description = "Intercom access token",
            Severity = Severity.High,
            Regex = $@"(?i:intercom)[\w.-]{{0,20}}(?i:token|api[_.-]?key)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9+/=_-]{{60}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("intercom"),
            Tags = EquatableArray.Of("communication", "intercom"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "  intercom_access_token: \"dG9rOjg9Z9GlANo2nKPR6PmC1xVA4EXMnJdxVtvz-PZzmApd9FUUORPkqy9r\"",
                "INTERCOM_ACCESS_TOKEN=dG9rOjG-Zd5-rUK18dSKJbBNJPrDMGHNt43uaYPjYrl0_ZKqJQyEIU1huWSr"),
            FalsePositives = EquatableArray.Of(
                "INTERCOM_ACCESS_TOKEN=${INTERCOM_ACCESS_TOKEN}",
                "ACCESS_TOKEN=dG9rOjkw01L0NeanKKk1P7-GYeXqvetTv-HP9AVXZ_FuQXtYzu8iLZfNFWr6"),
        };

        yield return new SecretRule
        {
            Id = "twitch-oauth-token",
            Description = "Twitch API client secret or OAuth token",
            Severity = Severity.High,
            Regex = $@"(?i:twitch)[\w.-]{{0,20}}(?i:secret|token)[\w.-]{{0,16}}{ServiceKeyAssignment}((?:oauth:)?[a-z0-9]{{30}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("twitch"),
            Tags = EquatableArray.Of("communication", "twitch"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "  twitch_client_secret = \"nehsp4763bp7ed2syzz50rvswgjv8r\"",
                "      TWITCH_OAUTH_TOKEN: zdz9qdqoy0nmf4p4bq8kv7lvju0nb2"),
            FalsePositives = EquatableArray.Of(
                "TWITCH_CLIENT_SECRET=${TWITCH_CLIENT_SECRET}",
                "      CLIENT_SECRET: x7hr71xbzom8j6oqqs9f8y9rdbafdx"),
        };

        // App-only bearer tokens begin with a run of "A"s (zero bytes in base64), our anchor.
        yield return new SecretRule
        {
            Id = "twitter-bearer-token",
            Description = "Twitter / X app bearer token",
            Severity = Severity.High,
            Regex = @"\b(A{20}[A-Za-z0-9%]{80,140})(?:[^A-Za-z0-9%]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("aaaaaaaaaaaaaaaaaaaa"),
            Tags = EquatableArray.Of("communication", "twitter"),
            TruePositives = EquatableArray.Of(
                "export TWITTER_BEARER_TOKEN=\"AAAAAAAAAAAAAAAAAAAAAhvXefsMtFzAAAAAAANDJlpluFc0pBwDfpEK45APIphchME4f1L0Nf6BAz%2FyoKklRe59qCd%3Dxck9vrYEA8XUlGsREFs1Sq0qydHfPoVoRQSDOcYsHh1g\"",
                "os.environ[\"TWITTER_BEARER_TOKEN\"] = \"AAAAAAAAAAAAAAAAAAAAAFsscpUmWUDAAAAAAAaKDEsilwlpRiBZqKvEzMQ2Q66598onI4qkb8ivsj%2F8beYjPcOXmPu%3DVP3bmebMTpFUTVuCWmb3T8jdZMw7MvZF9GA7r6oLpUhI\""),
            FalsePositives = EquatableArray.Of(
                "TWITTER_BEARER_TOKEN=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "TWITTER_BEARER_TOKEN=AAAAAAAAAAAAAAAAAAAAAYedxpEoUDqAAAAAAA5AqPTwFvbMeHFg08JdMXVrLQeDGDUmwDvsVXtceV%2FXMePnpk2BH6s%3D0SX"),
        };

        yield return new SecretRule
        {
            Id = "twitter-api-secret",
            Description = "Twitter / X API key secret or access token secret",
            Severity = Severity.High,
            Regex = $@"(?i:twitter|x_api)[\w.-]{{0,20}}(?i:secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{45,50}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("twitter", "x_api"),
            Tags = EquatableArray.Of("communication", "twitter"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "twitter_api_secret = \"4zfVVQlxFZmkmWcdCBXNQe3ipdmJ0kUmDHY3mVETx5PRt7owwk\"",
                "ENV TWITTER_ACCESS_TOKEN_SECRET=TBsxIca1fpt7uvlHtLyRvV1qxsP64eAgeHdTXO2pSCiI678kbi"),
            FalsePositives = EquatableArray.Of(
                "TWITTER_API_SECRET=${TWITTER_API_SECRET}",
                "ENV API_SECRET=ebDbP0l3cI4sdbiZN2j1ey2kmy8O5hIBYJugaI3z0YvQKbKIwX"),
        };

        // Graph tokens start "EAA" + app marker; 100+ chars keeps shorter Square EAAA tokens out.
        yield return new SecretRule
        {
            Id = "facebook-access-token",
            Description = "Facebook / Meta Graph API access token",
            Severity = Severity.High,
            Regex = @"\b(EAA[A-Za-z0-9]{100,300})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("eaa"),
            Tags = EquatableArray.Of("communication", "facebook", "meta"),
            TruePositives = EquatableArray.Of(
                "ENV FACEBOOK_ACCESS_TOKEN=EAAnMQwPxRqti2mJquLhSncs6KTxwcEukCPvJKAbTqnHbKJrKWdojDE7dws41hqh6SAUL4k3fikomQ9NjAg5PeFTjt5lxca3wL0CV1pTD2pxUKbJvMLPotqjuIMOAsKJV64bmPbKZOAx9wdyLjCv1OBAvyGK9Q8DhaRPAwKyxOH71M7eoyckrxXZ",
                "const facebookAccessToken = 'EAAtsCjc5pKRjHc6Wh6utztSXEbweRdyWct2J3dk9QobDUH1bDCJe9mIVgyJhDc49T5620L6HRzMIBp8Zv5byW4dQD5sBEzgb8NshjE8BqhpNe0nvbq3mY2qIQSld1V3UdRDWXhsAX7BvVKJ5gsCKm2TfCUmjHGFhy7wAaC4WOAtnBocQJXTrVp7';"),
            FalsePositives = EquatableArray.Of(
                "FACEBOOK_ACCESS_TOKEN=EAAqmc9jGQCnkEjfSxuZTHbZBsKP3hzf9lL2qOpKTenxCh1qTELHhNgvXeoUvDDJiO8UMA7fFDq1na66ES4abBpzpPFlIAwrOT4yeh",
                "facebook_access_token: EAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "facebook-app-secret",
            Description = "Facebook / Meta app secret",
            Severity = Severity.High,
            Regex = $@"(?i:facebook|fb_|meta_app)[\w.-]{{0,20}}(?i:secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("facebook", "fb_", "meta_app"),
            Tags = EquatableArray.Of("communication", "facebook", "meta"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "facebook_app_secret = 04cf1ab9e5700d63d6c91a532c941476",
                "  fb_app_secret: \"714f52488225531a13946cd4df8c6787\""),
            FalsePositives = EquatableArray.Of(
                "FACEBOOK_APP_SECRET=${FACEBOOK_APP_SECRET}",
                "  app_secret: \"f3128a5365faaf2552d4226f2e645152\""),
        };

        yield return new SecretRule
        {
            Id = "linkedin-client-secret",
            Description = "LinkedIn OAuth client secret",
            Severity = Severity.High,
            Regex = $@"(?i:linkedin)[\w.-]{{0,20}}(?i:secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{16}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("linkedin"),
            Tags = EquatableArray.Of("communication", "linkedin", "oauth"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "linkedin_client_secret = \"AT8GEFjKxUaHEJq3\"",
                "  linkedin_client_secret = \"rKhvmNrfStxG5TKz\""),
            FalsePositives = EquatableArray.Of(
                "LINKEDIN_CLIENT_SECRET=${LINKEDIN_CLIENT_SECRET}",
                "  client_secret = \"3p7pQO3CTXEE2FXn\""),
        };

        yield return new SecretRule
        {
            Id = "pusher-app-secret",
            Description = "Pusher Channels app secret",
            Severity = Severity.High,
            Regex = $@"(?i:pusher)[\w.-]{{0,20}}(?i:secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{20}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 2.5,
            Keywords = EquatableArray.Of("pusher"),
            Tags = EquatableArray.Of("communication", "pusher"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "  pusher_app_secret: \"81f6abfac7d5979adbee\"",
                "\"pusher_app_secret\": \"9119d77dd21784541d24\","),
            FalsePositives = EquatableArray.Of(
                "PUSHER_APP_SECRET=${PUSHER_APP_SECRET}",
                "\"app_secret\": \"d76a31c89228a72a1e19\","),
        };

        yield return new SecretRule
        {
            Id = "mattermost-access-token",
            Description = "Mattermost personal access or bot token",
            Severity = Severity.High,
            Regex = $@"(?i:mattermost|mm_)[\w.-]{{0,20}}(?i:token)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-z0-9]{{26}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("mattermost", "mm_"),
            Tags = EquatableArray.Of("communication", "mattermost"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "MATTERMOST_TOKEN=je54ffiq5hxzi6dpaog5fsl1nq",
                "MM_BOT_TOKEN = \"vb9nkao72ilgdiwkw3aehlvn3p\""),
            FalsePositives = EquatableArray.Of(
                "MATTERMOST_TOKEN=${MATTERMOST_TOKEN}",
                "TOKEN = \"di6k83q40c88hdeb2n6cc9dhir\""),
        };

        yield return new SecretRule
        {
            Id = "zoom-client-secret",
            Description = "Zoom app client secret",
            Severity = Severity.High,
            Regex = $@"(?i:zoom)[\w.-]{{0,20}}(?i:secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("zoom"),
            Tags = EquatableArray.Of("communication", "zoom", "oauth"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "zoom_client_secret: mF3GZF31macDXneTzjn0sIPP0t0UGNDa",
                "$env:ZOOM_CLIENT_SECRET = \"lhGqTseNIKYY0EHhsGpnEpYwSpoAfLdO\""),
            FalsePositives = EquatableArray.Of(
                "ZOOM_CLIENT_SECRET=${ZOOM_CLIENT_SECRET}",
                "$env:CLIENT_SECRET = \"5KsI3yqcZdW0foe1HGk2Ir4BqcuY9Irt\""),
        };

        yield return new SecretRule
        {
            Id = "discord-api-token",
            Description = "Discord application key assignment (64 hex)",
            Severity = Severity.Medium,
            Regex = $@"(?i:discord)[\w.-]{{0,20}}(?i:key|token)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{64}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("discord"),
            Tags = EquatableArray.Of("communication", "discord"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "DISCORD_API_KEY=13aa03b6b4ae6a0b343f5ccd0b5c68064b01f7d5ba1c9afa77b61043521ad8f8",
                "discord_app_key: \"d45cd88246313315ff82cfe920683f35d3905e2266de2c4438e0bd020ea50648\""),
            FalsePositives = EquatableArray.Of(
                "DISCORD_API_KEY=${DISCORD_API_KEY}",
                "DISCORD_CLIENT_ID=172245207411747548"),
        };

        yield return new SecretRule
        {
            Id = "facebook-app-access-token",
            Description = "Facebook app access token (app id|app secret)",
            Severity = Severity.High,
            Regex = $@"(?i:facebook|fb_|meta_app)[\w.-]{{0,20}}(?i:token|key|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([0-9]{{15,16}}(?:\||%7C)[A-Za-z0-9_-]{{27,40}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("facebook", "fb_", "meta_app"),
            Tags = EquatableArray.Of("communication", "facebook", "meta"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "FACEBOOK_APP_TOKEN=849932008902248|Jl08J8C6osKM0RDO-h_W4MMFcZM_JlaX",
                "fb_access_token = \"6127675505208157%7C7WxlFsKWYqpIBEaI130LeF5idHf\""),
            FalsePositives = EquatableArray.Of(
                "FACEBOOK_APP_TOKEN=${FACEBOOK_APP_TOKEN}",
                "FACEBOOK_APP_ID=589939797648833"),
        };

        yield return new SecretRule
        {
            Id = "twitter-access-token",
            Description = "X (Twitter) user access token",
            Severity = Severity.High,
            Regex = $@"(?i:twitter|x_api)[\w.-]{{0,20}}(?i:token)[\w.-]{{0,16}}{ServiceKeyAssignment}([0-9]{{15,25}}-[A-Za-z0-9]{{20,40}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("twitter", "x_api"),
            Tags = EquatableArray.Of("communication", "twitter", "x"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "TWITTER_ACCESS_TOKEN=7611458135952682544-Y4LdPLk0IZ345p1awyEcVCekpirSfLP",
                "twitter_access_token: \"931088513597697377-muVJNj0TXpQzmfb16uSMug6nsKP2Ew\""),
            FalsePositives = EquatableArray.Of(
                "TWITTER_ACCESS_TOKEN=${TWITTER_ACCESS_TOKEN}",
                "TWITTER_ACCESS_TOKEN=0058872187965664880-short"),
        };

        yield return new SecretRule
        {
            Id = "twitter-api-key",
            Description = "X (Twitter) API key (consumer key)",
            Severity = Severity.Medium,
            Regex = $@"(?i:twitter|x_api)[\w.-]{{0,20}}(?i:key)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{25}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("twitter", "x_api"),
            Tags = EquatableArray.Of("communication", "twitter", "x"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "TWITTER_API_KEY=MVhJemmhGvRo2AecJJrhkqRYw",
                "twitter_consumer_key = \"8CZknJlb66czf22rGIoWFqNqi\""),
            FalsePositives = EquatableArray.Of(
                "TWITTER_API_KEY=${TWITTER_API_KEY}",
                "TWITTER_API_KEY=JdsbkYlAPjD83FDlpc"),
        };

        yield return new SecretRule
        {
            Id = "slack-legacy-bot-token",
            Description = "Slack legacy bot token",
            Severity = Severity.High,
            Regex = @"\b(xoxb-[0-9]{8,14}-[A-Za-z0-9]{18,26})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("xoxb-"),
            Tags = EquatableArray.Of("communication", "slack"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "SLACK_BOT_TOKEN=xoxb-71540845774-vOJTOVXA4HLrxtZoXdQCvwfa",
                "  slack_token: \"xoxb-889279265-sfyrxXimVrel5OVnapz8\""),
            FalsePositives = EquatableArray.Of(
                "SLACK_BOT_TOKEN=xoxb-72449483386-DGuSgxhVug",
                "SLACK_BOT_TOKEN=xoxb-your-bot-token"),
        };

        yield return new SecretRule
        {
            Id = "slack-legacy-workspace-token",
            Description = "Slack legacy workspace token",
            Severity = Severity.High,
            Regex = @"\b(xox[ar]-(?:[0-9]-)?[0-9A-Za-z]{8,48})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("xoxa-", "xoxr-"),
            Tags = EquatableArray.Of("communication", "slack"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "SLACK_TOKEN=xoxa-2-SKPlEhwn6mtxewmifj7uFiFYTuIBLpxUMbLntwSi",
                "  refresh: \"xoxr-WJ0g9TATDTWW9efisy6W4mTGtqJvi0vc\""),
            FalsePositives = EquatableArray.Of(
                "SLACK_TOKEN=xoxa-short",
                "SLACK_TOKEN=xoxa-xxxxxxxxxxxxxxxxxxxx"),
        };
    }
}
