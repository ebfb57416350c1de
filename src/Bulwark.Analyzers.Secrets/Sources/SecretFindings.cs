using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Sources;

/// <summary>
/// Turns leaks into the shared <see cref="Finding"/> model, redacting on the way out. The property keys are the
/// contract with the report writers (gitleaks JSON reads them back) and with baselines.
/// </summary>
public static class SecretFindings
{
    public const string Analyzer = "secrets";

    /// <summary>The secret, redacted unless asked otherwise.</summary>
    public const string SecretKey = "secret";

    /// <summary>The whole rule match, with the secret in it redacted.</summary>
    public const string MatchKey = "match";

    public const string EntropyKey = "entropy";

    /// <summary>gitleaks' fingerprint (<c>commit:file:rule:line</c> / <c>file:rule:line</c>), for ignore files and baselines.</summary>
    public const string FingerprintKey = "fingerprint";

    /// <summary>
    /// A hash of rule and secret (<see cref="SecretHash"/>): lets a baseline recognise a secret that moved to
    /// another line or commit without the report holding the secret.
    /// </summary>
    public const string SecretHashKey = "secret-hash";

    public const string TagsKey = "tags";

    /// <summary>The encodings peeled to find the secret (<c>base64</c>, <c>base64,hex</c>); absent when found as written.</summary>
    public const string DecodedKey = "decoded";

    public const string ValidityKey = "validity";

    public static Finding ToFinding(Leak leak, bool redact = true)
    {
        var secret = redact ? Redact(leak.Secret) : leak.Secret;
        var match = redact && leak.Secret.Length > 0 ? leak.Match.Replace(leak.Secret, secret, StringComparison.Ordinal) : leak.Match;
        var properties = new List<KeyValuePair<string, string>>
        {
            new(SecretKey, secret),
            new(MatchKey, match),
            new(EntropyKey, leak.Entropy.ToString("0.########", CultureInfo.InvariantCulture)),
            new(FingerprintKey, leak.Fingerprint),
            new(SecretHashKey, SecretHash(leak.RuleId, leak.Secret)),
        };
        if (!leak.Tags.IsEmpty)
        {
            properties.Add(new(TagsKey, string.Join(',', leak.Tags)));
        }

        if (leak.Decoded is { } decoded)
        {
            properties.Add(new(DecodedKey, decoded));
        }

        if (leak.Validity is { } validity)
        {
            properties.Add(new(ValidityKey, validity));
        }

        return new Finding
        {
            ReportType = ReportType.SecretDetection,
            Analyzer = Analyzer,
            RuleId = leak.RuleId,
            Identifiers = EquatableArray.Of(Identifier.Rule(Analyzer, leak.RuleId)),
            Location = new SecretLocation(leak.File, leak.Commit, leak.StartLine, leak.EndLine, leak.StartColumn, leak.EndColumn),
            Name = leak.Description,
            Description = leak.Decoded is null
                ? $"{leak.Description} in {leak.File}."
                : $"{leak.Description} in {leak.File}, hidden in {leak.Decoded}-encoded text.",
            Solution = "Revoke and rotate this secret, then remove it from the code (and from the history if it was committed).",
            Severity = leak.Severity,
            RawSourceCodeExtract = secret,
            Properties = properties.OrderBy(p => p.Key, StringComparer.Ordinal).ToEquatableArray(),
        };
    }

    /// <summary>The first 4 characters and an ellipsis: enough to recognise a secret, not to use it.</summary>
    public static string Redact(string secret) => secret.Length <= 4 ? "…" : string.Concat(secret.AsSpan(0, 4), "…");

    /// <summary>
    /// SHA-256 of rule and secret, first 128 bits in hex. It identifies, it does not protect: a weak password
    /// could be guessed from it, so reports that must not reveal anything should drop it.
    /// </summary>
    public static string SecretHash(string ruleId, string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"bulwark-secret\0{ruleId}\0{secret}")).AsSpan(0, 16));
}
