using System.Globalization;
using System.Text.Json;
using Bulwark.Platform.Data;
using Bulwark.Platform.Dependencies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bulwark.Server.Api;

/// <summary>A project's dependency list, and component search over a project, a group (recursively) or the instance.</summary>
public static class DependenciesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/projects/{project}/dependencies", ListAsync).WithName("ListProjectDependencies").WithTags("Dependencies");
        foreach (var (kind, prefix, name) in ProjectScope.Routes)
        {
            api.MapGet($"{prefix}/dependencies/search", (HttpContext http, ApiContext context, CancellationToken cancellationToken) => SearchAsync(http, context, kind, cancellationToken))
                .WithName($"Search{name}Components").WithTags("Dependencies");
        }
    }

    private static async Task<IResult> ListAsync(string project, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        if (!TryFilter(query, out var filter, out var error))
        {
            return ApiProblems.BadRequest(error!);
        }

        if (!TryLimit(query, 100, ProjectDependencies.MaxPageSize, out var limit, out error))
        {
            return ApiProblems.BadRequest(error!);
        }

        await using var db = api.Open();
        var (scope, denied) = await ProjectScope.ResolveAsync(db, http, ScopeKind.Project, cancellationToken).ConfigureAwait(false);
        if (denied is not null)
        {
            return denied;
        }

        try
        {
            var cursor = query["cursor"].ToString();
            var (items, next, total) = await ProjectDependencies.ListAsync(db, scope!.ProjectIds[0], filter!, cursor.Length == 0 ? null : cursor, limit, cancellationToken).ConfigureAwait(false);
            return Results.Ok(new { items = items.Select(Item), next, total });
        }
        catch (ArgumentException e)
        {
            return ApiProblems.BadRequest(e.Message);
        }
    }

    private static async Task<IResult> SearchAsync(HttpContext http, ApiContext api, ScopeKind kind, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        var name = query["name"].ToString().Trim();
        if (name.Length == 0)
        {
            return ApiProblems.BadRequest("name is required: the package to look for, e.g. name=log4j-core or name=org.apache.logging.log4j:log4j-core");
        }

        VersionRange? range = null;
        try
        {
            foreach (var (parameter, make) in new (string, Func<string, VersionRange>)[] { ("below", VersionRange.Below), ("at_least", VersionRange.AtLeast), ("range", VersionRange.Parse) })
            {
                var value = query[parameter].ToString().Trim();
                if (value.Length > 0)
                {
                    var parsed = make(value);
                    range = range is null ? parsed : range.And(parsed);
                }
            }
        }
        catch (FormatException e)
        {
            return ApiProblems.BadRequest(e.Message);
        }

        if (!TryLimit(query, 100, 500, out var limit, out var error))
        {
            return ApiProblems.BadRequest(error!);
        }

        long after = 0;
        var cursor = query["cursor"].ToString();
        if (cursor.Length > 0 && !long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            return ApiProblems.BadRequest($"cursor is not valid: '{cursor}'");
        }

        await using var db = api.Open();
        var (scope, denied) = await ProjectScope.ResolveAsync(db, http, kind, cancellationToken).ConfigureAwait(false);
        if (denied is not null)
        {
            return denied;
        }

        var ecosystem = NonEmpty(query["ecosystem"]);
        var purlType = NonEmpty(query["purl_type"]);
        var (matches, unordered) = await ComponentSearch.SearchAsync(db, scope!.ProjectIds, new ComponentQuery(name, ecosystem, purlType, range), cancellationToken).ConfigureAwait(false);
        var projects = matches.GroupBy(m => m.Component.ProjectId).Where(g => g.Key > after).OrderBy(g => g.Key).Take(limit + 1).ToList();
        string? next = null;
        if (projects.Count > limit)
        {
            projects.RemoveAt(limit);
            next = projects[^1].Key.ToString(CultureInfo.InvariantCulture);
        }

        return Results.Ok(new
        {
            name,
            ecosystem,
            purl_type = purlType,
            range = range?.Text,
            projects = projects.Select(g => new
            {
                id = g.Key,
                path = scope.Paths.GetValueOrDefault(g.Key),
                components = g.OrderBy(m => m.Component.NameKey, StringComparer.Ordinal).ThenBy(m => m.Component.Id).Select(m => Component(m.Component, m.Ecosystem)),
            }),
            unordered = after > 0 ? [] : unordered.Select(m => new Dictionary<string, object?>(Component(m.Component, m.Ecosystem))
            {
                ["project"] = new { id = m.Component.ProjectId, path = scope.Paths.GetValueOrDefault(m.Component.ProjectId) },
                ["reason"] = m.Unordered,
            }),
            next,
        });
    }

    private static Dictionary<string, object?> Component(ProjectComponent c, string? ecosystem) => new()
    {
        ["id"] = c.Id,
        ["name"] = c.Name,
        ["version"] = c.Version,
        ["ecosystem"] = ecosystem,
        ["purl"] = c.Purl,
        ["licenses"] = Licenses(c.Licenses),
        ["direct"] = c.IsDirect,
        ["development"] = c.IsDevelopment,
        ["file"] = c.File,
    };

    private static Dictionary<string, object?> Item(Dependency d)
    {
        var item = Component(d.Component, Ecosystems.Of(d.Component.Ecosystem, d.Component.Purl));
        item["dependency_paths"] = d.Component.Paths is { } paths ? JsonSerializer.Deserialize<string[][]>(paths) : Array.Empty<string[]>();
        item["vulnerability_count"] = d.Vulnerabilities.Count;
        item["severities"] = Enum.GetValues<Bulwark.Core.Findings.Severity>().OrderDescending()
            .ToDictionary(s => s.ToString().ToLowerInvariant(), s => d.Vulnerabilities.Count(v => v.Severity == (int)s));
        item["vulnerabilities"] = d.Vulnerabilities.Select(v => new { id = v.Id, title = v.Title, severity = WireNames.Severity(v.Severity), state = WireNames.State(v.State) });
        return item;
    }

    /// <summary>The stored licences are the declared expressions joined with AND; each is listed on its own.</summary>
    private static string[] Licenses(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : stored.Split(" AND ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool TryFilter(IQueryCollection query, out DependencyFilter? filter, out string? error)
    {
        filter = null;
        error = null;
        bool? hasVulnerabilities = null;
        var has = query["has_vulnerabilities"].ToString();
        if (has.Length > 0)
        {
            if (!bool.TryParse(has, out var parsed))
            {
                error = $"has_vulnerabilities must be true or false; got '{has}'";
                return false;
            }

            hasVulnerabilities = parsed;
        }

        var sortText = query["sort"].ToString();
        DependencySort sort;
        switch (sortText)
        {
            case "" or "name_asc":
                sort = DependencySort.NameAsc;
                break;
            case "name_desc":
                sort = DependencySort.NameDesc;
                break;
            case "severity_desc":
                sort = DependencySort.SeverityDesc;
                break;
            case "ecosystem_asc":
                sort = DependencySort.EcosystemAsc;
                break;
            default:
                error = $"sort must be one of name_asc, name_desc, severity_desc, ecosystem_asc; got '{sortText}'";
                return false;
        }

        filter = new DependencyFilter
        {
            Name = NonEmpty(query["name"]),
            Ecosystems = query["ecosystem"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            License = NonEmpty(query["license"]),
            HasVulnerabilities = hasVulnerabilities,
            Sort = sort,
        };
        return true;
    }

    private static bool TryLimit(IQueryCollection query, int fallback, int max, out int limit, out string? error)
    {
        error = null;
        var text = query["limit"].ToString();
        if (text.Length == 0)
        {
            limit = fallback;
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit >= 1 && limit <= max)
        {
            return true;
        }

        error = $"limit must be a whole number from 1 to {max}; got '{text}'";
        return false;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
