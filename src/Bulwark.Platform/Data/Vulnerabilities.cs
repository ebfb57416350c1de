namespace Bulwark.Platform.Data;

/// <summary>GitLab's vulnerability states.</summary>
public enum VulnerabilityState
{
    Detected = 1,
    Confirmed = 2,
    Dismissed = 3,
    Resolved = 4,
}

public enum DismissalReason
{
    AcceptableRisk = 1,
    FalsePositive = 2,
    MitigatingControl = 3,
    UsedInTests = 4,
    NotApplicable = 5,
}

/// <summary>
/// The tracked entity: one per GitLab identity (<see cref="Uuid"/>) in a project's default branch. Scans add
/// findings to it; people triage it.
/// </summary>
public sealed class Vulnerability
{
    public long Id { get; set; }

    public long ProjectId { get; set; }

    public Guid Uuid { get; set; }

    public required string ReportType { get; set; }

    public required string ScannerId { get; set; }

    public required string ScannerName { get; set; }

    public required string Title { get; set; }

    public string? Description { get; set; }

    public string? Solution { get; set; }

    /// <summary>Core's <c>Severity</c> as a number (Critical 5 … Unknown 0), so it sorts.</summary>
    public int Severity { get; set; }

    /// <summary>What the scanner said before anyone overrode it.</summary>
    public int ScannerSeverity { get; set; }

    public bool SeverityOverridden { get; set; }

    public VulnerabilityState State { get; set; }

    public DismissalReason? DismissalReason { get; set; }

    /// <summary><c>type:value</c> of the primary identifier.</summary>
    public required string PrimaryIdentifier { get; set; }

    public required string LocationFingerprint { get; set; }

    /// <summary>The file (or image, or URL) the location names, for display and filtering.</summary>
    public string? LocationTarget { get; set; }

    /// <summary>The latest finding as a GitLab <c>vulnerabilities[]</c> element (secrets redacted).</summary>
    public required string Data { get; set; }

    public DateTime DetectedAt { get; set; }

    public DateTime LastSeenAt { get; set; }

    public long LastSeenPipelineId { get; set; }

    public DateTime? ConfirmedAt { get; set; }

    public DateTime? DismissedAt { get; set; }

    public DateTime? ResolvedAt { get; set; }

    public bool NoLongerDetected { get; set; }

    public DateTime? NoLongerDetectedAt { get; set; }

    public bool HasIssue { get; set; }

    public bool HasSolution { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>Every identifier of a vulnerability, for filtering (<c>CVE-2021-44228</c>, <c>CWE-79</c>…).</summary>
public sealed class VulnerabilityIdentifier
{
    public long Id { get; set; }

    public long VulnerabilityId { get; set; }

    public required string Type { get; set; }

    public required string Value { get; set; }

    /// <summary>The lower-cased value (<c>cve-2021-44228</c>): what the identifier filter matches.</summary>
    public required string Key { get; set; }

    public string? Name { get; set; }

    public string? Url { get; set; }
}

/// <summary>One detection in one scan. On a non-default branch it stands alone; on the default branch it belongs to a vulnerability.</summary>
public sealed class Finding
{
    public long Id { get; set; }

    public long ProjectId { get; set; }

    public long ScanId { get; set; }

    public long PipelineId { get; set; }

    public required string Ref { get; set; }

    public Guid Uuid { get; set; }

    public long? VulnerabilityId { get; set; }

    public required string ReportType { get; set; }

    public int Severity { get; set; }

    public required string Title { get; set; }

    public required string PrimaryIdentifier { get; set; }

    public required string LocationFingerprint { get; set; }

    public required string Data { get; set; }

    public DateTime CreatedAt { get; set; }
}

public enum ActivityKind
{
    Detected = 1,
    StateChanged = 2,
    DetectedAgain = 3,
    NoLongerDetected = 4,
    SeverityChanged = 5,
    Commented = 6,
    IssueLinked = 7,
    ReturnedAfterNoLongerDetected = 8,
    IssueUnlinked = 9,
    CommentEdited = 10,
    CommentDeleted = 11,
}

/// <summary>The history of a vulnerability: every state and severity change, comment and detection event.</summary>
public sealed class VulnerabilityActivity
{
    public long Id { get; set; }

    public long VulnerabilityId { get; set; }

    public ActivityKind Kind { get; set; }

    public DateTime At { get; set; }

    public long? ActorId { get; set; }

    public string? ActorName { get; set; }

    public string? From { get; set; }

    public string? To { get; set; }

    public string? Reason { get; set; }

    public string? Comment { get; set; }

    public long? PipelineId { get; set; }

    public string? CommitSha { get; set; }
}

public sealed class IssueLink
{
    public long Id { get; set; }

    public long VulnerabilityId { get; set; }

    public required string Url { get; set; }

    public string? Title { get; set; }

    public long? CreatedById { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>Open vulnerabilities by severity for one project on one day: the dashboard's history.</summary>
public sealed class DailyVulnerabilityCount
{
    public long ProjectId { get; set; }

    /// <summary>The UTC day, as <c>yyyy-MM-dd</c>.</summary>
    public required string Day { get; set; }

    public int Critical { get; set; }

    public int High { get; set; }

    public int Medium { get; set; }

    public int Low { get; set; }

    public int Info { get; set; }

    public int Unknown { get; set; }
}

/// <summary>A dependency of a project's default branch, from its latest SBOM or dependency scan.</summary>
public sealed class ProjectComponent
{
    public long Id { get; set; }

    public long ProjectId { get; set; }

    public long ScanId { get; set; }

    public required string Name { get; set; }

    public required string NameKey { get; set; }

    public string? Version { get; set; }

    public string? Ecosystem { get; set; }

    public string? Purl { get; set; }

    public string? Licenses { get; set; }

    public bool? IsDirect { get; set; }

    public bool IsDevelopment { get; set; }

    public string? File { get; set; }

    /// <summary>Dependency paths as JSON arrays of names.</summary>
    public string? Paths { get; set; }

    public int VulnerabilityCount { get; set; }
}
