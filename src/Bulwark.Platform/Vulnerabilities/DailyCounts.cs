using System.Globalization;
using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Platform.Vulnerabilities;

/// <summary>
/// Keeps the dashboard's history: after anything that changes a project's open vulnerabilities (ingestion,
/// a state or severity change), that day's row is recomputed from the vulnerabilities themselves (open =
/// detected or confirmed), so it cannot drift. Days without a row carry the previous row forward when read
/// (<see cref="Bulwark.Platform.Dashboards.SecurityHistory"/>), so nothing has to run every night.
/// </summary>
public static class DailyCounts
{
    /// <summary>
    /// Recomputes <paramref name="nowUtc"/>'s row of one project. Call it in the transaction that changed the
    /// vulnerabilities (after saving them): triage calls it after state and severity changes, ingestion after a
    /// default-branch report. One statement (an upsert), so concurrent callers never collide on the row.
    /// </summary>
    public static Task RecordAsync(PlatformDbContext db, long projectId, DateTime nowUtc, CancellationToken cancellationToken) =>
        RecordAsync(db, [projectId], nowUtc, cancellationToken);

    /// <summary>Recomputes today's row of each project (a bulk change may span several projects).</summary>
    public static async Task RecordAsync(PlatformDbContext db, IEnumerable<long> projectIds, DateTime nowUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(projectIds);
        var day = DayOf(nowUtc);

        // Locking order is by project id, so two bulk changes over the same projects wait instead of deadlocking.
        foreach (var projectId in projectIds.Distinct().Order())
        {
            // Works on PostgreSQL and SQLite (3.24+) alike; every value is a parameter. The aggregate returns one
            // row even for a project without vulnerabilities, so the day is written as zeros then.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO daily_vulnerability_counts ("ProjectId", "Day", "Critical", "High", "Medium", "Low", "Info", "Unknown")
                SELECT {projectId}, {day},
                       COALESCE(SUM(CASE WHEN "Severity" = 5 THEN 1 ELSE 0 END), 0),
                       COALESCE(SUM(CASE WHEN "Severity" = 4 THEN 1 ELSE 0 END), 0),
                       COALESCE(SUM(CASE WHEN "Severity" = 3 THEN 1 ELSE 0 END), 0),
                       COALESCE(SUM(CASE WHEN "Severity" = 2 THEN 1 ELSE 0 END), 0),
                       COALESCE(SUM(CASE WHEN "Severity" = 1 THEN 1 ELSE 0 END), 0),
                       COALESCE(SUM(CASE WHEN "Severity" = 0 THEN 1 ELSE 0 END), 0)
                FROM vulnerabilities
                WHERE "ProjectId" = {projectId} AND "State" IN (1, 2)
                ON CONFLICT ("ProjectId", "Day") DO UPDATE SET
                    "Critical" = excluded."Critical", "High" = excluded."High", "Medium" = excluded."Medium",
                    "Low" = excluded."Low", "Info" = excluded."Info", "Unknown" = excluded."Unknown"
                """, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The UTC day as stored: <c>yyyy-MM-dd</c> (sorts as text).</summary>
    public static string DayOf(DateTime utc) => utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string DayOf(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
