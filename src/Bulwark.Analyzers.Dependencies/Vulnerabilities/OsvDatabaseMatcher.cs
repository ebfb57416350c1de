using Bulwark.Advisories.Matching;
using Bulwark.Advisories.Storage;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;

namespace Bulwark.Analyzers.Dependencies.Vulnerabilities;

/// <summary>
/// Matches the inventory against the local OSV advisory database: one finding per vulnerability (aliases
/// merged) per component occurrence, with the lowest fixed version above the installed one as the fix.
/// </summary>
public sealed class OsvDatabaseMatcher(AdvisoryDatabase database) : IVulnerabilityMatcher
{
    private const int MaxLinks = 10;

    public IEnumerable<Finding> Match(IReadOnlyList<Component> components, CancellationToken cancellationToken)
    {
        foreach (var component in components)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (component.Ecosystem is not { } ecosystem || component.Version is not { } version)
            {
                continue;
            }

            foreach (var match in database.Match(ecosystem, component.Name, version))
            {
                if (match.Status == AffectedStatus.Affected)
                {
                    yield return ToFinding(component, version, match);
                }
            }
        }
    }

    private static Finding ToFinding(Component component, string version, VulnerabilityMatch match)
    {
        var record = match.Records[0];
        var identifiers = match.Identifiers.Where(id => id != match.PrimaryId).Prepend(match.PrimaryId).Select(ToIdentifier);
        var properties = new List<KeyValuePair<string, string>>();
        if (component.Purl is { } purl)
        {
            properties.Add(new("purl", purl));
        }

        if (match.FixedVersion is { } fixedVersion)
        {
            properties.Add(new("fixed-version", fixedVersion));
        }

        if (component.DependencyPaths.Count > 0)
        {
            properties.Add(new("introduced-via", string.Join(" | ", component.DependencyPaths.Select(p => p.ToString()))));
        }

        return new Finding
        {
            ReportType = ReportType.DependencyScanning,
            Analyzer = DependenciesAnalyzerRegistration.Name,
            RuleId = match.PrimaryId,
            Identifiers = identifiers.ToEquatableArray(),
            Name = record.Summary is { Length: > 0 } summary ? summary : $"{match.PrimaryId} in {component.Name}",
            Description = record.Details ?? record.Summary,
            Severity = match.Severity.Severity,
            CvssVectors = match.Records.SelectMany(r => r.Severity)
                .Where(s => s.Type.StartsWith("CVSS_V", StringComparison.Ordinal))
                .Select(s => new CvssVector(record.Id.Split('-')[0], s.Score))
                .Distinct()
                .ToEquatableArray(),
            Solution = match.FixedVersion is { } fix
                ? $"Upgrade {component.Name} from {version} to {fix} or later."
                : $"No fixed version of {component.Name} is known; consider replacing it or mitigating the vulnerability.",
            Links = match.Records.SelectMany(r => r.References).Select(r => r.Url).Distinct().Take(MaxLinks)
                .Select(url => new Link(url)).ToEquatableArray(),
            Location = new DependencyLocation(component.SourceFile ?? component.Name,
                new DependencyReference(component.Name, version, component.IsDirect)),
            Properties = properties.OrderBy(p => p.Key, StringComparer.Ordinal).ToEquatableArray(),
        };
    }

    private static Identifier ToIdentifier(string id)
    {
        if (id.StartsWith("CVE-", StringComparison.Ordinal))
        {
            return Identifier.Cve(id);
        }

        if (id.StartsWith("GHSA-", StringComparison.Ordinal))
        {
            return Identifier.Ghsa(id);
        }

        var prefix = id.Split('-')[0].ToLowerInvariant();
        return new Identifier(prefix, id, id, $"https://osv.dev/vulnerability/{Uri.EscapeDataString(id)}");
    }
}
