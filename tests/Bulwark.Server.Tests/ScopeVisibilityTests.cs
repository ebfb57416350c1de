using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bulwark.Core.Findings;
using Bulwark.Platform.Data;
using Xunit.Abstractions;

namespace Bulwark.Server.Tests;

/// <summary>
/// Guests see nothing security-related, in group and instance views too: a caller who is reporter nowhere in a scope
/// is refused (403), not shown an empty list that reads as "no vulnerabilities"; a reporter of one subgroup reads that
/// subgroup's part of its parent's and of the instance's lists.
/// </summary>
public sealed class ScopeVisibilityTests(ITestOutputHelper output)
{
    private static readonly string[] Views = ["vulnerabilities", "vulnerabilities/counts", "vulnerabilities/export", "dashboard/grades", "dependencies/search?name=left-pad"];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Group_and_instance_views_refuse_guests_and_filter_for_subgroup_reporters(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        await DashboardTests.WithVulnerabilitiesAsync(server, "corp/web/shopfront", Severity.High, Severity.Low);
        await DashboardTests.WithVulnerabilitiesAsync(server, "corp/api/ledgerapi", Severity.Critical);
        await DashboardTests.WithVulnerabilitiesAsync(server, "other/zebratool", Severity.Medium);
        await server.CreateProjectAsync("corp/empty/none");
        using var guest = await ScopedUsers.WithRoleAsync(server, "guest", Role.Guest, groupId: await ScopedUsers.GroupIdAsync(server, "corp"));
        using var webReporter = await ScopedUsers.WithRoleAsync(server, "webreporter", Role.Reporter, groupId: await ScopedUsers.GroupIdAsync(server, "corp/web"));
        using var emptyReporter = await ScopedUsers.WithRoleAsync(server, "emptyreporter", Role.Reporter, groupId: await ScopedUsers.GroupIdAsync(server, "corp/empty"));
        using var nobody = await ScopedUsers.WithRoleAsync(server, "nobody", Role.Reporter);

        foreach (var view in Views)
        {
            // A guest of the whole group: the group's views and the instance's are refused, not empty.
            await ExpectAsync(guest, $"/api/v1/groups/corp/{view}", HttpStatusCode.Forbidden);
            await ExpectAsync(guest, $"/api/v1/groups/corp%2Fweb/{view}", HttpStatusCode.Forbidden);
            await ExpectAsync(guest, $"/api/v1/{view}", HttpStatusCode.Forbidden);
            // Someone with no role anywhere: the instance refuses, a group they cannot see does not exist for them.
            await ExpectAsync(nobody, $"/api/v1/{view}", HttpStatusCode.Forbidden);
            await ExpectAsync(nobody, $"/api/v1/groups/corp/{view}", HttpStatusCode.NotFound);
            // A reporter of a subgroup reads the parent group's and the instance's views, filtered to the subgroup.
            await ExpectAsync(webReporter, $"/api/v1/groups/corp/{view}", HttpStatusCode.OK);
            await ExpectAsync(webReporter, $"/api/v1/{view}", HttpStatusCode.OK);
            await ExpectAsync(webReporter, $"/api/v1/groups/corp%2Fapi/{view}", HttpStatusCode.NotFound);
            // A reporter of a subgroup without vulnerabilities is a reporter there: an empty answer, not a refusal.
            await ExpectAsync(emptyReporter, $"/api/v1/{view}", HttpStatusCode.OK);
        }

        Assert.Equal(["corp/web/shopfront", "corp/web/shopfront"], await ProjectPathsAsync(webReporter, "/api/v1/vulnerabilities"));
        Assert.Equal(["corp/web/shopfront", "corp/web/shopfront"], await ProjectPathsAsync(webReporter, "/api/v1/groups/corp/vulnerabilities"));
        var counts = await webReporter.GetFromJsonAsync<JsonObject>("/api/v1/groups/corp/vulnerabilities/counts");
        Assert.Equal((1, 1, 0), (counts!["high"]!.GetValue<int>(), counts["low"]!.GetValue<int>(), counts["critical"]!.GetValue<int>()));
        var csv = await webReporter.GetStringAsync("/api/v1/vulnerabilities/export");
        Assert.Contains("shopfront", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("ledgerapi", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("zebratool", csv, StringComparison.Ordinal);
        Assert.Empty(await ProjectPathsAsync(emptyReporter, "/api/v1/vulnerabilities"));

        // The administrator reads everything, even where no one is a member.
        Assert.Equal(4, (await ProjectPathsAsync(server.Admin, "/api/v1/vulnerabilities")).Count);
    }

    private static async Task ExpectAsync(HttpClient client, string url, HttpStatusCode expected)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == expected, $"{url}: {(int)response.StatusCode}, expected {(int)expected}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<List<string>> ProjectPathsAsync(HttpClient client, string url)
    {
        var page = await client.GetFromJsonAsync<JsonObject>(url);
        return page!["items"]!.AsArray().Select(i => i!["project"]!["path"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
    }
}
