using System.Text.Json.Nodes;
using Bulwark.Platform.Data;

namespace Bulwark.Platform.Ingestion;

/// <summary>
/// Runs one claimed job: ingests its file while renewing the lease, then records the outcome. The instance
/// that received the upload and a worker that took an abandoned job over both come through here.
/// </summary>
public sealed class IngestionJobRunner(IngestionQueue queue, ReportIngestor ingestor)
{
    /// <summary>
    /// Ingests <paramref name="content"/> (the job's file, seekable) for a job this instance holds. A refused
    /// report fails the job and throws <see cref="ReportRejectedException"/>; any other error puts the job back
    /// in the queue (or fails it after too many attempts) and is rethrown.
    /// </summary>
    public async Task<IngestionOutcome> RunAsync(IngestionJob job, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopRenewing = new CancellationTokenSource();
        var renewing = KeepLeaseAsync(job.Id, leaseLost, stopRenewing.Token);
        try
        {
            var outcome = await ingestor.IngestAsync(job.ProjectId, job.PipelineId, content, leaseLost.Token).ConfigureAwait(false);
            await stopRenewing.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(false);
            await queue.SucceededAsync(job.Id, Describe(job, outcome).ToJsonString(), CancellationToken.None).ConfigureAwait(false);
            return outcome;
        }
        catch (ReportRejectedException e)
        {
            await queue.FailedAsync(job.Id, $"{job.FileName}: {e.Message}", CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (KeyNotFoundException e)
        {
            // The pipeline went away: no retry brings it back.
            await queue.FailedAsync(job.Id, e.Message, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (Exception e)
        {
            await queue.ReleaseAsync(job.Id, e is OperationCanceledException ? "interrupted" : e.GetType().Name + ": " + e.Message, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        finally
        {
            await stopRenewing.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(false);
        }
    }

    /// <summary>What a stored report did, as the upload answers it and the job keeps it (snake_case JSON).</summary>
    public static JsonObject Describe(IngestionJob job, IngestionOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(outcome);
        var scans = new JsonArray();
        foreach (var s in outcome.Scans)
        {
            scans.Add(new JsonObject
            {
                ["id"] = s.ScanId,
                ["report_type"] = s.ReportType,
                ["scanner"] = s.Scanner,
                ["findings"] = s.Findings,
                ["new"] = s.New,
                ["existing"] = s.Existing,
                ["merged"] = s.Merged,
                ["no_longer_detected"] = s.NoLongerDetected,
                ["duplicate"] = s.Duplicate,
            });
        }

        return new JsonObject
        {
            ["file"] = job.FileName,
            ["job_id"] = job.Id,
            ["format"] = outcome.Format,
            ["duplicate"] = outcome.Duplicate,
            ["new"] = outcome.New,
            ["existing"] = outcome.Existing,
            ["merged"] = outcome.Merged,
            ["no_longer_detected"] = outcome.NoLongerDetected,
            ["scans"] = scans,
        };
    }

    /// <summary>
    /// Renews the lease a third of its length before it runs out. When another instance has taken the job
    /// over, the ingestion here stops (it would only roll back into a duplicate); a failed renewal (database
    /// busy) is tried again at the next tick.
    /// </summary>
    private async Task KeepLeaseAsync(long jobId, CancellationTokenSource leaseLost, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(queue.Options.Lease / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    if (!await queue.RenewAsync(jobId, stop).ConfigureAwait(false))
                    {
                        await leaseLost.CancelAsync().ConfigureAwait(false);
                        return;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Transient (a busy SQLite writer, a dropped connection): the lease is still ours until it expires.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
