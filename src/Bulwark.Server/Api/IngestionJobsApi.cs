using System.Text.Json.Nodes;
using Bulwark.Platform.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Api;

/// <summary>
/// <c>GET /api/v1/ingestion-jobs/{id}</c>: where an uploaded report is (queued, running, succeeded, failed), on
/// whichever instance it runs, with the counts once it is stored or the reason it was refused.
/// </summary>
public static class IngestionJobsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/ingestion-jobs/{id:long}", GetAsync).WithName("GetIngestionJob");
    }

    private static async Task<IResult> GetAsync(long id, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        await using var db = api.Open();
        var job = await db.IngestionJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return ApiProblems.NotFound($"ingestion job {id} does not exist or you cannot see it");
        }

        var (_, denied) = await ApiContext.AuthorizeProjectAsync(db, caller, job.ProjectId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Role.Developer, write: false, cancellationToken).ConfigureAwait(false);
        if (denied is not null)
        {
            // Same answer as for a job that does not exist: a job id says nothing about projects one cannot see.
            return ApiProblems.NotFound($"ingestion job {id} does not exist or you cannot see it");
        }

        return Results.Json(new JsonObject
        {
            ["id"] = job.Id,
            ["project_id"] = job.ProjectId,
            ["pipeline_id"] = job.PipelineId,
            ["file"] = job.FileName,
            ["size"] = job.Size,
            ["status"] = job.Status.ToString().ToLowerInvariant(),
            ["attempts"] = job.Attempts,
            ["created_at"] = job.CreatedAt,
            ["started_at"] = job.StartedAt,
            ["finished_at"] = job.FinishedAt,
            ["error"] = job.Error,
            ["result"] = job.Result is null ? null : JsonNode.Parse(job.Result),
        });
    }
}
