using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bulwark.Core.Findings;
using Bulwark.Platform.Data;
using Bulwark.Platform.Vulnerabilities;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Bulwark.Server.Tests;

/// <summary>Security dashboard data over HTTP, on SQLite and PostgreSQL: grades, history, remediation time, ages, coverage, visibility.</summary>
public sealed class DashboardTests(ITestOutputHelper output)
{
    private static int _next = 1000;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Grades_follow_GitLab_rule_on_open_vulnerabilities_only(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        await WithVulnerabilitiesAsync(server, "acme/a", Severity.Critical, Severity.Low);
        await WithVulnerabilitiesAsync(server, "acme/b", Severity.High, Severity.Medium);
        await WithVulnerabilitiesAsync(server, "acme/c", Severity.Unknown, Severity.Info);
        await WithVulnerabilitiesAsync(server, "acme/d", Severity.Medium, Severity.Low, Severity.Info);
        await WithVulnerabilitiesAsync(server, "acme/e", Severity.Low);
        await WithVulnerabilitiesAsync(server, "acme/f", Severity.Info);
        var g = await WithVulnerabilitiesAsync(server, "acme/g", Severity.Critical, Severity.High, Severity.Low);
        await server.CreateProjectAsync("acme/h");
        var j = await WithVulnerabilitiesAsync(server, "acme/j", Severity.High);
        var i = await WithVulnerabilitiesAsync(server, "acme/sub/i", Severity.Critical);
        await WithVulnerabilitiesAsync(server, "other/x", Severity.Critical);

        // Dismissed and resolved vulnerabilities never lower a grade; confirmed ones count like detected ones.
        await SetStateAsync(server, g, Severity.Critical, VulnerabilityState.Dismissed);
        await SetStateAsync(server, g, Severity.High, VulnerabilityState.Resolved);
        await SetStateAsync(server, j, Severity.High, VulnerabilityState.Resolved);
        await SetStateAsync(server, i, Severity.Critical, VulnerabilityState.Confirmed);

        var grades = await GetAsync(server.Admin, "/api/v1/groups/acme/dashboard/grades");
        var byGrade = grades["grades"]!.AsArray().ToDictionary(x => x!["grade"]!.GetValue<string>(), x => x!["projects"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()).ToList());
        Assert.Equal(["F", "D", "C", "B", "A"], byGrade.Keys);
        Assert.Equal(["acme/a", "acme/sub/i"], byGrade["F"]);
        Assert.Equal(["acme/b", "acme/c"], byGrade["D"]);
        Assert.Equal(["acme/d"], byGrade["C"]);
        Assert.Equal(["acme/e", "acme/g"], byGrade["B"]);
        Assert.Equal(["acme/f", "acme/h", "acme/j"], byGrade["A"]);
        var acmeG = grades["grades"]!.AsArray().Single(x => x!["grade"]!.GetValue<string>() == "B")!["projects"]!.AsArray().Single(p => p!["path"]!.GetValue<string>() == "acme/g")!;
        Assert.Equal(0, acmeG["critical"]!.GetValue<int>());
        Assert.Equal(0, acmeG["high"]!.GetValue<int>());
        Assert.Equal(1, acmeG["low"]!.GetValue<int>());
        Assert.Equal(2, grades["grades"]!.AsArray().Single(x => x!["grade"]!.GetValue<string>() == "F")!["count"]!.GetValue<int>());

        var instance = await GetAsync(server.Admin, "/api/v1/dashboard/grades");
        Assert.Contains("other/x", instance["grades"]![0]!["projects"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()));
        var project = await GetAsync(server.Admin, "/api/v1/projects/acme%2Fc/dashboard/grades");
        Assert.Equal("acme/c", project["grades"]!.AsArray().Single(x => x!["count"]!.GetValue<int>() == 1)!["projects"]![0]!["path"]!.GetValue<string>());
        Assert.Equal(1, project["grades"]!.AsArray().Single(x => x!["grade"]!.GetValue<string>() == "D")!["count"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task History_carries_days_without_changes_forward_and_follows_state_changes(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        var p1 = await WithVulnerabilitiesAsync(server, "hist/one", Severity.Critical, Severity.High, Severity.High);
        var p2 = await WithVulnerabilitiesAsync(server, "hist/two", Severity.Medium);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await using (var db = server.Database.CreateContext())
        {
            db.DailyCounts.Add(new DailyVulnerabilityCount { ProjectId = p1, Day = DailyCounts.DayOf(today.AddDays(-6)), Critical = 5 });
            db.DailyCounts.Add(new DailyVulnerabilityCount { ProjectId = p1, Day = DailyCounts.DayOf(today.AddDays(-3)), Critical = 2, High = 1 });
            db.DailyCounts.Add(new DailyVulnerabilityCount { ProjectId = p2, Day = DailyCounts.DayOf(today.AddDays(-8)), Medium = 4 });
            await db.SaveChangesAsync();
        }

        var history = await GetAsync(server.Admin, "/api/v1/groups/hist/dashboard/history?days=7");
        var days = history["history"]!.AsArray();
        Assert.Equal(7, days.Count);
        Assert.Equal(DailyCounts.DayOf(today.AddDays(-6)), days[0]!["date"]!.GetValue<string>());
        Assert.Equal(DailyCounts.DayOf(today), days[6]!["date"]!.GetValue<string>());
        int At(int day, string severity) => days[day]![severity]!.GetValue<int>();
        for (var d = 0; d <= 2; d++)
        {
            // hist/two's row from before the window is carried in.
            Assert.Equal((5, 0, 4), (At(d, "critical"), At(d, "high"), At(d, "medium")));
        }

        for (var d = 3; d <= 5; d++)
        {
            Assert.Equal((2, 1, 4), (At(d, "critical"), At(d, "high"), At(d, "medium")));
        }

        Assert.Equal((1, 2, 1), (At(6, "critical"), At(6, "high"), At(6, "medium")));
        Assert.Equal(4, At(6, "total"));

        // A triage change recomputes today's row through DailyCounts.RecordAsync (what the triage code calls).
        await SetStateAsync(server, p1, Severity.Critical, VulnerabilityState.Dismissed);
        await using (var db = server.Database.CreateContext())
        {
            await DailyCounts.RecordAsync(db, [p1, p2], DateTime.UtcNow, CancellationToken.None);
        }

        var after = await GetAsync(server.Admin, "/api/v1/projects/hist%2Fone/dashboard/history?days=2");
        Assert.Equal(0, after["history"]![1]!["critical"]!.GetValue<int>());
        Assert.Equal(2, after["history"]![1]!["high"]!.GetValue<int>());
        Assert.Equal(1, after["history"]![0]!["high"]!.GetValue<int>());

        using var bad = await server.Admin.GetAsync("/api/v1/dashboard/history?days=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("days", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Mean_time_to_remediate_counts_resolutions_in_the_window(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        var project = await WithVulnerabilitiesAsync(server, "mttr/app", Severity.Critical, Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Low);
        var now = DateTime.UtcNow;
        await using (var db = server.Database.CreateContext())
        {
            var rows = await db.Vulnerabilities.Where(v => v.ProjectId == project).OrderBy(v => v.Id).ToListAsync();
            void Resolve(Vulnerability v, int detectedDaysAgo, int resolvedDaysAgo)
            {
                v.State = VulnerabilityState.Resolved;
                v.DetectedAt = now.AddDays(-detectedDaysAgo);
                v.ResolvedAt = now.AddDays(-resolvedDaysAgo);
            }

            var critical = rows.Where(v => v.Severity == (int)Severity.Critical).ToList();
            Resolve(critical[0], 10, 8);
            Resolve(critical[1], 20, 16);
            Resolve(rows.Single(v => v.Severity == (int)Severity.High), 30, 20);
            Resolve(rows.Single(v => v.Severity == (int)Severity.Medium), 300, 200);
            var low = rows.Where(v => v.Severity == (int)Severity.Low).ToList();
            low[0].State = VulnerabilityState.Dismissed;
            low[0].DismissedAt = now.AddDays(-1);
            await db.SaveChangesAsync();
        }

        var mttr = await GetAsync(server.Admin, "/api/v1/projects/mttr%2Fapp/dashboard/remediation");
        Assert.Equal(90, mttr["days"]!.GetValue<int>());
        Assert.Equal(3, mttr["overall"]!["resolved"]!.GetValue<int>());
        Assert.Equal(5.33, mttr["overall"]!["mean_days"]!.GetValue<double>(), 2);
        var bySeverity = mttr["by_severity"]!.AsArray().ToDictionary(x => x!["severity"]!.GetValue<string>(), x => x!);
        Assert.Equal(2, bySeverity["critical"]["resolved"]!.GetValue<int>());
        Assert.Equal(3.0, bySeverity["critical"]["mean_days"]!.GetValue<double>(), 2);
        Assert.Equal(10.0, bySeverity["high"]["mean_days"]!.GetValue<double>(), 2);
        Assert.Equal(0, bySeverity["medium"]["resolved"]!.GetValue<int>());
        Assert.Null(bySeverity["medium"]["mean_days"]);
        Assert.Equal(0, bySeverity["low"]["resolved"]!.GetValue<int>());

        var year = await GetAsync(server.Admin, "/api/v1/groups/mttr/dashboard/remediation?days=365");
        Assert.Equal(4, year["overall"]!["resolved"]!.GetValue<int>());
        Assert.Equal(100.0, year["by_severity"]!.AsArray().Single(x => x!["severity"]!.GetValue<string>() == "medium")!["mean_days"]!.GetValue<double>(), 2);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Age_buckets_count_open_vulnerabilities_by_time_since_detection(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        var project = await WithVulnerabilitiesAsync(server, "ages/app", Severity.Critical, Severity.High, Severity.High, Severity.Medium, Severity.Low, Severity.Low, Severity.Info);
        var now = DateTime.UtcNow;
        await using (var db = server.Database.CreateContext())
        {
            var rows = await db.Vulnerabilities.Where(v => v.ProjectId == project).OrderByDescending(v => v.Severity).ThenBy(v => v.Id).ToListAsync();
            int[] ages = [1, 10, 40, 100, 200, 365, 200];
            for (var n = 0; n < rows.Count; n++)
            {
                rows[n].DetectedAt = now.AddDays(-ages[n]);
            }

            rows[6].State = VulnerabilityState.Dismissed; // the info one, 200 days old: not open
            await db.SaveChangesAsync();
        }

        var ageData = await GetAsync(server.Admin, "/api/v1/projects/ages%2Fapp/dashboard/ages");
        var buckets = ageData["buckets"]!.AsArray();
        Assert.Equal(["<7d", "7-30d", "30-90d", "90-180d", ">180d"], buckets.Select(b => b!["name"]!.GetValue<string>()));
        Assert.Equal([1, 1, 1, 1, 2], buckets.Select(b => b!["total"]!.GetValue<int>()));
        Assert.Equal(1, buckets[0]!["critical"]!.GetValue<int>());
        Assert.Equal(1, buckets[1]!["high"]!.GetValue<int>());
        Assert.Equal(1, buckets[2]!["high"]!.GetValue<int>());
        Assert.Equal(1, buckets[3]!["medium"]!.GetValue<int>());
        Assert.Equal(2, buckets[4]!["low"]!.GetValue<int>());
        Assert.Equal(0, buckets[4]!["info"]!.GetValue<int>());
        Assert.Equal(180, buckets[4]!["min_days"]!.GetValue<int>());
        Assert.Null(buckets[4]!["max_days"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Coverage_lists_successful_default_branch_scans_in_7_and_30_days(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        const string Project = "cov/app";
        var projectId = await server.CreateProjectAsync(Project);
        var main = await server.CreatePipelineAsync(Project, "main", Reports.Sha(1));
        await server.UploadOkAsync(Project, main, Reports.SastReport(3));
        var secrets = await server.UploadOkAsync(Project, main, Reports.GitLab([], ReportType.SecretDetection));
        var dependencies = await server.UploadOkAsync(Project, main, Reports.GitLab([], ReportType.DependencyScanning));
        var dast = await server.UploadOkAsync(Project, main, Reports.GitLab([], ReportType.Dast));
        var fuzzing = await server.UploadOkAsync(Project, main, Reports.GitLab([], ReportType.ApiFuzzing));
        var branch = await server.CreatePipelineAsync(Project, "feature", Reports.Sha(2));
        await server.UploadOkAsync(Project, branch, Reports.GitLab([], ReportType.ContainerScanning));
        var now = DateTime.UtcNow;
        await using (var db = server.Database.CreateContext())
        {
            async Task SetAsync(JsonObject upload, DateTime at, ScanStatus status)
            {
                var scanId = upload["scans"]![0]!["id"]!.GetValue<long>();
                await db.Scans.Where(s => s.Id == scanId).ExecuteUpdateAsync(u => u.SetProperty(s => s.CreatedAt, at).SetProperty(s => s.Status, status));
            }

            await SetAsync(secrets, now.AddDays(-10), ScanStatus.Succeeded);
            await SetAsync(dependencies, now.AddDays(-40), ScanStatus.Succeeded);
            await SetAsync(dast, now.AddDays(-1), ScanStatus.Failed);
            await SetAsync(fuzzing, now.AddDays(-60), ScanStatus.Succeeded);
        }

        var coverage = await GetAsync(server.Admin, "/api/v1/groups/cov/dashboard/coverage");
        var project = coverage["projects"]!.AsArray().Single()!;
        Assert.Equal(projectId, project["id"]!.GetValue<long>());
        static List<string> Names(JsonNode? node) => node!.AsArray().Select(x => x!.GetValue<string>()).ToList();
        Assert.Equal(["sast"], Names(project["covered_7d"]));
        Assert.Equal(["sast", "secret_detection"], Names(project["covered_30d"]));
        Assert.Equal(["api_fuzzing", "container_scanning", "dast", "dependency_scanning", "secret_detection"], Names(project["missing_7d"]));
        Assert.Equal(["api_fuzzing", "container_scanning", "dast", "dependency_scanning"], Names(project["missing_30d"]));
        var scanners = project["scanners"]!.AsArray();
        Assert.Equal(2, scanners.Count);
        Assert.All(scanners, s => Assert.Equal(1, s!["runs_30d"]!.GetValue<int>()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dashboards_show_only_projects_the_caller_may_read(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        var a = await WithVulnerabilitiesAsync(server, "vis/a", Severity.Critical);
        await WithVulnerabilitiesAsync(server, "vis/b", Severity.High);
        await WithVulnerabilitiesAsync(server, "else/c", Severity.Low);
        using var reporter = await ScopedUsers.WithRoleAsync(server, "reporter", Role.Reporter, projectId: a);
        using var guest = await ScopedUsers.WithRoleAsync(server, "guest", Role.Guest, groupId: await ScopedUsers.GroupIdAsync(server, "vis"));
        using var outsider = await ScopedUsers.WithRoleAsync(server, "outsider", Role.Reporter);

        foreach (var kind in new[] { "grades", "history", "remediation", "ages", "coverage" })
        {
            // A reporter of one project sees that project only, in the group and instance views alike.
            var group = await GetAsync(reporter, $"/api/v1/groups/vis/dashboard/{kind}");
            var instance = await GetAsync(reporter, $"/api/v1/dashboard/{kind}");
            Assert.DoesNotContain("vis/b", group.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain("else/c", instance.ToJsonString(), StringComparison.Ordinal);

            // A guest sees nothing security-related; someone without a role cannot tell the group or project exists.
            using var guestGroup = await guest.GetAsync($"/api/v1/groups/vis/dashboard/{kind}");
            Assert.Equal(HttpStatusCode.Forbidden, guestGroup.StatusCode);
            using var guestInstance = await guest.GetAsync($"/api/v1/dashboard/{kind}");
            Assert.Equal(HttpStatusCode.Forbidden, guestInstance.StatusCode);
            using var guestProject = await guest.GetAsync($"/api/v1/projects/vis%2Fa/dashboard/{kind}");
            Assert.Equal(HttpStatusCode.Forbidden, guestProject.StatusCode);
            using var outsiderGroup = await outsider.GetAsync($"/api/v1/groups/vis/dashboard/{kind}");
            Assert.Equal(HttpStatusCode.NotFound, outsiderGroup.StatusCode);
            using var outsiderProject = await outsider.GetAsync($"/api/v1/projects/vis%2Fa/dashboard/{kind}");
            Assert.Equal(HttpStatusCode.NotFound, outsiderProject.StatusCode);
            using var outsiderInstance = await outsider.GetAsync($"/api/v1/dashboard/{kind}");
            Assert.Equal(HttpStatusCode.Forbidden, outsiderInstance.StatusCode);
        }

        var grades = await GetAsync(reporter, "/api/v1/groups/vis/dashboard/grades");
        Assert.Equal(["vis/a"], grades["grades"]!.AsArray().SelectMany(x => x!["projects"]!.AsArray()).Select(p => p!["path"]!.GetValue<string>()));
        var history = await GetAsync(reporter, "/api/v1/dashboard/history?days=1");
        Assert.Equal(1, history["history"]![0]!["total"]!.GetValue<int>());
        using var anonymous = server.Client(null);
        using var unauthenticated = await anonymous.GetAsync("/api/v1/dashboard/grades");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    /// <summary>Creates the project (groups as needed) and one default-branch vulnerability per severity given.</summary>
    internal static async Task<long> WithVulnerabilitiesAsync(RunningServer server, string path, params Severity[] severities)
    {
        var id = await server.CreateProjectAsync(path);
        if (severities.Length > 0)
        {
            var pipeline = await server.CreatePipelineAsync(path, "main", Reports.Sha(1));
            var findings = severities.Select(s => Reports.Sast(Interlocked.Increment(ref _next)) with { Severity = s }).ToList();
            await server.UploadOkAsync(path, pipeline, Reports.GitLab(findings));
        }

        return id;
    }

    private static async Task SetStateAsync(RunningServer server, long projectId, Severity severity, VulnerabilityState state)
    {
        await using var db = server.Database.CreateContext();
        var changed = await db.Vulnerabilities.Where(v => v.ProjectId == projectId && v.Severity == (int)severity)
            .ExecuteUpdateAsync(u => u.SetProperty(v => v.State, state));
        Assert.True(changed > 0);
    }

    private static async Task<JsonObject> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }
}
