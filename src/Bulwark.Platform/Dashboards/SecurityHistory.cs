using Bulwark.Platform.Data;
using Bulwark.Platform.Vulnerabilities;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Platform.Dashboards;

public sealed record DayCounts(DateOnly Day, SeverityCounts Counts);

/// <summary>
/// Open vulnerabilities by severity per day over a set of projects. A project's row exists only for days on
/// which something changed (<see cref="DailyCounts"/>); any other day carries the project's previous row
/// forward, so a project scanned once a week still counts every day in between.
/// </summary>
public static class SecurityHistory
{
    public const int MaxDays = 365;

    public static async Task<IReadOnlyList<DayCounts>> ForAsync(
        PlatformDbContext db, IReadOnlyCollection<long> projectIds, DateOnly today, int days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(projectIds);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDays);
        var first = today.AddDays(-(days - 1));
        var totals = new SeverityCounts[days];
        Array.Fill(totals, SeverityCounts.Zero);
        if (projectIds.Count == 0)
        {
            return Days(first, totals);
        }

        var ids = projectIds.Distinct().ToList();
        var from = DailyCounts.DayOf(first);
        var to = DailyCounts.DayOf(today);
        if (db.IsPostgres)
        {
            return await SummedInDatabaseAsync(db, ids.ToArray(), first, from, to, totals, cancellationToken).ConfigureAwait(false);
        }

        // Where each project stood when the window opens: its latest row before the first day.
        var latestBefore = db.DailyCounts.Where(r => ids.Contains(r.ProjectId) && string.Compare(r.Day, from) < 0)
            .GroupBy(r => r.ProjectId)
            .Select(g => new { ProjectId = g.Key, Day = g.Max(r => r.Day) });
        var baselines = await (from r in db.DailyCounts
                               join b in latestBefore on new { r.ProjectId, r.Day } equals new { b.ProjectId, b.Day }
                               select r).AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var inWindow = await db.DailyCounts.AsNoTracking()
            .Where(r => ids.Contains(r.ProjectId) && string.Compare(r.Day, from) >= 0 && string.Compare(r.Day, to) <= 0)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        var changes = inWindow.ToLookup(r => r.ProjectId);
        var baseline = baselines.ToDictionary(r => r.ProjectId);
        foreach (var projectId in changes.Select(g => g.Key).Union(baseline.Keys))
        {
            var current = baseline.TryGetValue(projectId, out var b) ? Counts(b) : SeverityCounts.Zero;
            var rows = changes[projectId].OrderBy(r => r.Day, StringComparer.Ordinal).ToList();
            var next = 0;
            for (var i = 0; i < days; i++)
            {
                var day = DailyCounts.DayOf(first.AddDays(i));
                while (next < rows.Count && string.CompareOrdinal(rows[next].Day, day) <= 0)
                {
                    current = Counts(rows[next++]);
                }

                totals[i] = totals[i].Plus(current);
            }
        }

        return Days(first, totals);
    }

    /// <summary>
    /// The same history summed in PostgreSQL: over 1,000 projects a year holds ~355,000 rows, too many to carry
    /// forward here within the dashboard's budget. Each row keeps its change against the project's previous row
    /// (the "…Change" columns, kept by triggers: migration HistoryChanges), so a day's total is the sum of the
    /// changes of every row up to it: rows before the window are counted on its first day, and one grouped sum
    /// (no window function, no sort) returns at most one row per day. A running total of the changes is the history.
    /// </summary>
    private static async Task<IReadOnlyList<DayCounts>> SummedInDatabaseAsync(
        PlatformDbContext db, long[] ids, DateOnly first, string from, string to, SeverityCounts[] totals, CancellationToken cancellationToken)
    {
        var changes = await db.Database.SqlQuery<ChangeRow>($"""
            SELECT CASE WHEN "Day" < {from} THEN {from} ELSE "Day" END AS "Day",
                   SUM("CriticalChange")::int AS "Critical", SUM("HighChange")::int AS "High",
                   SUM("MediumChange")::int AS "Medium", SUM("LowChange")::int AS "Low",
                   SUM("InfoChange")::int AS "Info", SUM("UnknownChange")::int AS "Unknown"
            FROM daily_vulnerability_counts
            WHERE "ProjectId" = ANY({ids}) AND "Day" <= {to}
            GROUP BY 1
            """).ToListAsync(cancellationToken).ConfigureAwait(false);
        var byDay = changes.ToDictionary(c => c.Day, StringComparer.Ordinal);
        var current = SeverityCounts.Zero;
        for (var i = 0; i < totals.Length; i++)
        {
            if (byDay.TryGetValue(DailyCounts.DayOf(first.AddDays(i)), out var change))
            {
                current = current.Plus(new SeverityCounts(change.Critical, change.High, change.Medium, change.Low, change.Info, change.Unknown));
            }

            totals[i] = current;
        }

        return Days(first, totals);
    }

    private sealed record ChangeRow(string Day, int Critical, int High, int Medium, int Low, int Info, int Unknown);

    private static List<DayCounts> Days(DateOnly first, SeverityCounts[] totals) =>
        totals.Select((counts, i) => new DayCounts(first.AddDays(i), counts)).ToList();

    private static SeverityCounts Counts(DailyVulnerabilityCount row) =>
        new(row.Critical, row.High, row.Medium, row.Low, row.Info, row.Unknown);
}
