using Bulwark.Platform.Access;
using Bulwark.Platform.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Api;

/// <summary>The projects a dashboard or dependency view covers: one project, a group (recursively) or the instance.</summary>
public enum ScopeKind
{
    Project,
    Group,
    Instance,
}

/// <summary>
/// The projects of a scope the caller may read (reporter or above). A project the caller cannot see answers
/// 404 like one that does not exist; a group answers 404 unless the caller holds a role on it or sees a
/// project in it; inside a group or the instance, projects the caller cannot see are left out silently.
/// </summary>
public sealed record ProjectScope(ScopeKind Kind, IReadOnlyList<long> ProjectIds, IReadOnlyDictionary<long, string> Paths)
{
    /// <summary>The route prefix of each scope and the route value naming its target.</summary>
    public static readonly IReadOnlyList<(ScopeKind Kind, string Prefix, string Name)> Routes =
    [
        (ScopeKind.Project, "/projects/{project}", "Project"),
        (ScopeKind.Group, "/groups/{group}", "Group"),
        (ScopeKind.Instance, string.Empty, "Instance"),
    ];

    public static async Task<(ProjectScope? Scope, IResult? Denied)> ResolveAsync(
        PlatformDbContext db, HttpContext http, ScopeKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(http);
        var caller = ApiContext.CallerOf(http)!;
        List<long> ids;
        switch (kind)
        {
            case ScopeKind.Project:
                var target = http.Request.RouteValues["project"] as string ?? string.Empty;
                var (project, denied) = await ApiContext.AuthorizeProjectAsync(db, caller, target, Role.Reporter, write: false, cancellationToken).ConfigureAwait(false);
                if (denied is not null)
                {
                    return (null, denied);
                }

                return (new ProjectScope(kind, [project!.Id], new Dictionary<long, string> { [project.Id] = project.Path }), null);
            case ScopeKind.Group:
                var name = Uri.UnescapeDataString(http.Request.RouteValues["group"] as string ?? string.Empty);
                var group = await Organisation.FindGroupAsync(db, name, cancellationToken).ConfigureAwait(false);
                if (group is null)
                {
                    return (null, ApiProblems.NotFound($"group '{name}' does not exist or you cannot see it"));
                }

                var groups = await AccessControl.DescendantGroupIdsAsync(db, group.Id, cancellationToken).ConfigureAwait(false);
                ids = await AccessControl.VisibleProjectIdsAsync(db, caller, db.Projects.Where(p => groups.Contains(p.GroupId)), Role.Reporter, cancellationToken).ConfigureAwait(false);
                if (ids.Count == 0 && await AccessControl.GroupRoleAsync(db, caller, group, cancellationToken).ConfigureAwait(false) is null)
                {
                    return (null, ApiProblems.NotFound($"group '{name}' does not exist or you cannot see it"));
                }

                break;
            default:
                ids = await AccessControl.VisibleProjectIdsAsync(db, caller, db.Projects, Role.Reporter, cancellationToken).ConfigureAwait(false);
                break;
        }

        var paths = await db.Projects.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Path, cancellationToken).ConfigureAwait(false);
        return (new ProjectScope(kind, ids, paths), null);
    }
}
