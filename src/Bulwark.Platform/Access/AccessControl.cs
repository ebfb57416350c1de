using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Platform.Access;

/// <summary>
/// What a caller may do: the highest role they hold on the project or on any group above it (roles are
/// inherited downwards), an administrator everything, a project token its own role on its own project only.
/// </summary>
public static class AccessControl
{
    public static async Task<Role?> ProjectRoleAsync(PlatformDbContext db, Caller caller, Project project, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(project);
        if (caller.TokenProjectId is { } tokenProject)
        {
            return tokenProject == project.Id ? caller.TokenProjectRole : null;
        }

        if (caller.IsAdmin)
        {
            return Role.Owner;
        }

        var groups = await AncestorGroupIdsAsync(db, project.GroupId, cancellationToken).ConfigureAwait(false);
        var roles = await db.Memberships
            .Where(m => m.UserId == caller.UserId && (m.ProjectId == project.Id || (m.GroupId != null && groups.Contains(m.GroupId.Value))))
            .Select(m => m.Role)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return roles.Count == 0 ? null : roles.Max();
    }

    public static async Task<Role?> GroupRoleAsync(PlatformDbContext db, Caller caller, Group group, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(group);
        if (caller.TokenProjectId is not null)
        {
            return null;
        }

        if (caller.IsAdmin)
        {
            return Role.Owner;
        }

        var groups = await AncestorGroupIdsAsync(db, group.Id, cancellationToken).ConfigureAwait(false);
        var roles = await db.Memberships
            .Where(m => m.UserId == caller.UserId && m.GroupId != null && groups.Contains(m.GroupId.Value))
            .Select(m => m.Role)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return roles.Count == 0 ? null : roles.Max();
    }

    /// <summary>
    /// Whether the caller holds <paramref name="minimum"/> or above somewhere in a scope: on <paramref name="group"/>,
    /// a group above it or anything below it; with no group, anywhere on the instance. A reporter of one subgroup
    /// may read a group- or instance-wide list (filtered to what they see); a guest everywhere may not.
    /// </summary>
    public static async Task<bool> HoldsRoleWithinAsync(PlatformDbContext db, Caller caller, Group? group, Role minimum, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.TokenProjectId is { } tokenProject)
        {
            if (caller.TokenProjectRole is not { } tokenRole || tokenRole < minimum)
            {
                return false;
            }

            if (group is null)
            {
                return true;
            }

            var under = await DescendantGroupIdsAsync(db, group.Id, cancellationToken).ConfigureAwait(false);
            return await db.Projects.AnyAsync(p => p.Id == tokenProject && under.Contains(p.GroupId), cancellationToken).ConfigureAwait(false);
        }

        if (caller.IsAdmin)
        {
            return true;
        }

        if (group is null)
        {
            return await db.Memberships.AnyAsync(m => m.UserId == caller.UserId && m.Role >= minimum, cancellationToken).ConfigureAwait(false);
        }

        if (await GroupRoleAsync(db, caller, group, cancellationToken).ConfigureAwait(false) >= minimum)
        {
            return true;
        }

        var groups = await DescendantGroupIdsAsync(db, group.Id, cancellationToken).ConfigureAwait(false);
        return await db.Memberships.AnyAsync(
            m => m.UserId == caller.UserId && m.Role >= minimum
                 && ((m.GroupId != null && groups.Contains(m.GroupId.Value))
                     || (m.ProjectId != null && db.Projects.Any(p => p.Id == m.ProjectId && groups.Contains(p.GroupId)))),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The group and every group above it.</summary>
    public static async Task<List<long>> AncestorGroupIdsAsync(PlatformDbContext db, long groupId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ids = new List<long>();
        long? current = groupId;
        while (current is { } id && ids.Count < 32)
        {
            ids.Add(id);
            current = await db.Groups.Where(g => g.Id == id).Select(g => g.ParentId).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        }

        return ids;
    }

    /// <summary>The group and every group below it, for group-wide (recursive) views.</summary>
    public static async Task<List<long>> DescendantGroupIdsAsync(PlatformDbContext db, long groupId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var all = await db.Groups.Select(g => new { g.Id, g.ParentId }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var children = all.Where(g => g.ParentId is not null).ToLookup(g => g.ParentId!.Value, g => g.Id);
        var result = new List<long> { groupId };
        for (var i = 0; i < result.Count; i++)
        {
            result.AddRange(children[result[i]]);
        }

        return result;
    }

    /// <summary>The projects a caller can see at <paramref name="minimum"/> or above, among <paramref name="candidates"/>.</summary>
    public static async Task<List<long>> VisibleProjectIdsAsync(PlatformDbContext db, Caller caller, IQueryable<Project> candidates, Role minimum, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.TokenProjectId is { } tokenProject)
        {
            return caller.TokenProjectRole >= minimum
                ? await candidates.Where(p => p.Id == tokenProject).Select(p => p.Id).ToListAsync(cancellationToken).ConfigureAwait(false)
                : [];
        }

        if (caller.IsAdmin)
        {
            return await candidates.Select(p => p.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        var memberships = await db.Memberships.Where(m => m.UserId == caller.UserId && m.Role >= minimum)
            .Select(m => new { m.GroupId, m.ProjectId }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var projectIds = memberships.Where(m => m.ProjectId is not null).Select(m => m.ProjectId!.Value).ToHashSet();
        var groupIds = new HashSet<long>();
        foreach (var membership in memberships.Where(m => m.GroupId is not null))
        {
            groupIds.UnionWith(await DescendantGroupIdsAsync(db, membership.GroupId!.Value, cancellationToken).ConfigureAwait(false));
        }

        var groupList = groupIds.ToList();
        var projectList = projectIds.ToList();
        return await candidates.Where(p => projectList.Contains(p.Id) || groupList.Contains(p.GroupId))
            .Select(p => p.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
    }
}
