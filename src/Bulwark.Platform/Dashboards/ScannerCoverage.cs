using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Platform.Dashboards;

/// <summary>One scanner's latest successful default-branch run in a project, within the last 30 days.</summary>
public sealed record ScannerRun(string ReportType, string ScannerId, string ScannerName, DateTime LastRunAt, int Runs);

/// <summary>What ran on a project's default branch lately, and which expected report types did not.</summary>
public sealed record ProjectCoverage(
    long ProjectId,
    IReadOnlyList<ScannerRun> Scanners,
    IReadOnlyList<string> Covered7Days,
    IReadOnlyList<string> Covered30Days,
    IReadOnlyList<string> Missing7Days,
    IReadOnlyList<string> Missing30Days);

/// <summary>
/// Scanner coverage per project: which report types and scanners succeeded on the default branch in the last
/// 7 and 30 days. Expected are GitLab's core scan types (SAST, secret detection, dependency and container
/// scanning, DAST) plus any type the project ever ran on its default branch, so a scanner that stopped
/// running shows up as missing. Failed scans do not count as coverage.
/// </summary>
public static class ScannerCoverage
{
    public static readonly IReadOnlyList<string> CoreReportTypes = ["sast", "secret_detection", "dependency_scanning", "container_scanning", "dast"];

    public static async Task<IReadOnlyList<ProjectCoverage>> ForAsync(PlatformDbContext db, IReadOnlyCollection<long> projectIds, DateTime nowUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(projectIds);
        if (projectIds.Count == 0)
        {
            return [];
        }

        var ids = projectIds.ToList();
        var since30 = nowUtc.AddDays(-30);
        var since7 = nowUtc.AddDays(-7);
        var recent = await (from s in db.Scans
                            join p in db.Pipelines on s.PipelineId equals p.Id
                            where ids.Contains(s.ProjectId) && p.IsDefaultBranch && s.Status == ScanStatus.Succeeded && s.CreatedAt >= since30
                            group s by new { s.ProjectId, s.ReportType, s.ScannerId, s.ScannerName } into g
                            select new { g.Key.ProjectId, g.Key.ReportType, g.Key.ScannerId, g.Key.ScannerName, Last = g.Max(x => x.CreatedAt), Runs = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var everRan = await (from s in db.Scans
                             join p in db.Pipelines on s.PipelineId equals p.Id
                             where ids.Contains(s.ProjectId) && p.IsDefaultBranch
                             select new { s.ProjectId, s.ReportType }).Distinct()
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        var runs = recent.ToLookup(r => r.ProjectId);
        var ever = everRan.ToLookup(r => r.ProjectId, r => r.ReportType);
        return ids.Distinct().Select(id =>
        {
            var scanners = runs[id]
                .Select(r => new ScannerRun(r.ReportType, r.ScannerId, r.ScannerName, DateTime.SpecifyKind(r.Last, DateTimeKind.Utc), r.Runs))
                .OrderBy(r => r.ReportType, StringComparer.Ordinal).ThenBy(r => r.ScannerId, StringComparer.Ordinal)
                .ToList();
            var expected = CoreReportTypes.Union(ever[id]).Order(StringComparer.Ordinal).ToList();
            var covered30 = scanners.Select(r => r.ReportType).Distinct().Order(StringComparer.Ordinal).ToList();
            var covered7 = scanners.Where(r => r.LastRunAt >= since7).Select(r => r.ReportType).Distinct().Order(StringComparer.Ordinal).ToList();
            return new ProjectCoverage(id, scanners, covered7, covered30, expected.Except(covered7).ToList(), expected.Except(covered30).ToList());
        }).ToList();
    }
}
