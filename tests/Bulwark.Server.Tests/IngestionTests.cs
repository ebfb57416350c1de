using Xunit.Abstractions;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bulwark.Core.Identity;
using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Tests;

/// <summary>Report ingestion and vulnerability tracking over HTTP, on SQLite and on PostgreSQL alike.</summary>
public sealed class IngestionTests(ITestOutputHelper output)
{
    private const string Project = "acme/payments";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Uploaded_findings_become_vulnerabilities_with_the_GitLab_identity(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        var projectId = await server.CreateProjectAsync(Project);
        var pipeline = await server.CreatePipelineAsync(Project, "main", Reports.Sha(1));
        var report = await server.UploadOkAsync(Project, pipeline, Reports.SastReport(120));

        Assert.Equal(120, report["new"]!.GetValue<int>());
        Assert.Equal(0, report["existing"]!.GetValue<int>());
        var items = await server.ListAllAsync(Project, limit: 25);
        Assert.Equal(120, items.Count);
        Assert.Equal(120, items.Select(i => i["id"]!.GetValue<long>()).Distinct().Count());
        var expected = Enumerable.Range(0, 120).Select(i => VulnerabilityIdentity.Compute(Reports.Sast(i), projectId.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToString()).ToHashSet();
        Assert.Equal(expected, items.Select(i => i["uuid"]!.GetValue<string>()).ToHashSet());

        // Default order: most severe first, and every item carries what the quick start promises.
        var severities = items.Select(i => i["severity"]!.GetValue<string>()).ToList();
        Assert.Equal("critical", severities[0]);
        Assert.Equal("info", severities[^1]);
        var first = items[0];
        foreach (var field in new[] { "id", "uuid", "title", "severity", "state", "report_type", "scanner", "identifiers", "location", "detected_at", "no_longer_detected" })
        {
            Assert.True(first.ContainsKey(field), field);
        }

        Assert.Equal("detected", first["state"]!.GetValue<string>());
        Assert.Equal("sast", first["report_type"]!.GetValue<string>());
        Assert.StartsWith("src/Payments/", first["location"]!["file"]!.GetValue<string>(), StringComparison.Ordinal);

        // Times are UTC and say so: a client must not read them as its local time (SQLite stores no zone).
        var detectedAt = first["detected_at"]!.GetValue<string>();
        Assert.EndsWith("Z", detectedAt, StringComparison.Ordinal);
        var parsed = DateTimeOffset.Parse(detectedAt, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(parsed, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    /// <summary>
    /// A uuid is derived from its project, so one already stored in another project can only be a hash collision:
    /// the upload is refused (422 naming the uuid) on both providers, stores nothing, and is not retried as a race.
    /// The collision is made by giving a vulnerability of another project the uuid the upload computes.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_uuid_belonging_to_another_project_refuses_the_upload_and_stores_nothing(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }

        await server.CreateProjectAsync(Project);
        var other = await server.CreateProjectAsync("acme/ledger");
        await server.UploadOkAsync(Project, await server.CreatePipelineAsync(Project, "main", Reports.Sha(1)), Reports.SastReport(3));
        var colliding = VulnerabilityIdentity.Compute(Reports.Sast(1), other.ToString(System.Globalization.CultureInfo.InvariantCulture));
        long taken;
        await using (var db = server.Database.CreateContext())
        {
            var victim = await db.Vulnerabilities.OrderBy(v => v.Id).FirstAsync();
            victim.Uuid = colliding;
            await db.SaveChangesAsync();
            taken = victim.Id;
        }

        var pipeline = await server.CreatePipelineAsync("acme/ledger", "main", Reports.Sha(2));
        var before = await CountRowsAsync(server);
        int scansBefore;
        await using (var db = server.Database.CreateContext())
        {
            scansBefore = await db.Scans.CountAsync();
        }

        using (var response = await server.UploadAsync("acme/ledger", pipeline, Reports.SastReport(3)))
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{response.StatusCode}: {body}");
            Assert.Contains($"vulnerability uuid {colliding} computed for a finding of this report already belongs to another project", body, StringComparison.Ordinal);
        }

        Assert.Equal(before, await CountRowsAsync(server));
        await using (var db = server.Database.CreateContext())
        {
            Assert.Equal(scansBefore, await db.Scans.CountAsync());
            Assert.False(await db.Vulnerabilities.AnyAsync(v => v.ProjectId == other));
            var kept = await db.Vulnerabilities.SingleAsync(v => v.Uuid == colliding);
            Assert.Equal(taken, kept.Id);
            Assert.NotEqual(other, kept.ProjectId);
            Assert.Equal(VulnerabilityState.Detected, kept.State);
            Assert.False(await db.IngestionJobs.AnyAsync(j => j.ProjectId == other));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Filters_and_counts_agree(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        await server.CreateProjectAsync(Project);
        var pipeline = await server.CreatePipelineAsync(Project, "main", Reports.Sha(1));
        await server.UploadOkAsync(Project, pipeline, Reports.SastReport(100));

        var criticalOrHigh = await server.ListAllAsync(Project, "&severity=critical,high");
        var expected = Enumerable.Range(0, 100).Select(Reports.Sast).Count(f => f.Severity >= Bulwark.Core.Findings.Severity.High);
        Assert.Equal(expected, criticalOrHigh.Count);
        Assert.All(criticalOrHigh, i => Assert.Contains(i["severity"]!.GetValue<string>(), new[] { "critical", "high" }));

        var sqlInjection = await server.ListAllAsync(Project, "&identifier=CWE-89");
        Assert.Empty(sqlInjection); // CWE identifiers carry the number as their value
        var byCwe = await server.ListAllAsync(Project, "&identifier=89");
        Assert.Equal(Enumerable.Range(0, 100).Count(i => i % 8 == 0), byCwe.Count);

        var counts = await server.Admin.GetFromJsonAsync<JsonObject>($"/api/v1/projects/{Uri.EscapeDataString(Project)}/vulnerabilities/counts?severity=critical,high");
        Assert.Equal(expected, counts!["critical"]!.GetValue<int>() + counts["high"]!.GetValue<int>());
        Assert.Equal(0, counts["medium"]!.GetValue<int>());

        using var bad = await server.Admin.GetAsync($"/api/v1/projects/{Uri.EscapeDataString(Project)}/vulnerabilities?severity=urgent");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("severity: 'urgent'", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var oldestFirst = await server.ListAllAsync(Project, "&sort=detected_asc", limit: 7);
        Assert.Equal(100, oldestFirst.Count);
        Assert.Equal(100, oldestFirst.Select(i => i["id"]!.GetValue<long>()).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_same_report_twice_in_one_pipeline_changes_nothing(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        await server.CreateProjectAsync(Project);
        var pipeline = await server.CreatePipelineAsync(Project, "main", Reports.Sha(1));
        var bytes = Reports.SastReport(50);
        var first = await server.UploadOkAsync(Project, pipeline, bytes);
        var (vulnerabilities, findings, activities) = await CountRowsAsync(server);

        var second = await server.UploadOkAsync(Project, pipeline, bytes);

        Assert.False(first["duplicate"]!.GetValue<bool>());
        Assert.True(second["duplicate"]!.GetValue<bool>());
        Assert.Equal(first["new"]!.GetValue<int>(), second["new"]!.GetValue<int>());
        Assert.Equal((vulnerabilities, findings, activities), await CountRowsAsync(server));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_vulnerability_missing_from_the_latest_default_branch_scan_is_no_longer_detected_until_it_returns(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        await server.CreateProjectAsync(Project);
        var p1 = await server.CreatePipelineAsync(Project, "main", Reports.Sha(1));
        await server.UploadOkAsync(Project, p1, Reports.SastReport(10));

        var p2 = await server.CreatePipelineAsync(Project, "main", Reports.Sha(2));
        var second = await server.UploadOkAsync(Project, p2, Reports.SastReport(8));
        Assert.Equal(2, second["no_longer_detected"]!.GetValue<int>());
        Assert.Equal(8, second["existing"]!.GetValue<int>());
        var gone = await server.ListAllAsync(Project, "&no_longer_detected=true");
        Assert.Equal(2, gone.Count);

        var detail = await server.Admin.GetFromJsonAsync<JsonObject>($"/api/v1/vulnerabilities/{gone[0]["id"]}");
        var history = detail!["history"]!.AsArray();
        Assert.Contains(history, h => h!["kind"]!.GetValue<string>() == "no_longer_detected" && h["commit"]!.GetValue<string>() == Reports.Sha(2));

        var p3 = await server.CreatePipelineAsync(Project, "main", Reports.Sha(3));
        await server.UploadOkAsync(Project, p3, Reports.SastReport(10));
        Assert.Empty(await server.ListAllAsync(Project, "&no_longer_detected=true"));
        Assert.Equal(10, (await server.ListAllAsync(Project)).Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_resolved_vulnerability_seen_again_needs_triage_again_and_a_dismissed_one_stays_dismissed(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        await server.CreateProjectAsync(Project);
        var p1 = await server.CreatePipelineAsync(Project, "main", Reports.Sha(1));
        await server.UploadOkAsync(Project, p1, Reports.SastReport(2));
        var items = await server.ListAllAsync(Project);
        var resolvedId = items[0]["id"]!.GetValue<long>();
        var dismissedId = items[1]["id"]!.GetValue<long>();
        await using (var db = server.Database.CreateContext())
        {
            await db.Vulnerabilities.Where(v => v.Id == resolvedId).ExecuteUpdateAsync(u => u.SetProperty(v => v.State, VulnerabilityState.Resolved));
            await db.Vulnerabilities.Where(v => v.Id == dismissedId).ExecuteUpdateAsync(u => u
                .SetProperty(v => v.State, VulnerabilityState.Dismissed).SetProperty(v => v.DismissalReason, DismissalReason.UsedInTests));
        }

        var p2 = await server.CreatePipelineAsync(Project, "main", Reports.Sha(2));
        await server.UploadOkAsync(Project, p2, Reports.SastReport(2));

        var after = (await server.ListAllAsync(Project)).ToDictionary(i => i["id"]!.GetValue<long>());
        Assert.Equal("detected", after[resolvedId]["state"]!.GetValue<string>());
        Assert.Equal("dismissed", after[dismissedId]["state"]!.GetValue<string>());
        Assert.Equal("used_in_tests", after[dismissedId]["dismissal_reason"]!.GetValue<string>());
        var detail = await server.Admin.GetFromJsonAsync<JsonObject>($"/api/v1/vulnerabilities/{resolvedId}");
        Assert.Contains(detail!["history"]!.AsArray(), h => h!["kind"]!.GetValue<string>() == "detected_again" && h["from"]!.GetValue<string>() == "resolved");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Branch_pipelines_keep_their_findings_out_of_the_default_branch_report(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        await server.CreateProjectAsync(Project);
        var main = await server.CreatePipelineAsync(Project, "main", Reports.Sha(1));
        await server.UploadOkAsync(Project, main, Reports.SastReport(5));
        var branch = await server.CreatePipelineAsync(Project, "feature/login", Reports.Sha(2));
        var result = await server.UploadOkAsync(Project, branch, Reports.SastReport(7));

        Assert.Equal(2, result["new"]!.GetValue<int>());
        Assert.Equal(5, result["existing"]!.GetValue<int>());
        Assert.Equal(5, (await server.ListAllAsync(Project)).Count);
        Assert.Empty(await server.ListAllAsync(Project, "&no_longer_detected=true"));
        await using var db = server.Database.CreateContext();
        Assert.Equal(2, await db.Findings.CountAsync(f => f.Ref == "feature/login" && f.VulnerabilityId == null));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Findings_sharing_a_location_and_a_non_CWE_identifier_are_merged(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        await server.CreateProjectAsync(Project);
        var pipeline = await server.CreatePipelineAsync(Project, "main", Reports.Sha(1));
        var a = Reports.Sast(0);
        // A second rule that names the same CVE at the same place: one vulnerability for GitLab.
        var cve = Bulwark.Core.Findings.Identifier.Cve("CVE-2024-0001");
        var first = a with { Identifiers = Bulwark.Core.EquatableArray.Of(a.Identifiers[0], cve) };
        var second = a with { RuleId = "other", Identifiers = Bulwark.Core.EquatableArray.Of(Bulwark.Core.Findings.Identifier.Rule("sast", "other"), cve) };
        // Same place, same CWE only: not merged.
        var third = a with { RuleId = "third", Identifiers = Bulwark.Core.EquatableArray.Of(Bulwark.Core.Findings.Identifier.Rule("sast", "third"), a.Identifiers[1]) };
        var result = await server.UploadOkAsync(Project, pipeline, Reports.GitLab([first, second, third]));

        Assert.Equal(1, result["merged"]!.GetValue<int>());
        Assert.Equal(2, (await server.ListAllAsync(Project)).Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Concurrent_uploads_to_one_project_never_duplicate_a_vulnerability(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        await server.CreateProjectAsync(Project);
        var pipelines = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            pipelines.Add(await server.CreatePipelineAsync(Project, "main", Reports.Sha(10 + i)));
        }

        // Overlapping reports raced at once: every upload sees the same 150 findings among others.
        var uploads = pipelines.Select((p, i) => Task.Run(async () =>
        {
            using var response = await server.UploadAsync(Project, p, Reports.SastReport(200, offset: i * 10));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        })).ToList();
        var results = await Task.WhenAll(uploads);

        Assert.All(results, r => Assert.True(r.StatusCode == HttpStatusCode.Created, r.Item2));
        await using var db = server.Database.CreateContext();
        var uuids = await db.Vulnerabilities.Select(v => v.Uuid).ToListAsync();
        Assert.Equal(uuids.Count, uuids.Distinct().Count());
        Assert.Equal(200 + 5 * 10, uuids.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reports_from_other_tools_are_ingested_and_secrets_never_stored(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }

        await server.CreateProjectAsync(Project);
        var pipeline = await server.CreatePipelineAsync(Project, "main", Reports.Sha(1));
        var formats = new Dictionary<string, string>
        {
            ["gitleaks.json"] = "gitleaks",
            ["trivy-fs.json"] = "trivy",
            ["codeql.sarif"] = "sarif",
            ["semgrep.sarif"] = "sarif",
            ["gitlab-15.0-secret-detection.json"] = "gitlab",
            ["gitlab-14-dependency-scanning.json"] = "gitlab",
            ["cyclonedx-1.5-vex.json"] = "cyclonedx",
            ["bandit-1.6.2.json"] = "bandit",
            ["semgrep-1.json"] = "semgrep",
            ["trivy-0.44-fs.sarif"] = "sarif",
            ["flawfinder-2.0.19.sarif"] = "sarif",
            ["secretlint-12.0.0.sarif"] = "sarif",
        };
        foreach (var (file, format) in formats)
        {
            var report = await server.UploadOkAsync(Project, pipeline, Reports.Fixture(file));
            Assert.Equal(format, report["format"]!.GetValue<string>());
        }

        var all = await server.ListAllAsync(Project);
        Assert.Contains(all, v => v["report_type"]!.GetValue<string>() == "secret_detection");
        Assert.Contains(all, v => v["report_type"]!.GetValue<string>() == "dependency_scanning");
        Assert.Contains(all, v => v["report_type"]!.GetValue<string>() == "sast");

        // The gitleaks fixture's secrets, in full, appear nowhere in the database.
        var leaks = JsonNode.Parse(Reports.Fixture("gitleaks.json"))!.AsArray().Select(l => l!["Secret"]!.GetValue<string>()).Where(s => s.Length > 8).ToList();
        Assert.NotEmpty(leaks);
        await using var db = server.Database.CreateContext();
        var stored = string.Join('\n', await db.Findings.Select(f => f.Data).ToListAsync()) + string.Join('\n', await db.Vulnerabilities.Select(v => v.Data).ToListAsync());
        foreach (var secret in leaks)
        {
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_uploads_get_the_right_status_and_leave_the_database_unchanged(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, output);
        if (database is null)
        {
            return;
        }

        await using var server = await RunningServer.StartAsync(database, maxReportBytes: 200_000);
        await server.CreateProjectAsync(Project);
        var pipeline = await server.CreatePipelineAsync(Project, "main", Reports.Sha(1));
        await server.UploadOkAsync(Project, pipeline, Reports.SastReport(3));
        var before = await CountRowsAsync(server);

        async Task Expect(HttpStatusCode status, string fragment, HttpResponseMessage response)
        {
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(status == response.StatusCode, $"{response.StatusCode}: {body}");
                Assert.Contains(fragment, body, StringComparison.Ordinal);
            }
        }

        await Expect(HttpStatusCode.UnprocessableEntity, "not JSON", await server.UploadAsync(Project, pipeline, Encoding.UTF8.GetBytes("{\"vulnerabilities\": [")));
        await Expect(HttpStatusCode.UnsupportedMediaType, "not a recognised format", await server.UploadAsync(Project, pipeline, Encoding.UTF8.GetBytes("{\"hello\": \"world\"}")));
        await Expect(HttpStatusCode.UnsupportedMediaType, "text/csv", await server.UploadAsync(Project, pipeline, Encoding.UTF8.GetBytes("a,b"), contentType: "text/csv"));
        await Expect(HttpStatusCode.RequestEntityTooLarge, "limit", await server.UploadAsync(Project, pipeline, Reports.SastReport(600)));
        await Expect(HttpStatusCode.NotFound, "acme/nothing", await server.UploadAsync("acme/nothing", pipeline, Reports.SastReport(1)));
        await Expect(HttpStatusCode.NotFound, "pipeline 999", await server.UploadAsync(Project, 999, Reports.SastReport(1)));
        using var anonymous = server.Client(null);
        await Expect(HttpStatusCode.Unauthorized, string.Empty, await server.UploadAsync(Project, pipeline, Reports.SastReport(1), anonymous));
        using var forged = server.Client("bwk_notatokenatall");
        await Expect(HttpStatusCode.Unauthorized, string.Empty, await server.UploadAsync(Project, pipeline, Reports.SastReport(1), forged));

        // A report whose 3rd element is malformed is refused as a whole, naming the element.
        var broken = JsonNode.Parse(Reports.SastReport(5))!;
        broken["vulnerabilities"]![2]!["identifiers"] = "not-a-list";
        await Expect(HttpStatusCode.UnprocessableEntity, "vulnerabilities[2]", await server.UploadAsync(Project, pipeline, Encoding.UTF8.GetBytes(broken.ToJsonString())));

        Assert.Equal(before, await CountRowsAsync(server));
    }

    private static async Task<(int Vulnerabilities, int Findings, int Activities)> CountRowsAsync(RunningServer server)
    {
        await using var db = server.Database.CreateContext();
        return (await db.Vulnerabilities.CountAsync(), await db.Findings.CountAsync(), await db.Activities.CountAsync());
    }
}
