using Bulwark.Core.Findings;

namespace Bulwark.Core.Reports.Ingestion;

/// <summary>
/// One scan inside an uploaded report: a GitLab report is one section, a SARIF log one per run, a Bulwark
/// report one per analyzer. Everything but the findings and components, so a caller can decide what to
/// do before streaming those.
/// </summary>
public sealed record ReportSection
{
    /// <summary>Position of the section in the report; pass it back to read its findings.</summary>
    public required int Index { get; init; }

    public required ReportType ReportType { get; init; }

    /// <summary>The tool that produced the findings (<c>scan.scanner</c>, the SARIF driver…).</summary>
    public required ToolInfo Scanner { get; init; }

    /// <summary>A stable id of the scanner, used to decide which earlier findings a new scan supersedes.</summary>
    public required string ScannerId { get; init; }

    public bool Succeeded { get; init; } = true;

    public string? FailureReason { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public EquatableArray<ScanWarning> Messages { get; init; }

    /// <summary>The schema version the report claims, when it claims one.</summary>
    public string? SchemaVersion { get; init; }

    /// <summary>True when the section carries an inventory (CycloneDX components, Bulwark components).</summary>
    public bool HasComponents { get; init; }
}
