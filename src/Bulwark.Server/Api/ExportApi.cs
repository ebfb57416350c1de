using System.Globalization;
using System.Text;
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
        foreach (var (kind, prefix, name) in ProjectScope.Routes)
        {
            var plural = kind == ScopeKind.Instance ? string.Empty : name;
            api.MapGet($"{prefix}/vulnerabilities/export", (HttpContext http, ApiContext context, CancellationToken ct) => ExportAsync(kind, http, context, ct))
                .WithName($"Export{plural}VulnerabilitiesCsv");
        }
    }

    private static async Task<IResult> ExportAsync(ScopeKind kind, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        if (!VulnerabilityFilterParser.TryParse(http.Request.Query, out var filter, out var error))
        {
            return ApiProblems.BadRequest(error!);
        }

        IReadOnlyList<long> visible;
        string name;
        await using (var db = api.Open())
        {
            var (scope, denied) = await ProjectScope.ResolveAsync(db, http, kind, cancellationToken, withPaths: false).ConfigureAwait(false);
            if (denied is not null)
            {
                return denied;
            }

            visible = scope!.ProjectIds;
            name = scope.Name;
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
