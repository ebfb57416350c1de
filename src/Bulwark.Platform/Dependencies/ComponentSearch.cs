using Bulwark.Advisories.Versions;
using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Platform.Dependencies;

/// <summary>"Which projects use log4j-core below 2.17.1?": a package name, optionally its ecosystem or purl type, and a version range.</summary>
public sealed record ComponentQuery(string Name, string? Ecosystem = null, string? PurlType = null, VersionRange? Range = null);

/// <summary>A component that matched; <see cref="Unordered"/> says why its version could not be compared with the range.</summary>
public sealed record ComponentMatch(ProjectComponent Component, string? Ecosystem, string? Unordered = null);

/// <summary>
/// Searches the dependency lists of the given projects. The name matches exactly (case-insensitive), and a
/// bare Maven artifact (<c>log4j-core</c>) also matches its <c>group:artifact</c> names. Versions are compared
/// with the component's ecosystem ordering (Maven, SemVer for npm and Cargo, PEP 440, Go, NuGet, RubyGems…);
/// a version that ordering cannot read is reported apart as unordered, never guessed by comparing text.
/// </summary>
public static class ComponentSearch
{
    public static async Task<(IReadOnlyList<ComponentMatch> Matches, IReadOnlyList<ComponentMatch> Unordered)> SearchAsync(
        PlatformDbContext db, IReadOnlyCollection<long> projectIds, ComponentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(projectIds);
        ArgumentNullException.ThrowIfNull(query);
        if (projectIds.Count == 0)
        {
            return ([], []);
        }

        var ids = projectIds.ToList();
        var key = query.Name.Trim().ToLowerInvariant();
        var artifact = ":" + key;
        var candidates = db.Components.AsNoTracking().Where(c => ids.Contains(c.ProjectId));
        candidates = key.Contains(':', StringComparison.Ordinal)
            ? candidates.Where(c => c.NameKey == key)
            : candidates.Where(c => c.NameKey == key || c.NameKey.EndsWith(artifact));
        var found = await candidates.ToListAsync(cancellationToken).ConfigureAwait(false);

        var matches = new List<ComponentMatch>();
        var unordered = new List<ComponentMatch>();
        foreach (var component in found)
        {
            var ecosystem = Ecosystems.Of(component.Ecosystem, component.Purl);
            if (query.Ecosystem is { } wanted && !string.Equals(ecosystem, wanted.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (query.PurlType is { } type && !string.Equals(Ecosystems.PurlType(component.Purl), type.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (query.Range is not { } range)
            {
                matches.Add(new ComponentMatch(component, ecosystem));
                continue;
            }

            if (string.IsNullOrEmpty(component.Version))
            {
                unordered.Add(new ComponentMatch(component, ecosystem, "the component has no version"));
                continue;
            }

            if (ecosystem is null || !VersionSchemes.TryGet(ecosystem, out var scheme))
            {
                unordered.Add(new ComponentMatch(component, ecosystem, ecosystem is null ? "the ecosystem is unknown" : $"no version ordering is known for {ecosystem}"));
                continue;
            }

            switch (range.Contains(scheme, component.Version))
            {
                case true:
                    matches.Add(new ComponentMatch(component, ecosystem));
                    break;
                case null:
                    unordered.Add(new ComponentMatch(component, ecosystem, $"{scheme.Name} cannot compare '{component.Version}' with the range"));
                    break;
            }
        }

        return (matches, unordered);
    }
}
