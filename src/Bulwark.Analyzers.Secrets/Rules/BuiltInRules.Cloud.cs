using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Rules;

public static partial class BuiltInRules
{
    // Cloud providers: AWS, Google Cloud, Azure, Alibaba, DigitalOcean and the smaller IaaS/PaaS clouds.
    // Keys here usually reach whole accounts, so most are Critical or High.
    private static IEnumerable<SecretRule> Cloud()
    {
        // Key IDs alone are not usable, but they locate the secret key and identify the account; the
        // base32 body after the 4-char type prefix is what AWS issues. AWS docs use ...EXAMPLE ids.
        yield return new SecretRule
        {
            Id = "aws-access-key-id",
            Description = "AWS access key ID",
            Severity = Severity.High,
            Regex = @"\b((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("akia", "asia", "abia", "acca", "a3t"),
            Tags = EquatableArray.Of("cloud", "aws"),
            Allowlists = EquatableArray.Of(new SecretAllowlist
                {
                    Description = "AWS documentation example keys",
                    StopWords = EquatableArray.Of("example"),
                }),
            TruePositives = EquatableArray.Of(
                "aws_access_key_id = AKIAH9P554SXJ5EDR71C",
                "aws_access_key_id = AKIAZ7Q4MNR2XK5WPL3D",
                "export AWS_ACCESS_KEY_ID=ASIAQ2WERT7YUIOPL5KJ",
                "\"AccessKeyId\": \"AKIADWVVPAWOFZG6ZHBI\","),
            FalsePositives = EquatableArray.Of(
                "aws_access_key_id = AKIAIOSFODNN7EXAMPLE1x",
                "key = AKIA1234",
                "AWS_ACCESS_KEY_ID=akiaSTZE4MDAJ2YZYDGO"),
        };

        // The 40-char secret has no prefix of its own, so an "aws...secret/key" assignment must name it.
        yield return new SecretRule
        {
            Id = "aws-secret-access-key",
            Description = "AWS secret access key",
            Severity = Severity.Critical,
            Regex = $@"(?i:aws)[\w.-]{{0,20}}(?i:secret|key)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9/+]{{40}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 4.0,
            Keywords = EquatableArray.Of("aws"),
            Tags = EquatableArray.Of("cloud", "aws"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "aws_secret_access_key = qNQBCNYbsL3Tzb0SuQ/SwPemqSsgugoiFc3cvnYm",
                "export AWS_SECRET_ACCESS_KEY=\"zQzqKIUa+fHiLuyUiK4CFpPCdEEF9oodczRFLN3q\"",
                "\"awsSecretKey\": \"LAtqJYmrxRTSZ1bLyjTCXhpCTMB8TyqlmG4oHa+r\","),
            FalsePositives = EquatableArray.Of(
                "aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}",
                "secret_access_key = WbaLK7LrfHin3DOY75fU93mNxjG5XInmar2yoUcj",
                "aws_secret_access_key = hq/CNjBeM9aHH1uIRBF3tN4VDKHQgYm3FmCFacw",
                "AWS_SECRET_ACCESS_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // STS tokens start with a fixed base64 prefix (a serialized "origin"/"aws" header); short-lived but
        // still grant the role until they expire.
        yield return new SecretRule
        {
            Id = "aws-session-token",
            Description = "AWS temporary session token",
            Severity = Severity.High,
            Regex = @"(?:^|[^A-Za-z0-9+/])((?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE|FQoGZXIvYXdzE)[A-Za-z0-9+/]{100,}={0,2})(?:[^A-Za-z0-9+/=]|$)",
            SecretGroup = 1,
            Entropy = 4.0,
            Keywords = EquatableArray.Of("iqojb3jpz2lux2vj", "fwogzxivyxdze", "fqogzxivyxdze"),
            Tags = EquatableArray.Of("cloud", "aws"),
            Allowlists = EquatableArray.Of(new SecretAllowlist
                {
                    Description = "AWS documentation example tokens",
                    StopWords = EquatableArray.Of("example"),
                }),
            TruePositives = EquatableArray.Of(
                "aws_session_token = IQoJb3JpZ2luX2VjLNX/FAfA0CeirIHnb4ThtyyvEigvInEV7iHNkL1xIf/IyJuVBGGZgjTmT3XGzzmKJh8kHrwgJe1IPcC6l9YZKODrbU3RkMRRohAqJVL3dUEbSd9hdje9GPID9Ak93wUfhbdNcFw7zo+/BaNm25SFVhC++Avk1t3MxTdXWnX2OJgLM0J3968Ciw1JXQTNxRo9suwJbYzE2v+BkBwi6rwVp5QVc33XPu94OE6Ohhu6UAj4Iu0hXASQ26FCS9VWAI99PlbtWssWqE3sMJB/qs7L5PRwcrK56iN+wIoDOWPSrgN2RtFXSDrOS15XD5A8AXFgCQgWRxuwqNJapu4HeurCQKhoXrmNva2F52pmlL1M",
                "export AWS_SESSION_TOKEN=\"FwoGZXIvYXdzEkQnSYREYO2pdN0rI8gXVZeJOsPH5JvS/wcE1RUUzXaF0xNdwxhpx8nf5lwf35febD0/n985tD8KykOlwVwzpdLkCzd6Y6/q5nHc3ebuTDr/IcOf/d1yGQ3EQNef/v5n6BCxNdunx1ZHwNanBewgMvpa/wC8Sj+DhIJERJSvCXN6tBSkK4dzTsZYsMBcES/A5FCOowuean1NEZeM8ZboR7D+M+t3mvaukUDk6vL4Ldzr7a02IRE3Q9+65t+Enmb1wsuDFaZJmoZOTtDQ6PoolDlOP\""),
            FalsePositives = EquatableArray.Of(
                "aws_session_token = IQoJb3JpZ2luX2VjZnExaZ+J6c/INOGAAoW8NiuoAwd2ZbjdJnrhmRC3",
                "AWS_SESSION_TOKEN=${AWS_SESSION_TOKEN}"),
        };

        yield return new SecretRule
        {
            Id = "aws-mws-auth-token",
            Description = "Amazon Marketplace Web Service auth token",
            Severity = Severity.High,
            Regex = @"\b(amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b",
            SecretGroup = 1,
            Keywords = EquatableArray.Of("amzn.mws."),
            Tags = EquatableArray.Of("cloud", "aws"),
            TruePositives = EquatableArray.Of(
                "MWS_AUTH_TOKEN=amzn.mws.abb5714c-be25-41e5-bf75-d9af6bbf4086",
                "mws_auth_token: \"amzn.mws.d5f42ce9-8b9f-4630-b3c0-762523cdcb81\""),
            FalsePositives = EquatableArray.Of(
                "MWS_AUTH_TOKEN=amzn.mws.ee5a1edc-5a1f",
                "token = \"amzn.mws.<token>\""),
        };

        // Long-term Bedrock keys are "ABSK" + base64("BedrockAPIKey-<id>-at-<account>:<secret>"), so the encoded vendor
        // label is a fixed prefix, and the next char (the '-' and the id's first char) can only be '0' or '1'. Decoded they
        // run ~80 bytes, ~110+ chars after ABSK (gitleaks: 109-269). Verified against published (revoked) leaks.
        yield return new SecretRule
        {
            Id = "aws-bedrock-api-key",
            Description = "Amazon Bedrock long-term API key",
            Severity = Severity.High,
            Regex = @"\b(ABSKQmVkcm9ja0FQSUtleS[01][A-Za-z0-9+/]{86,300}={0,2})(?:[^A-Za-z0-9+/=]|$)",
            SecretGroup = 1,
            Entropy = 4.0,
            Keywords = EquatableArray.Of("absk"),
            Tags = EquatableArray.Of("cloud", "aws", "ai"),
            TruePositives = EquatableArray.Of(
                "AWS_BEARER_TOKEN_BEDROCK=ABSKQmVkcm9ja0FQSUtleS1iMHpqLWF0LTEyMTMzMjkwNTk5NzpoaDNqN1MwVVRPdG1uWVdKYU4vZW5nUjZpOTgrOE9RTHJRZUFpbm04NE9VYm9maSsvcTVHV2c9PQ==",
                "\"bedrock_api_key\": \"ABSKQmVkcm9ja0FQSUtleS1scjdpLWF0LTE0OTQ3MDA0OTE2MTpVaTQrV1l1VEFpcjM5VFVUZUhEdmN1bVB5cG9nWlRWOTZtSk90MjY3clFLRllGN2k5bGlvb0E9PQ==\"",
                "os.environ[\"AWS_BEARER_TOKEN_BEDROCK\"] = \"ABSKQmVkcm9ja0FQSUtleS13OWIzLWF0LTEzODA3MTcxMDk1NjpjSyt5aE5sMzZEbEJtdTczK3FEZTZDZVNLbFg0MFlJZXRqZEZ1LzkzNFkzWC9Ud3loUStmekE9PQ==\""),
            FalsePositives = EquatableArray.Of(
                "AWS_BEARER_TOKEN_BEDROCK=ABSKQmVkcm9ja0FQSUtleS0...",
                "AWS_BEARER_TOKEN_BEDROCK=ABSKQmVkcm9ja0FQSUtleSJK2EMHAW96cb",
                // 'Y' cannot follow the encoded "BedrockAPIKey": not a real key however long.
                "AWS_BEARER_TOKEN_BEDROCK=ABSKQmVkcm9ja0FQSUtleSYREoQWYXEuOKaogx/ULMawfhaWRkaL/QZsL0YviSKfdD9KBU1rX5I4Xpq0uOE7oTBV95eKpvWcvbtxpeuqCu+swls9Lmy0DnTOG8eIB0GuTPi9ZK",
                "key = \"ABSK-2vJYya3DI7pI8TzROzluCU9pqyNYCtimtgzp6GQn\""),
        };

        // Short-term Bedrock keys (up to 12 h) are "bedrock-api-key-" + base64 of a SigV4 presigned URL, which always
        // starts "bedrock.amazonaws.com/?Action=CallWithBearerToken" and embeds an STS session token.
        yield return new SecretRule
        {
            Id = "aws-bedrock-short-term-api-key",
            Description = "Amazon Bedrock short-term API key (presigned bearer token)",
            Severity = Severity.High,
            Regex = @"\b(bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/]{100,}={0,2})(?:[^A-Za-z0-9+/=]|$)",
            SecretGroup = 1,
            Entropy = 4.0,
            Keywords = EquatableArray.Of("bedrock-api-key-"),
            Tags = EquatableArray.Of("cloud", "aws", "ai"),
            TruePositives = EquatableArray.Of(
                "export AWS_BEARER_TOKEN_BEDROCK=\"bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9BY3Rpb249Q2FsbFdpdGhCZWFyZXJUb2tlbiZYLUFtei1BbGdvcml0aG09QVdTNC1ITUFDLVNIQTI1NiZYLUFtei1DcmVkZW50aWFsPUFTSUEyUlRYNk00R0RaQUZDN05XJTJGMjAyNjExMTklMkZ1cy1lYXN0LTElMkZiZWRyb2NrJTJGYXdzNF9yZXF1ZXN0JlgtQW16LURhdGU9MjAyNjExMTlUMTAxNTAyWiZYLUFtei1FeHBpcmVzPTQzMjAwJlgtQW16LVNlY3VyaXR5LVRva2VuPUlRb0piM0pwWjJsdVgyVmpva1o4QldlcDlja3dBcTVIdVNHZnJFb0dBZFNnak53dzZyck8yaGN4bEh3N0FrdldiZzdXQXBWWm5SNkRxZkVUVmQ1ajFON2VXUEZsUlgwYzBLQWRKMUw0NnpoM1A5WmI5QzJJVHZyaHFMa3NBdjRGVXpXY1BEeE4mWC1BbXotU2lnbmF0dXJlPTAzMzAwMTgzODczZGU1NzNlY2FkMDZiMDk3NGFmYTc0MTkzMzA0ODg1ZWU5MTRmMTQ5ZjgzYjVhZTA4ZTlkZjAmWC1BbXotU2lnbmVkSGVhZGVycz1ob3N0JlZlcnNpb249MQ==\"",
                "client = AnthropicBedrock(api_key=\"bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9BY3Rpb249Q2FsbFdpdGhCZWFyZXJUb2tlbiZYLUFtei1BbGdvcml0aG09QVdTNC1ITUFDLVNIQTI1NiZYLUFtei1DcmVkZW50aWFsPUFTSUFYRzZESEJLRVdWQ0dES0VMJTJGMjAyNjExMTklMkZ1cy1lYXN0LTElMkZiZWRyb2NrJTJGYXdzNF9yZXF1ZXN0JlgtQW16LURhdGU9MjAyNjExMTlUMTAxNTAyWiZYLUFtei1FeHBpcmVzPTQzMjAwJlgtQW16LVNlY3VyaXR5LVRva2VuPUlRb0piM0pwWjJsdVgyVmpFdWZvdjU3UThudXdBWUNZNlUxNU1nNnNjYzd1c1E5a0lVS1lTcXRWN2RGelNNdTZTV29VbnZOUHNKWktESWVyTXdEejFLVkJ6OFExd1NOck8xZTBiTmhMWW9PUDJIZXo4Z2NHNlZPMFQ2YUVhNjBqYlhqSWFudHQmWC1BbXotU2lnbmF0dXJlPWYwYzYwZDlkZjg5YWY3MDdiMWRlNzRmMWY3MTQ0YTYyNjJhOTk3NzAyNjUyZjJiMjNhMDE1ZGEyMjE5MDI3YzMmWC1BbXotU2lnbmVkSGVhZGVycz1ob3N0JlZlcnNpb249MQ==\")"),
            FalsePositives = EquatableArray.Of(
                "export AWS_BEARER_TOKEN_BEDROCK=\"bedrock-api-key-...\"",
                "BEDROCK_SHORT_KEY = \"bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t\"",
                "token = \"bedrock-api-key-QWN0aW9uPUNhbGxXaXRoQmVhcmVyVG9rZW4mWC1BbXotQWxnb3JpdGhtPUFXUzQtSE1BQy1TSEEyNTYmWC1BbXotQ3JlZGVudGlhbD1BU0lB\""),
        };

        // A key file is the JSON Google hands out: the service_account type and an embedded PKCS#8 key.
        // [^}] keeps the window inside one JSON object.
        yield return new SecretRule
        {
            Id = "gcp-service-account-key",
            Description = "Google Cloud service account key file",
            Severity = Severity.Critical,
            Regex = @"\\{0,3}""type\\{0,3}""\s{0,5}:\s{0,5}\\{0,3}""service_account\\{0,3}""[^}]{0,}\\{0,3}""private_key\\{0,3}""\s{0,5}:\s{0,5}\\{0,3}""(-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----[A-Za-z0-9+/=\\\s]{64,}-----END [A-Z ]{0,20}PRIVATE KEY-----(?:\\{1,4}n)?)\\{0,3}""",
            SecretGroup = 1,
            MultilineSpan = 8192,
            Keywords = EquatableArray.Of("service_account"),
            Tags = EquatableArray.Of("cloud", "gcp", "private-key"),
            TruePositives = EquatableArray.Of(
                """{"type": "service_account", "project_id": "billing-prod-3117", "private_key_id": "a62cadf44428dd3abf6d4ab7248f9de9f83153e1", "private_key": "-----BEGIN PRIVATE KEY-----\nMIICdwIBADANBgkqhkiG9w0BAQEFAASCAmEwggJdAgEAAoGBAL7dluTokk0QzB9C\nsZNYiEWlovOJAWVbSBsYD3A+FFHe/ElDRn5bLPBWGlONVGCycctx/0FCctSokKBy\nBjdribVcJv9ilrQfDK+s7dPkaS80PVCGwOCrqk9RvljMkOB7WtZV/qU783AockF8\n3lDviV+srhtg27lXfFfUA86gfYtHAgMBAAECgYEAn8PIbTAoVo367yfakKYI25O8\nhPJn0rnH77YCJkgwph9rOsAvn9EeGsdYHhwtRwvXqR5xNeUzTcMT3NnVTkqb51p5\ndn9l3RsATna5cMgXcHxyn9tByrmZHVEIxVOKXzIDG7qcCP5yjyXelzJKPXN2IL9e\nYMIEuGQdQhmqSXn8dtECQQDuEJJPRIyXmQq0Ry8KtS2jDSTDJVGa5xI6kG2kF1hk\nGHUqJmHuGtvAjYiioF8wdmTwAqQ7LzgqTtkj1bs/3P9rAkEAzT62gUYE18toKSft\n+AHJRRbp9zZlgfTP8C9V5nsuHfyy/yPRIQLvg7BboObIa6DJc2YlsdBoTxidk6WJ\nAJkmlQJAT1LMPYdcxUKkU2+ImCvIehTuE+wCZffqlgL71XpF5IxVtea2KM1gPaer\nSGzhatd4SJTIvkO8ljRRm+QikWQE4wJAUvm6kNK83H0IVDMnWq9mLj9QQThFm19c\nvW51nONJxqfFua5COsVUDXo74PXMKu7q4nN2Y8esk+WQtwMiOxKvbQJBALjLw1g8\nmKwXqmKR4bLEkLGvS88E5NkunT1Zh7aOvIm2HLrI15Pjo5b1D6+aTNRqLBCWroKA\nsMWxxBHgfxcEEVE=\n-----END PRIVATE KEY-----\n", "client_email": "ci-deployer@billing-prod-3117.iam.gserviceaccount.com"}""",
                """
                {
                  "type": "service_account",
                  "project_id": "ml-pipeline",
                  "private_key_id": "175396c956ff452fdf1413916357bc0de3724ea5",
                  "private_key": "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIOydXb2QrIiCxMJ4RcLxRVnUO9Ou+5Fm/1K5+MpZJ59b\n-----END PRIVATE KEY-----\n",
                  "client_email": "trainer@ml-pipeline.iam.gserviceaccount.com"
                }
                """),
            FalsePositives = EquatableArray.Of(
                """{"type": "service_account", "project_id": "demo", "private_key": "-----BEGIN PRIVATE KEY-----\nREPLACE_ME\n-----END PRIVATE KEY-----\n"}""",
                """{"type": "external_account", "audience": "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/gh", "private_key": ""}"""),
        };

        yield return new SecretRule
        {
            Id = "gcp-api-key",
            Description = "Google Cloud / Firebase API key",
            Severity = Severity.High,
            Regex = @"\b(AIza[A-Za-z0-9_-]{35})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("aiza"),
            Tags = EquatableArray.Of("cloud", "gcp"),
            TruePositives = EquatableArray.Of(
                "GOOGLE_API_KEY=AIza6Wom61haZoU8Db6WE-WSUOWgwAieSc0d5_8",
                """const firebaseConfig = { apiKey: "AIzawwhLl7SLG2FtsAUMkbwhV_xQlGZMYLGFU0G", authDomain: "shop-7f3a.firebaseapp.com" };"""),
            FalsePositives = EquatableArray.Of(
                "GOOGLE_API_KEY=AIzaYVu0fk59GpFF7p11d_7gHhgyU05Ziu",
                "apiKey: \"AIzaxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"",
                "key = AIzaSQtIzdzcy49BIaHyY69rHIhT5IyX8HHSAExICLZ"),
        };

        yield return new SecretRule
        {
            Id = "gcp-oauth-client-secret",
            Description = "Google OAuth client secret",
            Severity = Severity.High,
            Regex = @"\b(GOCSPX-[A-Za-z0-9_-]{28})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("gocspx-"),
            Tags = EquatableArray.Of("cloud", "gcp", "oauth"),
            TruePositives = EquatableArray.Of(
                "GOOGLE_CLIENT_SECRET=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",
                """{"web":{"client_id":"955831143370-s7lr7d56adtey17spkxhgrfzifs1vypy.apps.googleusercontent.com","client_secret":"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"}}"""),
            FalsePositives = EquatableArray.Of(
                "GOOGLE_CLIENT_SECRET=GOCSPX-FxK-7mkmfAkge5x2B3mk",
                "client_secret: GOCSPX-xxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // Access tokens live for an hour, hence Medium.
        yield return new SecretRule
        {
            Id = "google-oauth-access-token",
            Description = "Google OAuth 2.0 access token",
            Severity = Severity.Medium,
            Regex = @"\b(ya29\.[A-Za-z0-9_-]{50,})(?:[^A-Za-z0-9_.-]|$)",
            SecretGroup = 1,
            Entropy = 4.0,
            Keywords = EquatableArray.Of("ya29."),
            Tags = EquatableArray.Of("cloud", "gcp", "oauth"),
            TruePositives = EquatableArray.Of(
                """curl -H "Authorization: Bearer ya29.1VMXFkt4213GGj3ODLQvDWmn8wSCnv95umdYnLcFfdh_Z7lTFgifvMZWtvB4u_zyUujrqke6RzEwDLUDX0krmi9j5c61mVj1pTNYYvTNgTx_z4prLkAVD76YHTPTs_hg6B2elsE0HwnRFbUJLribJSOLISArAyIx" https://www.googleapis.com/drive/v3/files""",
                "access_token = \"ya29.a014iJfrttLlJ_l5j_hkowePSEVc4r-XozoGQXdxB0Q8ye_5zTPx03qeMwuvChnnNkYZT_RTddiSicPrdPe6uK6ju8kNHigHDW4sWQQrKqoEroW6qJjAd0kuh5\""),
            FalsePositives = EquatableArray.Of(
                "token = \"ya29.P57w2PP50q1Q-V-UdbOn\"",
                "access_token: ya29.${TOKEN}"),
        };

        yield return new SecretRule
        {
            Id = "google-oauth-refresh-token",
            Description = "Google OAuth 2.0 refresh token",
            Severity = Severity.High,
            Regex = @"(?:^|[^A-Za-z0-9_/-])(1//0[A-Za-z0-9_-]{40,200})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 4.0,
            Keywords = EquatableArray.Of("1//0"),
            Tags = EquatableArray.Of("cloud", "gcp", "oauth"),
            TruePositives = EquatableArray.Of(
                "\"refresh_token\": \"1//05Tt6tDHHSs-nNygeDrPpIJUl_QxTNBDRpL3rTKU8vaxDkS5ldTmJDagSqGRXBFnpsKy8_i7Ewo8oi5u0-aNjFanNUIBFPknZaly\",",
                "GOOGLE_REFRESH_TOKEN=1//0gB9POsuHPnPDIQnWF6j3Dx9Hr3hNyAbv7Z4WhdxgAOCmWgyLnT_1_wF9k_j4CDtZs3_HLYDDUW4z_wY_stsu6k-GL04"),
            FalsePositives = EquatableArray.Of(
                "\"refresh_token\": \"1//0VaLbhHpRuJYzjkZgnrGS\",",
                "see https://1//0y2Yp4_XNN9TFsjHqFEIGZBY2409gNQMjgQWdJ330ldyKp-cRe6PlircqmLgm"),
        };

        yield return new SecretRule
        {
            Id = "firebase-cloud-messaging-server-key",
            Description = "Firebase Cloud Messaging legacy server key",
            Severity = Severity.Medium,
            Regex = @"\b(AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 4.0,
            Keywords = EquatableArray.Of("apa91b"),
            Tags = EquatableArray.Of("cloud", "gcp", "firebase"),
            TruePositives = EquatableArray.Of(
                "FCM_SERVER_KEY=AAAAGum3ryL:APA91bVHMj4u87NUjAqslbyP8vqRKmYdBUiN2cGvZOmLIt3SsVGgzun5Jwz23hBAfGfOiH6z3gFZKYJb9I9dI9HKqLQHmlKWHBX3l6MNXd90HQ4gmUnaIrGRlavMFpZ1EZ-_yldbTV2I",
                """headers = {"Authorization": "key=AAAA1YTwn9u:APA91bKKk4nwy2-2aKL5W7qHJGOCEjNdDEP9HEKSS4ftc5QF2qfXCdKbedQA2uaZdR2zd26q16BoqO1IFO6VNnaUee5DAYqCfoUGGSkLZcqpC2Y2S4RW0gQ_5Yac69nqgMvoboVQTWID"}"""),
            FalsePositives = EquatableArray.Of(
                "FCM_SERVER_KEY=AAAAfHCO_Gn:APA91bP1XFiwPukSNhV-u0oSx233F2o6i4BAZ_178cO4fKY-Nr_l3woinOwsim5NBZ",
                "registration_id = \"SfQktimgSng:APA91bXC-HMJ1-MhrjJsvbWYT2X5NDhSoK8J69_n6noSQmresvCZ0Sy8DbQcl0HnDJdSXpRDrIghgBnsxsuGBAxuyT_Kd1EcdwTJBu35UkSNebOYjBbj_YVo_YIcdnCB2cSdkxtStocT\""),
        };

        // The 64-byte account key is full control of the storage account. Azurite's well-known key is allowed.
        yield return new SecretRule
        {
            Id = "azure-storage-connection-string",
            Description = "Azure Storage connection string with account key",
            Severity = Severity.Critical,
            Regex = @"(?i:DefaultEndpointsProtocol)=https?;(?:[A-Za-z]{1,30}=[^;\s""\'<>]{0,100};){0,4}(?i:AccountKey)=([A-Za-z0-9+/]{86}==)",
            SecretGroup = 1,
            Entropy = 4.0,
            Keywords = EquatableArray.Of("defaultendpointsprotocol"),
            Tags = EquatableArray.Of("cloud", "azure"),
            Allowlists = EquatableArray.Of(new SecretAllowlist
                {
                    Description = "The Azurite/Storage Emulator account key is published by Microsoft",
                    Regexes = EquatableArray.Of(@"^Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==$"),
                }),
            TruePositives = EquatableArray.Of(
                "AZURE_STORAGE_CONNECTION_STRING=\"DefaultEndpointsProtocol=https;AccountName=contosoinvoices;AccountKey=gJBS2LlF4+6tVjVqXjgjhzKKBeZINoGPa9NNzPAGwKw+twPibDP4L1XJonj5u0HFIswktChh2ZCqzKp0/0dml1==;EndpointSuffix=core.windows.net\"",
                "\"StorageConnection\": \"DefaultEndpointsProtocol=https;AccountName=telemetryarchive;AccountKey=T0+xb9s9anyBTTbUxdiP3DX6cO8OvdvBsG008Sn91GBHmjoI41HHudcv5yOL0jmPyhrww9MXA4IPfhI/098aHy==\","),
            FalsePositives = EquatableArray.Of(
                "\"StorageConnection\": \"DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=<account-key>\"",
                "AzureWebJobsStorage=UseDevelopmentStorage=true",
                "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=osOeJvD/3UuIeXHBVxgH3X3xs+LoXN7vGLCYLfQ3=="),
        };

        yield return new SecretRule
        {
            Id = "azure-storage-account-key",
            Description = "Azure Storage account key assignment",
            Severity = Severity.Critical,
            Regex = $@"(?i:azure|storage)[\w.-]{{0,20}}(?i:key)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9+/]{{86}}==){ValueEnd}",
            SecretGroup = 1,
            Entropy = 4.0,
            Keywords = EquatableArray.Of("azure", "storage"),
            Tags = EquatableArray.Of("cloud", "azure"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "AZURE_STORAGE_KEY=H562LBEJrrZ+vTeQX8ztYkgy4q1TDSWPDLLCPAJBp7lmqYe1/lQbE9mhEanynPWFrMUgcyYlHU7qYXgQwqrBlB==",
                "  storage_account_access_key = \"JdwwzqgutGOZ4+LSdAB6sGOdR17S/2F9kDfKuLyHmY7ODSMxjN+YPe4MmL2HKULvsi70ngzYKNo5DmL6It+Je6==\"",
                "\"azureStorageKey\": \"8IqUU+Knn1fwRwG7pjtgLnsR8wdEA7jW4EvBA/QAExzWEwXvb8FwEohl7fB3PLOEj6dmzEFx/iASGTYX+vupe1==\","),
            FalsePositives = EquatableArray.Of(
                "AZURE_STORAGE_KEY=${AZURE_STORAGE_KEY}",
                "AZURE_STORAGE_KEY=CMa+CceZ42xhYe/vovJXszsD9KJc6WIKxw8KUWBvSWJNhVjXS+oQMKwmmXsJ==",
                "primary_key = \"5brDw5h46lk5292J/4XvNtxLgTkZxz24Ma/hHZn0QTpQesDhDDLbn/STKToen+oBBbc8533pRSxzMMKR+cBbJk==\""),
        };

        // A SAS is recognised by its signed version (sv=) and HMAC signature (sig=), in either URL or bare form.
        yield return new SecretRule
        {
            Id = "azure-sas-token",
            Description = "Azure shared access signature (SAS) token",
            Severity = Severity.High,
            Regex = @"(?:^|[?&;""\'\s=])(?i:sv)=\d{4}-\d{2}-\d{2}[^\s""\'<>]{0,300}[?&;](?i:sig)=([A-Za-z0-9%+/]{40,100}(?:=|%3D){0,2})(?:[^A-Za-z0-9%+/=]|$)",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("sig="),
            Tags = EquatableArray.Of("cloud", "azure"),
            TruePositives = EquatableArray.Of(
                "https://backups.blob.core.windows.net/db?sv=2022-11-02&ss=b&srt=sco&sp=rwdlac&se=2025-09-30T17:00:00Z&st=2024-09-30T09:00:00Z&spr=https&sig=ceFwT6ZvS3XlvA7rtuiQYQa1kR3TwBHKLtfUSvc0%2Bl8DmvO%3D",
                "AZURE_SAS_TOKEN=\"sv=2021-08-06&sr=c&sp=rl&se=2026-01-01&sig=jBzzzcry202JctpgUWNrkTJ2NFz95RG4h2hQ1rR08bm=\""),
            FalsePositives = EquatableArray.Of(
                "https://backups.blob.core.windows.net/db?sv=2022-11-02&sp=r&sig=<signature>",
                "https://example.com/download?v=2022-11-02&sig=20N6+w+8qGMfO0xINXE8C0XK8Ka/QL4y5EHijBqAkTB=",
                "AZURE_SAS_TOKEN=\"sv=2021-08-06&sr=c&sig=abc\""),
        };

        // Entra secrets carry "Q~" after a 3-char id and a version digit; that marker is the prefilter.
        yield return new SecretRule
        {
            Id = "azure-ad-client-secret",
            Description = "Microsoft Entra ID (Azure AD) client secret",
            Severity = Severity.High,
            Regex = @"(?:^|[^A-Za-z0-9_~.-])([A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?:[^A-Za-z0-9_~.-]|$)",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("q~"),
            Tags = EquatableArray.Of("cloud", "azure", "oauth"),
            TruePositives = EquatableArray.Of(
                "AZURE_CLIENT_SECRET=e2m7Q~xPIyBQL_t306ubdILIe9safOVyC2CiNTlU",
                "\"ClientSecret\": \"fLb3Q~LNm_3p7t9fllt~q5xAEl6c6IJMR3y~0uhL\","),
            FalsePositives = EquatableArray.Of(
                "AZURE_CLIENT_SECRET=VF39Q~fXCpTHRof5_g8Sv6pvKa",
                "AZURE_CLIENT_SECRET=TDmQ~7BEBf_Ude1B1rc8ToA9TqzcV3YH7JTDFcvl"),
        };

        yield return new SecretRule
        {
            Id = "azure-service-bus-connection-string",
            Description = "Azure Service Bus / Event Hubs connection string",
            Severity = Severity.High,
            Regex = @"(?i:Endpoint)=sb://[A-Za-z0-9.-]{1,100}/?;(?i:SharedAccessKeyName)=[^;\s""\']{1,64};(?i:SharedAccessKey)=([A-Za-z0-9+/]{43}=)",
            SecretGroup = 1,
            Entropy = 4.0,
            Keywords = EquatableArray.Of("sharedaccesskey"),
            Tags = EquatableArray.Of("cloud", "azure"),
            TruePositives = EquatableArray.Of(
                "SERVICEBUS_CONNECTION=\"Endpoint=sb://orders-prod.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=rON8glR0RYMd8B9esi9WCs1TACC8g13LNZd2iR4mW5f=\"",
                "\"EventHub\": \"Endpoint=sb://telemetry.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=jpPkwwdFzimXc9rHfgZXiHCSkBLMIpwix6mf/pAsDLD=;EntityPath=events\""),
            FalsePositives = EquatableArray.Of(
                "SERVICEBUS_CONNECTION=\"Endpoint=sb://orders.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=<key>\"",
                "Endpoint=sb://orders.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=KWjoLSEqj4D3yUWS2SaG="),
        };

        yield return new SecretRule
        {
            Id = "azure-cosmosdb-connection-string",
            Description = "Azure Cosmos DB connection string with account key",
            Severity = Severity.Critical,
            Regex = @"(?i:AccountEndpoint)=https://[A-Za-z0-9.-]{1,100}(?::\d{1,5})?/?;(?i:AccountKey)=([A-Za-z0-9+/]{86}==)",
            SecretGroup = 1,
            Entropy = 4.0,
            Keywords = EquatableArray.Of("accountendpoint"),
            Tags = EquatableArray.Of("cloud", "azure"),
            Allowlists = EquatableArray.Of(new SecretAllowlist
                {
                    Description = "The Cosmos DB emulator key is published by Microsoft",
                    Regexes = EquatableArray.Of(@"^C2y6yDjf5/R\+ob0N8A7Cgv30VRDJIWEHLM\+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==$"),
                }),
            TruePositives = EquatableArray.Of(
                "COSMOS_CONNECTION=\"AccountEndpoint=https://catalog-db.documents.azure.com:443/;AccountKey=UK5p/WgQ/sDZ1qhewuT4RZMtHLj8Amew8ZpHRgXpOxdeyz1b2+e5xYueyu70BnjZKG6sLC39YpFHU+bsvugzYq==;\"",
                "\"CosmosDb\": \"AccountEndpoint=https://sessions.documents.azure.com:443/;AccountKey=PDniBopg8NbkZkqk6p78h5hW63/yRoW/jCVNsjMCE78vVRsM8FWQLaXMT61FEbuvASowpfFeOu+D05T8LhCxQ9==\""),
            FalsePositives = EquatableArray.Of(
                "COSMOS_CONNECTION=\"AccountEndpoint=https://localhost:8081/;AccountKey=${COSMOS_KEY}\"",
                "AccountEndpoint=https://catalog-db.documents.azure.com:443/;AccountKey=2CdZd9Bd21HB+rP8IeqbVN5lK0qLqztwXeKUYPA6UHXClAOJky=="),
        };

        yield return new SecretRule
        {
            Id = "azure-app-configuration-connection-string",
            Description = "Azure App Configuration connection string",
            Severity = Severity.High,
            Regex = @"(?i:Endpoint)=https://[A-Za-z0-9.-]{1,80}\.azconfig\.io;(?i:Id)=[^;\s""\']{1,64};(?i:Secret)=([A-Za-z0-9+/]{40,60}={0,2})",
            SecretGroup = 1,
            Entropy = 4.0,
            Keywords = EquatableArray.Of("azconfig.io"),
            Tags = EquatableArray.Of("cloud", "azure"),
            TruePositives = EquatableArray.Of(
                "APPCONFIG_CONNECTION=\"Endpoint=https://feature-flags.azconfig.io;Id=iUH0-l0-s0:kAO8JzdmEPxJzK7cv3uV;Secret=UOziqzAUI3rDZ+wPwA8DrqfGTSAg8lDcQeoTUg3+uvV=\"",
                "\"AppConfig\": \"Endpoint=https://settings-prod.azconfig.io;Id=b8sZ7jb8msgp;Secret=iJ1E4j50+3VbazG1EfXpOim8KPnyuOQZoJ/jImp/cLhe\""),
            FalsePositives = EquatableArray.Of(
                "\"AppConfig\": \"Endpoint=https://settings-prod.azconfig.io;Id=abc;Secret=<secret>\"",
                "Endpoint=https://settings.azconfig.io;Id=abc;Secret=IrzCVTEUvr0EZXfnCR/z"),
        };

        // Two shapes: the x-functions-key header and the ?code= query parameter. SecretGroup 0 takes
        // whichever group matched.
        yield return new SecretRule
        {
            Id = "azure-function-key",
            Description = "Azure Functions access key",
            Severity = Severity.High,
            Regex = @"(?i:x-functions-key)[""\']?\s{0,3}[:=]\s{0,3}[""\']?([A-Za-z0-9_-]{50,60}={0,2})(?:[^A-Za-z0-9+/=]|$)|\.azurewebsites\.net/api/[^\s""\'?]{1,100}\?(?:[^\s""\'#]{0,100}&)?code=([A-Za-z0-9_-]{50,60}(?:={0,2}|(?:%3D){1,2}))",
            Entropy = 4.0,
            Keywords = EquatableArray.Of("x-functions-key", "azurewebsites.net"),
            Tags = EquatableArray.Of("cloud", "azure"),
            TruePositives = EquatableArray.Of(
                """curl -H "x-functions-key: ruy5yKlNIqy932V2NA0sfrGMQy8gr6Ld_XnapdFz0aSJQIf193nAJm==" https://thumbnailer.azurewebsites.net/api/resize""",
                "WEBHOOK_URL=https://orders-fn.azurewebsites.net/api/ingest?code=vYWLfRnJMy6dTcKJqb8oF3qB04h8IGKJwawsb0yfGL0so1j4GnsSJj%3D%3D"),
            FalsePositives = EquatableArray.Of(
                "WEBHOOK_URL=https://orders-fn.azurewebsites.net/api/ingest?code=8DFgOSGKyXYTf3_p09RX",
                """headers["x-functions-key"] = functionKey"""),
        };

        // Classic PATs are 52 lower-case base32 chars with no prefix: they need a DevOps-named key to be told apart from
        // other base32 strings. Since 2024 PATs are 84 chars in Microsoft's identifiable-key layout: 52 random chars, the
        // signature "JQQJ99" at 52, 18 chars (a version and date block), the provider tag "AZDO" at 76 and 4 more; that
        // layout identifies itself, so the new format is found whatever the key is called.
        yield return new SecretRule
        {
            Id = "azure-devops-pat",
            Description = "Azure DevOps personal access token",
            Severity = Severity.High,
            Regex = $@"(?i:azure[_.-]?devops|ado|azdo|vsts|devops)[\w.-]{{0,20}}(?i:pat|token)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-z2-7]{{52}}){ValueEnd}|\b([A-Za-z0-9]{{52}}JQQJ99[A-Za-z0-9]{{18}}AZDO[A-Za-z0-9]{{4}})\b",
            Entropy = 3.5,
            Keywords = EquatableArray.Of("azure", "ado", "azdo", "vsts", "devops", "jqqj99"),
            Tags = EquatableArray.Of("source-hosting", "azure"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "AZURE_DEVOPS_PAT=ktcft46f4oqlkql6otltn2gn544k7dcfalcuuik6jfq5qesposf5",
                "  azdo_token: \"38AibNyyurlGFb0EkjKWREhbiGjlvhkTp3SKQOo6Cd6rvau5kHvRJQQJ99BFACAAAAAMzzuVtYkwAZDOMJFr\"",
                "token = \"CfZ4U2EqkNk6sEr6f4gUy0BQ8DEoFogNCAI3Ao3pxTnHyf6t5YdIJQQJ99BDACAAAAAgBaVbVJBMAZDOQKnY\"",
                "git clone https://build:8qS0BFn7BwpkZ01BZGaG7yOh3FZ9NoDxQshIISj3bb5642ldGDinJQQJ99BDACAAAAAuxZjugnDDAZDO57Nb@dev.azure.com/acme/infra/_git/infra",
                "SYSTEM_ACCESSTOKEN=x VSTS_TOKEN=xq7taq45gvwzhste3trm5wrqoukj724yecvf5y6zvxx27nsjhw2c"),
            FalsePositives = EquatableArray.Of(
                "AZURE_DEVOPS_PAT=${AZURE_DEVOPS_PAT}",
                "PAT=5sfg5ri476ivflpc33pcadutv5mksjoqkezvdeyvma6okwuw4ol6",
                "ADO_PAT=ezcqmvcbkrj264zuoodzbtn3guzwb2wmbkch5gf3",
                // The identifiable layout with another provider's tag (ACOG: Azure AI services) is not a DevOps PAT.
                "token = \"5srpS9wg1QlRRLiiRejeKx0gbVC3lrAmSJ2km14IKCzi2Eg3h0p5JQQJ99BEACGzTYXXJ3w3AAAJACOG5yN8\"",
                // No signature at 52: an 84-char random string under a DevOps key is not the new format.
                "AZDO_TOKEN=GDD3OXmJh1ue1Hr0w3YNsK7bCvFumDn95Bo8slKeTIXKc345cqd4XQQJ99jitPnAzUhL3gpv0951AZDO5u2V"),
        };

        yield return new SecretRule
        {
            Id = "alibaba-access-key-id",
            Description = "Alibaba Cloud AccessKey ID",
            Severity = Severity.High,
            Regex = @"\b(LTAI[A-Za-z0-9]{12,20})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("ltai"),
            Tags = EquatableArray.Of("cloud", "alibaba"),
            TruePositives = EquatableArray.Of(
                "ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIms8aeGCAhrfYSnz1evk1",
                "  access_key = \"LTAIkQwL7sSxnK9fBhLh\""),
            FalsePositives = EquatableArray.Of(
                "ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIwh9s4KxI",
                "access_key = \"LTAIxxxxxxxxxxxxxxxx\""),
        };

        yield return new SecretRule
        {
            Id = "alibaba-access-key-secret",
            Description = "Alibaba Cloud AccessKey secret",
            Severity = Severity.Critical,
            Regex = $@"(?i:alibaba|aliyun|alicloud)[\w.-]{{0,20}}(?i:secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{30}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("alibaba", "aliyun", "alicloud"),
            Tags = EquatableArray.Of("cloud", "alibaba"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET=vrnF8wRCZ8ZotDEcvsboaOHuEa8i8k",
                "  alicloud_secret_key = \"FqZaW0QwCz8hggAmGRC6IBz7NuGTEQ\""),
            FalsePositives = EquatableArray.Of(
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET=${ALIBABA_CLOUD_ACCESS_KEY_SECRET}",
                "ACCESS_KEY_SECRET=oVKGztk4Mx3oddbhqW1enxOFra59sT",
                "aliyun_secret = \"Q91sWZSFnlCkD6gNNV1DFWCc\""),
        };

        yield return new SecretRule
        {
            Id = "digitalocean-pat",
            Description = "DigitalOcean personal access token",
            Severity = Severity.Critical,
            Regex = @"\b(dop_v1_[a-f0-9]{64})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("dop_v1_"),
            Tags = EquatableArray.Of("cloud", "digitalocean"),
            TruePositives = EquatableArray.Of(
                "digitalocean_token = \"dop_v1_2a4a57a331a294145eec2249c012ffe2fd6a8db83c08ab899fa3fac36f454b35\"",
                "digitalocean_token: dop_v1_a717f7a041e1c926db8a30f2806cb97a8d25293b07bb11ca1615f209d6f5d975"),
            FalsePositives = EquatableArray.Of(
                "DIGITALOCEAN_TOKEN=dop_v1_03ee877a77055de450aee72d376cdef629d089c986b1e2d367ed99f97b4f70b",
                "digitalocean_token: dop_v1_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "digitalocean-oauth-token",
            Description = "DigitalOcean OAuth access token",
            Severity = Severity.High,
            Regex = @"\b(doo_v1_[a-f0-9]{64})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("doo_v1_"),
            Tags = EquatableArray.Of("cloud", "digitalocean"),
            TruePositives = EquatableArray.Of(
                "  do_oauth_token: \"doo_v1_e8fae5e3e8cf1db30bcecb041ca1c11ebf14959a6d99da3910c71f3c2b923a22\"",
                "os.environ[\"DO_OAUTH_TOKEN\"] = \"doo_v1_070aedc16e1156e958da89f123864ba96ebe19c160ca76352339a48a0e5f5967\""),
            FalsePositives = EquatableArray.Of(
                "DO_OAUTH_TOKEN=doo_v1_ec08ba242a9dfe3051099ffff482a225cd6825bb74e2dc3bb815554892cb02a",
                "do_oauth_token: doo_v1_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "digitalocean-refresh-token",
            Description = "DigitalOcean OAuth refresh token",
            Severity = Severity.High,
            Regex = @"\b(dor_v1_[a-f0-9]{64})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("dor_v1_"),
            Tags = EquatableArray.Of("cloud", "digitalocean"),
            TruePositives = EquatableArray.Of(
                "do_refresh_token = dor_v1_239fb06e8251712a2574e9db3c877eaa649732bdec9e0bd055a5310c99747cdd",
                "DO_REFRESH_TOKEN = \"dor_v1_8c01504711037a9b3108fa3775b54f8bb1c1ae9873feb40190be40c5222b87bb\""),
            FalsePositives = EquatableArray.Of(
                "DO_REFRESH_TOKEN=dor_v1_005d5d21aee31704132a73603155118add8d764a048c4d29718bab659f2a947",
                "do_refresh_token: dor_v1_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "ibm-cloud-api-key",
            Description = "IBM Cloud API key",
            Severity = Severity.High,
            Regex = $@"(?i:ibm)[\w.-]{{0,20}}(?i:api[_.-]?key|apikey)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9_-]{{44}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("ibm"),
            Tags = EquatableArray.Of("cloud", "ibm"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "  ibmcloud_api_key: \"a2koQ1p0eMYmAHszU6HU4yGzdAcKihavcVWHQDytkB5C\"",
                "IBMCLOUD_API_KEY=iC7ZVPPILjrtfSg_dga7zjdVGZuQsJxu62k_VQKYUmdP"),
            FalsePositives = EquatableArray.Of(
                "IBMCLOUD_API_KEY=${IBMCLOUD_API_KEY}",
                "CLOUD_API_KEY=Jwd_PT9-ov4z58sYEUDxwjAHXZqu9uhOkaNTRre_VZxg"),
        };

        yield return new SecretRule
        {
            Id = "tencent-cloud-secret-id",
            Description = "Tencent Cloud SecretId",
            Severity = Severity.High,
            Regex = @"\b(AKID[A-Za-z0-9]{32})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("akid"),
            Tags = EquatableArray.Of("cloud", "tencent"),
            TruePositives = EquatableArray.Of(
                "  tencentcloud_secret_id: \"AKIDUzfJGqcEC3xjIyepLA3DunuLvOae07OI\"",
                "tencentcloud_secret_id = \"AKIDzKwZqhB7IB8hNsjZEngaNsLtOcyZfJTz\""),
            FalsePositives = EquatableArray.Of(
                "TENCENTCLOUD_SECRET_ID=AKIDN53j928dBgKGjzKKsM6SUDiVk8EwPA2",
                "tencentcloud_secret_id: AKIDxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "tencent-cloud-secret-key",
            Description = "Tencent Cloud SecretKey",
            Severity = Severity.Critical,
            Regex = $@"(?i:tencent)[\w.-]{{0,20}}(?i:secret[_.-]?key|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("tencent"),
            Tags = EquatableArray.Of("cloud", "tencent"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "const tencentcloudSecretKey = 'gUI0KWwahIFMsQyFt3ylwGjl1n6ls6ye';",
                "tencentcloud_secret_key = Hi1lYUCEf8FfeYKfECWC75yCLWDLWVH8"),
            FalsePositives = EquatableArray.Of(
                "TENCENTCLOUD_SECRET_KEY=${TENCENTCLOUD_SECRET_KEY}",
                "cloud_secret_key = MrJ6zBn3dl5Tq24LaxjB3A6JjNmx3V17"),
        };

        yield return new SecretRule
        {
            Id = "yandex-api-key",
            Description = "Yandex Cloud API key",
            Severity = Severity.High,
            Regex = @"\b(AQVN[A-Za-z0-9_-]{35,38})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("aqvn"),
            Tags = EquatableArray.Of("cloud", "yandex"),
            TruePositives = EquatableArray.Of(
                "YC_API_KEY=AQVN4nFyiy15lA0l4eqaurwwH7l6VBDYtqo6jmUh",
                "export YC_API_KEY=\"AQVNtF-25c-mJocTHGDzhnVGgZf2ojTPbTiYf5VV\""),
            FalsePositives = EquatableArray.Of(
                "YC_API_KEY=AQVNjLhz1KfV3A0949ZDO59zVivQS59LpXxn_n",
                "yc_api_key: AQVNxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // IAM tokens live 12 hours at most, hence Medium.
        yield return new SecretRule
        {
            Id = "yandex-iam-token",
            Description = "Yandex Cloud IAM token",
            Severity = Severity.Medium,
            Regex = @"\b(t1\.9euelZ[A-Za-z0-9_-]{40,400}={0,2}\.[A-Za-z0-9_-]{86}={0,2})(?:[^A-Za-z0-9+/=]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("t1.9euel"),
            Tags = EquatableArray.Of("cloud", "yandex"),
            TruePositives = EquatableArray.Of(
                "ENV YC_IAM_TOKEN=t1.9euelZv4Rtr3IKVF06R3aBnQXeM9km377wOm9QxK9dpTP6v3BPhAp595KK8Lh7d_XMWi53ezaddLcLP_PxMPlIRT4TGbkPJ8IrEuSKE1a-c3sJ0J5apB1xrwBRQeHq.62yrMGyOFAbWLtdTG7mDe8etZjVvhRBvIJvhhtCQKTNCnQclrjoUHCHr-0ugg01mSB6JGYoG-Uqz_6rdOD4u4a",
                "YC_IAM_TOKEN=t1.9euelZDiFsee_pieHW9PztaFviOB9aLBTLXbmZfUUAruWxz9SwJlR_zhQQNHMNpY9zWhl0SmdvB1TIaAkXiSTf21z-uzDOFZLYHYDUm3U7om7D77UwWRMPPejvkB3h.UKsksbXE4QtiYpvKVUwC-2BEXHRMg6LYeu4fhq1paRUN0oZmCVpzP9H3RThDelL5nKvg3RPwsXa-lJMfZLDnrc"),
            FalsePositives = EquatableArray.Of(
                "YC_IAM_TOKEN=t1.9euelZaYaRFQ1ofJR2ZJHdcDRkz0JyipNRNUODCVh_qbHWj4GwqW9MAyk9lrL0KLg_SPl6NxiFVr7V5PVz93QUtNugYEkwnqlsrcgP_-xNNfSOHbvpEkpcyxjSnv89.M3Cjh3L6Q4VXavNhCAOThbX7Xa2mM6Qq9CanjeRJyeCkq8YzC4P7M61VgAhI4zLaTDLcTU7OasexlfKQkdaSn",
                "yc_iam_token: t1.9euelZxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "yandex-static-access-key",
            Description = "Yandex Cloud static access key secret",
            Severity = Severity.High,
            Regex = $@"(?i:yandex|yc)[\w.-]{{0,20}}(?i:secret|key|token)[\w.-]{{0,16}}{ServiceKeyAssignment}(YC[A-Za-z0-9_-]{{38}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("yandex", "yc"),
            Tags = EquatableArray.Of("cloud", "yandex"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "YANDEX_STATIC_KEY=YC6lp2ZKpXsVGMmZ0JHq-BgXeS4AkDcY3OIAcjz_",
                "export YC_SECRET_ACCESS_KEY=\"YCmXN4-y2hApA3JuV7hfQKo2KzM1qfTXrsogy3tz\"",
                "yandex_secret_key = YC9GJ5mkQgkbr7_nggEf0ZIa3YNRLUH7tZ__SNhh"),
            FalsePositives = EquatableArray.Of(
                "YC_SECRET_ACCESS_KEY=${YC_SECRET_ACCESS_KEY}",
                "secret_access_key = YCzX0e88v3cY6jlm2bqNPGtkLsGOcG8-dKBXg5Ym"),
        };

        yield return new SecretRule
        {
            Id = "cloudflare-api-token",
            Description = "Cloudflare API token",
            Severity = Severity.High,
            Regex = $@"(?i:cloudflare|cf_)[\w.-]{{0,20}}(?i:api[_.-]?token|token)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9_-]{{40}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("cloudflare", "cf_"),
            Tags = EquatableArray.Of("cloud", "cloudflare"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "const cloudflareApiToken = 'MT1PkW92DN9uZyEd6K0lmmGSK_WUZEi9Oe1EW0A8';",
                "  cf_api_token = \"TVwHXMRKMjK8mkz7pPDRVgixuoIOcHwAemtnDpbD\""),
            FalsePositives = EquatableArray.Of(
                "CLOUDFLARE_API_TOKEN=${CLOUDFLARE_API_TOKEN}",
                "  api_token = \"Q_Wu7H-3JCuAwM61g4M5ZH19MbGzLvTMZYZf07-1\""),
        };

        // The global key is the account owner's master key, not scoped like API tokens.
        yield return new SecretRule
        {
            Id = "cloudflare-global-api-key",
            Description = "Cloudflare global API key",
            Severity = Severity.Critical,
            Regex = $@"(?i:cloudflare|cf_)[\w.-]{{0,20}}(?i:api[_.-]?key|global[_.-]?key|auth[_.-]?key)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{37}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("cloudflare", "cf_"),
            Tags = EquatableArray.Of("cloud", "cloudflare"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "cloudflare_api_key = \"7b7d65a14b3dbb53df4db765c94d6f9f31657\"",
                "      CF_AUTH_KEY: 3f6a3a22d596c53c13b61250786f8898d7395"),
            FalsePositives = EquatableArray.Of(
                "CLOUDFLARE_API_KEY=${CLOUDFLARE_API_KEY}",
                "      API_KEY: 909c8125aad8742ccb475cb5175b16b4ab684"),
        };

        yield return new SecretRule
        {
            Id = "cloudflare-origin-ca-key",
            Description = "Cloudflare Origin CA key",
            Severity = Severity.High,
            Regex = @"\b(v1\.0-[a-f0-9]{24}-[a-f0-9]{146})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("v1.0-"),
            Tags = EquatableArray.Of("cloud", "cloudflare"),
            TruePositives = EquatableArray.Of(
                "os.environ[\"CF_ORIGIN_CA_KEY\"] = \"v1.0-7b8b883cc071d44c6e6ebe7e-bcbd03e0520db93743daac359f808bb7b314b8cbb7206e34cfee1b8e25ffad2fd6d38a8de3b22f79ff493ad81ce1ce835fb05779664d518228ef9c90af42917f73039a1730e602aa5b\"",
                "CF_ORIGIN_CA_KEY = \"v1.0-f1d29c78cf1dd0b9b9511e90-f245cd106aeef5c3a280d1dac96e73f44bb5a77caec36a1c6e079719471095ff256a9a683de52f6b28cf379d53b6bf922d3183b358de02b3f9dc3569a1c4a556f904fe16626be15e51\""),
            FalsePositives = EquatableArray.Of(
                "CF_ORIGIN_CA_KEY=v1.0-515ee8ac837a1d52ab03e67b-9665e02f920cea9e460dd41d8901aff3e066096eaf253508595a4e47c60068807967781a9de03fc5476c07ff0da9dc312db333e3bf8cbd634c0bb866c510d4fb049858f322a7d857f",
                "cf_origin_ca_key: v1.0-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "heroku-api-key",
            Description = "Heroku API key (legacy UUID format)",
            Severity = Severity.High,
            Regex = $@"(?i:heroku)[\w.-]{{0,20}}(?i:api[_.-]?key|token|key)[\w.-]{{0,16}}{ServiceKeyAssignment}([0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("heroku"),
            Tags = EquatableArray.Of("cloud", "heroku"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "$env:HEROKU_API_KEY = \"49fe90f4-69a9-484c-be51-45d56b2a7051\"",
                "ENV HEROKU_API_KEY=27c52a30-48f0-4d96-985a-f978e0931c68"),
            FalsePositives = EquatableArray.Of(
                "HEROKU_API_KEY=${HEROKU_API_KEY}",
                "ENV API_KEY=27077858-c818-4757-89a0-3b16a59b7d99"),
        };

        yield return new SecretRule
        {
            Id = "heroku-api-key-v2",
            Description = "Heroku API key",
            Severity = Severity.High,
            Regex = @"\b(HRKU-AA[A-Za-z0-9_-]{58})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("hrku-"),
            Tags = EquatableArray.Of("cloud", "heroku"),
            TruePositives = EquatableArray.Of(
                "const herokuApiKey = 'HRKU-AALWpZE2BUOYmEcbE0wgn_u32LlEekq40hsMT92NOQUxcDTLH1lOAKfDJdNg';",
                "HEROKU_API_KEY = \"HRKU-AAGs0xTrz7G-V8zOSrQAxQnCNI7NzyH5AIfFTXCUJdGVUzdhO_jU9nTxB0p6\""),
            FalsePositives = EquatableArray.Of(
                "HEROKU_API_KEY=HRKU-AACAmDbwW7aLwurSNeUKh6TuPXsH2eyGltXOlub6b7ERQ35ScGSeDwXUW71",
                "heroku_api_key: HRKU-AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "fly-io-access-token",
            Description = "Fly.io access token",
            Severity = Severity.High,
            Regex = @"\b(fo1_[A-Za-z0-9_-]{43}|fm1[ar]_[A-Za-z0-9+/]{100,}={0,2}|fm2_[A-Za-z0-9+/]{100,}={0,2})(?:[^A-Za-z0-9+/=]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("fo1_", "fm1a_", "fm1r_", "fm2_"),
            Tags = EquatableArray.Of("cloud", "fly"),
            TruePositives = EquatableArray.Of(
                "FLY_API_TOKEN=fo1_DV-7qCnE2-2RAbHi8iyzFQYv3uwhLOVx0qyuB4OnR3D",
                "os.environ[\"FLY_API_TOKEN\"] = \"fo1_hKB7SYC9GptGnSZBVgb0g245qTrLFb7HAKWWkP3ySwq\"",
                "FLY_API_TOKEN=\"FlyV1 fm2_E19rvYFfTMItcHBzni1VVEImDfX2itgGrF7DZVWowdIkcKV1DWsw6fbQLXPxYgwOEAIvqcRmkWx72YG4dO4JzjNwUHvniYOsxtM8r5OksFm9Cp5j9HAMMCNYVQuCUffy5TLBaLdGoleXEZMtfTPk6BAjkGHldIABolghUOWTL7E4f1RSo1ja=\"",
                // Org and deploy tokens: "FlyV1 " + comma-separated macaroons, the first a permission token (fm1r_/fm2_).
                "  FLY_API_TOKEN: \"FlyV1 fm1r_lJPEEArUVsqajkK9iVaUqZFO4HGwteGWbc7CMeoh68Tw9kNiHV1GRB4HUgLKU7/zgXg8aSbS8A+epVDSdDNMfalRomJ1WckWf7asvG2qAhCLkIzxnX6sxy9zqITktP/w+hnEDTWyuE2B4KY9U5WoRExLXQI5idkQgSSChg==,fm2_lJPEEKbjLinJ6nzKq8u8DBY0sCcn3FP4YjOHgCZhjKnKvYBdCsOFFTr03FMhFNjceHzD3c7zBCY9RXHEHPlYmvbzRn2XC0hb3MgZxK18Px3nSU/e2nIEMdKyMyyDDeRbm/ZzLi1PnzN1RRzpZJrnyFjC+UH6n2PD3c03CA==\""),
            FalsePositives = EquatableArray.Of(
                "FLY_API_TOKEN=fo1_dTlIJOtU198BwbF-R2OzlX66DU4huJba_rgJz4EyVs",
                "fly_api_token: fo1_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                // fm1 tokens are always fm1a_ (authentication) or fm1r_ (permission); fm2 has no such letter.
                "token = \"fm2r_lJPEEKbjLinJ6nzKq8u8DBY0sCcn3FP4YjOHgCZhjKnKvYBdCsOFFTr03FMhFNjceHzD3c7zBCY9RXHEHPlYmvbzRn2XC0hb3MgZxK18Px3nSU/e2nIEMdKyMyyDDeRbm/ZzLi1PnzN1RRzpZJ\"",
                // Kernel identifiers holding the fm2_ keyword: a Rockchip S/PDIF pin group and a format-string variable.
                "\t\tpinctrl-0 = <&spdifm2_tx>;",
                "\t\t\tspdifm2_tx: spdifm2-tx {",
                "\t\tchar *fm2_rx = \"%-15s %-7s %'-11.0f\\n\";",
                "\t\tprintf(fm2_rx, \"XDP-RX CPU\", \"total\", pps, err);"),
        };

        yield return new SecretRule
        {
            Id = "linode-api-token",
            Description = "Linode (Akamai) API token",
            Severity = Severity.High,
            Regex = $@"(?i:linode)[\w.-]{{0,20}}(?i:token|api[_.-]?key)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{64}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("linode"),
            Tags = EquatableArray.Of("cloud", "linode"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "export LINODE_TOKEN=\"6fc0412d406850e96a3496c691e39e0de8272e2840af13ff79c0924dfffa3fc9\"",
                "linode_token = bfbe96506b20104b2f7a744260d581f469dbf39c522b1a15a05f8c4cfc27c4c2"),
            FalsePositives = EquatableArray.Of(
                "LINODE_TOKEN=${LINODE_TOKEN}",
                "token = 57278080f001021c6ab26bb89b0534bcafd04daf877a3f701f0dbdd291e8043e"),
        };

        yield return new SecretRule
        {
            Id = "scaleway-secret-key",
            Description = "Scaleway secret key",
            Severity = Severity.High,
            Regex = $@"(?i:scw|scaleway)[\w.-]{{0,20}}(?i:secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("scw", "scaleway"),
            Tags = EquatableArray.Of("cloud", "scaleway"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "ENV SCW_SECRET_KEY=240a438f-3644-4709-b3c5-c86270afa33e",
                "  scw_secret_key = \"230b5704-dc71-4f9a-b8ab-a52f73a5703f\""),
            FalsePositives = EquatableArray.Of(
                "SCW_SECRET_KEY=${SCW_SECRET_KEY}",
                "  secret_key = \"51163fb8-942b-4704-a4f4-228c42a67a38\""),
        };

        yield return new SecretRule
        {
            Id = "vultr-api-key",
            Description = "Vultr API key",
            Severity = Severity.High,
            Regex = $@"(?i:vultr)[\w.-]{{0,20}}(?i:api[_.-]?key|token)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Z0-9]{{36}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("vultr"),
            Tags = EquatableArray.Of("cloud", "vultr"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "vultr_api_key: D220CSMVDYQBK5C1KIW35NWXHMNSELB98N7O",
                "$env:VULTR_API_KEY = \"713LVFJ7QN54GTOKUUEOS5ZAR8ESFQZNKWNG\""),
            FalsePositives = EquatableArray.Of(
                "VULTR_API_KEY=${VULTR_API_KEY}",
                "$env:API_KEY = \"YUGB5AB91MIQ157YCDB4TK8PJWDASA27SI43\""),
        };

        yield return new SecretRule
        {
            Id = "hetzner-cloud-token",
            Description = "Hetzner Cloud API token",
            Severity = Severity.High,
            Regex = $@"(?i:hcloud|hetzner)[\w.-]{{0,20}}(?i:token)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{64}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("hcloud", "hetzner"),
            Tags = EquatableArray.Of("cloud", "hetzner"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "hcloud_token = \"VcWTcifZJy04HUSl2Dat98Y5DbnMDsU4eYuYEJRhKdEwGShUJ3JPBXF73Ljwwd4w\"",
                "hcloud_token = fXlEZ4Unsr8opwR15c4utnav46gr36M4A27a76RPqePYBJpZPPnvx5WkZWfbAJsp"),
            FalsePositives = EquatableArray.Of(
                "HCLOUD_TOKEN=${HCLOUD_TOKEN}",
                "token = yOjtF7Ov4nC72C4HmI39s54RlmkYOKmCQ9WZzv0jdFKUyint4RfUaypZeNIkImWL"),
        };

        yield return new SecretRule
        {
            Id = "openshift-user-token",
            Description = "OpenShift user OAuth token",
            Severity = Severity.High,
            Regex = @"\b(sha256~[A-Za-z0-9_-]{43})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("sha256~"),
            Tags = EquatableArray.Of("cloud", "openshift"),
            TruePositives = EquatableArray.Of(
                "openshift_token = \"sha256~oDMJMMqNpooNdufGXWxpVXFYAlGu7v9P3C3VreJaBzX\"",
                "  openshift_token: \"sha256~7oF94DkHLAnAiAk3OxAkROepAFQdERCpCmoYh2bnZKT\"",
                "oc login --token=sha256~eF54PPdeAsXwmhnpEsv2XOADjCZKVx7ZDgYjWyCMyRR --server=https://api.ocp.internal:6443"),
            FalsePositives = EquatableArray.Of(
                "OPENSHIFT_TOKEN=sha256~4hvDbvAMfs-ebOAn8Okg7Clk9NSh_x4BnlmJiGvVXm",
                "openshift_token: sha256~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "datafactory-shir-token",
            Description = "Azure Data Factory self-hosted integration runtime key",
            Severity = Severity.High,
            Regex = @"\b(IR@[0-9A-Za-z-]{36}@[\w.-]{1,80}@[0-9A-Za-z-]{0,40}@[A-Za-z0-9+/]{43}=)",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("ir@"),
            Tags = EquatableArray.Of("cloud", "azure", "data-factory"),
            TruePositives = EquatableArray.Of(
                "AUTH_KEY=IR@6b9c1f36-822b-465b-9c2d-7d7e25713249@adf-sales-prod@eu@lrYPeRZlVOL6461i4HbCPe/9SUUum8qUE9svotyfjUc=",
                "  \"authKey\": \"IR@a72d72d7-c70f-47eb-bf03-f337dae1cb60@df-ingest-01@we@5N8XCtC7kAwATmAAjsHi8KBr2j/KCcum10cgoep8vww=\""),
            FalsePositives = EquatableArray.Of(
                "AUTH_KEY=IR@<integration-runtime-key>",
                "contact: sir@zqdlvf.example"),
        };

        yield return new SecretRule
        {
            Id = "yandex-access-token",
            Description = "Yandex OAuth/IAM access token assignment",
            Severity = Severity.Medium,
            Regex = $@"(?i:yandex|yc)[\w.-]{{0,20}}(?i:token|key|secret|iam)[\w.-]{{0,16}}{ServiceKeyAssignment}(t1\.[A-Za-z0-9_-]{{10,400}}={{0,2}}\.[A-Za-z0-9_-]{{86}}={{0,2}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            // Known by the key it is assigned to: a vendor-format rule (AKCp…, cmVmdGtu…, t1.9euel…) on the same value says more.
            Specificity = RuleSpecificity.Placement,
            Keywords = EquatableArray.Of("yandex", "yc"),
            Tags = EquatableArray.Of("cloud", "yandex"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "YANDEX_OAUTH_TOKEN=t1.9yg7IvsEvoXpDjSZzxZ2kkxnhBiBA7HQG3yhAZfC.B4WoDhr3pOjUTphostqD_yn9Lu8LxiZWSVrWMh6YlBjOwr0XiSDHUiLct2YnQKFhlgGc_5qFVXB31pibpyp6eQ",
                "yc_iam_token: \"t1.1T7LXUsafsCeSCPKe34z16s0hYGqiYS34EIRF9w6.2VAmqJDviMMv0YouUEjvarmnk8KDxff9QX61q6TvJwqW7eQWGRBa33x4fmCuwOP8oYwHviS_BcRtPg0_BBeAGq\""),
            FalsePositives = EquatableArray.Of(
                "YANDEX_OAUTH_TOKEN=${YANDEX_OAUTH_TOKEN}",
                "YANDEX_OAUTH_TOKEN=t1.46baldDa7JEubjYnObAuFP09oD0G2PyCgaFnYhg1.KEaBwtQPOqDXz0Yrt50vNkr0puLovE54x7ROGGnF"),
        };
    }
}
