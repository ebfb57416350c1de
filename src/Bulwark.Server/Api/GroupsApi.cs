using Bulwark.Platform.Access;
using Bulwark.Platform.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Api;

public sealed record GroupCreateRequest(string? Path, string? Name);

public sealed record GroupResponse(long Id, string Path, string Name, long? ParentId, DateTime CreatedAt);

/// <summary>Groups, nested by path (<c>acme/platform/payments</c>): created with their missing parents, listed as the caller sees them.</summary>
public static class GroupsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/groups", CreateAsync).WithName("CreateGroup");
        api.MapGet("/groups", ListAsync).WithName("ListGroups");
        api.MapGet("/groups/{group}", GetAsync).WithName("GetGroup");
    }

    private static GroupResponse ToResponse(Group g) => new(g.Id, g.Path, g.Name, g.ParentId, g.CreatedAt);

    private static async Task<IResult> CreateAsync(GroupCreateRequest? request, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        var path = PathNames.Normalise(request?.Path, out var error);
        if (path is null)
        {
            return ApiProblems.BadRequest($"path: {error}");
        }

        if (!caller.CanWrite)
        {
            return ApiProblems.Forbidden("this token is read-only");
        }

        await using var db = api.Open();
        if (await Organisation.FindGroupAsync(db, path, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return ApiProblems.Conflict($"group '{existing.Path}' already exists (id {existing.Id})");
        }

        if (await Organisation.FindProjectAsync(db, path, cancellationToken).ConfigureAwait(false) is not null)
        {
            return ApiProblems.Conflict($"'{path}' is a project");
        }

        if (await CreationDeniedAsync(db, caller, path, "group", cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var group = await Organisation.EnsureGroupAsync(db, path, api.Now, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrWhiteSpace(request?.Name))
        {
            group.Name = request.Name.Trim();
        }

        if (!caller.IsAdmin)
        {
            db.Memberships.Add(new Membership { UserId = caller.UserId, GroupId = group.Id, Role = Role.Owner, CreatedAt = api.Now });
        }

        Audit.Record(db, api.Now, caller, "group.created", "group", group.Id, group.Path, UsersApi.Address(http));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return Results.Created($"/api/v1/groups/{group.Id}", ToResponse(group));
    }

    /// <summary>
    /// Who may create a group or project at <paramref name="path"/>: inside an existing group, a maintainer of the
    /// nearest one; where a new top-level group would be made, an administrator. Null when allowed.
    /// </summary>
    internal static async Task<IResult?> CreationDeniedAsync(PlatformDbContext db, Caller caller, string path, string what, CancellationToken cancellationToken)
    {
        var nearest = path.Contains('/', StringComparison.Ordinal) ? await Organisation.NearestExistingGroupAsync(db, path, cancellationToken).ConfigureAwait(false) : null;
        var allowed = caller.IsAdmin || nearest is not null
            && await AccessControl.GroupRoleAsync(db, caller, nearest, cancellationToken).ConfigureAwait(false) >= Role.Maintainer;
        return allowed ? null : ApiProblems.Forbidden(nearest is null
            ? "only an administrator can create a top-level group"
            : $"creating a {what} in '{nearest.Path}' needs the maintainer role there");
    }

    private static async Task<IResult> ListAsync(HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        await using var db = api.Open();
        List<Group> groups;
        if (caller.IsAdmin)
        {
            groups = await db.Groups.AsNoTracking().OrderBy(g => g.PathKey).ToListAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (caller.TokenProjectId is not null)
        {
            groups = [];
        }
        else
        {
            var direct = await db.Memberships.Where(m => m.UserId == caller.UserId && m.GroupId != null).Select(m => m.GroupId!.Value)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var ids = new HashSet<long>();
            foreach (var id in direct)
            {
                ids.UnionWith(await AccessControl.DescendantGroupIdsAsync(db, id, cancellationToken).ConfigureAwait(false));
            }

            var list = ids.ToList();
            groups = await db.Groups.AsNoTracking().Where(g => list.Contains(g.Id)).OrderBy(g => g.PathKey).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        return Results.Ok(new { items = groups.Select(ToResponse) });
    }

    private static async Task<IResult> GetAsync(string group, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        await using var db = api.Open();
        group = Uri.UnescapeDataString(group);
        var found = await Organisation.FindGroupAsync(db, group, cancellationToken).ConfigureAwait(false);
        if (found is null || await AccessControl.GroupRoleAsync(db, caller, found, cancellationToken).ConfigureAwait(false) is null)
        {
            return ApiProblems.NotFound($"group '{group}' does not exist or you cannot see it");
        }

        return Results.Ok(ToResponse(found));
    }
}
