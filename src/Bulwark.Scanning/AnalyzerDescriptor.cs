using Bulwark.Core.Findings;

namespace Bulwark.Scanning;

/// <summary>What an analyzer may do; the runner enforces them (an offline scan refuses <see cref="NeedsNetwork"/>).</summary>
[Flags]
public enum AnalyzerCapabilities
{
    None = 0,
    NeedsNetwork = 1,
    RunsUntrustedCode = 2,
    /// <summary>Reads more than the working tree (git history, package caches).</summary>
    ReadsOutsideTree = 4,
}

/// <summary>
/// The public face of an analyzer: its short name (used by the CLI, config and reports), version
/// (keys any cache), the report type it fills, and what files it wants, in words for <c>bulwark analyzers</c>.
/// </summary>
public sealed record AnalyzerDescriptor(
    string Name,
    string Version,
    string Description,
    ReportType ReportType,
    string FilesWanted,
    AnalyzerCapabilities Capabilities = AnalyzerCapabilities.None);
