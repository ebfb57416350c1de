using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;

namespace Bulwark.Core;

public enum WarningLevel
{
    Info,
    Warning,
    Error,
}

/// <summary>Something the user should know about a scan: a file that could not be read, a bad config…</summary>
public sealed record ScanWarning(string Message, string? Path = null, string? Analyzer = null, WarningLevel Level = WarningLevel.Warning);

/// <summary>What one analyzer did in one scan.</summary>
public sealed record AnalyzerRun(
    string Name,
    string Version,
    TimeSpan Elapsed,
    long FilesAnalyzed,
    long BytesAnalyzed,
    int FindingCount,
    int ComponentCount)
{
    /// <summary>
    /// The report type the analyzer fills, when known: a GitLab report of that type then names this
    /// analyzer even when it found nothing.
    /// </summary>
    public ReportType? ReportType { get; init; }
}

/// <summary>
/// Counts from the walk of the tree. <c>BytesSeen</c> is the size of the files that were opened for an analyzer
/// (files no analyzer wants are listed, never sized).
/// </summary>
public sealed record WalkStatistics(
    long FilesSeen,
    long BytesSeen,
    long FilesIgnored,
    long BinaryFiles,
    long OversizedFiles,
    long UnreadableFiles);

/// <summary>The tool that produced a result, as reports name it.</summary>
public sealed record ToolInfo(string Name, string Version, string Vendor, string? Url = null)
{
    public static ToolInfo Bulwark(string version) => new("Bulwark", version, "Bulwark", "https://github.com/bulwark-sec/bulwark");
}

/// <summary>Everything a scan knows: the input of every report writer.</summary>
public sealed record ScanResult
{
    public required ToolInfo Tool { get; init; }

    /// <summary>The scanned root as the user named it (reports carry paths relative to it).</summary>
    public required string Target { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>False when the scan was cancelled or failed part way; reports then say so.</summary>
    public bool Completed { get; init; } = true;

    public string? IncompleteReason { get; init; }

    public EquatableArray<Finding> Findings { get; init; }

    public EquatableArray<Component> Components { get; init; }

    public EquatableArray<ScanWarning> Warnings { get; init; }

    public EquatableArray<AnalyzerRun> Analyzers { get; init; }

    public WalkStatistics? Walk { get; init; }

    /// <summary>The attack surface a dynamic scan exercised (GitLab DAST reports require it).</summary>
    public EquatableArray<ScannedResource> ScannedResources { get; init; }
}
