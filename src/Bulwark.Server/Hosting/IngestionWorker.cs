using Bulwark.Platform.Data;
using Bulwark.Platform.Ingestion;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bulwark.Server.Hosting;

/// <summary>
/// Every instance runs one: it claims queued jobs (uploads answered with 202) and jobs whose instance died
/// mid-ingestion (lease expired), copies the stored file to a local spool file and ingests it.
/// </summary>
public sealed partial class IngestionWorker(
    IngestionQueue queue, IngestionJobRunner runner, ServerOptions options, ServerMetrics metrics, ILogger<IngestionWorker> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Look for work now instead of at the next poll (a job was just queued here).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already awake.
            }
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await queue.DiscardBrokenUploadsAsync(stoppingToken).ConfigureAwait(false);
                while (!stoppingToken.IsCancellationRequested
                       && await queue.ClaimNextAsync(stoppingToken).ConfigureAwait(false) is { } job)
                {
                    await RunAsync(job, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogPollFailed(logger, e);
            }

            try
            {
                await _wake.WaitAsync(queue.Options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunAsync(IngestionJob job, CancellationToken stoppingToken)
    {
        LogClaimed(logger, job.Id, job.ProjectId, job.PipelineId, job.Attempts);
        var spool = Path.Combine(options.DataDirectory, "uploads");
        Directory.CreateDirectory(spool);
        await using var file = new FileStream(Path.Combine(spool, Guid.NewGuid().ToString("N") + ".job"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, bufferSize: 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await queue.ReadAsync(job.Id, file, stoppingToken).ConfigureAwait(false);
            await file.FlushAsync(stoppingToken).ConfigureAwait(false);
            file.Position = 0;
            var outcome = await runner.RunAsync(job, file, stoppingToken).ConfigureAwait(false);
            metrics.ReportIngested(outcome.Scans.Sum(s => s.Findings));
            LogFinished(logger, job.Id, outcome.New, outcome.Existing);
        }
        catch (ReportRejectedException e)
        {
            metrics.ReportRejected();
            LogRejected(logger, job.Id, e.Message);
        }
        catch (KeyNotFoundException e)
        {
            LogRejected(logger, job.Id, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // The runner has put the job back (or failed it after too many attempts).
            LogJobFailed(logger, e, job.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Claimed ingestion job {JobId} (project {ProjectId}, pipeline {PipelineId}, attempt {Attempt})")]
    private static partial void LogClaimed(ILogger logger, long jobId, long projectId, long pipelineId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingestion job {JobId} stored: {New} new, {Existing} existing")]
    private static partial void LogFinished(ILogger logger, long jobId, int @new, int existing);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingestion job {JobId} refused: {Reason}")]
    private static partial void LogRejected(ILogger logger, long jobId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingestion job {JobId} failed; it goes back to the queue")]
    private static partial void LogJobFailed(ILogger logger, Exception exception, long jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Looking for ingestion jobs failed; trying again at the next poll")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
