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

        var ids = projectIds.ToList();
        var from = DailyCounts.DayOf(first);
        var to = DailyCounts.DayOf(today);

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

    private static List<DayCounts> Days(DateOnly first, SeverityCounts[] totals) =>
        totals.Select((counts, i) => new DayCounts(first.AddDays(i), counts)).ToList();

    private static SeverityCounts Counts(DailyVulnerabilityCount row) =>
        new(row.Critical, row.High, row.Medium, row.Low, row.Info, row.Unknown);
}
