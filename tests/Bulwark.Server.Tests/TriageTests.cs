using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Bulwark.Server.Tests;

/// <summary>Triage over HTTP, on SQLite and PostgreSQL: state, severity, comments, issue links, bulk, roles, races.</summary>
public sealed class TriageTests(ITestOutputHelper output)
{
    private const string Project = "acme/payments";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task State_changes_follow_GitLab_and_leave_history_audit_events_and_daily_counts(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        var projectId = await server.CreateProjectAsync(Project);
        var pipeline = await server.CreatePipelineAsync(Project, "main", Reports.Sha(1));
        await server.UploadOkAsync(Project, pipeline, Reports.SastReport(10));
        var ids = await Members.IdsAsync(server, Project);

        using var confirm = await server.Admin.PostAsJsonAsync($"/api/v1/vulnerabilities/{ids[0]}/confirm", new { comment = "reproduced" });
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        var confirmed = await Members.JsonAsync(confirm);
        Assert.Equal("confirmed", confirmed["state"]!.GetValue<string>());
        Assert.NotNull(confirmed["confirmed_at"]);
        using var again = await server.Admin.PostAsJsonAsync($"/api/v1/vulnerabilities/{ids[0]}/confirm", new { });
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);

        using var noComment = await server.Admin.PostAsJsonAsync($"/api/v1/vulnerabilities/{ids[1]}/dismiss", new { dismissal_reason = "false_positive" });
        Assert.Equal(HttpStatusCode.BadRequest, noComment.StatusCode);
        Assert.Contains("comment", await noComment.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var badReason = await server.Admin.PostAsJsonAsync($"/api/v1/vulnerabilities/{ids[1]}/dismiss", new { dismissal_reason = "wontfix", comment = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, badReason.StatusCode);
        Assert.Contains("dismissal_reason: 'wontfix'", await badReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var dismiss = await server.Admin.PostAsJsonAsync($"/api/v1/vulnerabilities/{ids[1]}/dismiss", new { dismissal_reason = "false_positive", comment = "test fixture" });
        Assert.Equal(HttpStatusCode.OK, dismiss.StatusCode);
        var dismissed = await Members.JsonAsync(dismiss);
        Assert.Equal("dismissed", dismissed["state"]!.GetValue<string>());
        Assert.Equal("false_positive", dismissed["dismissal_reason"]!.GetValue<string>());

        using var resolve = await server.Admin.PostAsync($"/api/v1/vulnerabilities/{ids[2]}/resolve", null);
        Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        using var revert = await server.Admin.PostAsJsonAsync($"/api/v1/vulnerabilities/{ids[0]}/revert", new { comment = "not reproducible after all" });
        Assert.Equal(HttpStatusCode.OK, revert.StatusCode);
        var reverted = await Members.JsonAsync(revert);
        Assert.Equal("detected", reverted["state"]!.GetValue<string>());
        Assert.Null(reverted["confirmed_at"]);

        var detail = await Members.DetailAsync(server, ids[1]);
        var entry = detail["history"]!.AsArray().Single(h => h!["kind"]!.GetValue<string>() == "state_changed")!;
        Assert.Equal("detected", entry["from"]!.GetValue<string>());
        Assert.Equal("dismissed", entry["to"]!.GetValue<string>());
        Assert.Equal("false_positive", entry["reason"]!.GetValue<string>());
        Assert.Equal("test fixture", entry["comment"]!.GetValue<string>());
        Assert.Equal("admin", entry["actor"]!.GetValue<string>());
        var first = (await Members.DetailAsync(server, ids[0]))["history"]!.AsArray()
            .Where(h => h!["kind"]!.GetValue<string>() == "state_changed").Select(h => $"{h!["from"]}>{h["to"]}").ToList();
        Assert.Equal(new[] { "detected>confirmed", "confirmed>detected" }, first.ToArray());

        Assert.Single(await server.ListAllAsync(Project, "&state=dismissed&dismissal_reason=false_positive"));
        await using var db = server.Database.CreateContext();
        var audited = await db.AuditEvents.Where(e => e.Action == "vulnerability.state_changed").Select(e => e.TargetId).ToListAsync();
        Assert.Equal(4, audited.Count);
        Assert.Equal(new long?[] { ids[0], ids[1], ids[2] }.ToHashSet(), audited.ToHashSet());
        // Dismissed and resolved are not open: today's dashboard row counts the other 8.
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var row = await db.DailyCounts.SingleAsync(r => r.ProjectId == projectId && r.Day == today);
        Assert.Equal(8, row.Critical + row.High + row.Medium + row.Low + row.Info + row.Unknown);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_severity_override_needs_a_reason_keeps_the_scanner_severity_and_survives_later_scans(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        await server.CreateProjectAsync(Project);
        var p1 = await server.CreatePipelineAsync(Project, "main", Reports.Sha(1));
        await server.UploadOkAsync(Project, p1, Reports.SastReport(5));
        var id = (await Members.IdsAsync(server, Project))[0];
        var original = (await Members.DetailAsync(server, id))["vulnerability"]!["severity"]!.GetValue<string>();
        var chosen = original == "critical" ? "low" : "critical";

        using var noReason = await server.Admin.PostAsJsonAsync($"/api/v1/vulnerabilities/{id}/severity", new { severity = chosen });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("reason", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var badSeverity = await server.Admin.PostAsJsonAsync($"/api/v1/vulnerabilities/{id}/severity", new { severity = "urgent", reason = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, badSeverity.StatusCode);

        using var change = await server.Admin.PostAsJsonAsync($"/api/v1/vulnerabilities/{id}/severity", new { severity = chosen, reason = "internet facing" });
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        var changed = await Members.JsonAsync(change);
        Assert.Equal(chosen, changed["severity"]!.GetValue<string>());
        Assert.True(changed["severity_overridden"]!.GetValue<bool>());
        Assert.Equal(original, changed["scanner_severity"]!.GetValue<string>());

        var p2 = await server.CreatePipelineAsync(Project, "main", Reports.Sha(2));
        await server.UploadOkAsync(Project, p2, Reports.SastReport(5));
        var detail = await Members.DetailAsync(server, id);
        Assert.Equal(chosen, detail["vulnerability"]!["severity"]!.GetValue<string>());
        Assert.Equal(original, detail["vulnerability"]!["scanner_severity"]!.GetValue<string>());
        var entry = detail["history"]!.AsArray().Single(h => h!["kind"]!.GetValue<string>() == "severity_changed")!;
        Assert.Equal((original, chosen, "internet facing", "admin"),
            (entry["from"]!.GetValue<string>(), entry["to"]!.GetValue<string>(), entry["reason"]!.GetValue<string>(), entry["actor"]!.GetValue<string>()));

        using var back = await server.Admin.PostAsJsonAsync($"/api/v1/vulnerabilities/{id}/severity", new { severity = original, reason = "behind the VPN after all" });
        Assert.False((await Members.JsonAsync(back))["severity_overridden"]!.GetValue<bool>());
        await using var db = server.Database.CreateContext();
        Assert.Equal(2, await db.AuditEvents.CountAsync(e => e.Action == "vulnerability.severity_changed" && e.TargetId == id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Comments_belong_to_their_authors_and_issue_links_set_has_issue(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        var projectId = await server.CreateProjectAsync(Project);
        var pipeline = await server.CreatePipelineAsync(Project, "main", Reports.Sha(1));
        await server.UploadOkAsync(Project, pipeline, Reports.SastReport(3));
        var id = (await Members.IdsAsync(server, Project))[0];
        using var dev = await Members.AddAsync(server, "dev", Role.Developer, projectId);
        using var otherDev = await Members.AddAsync(server, "dev2", Role.Developer, projectId);
        using var maintainer = await Members.AddAsync(server, "lead", Role.Maintainer, projectId);

        using var added = await dev.PostAsJsonAsync($"/api/v1/vulnerabilities/{id}/comments", new { comment = "looking into it" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var commentId = (await Members.JsonAsync(added))["id"]!.GetValue<long>();
        using var empty = await dev.PostAsJsonAsync($"/api/v1/vulnerabilities/{id}/comments", new { comment = " " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        using var notAuthor = await otherDev.PutAsJsonAsync($"/api/v1/vulnerabilities/{id}/comments/{commentId}", new { comment = "mine now" });
        Assert.Equal(HttpStatusCode.Forbidden, notAuthor.StatusCode);
        using var edited = await dev.PutAsJsonAsync($"/api/v1/vulnerabilities/{id}/comments/{commentId}", new { comment = "fixed in !42" });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        using var otherDelete = await otherDev.DeleteAsync($"/api/v1/vulnerabilities/{id}/comments/{commentId}");
        Assert.Equal(HttpStatusCode.Forbidden, otherDelete.StatusCode);

        var comments = await dev.GetFromJsonAsync<JsonObject>($"/api/v1/vulnerabilities/{id}/comments");
        var comment = Assert.Single(comments!["items"]!.AsArray())!;
        Assert.Equal(("fixed in !42", "dev"), (comment["comment"]!.GetValue<string>(), comment["author"]!.GetValue<string>()));
        var detail = await Members.DetailAsync(server, id);
        Assert.Equal("fixed in !42", Assert.Single(detail["comments"]!.AsArray())!["comment"]!.GetValue<string>());
        Assert.Contains(detail["history"]!.AsArray(), h => h!["kind"]!.GetValue<string>() == "comment_edited");

        using var moderated = await maintainer.DeleteAsync($"/api/v1/vulnerabilities/{id}/comments/{commentId}");
        Assert.Equal(HttpStatusCode.NoContent, moderated.StatusCode);
        detail = await Members.DetailAsync(server, id);
        Assert.Empty(detail["comments"]!.AsArray());
        Assert.Contains(detail["history"]!.AsArray(), h => h!["kind"]!.GetValue<string>() == "comment_deleted");

        // Developers link and unlink issues, as on GitLab (admin_vulnerability_issue_link); reporters only read them.
        using var reporter = await Members.AddAsync(server, "reader", Role.Reporter, projectId);
        using var reporterLink = await reporter.PostAsJsonAsync($"/api/v1/vulnerabilities/{id}/issue_links", new { url = "https://jira.example.com/browse/SEC-1" });
        Assert.Equal(HttpStatusCode.Forbidden, reporterLink.StatusCode);
        using var badUrl = await dev.PostAsJsonAsync($"/api/v1/vulnerabilities/{id}/issue_links", new { url = "javascript:alert(1)" });
        Assert.Equal(HttpStatusCode.BadRequest, badUrl.StatusCode);
        using var link = await dev.PostAsJsonAsync($"/api/v1/vulnerabilities/{id}/issue_links", new { url = "https://jira.example.com/browse/SEC-1", title = "SEC-1" });
        Assert.Equal(HttpStatusCode.Created, link.StatusCode);
        var linkId = (await Members.JsonAsync(link))["id"]!.GetValue<long>();
        using var twice = await otherDev.PostAsJsonAsync($"/api/v1/vulnerabilities/{id}/issue_links", new { url = "https://jira.example.com/browse/SEC-1" });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(id, Assert.Single(await server.ListAllAsync(Project, "&has_issue=true"))["id"]!.GetValue<long>());
        var links = await reporter.GetFromJsonAsync<JsonObject>($"/api/v1/vulnerabilities/{id}/issue_links");
        Assert.Equal("SEC-1", Assert.Single(links!["items"]!.AsArray())!["title"]!.GetValue<string>());

        using var reporterUnlink = await reporter.DeleteAsync($"/api/v1/vulnerabilities/{id}/issue_links/{linkId}");
        Assert.Equal(HttpStatusCode.Forbidden, reporterUnlink.StatusCode);
        using var unlink = await otherDev.DeleteAsync($"/api/v1/vulnerabilities/{id}/issue_links/{linkId}");
        Assert.Equal(HttpStatusCode.NoContent, unlink.StatusCode);
        Assert.Empty(await server.ListAllAsync(Project, "&has_issue=true"));
        var kinds = (await Members.DetailAsync(server, id))["history"]!.AsArray().Select(h => h!["kind"]!.GetValue<string>()).ToList();
        Assert.Contains("issue_linked", kinds);
        Assert.Contains("issue_unlinked", kinds);

        await using var db = server.Database.CreateContext();
        var actions = await db.AuditEvents.Where(e => e.TargetId == id && e.Action.StartsWith("vulnerability.")).Select(e => e.Action).ToListAsync();
        Assert.Equal(
            new[] { "vulnerability.comment_added", "vulnerability.comment_deleted", "vulnerability.comment_edited", "vulnerability.issue_linked", "vulnerability.issue_unlinked" },
            actions.Order().ToArray());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_role_gets_what_the_matrix_says(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        var projectId = await server.CreateProjectAsync(Project);
        var pipeline = await server.CreatePipelineAsync(Project, "main", Reports.Sha(1));
        await server.UploadOkAsync(Project, pipeline, Reports.SastReport(12));
        var ids = await Members.IdsAsync(server, Project);
        var groupId = await Members.GroupIdAsync(server, "acme");
        var callers = new (string Name, HttpClient Client, HttpStatusCode State, HttpStatusCode Comment, HttpStatusCode Read)[]
        {
            ("stranger", await Members.AddAsync(server, "stranger", null), HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound),
            ("guest", await Members.AddAsync(server, "guest", Role.Guest, projectId), HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
            ("reporter", await Members.AddAsync(server, "reporter", Role.Reporter, projectId), HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.OK),
            ("developer", await Members.AddAsync(server, "developer", Role.Developer, projectId), HttpStatusCode.Forbidden, HttpStatusCode.Created, HttpStatusCode.OK),
            ("maintainer", await Members.AddAsync(server, "maintainer", Role.Maintainer, projectId), HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.OK),
            ("group maintainer", await Members.AddAsync(server, "groupmaintainer", Role.Maintainer, groupId: groupId), HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.OK),
            ("owner", await Members.AddAsync(server, "owner", Role.Owner, projectId), HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.OK),
            ("admin", server.Admin, HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.OK),
            ("read-only maintainer token", await Members.TokenAsync(server, "maintainer", Bulwark.Platform.Data.TokenScopes.Read), HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.OK),
        };

        for (var i = 0; i < callers.Length; i++)
        {
            var (name, client, state, comment, read) = callers[i];
            var id = ids[i];
            using var confirm = await client.PostAsJsonAsync($"/api/v1/vulnerabilities/{id}/confirm", new { });
            Assert.True(state == confirm.StatusCode, $"{name} confirm: {confirm.StatusCode}");
            using var severity = await client.PostAsJsonAsync($"/api/v1/vulnerabilities/{id}/severity", new { severity = "unknown", reason = "matrix" });
            Assert.True(state == severity.StatusCode, $"{name} severity: {severity.StatusCode}");
            using var bulk = await client.PostAsJsonAsync($"/api/v1/projects/{Uri.EscapeDataString(Project)}/vulnerabilities/bulk/state", new { ids = new[] { id }, state = "resolved" });
            Assert.True(state == bulk.StatusCode, $"{name} bulk: {bulk.StatusCode}");
            using var link = await client.PostAsJsonAsync($"/api/v1/vulnerabilities/{id}/issue_links", new { url = $"https://issues.example.com/{i}" });
            Assert.True(comment == link.StatusCode, $"{name} link: {link.StatusCode}"); // developer and above, like comments
            using var note = await client.PostAsJsonAsync($"/api/v1/vulnerabilities/{id}/comments", new { comment = "hello" });
            Assert.True(comment == note.StatusCode, $"{name} comment: {note.StatusCode}");
            using var list = await client.GetAsync($"/api/v1/vulnerabilities/{id}/comments");
            Assert.True(read == list.StatusCode, $"{name} read comments: {list.StatusCode}");
            using var export = await client.GetAsync($"/api/v1/projects/{Uri.EscapeDataString(Project)}/vulnerabilities/export");
            Assert.True(read == export.StatusCode, $"{name} export: {export.StatusCode}");
        }

        await using var db = server.Database.CreateContext();
        var changed = await db.Activities.Where(a => a.Kind == ActivityKind.StateChanged).Select(a => a.VulnerabilityId).Distinct().CountAsync();
        Assert.Equal(callers.Count(c => c.State == HttpStatusCode.OK), changed);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bulk_changes_are_all_or_nothing_and_name_the_ids_that_stopped_them(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        var payments = await server.CreateProjectAsync(Project);
        var ledger = await server.CreateProjectAsync("acme/core/ledger");
        await server.UploadOkAsync(Project, await server.CreatePipelineAsync(Project, "main", Reports.Sha(1)), Reports.SastReport(20));
        await server.UploadOkAsync("acme/core/ledger", await server.CreatePipelineAsync("acme/core/ledger", "main", Reports.Sha(2)), Reports.SastReport(5));
        var a = await Members.IdsAsync(server, Project);
        var b = await Members.IdsAsync(server, "acme/core/ledger");
        using var lead = await Members.AddAsync(server, "lead", Role.Maintainer, payments);
        await using (var db = server.Database.CreateContext())
        {
            var user = db.Users.Single(u => u.UsernameKey == "lead");
            db.Memberships.Add(new Membership { UserId = user.Id, ProjectId = ledger, Role = Role.Reporter, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        const string GroupBulk = "/api/v1/groups/acme/vulnerabilities/bulk/state";
        var projectBulk = $"/api/v1/projects/{Uri.EscapeDataString(Project)}/vulnerabilities/bulk";
        var dismiss = new { ids = a.Append(b[0]).ToArray(), state = "dismissed", dismissal_reason = "used_in_tests", comment = "fixtures" };

        using var forbidden = await lead.PostAsJsonAsync(GroupBulk, dismiss);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(new[] { b[0] }, (await Members.JsonAsync(forbidden))["ids"]!.AsArray().Select(i => i!.GetValue<long>()).ToArray());
        using var outside = await server.Admin.PostAsJsonAsync($"{projectBulk}/state", dismiss);
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.Equal(new[] { b[0] }, (await Members.JsonAsync(outside))["ids"]!.AsArray().Select(i => i!.GetValue<long>()).ToArray());
        using var missing = await server.Admin.PostAsJsonAsync(GroupBulk, new { ids = new[] { a[0], 999_999 }, state = "confirmed" });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("999999", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var tooMany = await server.Admin.PostAsJsonAsync(GroupBulk, new { ids = Enumerable.Range(1, 1001).ToArray(), state = "confirmed" });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Empty(await server.ListAllAsync(Project, "&state=dismissed,confirmed"));
        await using (var db = server.Database.CreateContext())
        {
            Assert.Equal(0, await db.Activities.CountAsync(x => x.Kind == ActivityKind.StateChanged));
            Assert.Equal(0, await db.AuditEvents.CountAsync(x => x.Action == "vulnerability.state_changed"));
        }

        using var done = await lead.PostAsJsonAsync(GroupBulk, dismiss with { ids = a.ToArray() });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(20, (await Members.JsonAsync(done))["changed"]!.AsArray().Count);
        using var repeat = await lead.PostAsJsonAsync(GroupBulk, dismiss with { ids = a.ToArray() });
        var repeated = await Members.JsonAsync(repeat);
        Assert.Equal((0, 20), (repeated["changed"]!.AsArray().Count, repeated["unchanged"]!.AsArray().Count));
        Assert.Equal(20, (await server.ListAllAsync(Project, "&state=dismissed&dismissal_reason=used_in_tests")).Count);

        using var severity = await lead.PostAsJsonAsync($"{projectBulk}/severity", new { ids = a.Take(5).ToArray(), severity = "info", reason = "test code" });
        Assert.Equal(HttpStatusCode.OK, severity.StatusCode);
        Assert.True((await server.ListAllAsync(Project, "&severity=info")).Count >= 5);
        using var links = await lead.PostAsJsonAsync($"{projectBulk}/issue_links", new { ids = a.Take(3).ToArray(), url = "https://gitlab.example.com/acme/payments/-/issues/7" });
        Assert.Equal(HttpStatusCode.OK, links.StatusCode);
        Assert.Equal(3, (await server.ListAllAsync(Project, "&has_issue=true")).Count);

        await using (var db = server.Database.CreateContext())
        {
            var perVulnerability = await db.Activities.Where(x => x.Kind == ActivityKind.StateChanged).GroupBy(x => x.VulnerabilityId).Select(g => g.Count()).ToListAsync();
            Assert.Equal(20, perVulnerability.Count);
            Assert.All(perVulnerability, n => Assert.Equal(1, n));
            Assert.Equal(20, await db.AuditEvents.CountAsync(x => x.Action == "vulnerability.state_changed" && x.ActorName == "lead"));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_triagers_at_once_never_lose_a_history_entry(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        var projectId = await server.CreateProjectAsync(Project);
        await server.UploadOkAsync(Project, await server.CreatePipelineAsync(Project, "main", Reports.Sha(1)), Reports.SastReport(1));
        var id = (await Members.IdsAsync(server, Project)).Single();
        using var second = await Members.AddAsync(server, "second", Role.Maintainer, projectId);
        var actions = new[] { "confirm", "resolve", "revert", "dismiss", "confirm", "revert" };

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            var client = i % 2 == 0 ? server.Admin : second;
            using var response = await client.PostAsJsonAsync($"/api/v1/vulnerabilities/{id}/{actions[i % actions.Length]}",
                new { comment = $"change {i}", dismissal_reason = actions[i % actions.Length] == "dismiss" ? "acceptable_risk" : null });
            return response.StatusCode;
        }));

        Assert.All(responses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.NotModified, s.ToString()));
        await using var db = server.Database.CreateContext();
        var history = await db.Activities.Where(a => a.VulnerabilityId == id && a.Kind == ActivityKind.StateChanged).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(responses.Count(s => s == HttpStatusCode.OK), history.Count);
        var state = "detected";
        foreach (var entry in history)
        {
            Assert.Equal(state, entry.From);
            state = entry.To!;
        }

        Assert.Equal(state, (await db.Vulnerabilities.SingleAsync(v => v.Id == id)).State.ToString().ToLowerInvariant());
        Assert.Equal(history.Count, await db.AuditEvents.CountAsync(e => e.Action == "vulnerability.state_changed"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_resolved_vulnerability_seen_again_returns_to_detected_and_a_dismissed_one_stays_dismissed(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        var projectId = await server.CreateProjectAsync(Project);
        await server.UploadOkAsync(Project, await server.CreatePipelineAsync(Project, "main", Reports.Sha(1)), Reports.SastReport(5));
        var ids = await Members.IdsAsync(server, Project);
        using var resolve = await server.Admin.PostAsJsonAsync($"/api/v1/vulnerabilities/{ids[0]}/resolve", new { comment = "fixed in abc" });
        Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        using var dismiss = await server.Admin.PostAsJsonAsync($"/api/v1/vulnerabilities/{ids[1]}/dismiss", new { dismissal_reason = "mitigating_control", comment = "WAF rule 12" });
        Assert.Equal(HttpStatusCode.OK, dismiss.StatusCode);

        await server.UploadOkAsync(Project, await server.CreatePipelineAsync(Project, "main", Reports.Sha(2)), Reports.SastReport(5));

        var again = await Members.DetailAsync(server, ids[0]);
        Assert.Equal("detected", again["vulnerability"]!["state"]!.GetValue<string>());
        var kinds = again["history"]!.AsArray().Select(h => h!["kind"]!.GetValue<string>()).ToList();
        Assert.True(kinds.IndexOf("detected_again") > kinds.IndexOf("state_changed"), string.Join(",", kinds));
        var stays = await Members.DetailAsync(server, ids[1]);
        Assert.Equal("dismissed", stays["vulnerability"]!["state"]!.GetValue<string>());
        Assert.Equal("mitigating_control", stays["vulnerability"]!["dismissal_reason"]!.GetValue<string>());

        await using var db = server.Database.CreateContext();
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var row = await db.DailyCounts.SingleAsync(r => r.ProjectId == projectId && r.Day == today);
        Assert.Equal(4, row.Critical + row.High + row.Medium + row.Low + row.Info + row.Unknown);
    }
}
