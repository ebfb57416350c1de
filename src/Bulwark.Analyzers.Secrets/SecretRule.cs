using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets;

/// <summary>Which offline check proves a candidate has the credential's real format.</summary>
public enum SecretValidator
{
    None,
    /// <summary>
    /// GitHub ghp_/gho_/ghu_/ghs_/ghr_ tokens: the last 6 chars are base62(CRC32(body)). A checksum: hits that
    /// fail it are dropped unless format-invalid hits are asked for.
    /// </summary>
    GitHubChecksum,
    /// <summary>Header and payload decode to JSON and the header names a known <c>alg</c>.</summary>
    Jwt,
    /// <summary>The PEM block decodes (base64) to a key structure (validated against the match, not the secret group).</summary>
    PemPrivateKey,
    /// <summary>PyPI tokens are macaroons whose base64 body decodes with a pypi.org location.</summary>
    PyPiMacaroon,
    /// <summary>
    /// HTTP Basic credentials decode (base64) to <c>user:password</c> with a non-empty password. Hits that fail are
    /// dropped, like a failed checksum: a value with no password is no secret.
    /// </summary>
    BasicCredentials,
}

/// <summary>
/// How much a rule's hit says about what the secret is. When hits of several rules cover overlapping stretches of
/// the same secret, only the most specific is reported (one finding per secret, as gitleaks and Trivy users expect).
/// </summary>
public enum RuleSpecificity
{
    /// <summary>A secret-looking key with a random-looking value (<c>generic-*</c> rules, .netrc, curl -u).</summary>
    Generic,

    /// <summary>
    /// A credential known by where it sits, whatever its format: an <c>Authorization</c> header, the password of a
    /// URL or connection string.
    /// </summary>
    Placement,

    /// <summary>A format of its own (a vendor prefix, a checksum, a key block, a JWT): says what the credential is.</summary>
    Vendor,
}

/// <summary>When an allowlist applies: any of its criteria (OR) or all of them (AND).</summary>
public enum AllowlistCondition
{
    Or,
    And,
}

/// <summary>What an allowlist's regexes are matched against.</summary>
public enum AllowlistTarget
{
    Secret,
    Match,
    Line,
}

/// <summary>A gitleaks-style allowlist: a hit it covers is not reported.</summary>
public sealed record SecretAllowlist
{
    public string? Description { get; init; }

    public AllowlistCondition Condition { get; init; } = AllowlistCondition.Or;

    public AllowlistTarget RegexTarget { get; init; } = AllowlistTarget.Secret;

    public EquatableArray<string> Regexes { get; init; }

    public EquatableArray<string> Paths { get; init; }

    public EquatableArray<string> StopWords { get; init; }

    public EquatableArray<string> Commits { get; init; }
}

/// <summary>
/// One secret rule. Regexes use .NET syntax and must be safe for a linear-time engine
/// (<c>RegexOptions.NonBacktracking</c>): no lookarounds, no backreferences, no atomic groups (a regex that is not
/// runs on the backtracking engine under a match timeout, and a timeout is a warning).
/// Every built-in rule carries its own true- and false-positive samples, which the test suite runs.
/// </summary>
public sealed record SecretRule
{
    /// <summary>Stable kebab-case id (gitleaks-style, e.g. <c>github-pat</c>).</summary>
    public required string Id { get; init; }

    public required string Description { get; init; }

    public required string Regex { get; init; }

    public Severity Severity { get; init; } = Severity.High;

    /// <summary>Capture group holding the secret; 0 = the whole match (or the first non-empty group when the regex has groups, as gitleaks does).</summary>
    public int SecretGroup { get; init; }

    /// <summary>
    /// Shannon entropy (bits per char) the secret must exceed (gitleaks semantics: a secret at or below it is
    /// dropped); null = no check.
    /// </summary>
    public double? Entropy { get; init; }

    /// <summary>
    /// Lower-case literals, one of which must occur for the regex to run. The regex only sees the lines around
    /// each keyword occurrence, so a match must lie on its keyword's line(s) (or within <see cref="MultilineSpan"/>).
    /// Empty only by exception: such a rule runs over every whole file.
    /// </summary>
    public EquatableArray<string> Keywords { get; init; }

    /// <summary>
    /// How far (in chars, whole lines only) a match may reach beyond its keyword's line, for formats that span
    /// lines (PEM blocks, PuTTY keys, a value on the line after its key). 0 = matches stay on the keyword's line.
    /// </summary>
    public int MultilineSpan { get; init; }

    /// <summary>Regex the file path must match (rules for file types like .pypirc).</summary>
    public string? Path { get; init; }

    public EquatableArray<string> Tags { get; init; }

    public EquatableArray<SecretAllowlist> Allowlists { get; init; }

    public SecretValidator Validator { get; init; }

    /// <summary>
    /// How specific the rule is, for overlapping hits (<see cref="RuleSpecificity"/>). Null: derived as gitleaks does,
    /// <see cref="RuleSpecificity.Generic"/> when the id contains "generic" or a tag is "generic", else
    /// <see cref="RuleSpecificity.Vendor"/>.
    /// </summary>
    public RuleSpecificity? Specificity { get; init; }

    /// <summary>The <see cref="Specificity"/> set on the rule, or the one derived from its id and tags.</summary>
    public RuleSpecificity EffectiveSpecificity => Specificity
        ?? (Id.Contains("generic", StringComparison.OrdinalIgnoreCase) || Tags.Any(t => t.Equals("generic", StringComparison.OrdinalIgnoreCase))
            ? RuleSpecificity.Generic
            : RuleSpecificity.Vendor);

    /// <summary>Lines that must be reported by this rule (real-shaped, made up by us).</summary>
    public EquatableArray<string> TruePositives { get; init; }

    /// <summary>Near misses that must not be reported by this rule.</summary>
    public EquatableArray<string> FalsePositives { get; init; }
}
