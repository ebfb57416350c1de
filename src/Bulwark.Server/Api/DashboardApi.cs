using System.Globalization;
using Bulwark.Platform.Dashboards;
using Bulwark.Platform.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bulwark.Server.Api;

/// <summary>
/// Security dashboard data for a project, a group (recursively) or the instance: open vulnerabilities per day,
/// project grades, mean time to remediate, ages of open vulnerabilities and scanner coverage.
/// </summary>
public static class DashboardApi
{
    private delegate Task<IResult> Handler(HttpContext http, ApiContext api, PlatformDbContext db, ProjectScope scope, CancellationToken cancellationToken);

    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        foreach (var (kind, prefix, name) in ProjectScope.Routes)
        {
            MapOne(api, kind, $"{prefix}/dashboard/history", $"Get{name}SecurityHistory", HistoryAsync);
            MapOne(api, kind, $"{prefix}/dashboard/grades", $"Get{name}SecurityGrades", GradesAsync);
            MapOne(api, kind, $"{prefix}/dashboard/remediation", $"Get{name}RemediationTime", RemediationAsync);
            MapOne(api, kind, $"{prefix}/dashboard/ages", $"Get{name}VulnerabilityAges", AgesAsync);
            MapOne(api, kind, $"{prefix}/dashboard/coverage", $"Get{name}ScannerCoverage", CoverageAsync);
        }
    }

    private static void MapOne(RouteGroupBuilder api, ScopeKind kind, string pattern, string name, Handler handler) =>
        api.MapGet(pattern, async (HttpContext http, ApiContext context, CancellationToken cancellationToken) =>
        {
            await using var db = context.Open();
            var (scope, denied) = await ProjectScope.ResolveAsync(db, http, kind, cancellationToken).ConfigureAwait(false);
            return denied ?? await handler(http, context, db, scope!, cancellationToken).ConfigureAwait(false);
        }).WithName(name).WithTags("Security dashboard");

    private static async Task<IResult> HistoryAsync(HttpContext http, ApiContext api, PlatformDbContext db, ProjectScope scope, CancellationToken cancellationToken)
    {
        if (!TryDays(http, "days", 30, SecurityHistory.MaxDays, out var days, out var error))
        {
            return error!;
        }

        var today = DateOnly.FromDateTime(api.Now);
        var history = await SecurityHistory.ForAsync(db, scope.ProjectIds, today, days, cancellationToken).ConfigureAwait(false);
        return Results.Ok(new
        {
            days,
            from = history[0].Day,
            to = history[^1].Day,
            history = history.Select(d => Counts(d.Counts, ("date", d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))),
        });
    }

    private static async Task<IResult> GradesAsync(HttpContext http, ApiContext api, PlatformDbContext db, ProjectScope scope, CancellationToken cancellationToken)
    {
        var grades = await ProjectGrades.ForAsync(db, scope.ProjectIds, cancellationToken).ConfigureAwait(false);
        var byGrade = grades.ToLookup(g => g.Grade);
        return Results.Ok(new
        {
            grades = Enum.GetValues<SecurityGrade>().Reverse().Select(grade => new
            {
                grade = grade.ToString(),
                count = byGrade[grade].Count(),
                projects = byGrade[grade]
                    .OrderBy(p => scope.Paths.GetValueOrDefault(p.ProjectId), StringComparer.Ordinal)
                    .Select(p => Counts(p.Open, ("id", p.ProjectId), ("path", scope.Paths.GetValueOrDefault(p.ProjectId)))),
            }),
        });
    }

    private static async Task<IResult> RemediationAsync(HttpContext http, ApiContext api, PlatformDbContext db, ProjectScope scope, CancellationToken cancellationToken)
    {
        if (!TryDays(http, "days", 90, 3650, out var days, out var error))
        {
            return error!;
        }

        var since = api.Now.AddDays(-days);
        var (bySeverity, overall) = await Remediation.MeanTimeAsync(db, scope.ProjectIds, since, cancellationToken).ConfigureAwait(false);
        return Results.Ok(new
        {
            days,
            since,
            overall = Time(overall),
            by_severity = bySeverity.Select(t => new Dictionary<string, object?>(Time(t)) { ["severity"] = WireNames.Severity(t.Severity) }),
        });
    }

    private static async Task<IResult> AgesAsync(HttpContext http, ApiContext api, PlatformDbContext db, ProjectScope scope, CancellationToken cancellationToken)
    {
        var buckets = await VulnerabilityAges.ForAsync(db, scope.ProjectIds, api.Now, cancellationToken).ConfigureAwait(false);
        return Results.Ok(new
        {
            buckets = buckets.Select(b => Counts(b.Counts, ("name", b.Name), ("min_days", b.MinDays), ("max_days", b.MaxDays))),
        });
    }

    private static async Task<IResult> CoverageAsync(HttpContext http, ApiContext api, PlatformDbContext db, ProjectScope scope, CancellationToken cancellationToken)
    {
        var coverage = await ScannerCoverage.ForAsync(db, scope.ProjectIds, api.Now, cancellationToken).ConfigureAwait(false);
        return Results.Ok(new
        {
            expected = ScannerCoverage.CoreReportTypes,
            projects = coverage.OrderBy(c => scope.Paths.GetValueOrDefault(c.ProjectId), StringComparer.Ordinal).Select(c => new
            {
                id = c.ProjectId,
                path = scope.Paths.GetValueOrDefault(c.ProjectId),
                covered_7d = c.Covered7Days,
                covered_30d = c.Covered30Days,
                missing_7d = c.Missing7Days,
                missing_30d = c.Missing30Days,
                scanners = c.Scanners.Select(s => new
                {
                    report_type = s.ReportType,
                    scanner_id = s.ScannerId,
                    scanner_name = s.ScannerName,
                    last_run_at = s.LastRunAt,
                    runs_30d = s.Runs,
                }),
            }),
        });
    }

    private static Dictionary<string, object?> Counts(SeverityCounts counts, params (string Name, object? Value)[] first)
    {
        var result = first.ToDictionary(f => f.Name, f => f.Value);
        result["total"] = counts.Total;
        result["critical"] = counts.Critical;
        result["high"] = counts.High;
        result["medium"] = counts.Medium;
        result["low"] = counts.Low;
        result["info"] = counts.Info;
        result["unknown"] = counts.Unknown;
        return result;
    }

    private static Dictionary<string, object?> Time(RemediationTime time) => new()
    {
        ["resolved"] = time.Resolved,
        ["mean_seconds"] = time.Mean is { } m ? Math.Round(m.TotalSeconds) : null,
        ["mean_days"] = time.Mean is { } d ? Math.Round(d.TotalDays, 2) : null,
    };

    private static bool TryDays(HttpContext http, string name, int fallback, int max, out int days, out IResult? error)
    {
        error = null;
        var text = http.Request.Query[name].ToString();
        if (string.IsNullOrEmpty(text))
        {
            days = fallback;
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out days) && days >= 1 && days <= max)
        {
            return true;
        }

        error = ApiProblems.BadRequest($"{name} must be a whole number of days from 1 to {max}; got '{text}'");
        return false;
    }
}
