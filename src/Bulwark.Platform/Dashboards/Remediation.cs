using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Platform.Dashboards;

/// <summary>How many vulnerabilities of one severity were resolved in the window, and how long they had been open on average.</summary>
public sealed record RemediationTime(int Severity, int Resolved, TimeSpan? Mean);

/// <summary>
/// Mean time to remediate: over the vulnerabilities resolved within the window, the mean time from detection
/// to resolution, per severity and overall. Dismissed vulnerabilities are not remediated and do not count.
/// </summary>
public static class Remediation
{
    public static async Task<(IReadOnlyList<RemediationTime> BySeverity, RemediationTime Overall)> MeanTimeAsync(
        PlatformDbContext db, IReadOnlyCollection<long> projectIds, DateTime sinceUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(projectIds);
        var sums = new Dictionary<int, (int Count, double Seconds)>();
        if (projectIds.Count > 0)
        {
            var ids = projectIds.ToArray();
            if (db.IsPostgres)
            {
                // Summed in the database: the window may hold hundreds of thousands of resolutions.
                var rows = await db.Database.SqlQuery<SumRow>($"""
                    SELECT "Severity" AS "Severity", COUNT(*)::int AS "Count",
                           COALESCE(SUM(EXTRACT(EPOCH FROM ("ResolvedAt" - "DetectedAt"))), 0)::float8 AS "Seconds"
                    FROM vulnerabilities
                    WHERE "ProjectId" = ANY({ids}) AND "State" = 4 AND "ResolvedAt" >= {sinceUtc}
                    GROUP BY "Severity"
                    """).ToListAsync(cancellationToken).ConfigureAwait(false);
                foreach (var row in rows)
                {
                    sums[row.Severity] = (row.Count, row.Seconds);
                }
            }
            else
            {
                // SQLite keeps times as text; it is the small-deployment database, so the rows are summed here.
                var list = ids.ToList();
                var rows = await db.Vulnerabilities
                    .Where(v => list.Contains(v.ProjectId) && v.State == VulnerabilityState.Resolved && v.ResolvedAt >= sinceUtc)
                    .Select(v => new { v.Severity, v.DetectedAt, v.ResolvedAt })
                    .ToListAsync(cancellationToken).ConfigureAwait(false);
                foreach (var row in rows)
                {
                    var (count, seconds) = sums.GetValueOrDefault(row.Severity);
                    sums[row.Severity] = (count + 1, seconds + Math.Max(0, (row.ResolvedAt!.Value - row.DetectedAt).TotalSeconds));
                }
            }
        }

        var bySeverity = Enumerable.Range(0, 6).Reverse()
            .Select(s => sums.TryGetValue(s, out var sum) ? Mean(s, sum.Count, sum.Seconds) : new RemediationTime(s, 0, null))
            .ToList();
        var total = sums.Values.Sum(s => s.Count);
        var overall = Mean(-1, total, sums.Values.Sum(s => s.Seconds));
        return (bySeverity, overall);
    }

    private static RemediationTime Mean(int severity, int count, double seconds) =>
        new(severity, count, count == 0 ? null : TimeSpan.FromSeconds(seconds / count));

    private sealed record SumRow(int Severity, int Count, double Seconds);
}
