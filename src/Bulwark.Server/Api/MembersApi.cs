using Bulwark.Platform.Access;
using Bulwark.Platform.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Api;

public sealed record MemberRequest(string? User, long? UserId, string? Role);

/// <summary>
/// Members of groups and projects. Anyone with a role sees the members; owners (of the group or project, or of
/// a group above) and administrators add, change and remove them; the last owner stays.
/// </summary>
public static class MembersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        foreach (var kind in new[] { "projects", "groups" })
        {
            var name = kind == "projects" ? "Project" : "Group";
            api.MapGet($"/{kind}/{{target}}/members", (string target, HttpContext http, ApiContext a, CancellationToken ct) => ListAsync(kind, target, http, a, ct)).WithName($"List{name}Members");
            api.MapPost($"/{kind}/{{target}}/members", (string target, MemberRequest? request, HttpContext http, ApiContext a, CancellationToken ct) => AddAsync(kind, target, request, http, a, ct)).WithName($"Add{name}Member");
            api.MapPut($"/{kind}/{{target}}/members/{{userId:long}}", (string target, long userId, MemberRequest? request, HttpContext http, ApiContext a, CancellationToken ct) => ChangeAsync(kind, target, userId, request, remove: false, http, a, ct)).WithName($"Change{name}Member");
            api.MapDelete($"/{kind}/{{target}}/members/{{userId:long}}", (string target, long userId, HttpContext http, ApiContext a, CancellationToken ct) => ChangeAsync(kind, target, userId, null, remove: true, http, a, ct)).WithName($"Remove{name}Member");
        }
    }

    public static bool TryParseRole(string? text, out Role role)
    {
        foreach (var value in Enum.GetValues<Role>())
        {
            if (WireNames.Role(value).Equals(text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                role = value;
                return true;
            }
        }

        role = default;
        return false;
    }

    /// <summary>The group or project with the caller's role on it, or the answer refusing them (404 when they cannot see it).</summary>
    private static async Task<(MemberScope? Scope, IResult? Denied)> AuthorizeAsync(PlatformDbContext db, Caller caller, string kind, string target, Role minimum, bool write, CancellationToken cancellationToken)
    {
        if (kind == "projects")
        {
            var (project, denied) = await ApiContext.AuthorizeProjectAsync(db, caller, target, minimum, write, cancellationToken).ConfigureAwait(false);
            return denied is not null ? (null, denied) : (new MemberScope(null, project), null);
        }

        target = Uri.UnescapeDataString(target);
        var group = await Organisation.FindGroupAsync(db, target, cancellationToken).ConfigureAwait(false);
        var role = group is null ? null : await AccessControl.GroupRoleAsync(db, caller, group, cancellationToken).ConfigureAwait(false);
        if (group is null || role is null)
        {
            return (null, ApiProblems.NotFound($"group '{target}' does not exist or you cannot see it"));
        }

        if (role < minimum)
        {
            return (null, ApiProblems.Forbidden($"this needs the {WireNames.Role(minimum)} role or higher on '{group.Path}'; you have {WireNames.Role(role.Value)}"));
        }

        if (write && !caller.CanWrite)
        {
            return (null, ApiProblems.Forbidden("this token is read-only"));
        }

        return (new MemberScope(group, null), null);
    }

    private static async Task<IResult> ListAsync(string kind, string target, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        await using var db = api.Open();
        var (scope, denied) = await AuthorizeAsync(db, caller, kind, target, Role.Guest, write: false, cancellationToken).ConfigureAwait(false);
        if (denied is not null)
        {
            return denied;
        }

        var members = await (from m in Members.Direct(db, scope!)
                             join u in db.Users on m.UserId equals u.Id
                             orderby u.UsernameKey
                             select new { m, u }).ToListAsync(cancellationToken).ConfigureAwait(false);
        return Results.Ok(new { items = members.Select(x => ToResponse(x.m, x.u)) });
    }

    private static object ToResponse(Membership m, User u) => new
    {
        user_id = u.Id,
        username = u.Username,
        bot = u.IsBot,
        role = WireNames.Role(m.Role),
        created_at = m.CreatedAt,
    };

    private static async Task<IResult> AddAsync(string kind, string target, MemberRequest? request, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        if (!TryParseRole(request?.Role, out var role))
        {
            return ApiProblems.BadRequest("role: required, one of guest, reporter, developer, maintainer, owner");
        }

        if (request!.UserId is null && string.IsNullOrWhiteSpace(request.User))
        {
            return ApiProblems.BadRequest("user: required (a user name), or user_id");
        }

        await using var db = api.Open();
        var (scope, denied) = await AuthorizeAsync(db, caller, kind, target, Role.Owner, write: true, cancellationToken).ConfigureAwait(false);
        if (denied is not null)
        {
            return denied;
        }

        var user = request.UserId is { } id
            ? await db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken).ConfigureAwait(false)
            : await Users.FindAsync(db, request.User!, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return ApiProblems.BadRequest($"user: '{request.UserId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? request.User}' does not exist");
        }

        var (membership, outcome) = await Members.AddAsync(db, scope!, user.Id, role, caller, api.Now, UsersApi.Address(http), cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            MemberChange.AlreadyAMember => ApiProblems.Conflict($"'{user.Username}' is already a member of '{scope!.Path}'; change the role with PUT"),
            _ => Results.Created($"/api/v1/{kind}/{scope!.Id}/members/{user.Id}", ToResponse(membership!, user)),
        };
    }

    private static async Task<IResult> ChangeAsync(string kind, string target, long userId, MemberRequest? request, bool remove, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        Role? role = null;
        if (!remove)
        {
            if (!TryParseRole(request?.Role, out var parsed))
            {
                return ApiProblems.BadRequest("role: required, one of guest, reporter, developer, maintainer, owner");
            }

            role = parsed;
        }

        await using var db = api.Open();
        var (scope, denied) = await AuthorizeAsync(db, caller, kind, target, Role.Owner, write: true, cancellationToken).ConfigureAwait(false);
        if (denied is not null)
        {
            return denied;
        }

        var (membership, outcome) = await Members.ChangeAsync(db, scope!, userId, role, caller, api.Now, UsersApi.Address(http), cancellationToken).ConfigureAwait(false);
        if (outcome == MemberChange.NotAMember)
        {
            return ApiProblems.NotFound($"user {userId} is not a direct member of '{scope!.Path}'");
        }

        if (outcome == MemberChange.LastOwner)
        {
            return ApiProblems.Conflict($"user {userId} is the last owner of '{scope!.Path}'; make someone else owner first");
        }

        if (remove)
        {
            return Results.NoContent();
        }

        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, cancellationToken).ConfigureAwait(false);
        return Results.Ok(ToResponse(membership!, user));
    }
}
