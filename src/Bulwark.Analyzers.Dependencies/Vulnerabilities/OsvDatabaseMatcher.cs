using System.Collections.Concurrent;
using Bulwark.Advisories.Matching;
using Bulwark.Advisories.Storage;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;

namespace Bulwark.Analyzers.Dependencies.Vulnerabilities;

/// <summary>
/// Matches the inventory against the local OSV advisory database: one finding per vulnerability (aliases
/// merged) per component occurrence, with the lowest fixed version above the installed one as the fix.
/// A database last brought up to date more than <see cref="DatabaseStatus.StaleAfter"/> before
/// <paramref name="now"/> is named in a caveat: new advisories since then are missed.
/// </summary>
public sealed class OsvDatabaseMatcher(AdvisoryDatabase database, DateTimeOffset now) : IVulnerabilityMatcher
{
    private const int MaxLinks = 10;

    public OsvDatabaseMatcher(AdvisoryDatabase database)
        : this(database, DateTimeOffset.UtcNow)
    {
    }

    public IReadOnlyList<string> Caveats
    {
        get
        {
            var fresh = database.FreshAsOf();
            if (fresh is { } asOf && now - asOf <= DatabaseStatus.StaleAfter)
            {
                return [];
            }

            var age = fresh is { } when
                ? $"was last brought up to date {(int)(now - when).TotalDays} days ago ({when.UtcDateTime:yyyy-MM-dd})"
                : "has never been filled";
            return [$"The advisory database at {database.Path} {age}; advisories published since are not matched. Run `bulwark db update`."];
        }
    }

    public IEnumerable<Finding> Match(IReadOnlyList<Component> components, CancellationToken cancellationToken)
    {
        // One query per ecosystem says which packages have records at all; most packages of a tree have none, and
        // the same package version in many lockfiles of a monorepo is evaluated once, on every core.
        var known = components.Select(c => c.Ecosystem).OfType<string>().Distinct(StringComparer.Ordinal)
            .ToDictionary(e => e, database.PackagesWithRecords, StringComparer.Ordinal);
        var candidates = components
            .Where(c => c.Ecosystem is { } e && c.Version is not null && known[e].Contains(PackageNames.Normalize(e, c.Name)))
            .ToList();
        var matches = new ConcurrentDictionary<(string Ecosystem, string Name, string Version), IReadOnlyList<VulnerabilityMatch>>();
        Parallel.ForEach(
            candidates.Select(c => (c.Ecosystem!, c.Name, c.Version!)).Distinct(),
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            key => matches[key] = database.Match(key.Item1, key.Item2, key.Item3));

        foreach (var component in candidates)
        {
            foreach (var match in matches[(component.Ecosystem!, component.Name, component.Version!)])
            {
                if (match.Status == AffectedStatus.Affected)
                {
                    yield return ToFinding(component, component.Version!, match);
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
