namespace Bulwark.Platform.Data;

public enum IngestionJobStatus
{
    /// <summary>The upload is still arriving; nobody may ingest it yet.</summary>
    Receiving = 1,

    /// <summary>Stored entirely and waiting for any instance to claim it.</summary>
    Queued = 2,

    /// <summary>Claimed by the instance named in the lease; another takes it over when the lease expires.</summary>
    Running = 3,

    Succeeded = 4,

    Failed = 5,
}

/// <summary>
/// One uploaded report file waiting for, undergoing or done with ingestion. Its bytes live in
/// <see cref="ReportBlob"/> rows until it succeeds, so any instance on the database can finish it: no shared
/// file system, nothing held in one process's memory.
/// </summary>
public sealed class IngestionJob
{
    public long Id { get; set; }

    public long ProjectId { get; set; }

    public long PipelineId { get; set; }

    /// <summary>The uploaded file's name (as the caller sent it, without directories).</summary>
    public required string FileName { get; set; }

    public long Size { get; set; }

    public IngestionJobStatus Status { get; set; }

    /// <summary>The instance working on the job (receiving or running); null when nobody holds it.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>Renewed while the owner works; once past, any instance may take the job over.</summary>
    public DateTime? LeaseExpiresAt { get; set; }

    /// <summary>How many times an instance started ingesting it.</summary>
    public int Attempts { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>Why it failed (a report error names the element, as the upload answer does).</summary>
    public string? Error { get; set; }

    /// <summary>The counts the upload answered with, as JSON: new, existing, merged, no-longer-detected per scan.</summary>
    public string? Result { get; set; }
}

/// <summary>One slice of an uploaded report, in order: a file streams in and out slice by slice.</summary>
public sealed class ReportBlob
{
    public long JobId { get; set; }

    public int Seq { get; set; }

    public required byte[] Bytes { get; set; }
}
