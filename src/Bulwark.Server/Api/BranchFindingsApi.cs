using System.Globalization;
using System.Text.Json;
using Bulwark.Platform.Data;
using Bulwark.Platform.Vulnerabilities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bulwark.Server.Api;

/// <summary>
/// What a branch's pipelines found, and whether each finding is in the branch only ("did my change add this?").
/// The ref is a query parameter because branch names contain slashes.
/// </summary>
public static class BranchFindingsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/projects/{project}/branch-findings", ListAsync).WithName("ListBranchFindings");
    }

    private static async Task<IResult> ListAsync(string project, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        var query = http.Request.Query;
        if (query["ref"].ToString() is not { Length: > 0 } gitRef)
        {
            return ApiProblems.BadRequest("ref: required (the branch whose findings to list)");
        }

        var onlyInBranch = false;
        if (query["only_in_branch"].ToString() is { Length: > 0 } onlyText && !bool.TryParse(onlyText, out onlyInBranch))
        {
            return ApiProblems.BadRequest($"only_in_branch: '{onlyText}' is not true or false");
        }

        if (!VulnerabilityFilterParser.TrySeverities(query, out var severities, out var error)
            || !VulnerabilityFilterParser.TryPage(query, out var limit, out var cursorText, out error))
        {
            return ApiProblems.BadRequest(error!);
        }

        long? after = null;
        if (cursorText is not null)
        {
            if (!long.TryParse(cursorText, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor))
            {
                return ApiProblems.BadRequest($"cursor: '{cursorText}' is not a cursor this list returned");
            }

            after = cursor;
        }

        await using var db = api.Open();
        var (found, denied) = await ApiContext.AuthorizeProjectAsync(db, caller, project, Role.Reporter, write: false, cancellationToken).ConfigureAwait(false);
        if (denied is not null)
        {
            return denied;
        }

        var rows = await BranchFindings.ListAsync(db, found!.Id, gitRef.Trim(), onlyInBranch, severities, after, limit + 1, cancellationToken).ConfigureAwait(false);
        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? page[^1].Finding.Id.ToString(CultureInfo.InvariantCulture) : null;
        return Results.Ok(new { items = page.Select(View), next });
    }

    private static Dictionary<string, object?> View(BranchFinding row)
    {
        var f = row.Finding;
        using var data = JsonDocument.Parse(f.Data);
        var root = data.RootElement;
        return new Dictionary<string, object?>
        {
            ["id"] = f.Id,
            ["uuid"] = f.Uuid.ToString(),
            ["title"] = f.Title,
            ["severity"] = WireNames.Severity(f.Severity),
            ["report_type"] = f.ReportType,
            ["identifiers"] = root.TryGetProperty("identifiers", out var ids) ? ids.Clone() : null,
            ["location"] = root.TryGetProperty("location", out var location) ? location.Clone() : null,
            ["ref"] = f.Ref,
            ["pipeline"] = new Dictionary<string, object?> { ["id"] = row.Pipeline.Id, ["commit"] = row.Pipeline.CommitSha, ["created_at"] = row.Pipeline.CreatedAt },
            ["only_in_branch"] = row.OnlyInBranch,
            ["vulnerability"] = row.Vulnerability is { } v
                ? new Dictionary<string, object?> { ["id"] = v.Id, ["state"] = WireNames.State(v.State), ["no_longer_detected"] = v.NoLongerDetected }
                : null,
        };
    }
}
