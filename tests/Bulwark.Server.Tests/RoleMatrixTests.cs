using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bulwark.Platform.Access;
using Bulwark.Platform.Data;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Bulwark.Server.Tests;

/// <summary>Who may call an endpoint: nobody signed in, anyone signed in, a role on the project/group, or an administrator.</summary>
public enum Minimum
{
    Anonymous,
    Authenticated,
    Guest,
    Reporter,
    Developer,
    Maintainer,
    Owner,
    Admin,
}

/// <summary>
/// The role × endpoint matrix, tested for every /api/v1 endpoint and every kind of caller. It is exhaustive by
/// construction: the test lists the running server's endpoints and fails for any without an entry here, so a
/// new endpoint must say who may call it. Every sample request targets the fixture's project <c>acme/app</c> in
/// group <c>acme</c>, where each role user holds their role (inherited by the project).
/// </summary>
public sealed class RoleMatrixTests(ITestOutputHelper output)
{
    /// <param name="Write">A change: read-only tokens are refused.</param>
    /// <param name="ShowsData">A list that filters what it shows: every allowed caller must see the fixture's data in it, not an empty answer.</param>
    private sealed record Entry(string Method, string Route, Minimum Minimum, bool Write, Func<MatrixFixture, MatrixCaller, Task<HttpRequestMessage>> Request, bool ShowsData = false);

    private const string P = "acme%2Fapp";

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    private static HttpRequestMessage Json(HttpMethod method, string url, object body) => new(method, url) { Content = JsonContent.Create(body) };

    private static Task<HttpRequestMessage> Ready(HttpRequestMessage request) => Task.FromResult(request);

