using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bulwark.Platform.Access;
using Bulwark.Platform.Data;

namespace Bulwark.Server.Tests;

/// <summary>Users with a role on a project or group, each with an API client on their own token.</summary>
internal static class Members
{
    public static async Task<HttpClient> AddAsync(
        RunningServer server, string username, Role? role, long? projectId = null, long? groupId = null, TokenScopes scopes = TokenScopes.Read | TokenScopes.Write)
    {
        await using var db = server.Database.CreateContext();
        var user = new User { Username = username, UsernameKey = username.ToLowerInvariant(), CreatedAt = DateTime.UtcNow };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        if (role is { } r)
        {
            db.Memberships.Add(new Membership { UserId = user.Id, ProjectId = groupId is null ? projectId : null, GroupId = groupId, Role = r, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var (_, token) = await AccessTokens.CreateAsync(db, user.Id, "test", scopes, DateTime.UtcNow, expiresAtUtc: null);
        return server.Client(token);
    }

    /// <summary>Another token for an existing user (a read-only one, say).</summary>
    public static async Task<HttpClient> TokenAsync(RunningServer server, string username, TokenScopes scopes)
    {
        await using var db = server.Database.CreateContext();
        var key = username.ToLowerInvariant();
        var user = db.Users.Single(u => u.UsernameKey == key);
        var (_, token) = await AccessTokens.CreateAsync(db, user.Id, "test", scopes, DateTime.UtcNow, expiresAtUtc: null);
        return server.Client(token);
    }

    public static async Task<long> GroupIdAsync(RunningServer server, string path)
    {
        await using var db = server.Database.CreateContext();
        var key = path.ToLowerInvariant();
        return db.Groups.Single(g => g.PathKey == key).Id;
    }

    public static async Task<List<long>> IdsAsync(RunningServer server, string project) =>
        (await server.ListAllAsync(project)).Select(i => i["id"]!.GetValue<long>()).Order().ToList();

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    public static async Task<JsonObject> DetailAsync(RunningServer server, long id) =>
        (await server.Admin.GetFromJsonAsync<JsonObject>($"/api/v1/vulnerabilities/{id}"))!;
}
