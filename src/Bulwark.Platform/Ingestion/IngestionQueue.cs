using System.Collections.Concurrent;
using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Platform.Ingestion;

/// <summary>
/// Ingestion jobs kept in the database, so that several server instances on one PostgreSQL share the work
/// without sticky sessions: an upload is stored as <see cref="ReportBlob"/> slices, the receiving instance
/// claims and ingests it at once, and when an instance dies mid-way any other takes the job over after its
/// lease expires (claimed with <c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL; SQLite serialises writers).
/// Ingestion itself is transactional and idempotent, so a job run twice stores its report once.
/// </summary>
public sealed class IngestionQueue(PlatformDatabase database, TimeProvider clock, IngestionQueueOptions options)
{
    /// <summary>Bytes per stored slice: large enough for few round trips, small enough never to matter in memory.</summary>
    public const int SliceSize = 1 << 20;

    /// <summary>
    /// The jobs this instance is receiving or running right now. An expired lease means "its instance died" to
    /// every other instance; this one knows better for its own live work (a renewal can be late behind a long
    /// SQLite write or a busy CPU), so it never discards or takes over these. Ids leave as soon as the work
    /// ends, even when recording the end fails, so that a job left behind is taken over like any other.
    /// </summary>
    private readonly ConcurrentDictionary<long, byte> _held = new();

    public IngestionQueueOptions Options => options;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>A job for a file that is about to arrive, held by this instance while it does.</summary>
    public async Task<IngestionJob> BeginAsync(long projectId, long pipelineId, string fileName, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var job = new IngestionJob
        {
            ProjectId = projectId,
            PipelineId = pipelineId,
            FileName = fileName.Length <= 255 ? fileName : fileName[..255],
            Status = IngestionJobStatus.Receiving,
            LeaseOwner = options.Owner,
            LeaseExpiresAt = Now + options.Lease,
            CreatedAt = Now,
        };
        db.IngestionJobs.Add(job);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        _held[job.Id] = 0;
        return job;
    }

    /// <summary>Stores the file's bytes under the job as they arrive.</summary>
    public ReportBlobWriter OpenWriter(IngestionJob job) => new(database, job.Id);

    /// <summary>
    /// The whole file is stored: the job becomes runnable. With <paramref name="claim"/>, this instance keeps it
    /// and runs it now; otherwise it is queued for whichever instance's worker claims it first.
    /// </summary>
    public async Task<bool> ReceivedAsync(IngestionJob job, long size, bool claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await using var db = database.CreateContext();
        var now = Now;
        var status = claim ? IngestionJobStatus.Running : IngestionJobStatus.Queued;
        var changed = await db.IngestionJobs
            .Where(j => j.Id == job.Id && j.Status == IngestionJobStatus.Receiving && j.LeaseOwner == options.Owner)
            .ExecuteUpdateAsync(u => u
                .SetProperty(j => j.Status, status)
                .SetProperty(j => j.Size, size)
                .SetProperty(j => j.LeaseOwner, claim ? options.Owner : null)
                .SetProperty(j => j.LeaseExpiresAt, claim ? now + options.Lease : null)
                .SetProperty(j => j.Attempts, claim ? 1 : 0)
                .SetProperty(j => j.StartedAt, claim ? now : null), cancellationToken).ConfigureAwait(false);
        job.Status = status;
        job.Size = size;
        job.Attempts = claim ? 1 : 0;
        if (!claim || changed != 1)
        {
            _held.TryRemove(job.Id, out _);
        }

        return changed == 1;
    }

