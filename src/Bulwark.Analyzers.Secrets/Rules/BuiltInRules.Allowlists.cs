using Bulwark.Core;

namespace Bulwark.Analyzers.Secrets.Rules;

public static partial class BuiltInRules
{
    // A nested class so these are initialised before any rule uses them: static initialisers of a partial
    // class run in an unspecified file order, and All is built from every file.
    private static class SharedAllowlists
    {
        // Values that only look like secrets: template variables (${VAR}, {{ var }}, %(var)s, <your-token>),
        // masked or elided values and well-known stand-ins (the OAuth RFC 6749/6750/5849 example values many libraries copy into
        // their docs). Attached to the rules whose values have weak structure.
        internal static readonly SecretAllowlist Placeholders = new()
        {
            Description = "Template variables, placeholder and example values",
            Regexes = EquatableArray.Of(
                @"^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$",
                @"^\{\{.*\}\}$",
                @"^%\([A-Za-z_]+\)s$",
                @"^<[^>]*>$",
                @"(?i)x{4,}|\*{4,}|\.{3,}|#{4,}",
                @"(?i)^(?:changeme|change_me|password|secret|null|none|nil|undefined|true|false|empty|todo|tbd|redacted|hidden|masked)$",
                @"^(?:2YotnFZFEjr1zCsicMWpAA|tGzv3JOkF0XG5Qx2TlKWIA|SplxlOBeZQQYbYS6WxSbIA|czZCaGRSa3F0MzpnWDFmQmF0M2JW|dpf43f3p2l4k3l03|kd94hf93k423kf44|hh5s93j4hdidpola|hdhd0244k9j7ao03|nnch734d00sl2jdk|pfkkdhi9sl3r4s00|0685bd9184jfhq22|mF_9\.B5f-4\.1JqM)$"),
            StopWords = EquatableArray.Of(
                "example",
                "dummy",
                "sample",
                "placeholder",
                "changeme",
                "change_me",
                "redacted",
                "your_",
                "your-",
                "yourkey",
                "yourtoken",
                "insert",
                "replace",
                "fake",
                "mock",
                "notreal",
                "test"),
        };

        // Tests, fixtures, examples and docs are full of made-up credentials; only the generic rules, whose
        // structure cannot tell a real value from an invented one, skip them. Vendor-format rules still scan these paths.
        /// <summary>
        /// In C-family and other compiled sources, and in Python, JavaScript/TypeScript, Ruby and PHP sources, a
        /// right-hand side without quotes is an expression (<c>.pwd = &amp;pll_data</c>, <c>auth = MODE_OPEN</c>,
        /// <c>Credentials: _convert_credentials,</c>, <c>password_hash = hashed? ? a : b</c>), never a literal secret.
        /// An unquoted <c>token: 8ec0d5…</c> in a .py file can only sit in a docstring or comment: YAML examples
        /// (Ansible modules' EXAMPLES blocks, hundreds per collection) and doctests.
        /// </summary>
        /// <remarks>
        /// The regex is anchored at the key (the match starts there) so that it judges the assignment's own operator:
        /// searched anywhere, it found "=" or ":" inside quoted values (<c>Password = "G=*S…"</c>) and read the second
        /// character of <c>:=</c> (Go) and <c>=&gt;</c> (C#, Scala) as an unquoted value, dropping literal secrets.
        /// </remarks>
        internal static readonly SecretAllowlist UnquotedValuesInCompiledSources = new()
        {
            Description = "Unquoted values in compiled-language sources are identifiers or expressions",
            Condition = AllowlistCondition.And,
            RegexTarget = AllowlistTarget.Match,
            Paths = EquatableArray.Of(@"(?i)\.(?:c|h|cc|cpp|cxx|hh|hpp|hxx|m|mm|java|kt|scala|go|rs|cs|swift|dts|dtsi|S|asm|py|pyi|js|mjs|cjs|jsx|ts|mts|cts|tsx|rb|php)$"),
            Regexes = EquatableArray.Of(@"^[A-Za-z0-9_.-]*[""']?\s{0,3}(?::=|=>|\?=|=|:)\s{0,3}[^""'`\s=>]"),
        };

        /// <summary>
        /// In Python an unquoted name followed by a colon (<c>password: "0xcbde…"</c>, <c>secret: 'lsdaj…'</c>) is not
        /// an assignment: as code it can only be an annotation, whose value is a type. Such lines are YAML or prose in
        /// docstrings and comments (Ansible modules' EXAMPLES, doctest output). Quoted keys (dict entries) and
        /// <c>=</c> / <c>:=</c> assignments are still checked.
        /// </summary>
        internal static readonly SecretAllowlist ColonPairsInPythonSources = new()
        {
            Description = "Unquoted key: value pairs in Python sources are docstring YAML or annotations",
            Condition = AllowlistCondition.And,
            RegexTarget = AllowlistTarget.Match,
            Paths = EquatableArray.Of(@"(?i)\.pyi?$"),
            Regexes = EquatableArray.Of(@"^[A-Za-z0-9_.-]*\s{0,3}:[^=]"),
        };

