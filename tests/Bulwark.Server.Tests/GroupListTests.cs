using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bulwark.Core.Findings;
using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Bulwark.Server.Tests;

/// <summary>
/// Group and instance vulnerability lists span several projects; on PostgreSQL they may be read through the
/// (severity, id) and (detected, id) indexes instead of the per-project ones. Whatever the plan, following the
/// cursor must give each matching vulnerability of the group's projects exactly once, in the sort order with
/// ties broken by id, on SQLite and PostgreSQL.
/// </summary>
public sealed class GroupListTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Group_list_pages_follow_the_sort_across_projects(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        Severity[] mix = [Severity.Critical, Severity.High, Severity.Medium, Severity.Critical, Severity.Low, Severity.High, Severity.Info];
        var a = await DashboardTests.WithVulnerabilitiesAsync(server, "acme/a", mix);
        var b = await DashboardTests.WithVulnerabilitiesAsync(server, "acme/b", mix);
        var c = await DashboardTests.WithVulnerabilitiesAsync(server, "acme/sub/c", mix);
        await DashboardTests.WithVulnerabilitiesAsync(server, "other/x", mix);

        // Detection times with ties across projects (the id breaks them) and some closed vulnerabilities.
        var acme = new[] { a, b, c };
        await using (var db = server.Database.CreateContext())
        {
            var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            foreach (var v in await db.Vulnerabilities.ToListAsync())
            {
                v.DetectedAt = start.AddHours(v.Id % 4);
                v.State = v.Id % 5 == 0 ? VulnerabilityState.Dismissed : v.Id % 7 == 0 ? VulnerabilityState.Confirmed : VulnerabilityState.Detected;
            }

            await db.SaveChangesAsync();
        }

        List<Vulnerability> all;
        await using (var db = server.Database.CreateContext())
        {
            all = await db.Vulnerabilities.AsNoTracking().Where(v => acme.Contains(v.ProjectId)).ToListAsync();
        }

        Assert.Equal(3 * mix.Length, all.Count);
        var open = all.Where(v => v.State is VulnerabilityState.Detected or VulnerabilityState.Confirmed).ToList();
        var expected = new Dictionary<string, Func<List<Vulnerability>, IEnumerable<long>>>
        {
            ["severity_desc"] = l => l.OrderByDescending(v => v.Severity).ThenByDescending(v => v.Id).Select(v => v.Id),
            ["severity_asc"] = l => l.OrderBy(v => v.Severity).ThenBy(v => v.Id).Select(v => v.Id),
            ["detected_desc"] = l => l.OrderByDescending(v => v.DetectedAt).ThenByDescending(v => v.Id).Select(v => v.Id),
            ["detected_asc"] = l => l.OrderBy(v => v.DetectedAt).ThenBy(v => v.Id).Select(v => v.Id),
        };
        foreach (var (sort, order) in expected)
        {
            Assert.Equal(order(all), await PagedIdsAsync(server, $"/api/v1/groups/acme/vulnerabilities?sort={sort}&limit=2"));
            Assert.Equal(order(open), await PagedIdsAsync(server, $"/api/v1/groups/acme/vulnerabilities?sort={sort}&limit=2&state=detected,confirmed"));
            var critical = all.Where(v => v.Severity == (int)Severity.Critical).ToList();
            Assert.Equal(order(critical), await PagedIdsAsync(server, $"/api/v1/groups/acme/vulnerabilities?sort={sort}&limit=1&severity=critical"));
        }

        // The instance list holds the other group's project too, in the same order.
        await using (var db = server.Database.CreateContext())
        {
            var everything = await db.Vulnerabilities.AsNoTracking().ToListAsync();
            Assert.Equal(expected["severity_desc"](everything), await PagedIdsAsync(server, "/api/v1/vulnerabilities?limit=3"));
        }
    }

    private static async Task<List<long>> PagedIdsAsync(RunningServer server, string url)
    {
        var ids = new List<long>();
        string? cursor = null;
        do
        {
            var page = await server.Admin.GetFromJsonAsync<JsonObject>(url + (cursor is null ? string.Empty : $"&cursor={cursor}"));
            var items = page!["items"]!.AsArray();
            Assert.True(items.Count > 0 || ids.Count == 0, $"{url}: an empty page after {ids.Count} items");
            ids.AddRange(items.Select(i => i!["id"]!.GetValue<long>()));
            cursor = page["next"]?.GetValue<string>();
        }
        while (cursor is not null);
        return ids;
    }
}