    /// <summary>
    /// Takes the oldest job nobody is working on: queued, or running under a lease that expired (its instance
    /// died or lost the database) — never one this instance is still running. Null when there is none.
    /// </summary>
    public async Task<IngestionJob?> ClaimNextAsync(CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var now = Now;
        var mine = _held.Keys.ToArray();
        IngestionJob? job;
        if (db.IsPostgres)
        {
            // Concurrent workers skip each other's locked candidates instead of queueing behind them.
            var queued = (int)IngestionJobStatus.Queued;
            var running = (int)IngestionJobStatus.Running;
            var candidates = await db.IngestionJobs.FromSql($"""
                SELECT * FROM ingestion_jobs
                WHERE "Status" = {queued} OR ("Status" = {running} AND "LeaseExpiresAt" < {now} AND NOT ("Id" = ANY({mine})))
                ORDER BY "Id" LIMIT 1 FOR UPDATE SKIP LOCKED
                """).ToListAsync(cancellationToken).ConfigureAwait(false);
            job = candidates.FirstOrDefault();
        }
        else
        {
            // One writer at a time on SQLite: the transaction alone makes select-then-update atomic.
            job = await db.IngestionJobs
                .Where(j => j.Status == IngestionJobStatus.Queued || (j.Status == IngestionJobStatus.Running && j.LeaseExpiresAt < now && !mine.Contains(j.Id)))
                .OrderBy(j => j.Id)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        }

        if (job is null)
        {
            return null;
        }

        job.Status = IngestionJobStatus.Running;
        job.LeaseOwner = options.Owner;
        job.LeaseExpiresAt = now + options.Lease;
        job.Attempts++;
        job.StartedAt ??= now;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _held[job.Id] = 0;
        return job;
    }

