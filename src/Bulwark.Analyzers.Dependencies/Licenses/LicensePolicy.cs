using Bulwark.Core.Findings;
using Bulwark.Core.Licenses;

namespace Bulwark.Analyzers.Dependencies.Licenses;

/// <summary>
/// A licence policy: which licences (by SPDX id, id prefix or class) are allowed or denied, what happens to
/// licences nothing can be said about, and which packages are exempt. Loaded by <see cref="LicensePolicyFile"/>.
/// </summary>
internal sealed record LicensePolicy
{
    /// <summary>The file the policy came from, as the user named it (for messages and findings).</summary>
    public required string Source { get; init; }

    public IReadOnlyList<LicenseRule> Allow { get; init; } = [];

    public IReadOnlyList<LicenseRule> Deny { get; init; } = [];

    /// <summary>Whether a licence no rule names is denied (<c>default: deny</c>) rather than allowed.</summary>
    public bool DenyUnlisted { get; init; }

    /// <summary>Severity of a denied licence when its rule says none.</summary>
    public Severity Severity { get; init; } = Severity.High;

    /// <summary>Null: licences that cannot be classified are allowed. Else they are reported at this severity.</summary>
    public Severity? Unknown { get; init; }

    /// <summary>Whether development dependencies are checked too.</summary>
    public bool Development { get; init; } = true;

    public IReadOnlyList<PackageExemption> Ignore { get; init; } = [];
}

/// <summary>What a rule matches: one licence (optionally with its exception), an id prefix, or a class.</summary>
internal enum LicenseRuleKind
{
    Class,
    Prefix,
    License,
    LicenseWithException,
}

/// <summary>One entry of <c>allow</c> or <c>deny</c>; <see cref="Field"/> says where it is written (<c>deny[2]</c>).</summary>
internal sealed record LicenseRule(LicenseRuleKind Kind, string Value, string Field, Severity? Severity = null, string? Reason = null)
{
    public LicenseClass Class { get; init; }

    /// <summary>More specific rules win over less specific ones: an exact licence over a prefix over a class.</summary>
    public int Specificity => (int)Kind;

    public bool Matches(LicenseTerm term, LicenseClass termClass) => Kind switch
    {
        LicenseRuleKind.Class => Class == termClass,
        LicenseRuleKind.Prefix => LicenseName(term) is { } id && id.StartsWith(Value, StringComparison.OrdinalIgnoreCase),
        LicenseRuleKind.License => LicenseName(term) is { } id && string.Equals(id, Value, StringComparison.OrdinalIgnoreCase),
        LicenseRuleKind.LicenseWithException => string.Equals(WithoutPlus(term), Value, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>How the rule reads in the policy file, for messages: <c>deny[2] 'strong-copyleft'</c>.</summary>
    public string Describe() => $"{Field} '{(Kind == LicenseRuleKind.Prefix ? Value + "*" : Value)}'";

    /// <summary>The licence of a term without its exception and "or later" mark: what id and prefix rules compare.</summary>
    private static string? LicenseName(LicenseTerm term) => term switch
    {
        SpdxLicenseId id => id.Id,
        LicenseReference reference => reference.ToString(),
        LicenseWithException with => LicenseName(with.License),
        _ => null,
    };

    private static string WithoutPlus(LicenseTerm term) => term switch
    {
        SpdxLicenseId id => id.Id,
        LicenseWithException with => $"{WithoutPlus(with.License)} WITH {with.Exception}",
        _ => term.ToString(),
    };
}

/// <summary>A package the policy does not judge: by name, optionally only in one ecosystem or at one version.</summary>
internal sealed record PackageExemption(string Package, string? Ecosystem, string? Version, string? Reason, string Field);
