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
