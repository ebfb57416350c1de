namespace Bulwark.Analyzers.Secrets.Rules;

/// <summary>
/// The rule set Bulwark ships. Each category lives in its own file; this list is the one place that registers
/// them, and docs/secrets-rules.md is generated from it (see <see cref="SecretRuleCatalog"/>).
/// </summary>
/// <remarks>
/// Regex conventions, all for the linear-time engine: no lookarounds, so tokens are delimited by consumed
/// boundary chars (<c>(?:[^A-Za-z0-9_-]|$)</c>) or <c>\b</c> and the secret is a capture group; counted loops stay
/// small because the engine builds one state per repetition (10,000-node cap), so tails longer than ~500 chars are
/// left open (<c>{n,}</c>): the detector's keyword windows already bound how much text a match can span.
/// Service-keyed rules put <c>(?i:...)</c> only around the key name, keeping the value's alphabet exact.
/// </remarks>
public static partial class BuiltInRules
{
    /// <summary>
    /// Between a key naming a service (<c>DATADOG_API_KEY</c>) and its value: the assignment forms gitleaks recognises
    /// (<c>=</c>, <c>:=</c>, <c>::=</c>, <c>:</c>, <c>=&gt;</c>, <c>?=</c>, a JavaScript <c>||</c> default, a function
    /// argument's <c>,</c>, an XML element's <c>&gt;</c>), the key's closing quote and the value's opening one optional.
    /// A C array's <c>[]</c> may follow the key (<c>char datadog_api_key[] = "…"</c>) and the quotes may be escaped, as
    /// code is written inside a JSON string (a notebook cell's source, a JSON document in a JSON string).
    /// </summary>
    private const string ServiceKeyAssignment = @"(?:\[\])?\\?[""']?\s{0,3}(?:=|:=|::=|:|=>|\?=|\|\||,|>)\s{0,3}\\?[""'`]?";

    /// <summary>What may follow a service-keyed value: whitespace, a quote, punctuation closing it, a backslash (an escaped quote or line break), the end.</summary>
    private const string ValueEnd = @"(?:[\s""'`;,)\]}&<\\]|$)";

    public static IReadOnlyList<SecretRule> All { get; } =
    [
        .. Cloud(),
        .. SourceHosting(),
        .. PackageRegistries(),
        .. Payments(),
        .. Communication(),
        .. AiApis(),
        .. Observability(),
        .. Identity(),
        .. Infrastructure(),
        .. Saas(),
        .. PrivateKeys(),
        .. Tokens(),
        .. ConnectionStrings(),
        .. Generic(),
    ];
}
