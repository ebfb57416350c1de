using Bulwark.Core;

namespace Bulwark.Analyzers.Secrets.Rules;

public static partial class BuiltInRules
{
    // A nested class so these are initialised before any rule uses them: static initialisers of a partial
    // class run in an unspecified file order, and All is built from every file.
    private static class SharedAllowlists
    {
        // Values that only look like secrets: template variables (${VAR}, {{ var }}, %(var)s, <your-token>),
        // masked or elided values and well-known stand-ins (the OAuth RFC 6749/5849 example values many libraries copy into
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
                @"^(?:2YotnFZFEjr1zCsicMWpAA|tGzv3JOkF0XG5Qx2TlKWIA|SplxlOBeZQQYbYS6WxSbIA|czZCaGRSa3F0MzpnWDFmQmF0M2JW|dpf43f3p2l4k3l03|kd94hf93k423kf44|hh5s93j4hdidpola|hdhd0244k9j7ao03|nnch734d00sl2jdk|pfkkdhi9sl3r4s00|0685bd9184jfhq22)$"),
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
        /// In C-family and other compiled sources a right-hand side without quotes is an expression
        /// (<c>.pwd = &amp;pll_data</c>, <c>auth = MODE_OPEN</c>), never a literal secret.
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
            Paths = EquatableArray.Of(@"(?i)\.(?:c|h|cc|cpp|cxx|hh|hpp|hxx|m|mm|java|kt|scala|go|rs|cs|swift|dts|dtsi|S|asm)$"),
            Regexes = EquatableArray.Of(@"^[A-Za-z0-9_.-]*[""']?\s{0,3}(?::=|=>|\?=|=|:)\s{0,3}[^""'`\s=>]"),
        };

        // Paths are written as literal sets where possible (directory names, suffixes): those are matched as strings,
        // without building a regex (PathPatterns), which keeps a pre-commit hook fast.
        internal static readonly SecretAllowlist TestAndDocumentationPaths = new()
        {
            Description = "Tests, fixtures, examples and documentation carry made-up credentials",
            Paths = EquatableArray.Of(
                @"(?i)(?:^|[/\\])(?:tests?|testing|selftests?|specs?|__tests__|__mocks__|fixtures?|testdata|examples?|samples?|docs?|Documentation)[/\\]",
                @"(?i)[._-](?:tests?|specs?)[/\\]",
                @"(?i)(?:_test\.go|\.test\.[jt]sx?|\.spec\.[jt]sx?|tests?\.cs|_spec\.rb)$",
                @"(?i)(?:^|[/\\])test_[^/\\]*\.py$",
                @"(?i)\.(?:md|rst|adoc)$"),
        };
    }
}
