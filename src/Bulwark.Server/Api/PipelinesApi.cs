using Bulwark.Platform.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Api;

public sealed record PipelineCreateRequest(string? Ref, string? Commit, bool? DefaultBranch, string? Source, string? ExternalId);

public sealed record PipelineResponse(long Id, long ProjectId, string Ref, string Commit, bool DefaultBranch, string? Source, string? ExternalId, DateTime CreatedAt);

/// <summary>Pipelines: the CI run reports are uploaded into. With an external id, creating one twice returns the first.</summary>
public static class PipelinesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/projects/{project}/pipelines", CreateAsync).WithName("CreatePipeline");
        api.MapGet("/projects/{project}/pipelines/{id:long}", GetAsync).WithName("GetPipeline");
    }

    private static PipelineResponse ToResponse(Pipeline p) => new(p.Id, p.ProjectId, p.Ref, p.CommitSha, p.IsDefaultBranch, p.Source, p.ExternalId, p.CreatedAt);

    private static async Task<IResult> CreateAsync(string project, PipelineCreateRequest? request, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        if (string.IsNullOrWhiteSpace(request?.Ref))
        {
            return ApiProblems.BadRequest("ref: required (the branch or tag the pipeline ran on)");
        }

        if (string.IsNullOrWhiteSpace(request.Commit) || request.Commit.Length > 64 || !request.Commit.All(char.IsAsciiHexDigit))
        {
            return ApiProblems.BadRequest("commit: required, the commit SHA in hexadecimal");
        }

        await using var db = api.Open();
        var (found, denied) = await ApiContext.AuthorizeProjectAsync(db, caller, project, Role.Developer, write: true, cancellationToken).ConfigureAwait(false);
        if (denied is not null)
        {
            return denied;
        }

        var externalId = string.IsNullOrWhiteSpace(request.ExternalId) ? null : request.ExternalId.Trim();
        if (externalId is not null
            && await db.Pipelines.SingleOrDefaultAsync(p => p.ProjectId == found!.Id && p.ExternalId == externalId, cancellationToken).ConfigureAwait(false) is { } same)
        {
            return Results.Ok(ToResponse(same));
        }

        var pipeline = new Pipeline
        {
            ProjectId = found!.Id,
            Ref = request.Ref.Trim(),
            CommitSha = request.Commit.Trim().ToLowerInvariant(),
            IsDefaultBranch = request.DefaultBranch ?? string.Equals(request.Ref.Trim(), found.DefaultBranch, StringComparison.Ordinal),
            Source = request.Source,
            ExternalId = externalId,
            CreatedAt = api.Now,
        };
        db.Pipelines.Add(pipeline);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException) when (externalId is not null)
        {
            // Two callers created the same CI pipeline at once: the other one won; answer with it.
            await using var again = api.Open();
            var winner = await again.Pipelines.SingleAsync(p => p.ProjectId == found.Id && p.ExternalId == externalId, cancellationToken).ConfigureAwait(false);
            return Results.Ok(ToResponse(winner));
        }

        return Results.Created($"/api/v1/projects/{found.Id}/pipelines/{pipeline.Id}", ToResponse(pipeline));
    }

    private static async Task<IResult> GetAsync(string project, long id, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        await using var db = api.Open();
        var (found, denied) = await ApiContext.AuthorizeProjectAsync(db, caller, project, Role.Reporter, write: false, cancellationToken).ConfigureAwait(false);
        if (denied is not null)
        {
            return denied;
        }

        var pipeline = await db.Pipelines.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id && p.ProjectId == found!.Id, cancellationToken).ConfigureAwait(false);
        return pipeline is null ? ApiProblems.NotFound($"pipeline {id} does not exist in '{found!.Path}'") : Results.Ok(ToResponse(pipeline));
    }
}
