using System.Globalization;
using System.Text.Json;
using Bulwark.Platform.Access;
using Bulwark.Platform.Data;
using Bulwark.Platform.Vulnerabilities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bulwark.Server.Api;

/// <summary>The vulnerability report: lists for a project, a group (recursively) or the whole instance, counts, detail.</summary>
public static class VulnerabilitiesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        foreach (var (kind, prefix, name) in ProjectScope.Routes)
        {
            var plural = kind == ScopeKind.Instance ? string.Empty : name;
            api.MapGet($"{prefix}/vulnerabilities", (HttpContext http, ApiContext context, CancellationToken ct) => ScopedAsync(http, context, kind, counts: false, ct))
                .WithName($"List{plural}Vulnerabilities");
            api.MapGet($"{prefix}/vulnerabilities/counts", (HttpContext http, ApiContext context, CancellationToken ct) => ScopedAsync(http, context, kind, counts: true, ct))
                .WithName($"Count{plural}Vulnerabilities");
        }

        api.MapGet("/vulnerabilities/{id:long}", DetailAsync).WithName("GetVulnerability");
    }

    private static async Task<IResult> ScopedAsync(HttpContext http, ApiContext api, ScopeKind kind, bool counts, CancellationToken cancellationToken)
    {
        if (!VulnerabilityFilterParser.TryParse(http.Request.Query, out var filter, out var error)
            || !VulnerabilityFilterParser.TryPage(http.Request.Query, out var limit, out var cursor, out error))
        {
            return ApiProblems.BadRequest(error!);
        }

        await using var db = api.Open();
        var (scope, denied) = await ProjectScope.ResolveAsync(db, http, kind, cancellationToken, withPaths: false).ConfigureAwait(false);
        if (denied is not null)
        {
            return denied;
        }

        var query = VulnerabilityQuery.Apply(db.Vulnerabilities, db, scope!.ProjectIds, filter);
        if (counts)
        {
            var bySeverity = await query.GroupBy(v => v.Severity).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken).ConfigureAwait(false);
            return Results.Ok(Enum.GetValues<Bulwark.Core.Findings.Severity>().OrderDescending()
                .ToDictionary(s => s.ToString().ToLowerInvariant(), s => bySeverity.GetValueOrDefault((int)s)));
        }

        List<Vulnerability> items;
        string? next;
        try
        {
            (items, next) = await VulnerabilityQuery.PageAsync(query, filter.Sort, cursor, limit, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            return ApiProblems.BadRequest(e.Message);
        }

        // A project's list knows its one path already; a group's or the instance's looks up the page's projects.
        var paths = scope.Paths;
        var missing = items.Select(v => v.ProjectId).Where(id => !scope.Paths.ContainsKey(id)).Distinct().ToList();
        if (missing.Count > 0)
        {
            paths = await db.Projects.AsNoTracking().Where(p => missing.Contains(p.Id))
                .ToDictionaryAsync(p => p.Id, p => p.Path, cancellationToken).ConfigureAwait(false);
        }

        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        return VulnerabilityView.Page(items, id => paths.GetValueOrDefault(id), next, json);
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
}