        // Paths are written as literal sets where possible (directory names, suffixes): those are matched as strings,
        // without building a regex (PathPatterns), which keeps a pre-commit hook fast.
        internal static readonly SecretAllowlist TestAndDocumentationPaths = new()
        {
            Description = "Tests, fixtures, examples and documentation carry made-up credentials",
            Paths = EquatableArray.Of(
                // molecule/: Ansible roles' test scenarios.
                @"(?i)(?:^|[/\\])(?:tests?|testing|selftests?|specs?|__tests__|__mocks__|fixtures?|testdata|molecule|examples?|samples?|docs?|Documentation)[/\\]",
                @"(?i)[._-](?:tests?|specs?)[/\\]",
                @"(?i)(?:_test\.go|\.test\.[jt]sx?|\.spec\.[jt]sx?|tests?\.cs|_spec\.rb)$",
                @"(?i)(?:^|[/\\])test_[^/\\]*\.py$",
                @"(?i)\.(?:md|rst|adoc)$",
                // Files and folders named as examples (examples-1.json, example_config.yaml, sample-app/) and
                // templates meant to be copied and filled in (.env.example, settings.py.sample, config.yml.template).
                @"(?i)(?:^|[/\\])(?:examples?|samples?)[._-]",
                @"(?i)\.(?:example|sample|template)$",
                // Go package documentation (doc.go is all comment) and API descriptions, whose values are examples.
                @"(?:^|[/\\])doc\.go$",
                @"(?i)(?:^|[/\\])(?:swagger|openapi)\.(?:ya?ml|json)$"),
        };

        // Values people type when a document or test needs one: runs of the alphabet, of digits or of a keyboard row
        // (abcdefghijklmno1234, 0123456789abcdef…, qwerty), and values that name their own kind (tokenabc1234567890,
        // 12345secret7890, restfuluserpass12, P@ssw0rd!, MySuperSecureP4sswOrd, p%40ssword in a URL). A random secret holds a six-char
        // run by chance about once in a million 40-char values. Attached to the rules that know a secret by its place
        // (generic keys, URLs and connection strings), not to vendor formats.
        internal static readonly SecretAllowlist MadeUpValues = new()
        {
            Description = "Made-up values: alphabet, digit or keyboard runs and values that spell their own kind",
            Regexes = EquatableArray.Of(
                @"(?i)abcdef|bcdefg|cdefgh|defghi|efghij|fghijk|ghijkl|hijklm|ijklmn|jklmno|klmnop|lmnopq|mnopqr|nopqrs|opqrst|pqrstu|qrstuv|rstuvw|stuvwx|tuvwxy|uvwxyz|012345|123456|234567|345678|456789|987654|876543|765432|654321|543210|qwerty|asdfgh|zxcvbn",
                @"(?i)p(?:[a@4]|%40){1,2}(?:%2f|/)?(?:[s$5z]|%24){1,2}w[o0]rd|pass|secret|token|api_?key"),
        };

        // Hosts reserved for documentation (RFC 2606, RFC 6761): credentials in a URL to them are examples.
        internal static readonly SecretAllowlist DocumentationHosts = new()
        {
            Description = "URLs to hosts reserved for documentation (example.com, *.example, *.invalid, *.test)",
            RegexTarget = AllowlistTarget.Match,
            Regexes = EquatableArray.Of(@"(?i)@(?:[a-z0-9_-]+\.)*(?:example\.(?:com|net|org|edu)|[a-z0-9_-]+\.(?:example|invalid|test))\.?$"),
        };

        // `openssl enc` output, base64 of its "Salted__" header: ciphertext, not the secret it hides.
        internal static readonly SecretAllowlist OpenSslCiphertext = new()
        {
            Description = "OpenSSL-encrypted values (base64 of the Salted__ header) are ciphertext, not the secret",
            Regexes = EquatableArray.Of(@"^U2FsdGVkX1"),
        };

        // Python doctest prompts (">>> client = Client(token='…')", "...     password='…')") are documentation
        // inside a source file.
        internal static readonly SecretAllowlist DoctestLines = new()
        {
            Description = "Python doctest lines are documentation",
            RegexTarget = AllowlistTarget.Line,
            Regexes = EquatableArray.Of(@"^\s*(?:>>>|\.\.\.)\s"),
        };
    }
}
