using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;

namespace Bulwark.Analyzers.Dependencies.Vulnerabilities;

/// <summary>
/// Stands in for the advisory database when there is none: no findings, and a plain warning that the
/// dependencies were inventoried but not checked, with the command that fixes it.
/// </summary>
public sealed class MissingAdvisoryDatabase(string path) : IVulnerabilityMatcher
{
    public IEnumerable<Finding> Match(IReadOnlyList<Component> components, CancellationToken cancellationToken) => [];

    public IReadOnlyList<string> Caveats =>
    [
        $"No advisory database at {path}: dependencies were inventoried but not checked for known vulnerabilities. Create it with `bulwark db update` (or `bulwark db import PATH...` for local OSV data).",
    ];
}
