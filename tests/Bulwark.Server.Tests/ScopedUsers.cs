using Bulwark.Platform.Access;
using Bulwark.Platform.Data;

namespace Bulwark.Server.Tests;

/// <summary>Users with one role on one group or project, and a token each: the callers of visibility tests.</summary>
public static class ScopedUsers
{
    public static async Task<HttpClient> WithRoleAsync(RunningServer server, string username, Role role, long? groupId = null, long? projectId = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        await using var db = server.Database.CreateContext();
        var user = new User { Username = username, UsernameKey = username.ToLowerInvariant(), CreatedAt = DateTime.UtcNow };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        if (groupId is not null || projectId is not null)
        {
            db.Memberships.Add(new Membership { UserId = user.Id, GroupId = groupId, ProjectId = projectId, Role = role, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var (_, token) = await AccessTokens.CreateAsync(db, user.Id, "test", TokenScopes.Read, DateTime.UtcNow, null);
        return server.Client(token);
    }

    public static async Task<long> GroupIdAsync(RunningServer server, string path)
    {
        ArgumentNullException.ThrowIfNull(server);
        await using var db = server.Database.CreateContext();
        return (await Organisation.FindGroupAsync(db, path))!.Id;
    }
}
