using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Rules;

public static partial class BuiltInRules
{
    // Vendor-neutral token shapes: JWTs and credentials in HTTP authorization headers. Medium: the shape
    // says "credential" but not whose or how powerful. A header says where a credential is, not what it is, so a
    // vendor rule's (or the JWT rule's) hit on the same value wins over the header rules (RuleSpecificity.Placement).
    private static IEnumerable<SecretRule> Tokens()
    {
        // Header and payload are base64url JSON objects, so both start with "eyJ" ({"). The Jwt validator
        // decodes them and requires a known alg, which drops look-alikes.
        yield return new SecretRule
        {
            Id = "jwt",
            Description = "JSON Web Token",
            Severity = Severity.Medium,
            Regex = @"\b(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("eyj"),
            Tags = EquatableArray.Of("token", "jwt"),
            Validator = SecretValidator.Jwt,
            TruePositives = EquatableArray.Of(
                """curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI4OGNlZmMzYjJiZWQiLCJpYXQiOjE3MjM5MTA4MjMsImV4cCI6MTcyMzkxNDQyM30.zocfzdcdOCx70LTHnSmpvacq48WgBj0qzTuPacGlpQg" https://api.acme.io/v2/orders""",
                "SUPABASE_SERVICE_ROLE_KEY=eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjFOYWg1bV9IT2lHZ0NZRVgifQ.eyJzdWIiOiIzYzBkMzZmMzk5MTAiLCJpYXQiOjE3MTg4Nzc4OTYsImV4cCI6MTcxODg4MTQ5Nn0.xcpd252wwr8XH2EHFo9PfpwfMoQPXFmz2cdoj2JoEhuV4i9ySUaT6aR3EDBHKMsZluVP4NVpKwpbXPqySzbPF1MsXvEsv2F3KJeFBxSZYuj8K6GDUNsj3MUsuYhfobW9_slOA1S0iACQyDpQlbjtQqPQ-73zKeCgti3ei2h24QtIWGcRDSWiQh8Ww7PhwF6R890EE2MtkwIdTaH720-RzZ_mMvrV2MMvaU2ZSl0hLTmW9w_Pu6_ole-h3Tq0KURt7IVSi27M2O7wI4lrUYxrRp1fDOUNOxDYwmKjz565x2_yGS47dLTldpqLrhRnaxH7Q0muA66gMuA9rAFUs0NtUA",
                """const token = "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6InptaDl6X2F2Z0swRVhfak4ifQ.eyJzdWIiOiIyMmQ3MWZmNmU3YzgiLCJpYXQiOjE3MjMyNDY2NjgsImV4cCI6MTcyMzI1MDI2OH0.ODxSsKike26QUVpAJtjry_LyB2jWWObiFxwpisda4Q1A4778ymIXRWIqPrri2RUB9ZbT9p0y0YBW5MEAeouaNA";"""),
            FalsePositives = EquatableArray.Of(
                """const header = "eyJhbGciOiJIUzI1NiJ9.e30";""",
                "token: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0",
                "jwt = \"eyJUHU65qWZvs7zh99DDBLmSAIWpQXvf5.oMmgSaxfoArgNvmmVxasAwt-kGsNLyzgw4bgdl4T.Yuq1G93txH2FW4KhN-SP23eQkRcRF5J-pSXhlTAvshT\""),
        };

        // Opaque tokens have no vendor shape; the header is the evidence, and entropy drops words.
        yield return new SecretRule
        {
            Id = "authorization-bearer-token",
            Description = "Bearer token in an Authorization header",
            Severity = Severity.Medium,
            Regex = @"(?i:authorization)[""\']?\s{0,3}[:=,]\s{0,3}[""\']?(?i:bearer)\s{1,3}([A-Za-z0-9._~+/-]{20,}={0,2})(?:[^A-Za-z0-9._~+/=-]|$)",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("bearer"),
            Specificity = RuleSpecificity.Placement,
            Tags = EquatableArray.Of("token", "http"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                """curl -H "Authorization: Bearer qQUpyQ96j1mQjcrT3nfQz95rGC5sAD8eIyVPuUPQ" https://api.acme.io/v1/me""",
                "headers = {'Authorization': 'Bearer hIYgzwjUJWiNGma9GQAxbzUfGLWu5LPmENT-7lZfwJP04BkOaXW1FGzqV1D497Fq'}",
                "Authorization: bearer DgPGcoiQYwgFcqFXv88243ry.4YitvYF059zEcQQGENzsz12tzTlDIF"),
            FalsePositives = EquatableArray.Of(
                """curl -H "Authorization: Bearer $API_TOKEN" https://api.acme.io/v1/me""",
                "headers = {'Authorization': f'Bearer {token}'}",
                "Authorization: Bearer <token>",
                "Authorization: Bearer xxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // base64("user:password") is the password in clear. The entropy floor drops tiny demo values
        // like dXNlcjpwYXNz (user:pass).
        yield return new SecretRule
        {
            Id = "authorization-basic-credentials",
            Description = "Basic credentials in an Authorization header",
            Severity = Severity.High,
            Regex = @"(?i:authorization)[""\']?\s{0,3}[:=,]\s{0,3}[""\']?(?i:basic)\s{1,3}([A-Za-z0-9+/]{8,}={0,2})(?:[^A-Za-z0-9+/=]|$)",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("basic"),
            Specificity = RuleSpecificity.Placement,
            Tags = EquatableArray.Of("token", "http"),
            Validator = SecretValidator.BasicCredentials,
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                """curl -H "Authorization: Basic ZGVwbG95OjZzTkcjI291MipuZEhKdWdqN21z" https://nexus.acme.io/service/rest/v1/assets""",
                "  Authorization: \"Basic YWRtaW46ekdeN0VEeTJuI0d5TE53dmdlNmU=\""),
            FalsePositives = EquatableArray.Of(
                """curl -H "Authorization: Basic ${CREDENTIALS}" https://nexus.acme.io""",
                "Authorization: Basic <base64(user:pass)>",
                "Authorization: Basic dXNlcjpwYXNz",
                "headers = {'Authorization': 'Basic b3BlbnNoaWZ0LWNoYWxsZW5naW5nLWNsaWVudDo='}",
                "Authorization: Basic QmVhcmVyVG9rZW5XaXRob3V0Q29sb24="),
        };

        yield return new SecretRule
        {
            Id = "api-key-header",
            Description = "API key in an X-API-Key style header",
            Severity = Severity.Medium,
            Regex = @"(?i:x-api-key|api-key|x-auth-token|x-access-token)[""\']?\s{0,3}[:=,]\s{0,3}[""\']?([A-Za-z0-9._~+/-]{16,200}={0,2})(?:[\s""'`;,)\]}&<]|\\[nr]|$)",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("x-api-key", "api-key", "x-auth-token", "x-access-token"),
            Specificity = RuleSpecificity.Placement,
            Tags = EquatableArray.Of("token", "http"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders, SharedAllowlists.MadeUpValues, new SecretAllowlist
                {
                    // An unquoted value after the header name is code: headers.set('X-Auth-Token', self.NOAUTH_TOKEN).
                    Description = "Member access and constant names are references to a key, not the key",
                    Regexes = EquatableArray.Of(@"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$", @"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$"),
                }),
            TruePositives = EquatableArray.Of(
                """curl -H "X-API-Key: l8jIPIsXltBsGFPeBVXeFFfdmviQ5iPN" https://api.acme.io/v1/reports""",
                "requests.get(url, headers={'x-api-key': 'c4mVrCuNQvkij2rFuPV7pEEcbkXjvuJv2v3DIu8A'})"),
            FalsePositives = EquatableArray.Of(
                """curl -H "X-API-Key: $ACME_KEY" https://api.acme.io""",
                "headers={'x-api-key': api_key}",
                "X-API-Key: your-api-key-here",
                "self.session.headers.set('X-Auth-Token', self.NOAUTH_TOKEN2)",
                "req.setRequestHeader('x-api-key', config.ACME_API_KEY_V2);"),
        };

        yield return new SecretRule
        {
            Id = "django-insecure-secret-key",
            Description = "Django SECRET_KEY generated by startproject (django-insecure-)",
            Severity = Severity.High,
            Regex = @"[""'](django-insecure-[^""'\s]{30,250})[""']",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("django-insecure-"),
            Tags = EquatableArray.Of("framework", "django"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "SECRET_KEY = 'django-insecure-_&81*5nn=y-9ycrx&oi&df&tz=^(+g3gx-8tozn*h&gk878#*j'",
                "DJANGO_SECRET_KEY=\"django-insecure-+tf*vymor2bz@#3&1qp*yq@fhh3%zo!6*%^o)d@zg!8n3r)-v3\""),
            FalsePositives = EquatableArray.Of(
                "SECRET_KEY = 'django-insecure-changeme'",
                "SECRET_KEY = os.environ['DJANGO_SECRET_KEY']  # never django-insecure-"),
        };
    }
}
