using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bulwark.Platform.Access;
using Bulwark.Platform.Data;
using Bulwark.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Bulwark.Server.Tests;

/// <summary>Users, tokens, sessions, CSRF, sign-in throttling and audit, over HTTP on SQLite and PostgreSQL.</summary>
public sealed class AuthTests(ITestOutputHelper output)
{
    private static async Task<string> ProblemAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())?["detail"]?.GetValue<string>() ?? string.Empty;

    private static async Task<List<string>> AuditActionsAsync(RunningServer server)
    {
        await using var db = server.Database.CreateContext();
        return await db.AuditEvents.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Users_and_personal_tokens_with_401s_that_say_why(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        using (var weak = await server.Admin.PostAsJsonAsync("/api/v1/users", new { username = "alice", password = "short" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
            Assert.Contains("at least 12 characters", await ProblemAsync(weak), StringComparison.Ordinal);
        }

        using (var named = await server.Admin.PostAsJsonAsync("/api/v1/users", new { username = "alice", password = "alice-alice-alice" }))
        {
            Assert.Contains("user name", await ProblemAsync(named), StringComparison.Ordinal);
        }

        var aliceId = await AuthClients.CreateUserAsync(server, "alice");
        using (var again = await server.Admin.PostAsJsonAsync("/api/v1/users", new { username = "Alice", password = AuthClients.Password }))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        var users = await server.Admin.GetFromJsonAsync<JsonObject>("/api/v1/users");
        Assert.Contains(users!["items"]!.AsArray(), u => u!["username"]!.GetValue<string>() == "alice" && !u["admin"]!.GetValue<bool>());

        var token = await AuthClients.TokenForAsync(server, "alice", "read");
        Assert.StartsWith("bwk_", token, StringComparison.Ordinal);
        using var alice = AuthClients.WithToken(server, token);
        var me = await alice.GetFromJsonAsync<JsonObject>("/api/v1/session");
        Assert.Equal("alice", me!["user"]!["username"]!.GetValue<string>());
        Assert.Equal("token", me["authenticated_by"]!.GetValue<string>());
        using (var listUsers = await alice.GetAsync("/api/v1/users"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, listUsers.StatusCode);
        }

        // A read token cannot make tokens; listing shows no secret.
        using (var readOnly = await alice.PostAsJsonAsync("/api/v1/user/tokens", new { name = "x", scopes = new[] { "read" } }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);
        }

        var listing = await alice.GetStringAsync("/api/v1/user/tokens");
        Assert.DoesNotContain(token, listing, StringComparison.Ordinal);
        Assert.DoesNotContain(token[10..], listing, StringComparison.Ordinal);
        var tokenId = JsonNode.Parse(listing)!["items"]![0]!["id"]!.GetValue<long>();
        Assert.Equal("active", JsonNode.Parse(listing)!["items"]![0]!["state"]!.GetValue<string>());

        // Revoked, expired, unknown: each 401 says which, and never echoes the token.
        var writer = await AuthClients.TokenForAsync(server, "alice", "read", "write");
        using (var aliceWriter = AuthClients.WithToken(server, writer))
        using (var revoke = await aliceWriter.DeleteAsync($"/api/v1/user/tokens/{tokenId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using (var revoked = await alice.GetAsync("/api/v1/projects"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
            var body = await revoked.Content.ReadAsStringAsync();
            Assert.Contains("revoked", body, StringComparison.Ordinal);
            Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        }

        string expired;
        await using (var db = server.Database.CreateContext())
        {
            (_, expired) = await AccessTokens.CreateAsync(db, aliceId, "old", TokenScopes.Read, DateTime.UtcNow.AddDays(-2), DateTime.UtcNow.AddDays(-1));
        }

        using (var old = AuthClients.WithToken(server, expired))
        using (var response = await old.GetAsync("/api/v1/projects"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("expired", await ProblemAsync(response), StringComparison.Ordinal);
        }

        using (var unknown = AuthClients.WithToken(server, AccessTokens.NewTokenValue()))
        using (var response = await unknown.GetAsync("/api/v1/projects"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("unknown", await ProblemAsync(response), StringComparison.Ordinal);
        }

        using (var none = AuthClients.Plain(server))
        using (var response = await none.GetAsync("/api/v1/projects"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // Blocking stops every token of the user.
        using (var block = await server.Admin.PatchAsJsonAsync($"/api/v1/users/{aliceId}", new { blocked = true }))
        {
            Assert.Equal(HttpStatusCode.OK, block.StatusCode);
        }

        using (var blocked = AuthClients.WithToken(server, writer))
        using (var response = await blocked.GetAsync("/api/v1/projects"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("blocked", await ProblemAsync(response), StringComparison.Ordinal);
        }

        using (var signIn = await AuthClients.PostSignInAsync(server, "alice", AuthClients.Password))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        }

        var actions = await AuditActionsAsync(server);
        foreach (var action in new[] { "user.created", "token.created", "token.revoked", "user.blocked", "signin.succeeded", "signin.failed" })
        {
            Assert.Contains(action, actions);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_session_from_one_instance_works_on_another_and_ends_with_a_password_change_or_a_block(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, output);
        if (database is null)
        {
            return;
        }

        await using var first = await RunningServer.StartAsync(database);
        await using var second = await RunningServer.StartAsync(database);
        var bobId = await AuthClients.CreateUserAsync(first, "bob");
        using var toFirst = AuthClients.Plain(first);
        using var toSecond = AuthClients.Plain(second);

        using (var signIn = await AuthClients.PostSignInAsync(first, "bob", AuthClients.Password))
        {
            var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("bulwark_session=", StringComparison.Ordinal));
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("secure", cookie.Replace("samesite", string.Empty, StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase); // plain http
        }

        var session = await AuthClients.SignInAsync(first, "bob");
        var other = await AuthClients.SignInAsync(first, "bob");
        using (var request = session.Request(HttpMethod.Get, "/api/v1/session"))
        using (var response = await toSecond.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var me = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal("bob", me!["user"]!["username"]!.GetValue<string>());
            Assert.Equal("session", me["authenticated_by"]!.GetValue<string>());
        }

        // A CSRF token minted by the first instance is accepted by the second.
        using (var request = session.Request(HttpMethod.Put, "/api/v1/user/password", new { current_password = AuthClients.Password, password = "a new and longer passphrase" }))
        using (var response = await toSecond.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        using (var request = other.Request(HttpMethod.Get, "/api/v1/session"))
        using (var response = await toFirst.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using (var oldPassword = await AuthClients.PostSignInAsync(second, "bob", AuthClients.Password))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        }

        var fresh = await AuthClients.SignInAsync(second, "bob", "a new and longer passphrase");
        using (var request = fresh.Request(HttpMethod.Get, "/api/v1/session"))
        using (var response = await toFirst.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var block = await first.Admin.PatchAsJsonAsync($"/api/v1/users/{bobId}", new { blocked = true }))
        {
            Assert.Equal(HttpStatusCode.OK, block.StatusCode);
        }

        using (var request = fresh.Request(HttpMethod.Get, "/api/v1/session"))
        using (var response = await toSecond.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // Signing out clears the cookie.
        await first.Admin.PatchAsJsonAsync($"/api/v1/users/{bobId}", new { blocked = false });
        var last = await AuthClients.SignInAsync(first, "bob", "a new and longer passphrase");
        using (var request = last.Request(HttpMethod.Delete, "/api/v1/session"))
        using (var response = await toSecond.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("bulwark_session=;", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Session_changes_need_the_CSRF_token_and_token_calls_do_not(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        await AuthClients.CreateUserAsync(server, "root2", admin: true);
        var session = await AuthClients.SignInAsync(server, "root2");
        using var client = AuthClients.Plain(server);

        using (var request = session.Request(HttpMethod.Post, "/api/v1/projects", new { path = "acme/one" }, withCsrf: false))
        using (var response = await client.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("X-CSRF-Token", await ProblemAsync(response), StringComparison.Ordinal);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/projects") { Content = JsonContent.Create(new { path = "acme/one" }) })
        {
            request.Headers.Add("Cookie", session.Cookies);
            request.Headers.Add("X-CSRF-Token", "not-a-token");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        // Another user's CSRF token does not fit this session.
        await AuthClients.CreateUserAsync(server, "mallory");
        var mallory = await AuthClients.SignInAsync(server, "mallory");
        using (var request = new BrowserSession(session.Cookies, mallory.CsrfToken).Request(HttpMethod.Post, "/api/v1/projects", new { path = "acme/one" }))
        using (var response = await client.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        using (var request = session.Request(HttpMethod.Post, "/api/v1/projects", new { path = "acme/one" }))
        using (var response = await client.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        // The token endpoint gives a working token too; reads never need one.
        using (var request = session.Request(HttpMethod.Get, "/api/v1/session/csrf", withCsrf: false))
        using (var response = await client.SendAsync(request))
        {
            var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
            var setCookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(c => c.Split(';')[0]) : [];
            var cookies = string.Join("; ", session.Cookies.Split("; ").Where(c => !setCookies.Any(s => s.Split('=')[0] == c.Split('=')[0])).Concat(setCookies));
            using var post = new BrowserSession(cookies, token).Request(HttpMethod.Post, "/api/v1/projects", new { path = "acme/two" });
            using var created = await client.SendAsync(post);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var response = await server.Admin.PostAsJsonAsync("/api/v1/projects", new { path = "acme/three" }))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Failed_sign_ins_are_throttled_per_user_and_per_address_across_instances(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, output);
        if (database is null)
        {
            return;
        }

        static ServerOptions Limits(ServerOptions o) => o with { SignInAttemptsPerWindow = 3, SignInAttemptsPerAddress = 6 };
        await using var first = await RunningServer.StartAsync(database, configure: Limits);
        await using var second = await RunningServer.StartAsync(database, configure: Limits);
        await AuthClients.CreateUserAsync(first, "carol");
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await AuthClients.PostSignInAsync(i % 2 == 0 ? first : second, "carol", "wrong password " + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Contains("invalid username or password", await ProblemAsync(wrong), StringComparison.Ordinal);
        }

        // The fourth try is refused on either instance, even with the right password.
        using (var throttled = await AuthClients.PostSignInAsync(second, "carol", AuthClients.Password))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
            var retryAfter = throttled.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter!.Value.TotalSeconds, 1, 15 * 60);
        }

        // Unknown names count too, and per address: 3 more failures reach the address limit of 6.
        for (var i = 0; i < 3; i++)
        {
            using var unknown = await AuthClients.PostSignInAsync(first, "nobody" + i, "whatever password");
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        }

        await AuthClients.CreateUserAsync(first, "dave");
        using (var throttled = await AuthClients.PostSignInAsync(first, "dave", AuthClients.Password))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        }

        await using var db = first.Database.CreateContext();
        var failures = await db.AuditEvents.Where(a => a.Action == "signin.failed").Select(a => a.Details).ToListAsync();
        Assert.Equal(6, failures.Count);
        Assert.Contains(failures, d => d!.Contains("unknown user", StringComparison.Ordinal));
        Assert.Contains(failures, d => d!.Contains("wrong password", StringComparison.Ordinal));
        Assert.Equal(2, await db.AuditEvents.CountAsync(a => a.Action == "signin.throttled"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Owners_manage_members_and_the_last_owner_stays(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        using (var group = await server.Admin.PostAsJsonAsync("/api/v1/groups", new { path = "acme/platform" }))
        {
            Assert.Equal(HttpStatusCode.Created, group.StatusCode);
        }

        await server.CreateProjectAsync("acme/platform/api");
        var ownerId = await AuthClients.CreateUserAsync(server, "olivia");
        var memberId = await AuthClients.CreateUserAsync(server, "mike");
        using (var add = await server.Admin.PostAsJsonAsync("/api/v1/groups/acme%2Fplatform/members", new { user = "olivia", role = "owner" }))
        {
            Assert.Equal(HttpStatusCode.Created, add.StatusCode);
        }

        using var owner = AuthClients.WithToken(server, await AuthClients.TokenForAsync(server, "olivia"));
        using var mike = AuthClients.WithToken(server, await AuthClients.TokenForAsync(server, "mike"));
        // Mike is nobody yet: the project is invisible to him.
        using (var invisible = await mike.GetAsync("/api/v1/projects/acme%2Fplatform%2Fapi/members"))
        {
            Assert.Equal(HttpStatusCode.NotFound, invisible.StatusCode);
        }

        // The group owner manages the project below it.
        using (var add = await owner.PostAsJsonAsync("/api/v1/projects/acme%2Fplatform%2Fapi/members", new { user_id = memberId, role = "maintainer" }))
        {
            Assert.Equal(HttpStatusCode.Created, add.StatusCode);
        }

        using (var twice = await owner.PostAsJsonAsync("/api/v1/projects/acme%2Fplatform%2Fapi/members", new { user_id = memberId, role = "developer" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        }

        // A maintainer sees members but cannot change them.
        var members = await mike.GetFromJsonAsync<JsonObject>("/api/v1/projects/acme%2Fplatform%2Fapi/members");
        Assert.Contains(members!["items"]!.AsArray(), m => m!["username"]!.GetValue<string>() == "mike" && m["role"]!.GetValue<string>() == "maintainer");
        using (var denied = await mike.PutAsJsonAsync($"/api/v1/projects/acme%2Fplatform%2Fapi/members/{memberId}", new { role = "owner" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        using (var change = await owner.PutAsJsonAsync($"/api/v1/projects/acme%2Fplatform%2Fapi/members/{memberId}", new { role = "reporter" }))
        {
            Assert.Equal(HttpStatusCode.OK, change.StatusCode);
            Assert.Equal("reporter", (await change.Content.ReadFromJsonAsync<JsonObject>())!["role"]!.GetValue<string>());
        }

        // Olivia is the group's only owner: she can be neither demoted nor removed, until someone else owns it.
        using (var last = await server.Admin.DeleteAsync($"/api/v1/groups/acme%2Fplatform/members/{ownerId}"))
        {
            Assert.Equal(HttpStatusCode.Conflict, last.StatusCode);
            Assert.Contains("last owner", await ProblemAsync(last), StringComparison.Ordinal);
        }

        using (var demote = await owner.PutAsJsonAsync($"/api/v1/groups/acme%2Fplatform/members/{ownerId}", new { role = "developer" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        }

        using (var promote = await owner.PostAsJsonAsync("/api/v1/groups/acme%2Fplatform/members", new { user = "mike", role = "owner" }))
        {
            Assert.Equal(HttpStatusCode.Created, promote.StatusCode);
        }

        using (var remove = await mike.DeleteAsync($"/api/v1/groups/acme%2Fplatform/members/{ownerId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, remove.StatusCode);
        }

        using (var gone = await owner.GetAsync("/api/v1/groups/acme%2Fplatform/members"))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        var actions = await AuditActionsAsync(server);
        Assert.Contains("member.added", actions);
        Assert.Contains("member.role_changed", actions);
        Assert.Contains("member.removed", actions);
        var groups = await mike.GetFromJsonAsync<JsonObject>("/api/v1/groups");
        Assert.Equal(["acme/platform"], groups!["items"]!.AsArray().Select(g => g!["path"]!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Project_tokens_act_on_their_project_only_and_nothing_secret_is_logged(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, output);
        if (database is null)
        {
            return;
        }

        var logs = new CapturedLogs();
        await using var server = await RunningServer.StartAsync(database, logging: logs.Configure);
        await server.CreateProjectAsync("acme/payments");
        await server.CreateProjectAsync("acme/other");
        using var create = await server.Admin.PostAsJsonAsync("/api/v1/projects/acme%2Fpayments/access_tokens",
            new { name = "ci", role = "developer", scopes = new[] { "write" }, expires_at = DateTime.UtcNow.AddDays(7) });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var created = await create.Content.ReadFromJsonAsync<JsonObject>();
        var token = created!["token"]!.GetValue<string>();
        Assert.Equal(["read", "write"], created["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));

        using var ci = AuthClients.WithToken(server, token);
        var pipeline = await server.CreatePipelineAsync("acme/payments", "main", Reports.Sha(1), client: ci);
        using (var upload = await server.UploadAsync("acme/payments", pipeline, Reports.SastReport(3), ci))
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        using (var elsewhere = await ci.GetAsync("/api/v1/projects/acme%2Fother"))
        {
            Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        }

        using (var members = await ci.PostAsJsonAsync("/api/v1/projects/acme%2Fpayments/members", new { user = "admin", role = "guest" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, members.StatusCode);
        }

        var listing = await server.Admin.GetStringAsync("/api/v1/projects/acme%2Fpayments/access_tokens");
        Assert.DoesNotContain(token, listing, StringComparison.Ordinal);
        Assert.Contains("\"role\":\"developer\"", listing, StringComparison.Ordinal);
        using (var revoke = await server.Admin.DeleteAsync($"/api/v1/projects/acme%2Fpayments/access_tokens/{created["id"]}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using (var revoked = await ci.GetAsync("/api/v1/projects/acme%2Fpayments"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        }

        // Sign-in flows, successful and failed, with the secret values checked below.
        await AuthClients.CreateUserAsync(server, "erin");
        var session = await AuthClients.SignInAsync(server, "erin");
        using (var wrong = await AuthClients.PostSignInAsync(server, "erin", "Tr0ub4dor&3-wrong"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var personal = await AuthClients.TokenForAsync(server, "erin");
        using (var erin = AuthClients.WithToken(server, personal))
        {
            await erin.GetAsync("/api/v1/projects");
        }

        Assert.NotEmpty(logs.Lines);
        var secrets = new[] { token, personal, server.AdminToken, AuthClients.Password, "Tr0ub4dor&3-wrong", session.CsrfToken, session.Cookies.Split('=', 2)[1].Split(';')[0] };
        foreach (var line in logs.Lines)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
            }
        }

        await using var db = server.Database.CreateContext();
        var audit = await db.AuditEvents.Select(a => (a.Details ?? string.Empty) + a.ActorName + a.Action).ToListAsync();
        Assert.All(audit, a => Assert.DoesNotContain(secrets, s => a.Contains(s, StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_first_start_on_an_empty_database_gives_one_bootstrap_token_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, output);
        if (database is null)
        {
            return;
        }

        var options = new ServerOptions { DataDirectory = database.DataDirectory, Database = database.Connection };
        await BulwarkServer.MigrateAsync(options);
        var platform = BulwarkServer.DatabaseFor(options);
        var tokens = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Administrators.BootstrapAsync(platform, DateTime.UtcNow)));
        var token = Assert.Single(tokens, t => t is not null);
        Assert.Null(await Administrators.BootstrapAsync(platform, DateTime.UtcNow));

        await using var db = platform.CreateContext();
        var admin = await db.Users.SingleAsync();
        Assert.True(admin.IsAdmin);
        Assert.Equal("admin", admin.Username);
        var stored = await db.AccessTokens.SingleAsync();
        Assert.InRange(stored.ExpiresAt!.Value, DateTime.UtcNow.AddHours(23), DateTime.UtcNow.AddHours(25));
        Assert.Equal(AccessTokens.Hash(token!), stored.TokenHash);
    }
}
