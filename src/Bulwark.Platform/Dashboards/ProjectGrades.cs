using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Platform.Dashboards;

/// <summary>GitLab's project security grades, best first.</summary>
public enum SecurityGrade
{
    A,
    B,
    C,
    D,
    F,
}

public sealed record ProjectGrade(long ProjectId, SecurityGrade Grade, SeverityCounts Open);

/// <summary>
/// Grades projects the way GitLab's security dashboard does: by the most severe open (detected or confirmed)
/// vulnerability — F any critical, D any high or unknown, C any medium, B any low, A none of those (info
/// alone does not lower a grade). Dismissed and resolved vulnerabilities never count.
/// </summary>
public static class ProjectGrades
{
    /// <summary>
    /// Open = detected or confirmed. As a list (State IN …), not two ORed comparisons, so PostgreSQL can seek the
    /// (project, state, …) index on both instead of reading every vulnerability of the projects.
    /// </summary>
    internal static readonly VulnerabilityState[] OpenStates = [VulnerabilityState.Detected, VulnerabilityState.Confirmed];

    public static SecurityGrade GradeOf(SeverityCounts open)
    {
        ArgumentNullException.ThrowIfNull(open);
        return open.Critical > 0 ? SecurityGrade.F
            : open.High > 0 || open.Unknown > 0 ? SecurityGrade.D
            : open.Medium > 0 ? SecurityGrade.C
            : open.Low > 0 ? SecurityGrade.B
            : SecurityGrade.A;
    }

    /// <summary>The grade of every project in <paramref name="projectIds"/>, from the vulnerabilities as they are now.</summary>
    public static async Task<IReadOnlyList<ProjectGrade>> ForAsync(PlatformDbContext db, IReadOnlyCollection<long> projectIds, CancellationToken cancellationToken)
    {
        var open = await OpenCountsAsync(db, projectIds, cancellationToken).ConfigureAwait(false);
        return projectIds.Distinct()
            .Select(id => open.TryGetValue(id, out var counts) ? new ProjectGrade(id, GradeOf(counts), counts) : new ProjectGrade(id, SecurityGrade.A, SeverityCounts.Zero))
            .ToList();
    }

    /// <summary>Open vulnerabilities by severity per project; one grouped index scan.</summary>
    public static async Task<Dictionary<long, SeverityCounts>> OpenCountsAsync(PlatformDbContext db, IReadOnlyCollection<long> projectIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(projectIds);
        if (projectIds.Count == 0)
        {
            return [];
        }

        var ids = projectIds.ToList();
        var rows = await db.Vulnerabilities
            .Where(v => ids.Contains(v.ProjectId) && OpenStates.Contains(v.State))
            .GroupBy(v => new { v.ProjectId, v.Severity })
            .Select(g => new { g.Key.ProjectId, g.Key.Severity, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.GroupBy(r => r.ProjectId)
            .ToDictionary(g => g.Key, g => SeverityCounts.From(g.ToDictionary(r => r.Severity, r => r.Count)));
    }
}
