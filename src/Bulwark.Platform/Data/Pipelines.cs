namespace Bulwark.Platform.Data;

/// <summary>One CI run of a project on a ref; reports are uploaded into it.</summary>
public sealed class Pipeline
{
    public long Id { get; set; }

    public long ProjectId { get; set; }

    public required string Ref { get; set; }

    public required string CommitSha { get; set; }

    /// <summary>Where it came from (<c>gitlab-ci</c>, <c>github-actions</c>, <c>cli</c>…).</summary>
    public string? Source { get; set; }

    /// <summary>The caller's id for the pipeline (a CI pipeline id); with the project, it makes creation idempotent.</summary>
    public string? ExternalId { get; set; }

    public bool IsDefaultBranch { get; set; }

    public DateTime CreatedAt { get; set; }
}

public enum ScanStatus
{
    Succeeded = 1,
    Failed = 2,
}

/// <summary>One section of an uploaded report: one analyzer's run of one report type in one pipeline.</summary>
public sealed class Scan
{
    public long Id { get; set; }

    public long PipelineId { get; set; }

    public long ProjectId { get; set; }

    public required string ReportType { get; set; }

    public required string ScannerId { get; set; }

    public required string ScannerName { get; set; }

    public string? ScannerVersion { get; set; }

    public string? ScannerVendor { get; set; }

    public ScanStatus Status { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>The scan's messages as JSON (<c>[{"level":…,"value":…}]</c>).</summary>
    public string? Messages { get; set; }

    /// <summary>SHA-256 of the uploaded file and the section index: the same upload twice is one scan.</summary>
    public required string ContentKey { get; set; }

    public string? Format { get; set; }

    public int FindingCount { get; set; }

    /// <summary>What ingestion did, kept so that a repeated upload can answer with the same counts.</summary>
    public int NewCount { get; set; }

    public int ExistingCount { get; set; }

    public int MergedCount { get; set; }

    public int NoLongerDetectedCount { get; set; }

    public DateTime CreatedAt { get; set; }
}
