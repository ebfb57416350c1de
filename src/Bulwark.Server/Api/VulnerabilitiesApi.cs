using System.Globalization;
using System.Text.Json;
using Bulwark.Platform.Access;
using Bulwark.Platform.Data;
using Bulwark.Platform.Vulnerabilities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Api;

/// <summary>The vulnerability report: lists for a project, a group (recursively) or the whole instance, counts, detail.</summary>
public static class VulnerabilitiesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/projects/{project}/vulnerabilities", ProjectListAsync).WithName("ListProjectVulnerabilities");
        api.MapGet("/projects/{project}/vulnerabilities/counts", ProjectCountsAsync).WithName("CountProjectVulnerabilities");
        api.MapGet("/groups/{group}/vulnerabilities", GroupListAsync).WithName("ListGroupVulnerabilities");
        api.MapGet("/groups/{group}/vulnerabilities/counts", GroupCountsAsync).WithName("CountGroupVulnerabilities");
        api.MapGet("/vulnerabilities", InstanceListAsync).WithName("ListVulnerabilities");
        api.MapGet("/vulnerabilities/counts", InstanceCountsAsync).WithName("CountVulnerabilities");
        api.MapGet("/vulnerabilities/{id:long}", DetailAsync).WithName("GetVulnerability");
    }

    private static async Task<IResult> ProjectListAsync(string project, HttpContext http, ApiContext api, CancellationToken cancellationToken) =>
        await ScopedAsync(http, api, Scope.Project, project, counts: false, cancellationToken).ConfigureAwait(false);

    private static async Task<IResult> ProjectCountsAsync(string project, HttpContext http, ApiContext api, CancellationToken cancellationToken) =>
        await ScopedAsync(http, api, Scope.Project, project, counts: true, cancellationToken).ConfigureAwait(false);

    private static async Task<IResult> GroupListAsync(string group, HttpContext http, ApiContext api, CancellationToken cancellationToken) =>
        await ScopedAsync(http, api, Scope.Group, group, counts: false, cancellationToken).ConfigureAwait(false);

    private static async Task<IResult> GroupCountsAsync(string group, HttpContext http, ApiContext api, CancellationToken cancellationToken) =>
        await ScopedAsync(http, api, Scope.Group, group, counts: true, cancellationToken).ConfigureAwait(false);

    private static async Task<IResult> InstanceListAsync(HttpContext http, ApiContext api, CancellationToken cancellationToken) =>
        await ScopedAsync(http, api, Scope.Instance, null, counts: false, cancellationToken).ConfigureAwait(false);

    private static async Task<IResult> InstanceCountsAsync(HttpContext http, ApiContext api, CancellationToken cancellationToken) =>
        await ScopedAsync(http, api, Scope.Instance, null, counts: true, cancellationToken).ConfigureAwait(false);

    private enum Scope
    {
        Project,
        Group,
        Instance,
    }

    private static async Task<IResult> ScopedAsync(HttpContext http, ApiContext api, Scope scope, string? target, bool counts, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        if (!VulnerabilityFilterParser.TryParse(http.Request.Query, out var filter, out var error))
        {
            return ApiProblems.BadRequest(error!);
        }

        await using var db = api.Open();
        List<long> visible;
        switch (scope)
        {
            case Scope.Project:
                var (project, denied) = await ApiContext.AuthorizeProjectAsync(db, caller, target!, Role.Reporter, write: false, cancellationToken).ConfigureAwait(false);
                if (denied is not null)
                {
                    return denied;
                }

                visible = [project!.Id];
                break;
            case Scope.Group:
                var group = await Organisation.FindGroupAsync(db, target!, cancellationToken).ConfigureAwait(false);
                if (group is null)
                {
                    return ApiProblems.NotFound($"group '{target}' does not exist or you cannot see it");
                }

                var groups = await AccessControl.DescendantGroupIdsAsync(db, group.Id, cancellationToken).ConfigureAwait(false);
                visible = await AccessControl.VisibleProjectIdsAsync(db, caller, db.Projects.Where(p => groups.Contains(p.GroupId)), Role.Reporter, cancellationToken).ConfigureAwait(false);
                break;
            default:
                visible = await AccessControl.VisibleProjectIdsAsync(db, caller, db.Projects, Role.Reporter, cancellationToken).ConfigureAwait(false);
                break;
        }

        var query = VulnerabilityQuery.Apply(db.Vulnerabilities, db, visible, filter);
        if (counts)
        {
            var bySeverity = await query.GroupBy(v => v.Severity).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken).ConfigureAwait(false);
            return Results.Ok(Enum.GetValues<Bulwark.Core.Findings.Severity>().OrderDescending()
                .ToDictionary(s => s.ToString().ToLowerInvariant(), s => bySeverity.GetValueOrDefault((int)s)));
        }

        var limit = int.TryParse(http.Request.Query["limit"], CultureInfo.InvariantCulture, out var l) ? l : 100;
        List<Vulnerability> items;
        string? next;
        try
        {
            (items, next) = await VulnerabilityQuery.PageAsync(query, filter.Sort, NonEmpty(http.Request.Query["cursor"]), limit, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            return ApiProblems.BadRequest(e.Message);
        }

        var projectIds = items.Select(v => v.ProjectId).Distinct().ToList();
        var paths = await db.Projects.Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Path, cancellationToken).ConfigureAwait(false);
        return Results.Ok(new { items = items.Select(v => VulnerabilityView.Summary(v, paths.GetValueOrDefault(v.ProjectId))), next });
    }

    private static async Task<IResult> DetailAsync(long id, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        await using var db = api.Open();
        var vulnerability = await db.Vulnerabilities.AsNoTracking().SingleOrDefaultAsync(v => v.Id == id, cancellationToken).ConfigureAwait(false);
        if (vulnerability is null)
        {
            return ApiProblems.NotFound($"vulnerability {id} does not exist or you cannot see it");
        }

        var (project, denied) = await ApiContext.AuthorizeProjectAsync(db, caller, vulnerability.ProjectId.ToString(CultureInfo.InvariantCulture), Role.Reporter, write: false, cancellationToken).ConfigureAwait(false);
        if (denied is not null)
        {
            return denied is IStatusCodeHttpResult { StatusCode: 404 } ? ApiProblems.NotFound($"vulnerability {id} does not exist or you cannot see it") : denied;
        }

        var findings = await db.Findings.AsNoTracking().Where(f => f.VulnerabilityId == id).OrderByDescending(f => f.Id).Take(50)
            .Select(f => new { f.Id, f.PipelineId, f.ScanId, f.Ref, f.CreatedAt, f.Data }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var history = await db.Activities.AsNoTracking().Where(a => a.VulnerabilityId == id).OrderBy(a => a.At).ThenBy(a => a.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var issues = await db.IssueLinks.AsNoTracking().Where(i => i.VulnerabilityId == id).OrderBy(i => i.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var summary = VulnerabilityView.Summary(vulnerability, project!.Path);
        summary["scanner_severity"] = WireNames.Severity(vulnerability.ScannerSeverity);
        return Results.Ok(new
        {
            vulnerability = summary,
            description = vulnerability.Description,
            solution = vulnerability.Solution,
            data = JsonDocument.Parse(vulnerability.Data).RootElement,
            findings = findings.Select(f => new { id = f.Id, pipeline_id = f.PipelineId, scan_id = f.ScanId, @ref = f.Ref, created_at = f.CreatedAt, data = JsonDocument.Parse(f.Data).RootElement }),
            history = history.Select(VulnerabilityView.Activity),
            comments = history.Where(a => a.Kind == ActivityKind.Commented).Select(VulnerabilityView.Activity),
            issue_links = issues.Select(i => new { id = i.Id, url = i.Url, title = i.Title, created_at = i.CreatedAt }),
        });
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