    private static readonly Entry[] Matrix =
    [
        // projects
        new("POST", "/api/v1/projects", Minimum.Maintainer, true, (f, c) => Ready(Json(HttpMethod.Post, "/api/v1/projects", new { path = f.Unique("acme/new") }))),
        new("GET", "/api/v1/projects", Minimum.Authenticated, false, (f, c) => Ready(Get("/api/v1/projects"))),
        new("GET", "/api/v1/projects/{project}", Minimum.Guest, false, (f, c) => Ready(Get($"/api/v1/projects/{P}"))),
        // pipelines and reports
        new("POST", "/api/v1/projects/{project}/pipelines", Minimum.Developer, true, (f, c) => Ready(Json(HttpMethod.Post, $"/api/v1/projects/{P}/pipelines", new { @ref = "main", commit = Reports.Sha(7) }))),
        new("GET", "/api/v1/projects/{project}/pipelines/{id:long}", Minimum.Reporter, false, (f, c) => Ready(Get($"/api/v1/projects/{P}/pipelines/{f.PipelineId}"))),
        new("POST", "/api/v1/projects/{project}/pipelines/{id:long}/reports", Minimum.Developer, true, (f, c) =>
        {
            var content = new ByteArrayContent(Reports.SastReport(2));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return Ready(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/projects/{P}/pipelines/{f.PipelineId}/reports") { Content = content });
        }),
        // vulnerabilities
        new("GET", "/api/v1/projects/{project}/vulnerabilities", Minimum.Reporter, false, (f, c) => Ready(Get($"/api/v1/projects/{P}/vulnerabilities"))),
        new("GET", "/api/v1/projects/{project}/vulnerabilities/counts", Minimum.Reporter, false, (f, c) => Ready(Get($"/api/v1/projects/{P}/vulnerabilities/counts"))),
        new("GET", "/api/v1/projects/{project}/branch-findings", Minimum.Reporter, false, (f, c) => Ready(Get($"/api/v1/projects/{P}/branch-findings?ref=main"))),
        new("GET", "/api/v1/groups/{group}/vulnerabilities", Minimum.Reporter, false, (f, c) => Ready(Get("/api/v1/groups/acme/vulnerabilities")), ShowsData: true),
        new("GET", "/api/v1/groups/{group}/vulnerabilities/counts", Minimum.Reporter, false, (f, c) => Ready(Get("/api/v1/groups/acme/vulnerabilities/counts")), ShowsData: true),
        new("GET", "/api/v1/vulnerabilities", Minimum.Reporter, false, (f, c) => Ready(Get("/api/v1/vulnerabilities")), ShowsData: true),
        new("GET", "/api/v1/vulnerabilities/counts", Minimum.Reporter, false, (f, c) => Ready(Get("/api/v1/vulnerabilities/counts")), ShowsData: true),
        new("GET", "/api/v1/vulnerabilities/{id:long}", Minimum.Reporter, false, (f, c) => Ready(Get($"/api/v1/vulnerabilities/{f.VulnerabilityId}"))),
        new("GET", "/api/v1/projects/{project}/vulnerabilities/export", Minimum.Reporter, false, (f, c) => Ready(Get($"/api/v1/projects/{P}/vulnerabilities/export"))),
        new("GET", "/api/v1/groups/{group}/vulnerabilities/export", Minimum.Reporter, false, (f, c) => Ready(Get("/api/v1/groups/acme/vulnerabilities/export"))),
        new("GET", "/api/v1/vulnerabilities/export", Minimum.Reporter, false, (f, c) => Ready(Get("/api/v1/vulnerabilities/export"))),
        // triage: state and severity are maintainer's (GitLab's admin_vulnerability), comments and issue links developer's
        new("POST", "/api/v1/vulnerabilities/{id:long}/confirm", Minimum.Maintainer, true, (f, c) => Ready(Json(HttpMethod.Post, $"/api/v1/vulnerabilities/{f.VulnerabilityId}/confirm", new { comment = "seen" }))),
        new("POST", "/api/v1/vulnerabilities/{id:long}/dismiss", Minimum.Maintainer, true, (f, c) => Ready(Json(HttpMethod.Post, $"/api/v1/vulnerabilities/{f.VulnerabilityId}/dismiss", new { dismissal_reason = "used_in_tests", comment = "fixture" }))),
        new("POST", "/api/v1/vulnerabilities/{id:long}/resolve", Minimum.Maintainer, true, (f, c) => Ready(Json(HttpMethod.Post, $"/api/v1/vulnerabilities/{f.VulnerabilityId}/resolve", new { }))),
        new("POST", "/api/v1/vulnerabilities/{id:long}/revert", Minimum.Maintainer, true, (f, c) => Ready(Json(HttpMethod.Post, $"/api/v1/vulnerabilities/{f.VulnerabilityId}/revert", new { }))),
        new("POST", "/api/v1/vulnerabilities/{id:long}/severity", Minimum.Maintainer, true, (f, c) => Ready(Json(HttpMethod.Post, $"/api/v1/vulnerabilities/{f.VulnerabilityId}/severity", new { severity = f.Unique("x").EndsWith('0') ? "low" : "high", reason = "matrix" }))),
        new("GET", "/api/v1/vulnerabilities/{id:long}/comments", Minimum.Reporter, false, (f, c) => Ready(Get($"/api/v1/vulnerabilities/{f.VulnerabilityId}/comments"))),
        new("POST", "/api/v1/vulnerabilities/{id:long}/comments", Minimum.Developer, true, (f, c) => Ready(Json(HttpMethod.Post, $"/api/v1/vulnerabilities/{f.VulnerabilityId}/comments", new { comment = "looking" }))),
        new("PUT", "/api/v1/vulnerabilities/{id:long}/comments/{commentId:long}", Minimum.Developer, true, async (f, c) => Json(HttpMethod.Put, $"/api/v1/vulnerabilities/{f.VulnerabilityId}/comments/{await f.CommentByAsync(c)}", new { comment = "edited" })),
        new("DELETE", "/api/v1/vulnerabilities/{id:long}/comments/{commentId:long}", Minimum.Developer, true, async (f, c) => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/vulnerabilities/{f.VulnerabilityId}/comments/{await f.CommentByAsync(c)}")),
        new("GET", "/api/v1/vulnerabilities/{id:long}/issue_links", Minimum.Reporter, false, (f, c) => Ready(Get($"/api/v1/vulnerabilities/{f.VulnerabilityId}/issue_links"))),
        new("POST", "/api/v1/vulnerabilities/{id:long}/issue_links", Minimum.Developer, true, (f, c) => Ready(Json(HttpMethod.Post, $"/api/v1/vulnerabilities/{f.VulnerabilityId}/issue_links", new { url = f.IssueUrl() }))),
        new("DELETE", "/api/v1/vulnerabilities/{id:long}/issue_links/{linkId:long}", Minimum.Developer, true, async (f, c) => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/vulnerabilities/{f.VulnerabilityId}/issue_links/{await f.IssueLinkAsync()}")),
        new("POST", "/api/v1/projects/{project}/vulnerabilities/bulk/state", Minimum.Maintainer, true, (f, c) => Ready(Json(HttpMethod.Post, $"/api/v1/projects/{P}/vulnerabilities/bulk/state", new { ids = new[] { f.VulnerabilityId }, state = "confirmed" }))),
        new("POST", "/api/v1/projects/{project}/vulnerabilities/bulk/severity", Minimum.Maintainer, true, (f, c) => Ready(Json(HttpMethod.Post, $"/api/v1/projects/{P}/vulnerabilities/bulk/severity", new { ids = new[] { f.VulnerabilityId }, severity = "medium", reason = "matrix" }))),
        new("POST", "/api/v1/projects/{project}/vulnerabilities/bulk/issue_links", Minimum.Developer, true, (f, c) => Ready(Json(HttpMethod.Post, $"/api/v1/projects/{P}/vulnerabilities/bulk/issue_links", new { ids = new[] { f.VulnerabilityId }, url = f.IssueUrl() }))),
        new("POST", "/api/v1/groups/{group}/vulnerabilities/bulk/state", Minimum.Maintainer, true, (f, c) => Ready(Json(HttpMethod.Post, "/api/v1/groups/acme/vulnerabilities/bulk/state", new { ids = new[] { f.VulnerabilityId }, state = "detected" }))),
        new("POST", "/api/v1/groups/{group}/vulnerabilities/bulk/severity", Minimum.Maintainer, true, (f, c) => Ready(Json(HttpMethod.Post, "/api/v1/groups/acme/vulnerabilities/bulk/severity", new { ids = new[] { f.VulnerabilityId }, severity = "critical", reason = "matrix" }))),
        new("POST", "/api/v1/groups/{group}/vulnerabilities/bulk/issue_links", Minimum.Developer, true, (f, c) => Ready(Json(HttpMethod.Post, "/api/v1/groups/acme/vulnerabilities/bulk/issue_links", new { ids = new[] { f.VulnerabilityId }, url = f.IssueUrl() }))),
        // ingestion jobs: the uploader's view of their upload
        new("GET", "/api/v1/ingestion-jobs/{id:long}", Minimum.Developer, false, (f, c) => Ready(Get($"/api/v1/ingestion-jobs/{f.JobId}"))),
        // dependencies
        new("GET", "/api/v1/projects/{project}/dependencies", Minimum.Reporter, false, (f, c) => Ready(Get($"/api/v1/projects/{P}/dependencies")), ShowsData: true),
        new("GET", "/api/v1/projects/{project}/dependencies/search", Minimum.Reporter, false, (f, c) => Ready(Get($"/api/v1/projects/{P}/dependencies/search?name=left-pad"))),
        new("GET", "/api/v1/groups/{group}/dependencies/search", Minimum.Reporter, false, (f, c) => Ready(Get("/api/v1/groups/acme/dependencies/search?name=left-pad"))),
        new("GET", "/api/v1/dependencies/search", Minimum.Reporter, false, (f, c) => Ready(Get("/api/v1/dependencies/search?name=left-pad"))),
        // audit
        new("GET", "/api/v1/audit_events", Minimum.Admin, false, (f, c) => Ready(Get("/api/v1/audit_events"))),
        // session
        new("POST", "/api/v1/session", Minimum.Anonymous, false, (f, c) => Ready(Json(HttpMethod.Post, "/api/v1/session", new { username = "guest", password = AuthClients.Password }))),
        new("GET", "/api/v1/session", Minimum.Authenticated, false, (f, c) => Ready(Get("/api/v1/session"))),
        new("DELETE", "/api/v1/session", Minimum.Authenticated, false, (f, c) => Ready(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/session"))),
        new("GET", "/api/v1/session/csrf", Minimum.Authenticated, false, (f, c) => Ready(Get("/api/v1/session/csrf"))),
        // users
        new("POST", "/api/v1/users", Minimum.Admin, true, (f, c) => Ready(Json(HttpMethod.Post, "/api/v1/users", new { username = f.Unique("user"), password = AuthClients.Password }))),
        new("GET", "/api/v1/users", Minimum.Admin, false, (f, c) => Ready(Get("/api/v1/users"))),
        new("GET", "/api/v1/users/{user}", Minimum.Admin, false, async (f, c) => Get($"/api/v1/users/{await f.NewUserAsync()}")),
        new("PATCH", "/api/v1/users/{user}", Minimum.Admin, true, async (f, c) => Json(HttpMethod.Patch, $"/api/v1/users/{await f.NewUserAsync()}", new { blocked = true })),
        new("GET", "/api/v1/user", Minimum.Authenticated, false, (f, c) => Ready(Get("/api/v1/user"))),
        new("PUT", "/api/v1/user/password", Minimum.Authenticated, true, (f, c) => Ready(Json(HttpMethod.Put, "/api/v1/user/password", new { current_password = AuthClients.Password, password = AuthClients.Password }))),
        // personal access tokens
        new("GET", "/api/v1/user/tokens", Minimum.Authenticated, false, (f, c) => Ready(Get("/api/v1/user/tokens"))),
        new("POST", "/api/v1/user/tokens", Minimum.Authenticated, true, (f, c) => Ready(Json(HttpMethod.Post, "/api/v1/user/tokens", new { name = "matrix", scopes = new[] { "read" } }))),
        new("DELETE", "/api/v1/user/tokens/{id:long}", Minimum.Authenticated, true, async (f, c) => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/user/tokens/{await f.PersonalTokenAsync(c)}")),
        // project access tokens
        new("GET", "/api/v1/projects/{project}/access_tokens", Minimum.Owner, false, (f, c) => Ready(Get($"/api/v1/projects/{P}/access_tokens"))),
        new("POST", "/api/v1/projects/{project}/access_tokens", Minimum.Owner, true, (f, c) => Ready(Json(HttpMethod.Post, $"/api/v1/projects/{P}/access_tokens", new { name = "ci", role = "developer", scopes = new[] { "write" } }))),
        new("DELETE", "/api/v1/projects/{project}/access_tokens/{id:long}", Minimum.Owner, true, async (f, c) => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/projects/{P}/access_tokens/{await f.ProjectTokenAsync()}")),
        // members
        new("GET", "/api/v1/projects/{target}/members", Minimum.Guest, false, (f, c) => Ready(Get($"/api/v1/projects/{P}/members"))),
        new("POST", "/api/v1/projects/{target}/members", Minimum.Owner, true, async (f, c) => Json(HttpMethod.Post, $"/api/v1/projects/{P}/members", new { user_id = await f.NewUserAsync(), role = "developer" })),
        new("PUT", "/api/v1/projects/{target}/members/{userId:long}", Minimum.Owner, true, async (f, c) => Json(HttpMethod.Put, $"/api/v1/projects/{P}/members/{await f.NewMemberAsync(project: true)}", new { role = "reporter" })),
        new("DELETE", "/api/v1/projects/{target}/members/{userId:long}", Minimum.Owner, true, async (f, c) => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/projects/{P}/members/{await f.NewMemberAsync(project: true)}")),
        new("GET", "/api/v1/groups/{target}/members", Minimum.Guest, false, (f, c) => Ready(Get("/api/v1/groups/acme/members"))),
        new("POST", "/api/v1/groups/{target}/members", Minimum.Owner, true, async (f, c) => Json(HttpMethod.Post, "/api/v1/groups/acme/members", new { user_id = await f.NewUserAsync(), role = "guest" })),
        new("PUT", "/api/v1/groups/{target}/members/{userId:long}", Minimum.Owner, true, async (f, c) => Json(HttpMethod.Put, $"/api/v1/groups/acme/members/{await f.NewMemberAsync(project: false)}", new { role = "reporter" })),
        new("DELETE", "/api/v1/groups/{target}/members/{userId:long}", Minimum.Owner, true, async (f, c) => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/groups/acme/members/{await f.NewMemberAsync(project: false)}")),
        // groups
        new("POST", "/api/v1/groups", Minimum.Maintainer, true, (f, c) => Ready(Json(HttpMethod.Post, "/api/v1/groups", new { path = f.Unique("acme/sub") }))),
        new("GET", "/api/v1/groups", Minimum.Authenticated, false, (f, c) => Ready(Get("/api/v1/groups"))),
        new("GET", "/api/v1/groups/{group}", Minimum.Guest, false, (f, c) => Ready(Get("/api/v1/groups/acme"))),
    ];

    /// <summary>Every dashboard view, for a project, a group and the instance: reporter or above, like the lists.</summary>
    private static readonly Entry[] Dashboards =
    [
        .. new[] { "history", "grades", "remediation", "ages", "coverage" }.SelectMany(view => new Entry[]
        {
            new("GET", $"/api/v1/projects/{{project}}/dashboard/{view}", Minimum.Reporter, false, (f, c) => Ready(Get($"/api/v1/projects/{P}/dashboard/{view}"))),
            new("GET", $"/api/v1/groups/{{group}}/dashboard/{view}", Minimum.Reporter, false, (f, c) => Ready(Get($"/api/v1/groups/acme/dashboard/{view}"))),
            new("GET", $"/api/v1/dashboard/{view}", Minimum.Reporter, false, (f, c) => Ready(Get($"/api/v1/dashboard/{view}"))),
        }),
    ];

    private static IEnumerable<Entry> All => Matrix.Concat(Dashboards);

    [Fact]
    public async Task Every_api_endpoint_has_an_entry_in_the_matrix()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite, output);
        await using var server = await RunningServer.StartAsync(database!);
        var endpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();
        var table = All.Select(e => $"{e.Method} {e.Route}").ToHashSet();
        Assert.True(endpoints.Except(table).ToList() is { Count: 0 } missing, "endpoints without a role matrix entry (add them to RoleMatrixTests.Matrix): " + string.Join(", ", endpoints.Except(table)));
        Assert.True(table.Except(endpoints).ToList() is { Count: 0 }, "matrix entries for endpoints that do not exist: " + string.Join(", ", table.Except(endpoints)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_endpoint_allows_exactly_the_roles_of_the_matrix(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, output);
        if (database is null)
        {
            return;
        }

        await using var server = await RunningServer.StartAsync(database, configure: o => o with { SignInAttemptsPerWindow = 1000, SignInAttemptsPerAddress = 1000 });
        var fixture = await MatrixFixture.CreateAsync(server);
        var failures = new List<string>();
        foreach (var entry in All)
        {
            foreach (var caller in fixture.Callers)
            {
                var allowed = Allows(entry, caller);
                using var request = await entry.Request(fixture, caller);
                if (caller.Token is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", caller.Token);
                }

                using var response = await fixture.Client.SendAsync(request);
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync();
                var verdict = allowed ? AllowedProblem(entry, status, body) : DeniedProblem(caller, status);
                if (verdict is not null)
                {
                    failures.Add($"{entry.Method} {entry.Route} as {caller.Name}: {verdict} (status {status}: {Truncate(body)})");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static bool Allows(Entry entry, MatrixCaller caller) => caller.Name switch
    {
        "anonymous" => entry.Minimum == Minimum.Anonymous,
        "admin" => true,
        "admin read-only token" => !entry.Write,
        _ => entry.Minimum switch
        {
            Minimum.Anonymous or Minimum.Authenticated => true,
            Minimum.Admin => false,
            Minimum.Guest => caller.Rank >= Role.Guest,
            Minimum.Reporter => caller.Rank >= Role.Reporter,
            Minimum.Developer => caller.Rank >= Role.Developer,
            Minimum.Maintainer => caller.Rank >= Role.Maintainer,
            _ => caller.Rank >= Role.Owner,
        },
    };

    private static string? AllowedProblem(Entry entry, int status, string body)
    {
        if (status is 401 or 403 or 404 || status >= 500)
        {
            return "allowed, but refused or failed";
        }

        if (entry.ShowsData && IsEmpty(body))
        {
            return "allowed, but saw nothing";
        }

        return null;
    }

    private static string? DeniedProblem(MatrixCaller caller, int status)
    {
        if (caller.Token is null)
        {
            return status == 401 ? null : "anonymous, but not 401";
        }

        // Guests see nothing security-related: a refusal, never an empty list that looks like "no vulnerabilities".
        return status is 403 or 404 ? null : "denied, but not 403/404";
    }

    /// <summary>A list without items, or counts that are all zero.</summary>
    private static bool IsEmpty(string body)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        return node.TryGetPropertyValue("items", out var items)
            ? items!.AsArray().Count == 0
            : node.All(p => p.Value is JsonValue v && v.TryGetValue<int>(out var n) && n == 0);
    }

    private static string Truncate(string body) => body.Length > 300 ? body[..300] + "…" : body;
}

/// <summary>One kind of caller: a role member of group <c>acme</c>, the administrator, a read-only token, or nobody.</summary>
public sealed record MatrixCaller(string Name, Role Rank, long UserId, string? Token);

/// <summary>Project <c>acme/app</c> with a pipeline and vulnerabilities, a user per role in group <c>acme</c>, and helpers making fresh objects per request.</summary>
public sealed class MatrixFixture
{
    private int _counter;

    private MatrixFixture(RunningServer server) => Server = server;

    public RunningServer Server { get; }

    public HttpClient Client { get; } = new(new HttpClientHandler { UseCookies = false, CheckCertificateRevocationList = true });

    public List<MatrixCaller> Callers { get; } = [];

    public long PipelineId { get; private set; }

    public long VulnerabilityId { get; private set; }

    public long ProjectId { get; private set; }

    public long JobId { get; private set; }

    public string Unique(string prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{Interlocked.Increment(ref _counter)}");

    public static async Task<MatrixFixture> CreateAsync(RunningServer server)
    {
        var fixture = new MatrixFixture(server);
        fixture.Client.BaseAddress = server.Address;
        fixture.ProjectId = await server.CreateProjectAsync("acme/app");
        fixture.PipelineId = await server.CreatePipelineAsync("acme/app", "main", Reports.Sha(1));
        await server.UploadOkAsync("acme/app", fixture.PipelineId, Reports.SastReport(5));
        await server.UploadOkAsync("acme/app", fixture.PipelineId, Sboms.CycloneDx(new Package("npm", "left-pad", "1.3.0")));
        fixture.VulnerabilityId = (await server.ListAllAsync("acme/app"))[0]["id"]!.GetValue<long>();
        await using (var db = server.Database.CreateContext())
        {
            fixture.JobId = db.IngestionJobs.OrderBy(j => j.Id).First().Id;
        }

        fixture.Callers.Add(new MatrixCaller("anonymous", Role.Guest, 0, null));
        foreach (var role in new[] { Role.Guest, Role.Reporter, Role.Developer, Role.Maintainer, Role.Owner })
        {
            var name = role.ToString().ToLowerInvariant();
            var id = await AuthClients.CreateUserAsync(server, name);
            using var add = await server.Admin.PostAsJsonAsync("/api/v1/groups/acme/members", new { user_id = id, role = name });
            Assert.Equal(HttpStatusCode.Created, add.StatusCode);
            await using var db = server.Database.CreateContext();
            var (_, token) = await AccessTokens.CreateAsync(db, id, "matrix", TokenScopes.Read | TokenScopes.Write, DateTime.UtcNow, DateTime.UtcNow.AddDays(1));
            fixture.Callers.Add(new MatrixCaller(name, role, id, token));
        }

        await using (var db = server.Database.CreateContext())
        {
            var admin = db.Users.Single(u => u.Username == "admin");
            var (_, readOnly) = await AccessTokens.CreateAsync(db, admin.Id, "read-only", TokenScopes.Read, DateTime.UtcNow, DateTime.UtcNow.AddDays(1));
            fixture.Callers.Add(new MatrixCaller("admin", Role.Owner, admin.Id, server.AdminToken));
            fixture.Callers.Add(new MatrixCaller("admin read-only token", Role.Owner, admin.Id, readOnly));
        }

        return fixture;
    }

    public async Task<long> NewUserAsync()
    {
        await using var db = Server.Database.CreateContext();
        var name = Unique("someone");
        var user = new User { Username = name, UsernameKey = name, CreatedAt = DateTime.UtcNow };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }

    public async Task<long> NewMemberAsync(bool project)
    {
        var id = await NewUserAsync();
        await using var db = Server.Database.CreateContext();
        var groupId = db.Groups.Single(g => g.PathKey == "acme").Id;
        db.Memberships.Add(new Membership { UserId = id, ProjectId = project ? ProjectId : null, GroupId = project ? null : groupId, Role = Role.Developer, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        return id;
    }

    public string IssueUrl() => $"https://issues.example.test/{Unique("issue-")}";

    /// <summary>A comment on the fixture's vulnerability written by the caller (by the administrator for an anonymous one): only its author may edit it.</summary>
    public async Task<long> CommentByAsync(MatrixCaller caller)
    {
        await using var db = Server.Database.CreateContext();
        var author = caller.Token is null ? db.Users.Single(u => u.Username == "admin").Id : caller.UserId;
        var comment = new VulnerabilityActivity { VulnerabilityId = VulnerabilityId, Kind = ActivityKind.Commented, At = DateTime.UtcNow, ActorId = author, ActorName = caller.Name, Comment = "to change" };
        db.Activities.Add(comment);
        await db.SaveChangesAsync();
        return comment.Id;
    }

    public async Task<long> IssueLinkAsync()
    {
        await using var db = Server.Database.CreateContext();
        var link = new IssueLink { VulnerabilityId = VulnerabilityId, Url = IssueUrl(), CreatedAt = DateTime.UtcNow };
        db.IssueLinks.Add(link);
        await db.SaveChangesAsync();
        return link.Id;
    }

    public async Task<long> PersonalTokenAsync(MatrixCaller caller)
    {
        if (caller.Token is null)
        {
            return 999_999;
        }

        await using var db = Server.Database.CreateContext();
        var (token, _) = await AccessTokens.CreateAsync(db, caller.UserId, "to revoke", TokenScopes.Read, DateTime.UtcNow, DateTime.UtcNow.AddDays(1));
        return token.Id;
    }

    public async Task<long> ProjectTokenAsync()
    {
        var bot = await NewUserAsync();
        await using var db = Server.Database.CreateContext();
        var (token, _) = await AccessTokens.CreateAsync(db, bot, "to revoke", TokenScopes.Read, DateTime.UtcNow, DateTime.UtcNow.AddDays(1), ProjectId, Role.Reporter);
        return token.Id;
    }
}
