using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;

namespace Bulwark.Core.Reports.GitLab;

/// <summary>A GitLab security report as read: its findings and what it says about the scan that made it.</summary>
public sealed record GitLabReport
{
    public required ReportType ReportType { get; init; }

    /// <summary>The schema version the report claims (<c>15.2.1</c>, <c>14.1.2</c>…).</summary>
    public required string SchemaVersion { get; init; }

    /// <summary>The underlying scanner (<c>scan.scanner</c>): for a Bulwark report, Bulwark itself.</summary>
    public required ToolInfo Scanner { get; init; }

    /// <summary><c>scan.analyzer.id</c>, or the scanner id when the report names no analyzer.</summary>
    public required string Analyzer { get; init; }

    public string? AnalyzerVersion { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>False when <c>scan.status</c> is <c>failure</c>.</summary>
    public bool Succeeded { get; init; } = true;

    /// <summary>The first <c>fatal</c> message of a failed scan, as the likely reason.</summary>
    public string? FailureReason { get; init; }

    public EquatableArray<Finding> Findings { get; init; }

    /// <summary><c>scan.messages</c>: info → Info, warn → Warning, fatal → Error.</summary>
    public EquatableArray<ScanWarning> Warnings { get; init; }

    public EquatableArray<Identifier> PrimaryIdentifiers { get; init; }

    /// <summary>The packages of a 14.x dependency scanning report's <c>dependency_files</c>.</summary>
    public EquatableArray<Component> Components { get; init; }

    public EquatableArray<ScannedResource> ScannedResources { get; init; }
}
