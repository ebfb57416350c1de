using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;

namespace Bulwark.Cli.Commands.Deps;

/// <summary>One vulnerability of a component: its primary id (CVE when there is one), severity and the fix.</summary>
internal sealed record ComponentVulnerability(string Id, Severity Severity, string? FixedVersion, IReadOnlyList<string> Aliases);

/// <summary>
/// One line of the dependency list: a component of one lockfile, and its vulnerabilities when the inventory was
/// matched against an advisory database (<see cref="Vulnerabilities"/> is null when it was not).
/// </summary>
internal sealed record DependencyRow(Component Component, IReadOnlyList<ComponentVulnerability>? Vulnerabilities)
{
    public int? VulnerabilityCount => Vulnerabilities?.Count;

    /// <summary>The highest severity among the vulnerabilities; null when there are none or nothing was matched.</summary>
    public Severity? HighestSeverity => Vulnerabilities is { Count: > 0 } list ? list.Max(v => v.Severity) : null;

    /// <summary>"direct" or "transitive", as the list shows it.</summary>
    public string Relationship => Component.IsDirect ? "direct" : "transitive";

    public static DependencyRow From(Component component, DependencyInventory inventory)
    {
        if (!inventory.Matched)
        {
            return new DependencyRow(component, null);
        }

        var vulnerabilities = inventory.VulnerabilitiesOf(component)
            .Select(f => new ComponentVulnerability(
                f.RuleId,
                f.Severity,
                f.Properties.FirstOrDefault(p => p.Key == "fixed-version").Value,
                [.. f.Identifiers.Select(i => i.Value).Where(v => v != f.RuleId).Distinct(StringComparer.Ordinal)]))
            .DistinctBy(v => v.Id, StringComparer.Ordinal)
            .OrderByDescending(v => v.Severity)
            .ThenBy(v => v.Id, StringComparer.Ordinal)
            .ToList();
        return new DependencyRow(component, vulnerabilities);
    }
}
