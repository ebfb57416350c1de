using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Rules;

public static partial class BuiltInRules
{
    // Generic rules: secret-looking keys assigned high-entropy values, .netrc and curl credentials. They find
    // what no vendor rule knows, at the cost of precision, so they are Medium, tagged "generic" (a more specific
    // rule's hit on an overlapping span wins: RuleSpecificity), skip tests/fixtures/examples/docs paths and carry the placeholder allowlist.
    // False-positive controls, in order: the value must hold a digit (passwords: a digit or symbol), so words and
    // `password = user_password` variable references stay out; unquoted values cannot hold "." (member access);
    // template syntax ($, {, <, %) cannot start a value; an entropy floor; stop words;
    // allowlists for code identifiers, UUIDs, timestamps and published example values. Loops are open (*) rather than
    // counted: counted loops multiply the linear-time engine's states, which made these rules 25x slower on
    // keyword-dense minified text; the detector's keyword windows bound a match anyway.
    private static IEnumerable<SecretRule> Generic()
    {
        // Entropy above 3.5 bits/char (12+ distinct chars) with a digit; keys are case-insensitive and may be
        // prefixed (ACME_API_TOKEN) or suffixed (client_secret_value). Words like "PreTrainedTokenizerFast" lack the digit.
        yield return new SecretRule
        {
            Id = "generic-secret-assignment",
            Description = "High-entropy value assigned to a secret-looking key (token, secret, API key, credential)",
            Severity = Severity.Medium,
            Regex = @"(?i:(?:secret|token|api[_.-]?key|apikey|access[_.-]?key|auth[_.-]?key|private[_.-]?key|signing[_.-]?key|encryption[_.-]?key|credentials?|auth)(?:[_.-]?(?:key|base|value|str|string|b64|base64|hex|data|[0-9]{1,2})){0,2})(?:\[\])?\\?[""\']?\s{0,3}(?:=|:=|:|=>|\?=)\s{0,3}(?:\\?[""\'`]([A-Za-z0-9_./+=~-]*[0-9][A-Za-z0-9_./+=~-]*)\\?[""\'`]|([A-Za-z0-9_/+=~-]*[0-9][A-Za-z0-9_/+=~-]*)(?:[\s""'`;,)\]}&<]|\\[nr]|$))",
            Entropy = 3.5,
            Keywords = EquatableArray.Of("secret", "token", "key", "credential", "auth"),
            Tags = EquatableArray.Of("generic"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders, SharedAllowlists.TestAndDocumentationPaths, SharedAllowlists.UnquotedValuesInCompiledSources, SharedAllowlists.ColonPairsInPythonSources, SharedAllowlists.MadeUpValues, SharedAllowlists.DoctestLines, SharedAllowlists.OpenSslCiphertext, new SecretAllowlist
                {
                    Description = "Dotted names (syntax-highlighting scopes, module and property paths: support.function.C99.c, markup.heading.1)",
                    Regexes = EquatableArray.Of(@"^[a-z][a-z0-9_-]*(?:\.(?:[A-Za-z][A-Za-z0-9_-]*|[0-9]{1,3}))+$"),
                }, new SecretAllowlist
                {
                    Description = "Identifiers and timestamps in code and API payloads",
                    Regexes = EquatableArray.Of(@"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$", @"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$", @"^[a-z]+[0-9]*(?:[A-Z][a-z0-9]+)+$", @"^(?:[A-Z][a-z]{2,}|[A-Z0-9]{2,6})+$", @"^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?$"),
                }, new SecretAllowlist
                {
                    Description = """
Bare UUIDs under generic keys are request/idempotency ids far more often than secrets;
vendors that use UUID keys have service-keyed rules
""",
                    Regexes = EquatableArray.Of(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"),
                }, new SecretAllowlist
                {
                    Description = ".NET assembly PublicKeyToken values are public identifiers",
                    RegexTarget = AllowlistTarget.Line,
                    Regexes = EquatableArray.Of(@"(?i)publickeytoken\s{0,3}=\s{0,3}[""\']?[0-9a-f]{16}"),
                }),
            TruePositives = EquatableArray.Of(
                "ACME_API_TOKEN=mOFFp1An48JbaJ9iBjvJZwz5H8lYxsiEedtJTfad",
                "  client_secret: \"qx2wWvx9rAJqkEaiSVzSUGbcTl-Uwx_q\"",
                "signing_key = 'CTVJFSIfose7cssOLoH2fkt+cBDMlkaUV2seK3917jYd'",
                "\"apiKey\": \"2muwiPiMLdepiZiwzck6CnufaH3LvRoqzew59O1\",",
                "export INTERNAL_SERVICE_AUTH=0uj7313mrrynavnk9a2ep7wlabtl31owa"),
            FalsePositives = EquatableArray.Of(
                "API_TOKEN=${API_TOKEN}",
                "client_secret: \"{{ vault_client_secret }}\"",
                """api_key = os.environ["API_KEY"]""",
                """token = request.headers.get("token")""",
                "secret_key = settings.SECRET_KEY_FROM_VAULT",
                "SECRET_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                "access_token: \"<your-access-token>\"",
                "auth_token = \"%(auth_token)s\"",
                "token: $TOKEN",
                "api_key = \"****************\"",
                "secret = None",
                "use_auth_token: true",
                "\"tokenizer_class\": \"PreTrainedTokenizerFast\",",
                "exports2.SOCKS5_CUSTOM_AUTH_START = exports2.SOCKS_INCOMING_PACKET_SIZES",
                "private_key: ed25519.Ed25519PrivateKey,",
                "s3_disable_express_session_auth=s3_disable_express_session_auth,",
                "\"ClientRequestToken\": \"a8ca07e4-61ec-4399-99f4-19853801bcd5\",",
                "exports.X509AuthorityKeyIDExtension = X509AuthorityKeyIDExtension;",
                "padapter->securitypriv.ndisauthtype = Ndis802_11AuthModeWPA2PSK;",
                "pmlmeinfo->auth_algo = dot11AuthAlgrthm_8021X;",
                "msg_join.authtype.data = P80211ENUM_authalg_opensystem;",
                "            token: abcdefghijklmno1234",
                "          >>> auth = v2.Token(auth_url=url, token='9c41fa07e2bd3f85a6')",
                "    Token: 'comment.block.actionscript.2'",
                "  TOKEN = \"tokenqb5Vr83nWx2Lp7\"",
                "  vault_secret = \"U2FsdGVkX1/4sRsZ624wbAJfDmagPLq2LsGDOcW/47M=\"",
                "    {\"access_token\":\"mF_9.B5f-4.1JqM\",\"token_type\":\"Bearer\"}"),
        };

        // Passwords are shorter and less random than tokens: entropy above 3.0 (9+ distinct chars) with a digit or
        // symbol, so "PasswordTooShort"-style message keys and variable names stay out.
        yield return new SecretRule
        {
            Id = "generic-password-assignment",
            Description = "Password assigned in code or configuration",
            Severity = Severity.Medium,
            Regex = @"(?i:(?:password|passwd|passphrase|pwd|[_.-]pass)(?:[_.-]?(?:hash|value|str|string|b64|base64|[0-9]{1,2})){0,2})(?:\[\])?\\?[""\']?\s{0,3}(?:=|:=|:|=>|\?=)\s{0,3}(?:\\?[""\'`]([A-Za-z0-9!#&*+./=?@^_|~:-]*[0-9!#&*+=?@^|~][A-Za-z0-9!#&*+./=?@^_|~:-]*)\\?[""\'`]|([A-Za-z0-9!#&*+/=?@^_|~:-]*[0-9!#&*+=?@^|~][A-Za-z0-9!#&*+/=?@^_|~:-]*)(?:[\s""'`;,)\]}&<]|\\[nr]|$))",
            Entropy = 3.0,
            Keywords = EquatableArray.Of("password", "passwd", "passphrase", "pwd", "pass"),
            Tags = EquatableArray.Of("generic"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders, SharedAllowlists.TestAndDocumentationPaths, SharedAllowlists.UnquotedValuesInCompiledSources, SharedAllowlists.ColonPairsInPythonSources, SharedAllowlists.MadeUpValues, SharedAllowlists.DoctestLines, SharedAllowlists.OpenSslCiphertext, new SecretAllowlist
                {
                    Description = "An e-mail address as the password is the anonymous-FTP convention, not a secret",
                    Regexes = EquatableArray.Of(@"^[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}$"),
                }, new SecretAllowlist
                {
                    Description = "Identifiers and timestamps in code and API payloads",
                    Regexes = EquatableArray.Of(@"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$", @"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$", @"^[a-z]+[0-9]*(?:[A-Z][a-z0-9]+)+$", @"^(?:[A-Z][a-z]{2,}|[A-Z0-9]{2,6})+$", @"^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?$"),
                }),
            TruePositives = EquatableArray.Of(
                "DB_PASSWORD=h6+r3+r*D8FFx+7",
                "  password: \"sMNCCyxm7BKV*x3B\"",
                "smtp_pass = 'PSQuLCEQs8eU'",
                "\"adminPassword\": \"xx+KscHNvAabzMwC#LYj\",",
                """$password = "Y=*FCzcJEnJTZu";"""),
            FalsePositives = EquatableArray.Of(
                "DB_PASSWORD=${DB_PASSWORD}",
                "password: \"{{ db_password }}\"",
                "password = user_password",
                "password = getpass.getpass()",
                "\"password\": \"Please enter your password\"",
                "PASSWORD=changeme",
                "password: \"********\"",
                "password: <db-password>",
                "passwd = %(passwd)s",
                "password = \"password\"",
                "bypass = \"some_value_123\"",
                "\"password\": \"PasswordTooShort\",",
                "\"PasswordLastUsed\": \"2016-09-08T21:47:36Z\",",
                "reg_fec1_pwdn: regulator-fec1-pwdn {",
                "[ $? -eq 0 ] && echo \"PASS: icmp+nfqueue via vrf\"",
                ".gpio_pwdown\t\t= GPIO105_HX4700_nIR_ON,",
                "  admin_password = \"MySuperSecureP4sswOrd!\"",
                "  db_password = \"Passw0rd2024!\"",
                "    def __init__(self, username=\"anonymous\", password=\"guest@ftp.acme.io\"):",
                "    {{ lookup('cpm_metering', cpm_url=url, cpm_password='restfulpowerpass12') }}"),
        };

        // curl, git and pip read ~/.netrc: machine/login/password tokens on one or several lines.
        yield return new SecretRule
        {
            Id = "netrc-credentials",
            Description = ".netrc machine credentials",
            Severity = Severity.High,
            Regex = @"(?i:machine)\s{1,10}[^\s]{1,200}\s{1,10}(?i:login)\s{1,10}[^\s]{1,200}\s{1,10}(?i:password)\s{1,10}([^\s$\'""`{}<>%][^\s\'""`]{5,199})",
            SecretGroup = 1,
            MultilineSpan = 512,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("machine"),
            Tags = EquatableArray.Of("generic", "netrc"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders, SharedAllowlists.TestAndDocumentationPaths, SharedAllowlists.MadeUpValues),
            TruePositives = EquatableArray.Of(
                "machine api.heroku.com login ops@acme.io password 162a65ed-a9b4-4112-8b2f-0c541fc04bca",
                """
                machine github.com
                  login deploy-bot
                  password q8#Vz2mLx9TkR4wPb7
                """),
            FalsePositives = EquatableArray.Of(
                "machine example.com login user password $TOKEN",
                "machine api.acme.io login bot password secret",
                "machine ci.acme.io login bot password Qx7passVb93kLm",
                "f'machine {hostname}{path} login {self.username} password {self.password}'"),
        };

        yield return new SecretRule
        {
            Id = "curl-user-credentials",
            Description = "Credentials passed to curl with -u/--user",
            Severity = Severity.Medium,
            Regex = @"\bcurl\b[^\n]{0,300}\s(?:-u|--user)\s{1,3}[""\']?([^\s:""\'$]{1,64}:[^\s""\'$]{6,128})[""\']?(?:\s|$)",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("curl"),
            Tags = EquatableArray.Of("generic", "curl"),
            // No MadeUpValues: the secret is user:password, and user names such as "apikey" or "ci-token" are ordinary.
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders, SharedAllowlists.TestAndDocumentationPaths),
            TruePositives = EquatableArray.Of(
                "curl -u apikey:Hq7vR2mXk9LpW4zT https://api.acme.io/v2/usage",
                "curl -sS -u ci-bot:JfwOBgE6ZL7WbVwBmSgGnJ3q https://nexus.acme.io/service/rest/v1/components?repository=releases",
                """curl --user "admin:6nmE&=8LHEQMVg#ASJ" -X POST https://jenkins.acme.io/job/deploy/build"""),
            FalsePositives = EquatableArray.Of(
                """curl -u "$USER:$TOKEN" https://api.acme.io""",
                "curl -u admin:admin123 http://localhost:8081",
                "curl -u user: https://x"),
        };

        yield return new SecretRule
        {
            Id = "url-query-credential",
            Description = "Credential in a URL query parameter",
            Severity = Severity.Medium,
            Regex = @"[?&](?i:api[_-]?key|apikey|access[_-]?token|auth[_-]?token|token|secret|client[_-]?secret|private[_-]?token)=([A-Za-z0-9._~+/%-]{16,300})(?:[&#""\'`\s<>)]|$)",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("key", "token", "secret"),
            Tags = EquatableArray.Of("generic", "url"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders, SharedAllowlists.TestAndDocumentationPaths, SharedAllowlists.MadeUpValues),
            TruePositives = EquatableArray.Of(
                "https://api.openweathermap.org/data/2.5/weather?q=Oslo&appid=x&apikey=e6e1f7054be39db795e8aa47be570b6f",
                "fetch(`https://gitlab.acme.io/api/v4/projects?private_token=w4kakw688VhYPkN3keFK`)"),
            FalsePositives = EquatableArray.Of(
                "https://api.acme.io/v1/items?token=${TOKEN}",
                "https://api.acme.io/v1/items?api_key=YOUR_API_KEY_HERE",
                "https://api.acme.io/v1/items?token=abc"),
        };
    }
}
