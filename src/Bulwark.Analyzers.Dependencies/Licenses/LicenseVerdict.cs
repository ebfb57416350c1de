using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;
using Bulwark.Core.Licenses;

namespace Bulwark.Analyzers.Dependencies.Licenses;

/// <summary>What a policy says about one component's licences.</summary>
internal enum LicenseOutcome
{
    Allowed,
    Unknown,
    Denied,
}

/// <summary>The outcome, and for a denial the rules that denied (one per licence the user could have chosen).</summary>
internal sealed record LicenseVerdict(LicenseOutcome Outcome, IReadOnlyList<LicenseDenial> Denials)
{
    public static LicenseVerdict Allowed { get; } = new(LicenseOutcome.Allowed, []);

    public static LicenseVerdict UnknownLicense { get; } = new(LicenseOutcome.Unknown, []);
}

/// <summary>One licence a policy denies and why: the rule, or null when it is simply not on the allow list.</summary>
internal sealed record LicenseDenial(string License, LicenseClass Class, LicenseRule? Rule);

/// <summary>
/// Applies a <see cref="LicensePolicy"/> to licences. A licence is judged by the most specific matching rule (an
/// exact licence, then an id prefix, then its class; deny wins over allow at the same level); a licence no rule names
/// follows the policy's default. Expressions follow the user's freedom: with OR one allowed choice is enough,
/// with AND every licence must be allowed. Several declared licences all apply (AND).
/// </summary>
internal static class LicensePolicyEvaluation
{
    public static LicenseVerdict Judge(LicensePolicy policy, IReadOnlyList<string> licenses)
    {
        var normalized = licenses.Select(LicenseNormalizer.Normalize).OfType<NormalizedLicense>().ToList();
        if (normalized.Count == 0)
        {
            return LicenseVerdict.UnknownLicense;
        }

        return normalized.Select(l => Judge(policy, l)).Aggregate(Both);
    }

    public static LicenseVerdict Judge(LicensePolicy policy, NormalizedLicense license)
    {
        if (license.Expression is { } expression)
        {
            return Judge(policy, expression);
        }

        // A licence without an SPDX form ("BSD License", UNLICENSED, SEE LICENSE IN …) is judged by its class alone.
        return license.Class == LicenseClass.Unknown ? LicenseVerdict.UnknownLicense : ByClass(policy, license.Text, license.Class);
    }

    public static bool IsExempt(LicensePolicy policy, Component component, out PackageExemption? exemption)
    {
        exemption = policy.Ignore.FirstOrDefault(e =>
            string.Equals(e.Package, component.Name, StringComparison.OrdinalIgnoreCase)
            && (e.Ecosystem is null || string.Equals(e.Ecosystem, component.Ecosystem, StringComparison.OrdinalIgnoreCase))
            && (e.Version is null || string.Equals(e.Version, component.Version, StringComparison.OrdinalIgnoreCase)));
        return exemption is not null;
    }

    private static LicenseVerdict Judge(LicensePolicy policy, LicenseExpression expression) => expression switch
    {
        LicenseDisjunction or => Either(Judge(policy, or.Left), Judge(policy, or.Right)),
        LicenseConjunction and => Both(Judge(policy, and.Left), Judge(policy, and.Right)),
        LicenseTerm term => Term(policy, term),
        _ => LicenseVerdict.UnknownLicense,
    };

    private static LicenseVerdict Term(LicensePolicy policy, LicenseTerm term)
    {
        var termClass = LicenseClassification.Of(term);
        var deny = Best(policy.Deny, term, termClass);
        var allow = Best(policy.Allow, term, termClass);
        if (deny is not null && (allow is null || deny.Specificity >= allow.Specificity))
        {
            return Denied(term.ToString(), termClass, deny);
        }

        if (allow is not null)
        {
            return LicenseVerdict.Allowed;
        }

        if (termClass == LicenseClass.Unknown)
        {
            return LicenseVerdict.UnknownLicense;
        }

        return policy.DenyUnlisted ? Denied(term.ToString(), termClass, null) : LicenseVerdict.Allowed;
    }

    private static LicenseVerdict ByClass(LicensePolicy policy, string text, LicenseClass licenseClass)
    {
        var deny = policy.Deny.FirstOrDefault(r => r.Kind == LicenseRuleKind.Class && r.Class == licenseClass);
        if (deny is not null)
        {
            return Denied(text, licenseClass, deny);
        }

        if (policy.Allow.Any(r => r.Kind == LicenseRuleKind.Class && r.Class == licenseClass))
        {
            return LicenseVerdict.Allowed;
        }

        return policy.DenyUnlisted ? Denied(text, licenseClass, null) : LicenseVerdict.Allowed;
    }

    private static LicenseRule? Best(IReadOnlyList<LicenseRule> rules, LicenseTerm term, LicenseClass termClass) =>
        rules.Where(r => r.Matches(term, termClass)).OrderByDescending(r => r.Specificity).FirstOrDefault();

    private static LicenseVerdict Denied(string license, LicenseClass licenseClass, LicenseRule? rule) =>
        new(LicenseOutcome.Denied, [new LicenseDenial(license, licenseClass, rule)]);

    /// <summary>OR: the user picks the best choice; all choices denied → every denial is worth naming.</summary>
    private static LicenseVerdict Either(LicenseVerdict a, LicenseVerdict b) =>
        a.Outcome == LicenseOutcome.Allowed || b.Outcome == LicenseOutcome.Allowed ? LicenseVerdict.Allowed
        : a.Outcome == LicenseOutcome.Unknown || b.Outcome == LicenseOutcome.Unknown ? LicenseVerdict.UnknownLicense
        : new LicenseVerdict(LicenseOutcome.Denied, [.. a.Denials, .. b.Denials]);

    /// <summary>AND: every licence applies; one denial denies the whole.</summary>
    private static LicenseVerdict Both(LicenseVerdict a, LicenseVerdict b) =>
        a.Outcome == LicenseOutcome.Denied || b.Outcome == LicenseOutcome.Denied
            ? new LicenseVerdict(LicenseOutcome.Denied, [.. a.Denials, .. b.Denials])
            : a.Outcome == LicenseOutcome.Unknown || b.Outcome == LicenseOutcome.Unknown ? LicenseVerdict.UnknownLicense
            : LicenseVerdict.Allowed;
}