    /// <summary>Extends this instance's lease; false when another instance has taken the job over.</summary>
    public async Task<bool> RenewAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var until = Now + options.Lease;
        return await db.IngestionJobs
            .Where(j => j.Id == jobId && j.LeaseOwner == options.Owner
                        && (j.Status == IngestionJobStatus.Receiving || j.Status == IngestionJobStatus.Running))
            .ExecuteUpdateAsync(u => u.SetProperty(j => j.LeaseExpiresAt, until), cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Records the outcome and drops the stored file (one transaction). False when the lease was lost.</summary>
    public Task<bool> SucceededAsync(long jobId, string result, CancellationToken cancellationToken) =>
        FinishAsync(jobId, IngestionJobStatus.Succeeded, result, null, cancellationToken);

    /// <summary>The report was refused (or can never be ingested): the reason is kept, the stored file dropped.</summary>
    public Task<bool> FailedAsync(long jobId, string error, CancellationToken cancellationToken) =>
        FinishAsync(jobId, IngestionJobStatus.Failed, null, error, cancellationToken);

    /// <summary>
    /// This instance stops working on the job without finishing it (it is shutting down, or hit an error a retry
    /// may not hit): back in the queue for any instance, unless it has been tried too often.
    /// </summary>
    public async Task ReleaseAsync(long jobId, string error, CancellationToken cancellationToken)
    {
        _held.TryRemove(jobId, out _);
        await using var db = database.CreateContext();
        var job = await db.IngestionJobs.SingleOrDefaultAsync(j => j.Id == jobId && j.LeaseOwner == options.Owner, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return;
        }

        if (job.Status == IngestionJobStatus.Receiving)
        {
            // An upload that never arrived entirely can never be ingested.
            await DiscardAsync(jobId, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (job.Attempts >= options.MaxAttempts)
        {
            await FinishAsync(jobId, IngestionJobStatus.Failed, null, $"gave up after {job.Attempts} attempts: {error}", cancellationToken).ConfigureAwait(false);
            return;
        }

        await db.IngestionJobs.Where(j => j.Id == jobId && j.LeaseOwner == options.Owner).ExecuteUpdateAsync(u => u
            .SetProperty(j => j.Status, IngestionJobStatus.Queued)
            .SetProperty(j => j.LeaseOwner, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
            .SetProperty(j => j.Error, error), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a job and its stored file (an upload that was refused or broke off while arriving).</summary>
    public async Task DiscardAsync(long jobId, CancellationToken cancellationToken)
    {
        _held.TryRemove(jobId, out _);
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.ReportBlobs.Where(b => b.JobId == jobId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.IngestionJobs.Where(j => j.Id == jobId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Uploads whose instance died while they were arriving: the caller got an error and nothing can be
    /// ingested from half a file, so they go. This instance's own uploads are never among them, however late
    /// their lease: the request receiving one is alive as long as this process is, and discards its job itself if
    /// it fails (an expired lease only says the renewal was late, e.g. behind a long SQLite write).
    /// </summary>
    public async Task<int> DiscardBrokenUploadsAsync(CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var now = Now;
        var mine = _held.Keys.ToArray();
        var broken = await db.IngestionJobs
            .Where(j => j.Status == IngestionJobStatus.Receiving && j.LeaseExpiresAt < now && !mine.Contains(j.Id))
            .Select(j => j.Id).Take(100).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var id in broken)
        {
            await DiscardAsync(id, cancellationToken).ConfigureAwait(false);
        }

        return broken.Count;
    }

    /// <summary>Copies the stored file into <paramref name="target"/>, one slice at a time.</summary>
    public async Task<long> ReadAsync(long jobId, Stream target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        await using var db = database.CreateContext();
        long total = 0;
        for (var seq = 0; ; seq++)
        {
            var slice = await db.ReportBlobs.Where(b => b.JobId == jobId && b.Seq == seq).Select(b => b.Bytes)
                .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (slice is null)
            {
                return total;
            }

            await target.WriteAsync(slice, cancellationToken).ConfigureAwait(false);
            total += slice.Length;
        }
    }

    public async Task<IngestionJob?> FindAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return await db.IngestionJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> FinishAsync(long jobId, IngestionJobStatus status, string? result, string? error, CancellationToken cancellationToken)
    {
        _held.TryRemove(jobId, out _);
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var now = Now;
        var changed = await db.IngestionJobs
            .Where(j => j.Id == jobId && j.LeaseOwner == options.Owner
                        && (j.Status == IngestionJobStatus.Running || j.Status == IngestionJobStatus.Receiving))
            .ExecuteUpdateAsync(u => u
                .SetProperty(j => j.Status, status)
                .SetProperty(j => j.Result, result)
                .SetProperty(j => j.Error, error)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.LeaseOwner, (string?)null)
                .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null), cancellationToken).ConfigureAwait(false);
        if (changed == 0)
        {
            // Another instance took the job over; it finishes it (ingestion is idempotent).
            return false;
        }

        await db.ReportBlobs.Where(b => b.JobId == jobId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}

/// <summary>How this instance takes part in the ingestion queue.</summary>
public sealed record IngestionQueueOptions
{
    /// <summary>Names this instance in leases: host, process and a random part (a restarted process is a new owner).</summary>
    public string Owner { get; init; } =
        $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>How long a job stays with an instance that stops renewing it; then another takes it over.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often an idle worker looks for queued or abandoned jobs.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Starts after which a job that keeps breaking its instance is failed instead of retried.</summary>
    public int MaxAttempts { get; init; } = 3;
}

/// <summary>Appends an arriving file to its job as <see cref="ReportBlob"/> slices; one slice buffered at most.</summary>
public sealed class ReportBlobWriter(PlatformDatabase database, long jobId) : IAsyncDisposable
{
    private readonly byte[] _buffer = new byte[IngestionQueue.SliceSize];
    private int _filled;
    private int _seq;
    private PlatformDbContext? _db;

    public long Length { get; private set; }

    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (data.Length > 0)
        {
            var take = Math.Min(data.Length, _buffer.Length - _filled);
            data.Span[..take].CopyTo(_buffer.AsSpan(_filled));
            _filled += take;
            Length += take;
            data = data[take..];
            if (_filled == _buffer.Length)
            {
                await FlushSliceAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stores the last, partial slice.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_filled > 0)
        {
            await FlushSliceAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task FlushSliceAsync(CancellationToken cancellationToken)
    {
        _db ??= database.CreateContext();
        _db.ReportBlobs.Add(new ReportBlob { JobId = jobId, Seq = _seq++, Bytes = _buffer[.._filled] });
        await _db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        _db.ChangeTracker.Clear();
        _filled = 0;
    }
}
