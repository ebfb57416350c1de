using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Platform.Vulnerabilities;

/// <summary>A finding of a branch's latest scans, with the default-branch vulnerability it matches, if any.</summary>
public sealed record BranchFinding(Finding Finding, Vulnerability? Vulnerability, Pipeline Pipeline)
{
    /// <summary>
    /// "Is this in my branch only?": true unless the default branch's report holds the same vulnerability and still
    /// detects it.
    /// </summary>
    public bool OnlyInBranch => Vulnerability is null || Vulnerability.NoLongerDetected;
}

/// <summary>
/// What a non-default branch's pipelines found. Branch findings never touch the default-branch vulnerability report;
/// per report type and scanner, the newest successful scan on the branch is what the branch currently has.
/// </summary>
public static class BranchFindings
{
    /// <summary>Per project, report type and scanner, the newest successful scan of a pipeline on <paramref name="gitRef"/>.</summary>
    public static IQueryable<long> LatestScans(PlatformDbContext db, IReadOnlyCollection<long> projectIds, string gitRef)
    {
        ArgumentNullException.ThrowIfNull(db);
        var projects = projectIds.ToList();
        return db.Scans
            .Where(s => projects.Contains(s.ProjectId) && s.Status == ScanStatus.Succeeded
                        && db.Pipelines.Any(p => p.Id == s.PipelineId && p.Ref == gitRef))
            .GroupBy(s => new { s.ProjectId, s.ReportType, s.ScannerId })
            .Select(g => g.Max(s => s.Id));
    }

    public static async Task<IReadOnlyList<BranchFinding>> ListAsync(
        PlatformDbContext db, long projectId, string gitRef, bool onlyInBranch, IReadOnlyCollection<int> severities,
        long? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(severities);
        var latestScans = LatestScans(db, [projectId], gitRef);

        var query =
            from f in db.Findings
            where f.ProjectId == projectId && latestScans.Contains(f.ScanId)
            join p in db.Pipelines on f.PipelineId equals p.Id
            join v in db.Vulnerabilities.Where(v => v.ProjectId == projectId) on f.Uuid equals v.Uuid into matched
            from v in matched.DefaultIfEmpty()
            select new { f, p, v };
        if (onlyInBranch)
        {
            query = query.Where(x => x.v == null || x.v.NoLongerDetected);
        }

        if (severities.Count > 0)
        {
            query = query.Where(x => severities.Contains(x.f.Severity));
        }

        if (after is { } cursor)
        {
            query = query.Where(x => x.f.Id > cursor);
        }

        var rows = await query.OrderBy(x => x.f.Id).Take(limit).AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(x => new BranchFinding(x.f, x.v, x.p)).ToList();
    }
}
