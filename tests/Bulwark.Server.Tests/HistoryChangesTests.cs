using Bulwark.Platform.Dashboards;
using Bulwark.Platform.Data;
using Bulwark.Platform.Vulnerabilities;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Bulwark.Server.Tests;

/// <summary>
/// On PostgreSQL the history sums each daily row's change against the project's previous row, kept by triggers
/// (migration HistoryChanges). Whatever order rows are written in — a day inserted before existing ones, a row
/// changed or deleted in the middle, DailyCounts' upsert — the history must equal carrying each project's rows
/// forward (computed here from the table), over windows that start before, inside and after the rows. SQLite
/// carries forward in C# and must agree too.
/// </summary>
public sealed class HistoryChangesTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task History_equals_rows_carried_forward_whatever_order_they_were_written_in(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }

        long[] projects = [await server.CreateProjectAsync("h/one"), await server.CreateProjectAsync("h/two"), await server.CreateProjectAsync("h/three")];
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var random = new Sequence(20261124);

        // Rows on random days of the last 60, each project's written in a shuffled order, one SaveChanges at a time.
        var rows = projects.SelectMany(p => Enumerable.Range(0, 60).Where(_ => random.Next(3) == 0).Select(d => (Project: p, Day: today.AddDays(-d))))
            .OrderBy(_ => random.Next(1_000_000)).ToList();
        foreach (var (project, day) in rows)
        {
            await using var db = server.Database.CreateContext();
            db.DailyCounts.Add(new DailyVulnerabilityCount
            {
                ProjectId = project, Day = DailyCounts.DayOf(day),
                Critical = random.Next(10), High = random.Next(10), Medium = random.Next(10), Low = random.Next(10), Info = random.Next(10), Unknown = random.Next(10),
            });
            await db.SaveChangesAsync();
        }

        await using (var db = server.Database.CreateContext())
        {
            // A row changed and a row removed in the middle of a project's history, then several rows in one statement.
            var middle = rows.Where(r => r.Project == projects[0]).OrderBy(r => r.Day).ToList();
            var changed = DailyCounts.DayOf(middle[middle.Count / 2].Day);
            var removed = DailyCounts.DayOf(middle[middle.Count / 3].Day);
            await db.DailyCounts.Where(r => r.ProjectId == projects[0] && r.Day == changed).ExecuteUpdateAsync(u => u.SetProperty(r => r.High, r => r.High + 40));
            await db.DailyCounts.Where(r => r.ProjectId == projects[0] && r.Day == removed).ExecuteDeleteAsync();
            var taken = rows.Select(r => (r.Project, DailyCounts.DayOf(r.Day))).ToHashSet();
            db.DailyCounts.AddRange(Enumerable.Range(61, 30).Select(d => DailyCounts.DayOf(today.AddDays(-d)))
                .Where(d => !taken.Contains((projects[1], d)))
                .Select(d => new DailyVulnerabilityCount { ProjectId = projects[1], Day = d, Critical = d.Length + random.Next(5), Low = random.Next(5) }));
            await db.SaveChangesAsync();

            // Today's row through the upsert triage and ingestion use (no vulnerabilities: zeros).
            await DailyCounts.RecordAsync(db, projects[2], DateTime.UtcNow, CancellationToken.None);
        }

        await using (var db = server.Database.CreateContext())
        {
            var table = await db.DailyCounts.AsNoTracking().ToListAsync();
            foreach (var days in new[] { 1, 7, 30, 45, 100, 365 })
            {
                foreach (var scope in new[] { projects, [projects[0]], [projects[1], projects[2]] })
                {
                    var history = await SecurityHistory.ForAsync(db, scope, today, days, CancellationToken.None);
                    Assert.Equal(days, history.Count);
                    foreach (var day in history)
                    {
                        var key = DailyCounts.DayOf(day.Day);
                        var expected = scope.Select(p => table.Where(r => r.ProjectId == p && string.CompareOrdinal(r.Day, key) <= 0).MaxBy(r => r.Day, StringComparer.Ordinal))
                            .Where(r => r is not null)
                            .Aggregate(SeverityCounts.Zero, (sum, r) => sum.Plus(new SeverityCounts(r!.Critical, r.High, r.Medium, r.Low, r.Info, r.Unknown)));
                        Assert.True(expected == day.Counts, $"{days} days, projects {string.Join(',', scope)}, {key}: expected {expected}, got {day.Counts}");
                    }
                }
            }
        }
    }

    /// <summary>A fixed pseudo-random sequence (xorshift), so the test writes the same rows on every run.</summary>
    private sealed class Sequence(ulong seed)
    {
        private ulong _state = seed;

        public int Next(int max)
        {
            _state ^= _state << 13;
            _state ^= _state >> 7;
            _state ^= _state << 17;
            return (int)(_state % (ulong)max);
        }
    }
}
