using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bulwark.Platform.Data;
using Xunit.Abstractions;

namespace Bulwark.Server.Tests;

/// <summary>The audit log endpoint: administrators only, filters, keyset pages.</summary>
public sealed class AuditTests(ITestOutputHelper output)
{
    private const string Project = "acme/payments";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Administrators_query_the_audit_log_by_action_actor_target_and_time(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        var projectId = await server.CreateProjectAsync(Project);
        await server.UploadOkAsync(Project, await server.CreatePipelineAsync(Project, "main", Reports.Sha(1)), Reports.SastReport(6));
        var ids = await Members.IdsAsync(server, Project);
        using var lead = await Members.AddAsync(server, "lead", Role.Maintainer, projectId);
        foreach (var id in ids.Take(4))
        {
            using var confirm = await server.Admin.PostAsJsonAsync($"/api/v1/vulnerabilities/{id}/confirm", new { });
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        }

        using (var dismiss = await lead.PostAsJsonAsync($"/api/v1/vulnerabilities/{ids[0]}/dismiss", new { dismissal_reason = "acceptable_risk", comment = "internal only" }))
        {
            Assert.Equal(HttpStatusCode.OK, dismiss.StatusCode);
        }

        using (var severity = await lead.PostAsJsonAsync($"/api/v1/vulnerabilities/{ids[5]}/severity", new { severity = "unknown", reason = "exposed" }))
        {
            Assert.Equal(HttpStatusCode.OK, severity.StatusCode);
        }

        var stateChanges = await ItemsAsync(server.Admin, "/api/v1/audit_events?action=vulnerability.state_changed");
        Assert.Equal(5, stateChanges.Count);
        var newest = stateChanges[0];
        Assert.Equal(("lead", ids[0]), (newest["actor"]!["username"]!.GetValue<string>(), newest["target_id"]!.GetValue<long>()));
        Assert.Equal(("confirmed", "dismissed", "acceptable_risk"),
            (newest["details"]!["from"]!.GetValue<string>(), newest["details"]!["to"]!.GetValue<string>(), newest["details"]!["dismissal_reason"]!.GetValue<string>()));
        var family = await ItemsAsync(server.Admin, "/api/v1/audit_events?action=vulnerability.*");
        Assert.Equal(6, family.Count);
        Assert.Equal(2, (await ItemsAsync(server.Admin, "/api/v1/audit_events?actor=lead")).Count);
        Assert.Equal(4, (await ItemsAsync(server.Admin, "/api/v1/audit_events?actor=admin&action=vulnerability.*")).Count);
        var target = await ItemsAsync(server.Admin, $"/api/v1/audit_events?target_type=vulnerability&target_id={ids[0]}");
        Assert.Equal(2, target.Count);
        Assert.Contains(await ItemsAsync(server.Admin, "/api/v1/audit_events?action=project.created"), e => e["target_id"]!.GetValue<long>() == projectId);
        Assert.Empty(await ItemsAsync(server.Admin, $"/api/v1/audit_events?since={DateTime.UtcNow.AddMinutes(5):O}"));
        Assert.Empty(await ItemsAsync(server.Admin, "/api/v1/audit_events?until=2020-01-01"));
        Assert.Equal(6, (await ItemsAsync(server.Admin, $"/api/v1/audit_events?action=vulnerability.*&since={DateTime.UtcNow.AddHours(-1):O}&until={DateTime.UtcNow.AddMinutes(5):O}")).Count);

        // Pages of two, newest first, every event once.
        var all = await ItemsAsync(server.Admin, "/api/v1/audit_events?limit=500");
        var paged = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var page = await server.Admin.GetFromJsonAsync<JsonObject>("/api/v1/audit_events?limit=2" + (cursor is null ? string.Empty : $"&cursor={cursor}"));
            var items = page!["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
            Assert.True(items.Count <= 2);
            paged.AddRange(items);
            cursor = page["next"]?.GetValue<string>();
        }
        while (cursor is not null);
        var pagedIds = paged.Select(e => e["id"]!.GetValue<long>()).ToList();
        Assert.Equal(all.Select(e => e["id"]!.GetValue<long>()), pagedIds);
        Assert.Equal(pagedIds.OrderDescending(), pagedIds);

        using var notAdmin = await lead.GetAsync("/api/v1/audit_events");
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        using var badTime = await server.Admin.GetAsync("/api/v1/audit_events?since=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);
        Assert.Contains("since: 'yesterday'", await badTime.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var badCursor = await server.Admin.GetAsync("/api/v1/audit_events?cursor=zzz");
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        using var anonymous = server.Client(null);
        using var none = await anonymous.GetAsync("/api/v1/audit_events");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        using var readOnlyAdmin = await Members.TokenAsync(server, "admin", TokenScopes.Read);
        using var read = await readOnlyAdmin.GetAsync("/api/v1/audit_events");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task The_new_endpoints_are_named_in_the_OpenAPI_document()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite, output);
        await using var server = await RunningServer.StartAsync(database!);
        var document = await server.Admin.GetStringAsync("/openapi/v1.json");
        foreach (var name in new[]
        {
            "ConfirmVulnerability", "DismissVulnerability", "ResolveVulnerability", "RevertVulnerabilityToDetected", "OverrideVulnerabilitySeverity",
            "ListVulnerabilityComments", "AddVulnerabilityComment", "EditVulnerabilityComment", "DeleteVulnerabilityComment",
            "ListVulnerabilityIssueLinks", "AddVulnerabilityIssueLink", "RemoveVulnerabilityIssueLink",
            "BulkChangeProjectVulnerabilityState", "BulkOverrideProjectVulnerabilitySeverity", "BulkLinkProjectVulnerabilitiesToIssue",
            "BulkChangeGroupVulnerabilityState", "BulkOverrideGroupVulnerabilitySeverity", "BulkLinkGroupVulnerabilitiesToIssue",
            "ExportProjectVulnerabilitiesCsv", "ExportGroupVulnerabilitiesCsv", "ExportVulnerabilitiesCsv", "ListAuditEvents",
        })
        {
            Assert.Contains($"\"operationId\": \"{name}\"", document, StringComparison.Ordinal);
        }
    }

    private static async Task<List<JsonObject>> ItemsAsync(HttpClient client, string url)
    {
        var page = await client.GetFromJsonAsync<JsonObject>(url);
        return page!["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
    }
}
