using Bulwark.Platform.Access;
using Bulwark.Platform.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Api;

/// <summary>The projects a list, export, dashboard or dependency view covers: one project, a group (recursively) or the instance.</summary>
public enum ScopeKind
{
    Project,
    Group,
    Instance,
}

/// <summary>
/// The projects of a scope the caller may read (reporter or above). Guests see nothing security-related, as on
/// GitLab: a project the caller cannot see answers 404 like one that does not exist, and 403 to a guest of it; a
/// group answers 404 unless the caller holds a role on it or sees a project in it, and 403 unless they are
/// reporter or above on it, above it or somewhere below it; the instance answers 403 to a caller who is reporter
/// nowhere. Inside a group or the instance, projects the caller cannot read are left out silently, so a reporter
/// of one subgroup reads that subgroup's part of the group's and the instance's lists.
/// </summary>
public sealed record ProjectScope(ScopeKind Kind, IReadOnlyList<long> ProjectIds, IReadOnlyDictionary<long, string> Paths)
{
    /// <summary>The minimum role for reading a scope's security data.</summary>
    public const Role ReadRole = Role.Reporter;

    /// <summary>The route prefix of each scope and the route value naming its target.</summary>
    public static readonly IReadOnlyList<(ScopeKind Kind, string Prefix, string Name)> Routes =
    [
        (ScopeKind.Project, "/projects/{project}", "Project"),
        (ScopeKind.Group, "/groups/{group}", "Group"),
        (ScopeKind.Instance, string.Empty, "Instance"),
    ];

    /// <summary>The project's or group's path, or <c>instance</c>.</summary>
    public string Name { get; init; } = "instance";

    /// <param name="withPaths">Whether to load every project's path (dashboards list projects; vulnerability lists look up only a page's).</param>
    public static async Task<(ProjectScope? Scope, IResult? Denied)> ResolveAsync(
        PlatformDbContext db, HttpContext http, ScopeKind kind, CancellationToken cancellationToken, bool withPaths = true)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(http);
        var caller = ApiContext.CallerOf(http)!;
        List<long> ids;
        var name = "instance";
        switch (kind)
        {
            case ScopeKind.Project:
                var target = http.Request.RouteValues["project"] as string ?? string.Empty;
                var (project, denied) = await ApiContext.AuthorizeProjectAsync(db, caller, target, ReadRole, write: false, cancellationToken).ConfigureAwait(false);
                if (denied is not null)
                {
                    return (null, denied);
                }

                return (new ProjectScope(kind, [project!.Id], new Dictionary<long, string> { [project.Id] = project.Path }) { Name = project.Path }, null);
            case ScopeKind.Group:
                var path = Uri.UnescapeDataString(http.Request.RouteValues["group"] as string ?? string.Empty);
                var group = await Organisation.FindGroupAsync(db, path, cancellationToken).ConfigureAwait(false);
                if (group is null)
                {
                    return (null, ApiProblems.NotFound($"group '{path}' does not exist or you cannot see it"));
                }

                var groups = await AccessControl.DescendantGroupIdsAsync(db, group.Id, cancellationToken).ConfigureAwait(false);
                var inGroup = db.Projects.Where(p => groups.Contains(p.GroupId));
                ids = await AccessControl.VisibleProjectIdsAsync(db, caller, inGroup, ReadRole, cancellationToken).ConfigureAwait(false);
                if (ids.Count == 0 && !await AccessControl.HoldsRoleWithinAsync(db, caller, group, ReadRole, cancellationToken).ConfigureAwait(false))
                {
                    var seen = await AccessControl.GroupRoleAsync(db, caller, group, cancellationToken).ConfigureAwait(false) is not null
                        || (await AccessControl.VisibleProjectIdsAsync(db, caller, inGroup, Role.Guest, cancellationToken).ConfigureAwait(false)).Count > 0;
                    return (null, seen
                        ? ApiProblems.Forbidden($"security data of '{group.Path}' needs the reporter role or higher on it, on a group above it or on a group or project in it")
                        : ApiProblems.NotFound($"group '{path}' does not exist or you cannot see it"));
                }

                name = group.Path;
                break;
            default:
                ids = await AccessControl.VisibleProjectIdsAsync(db, caller, db.Projects, ReadRole, cancellationToken).ConfigureAwait(false);
                if (ids.Count == 0 && !await AccessControl.HoldsRoleWithinAsync(db, caller, null, ReadRole, cancellationToken).ConfigureAwait(false))
                {
                    return (null, ApiProblems.Forbidden("security data needs the reporter role or higher on at least one group or project"));
                }

                break;
        }

        var paths = withPaths
            ? await db.Projects.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Path, cancellationToken).ConfigureAwait(false)
            : new Dictionary<long, string>();
        return (new ProjectScope(kind, ids, paths) { Name = name }, null);
    }
}
