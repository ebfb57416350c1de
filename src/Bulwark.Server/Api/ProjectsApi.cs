using Bulwark.Platform.Access;
using Bulwark.Platform.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Api;

public sealed record ProjectCreateRequest(string? Path, string? Name, string? DefaultBranch);

public sealed record ProjectResponse(long Id, string Path, string Name, string DefaultBranch, long GroupId, DateTime CreatedAt);

/// <summary>Projects: created by path (missing groups made on the way), looked up by id or URL-encoded path.</summary>
public static class ProjectsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/projects", CreateAsync).WithName("CreateProject");
        api.MapGet("/projects/{project}", GetAsync).WithName("GetProject");
        api.MapGet("/projects", ListAsync).WithName("ListProjects");
    }

    internal static ProjectResponse ToResponse(Project p) => new(p.Id, p.Path, p.Name, p.DefaultBranch, p.GroupId, p.CreatedAt);

    private static async Task<IResult> CreateAsync(ProjectCreateRequest? request, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        var path = PathNames.Normalise(request?.Path, out var error);
        if (path is null)
        {
            return ApiProblems.BadRequest($"path: {error}");
        }

        if (!path.Contains('/', StringComparison.Ordinal))
        {
            return ApiProblems.BadRequest("path: a project lives in a group; give 'group/project'");
        }

        if (!caller.CanWrite)
        {
            return ApiProblems.Forbidden("this token is read-only");
        }

        await using var db = api.Open();
        if (await Organisation.FindProjectAsync(db, path, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return ApiProblems.Conflict($"project '{existing.Path}' already exists (id {existing.Id})");
        }

        if (await GroupsApi.CreationDeniedAsync(db, caller, path, "project", cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var slash = path.LastIndexOf('/');
        var group = await Organisation.EnsureGroupAsync(db, path[..slash], api.Now, cancellationToken).ConfigureAwait(false);
        var branch = string.IsNullOrWhiteSpace(request?.DefaultBranch) ? "main" : request.DefaultBranch.Trim();
        var project = new Project
        {
            GroupId = group.Id,
            Path = path,
            PathKey = PathNames.Key(path),
            Name = string.IsNullOrWhiteSpace(request?.Name) ? path[(slash + 1)..] : request.Name.Trim(),
            DefaultBranch = branch,
            CreatedAt = api.Now,
        };
        db.Projects.Add(project);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (!caller.IsAdmin)
        {
            db.Memberships.Add(new Membership { UserId = caller.UserId, ProjectId = project.Id, Role = Role.Owner, CreatedAt = api.Now });
        }

        Audit.Record(db, api.Now, caller, "project.created", "project", project.Id, project.Path, UsersApi.Address(http));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return Results.Created($"/api/v1/projects/{project.Id}", ToResponse(project));
    }

    private static async Task<IResult> GetAsync(string project, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        await using var db = api.Open();
        var (found, denied) = await ApiContext.AuthorizeProjectAsync(db, caller, project, Role.Guest, write: false, cancellationToken).ConfigureAwait(false);
        return denied ?? Results.Ok(ToResponse(found!));
    }

    private static async Task<IResult> ListAsync(HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        await using var db = api.Open();
        var ids = await AccessControl.VisibleProjectIdsAsync(db, caller, db.Projects, Role.Guest, cancellationToken).ConfigureAwait(false);
        var projects = await db.Projects.Where(p => ids.Contains(p.Id)).OrderBy(p => p.PathKey).ToListAsync(cancellationToken).ConfigureAwait(false);
        return Results.Ok(new { items = projects.Select(ToResponse) });
    }
}
