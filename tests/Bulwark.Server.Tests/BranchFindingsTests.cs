using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Bulwark.Server.Tests;

/// <summary>
/// Branch pipelines: their findings are kept per branch, answer "is this in my branch only?", and never change the
/// default branch's vulnerability report.
/// </summary>
public sealed class BranchFindingsTests(ITestOutputHelper output)
{
    private const string Project = "acme/payments";

    private static async Task<List<JsonObject>> BranchAsync(RunningServer server, string query)
    {
        var items = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var page = await server.Admin.GetFromJsonAsync<JsonObject>(
                $"/api/v1/projects/{Uri.EscapeDataString(Project)}/branch-findings?limit=7&{query}" + (cursor is null ? string.Empty : $"&cursor={cursor}"));
            items.AddRange(page!["items"]!.AsArray().Select(i => i!.AsObject()));
            cursor = page["next"]?.GetValue<string>();
        }
        while (cursor is not null);
        return items;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Branch_findings_say_which_are_only_in_the_branch_and_leave_the_default_report_alone(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        await server.CreateProjectAsync(Project);
        var main = await server.CreatePipelineAsync(Project, "main", Reports.Sha(1));
        await server.UploadOkAsync(Project, main, Reports.SastReport(20));
        var before = await server.ListAllAsync(Project);

        // The branch fixed findings 0-4 and introduced 20-24; an older branch pipeline had other findings.
        var old = await server.CreatePipelineAsync(Project, "feature/login", Reports.Sha(2));
        await server.UploadOkAsync(Project, old, Reports.SastReport(3, offset: 100));
        var latest = await server.CreatePipelineAsync(Project, "feature/login", Reports.Sha(3));
        await server.UploadOkAsync(Project, latest, Reports.SastReport(20, offset: 5));

        var all = await BranchAsync(server, "ref=feature/login");
        Assert.Equal(20, all.Count);
        Assert.Equal(20, all.Select(f => f["uuid"]!.GetValue<string>()).Distinct().Count());
        Assert.All(all, f => Assert.Equal(Reports.Sha(3), f["pipeline"]!["commit"]!.GetValue<string>()));
        var onlyHere = all.Where(f => f["only_in_branch"]!.GetValue<bool>()).ToList();
        Assert.Equal(5, onlyHere.Count);
        Assert.All(onlyHere, f => Assert.Null(f["vulnerability"]));
        Assert.All(all.Except(onlyHere), f => Assert.Equal("detected", f["vulnerability"]!["state"]!.GetValue<string>()));

        var filtered = await BranchAsync(server, "ref=feature/login&only_in_branch=true");
        Assert.Equal(onlyHere.Select(f => f["uuid"]!.GetValue<string>()).Order(), filtered.Select(f => f["uuid"]!.GetValue<string>()).Order());

        // The default branch's report is untouched: same vulnerabilities, none no longer detected.
        var after = await server.ListAllAsync(Project);
        Assert.Equal(before.Select(v => v["uuid"]!.GetValue<string>()).Order(), after.Select(v => v["uuid"]!.GetValue<string>()).Order());
        Assert.All(after, v => Assert.False(v["no_longer_detected"]!.GetValue<bool>()));

        // branch= on the vulnerability list: the default-branch vulnerabilities the branch still has (5-19).
        var stillInBranch = await server.ListAllAsync(Project, "&branch=feature/login");
        Assert.Equal(15, stillInBranch.Count);
        Assert.Empty(await server.ListAllAsync(Project, "&branch=no-such-branch"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Branch_findings_need_a_ref_and_the_reporter_role(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        await server.CreateProjectAsync(Project);
        using var noRef = await server.Admin.GetAsync($"/api/v1/projects/{Uri.EscapeDataString(Project)}/branch-findings");
        Assert.Equal(HttpStatusCode.BadRequest, noRef.StatusCode);
        Assert.Contains("ref", await noRef.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var anonymous = server.Client(null);
        using var denied = await anonymous.GetAsync($"/api/v1/projects/{Uri.EscapeDataString(Project)}/branch-findings?ref=main");
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);

        using var missing = await server.Admin.GetAsync("/api/v1/projects/acme%2Fnope/branch-findings?ref=main");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
