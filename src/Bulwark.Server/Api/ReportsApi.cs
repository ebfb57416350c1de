using Bulwark.Platform.Data;
using Bulwark.Platform.Ingestion;
using Bulwark.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Bulwark.Server.Api;

/// <summary>
/// Report upload: one or many files (multipart) or one raw body. Each file is stored as an ingestion job in the
/// database (and spooled to a local file) — never held in memory — then claimed by this instance and ingested
/// in its own transaction; if this instance dies, another finishes the job. With <c>Prefer: respond-async</c>
/// the files are only queued and the answer is <c>202</c> with the jobs to poll.
/// </summary>
public static class ReportsApi
{
    private static readonly string[] RawMediaTypes =
    [
        "application/json", "application/octet-stream", "application/sarif+json", "application/vnd.cyclonedx+json",
        "application/x-ndjson", "text/json",
    ];

    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/projects/{project}/pipelines/{id:long}/reports", UploadAsync).WithName("UploadReports").DisableAntiforgery();
    }

    private static async Task<IResult> UploadAsync(
        string project, long id, HttpContext http, ApiContext api, IngestionQueue queue, IngestionJobRunner runner,
        IngestionWorker worker, ServerOptions options, ServerMetrics metrics, IHostApplicationLifetime lifetime, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        Project found;
        await using (var db = api.Open())
        {
            var (p, denied) = await ApiContext.AuthorizeProjectAsync(db, caller, project, Role.Developer, write: true, cancellationToken).ConfigureAwait(false);
            if (denied is not null)
            {
                return denied;
            }

            found = p!;
            if (!await db.Pipelines.AnyAsync(x => x.Id == id && x.ProjectId == found.Id, cancellationToken).ConfigureAwait(false))
            {
                return ApiProblems.NotFound($"pipeline {id} does not exist in '{found.Path}'");
            }
        }

        if (http.Request.ContentLength is { } declared && declared > options.MaxReportBytes)
        {
            return ApiProblems.TooLarge($"the upload is {declared} bytes; the limit is {options.MaxReportBytes}");
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = options.MaxReportBytes;
        }

        var spool = Path.Combine(options.DataDirectory, "uploads");
        Directory.CreateDirectory(spool);
        // Once a file is stored, its ingestion no longer depends on this request: a caller that gives up does not
        // cancel it; a server that stops puts it back in the queue for another instance.
        var stopping = lifetime.ApplicationStopping;
        var respondAsync = http.Request.Headers["Prefer"].Any(p => p is not null && p.Contains("respond-async", StringComparison.OrdinalIgnoreCase));
        var results = new List<object>();
        var queued = new List<object>();
        try
        {
            var mediaType = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var parsed) ? parsed.MediaType.ToString() : null;
            var parts = new List<(string Name, Func<Stream> Open)>();
            if (mediaType is not null && mediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
            {
                var form = await http.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
                foreach (var file in form.Files)
                {
                    parts.Add((file.FileName.Length > 0 ? Path.GetFileName(file.FileName) : file.Name, file.OpenReadStream));
                }

                if (parts.Count == 0)
                {
                    return ApiProblems.BadRequest("the multipart upload has no file parts");
                }
            }
            else if (mediaType is null || RawMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
            {
                parts.Add((http.Request.Headers["X-Report-Name"].ToString() is { Length: > 0 } n ? Path.GetFileName(n) : "report", () => http.Request.Body));
            }
            else
            {
                return ApiProblems.Unsupported($"content type '{mediaType}' is not accepted; send JSON (application/json) or multipart/form-data");
            }

            foreach (var (name, open) in parts)
            {
                // Stored in the database first (any instance can finish it), and in a local spool file this instance reads.
                var job = await queue.BeginAsync(found.Id, id, name, cancellationToken).ConfigureAwait(false);
                await using var content = NewSpoolFile(spool);
                long size;
                try
                {
                    await using var source = open();
                    size = await ReceiveAsync(source, content, queue, job, options.MaxReportBytes, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    if (e is DbUpdateException && !await StillHeldAsync(queue, job).ConfigureAwait(false))
                    {
                        // Its stored slices went with the job (their rows refer to it): there is nothing to discard.
                        return GivenUp(name, job, results);
                    }

                    await queue.DiscardAsync(job.Id, CancellationToken.None).ConfigureAwait(false);
                    throw;
                }

                if (size == 0)
                {
                    await queue.DiscardAsync(job.Id, CancellationToken.None).ConfigureAwait(false);
                    metrics.ReportRejected();
                    return ApiProblems.Unprocessable($"{name}: the report is empty{StoredSoFar(results)}");
                }

                if (!await queue.ReceivedAsync(job, size, claim: !respondAsync, CancellationToken.None).ConfigureAwait(false))
                {
                    return GivenUp(name, job, results);
                }

                if (respondAsync)
                {
                    queued.Add(new { file = name, job_id = job.Id, status = "queued", href = $"/api/v1/ingestion-jobs/{job.Id}" });
                    continue;
                }

                content.Position = 0;
                try
                {
                    var outcome = await runner.RunAsync(job, content, stopping).ConfigureAwait(false);
                    metrics.ReportIngested(outcome.Scans.Sum(s => s.Findings));
                    results.Add(IngestionJobRunner.Describe(job, outcome));
                }
                catch (ReportRejectedException e)
                {
                    // The caller learns why here; no failed job is left behind for a synchronous upload.
                    await queue.DiscardAsync(job.Id, CancellationToken.None).ConfigureAwait(false);
                    metrics.ReportRejected();
                    var detail = $"{name}: {e.Message}{StoredSoFar(results)}";
                    return e.UnsupportedFormat ? ApiProblems.Unsupported(detail) : ApiProblems.Unprocessable(detail);
                }
                catch (OperationCanceledException)
                {
                    // Shutting down, or another instance took the job over: it is queued and will be finished.
                    return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "Ingestion interrupted",
                        $"{name}: this server instance stopped ingesting it; ingestion job {job.Id} will be finished by another (GET /api/v1/ingestion-jobs/{job.Id}){StoredSoFar(results)}");
                }
            }

            if (respondAsync)
            {
                worker.Wake();
                return Results.Json(new { project_id = found.Id, pipeline_id = id, jobs = queued }, statusCode: StatusCodes.Status202Accepted);
            }

            var logger = loggers.CreateLogger("Bulwark.Server.Reports");
            logger.LogInformation("Stored {Count} report(s) in project {ProjectId} pipeline {PipelineId}", parts.Count, found.Id, id);
            return Results.Json(new { project_id = found.Id, pipeline_id = id, reports = results }, statusCode: StatusCodes.Status201Created);
        }
        catch (UploadTooLargeException)
        {
            return ApiProblems.TooLarge($"the upload exceeds the limit of {options.MaxReportBytes} bytes");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiProblems.TooLarge($"the upload exceeds the limit of {options.MaxReportBytes} bytes");
        }
        catch (InvalidDataException e)
        {
            return ApiProblems.BadRequest($"the multipart body could not be read: {e.Message}");
        }
    }

    /// <summary>
    /// Whether this instance still holds the job. Another instance discards an upload whose lease ran out while it
    /// arrived, taking it for one whose instance died.
    /// </summary>
    private static async Task<bool> StillHeldAsync(IngestionQueue queue, IngestionJob job) =>
        await queue.FindAsync(job.Id, CancellationToken.None).ConfigureAwait(false) is { Status: IngestionJobStatus.Receiving } held
        && held.LeaseOwner == queue.Options.Owner;

    /// <summary>The upload's job was given up while the file arrived: nothing of it is stored, and sending it again is safe.</summary>
    private static IResult GivenUp(string name, IngestionJob job, List<object> results) =>
        ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "Upload interrupted",
            $"{name}: this server instance stopped renewing ingestion job {job.Id} while the file arrived and another gave it up; nothing of the file was stored; send it again{StoredSoFar(results)}");

    private static string StoredSoFar(List<object> results) =>
        results.Count == 0 ? "; nothing was stored" : $"; the {results.Count} file(s) before it were stored";

    private static FileStream NewSpoolFile(string directory) =>
        new(Path.Combine(directory, Guid.NewGuid().ToString("N") + ".upload"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            bufferSize: 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    /// <summary>
    /// Copies an arriving file to the local spool file and to the job's stored slices, refusing it past the limit
    /// and renewing the job's lease while a long upload arrives.
    /// </summary>
    private static async Task<long> ReceiveAsync(
        Stream source, Stream spool, IngestionQueue queue, IngestionJob job, long limit, CancellationToken cancellationToken)
    {
        await using var stored = queue.OpenWriter(job);
        var buffer = new byte[81920];
        long total = 0;
        var renewed = System.Diagnostics.Stopwatch.StartNew();
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw new UploadTooLargeException();
            }

            await spool.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            await stored.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            if (renewed.Elapsed > queue.Options.Lease / 3)
            {
                await queue.RenewAsync(job.Id, cancellationToken).ConfigureAwait(false);
                renewed.Restart();
            }
        }

        await stored.CompleteAsync(cancellationToken).ConfigureAwait(false);
        await spool.FlushAsync(cancellationToken).ConfigureAwait(false);
        return total;
    }

    private sealed class UploadTooLargeException : Exception
    {
    }
}
