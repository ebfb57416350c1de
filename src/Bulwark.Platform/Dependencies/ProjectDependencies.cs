using System.Globalization;
using System.Text;
using System.Text.Json;
using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Platform.Dependencies;

public enum DependencySort
{
    NameAsc,
    NameDesc,
    SeverityDesc,
    EcosystemAsc,
}

/// <summary>Filters of a dependency list; null means "any".</summary>
public sealed record DependencyFilter
{
    /// <summary>Part of the name, case-insensitive.</summary>
    public string? Name { get; init; }

    /// <summary>OSV ecosystems (<c>npm</c>, <c>Maven</c>…), case-insensitive.</summary>
    public IReadOnlyList<string> Ecosystems { get; init; } = [];

    /// <summary>Part of the licence expression, case-insensitive (<c>MIT</c>, <c>GPL</c>).</summary>
    public string? License { get; init; }

    public bool? HasVulnerabilities { get; init; }

    public DependencySort Sort { get; init; } = DependencySort.NameAsc;
}

/// <summary>An open vulnerability of a dependency.</summary>
public sealed record DependencyVulnerability(long Id, string Title, int Severity, VulnerabilityState State);

public sealed record Dependency(ProjectComponent Component, IReadOnlyList<DependencyVulnerability> Vulnerabilities)
{
    /// <summary>The most severe open vulnerability's severity; -1 without one.</summary>
    public int MaxSeverity => Vulnerabilities.Count == 0 ? -1 : Vulnerabilities.Max(v => v.Severity);
}

/// <summary>
/// A project's dependency list, from its latest default-branch SBOM: each component with its open
/// (detected or confirmed) dependency and container scanning vulnerabilities, matched by package name and
/// version. Sorted and paged by keyset: the cursor holds the last item's sort key, so a page is stable while
/// the list changes underneath.
/// </summary>
public static class ProjectDependencies
{
    public const int MaxPageSize = 500;

    private static readonly string[] PackageReportTypes = ["dependency_scanning", "container_scanning", "cluster_image_scanning"];

    public static async Task<(IReadOnlyList<Dependency> Items, string? Next, int Total)> ListAsync(
        PlatformDbContext db, long projectId, DependencyFilter filter, string? cursor, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        limit = Math.Clamp(limit, 1, MaxPageSize);
        var after = cursor is null ? null : Position.Parse(cursor, filter.Sort);

        var query = db.Components.AsNoTracking().Where(c => c.ProjectId == projectId);
        if (!string.IsNullOrWhiteSpace(filter.Name))
        {
            var name = filter.Name.Trim().ToLowerInvariant();
            query = query.Where(c => c.NameKey.Contains(name));
        }

        if (filter.Ecosystems.Count > 0)
        {
            var ecosystems = filter.Ecosystems.Select(e => e.Trim().ToLowerInvariant()).ToList();
            query = query.Where(c => c.Ecosystem != null && ecosystems.Contains(c.Ecosystem.ToLower()));
        }

        if (!string.IsNullOrWhiteSpace(filter.License))
        {
            var license = filter.License.Trim().ToLowerInvariant();
            query = query.Where(c => c.Licenses != null && c.Licenses.ToLower().Contains(license));
        }

        var components = await query.ToListAsync(cancellationToken).ConfigureAwait(false);
        var vulnerabilities = await VulnerabilitiesByPackageAsync(db, projectId, cancellationToken).ConfigureAwait(false);
        var all = components
            .Select(c => new Dependency(c, vulnerabilities.GetValueOrDefault(PackageKey(c.Name, c.Version)) ?? []))
            .Where(d => filter.HasVulnerabilities is not { } has || (d.Vulnerabilities.Count > 0) == has)
            .Select(d => (Dependency: d, Key: Position.Of(d, filter.Sort)))
            .ToList();
        all.Sort((a, b) => a.Key.CompareTo(b.Key));
        var start = after is null ? 0 : all.FindIndex(x => x.Key.CompareTo(after) > 0);
        if (start < 0)
        {
            start = all.Count;
        }

        var page = all.Skip(start).Take(limit + 1).ToList();
        string? next = null;
        if (page.Count > limit)
        {
            page.RemoveAt(limit);
            next = page[^1].Key.Format();
        }

        return (page.Select(x => x.Dependency).ToList(), next, all.Count);
    }

