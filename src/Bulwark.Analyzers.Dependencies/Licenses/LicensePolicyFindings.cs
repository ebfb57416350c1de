using System.Globalization;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;
using Bulwark.Core.Licenses;

namespace Bulwark.Analyzers.Dependencies.Licenses;

/// <summary>
/// Turns a licence policy's verdicts into dependency_scanning findings: one per component and lockfile whose
/// licence is denied (or unknown, when the policy denies unknown licences). The primary identifier is the licence
/// (type <c>license</c>), so a package keeps its identity across scans while its licence stays the same.
/// </summary>
internal static class LicensePolicyFindings
{
    public const string IdentifierType = "license";

    public static IEnumerable<Finding> Evaluate(LicensePolicy policy, IEnumerable<Component> components)
    {
        foreach (var component in components)
        {
            if ((component.IsDevelopment && !policy.Development) || LicensePolicyEvaluation.IsExempt(policy, component, out _))
            {
                continue;
            }

            var verdict = LicensePolicyEvaluation.Judge(policy, component.Licenses);
            switch (verdict.Outcome)
            {
                case LicenseOutcome.Denied:
                    yield return Denied(policy, component, verdict.Denials);
                    break;
                case LicenseOutcome.Unknown when policy.Unknown is { } severity:
                    yield return Unknown(policy, component, severity);
                    break;
            }
        }
    }

    private static Finding Denied(LicensePolicy policy, Component component, IReadOnlyList<LicenseDenial> denials)
    {
        var license = Declared(component);
        var severity = denials.Select(d => d.Rule?.Severity ?? policy.Severity).Max();
        var reasons = denials.Select(d => d.Rule is { } rule
            ? $"{d.License} ({d.Class.Name()}) is denied by {rule.Describe()}{(rule.Reason is { Length: > 0 } why ? $": {why}" : string.Empty)}"
            : $"{d.License} ({d.Class.Name()}) is not on the allow list")
            .Distinct(StringComparer.Ordinal);
        var description = $"{Package(component)} is licensed under {license}. The licence policy {policy.Source} does not allow it: "
            + string.Join("; ", reasons) + ".";
        return Build(policy, component, license, severity, $"Licence {license} is not allowed", description,
            [.. denials.Select(d => d.Rule?.Describe() ?? "not on the allow list").Distinct(StringComparer.Ordinal)]);
    }

    private static Finding Unknown(LicensePolicy policy, Component component, Severity severity)
    {
        var declared = LicenseNormalizer.NormalizeAll(component.Licenses);
        var license = declared.Count == 0 ? "unknown" : Declared(component);
        var what = declared.Count == 0
            ? $"{Package(component)} declares no licence in its lockfile or installed manifest"
            : $"{Package(component)} declares the licence {license}, which Bulwark cannot classify";
        var description = $"{what}. The licence policy {policy.Source} denies licences it cannot judge (unknown: deny).";
        return Build(policy, component, license, severity,
            declared.Count == 0 ? "No licence declared" : $"Licence {license} is unknown", description, ["unknown: deny"]);
    }

    private static Finding Build(LicensePolicy policy, Component component, string license, Severity severity, string name, string description, IReadOnlyList<string> rules)
    {
        var normalized = LicenseNormalizer.Normalize(license);
        var licenseClass = normalized?.Class ?? LicenseClass.Unknown;
        var url = normalized?.Expression is SpdxLicenseId id ? $"https://spdx.org/licenses/{id.Id}.html" : null;
        var properties = new List<KeyValuePair<string, string>>
        {
            new("license", license),
            new("license-class", licenseClass.Name()),
            new("license-policy", policy.Source),
            new("license-policy-rule", string.Join(", ", rules)),
        };
        if (component.Purl is { } purl)
        {
            properties.Add(new("purl", purl));
        }

        if (component.DependencyPaths.Count > 0)
        {
            properties.Add(new("introduced-via", string.Join(" | ", component.DependencyPaths.Select(p => p.ToString()))));
        }

        return new Finding
        {
            ReportType = ReportType.DependencyScanning,
            Analyzer = DependenciesAnalyzerRegistration.Name,
            RuleId = $"{IdentifierType}:{license}",
            Identifiers = new[] { new Identifier(IdentifierType, license, license, url) }.ToEquatableArray(),
            Name = name,
            Description = description,
            Solution = $"Replace {component.Name} with a package under an allowed licence, obtain it under another licence, "
                + $"or, after legal review, exempt it in {policy.Source} (ignore: - package: {component.Name}).",
            Severity = severity,
            Location = new DependencyLocation(component.SourceFile ?? component.Name,
                new DependencyReference(component.Name, component.Version ?? string.Empty, component.IsDirect)),
            Properties = properties.OrderBy(p => p.Key, StringComparer.Ordinal).ToEquatableArray(),
        };
    }

    /// <summary>The component's licences as one text: several declared licences all apply.</summary>
    private static string Declared(Component component)
    {
        var licenses = LicenseNormalizer.NormalizeAll(component.Licenses);
        return licenses.Count switch
        {
            0 => "unknown",
            1 => licenses[0],
            _ => string.Join(" AND ", licenses.Select(l => l.Contains(' ', StringComparison.Ordinal) ? $"({l})" : l)),
        };
    }

    private static string Package(Component component) =>
        string.Create(CultureInfo.InvariantCulture, $"{component.Name} {component.Version ?? "(no version)"} ({component.SourceFile ?? "no lockfile"})");
}
