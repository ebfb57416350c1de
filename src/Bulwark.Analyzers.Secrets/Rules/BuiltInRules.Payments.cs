using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Rules;

public static partial class BuiltInRules
{
    // Payments and commerce: live keys move money (Critical/High); test-mode keys reach only sandbox data
    // (Low), but are still reported so they are rotated before someone swaps in a live one.
    private static IEnumerable<SecretRule> Payments()
    {
        // Stripe keys are sk_/rk_ + live_/test_ + 24 to ~100 base62 chars (99 for keys made since 2019).
        yield return new SecretRule
        {
            Id = "stripe-live-secret-key",
            Description = "Stripe live secret key",
            Severity = Severity.Critical,
            Regex = @"\b(sk_live_[A-Za-z0-9]{24,247})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("sk_live_"),
            Tags = EquatableArray.Of("payments", "stripe"),
            TruePositives = EquatableArray.Of(
                "STRIPE_SECRET_KEY = \"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\"",
                "stripe_secret_key = \"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\"",
                "curl https://api.stripe.com/v1/charges -u sk_live_oMT6smxzGIsd4PUM01ox5168:"),
            FalsePositives = EquatableArray.Of(
                "STRIPE_KEY=sk_kSUnJd7x9sW5SYzzddCvDIo5",
                "publishableKey: \"pk_live_Hia4gfdfiga6f05oSSVJhdCZblV7pIqL7j8cOQCXmVYIX1c8yMFnzjLHYIbCnfjseJ2q53gVTQbhk2OhuO3D7SH3PdHEvzld6ZK\"",
                "STRIPE_KEY=sk_live_CuCbSoI7EmeDOAaq70NA",
                "stripe_secret_key: sk_live_51xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "stripe-live-restricted-key",
            Description = "Stripe live restricted key",
            Severity = Severity.High,
            Regex = @"\b(rk_live_[A-Za-z0-9]{24,247})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("rk_live_"),
            Tags = EquatableArray.Of("payments", "stripe"),
            TruePositives = EquatableArray.Of(
                "  stripe_restricted_key = \"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\"",
                "$env:STRIPE_RESTRICTED_KEY = \"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\"",
                "curl https://api.stripe.com/v1/charges -u rk_live_sSOAsaAOjbFG1FoaqHIF7Tgh:"),
            FalsePositives = EquatableArray.Of(
                "STRIPE_KEY=rk_m2KsyiFUT0gKzzEQpV4SSVAp",
                "publishableKey: \"pk_live_ZrpYA8RsEApwH2ZtpsRlKlm2dW9FRsx7VRMOlQb8z0izK7QkFZ7GeNFeSe1txFgC3hvf5hFUgvE0YVaSZnEb88c9lEyqJRGQqEZ\"",
                "STRIPE_KEY=rk_live_yku3nEMHJUM1bgceg2pL",
                "stripe_restricted_key: rk_live_51xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "stripe-test-secret-key",
            Description = "Stripe test-mode secret key",
            Severity = Severity.Low,
            Regex = @"\b(sk_test_[A-Za-z0-9]{24,247})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("sk_test_"),
            Tags = EquatableArray.Of("payments", "stripe", "test-key"),
            TruePositives = EquatableArray.Of(
                "$env:STRIPE_SECRET_KEY = \"sk_test_51Q9wHI98jo1AMJq5MGaQLN3H04Gnjs8Sfynd9ZYtT73AwbWY4fhIZcekOg6uvtVWtiGcJJv45d3EZYPbmZPcJcU8Luz1HfapSBZo\"",
                "      STRIPE_SECRET_KEY: sk_test_51GtmKYTURtdNM5t40fvXLnvNpMJ3smiv2oD6neerb0XP2ZUftN1wKoC5skB1xSBsDUopZgACmuJmT1MuzLTVekATMuTFUXXd4XIz",
                "curl https://api.stripe.com/v1/charges -u sk_test_pbYU5RjpNFOExjkozwILQTyf:"),
            FalsePositives = EquatableArray.Of(
                "STRIPE_KEY=sk_SoJRIeDSql1zsUP7eOrRbk3M",
                "publishableKey: \"pk_test_avVwBg1VNMugMhXuOst6IDpMnVAOvD5tO9FfNdB4N1cN5lNE9EFpuRvPLX3keEfsFaUAAKP5niJFDwDEJaqlhoMZ5xXGgjPcaXp\"",
                "STRIPE_KEY=sk_test_qIC41AEBPjwqscbON9Th",
                "stripe_secret_key: sk_test_51xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "stripe-test-restricted-key",
            Description = "Stripe test-mode restricted key",
            Severity = Severity.Low,
            Regex = @"\b(rk_test_[A-Za-z0-9]{24,247})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("rk_test_"),
            Tags = EquatableArray.Of("payments", "stripe", "test-key"),
            TruePositives = EquatableArray.Of(
                "const stripeRestrictedKey = 'rk_test_51iP2sOGoxM63n0ojIaSSmKt39o7qqALs6OaCnv8YW4djU9PVNXG5p4ZqtRXunx6iFMzThiGRAZ2hvAqCslgJ2AwUPwJCP7o7zaRD';",
                "STRIPE_RESTRICTED_KEY=rk_test_51GeEjG3GHT36C4kcec0bnLIGWuw7QJaVJap9xUZcZZWrOyjUIZHH0lQYpnohgweg4w9CqUqQkkmrTqGnpIqJeB1xg8LnMLWn1AhW",
                "curl https://api.stripe.com/v1/charges -u rk_test_crtDbejRNlViQNrxaQGNzUvz:"),
            FalsePositives = EquatableArray.Of(
                "STRIPE_KEY=rk_rpuSDKaExFX2ZXCAoz0GeP7R",
                "publishableKey: \"pk_test_srSlSN9VprrxrBmw49K2jSP80GKU4yBIkdZ0RizXemXlrfiulibRjif6OzFGYLJsSk1MWagZ4FdN0w3bJX2ox6jt01IPcbUGhM6\"",
                "STRIPE_KEY=rk_test_PDoEfudKMNxTaxQhJB6d",
                "stripe_restricted_key: rk_test_51xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // A signing secret lets someone forge webhooks to the app, not spend money: Medium.
        yield return new SecretRule
        {
            Id = "stripe-webhook-secret",
            Description = "Stripe webhook signing secret",
            Severity = Severity.Medium,
            Regex = @"\b(whsec_[A-Za-z0-9]{32,64})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("whsec_"),
            Tags = EquatableArray.Of("payments", "stripe"),
            TruePositives = EquatableArray.Of(
                "os.environ[\"STRIPE_WEBHOOK_SECRET\"] = \"whsec_5t3AzIw0ueID6DehAUV8q98itEqB5Qem\"",
                "      STRIPE_WEBHOOK_SECRET: whsec_DbqTUgiE910yBUjhrppBxTXIte5Z1HpY"),
            FalsePositives = EquatableArray.Of(
                "STRIPE_WEBHOOK_SECRET=whsec_A27MMRc9kuhqy1XHHVgvjCD76N4ewwK",
                "stripe_webhook_secret: whsec_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // Current tokens are EAAA + 60 chars; legacy ones are sq0atp-.
        yield return new SecretRule
        {
            Id = "square-access-token",
            Description = "Square access token",
            Severity = Severity.Critical,
            Regex = @"(?:^|[^A-Za-z0-9_+/-])(EAAA[A-Za-z0-9_-]{60}|sq0atp-[A-Za-z0-9_-]{22})(?:[^A-Za-z0-9_+/=-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("eaaa", "sq0atp-"),
            Tags = EquatableArray.Of("payments", "square"),
            TruePositives = EquatableArray.Of(
                "SQUARE_ACCESS_TOKEN=EAAAzhB4GZqT8hqt0pmpsLww0sAO-DGpUxjKbgRBWZRZX1VlxeVZ4DNCNnOBFXL4",
                "const squareAccessToken = 'EAAAxAF9qC4ZSD6-W3yYB9svv37zmllOcXDfJECV2tZ8ZCtrOIyDdDxG4b2g3piR';",
                "\"square_access_token\": \"EAAAIhSQYe6Gmq_fqe-rnuUK9-Rvhvm4UZHfU4Wgdv7O4RkzX6ptyZJu9mkUN4W0\",",
                "square_token: sq0atp-D5TCvKVa3tiQYQ0uFdBVOl"),
            FalsePositives = EquatableArray.Of(
                "  MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA/EAAAk3jX9v2Lq8wZp4Rt7Yc1Nd0qHs+",
                "SQUARE_ACCESS_TOKEN=EAAAnu2694vwQZa_h2zhLIo8V0m-P-mChLFchGxs27EUstLQ2asvu6KSGvNpg3m",
                "square_access_token: EAAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "square-oauth-secret",
            Description = "Square OAuth application secret",
            Severity = Severity.High,
            Regex = @"\b(sq0csp-[A-Za-z0-9_-]{43})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("sq0csp-"),
            Tags = EquatableArray.Of("payments", "square", "oauth"),
            TruePositives = EquatableArray.Of(
                "export SQUARE_APPLICATION_SECRET=\"sq0csp-CuTLafUOOqtipimAAdQn4eIo6phHqIgO4YktOJBYG-t\"",
                "SQUARE_APPLICATION_SECRET = \"sq0csp-kutN_q3MCqodmaq3fDA3WPYUZXA2vb_wRwm1OeMPDcf\""),
            FalsePositives = EquatableArray.Of(
                "SQUARE_APPLICATION_SECRET=sq0csp-d78Crajdxbq_e_yMEP0rOz59sRYZqVdZ5ys7mDY5o5",
                "square_application_secret: sq0csp-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "braintree-access-token",
            Description = "PayPal Braintree production access token",
            Severity = Severity.Critical,
            Regex = @"\b(access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("access_token$production$"),
            Tags = EquatableArray.Of("payments", "paypal", "braintree"),
            TruePositives = EquatableArray.Of(
                "  braintree_access_token: \"access_token$production$scqn8lldl28aonaq$b3e1d9ab366ea5a494a9aa815f00ce19\"",
                "braintree_access_token = access_token$production$iew1zdbyccbed6nx$a139a717114eb2a8c55179382bd3a272"),
            FalsePositives = EquatableArray.Of(
                "BRAINTREE_ACCESS_TOKEN=access_token$production$1yww0cvlr3apg09l$ef70153552d2db0862f656e0016f19c",
                "braintree_access_token: access_token$production$xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "braintree-sandbox-access-token",
            Description = "PayPal Braintree sandbox access token",
            Severity = Severity.Low,
            Regex = @"\b(access_token\$sandbox\$[0-9a-z]{16}\$[0-9a-f]{32})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("access_token$sandbox$"),
            Tags = EquatableArray.Of("payments", "paypal", "braintree", "test-key"),
            TruePositives = EquatableArray.Of(
                "braintree_access_token = \"access_token$sandbox$0rljyeexbe4uoe6z$98102aac784b6f24e087eaeace1cc2c1\"",
                "$env:BRAINTREE_ACCESS_TOKEN = \"access_token$sandbox$yrce1k4cowjxis9q$2e030e8fa61269f7cf2279e25cd620c5\""),
            FalsePositives = EquatableArray.Of(
                "BRAINTREE_ACCESS_TOKEN=access_token$sandbox$5zehlq8xl4q8u2hn$df72d900a378b268402c7a403ed77e1",
                "braintree_access_token: access_token$sandbox$xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "braintree-private-key",
            Description = "Braintree API private key",
            Severity = Severity.Critical,
            Regex = $@"(?i:braintree|bt_)[\w.-]{{0,20}}(?i:private[_.-]?key)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("braintree", "bt_"),
            Tags = EquatableArray.Of("payments", "braintree"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "ENV BRAINTREE_PRIVATE_KEY=3696af222fa87682372cee0988b12b6e",
                "BT_PRIVATE_KEY = \"e598d19f59a0afaeb64adef71f12bf69\""),
            FalsePositives = EquatableArray.Of(
                "BRAINTREE_PRIVATE_KEY=${BRAINTREE_PRIVATE_KEY}",
                "PRIVATE_KEY = \"28a9c15cf37d3d9dca3526063f341032\""),
        };

        yield return new SecretRule
        {
            Id = "paypal-client-secret",
            Description = "PayPal REST API client secret",
            Severity = Severity.Critical,
            Regex = $@"(?i:paypal)[\w.-]{{0,20}}(?i:secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9_-]{{80}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("paypal"),
            Tags = EquatableArray.Of("payments", "paypal", "oauth"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "const paypalClientSecret = 's6EG1aBdYmq21f2ZWq-WeXSFVknpExpiLfFWB6gYgoKiiY4tRTO_xZfvdVilPKDNUI5Vso4QhKonDQOg';",
                "paypal_client_secret = yquVGc1J4XQKQua9qqF4V625MVdskrUTkh_HjgRgvYze4IRQzkuPPtoy8xc92TsiCfwm7IbJ2IAHmyMi"),
            FalsePositives = EquatableArray.Of(
                "PAYPAL_CLIENT_SECRET=${PAYPAL_CLIENT_SECRET}",
                "client_secret = uFzcnX6Sgqw63HHqXyPPzsUA-qeDl1_YNveY-gssGh1Unxt48QH3MzxQ7TS3573u3W6NKw3Xq04i3XUB"),
        };

        yield return new SecretRule
        {
            Id = "shopify-access-token",
            Description = "Shopify Admin API access token",
            Severity = Severity.Critical,
            Regex = @"\b(shpat_[a-fA-F0-9]{32})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("shpat_"),
            Tags = EquatableArray.Of("payments", "shopify"),
            TruePositives = EquatableArray.Of(
                "shopify_access_token: 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",
                "SHOPIFY_ACCESS_TOKEN=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",
                """curl -H "X-Shopify-Access-Token: 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" https://acme-store.myshopify.com/admin/api/2024-07/orders.json"""),
            FalsePositives = EquatableArray.Of(
                "SHOPIFY_ACCESS_TOKEN=shpat_c6b524cbef7994b8d054361f5340b79",
                "shopify_access_token: shpat_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "shopify-shared-secret",
            Description = "Shopify app shared secret",
            Severity = Severity.High,
            Regex = @"\b(shpss_[a-fA-F0-9]{32})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("shpss_"),
            Tags = EquatableArray.Of("payments", "shopify"),
            TruePositives = EquatableArray.Of(
                "shopify_api_secret = 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",
                "export SHOPIFY_API_SECRET=\"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\""),
            FalsePositives = EquatableArray.Of(
                "SHOPIFY_API_SECRET=shpss_a183d0188d71acf93c855aa14408adc",
                "shopify_api_secret: shpss_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "shopify-custom-app-token",
            Description = "Shopify custom app access token",
            Severity = Severity.Critical,
            Regex = @"\b(shpca_[a-fA-F0-9]{32})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("shpca_"),
            Tags = EquatableArray.Of("payments", "shopify"),
            TruePositives = EquatableArray.Of(
                "const shopifyCustomAppToken = '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';",
                "ENV SHOPIFY_CUSTOM_APP_TOKEN=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",
                """curl -H "X-Shopify-Access-Token: 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" https://acme-store.myshopify.com/admin/api/2024-07/orders.json"""),
            FalsePositives = EquatableArray.Of(
                "SHOPIFY_CUSTOM_APP_TOKEN=shpca_c5f9e3a67600605c3962343e2d76cb1",
                "shopify_custom_app_token: shpca_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "shopify-private-app-token",
            Description = "Shopify private app access token",
            Severity = Severity.Critical,
            Regex = @"\b(shppa_[a-fA-F0-9]{32})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("shppa_"),
            Tags = EquatableArray.Of("payments", "shopify"),
            TruePositives = EquatableArray.Of(
                "const shopifyPrivateAppPassword = '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';",
                "shopify_private_app_password = \"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\"",
                """curl -H "X-Shopify-Access-Token: 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" https://acme-store.myshopify.com/admin/api/2024-07/orders.json"""),
            FalsePositives = EquatableArray.Of(
                "SHOPIFY_PRIVATE_APP_PASSWORD=shppa_713f154e053d426d690f5d1fed033e5",
                "shopify_private_app_password: shppa_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // The key id is half of the credential; it finds the secret next to it.
        yield return new SecretRule
        {
            Id = "razorpay-live-key-id",
            Description = "Razorpay live key ID",
            Severity = Severity.Medium,
            Regex = @"\b(rzp_live_[A-Za-z0-9]{14})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("rzp_live_"),
            Tags = EquatableArray.Of("payments", "razorpay"),
            TruePositives = EquatableArray.Of(
                "const razorpayKeyId = 'rzp_live_aJwFiV0QEGKdaN';",
                "razorpay_key_id: rzp_live_31bokfUQDzZVIJ"),
            FalsePositives = EquatableArray.Of(
                "RAZORPAY_KEY_ID=rzp_live_8ML0pHxlsQI5d",
                "razorpay_key_id: rzp_live_xxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "razorpay-key-secret",
            Description = "Razorpay key secret",
            Severity = Severity.Critical,
            Regex = $@"(?i:razorpay)[\w.-]{{0,20}}(?i:secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{24}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("razorpay"),
            Tags = EquatableArray.Of("payments", "razorpay"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "razorpay_key_secret = W9sF1VPRVSKexe18fC5AeUIj",
                "      RAZORPAY_KEY_SECRET: s7rU2C83d1TJiQnLqqWtrP6i"),
            FalsePositives = EquatableArray.Of(
                "RAZORPAY_KEY_SECRET=${RAZORPAY_KEY_SECRET}",
                "      KEY_SECRET: 5KhwMp9ShuFNmDWX4Qb7UjaC"),
        };

        yield return new SecretRule
        {
            Id = "flutterwave-secret-key",
            Description = "Flutterwave secret key",
            Severity = Severity.Critical,
            Regex = @"\b(FLWSECK(?:_TEST)?-[a-h0-9]{32}-X)\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("flwseck"),
            Tags = EquatableArray.Of("payments", "flutterwave"),
            TruePositives = EquatableArray.Of(
                "const flwSecretKey = 'FLWSECK-5b21f2bd8a92ecc3d27b734b4367472b-X';",
                "flw_secret_key: FLWSECK-c35ef29cee1f899eb5d2d0c81c01b258-X"),
            FalsePositives = EquatableArray.Of(
                "FLW_SECRET_KEY=FLWSECK-1535743c6f979d6e52e0d54652e05245-",
                "flw_secret_key: FLWSECK-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "gocardless-access-token",
            Description = "GoCardless live access token",
            Severity = Severity.Critical,
            Regex = $@"(?i:gocardless)[\w.-]{{0,20}}(?i:token|key)[\w.-]{{0,16}}{ServiceKeyAssignment}((?:live|sandbox)_[A-Za-z0-9_=-]{{40}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("gocardless"),
            Tags = EquatableArray.Of("payments", "gocardless"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "GOCARDLESS_ACCESS_TOKEN=live_MdP17kOIhugcoBtJiPliGgDKu46OIG5MuR3DRq8l",
                "\"gocardless_access_token\": \"live_rX9cgKaQM8RpQ8bXCR2PIZqdsA_MDiTY__teJGcG\","),
            FalsePositives = EquatableArray.Of(
                "GOCARDLESS_ACCESS_TOKEN=${GOCARDLESS_ACCESS_TOKEN}",
                "\"access_token\": \"live_aHXcl6IsWD4uRr0_O_ZjrWtizByiYYyPW6Gn8tJr\","),
        };

        // A per-item access token reads a user's bank data.
        yield return new SecretRule
        {
            Id = "plaid-access-token",
            Description = "Plaid access token",
            Severity = Severity.High,
            Regex = @"\b(access-(?:production|development|sandbox)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("access-production-", "access-development-", "access-sandbox-"),
            Tags = EquatableArray.Of("payments", "plaid"),
            TruePositives = EquatableArray.Of(
                "PLAID_ACCESS_TOKEN=access-production-d9d08581-d59b-434b-97a8-e0cd8d7df4d3",
                "      PLAID_ACCESS_TOKEN: access-production-2cc3b56c-88d5-46ed-b446-1d3cd67bb1ce"),
            FalsePositives = EquatableArray.Of(
                "PLAID_ACCESS_TOKEN=access-production-7dce25d5-f412-414e-90ed-fc43a0041e0",
                "plaid_access_token: access-production-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "plaid-secret",
            Description = "Plaid API secret",
            Severity = Severity.Critical,
            Regex = $@"(?i:plaid)[\w.-]{{0,20}}(?i:secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{30}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("plaid"),
            Tags = EquatableArray.Of("payments", "plaid"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "plaid_secret = 2c4cf056dc826ab1c0c4dd19c4f8c2",
                "plaid_secret = \"4a5050092a8dee374798f9f050ba6b\""),
            FalsePositives = EquatableArray.Of(
                "PLAID_SECRET=${PLAID_SECRET}",
                "secret = \"b125303d555a5a36595e8dc51dd8d6\""),
        };

        yield return new SecretRule
        {
            Id = "adyen-api-key",
            Description = "Adyen API key",
            Severity = Severity.Critical,
            Regex = $@"(?i:adyen)[\w.-]{{0,20}}(?i:api[_.-]?key|key)[\w.-]{{0,16}}{ServiceKeyAssignment}(AQE[A-Za-z0-9+/=._-]{{80,250}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("adyen"),
            Tags = EquatableArray.Of("payments", "adyen"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "\"adyen_api_key\": \"AQE44c9/iMYI0RX3nbG2ofLSOG2Q3Da+ypGVCWS9541+PrSxlqNKV4kQ26QFODSuFYhrkU6R8jXKbuDefnR99/l7u0f3P8d81njSFjfz=.dWo9SXvJWDRGaEdcXfvl+19p-shJFd72z0GS90dQXDlqn\",",
                "$env:ADYEN_API_KEY = \"AQEje0uAMNjbs/8M9QwQCTWlFwKMlcM2ROsnSY/ZU9w+Qg6kIDJFBrHfDYZPosA3IHvANydnckQOY8Y1Ej+gnx3jq8Zo3iv8BonlFPJm=.LpT4McAQqiiYew+s2MdevicN-iQxPXlBLOySi2FXAfKOt\""),
            FalsePositives = EquatableArray.Of(
                "ADYEN_API_KEY=${ADYEN_API_KEY}",
                "$env:API_KEY = \"AQEI8U8dRrg3vU40lehzrc1kM6nyL1djttmMSDeqmqu+jryVWvHGCBvt/0Bet52OwWnsYcaJGQATpj4O84c2q/j7wEFalNcBQhVxggsD=.lYaUIKJzacGQPraANf5MjROK-kXJn7GvGTU3sOaV75PsC\""),
        };

        yield return new SecretRule
        {
            Id = "kraken-api-secret",
            Description = "Kraken API private key",
            Severity = Severity.Critical,
            Regex = $@"(?i:kraken)[\w.-]{{0,20}}(?i:secret|private[_.-]?key)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9+/]{{80,90}}={{0,2}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("kraken"),
            Tags = EquatableArray.Of("payments", "crypto", "kraken"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "kraken_private_key: LmFVkhQPKV46GTG45vHwe+yrtXgOXDK3poIRjgE48QGuB8dHE2/3bnQKQ4hd9sdzTgLvRxiZje+VTWyE4RCi/a==",
                "      KRAKEN_API_SECRET: XG9qpyvuCznO0p8rtwxyj+Lj3yV2qq6I8Qz6dibwz/ZQTTOeQW5eXlfDntywr504x+b7nqCv8ji07I8Acu3oDn=="),
            FalsePositives = EquatableArray.Of(
                "KRAKEN_PRIVATE_KEY=${KRAKEN_PRIVATE_KEY}",
                "      PRIVATE_KEY: o/0c9A7nXAgEljw4nNtrMa49hNDa+upnIX/AyhfLubAhxIxa4Hp3nTR3QBT89biZytX3Gla7cnYq49Md07GFjK=="),
        };

        yield return new SecretRule
        {
            Id = "coinbase-api-secret",
            Description = "Coinbase API secret",
            Severity = Severity.Critical,
            Regex = $@"(?i:coinbase)[\w.-]{{0,20}}(?i:secret|token|key)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9_-]{{64}}|[A-Za-z0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("coinbase"),
            Tags = EquatableArray.Of("payments", "crypto", "coinbase"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "COINBASE_API_KEY_SECRET=hVsYpo3Z1qA0wGnwhKJD6hFqeHZL_l2H4MR7vG1AuzLaeeBAurkMU9lZ2kTCK-aV",
                "COINBASE_API_SECRET = \"73wMk2UqEh1lPPAjQen93PqQQt0IbqZH\"",
                "const coinbaseApiSecret = 'cNxArCAg3goVw1L8yv5HLxr3tRxor7HH';"),
            FalsePositives = EquatableArray.Of(
                "COINBASE_API_SECRET=${COINBASE_API_SECRET}",
                "const apiSecret = 'mjdx0GJpjbjzl9pUMcdOLhxCc4stxE6u';"),
        };

        yield return new SecretRule
        {
            Id = "lob-api-key",
            Description = "Lob API key",
            Severity = Severity.High,
            Regex = $@"(?i:lob)[\w.-]{{0,20}}(?i:api[_.-]?key|key)[\w.-]{{0,16}}{ServiceKeyAssignment}((?:live|test)_[a-f0-9]{{35}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("lob"),
            Tags = EquatableArray.Of("payments", "lob"),
            TruePositives = EquatableArray.Of(
                "LOB_API_KEY=test_2d95ca5c7868359fe643ef5b02ff376ff08",
                "ENV LOB_API_KEY=live_43e773471f4bc74bbc6007a172571c860f8",
                "\"lob_api_key\": \"live_b1aeae1671e28708941ff0b1c2982e9f54d\","),
            FalsePositives = EquatableArray.Of(
                "LOB_API_KEY=${LOB_API_KEY}",
                "\"api_key\": \"live_6c314d7fce9de56230561ef7f8b05eaa46f\","),
        };

        yield return new SecretRule
        {
            Id = "shippo-live-token",
            Description = "Shippo live API token",
            Severity = Severity.High,
            Regex = @"\b(shippo_live_[A-Fa-f0-9]{40})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("shippo_live_"),
            Tags = EquatableArray.Of("payments", "shippo"),
            TruePositives = EquatableArray.Of(
                "SHIPPO_API_KEY=shippo_live_AEC52E0E58563D4B511BA728A1F38351F5C4E8CD",
                "shippo_api_token: shippo_live_8e7a303b442410c1606134f95c890e4f8200e636",
                "export SHIPPO_API_TOKEN=\"shippo_live_b8c46f4d1dcca20d18f9462e574424927b3928a9\""),
            FalsePositives = EquatableArray.Of(
                "SHIPPO_API_TOKEN=shippo_live_f848f5f2d44de8fd1467ae67b2e6478aa401a95",
                "shippo_api_token: shippo_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "shippo-test-token",
            Description = "Shippo test API token",
            Severity = Severity.Low,
            Regex = @"\b(shippo_test_[A-Fa-f0-9]{40})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("shippo_test_"),
            Tags = EquatableArray.Of("payments", "shippo", "test-key"),
            TruePositives = EquatableArray.Of(
                "  shippo_api_token: \"shippo_test_dbdca2158881420695c94f48b4eb0f0d3de0b007\"",
                "\"shippo_api_token\": \"shippo_test_74bbbab2e1bf2d897fadd8556a7df57380863658\","),
            FalsePositives = EquatableArray.Of(
                "SHIPPO_API_TOKEN=shippo_test_9f2234d1ed9a624672721f684ecdab4e907df90",
                "shippo_api_token: shippo_test_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "easypost-api-key",
            Description = "EasyPost production API key",
            Severity = Severity.High,
            Regex = @"\b(EZAK[A-Za-z0-9]{54})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("ezak"),
            Tags = EquatableArray.Of("payments", "easypost"),
            TruePositives = EquatableArray.Of(
                "  easypost_api_key: \"EZAK956u73yRaJU8tnWIZru1yM3lXTJDBvfAdw54qdzJwCQehghd5JTBh9\"",
                "\"easypost_api_key\": \"EZAKZuUVGWpwtHsynlqElzeIqQbxUVsIojtn1oI53eKK1xzCAta8gdDrnE\","),
            FalsePositives = EquatableArray.Of(
                "EASYPOST_API_KEY=EZAKCsvGk5sltL7nQ4kM6F3sFlZUOk4KilKp6921x47RYwTRQjdpwaCwr",
                "easypost_api_key: EZAKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "easypost-test-api-key",
            Description = "EasyPost test API key",
            Severity = Severity.Low,
            Regex = @"\b(EZTK[A-Za-z0-9]{54})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("eztk"),
            Tags = EquatableArray.Of("payments", "easypost", "test-key"),
            TruePositives = EquatableArray.Of(
                "  easypost_api_key = \"EZTKbpk4oPOsbsmaJxHvT1y7498FHYShGAbpu4zlvg35AbxvWYB4gJo7hf\"",
                "  easypost_api_key: \"EZTKvXGJdnxB8QYBPLi91AftiWdsaKLhgox9iK8xAkWRruSydHOSuZEbox\""),
            FalsePositives = EquatableArray.Of(
                "EASYPOST_API_KEY=EZTKX7o2ltEGAUqoX1yHkcVcbjuoQcShyPCoNKQAFWn5yZOkac1d60qo3",
                "easypost_api_key: EZTKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "mollie-api-key",
            Description = "Mollie API key",
            Severity = Severity.High,
            Regex = $@"(?i:mollie)[\w.-]{{0,20}}(?i:api[_.-]?key|key)[\w.-]{{0,16}}{ServiceKeyAssignment}((?:live|test)_[A-Za-z0-9]{{30}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("mollie"),
            Tags = EquatableArray.Of("payments", "mollie"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "  mollie_api_key: \"live_lnqCzJPV507mkwK2zdfMLVBxc68CWa\"",
                "MOLLIE_API_KEY=live_HG7mEjfj9DkZgzlYBaBBVZzFzEASxG"),
            FalsePositives = EquatableArray.Of(
                "MOLLIE_API_KEY=${MOLLIE_API_KEY}",
                "API_KEY=live_o11qmk2FIyZThGF2uy6O24Rs0GuX4a"),
        };

        yield return new SecretRule
        {
            Id = "checkout-secret-key",
            Description = "Checkout.com secret key",
            Severity = Severity.Critical,
            Regex = $@"(?i:checkout|cko)[\w.-]{{0,20}}(?i:secret[_.-]?key|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}(sk_(?:sbox_)?[a-z0-9]{{26}}[a-z0-9]?|sk_[a-f0-9]{{8}}-[a-f0-9]{{4}}-[a-f0-9]{{4}}-[a-f0-9]{{4}}-[a-f0-9]{{12}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("checkout", "cko"),
            Tags = EquatableArray.Of("payments", "checkout"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "ENV CHECKOUT_SECRET_KEY=sk_rsgubq1sc553f07p5wkndkmf1gq",
                "const ckoSecretKey = 'sk_i8segjxqfkcyzxpf5lsbnjcxtd7';"),
            FalsePositives = EquatableArray.Of(
                "CHECKOUT_SECRET_KEY=${CHECKOUT_SECRET_KEY}",
                "const secretKey = 'sk_ckpjwzw1nej7m4dhmkfvpra2426';"),
        };

        yield return new SecretRule
        {
            Id = "chargebee-access-token",
            Description = "Chargebee API key",
            Severity = Severity.High,
            Regex = $@"(?i:chargebee)[\w.-]{{0,20}}(?i:key|token|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}((?:live|test)_[A-Za-z0-9]{{32,34}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("chargebee"),
            Tags = EquatableArray.Of("payments", "chargebee"),
            TruePositives = EquatableArray.Of(
                "CHARGEBEE_API_KEY=live_PGuFvnYTayVv99mXreg3WJ5leZ7RWRIl",
                "chargebee_token = \"test_l3C8Ny2creE1gTN0gAz1QHqVMvBbpKQg6Z\""),
            FalsePositives = EquatableArray.Of(
                "CHARGEBEE_API_KEY=${CHARGEBEE_API_KEY}",
                "CHARGEBEE_SITE=acme-test"),
        };

        yield return new SecretRule
        {
            Id = "bittrex-secret-key",
            Description = "Bittrex API secret",
            Severity = Severity.High,
            Regex = $@"(?i:bittrex)[\w.-]{{0,20}}(?i:secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("bittrex"),
            Tags = EquatableArray.Of("payments", "crypto", "bittrex"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "BITTREX_API_SECRET=9afcfe0273a31660ebdde5007de4c41d",
                "bittrex_secret: \"59087c12d23a86115a53b3399bf420c1\""),
            FalsePositives = EquatableArray.Of(
                "BITTREX_API_SECRET=${BITTREX_API_SECRET}",
                "BITTREX_API_SECRET=5a730ad2e52dd7f5f7c53749"),
        };

        yield return new SecretRule
        {
            Id = "bittrex-access-key",
            Description = "Bittrex API key",
            Severity = Severity.High,
            Regex = $@"(?i:bittrex)[\w.-]{{0,20}}(?i:key|token)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("bittrex"),
            Tags = EquatableArray.Of("payments", "crypto", "bittrex"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "BITTREX_API_KEY=e26eae7def2567678737d98b404698b5",
                "bittrex_key = \"c6350bf01c1744658e172ad4953935b9\""),
            FalsePositives = EquatableArray.Of(
                "BITTREX_API_KEY=${BITTREX_API_KEY}",
                "BITTREX_API_KEY=38af63fb70072637197a"),
        };

        yield return new SecretRule
        {
            Id = "kucoin-secret-key",
            Description = "KuCoin API secret",
            Severity = Severity.High,
            Regex = $@"(?i:kucoin)[\w.-]{{0,20}}(?i:secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("kucoin"),
            Tags = EquatableArray.Of("payments", "crypto", "kucoin"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "KUCOIN_API_SECRET=4649343f-7749-43b8-9e4c-48b9a74df0de",
                "kucoin_secret: \"d7ae04fd-887a-417c-8e20-9d51ae209128\""),
            FalsePositives = EquatableArray.Of(
                "KUCOIN_API_SECRET=${KUCOIN_API_SECRET}",
                "KUCOIN_ORDER_ID=5c7beeaa-236d-4dc5-adfe-462eac762526"),
        };

        yield return new SecretRule
        {
            Id = "kucoin-access-token",
            Description = "KuCoin API key",
            Severity = Severity.Medium,
            Regex = $@"(?i:kucoin)[\w.-]{{0,20}}(?i:key|token)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{24}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("kucoin"),
            Tags = EquatableArray.Of("payments", "crypto", "kucoin"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "KUCOIN_API_KEY=2b053753e6756b3ce37e8dde",
                "kucoin_key = \"56b830e3eb16f483ae1540f8\""),
            FalsePositives = EquatableArray.Of(
                "KUCOIN_API_KEY=${KUCOIN_API_KEY}",
                "KUCOIN_API_KEY=5d75f7d2bb254ab7"),
        };

        yield return new SecretRule
        {
            Id = "finicity-client-secret",
            Description = "Finicity partner secret",
            Severity = Severity.High,
            Regex = $@"(?i:finicity)[\w.-]{{0,20}}(?i:secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{20}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("finicity"),
            Tags = EquatableArray.Of("payments", "finicity", "open-banking"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "FINICITY_PARTNER_SECRET=pKwZJBV8PZtDreO1IQ8P",
                "finicity_secret: \"R9CxW5wrph5gJheUGGuz\""),
            FalsePositives = EquatableArray.Of(
                "FINICITY_PARTNER_SECRET=${FINICITY_PARTNER_SECRET}",
                "FINICITY_PARTNER_ID=4660336336018"),
        };

        yield return new SecretRule
        {
            Id = "finicity-api-token",
            Description = "Finicity app key",
            Severity = Severity.High,
            Regex = $@"(?i:finicity)[\w.-]{{0,20}}(?i:key|token)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("finicity"),
            Tags = EquatableArray.Of("payments", "finicity", "open-banking"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "FINICITY_APP_KEY=1f756c8193b39b0ecf386b417a42650c",
                "finicity_api_token = \"541f6fd6a2c154a0d8224d6c57d341ad\""),
            FalsePositives = EquatableArray.Of(
                "FINICITY_APP_KEY=${FINICITY_APP_KEY}",
                "FINICITY_APP_KEY=fff7eed30c5bf5a8b6f9e458"),
        };

        yield return new SecretRule
        {
            Id = "finnhub-access-token",
            Description = "Finnhub API key",
            Severity = Severity.High,
            Regex = $@"(?i:finnhub)[\w.-]{{0,20}}(?i:key|token|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-z0-9]{{20}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("finnhub"),
            Tags = EquatableArray.Of("payments", "finnhub", "market-data"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "FINNHUB_API_KEY=wwkfrfc5t8wfxd0rs5x6",
                "finnhub_token: \"pb25or1jyg3ma9it6afs\""),
            FalsePositives = EquatableArray.Of(
                "FINNHUB_API_KEY=${FINNHUB_API_KEY}",
                "FINNHUB_API_KEY=m4fbccjsw80w"),
        };

        yield return new SecretRule
        {
            Id = "freshbooks-access-token",
            Description = "FreshBooks access token",
            Severity = Severity.High,
            Regex = $@"(?i:freshbooks)[\w.-]{{0,20}}(?i:key|token|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{64}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("freshbooks"),
            Tags = EquatableArray.Of("payments", "freshbooks", "accounting"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "FRESHBOOKS_ACCESS_TOKEN=65a66db7793923352f6623ef31e104efbf19dfedd33142f6f5b5c6a2c32593dc",
                "freshbooks_client_secret: \"e02e26853491ff696fa1638a5dcabf8aa06732427da6923c4e5574ea6ab7f8bc\""),
            FalsePositives = EquatableArray.Of(
                "FRESHBOOKS_ACCESS_TOKEN=${FRESHBOOKS_ACCESS_TOKEN}",
                "FRESHBOOKS_ACCOUNT_ID=589Ujk"),
        };

        yield return new SecretRule
        {
            Id = "flutterwave-encryption-key",
            Description = "Flutterwave encryption key",
            Severity = Severity.High,
            Regex = @"\b(FLWSECK(?:_TEST)?-?[a-fA-F0-9]{12})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("flwseck"),
            Tags = EquatableArray.Of("payments", "flutterwave"),
            TruePositives = EquatableArray.Of(
                "FLW_ENCRYPTION_KEY=FLWSECK_TEST9f71c36ade1a",
                "  encryption_key: \"FLWSECK896f700eb8ff\""),
            FalsePositives = EquatableArray.Of(
                "FLW_ENCRYPTION_KEY=FLWSECK_TESTfa26d6d0",
                "FLW_ENCRYPTION_KEY=FLWSECK_TESTxxxxxxxxxxxx"),
        };
    }
}
