using Bulwark.Platform.Data;
using Bulwark.Platform.Ingestion;
using Bulwark.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Bulwark.Server.Api;

/// <summary>
/// Report upload: one or many files (multipart) or one raw body. Each file is spooled to disk first — never
/// held in memory — then ingested in its own transaction.
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
        string project, long id, HttpContext http, ApiContext api, ReportIngestor ingestor, ServerOptions options,
        ServerMetrics metrics, ILoggerFactory loggers, CancellationToken cancellationToken)
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
        var files = new List<(string Name, FileStream Content)>();
        try
        {
            var mediaType = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var parsed) ? parsed.MediaType.ToString() : null;
            if (mediaType is not null && mediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
            {
                var form = await http.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
                foreach (var file in form.Files)
                {
                    var stream = NewSpoolFile(spool);
                    files.Add((file.FileName.Length > 0 ? Path.GetFileName(file.FileName) : file.Name, stream));
                    await using var source = file.OpenReadStream();
                    await CopyLimitedAsync(source, stream, options.MaxReportBytes, cancellationToken).ConfigureAwait(false);
                }

                if (files.Count == 0)
                {
                    return ApiProblems.BadRequest("the multipart upload has no file parts");
                }
            }
            else if (mediaType is null || RawMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
            {
                var stream = NewSpoolFile(spool);
                files.Add((http.Request.Headers["X-Report-Name"].ToString() is { Length: > 0 } n ? Path.GetFileName(n) : "report", stream));
                await CopyLimitedAsync(http.Request.Body, stream, options.MaxReportBytes, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                return ApiProblems.Unsupported($"content type '{mediaType}' is not accepted; send JSON (application/json) or multipart/form-data");
            }

            var results = new List<object>();
            foreach (var (name, content) in files)
            {
                content.Position = 0;
                if (content.Length == 0)
                {
                    metrics.ReportRejected();
                    return ApiProblems.Unprocessable($"{name}: the report is empty{StoredSoFar(results)}");
                }

                try
                {
                    var outcome = await ingestor.IngestAsync(found.Id, id, content, cancellationToken).ConfigureAwait(false);
                    metrics.ReportIngested(outcome.Scans.Sum(s => s.Findings));
                    results.Add(new
                    {
                        file = name,
                        format = outcome.Format,
                        duplicate = outcome.Duplicate,
                        @new = outcome.New,
                        existing = outcome.Existing,
                        merged = outcome.Merged,
                        no_longer_detected = outcome.NoLongerDetected,
                        scans = outcome.Scans.Select(s => new
                        {
                            id = s.ScanId,
                            report_type = s.ReportType,
                            scanner = s.Scanner,
                            findings = s.Findings,
                            @new = s.New,
                            existing = s.Existing,
                            merged = s.Merged,
                            no_longer_detected = s.NoLongerDetected,
                            duplicate = s.Duplicate,
                        }),
                    });
                }
                catch (ReportRejectedException e)
                {
                    metrics.ReportRejected();
                    var detail = $"{name}: {e.Message}{StoredSoFar(results)}";
                    return e.UnsupportedFormat ? ApiProblems.Unsupported(detail) : ApiProblems.Unprocessable(detail);
                }
            }

            var logger = loggers.CreateLogger("Bulwark.Server.Reports");
            logger.LogInformation("Stored {Count} report(s) in project {ProjectId} pipeline {PipelineId}", files.Count, found.Id, id);
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
        finally
        {
            foreach (var (_, content) in files)
            {
                await content.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static string StoredSoFar(List<object> results) =>
        results.Count == 0 ? "; nothing was stored" : $"; the {results.Count} file(s) before it were stored";

    private static FileStream NewSpoolFile(string directory) =>
        new(Path.Combine(directory, Guid.NewGuid().ToString("N") + ".upload"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            bufferSize: 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    private static async Task CopyLimitedAsync(Stream source, Stream target, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw new UploadTooLargeException();
            }

            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }

        await target.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed class UploadTooLargeException : Exception
    {
    }
}