    /// <summary>Open package vulnerabilities of the project by package name and version, read from each one's GitLab location.</summary>
    private static async Task<Dictionary<string, List<DependencyVulnerability>>> VulnerabilitiesByPackageAsync(
        PlatformDbContext db, long projectId, CancellationToken cancellationToken)
    {
        var rows = await db.Vulnerabilities.AsNoTracking()
            .Where(v => v.ProjectId == projectId && (v.State == VulnerabilityState.Detected || v.State == VulnerabilityState.Confirmed)
                        && PackageReportTypes.Contains(v.ReportType))
            .Select(v => new { v.Id, v.Title, v.Severity, v.State, v.Data })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<string, List<DependencyVulnerability>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (PackageOf(row.Data) is not { } package)
            {
                continue;
            }

            var key = PackageKey(package.Name, package.Version);
            if (!result.TryGetValue(key, out var list))
            {
                result[key] = list = [];
            }

            list.Add(new DependencyVulnerability(row.Id, row.Title, row.Severity, row.State));
        }

        foreach (var list in result.Values)
        {
            list.Sort((a, b) => b.Severity != a.Severity ? b.Severity.CompareTo(a.Severity) : a.Id.CompareTo(b.Id));
        }

        return result;
    }

    private static (string Name, string? Version)? PackageOf(string data)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            if (document.RootElement.TryGetProperty("location", out var location)
                && location.TryGetProperty("dependency", out var dependency)
                && dependency.TryGetProperty("package", out var package)
                && package.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
            {
                var version = dependency.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                return (name.GetString()!, version);
            }
        }
        catch (JsonException)
        {
            // Stored by ingestion, so always JSON; a damaged row simply matches no component.
        }

        return null;
    }

    /// <summary>
    /// Name and version as both sides write them: a Maven package is <c>group:artifact</c> in an SBOM and in the
    /// inventory, <c>group/artifact</c> in a Gemnasium vulnerability's location; no other ecosystem has a colon in a name.
    /// </summary>
    private static string PackageKey(string name, string? version) => $"{name.ToLowerInvariant().Replace(':', '/')}\n{version}";

    /// <summary>Where an item sits in the chosen order; the cursor is this, encoded.</summary>
    private sealed record Position(DependencySort Sort, int Rank, int Count, string Text, string Text2, long Id) : IComparable<Position>
    {
        public static Position Of(Dependency d, DependencySort sort)
        {
            var c = d.Component;
            return sort switch
            {
                DependencySort.SeverityDesc => new(sort, d.MaxSeverity, d.Vulnerabilities.Count, c.NameKey, c.Version ?? string.Empty, c.Id),
                DependencySort.EcosystemAsc => new(sort, 0, 0, c.Ecosystem?.ToLowerInvariant() ?? string.Empty, c.NameKey, c.Id),
                _ => new(sort, 0, 0, c.NameKey, c.Version ?? string.Empty, c.Id),
            };
        }

        public int CompareTo(Position? other)
        {
            ArgumentNullException.ThrowIfNull(other);
            var order = Sort switch
            {
                // Most severe first, then most vulnerabilities, then by name.
                DependencySort.SeverityDesc => other.Rank.CompareTo(Rank) is var r && r != 0 ? r : other.Count.CompareTo(Count),
                _ => 0,
            };
            if (order == 0)
            {
                order = string.CompareOrdinal(Text, other.Text);
            }

            if (order == 0)
            {
                order = string.CompareOrdinal(Text2, other.Text2);
            }

            if (order == 0)
            {
                order = Id.CompareTo(other.Id);
            }

            return Sort == DependencySort.NameDesc ? -order : order;
        }

        public string Format()
        {
            var json = JsonSerializer.Serialize(new object[] { (int)Sort, Rank, Count, Text, Text2, Id });
            return Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        public static Position Parse(string cursor, DependencySort sort)
        {
            try
            {
                var padded = cursor.Replace('-', '+').Replace('_', '/');
                padded += new string('=', (4 - padded.Length % 4) % 4);
                using var document = JsonDocument.Parse(Convert.FromBase64String(padded));
                var a = document.RootElement;
                if (a.ValueKind != JsonValueKind.Array || a.GetArrayLength() != 6 || a[0].GetInt32() != (int)sort)
                {
                    throw new FormatException("the cursor belongs to another sort order");
                }

                return new Position(sort, a[1].GetInt32(), a[2].GetInt32(), a[3].GetString() ?? string.Empty, a[4].GetString() ?? string.Empty, a[5].GetInt64());
            }
            catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"cursor is not valid: {e.Message}"), nameof(cursor), e);
            }
        }
    }
}
