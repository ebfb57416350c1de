using System.Globalization;
using System.Text;
using Bulwark.Platform.Access;
using Bulwark.Platform.Data;
using Bulwark.Platform.Triage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Api;

/// <summary>
/// CSV exports of the vulnerability report for a project, a group (recursively) or the instance, with the list's
/// filters. Unlike GitLab's, an export is not a job to poll: the rows stream out as they are read.
/// </summary>
public static class ExportApi
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/projects/{project}/vulnerabilities/export", (string project, HttpContext http, ApiContext context, CancellationToken ct) =>
            ExportAsync(Scope.Project, project, http, context, ct)).WithName("ExportProjectVulnerabilitiesCsv");
        api.MapGet("/groups/{group}/vulnerabilities/export", (string group, HttpContext http, ApiContext context, CancellationToken ct) =>
            ExportAsync(Scope.Group, group, http, context, ct)).WithName("ExportGroupVulnerabilitiesCsv");
        api.MapGet("/vulnerabilities/export", (HttpContext http, ApiContext context, CancellationToken ct) =>
            ExportAsync(Scope.Instance, null, http, context, ct)).WithName("ExportVulnerabilitiesCsv");
    }

    private enum Scope
    {
        Project,
        Group,
        Instance,
    }

    private static async Task<IResult> ExportAsync(Scope scope, string? target, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        if (!VulnerabilityFilterParser.TryParse(http.Request.Query, out var filter, out var error))
        {
            return ApiProblems.BadRequest(error!);
        }

        List<long> visible;
        string name;
        await using (var db = api.Open())
        {
            switch (scope)
            {
                case Scope.Project:
                    var (project, denied) = await ApiContext.AuthorizeProjectAsync(db, caller, target!, Role.Reporter, write: false, cancellationToken).ConfigureAwait(false);
                    if (denied is not null)
                    {
                        return denied;
                    }

                    visible = [project!.Id];
                    name = project.Path;
                    break;
                case Scope.Group:
                    var group = await Organisation.FindGroupAsync(db, Uri.UnescapeDataString(target!), cancellationToken).ConfigureAwait(false);
                    if (group is null)
                    {
                        return ApiProblems.NotFound($"group '{Uri.UnescapeDataString(target!)}' does not exist or you cannot see it");
                    }

                    var groups = await AccessControl.DescendantGroupIdsAsync(db, group.Id, cancellationToken).ConfigureAwait(false);
                    visible = await AccessControl.VisibleProjectIdsAsync(db, caller, db.Projects.Where(p => groups.Contains(p.GroupId)), Role.Reporter, cancellationToken).ConfigureAwait(false);
                    name = group.Path;
                    break;
                default:
                    visible = await AccessControl.VisibleProjectIdsAsync(db, caller, db.Projects, Role.Reporter, cancellationToken).ConfigureAwait(false);
                    name = "instance";
                    break;
            }
        }

        // GitLab names its files <path>_vulnerabilities_<time>.csv.
        var file = $"{name.Replace('/', '-')}_vulnerabilities_{api.Now.ToString("yyyy-MM-dd'T'HHmm", CultureInfo.InvariantCulture)}.csv";
        return Results.Stream(async body =>
        {
            await using var db = api.Open();
            db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
            await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
            await VulnerabilityCsvExport.WriteAsync(db, visible, filter, writer, http.RequestAborted).ConfigureAwait(false);
        }, "text/csv; charset=utf-8; header=present", file);
    }
}
