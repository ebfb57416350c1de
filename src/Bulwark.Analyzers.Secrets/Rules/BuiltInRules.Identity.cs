using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Rules;

public static partial class BuiltInRules
{
    // Identity providers and secret managers: a leaked token here opens every other secret or identity
    // behind it, so these are High or Critical.
    private static IEnumerable<SecretRule> Identity()
    {
        // Okta tokens are "00" + 40 chars and act with the creating admin's rights; seen in assignments and
        // in the SSWS authorization scheme. SecretGroup 0 takes whichever form matched.
        yield return new SecretRule
        {
            Id = "okta-api-token",
            Description = "Okta API token",
            Severity = Severity.Critical,
            Regex = $@"(?i:okta)[\w.-]{{0,20}}(?i:token|api[_.-]?key)[\w.-]{{0,16}}{ServiceKeyAssignment}(00[A-Za-z0-9_-]{{40}}){ValueEnd}|(?i:Authorization)[""\']?\s{{0,3}}:\s{{0,3}}[""\']?SSWS\s{{1,3}}(00[A-Za-z0-9_-]{{40}})(?:[^A-Za-z0-9_-]|$)",
            Entropy = 3.5,
            Keywords = EquatableArray.Of("okta", "ssws"),
            Tags = EquatableArray.Of("identity", "okta"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "OKTA_API_TOKEN=00ub5ZvzYqu5Lurod7NuonP4_fa7i0GfZlXgosRDTM",
                """curl -H "Authorization: SSWS 002-1m5o1mUtuivf5HO86r63gW1mQucC7_AyESegkD" https://acme.okta.com/api/v1/users""",
                "  okta_api_token: \"000W_Y_TfooEHdb2cxczCLvS7KzImyroxcw-bp78BU\""),
            FalsePositives = EquatableArray.Of(
                "OKTA_API_TOKEN=${OKTA_API_TOKEN}",
                "curl -H \"Authorization: SSWS ${OKTA_TOKEN}\"",
                "OKTA_API_TOKEN=00Vs6OHxbjUWeMv2TkVtVp"),
        };

        yield return new SecretRule
        {
            Id = "okta-client-secret",
            Description = "Okta OAuth client secret",
            Severity = Severity.High,
            Regex = $@"(?i:okta)[\w.-]{{0,20}}(?i:client[_.-]?secret|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9_-]{{40,64}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("okta"),
            Tags = EquatableArray.Of("identity", "okta", "oauth"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "OKTA_CLIENT_SECRET=py5R4tnLj_9fjZFQjNDlsDjsJO3KmBTYSxJjBHBNzg9HWsyVFjmhiEqDzlLD2mg4",
                "ENV OKTA_CLIENT_SECRET=gf12ToA5vNpq-lNEB9l_QIPlhdmZ9V7Ct3zuI-x5JfAQxlmBn83LwJZUEK5qkbnW"),
            FalsePositives = EquatableArray.Of(
                "OKTA_CLIENT_SECRET=${OKTA_CLIENT_SECRET}",
                "ENV CLIENT_SECRET=SiDP0P2O1Bfx80CLe3E8M4ijIrO4JYEM3uiYMfYi75WginClcWfI7csps_a3VCT2"),
        };

        yield return new SecretRule
        {
            Id = "auth0-client-secret",
            Description = "Auth0 application client secret",
            Severity = Severity.High,
            Regex = $@"(?i:auth0)[\w.-]{{0,20}}(?i:client[_.-]?secret|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9_-]{{64}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("auth0"),
            Tags = EquatableArray.Of("identity", "auth0", "oauth"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "ENV AUTH0_CLIENT_SECRET=sj32TPDUMr0tBWomuoi3BZywR-JTOv8-yJnI2itduN71oqdhOjy176UyJJAwsFqd",
                "  auth0_client_secret: \"ucD6D3EHffB7srm1eoS_cumJWO5HuwtnWRjsDJPaTK110T9ynvGEGaqa7gp9jb0D\""),
            FalsePositives = EquatableArray.Of(
                "AUTH0_CLIENT_SECRET=${AUTH0_CLIENT_SECRET}",
                "  client_secret: \"fVPW3AM8zvMIwZg3dbMef7tYGkHCX_HlDmr5uOG_5jCZVYnY1nQ7XYpzW3ao284E\""),
        };

        yield return new SecretRule
        {
            Id = "onelogin-client-secret",
            Description = "OneLogin API client secret",
            Severity = Severity.High,
            Regex = $@"(?i:onelogin)[\w.-]{{0,20}}(?i:client[_.-]?secret|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{64}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("onelogin"),
            Tags = EquatableArray.Of("identity", "onelogin", "oauth"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "      ONELOGIN_CLIENT_SECRET: 13f1ed2fc9bbb2321095274ef6bbe66be95f01f9a352066e6fa496895d0a83f5",
                "  onelogin_client_secret: \"03af9bd757960226e23fad13f7b965f47c468aceab7df3fa720f437adc4c4c4f\""),
            FalsePositives = EquatableArray.Of(
                "ONELOGIN_CLIENT_SECRET=${ONELOGIN_CLIENT_SECRET}",
                "  client_secret: \"f429f4c1293c76459b82ce1acd38d9ac69e73f38bf2effdd5f60c79f3e9f4b51\""),
        };

        yield return new SecretRule
        {
            Id = "duo-secret-key",
            Description = "Duo Security integration secret key",
            Severity = Severity.High,
            Regex = $@"(?i:duo)[\w.-]{{0,20}}(?i:secret[_.-]?key|skey|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{40}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("duo"),
            Tags = EquatableArray.Of("identity", "duo"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "duo_secret_key = \"J7dXSTwkK5FzEnAi2Yjwu3Z9eI1caCqufCmj04s2\"",
                "  duo_skey: \"Ph7xzdEaicQgtU9aQmGPTkIy2pulUlkToWPMjrts\""),
            FalsePositives = EquatableArray.Of(
                "DUO_SECRET_KEY=${DUO_SECRET_KEY}",
                "  secret_key: \"YzI0zkThBNvft3re43rlY7EhIkuv6076ciSybGps\""),
        };

        yield return new SecretRule
        {
            Id = "keycloak-client-secret",
            Description = "Keycloak client secret",
            Severity = Severity.High,
            Regex = $@"(?i:keycloak|kc_)[\w.-]{{0,20}}(?i:client[_.-]?secret|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("keycloak", "kc_"),
            Tags = EquatableArray.Of("identity", "keycloak", "oauth"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "  keycloak_client_secret = \"7PUAJ1oLKas0t8XH8tXQLjrFpPutL3HW\"",
                "export KC_CLIENT_SECRET=\"RtqDvyceeFUV79zB2c2I9Xtjd5aK1j6x\""),
            FalsePositives = EquatableArray.Of(
                "KEYCLOAK_CLIENT_SECRET=${KEYCLOAK_CLIENT_SECRET}",
                "export CLIENT_SECRET=\"oPLVgoTlJS3ai9zjC0fykB6Ez86I0oku\""),
        };

        yield return new SecretRule
        {
            Id = "clerk-secret-key",
            Description = "Clerk secret key",
            Severity = Severity.High,
            Regex = $@"(?i:clerk)[\w.-]{{0,20}}(?i:secret[_.-]?key|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}(sk_(?:live|test)_[A-Za-z0-9]{{40,50}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("clerk"),
            Tags = EquatableArray.Of("identity", "clerk"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "\"clerk_secret_key\": \"sk_live_cwlxvd5LtBr6KPzt4eyru3g6M1OGtoM5VSkAHcryR0\",",
                "clerk_secret_key = sk_live_VCZzzdGtNoBis21XzkdoTKLBRTQJVYkvGGS1DfCCGl"),
            FalsePositives = EquatableArray.Of(
                "CLERK_SECRET_KEY=${CLERK_SECRET_KEY}",
                "secret_key = sk_live_I9ZscsEzEft9JRsGp6eK6g4VskjB4HcXiPdkkDl3Cg"),
        };

        yield return new SecretRule
        {
            Id = "stytch-secret",
            Description = "Stytch project secret",
            Severity = Severity.High,
            Regex = $@"(?i:stytch)[\w.-]{{0,20}}(?i:secret)[\w.-]{{0,16}}{ServiceKeyAssignment}(secret-(?:live|test)-[A-Za-z0-9_=-]{{36}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("stytch"),
            Tags = EquatableArray.Of("identity", "stytch"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "STYTCH_SECRET = \"secret-live-MFTWRiO-tnlj35ZF-XJzr05WA8aJKo7toiur\"",
                "  stytch_secret = \"secret-live-sD88sKitY1xuYmQ6DrrtpUfUmOn4PDVwxrKx\""),
            FalsePositives = EquatableArray.Of(
                "STYTCH_SECRET=${STYTCH_SECRET}",
                "  secret = \"secret-live-vs5nJ9orh6vC1SbXY74Xgkb_GNnV5iPQMebS\""),
        };

        yield return new SecretRule
        {
            Id = "jumpcloud-api-key",
            Description = "JumpCloud API key",
            Severity = Severity.High,
            Regex = $@"(?i:jumpcloud)[\w.-]{{0,20}}(?i:api[_.-]?key|key)[\w.-]{{0,16}}{ServiceKeyAssignment}(jca_[A-Za-z0-9]{{36}}|[a-f0-9]{{40}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("jumpcloud"),
            Tags = EquatableArray.Of("identity", "jumpcloud"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "ENV JUMPCLOUD_API_KEY=dacb0180c08a3f76ed8e502640f8e56d2f2e4457",
                "export JUMPCLOUD_API_KEY=\"53325d8ba8aba63317a8f93e9271ed098803b06f\""),
            FalsePositives = EquatableArray.Of(
                "JUMPCLOUD_API_KEY=${JUMPCLOUD_API_KEY}",
                "export API_KEY=\"13fc9c4caca19967552f0a13e0240008ce6b1ffd\""),
        };

        // The token is base64 JSON holding the account's sign-in address and key material.
        yield return new SecretRule
        {
            Id = "onepassword-service-account-token",
            Description = "1Password service account token",
            Severity = Severity.Critical,
            Regex = @"\b(ops_eyJ[A-Za-z0-9+/]{250,}={0,2})(?:[^A-Za-z0-9+/=]|$)",
            SecretGroup = 1,
            Entropy = 4.0,
            Keywords = EquatableArray.Of("ops_eyj"),
            Tags = EquatableArray.Of("identity", "secret-manager", "1password"),
            TruePositives = EquatableArray.Of(
                "  op_service_account_token: \"ops_eyJzaWduSW5BZGRyZXNzIjoiZ2xvYmV4LjFwYXNzd29yZC5jb20iLCJ1c2VyQXV0aCI6eyJtZXRob2QiOiJTUlBnLTQwOTYiLCJhbGciOiJQQkVTMmctSFMyNTYiLCJpdGVyYXRpb25zIjo2NTAwMDAsInNhbHQiOiJPSEhKTEh2OVNsRjNleHlQaVhoZzdkIn0sImVtYWlsIjoiamd3eHZkdTR2dXMya0AxcGFzc3dvcmRzZXJ2aWNlYWNjb3VudHMuY29tIiwic3JwWCI6ImZhYWQyOTI2NjdlNTgyYjBlMWJlNzcyYTllNjczYjJlMjU0ZDViZmY3YWY0NmEyNTRkNGY3ODc2NzMzNDc2NTEiLCJtdWsiOnsiYWxnIjoiQTI1NkdDTSIsImV4dCI6dHJ1ZSwiayI6Ijd0VXZ4RE1XdWUxb2NkVUl5U2hTMXc3MXI5cW5saXVhb1ByVTc0aDdrZGciLCJrZXlfb3BzIjpbImVuY3J5cHQiLCJkZWNyeXB0Il0sImt0eSI6Im9jdCIsImtpZCI6Im1wIn0sInNlY3JldEtleSI6IkEzLUw2RzVTRC01RFdQUTctOUc4N0ciLCJ0aHJvdHRsZVNlY3JldCI6eyJzZWVkIjoiZWU4NzhkNTRkM2Y1NDM0MTAzZjkzZDJjM2ZlMWI4MDVkYzY1YTFkZWIwYTFhODEzOWFmNDU4YTJiYmNiNjlmNiIsInV1aWQiOiJTRjdNWlhCRFkxN1hLQkVVNkNWR1FXWk1HWSJ9LCJkZXZpY2VVdWlkIjoidmNtMWFybjloeGw4eXZreWxmMjI5NXdqeGEifQ==\"",
                "os.environ[\"OP_SERVICE_ACCOUNT_TOKEN\"] = \"ops_eyJzaWduSW5BZGRyZXNzIjoiYWNtZS4xcGFzc3dvcmQuY29tIiwidXNlckF1dGgiOnsibWV0aG9kIjoiU1JQZy00MDk2IiwiYWxnIjoiUEJFUzJnLUhTMjU2IiwiaXRlcmF0aW9ucyI6NjUwMDAwLCJzYWx0IjoiTWFpNS1BX3BxMVlFU052OWRyWDVZUCJ9LCJlbWFpbCI6IjQyaTZ6c21hMHhwcTJAMXBhc3N3b3Jkc2VydmljZWFjY291bnRzLmNvbSIsInNycFgiOiIxNTI3NWU3Yjk3MWQxOGI2YTU2N2QzYjM0YWNiZDM0OGQ4OGNkZGY0OWFhMjQ5MTNiYmIxM2FhY2M3ZGZjNzUwIiwibXVrIjp7ImFsZyI6IkEyNTZHQ00iLCJleHQiOnRydWUsImsiOiI3TzRseEx4UGJWYXZBUWphVWFQdTg1SGt3UlRwbElfc0ljM0EzaWRTTXVhIiwia2V5X29wcyI6WyJlbmNyeXB0IiwiZGVjcnlwdCJdLCJrdHkiOiJvY3QiLCJraWQiOiJtcCJ9LCJzZWNyZXRLZXkiOiJBMy0xMkVJWlktM0FRVFJHLTE3NzBDIiwidGhyb3R0bGVTZWNyZXQiOnsic2VlZCI6IjEzMDg2NWE0NmI4NzhhMjVlNTA2N2JhMjNkNWJmNjFmNDQxMDY4YTc5ODk0OWZkNDEzZDVlZWQ3NTEzZmRiNmUiLCJ1dWlkIjoiSTFGR1hCMEFVWFJWNFE1WldTUTUzM09VSzAifSwiZGV2aWNlVXVpZCI6Imt4NW5mYzJ0dndrc21sazA0cGc2em45YTE1In0=\""),
            FalsePositives = EquatableArray.Of(
                "OP_SERVICE_ACCOUNT_TOKEN=ops_eyJH/pLKu5rsgnSR3FcCSdKFmdgVKxDlce/2WbrbsbQQjQVMJUVuxbQP2DtBZrxJUO1qgzlIlLhl8GVRRsWdfz+WcSBunMvB7QNRocx",
                "OP_SERVICE_ACCOUNT_TOKEN=ops_${TOKEN}",
                "op_service_account_token: ops_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "onepassword-secret-key",
            Description = "1Password account Secret Key",
            Severity = Severity.Critical,
            Regex = @"\b(A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("a3-"),
            Tags = EquatableArray.Of("identity", "secret-manager", "1password"),
            TruePositives = EquatableArray.Of(
                "ENV OP_SECRET_KEY=A3-GUQX95-E3P10A-43OO7-Z36ZV-R4NNT-I89F1",
                "export OP_SECRET_KEY=\"A3-K6ZXCF-TE72HC-UWG1V-CQYN9-526CS-4KGXS\""),
            FalsePositives = EquatableArray.Of(
                "OP_SECRET_KEY=A3-9I7CRV-ODBV5P-PSJ6S-UWKJE-B5374-MPGG",
                "op_secret_key: A3-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "vault-service-token",
            Description = "HashiCorp Vault service token",
            Severity = Severity.Critical,
            Regex = @"\b(hvs\.[A-Za-z0-9_-]{90,120})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("hvs."),
            Tags = EquatableArray.Of("identity", "secret-manager", "vault"),
            TruePositives = EquatableArray.Of(
                "vault_token = \"hvs.CAESIwjkadmc03PNDPpPVP3_X1os8Ujai_IBlrAzyRI56AqoQoAVZ81FFyQbM3sHjx8693om141MHV4wdRZDAx2OVcV\"",
                "ENV VAULT_TOKEN=hvs.CAESIbodkYuTJ4eDvvIA0sO8Bqnz5GXPNPaxFhWVi-chc9XUSf4CB8yU7MlXrMW1x6EJgeMgaPd4hu4fPFB4g9wcFBw",
                "vault login hvs.CAESIGLeGlAURHlYRagvi-lhY6Op8XI9kAMVYnB8c7iwOo8sVzlLsOBwPCM3Rlu4fO8KcZdL16iWfBDV_n19Q5JVWBT"),
            FalsePositives = EquatableArray.Of(
                "VAULT_TOKEN=hvs.CAESIvEVW07IKf49maM-nI3CDKQmQdfwEjmcoljxGeEP6D10oOsMAHGchrXed2b5wpzICboAjZb5uMNZukDpE4oza",
                "vault_token: hvs.CAESIxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "vault-batch-token",
            Description = "HashiCorp Vault batch token",
            Severity = Severity.High,
            Regex = @"\b(hvb\.[A-Za-z0-9_-]{138,300})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("hvb."),
            Tags = EquatableArray.Of("identity", "secret-manager", "vault"),
            TruePositives = EquatableArray.Of(
                "$env:VAULT_TOKEN = \"hvb.AAAAAQRfJnMnvLj46kZBXHwXqA_4SMw6eDo2dx5bLjafxL2ZHYR-sYtZd2JLZX3c0MYM0dMAqT2grRRrXwmyWXiBLpadvKzkI1mnpqi8qHJjNRri0vo4x6OGuOKO1tqkIo8gmuIXlDIHKGhVqpRz43gumtlN\"",
                "vault_token = \"hvb.AAAAAQDvZBcoQ3eRkvRf2pXcGLkiEOUlBnCIVWjAAmiar7t_c7SgcbK0CFi48d7j_I5Us5a02dIvaecxVMw4GxdkW79oX_fAsiqihdA53laA84n9K55ZBfZRPox30MQyuzgPGQ5MK4UhEYGnqjfXvs5zNU72\""),
            FalsePositives = EquatableArray.Of(
                "VAULT_TOKEN=hvb.AAAAAQWEHLE7vHy2bbr8NVUvQJYCrezApZ2oIVU7D92Uou5lwP87yGTM9ubhvi2mCI8F-MbeRxyO1VBHip3i83B1CGafR9Ge-PGImGb3HzT608XCraMhn95ofN1LblBHfiF6V7pzK",
                "vault_token: hvb.AAAAAQxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "vault-legacy-token",
            Description = "HashiCorp Vault service token (pre-1.10 format)",
            Severity = Severity.Critical,
            Regex = $@"(?i:vault)[\w.-]{{0,20}}(?i:token)[\w.-]{{0,16}}{ServiceKeyAssignment}(s\.[A-Za-z0-9]{{24}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("vault"),
            Tags = EquatableArray.Of("identity", "secret-manager", "vault"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "\"vault_token\": \"s.ahDDN9YCpcLqPmA6PeWHji6b\",",
                "VAULT_TOKEN=s.T1eif9ESKZ2juLIp2qhMlmuw"),
            FalsePositives = EquatableArray.Of(
                "VAULT_TOKEN=${VAULT_TOKEN}",
                "TOKEN=s.abkrWIBB3Riq2Ry4uYpca223"),
        };

        // Doppler tokens are dp.<type>. + 43 base62 chars; service tokens may name their config (dp.st.prd.).
        yield return new SecretRule
        {
            Id = "doppler-personal-token",
            Description = "Doppler personal token",
            Severity = Severity.Critical,
            Regex = @"\b(dp\.pt\.[A-Za-z0-9]{40,44})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("dp.pt."),
            Tags = EquatableArray.Of("identity", "secret-manager", "doppler"),
            TruePositives = EquatableArray.Of(
                "export DOPPLER_TOKEN=\"dp.pt.HL1FuqLYpGwyDpgE12OSATfzeT1Xay8KOoGIuyezH5o\"",
                "      DOPPLER_TOKEN: dp.pt.QzUpuacA8x0HmrXSc89TpLHyH9rnl9iMuTHyDRKYXyu"),
            FalsePositives = EquatableArray.Of(
                "DOPPLER_TOKEN=dp.pt.4muecF2m4Vdo2LMSgRwNhLn9HmZGTB57s32Ab9G",
                "doppler_token: dp.pt.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "doppler-service-token",
            Description = "Doppler service token",
            Severity = Severity.High,
            Regex = @"\b(dp\.st\.(?:[a-z0-9_-]{2,35}\.)?[A-Za-z0-9]{40,44})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("dp.st."),
            Tags = EquatableArray.Of("identity", "secret-manager", "doppler"),
            TruePositives = EquatableArray.Of(
                "doppler_token = \"dp.st.ccttBPeIs7iEa4bhuADdhLSyfjdVBxkvBAeHzG1grYM\"",
                "DOPPLER_TOKEN = \"dp.st.fFZb2meLKhZsXxu2wdU8byNFoVgPl1R66gNHREpcdNI\"",
                "doppler secrets download --token dp.st.prd.lcpzuKLqaRdFdm4gcw7Lm52KAK1ta3J0FTuWYnvZG8M"),
            FalsePositives = EquatableArray.Of(
                "DOPPLER_TOKEN=dp.st.GE9t8VsuJIvgHmdYaVBLumdNeTCk8vqAOxLniPs",
                "doppler_token: dp.st.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "doppler-service-account-token",
            Description = "Doppler service account token",
            Severity = Severity.Critical,
            Regex = @"\b(dp\.sa\.[A-Za-z0-9]{40,44})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("dp.sa."),
            Tags = EquatableArray.Of("identity", "secret-manager", "doppler"),
            TruePositives = EquatableArray.Of(
                "os.environ[\"DOPPLER_TOKEN\"] = \"dp.sa.Oc9WSJBAh868u9N9pWo0hocshqqwSkepBwu3nRVkVhY\"",
                "doppler_token = dp.sa.1wKooW2maZo4S5aCFccEQtp5JhxBIOTZdSUnZdfkuAL"),
            FalsePositives = EquatableArray.Of(
                "DOPPLER_TOKEN=dp.sa.HykIaW6UinhOpQhFrVLM5qiJVZGoQxwfKvO6EQW",
                "doppler_token: dp.sa.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "doppler-cli-token",
            Description = "Doppler CLI token",
            Severity = Severity.Critical,
            Regex = @"\b(dp\.ct\.[A-Za-z0-9]{40,44})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("dp.ct."),
            Tags = EquatableArray.Of("identity", "secret-manager", "doppler"),
            TruePositives = EquatableArray.Of(
                "export DOPPLER_TOKEN=\"dp.ct.4IRHfEisSvowdnJvjVXvMBkmX4Suv5cFbXxmjr8XpLt\"",
                "  doppler_token = \"dp.ct.qyd0pdYawrjajoo2i5rsy4AKiMR2wKZLXEjI0RN5Mgm\""),
            FalsePositives = EquatableArray.Of(
                "DOPPLER_TOKEN=dp.ct.sCPyauTU7UiYe1RBsUihBcm7ioDT47DD7Xya6Sk",
                "doppler_token: dp.ct.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "doppler-scim-token",
            Description = "Doppler SCIM token",
            Severity = Severity.High,
            Regex = @"\b(dp\.scim\.[A-Za-z0-9]{40,44})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("dp.scim."),
            Tags = EquatableArray.Of("identity", "secret-manager", "doppler"),
            TruePositives = EquatableArray.Of(
                "doppler_scim_token = dp.scim.IwAwnyXjwWgE6t0ngT7VvjSGuJv1WMyC8mjyQTndWyu",
                "  doppler_scim_token: \"dp.scim.g37cA9sn4dg95c3g6FaPpwpAD1WA8787tqc2SSp3mCW\""),
            FalsePositives = EquatableArray.Of(
                "DOPPLER_SCIM_TOKEN=dp.scim.wqY8W4XTZ11MMx0yPgkW0OA69IqDaRaBEOm9N0w",
                "doppler_scim_token: dp.scim.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "doppler-audit-token",
            Description = "Doppler audit token",
            Severity = Severity.Medium,
            Regex = @"\b(dp\.audit\.[A-Za-z0-9]{40,44})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("dp.audit."),
            Tags = EquatableArray.Of("identity", "secret-manager", "doppler"),
            TruePositives = EquatableArray.Of(
                "DOPPLER_AUDIT_TOKEN=dp.audit.hIrPuKwNwfu59Y6W4rULb5C0DfujWzVOHjMw7DlA5PU",
                "ENV DOPPLER_AUDIT_TOKEN=dp.audit.JLPnojp37qEoQrCXeJ309tDDnxXretXy6cUkki4dgAu"),
            FalsePositives = EquatableArray.Of(
                "DOPPLER_AUDIT_TOKEN=dp.audit.2jx1j0Cre4K8LmC7DfDehgLLnUGjr02hIxJY3XY",
                "doppler_audit_token: dp.audit.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "infisical-universal-auth-secret",
            Description = "Infisical machine identity client secret",
            Severity = Severity.High,
            Regex = @"\b(st\.[a-f0-9-]{36}\.[a-f0-9]{32}\.[a-f0-9]{32})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("st."),
            Tags = EquatableArray.Of("identity", "secret-manager", "infisical"),
            TruePositives = EquatableArray.Of(
                "\"infisical_token\": \"st.01d57aba-d38c-48c2-8501-e4cab3efa9bc.313ff12e3d876c73d7b3fe3f45c0c79e.d73984c83f166fe00ce2f0c608a5a4a8\",",
                "infisical_token: st.c13c2401-c49e-43b4-938e-e519ac8d8e4f.cf0e819005a2346e39b1dee11e52cc24.33e262261ff174ceacad611a457380f9"),
            FalsePositives = EquatableArray.Of(
                "INFISICAL_TOKEN=st.7f4269b8-2de5-47a7-b542-1255b8cb4dbb.6e67be5b8c9fb154142d0617693dc831.426a59bddea12866bac7cad45910169",
                "infisical_token: st.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "akeyless-access-key",
            Description = "Akeyless access key",
            Severity = Severity.High,
            Regex = $@"(?i:akeyless)[\w.-]{{0,20}}(?i:access[_.-]?key|key)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9+/]{{43}}=){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("akeyless"),
            Tags = EquatableArray.Of("identity", "secret-manager", "akeyless"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "      AKEYLESS_ACCESS_KEY: JsUEpKThYVLKj5B8GDOiprs/B4f/r5PA2lnL5frq87p=",
                "akeyless_access_key: 9lTbZStZfHAwKLzwlMQcu0j2yZonPVztFZgrAPTCyTE="),
            FalsePositives = EquatableArray.Of(
                "AKEYLESS_ACCESS_KEY=${AKEYLESS_ACCESS_KEY}",
                "access_key: 6XL30Si5/e2O8FbgfY6pcO0+RAJ1jwIw6X1jkw8HHTp="),
        };

        yield return new SecretRule
        {
            Id = "conjur-api-key",
            Description = "CyberArk Conjur API key",
            Severity = Severity.High,
            Regex = $@"(?i:conjur)[\w.-]{{0,20}}(?i:api[_.-]?key|key)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-z0-9]{{50,60}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("conjur"),
            Tags = EquatableArray.Of("identity", "secret-manager", "cyberark"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "export CONJUR_AUTHN_API_KEY=\"c6atw3f2tblmmjffr95lmne90nbmjilj5zwqk19td1u4nej090cluvx\"",
                "conjur_authn_api_key = ykxepowd5lsbgdvssvlibx7jzhyg49yff9usuuzhgajbkwst4tw6sxw"),
            FalsePositives = EquatableArray.Of(
                "CONJUR_AUTHN_API_KEY=${CONJUR_AUTHN_API_KEY}",
                "authn_api_key = dh8h5p3k60st1nd5fpr7qk2ymz60bmoqyl7v3tvawa5vvh2gctap038"),
        };

        yield return new SecretRule
        {
            Id = "authress-service-client-access-key",
            Description = "Authress service client access key",
            Severity = Severity.High,
            Regex = @"\b((?:sc|ext|scauth|authress)_[A-Za-z0-9]{5,30}\.[A-Za-z0-9]{4,6}\.acc[_-][A-Za-z0-9-]{10,32}\.[A-Za-z0-9+/_=-]{30,120})(?:[^A-Za-z0-9+/_=-]|$)",
            SecretGroup = 1,
            Entropy = 2.0,
            Keywords = EquatableArray.Of(".acc_", ".acc-"),
            Tags = EquatableArray.Of("identity", "authress"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "AUTHRESS_SERVICE_CLIENT_KEY=sc_82nmj3mb9ju4qlqqu3roo4.t65u.acc_zucfozj24fj4btidqv42.MC4CAQAwBQYDK2VwBCIEIENAwndzDB3uEGN4dQ9brp/7S",
                "  accessKey: \"authress_nuim7vuzlujy.8k2ck.acc-fz0t0q-qmi8esd0k.A3YidqN4p0pu2anRSWe6ApJEqxuXhMIzahHI1SPvSfTB\""),
            FalsePositives = EquatableArray.Of(
                "sc_3tir0e1q2n.23r3.acc_m77rtvyrs7hd.short",
                "ext_g8g867drz3.n12v.account.uQBwj5TzuMNEuvHqE8LFrFkyc3B9FKicndzBo72k"),
        };

        yield return new SecretRule
        {
            Id = "intra42-client-secret",
            Description = "42 Intra API client secret",
            Severity = Severity.High,
            Regex = @"\b(s-s4t2(?:ud|af)-[a-f0-9]{64})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("s-s4t2ud-", "s-s4t2af-"),
            Tags = EquatableArray.Of("identity", "42", "oauth"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "FT_CLIENT_SECRET=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",
                "  intra_secret: \"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\""),
            FalsePositives = EquatableArray.Of(
                "FT_CLIENT_SECRET=s-s4t2ud-b28369933129a838351296ddfa0515c599badc80",
                "FT_CLIENT_ID=u-s4t2ud-33eb3d226188895ad1c47f62eaf68f123b9ec96e85a271445938647e4e81605a"),
        };
    }
}
