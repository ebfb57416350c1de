using Bulwark.Core;

namespace Bulwark.Analyzers.Secrets.Sources;

/// <summary>How much a source read: the figures behind throughput claims and the summary line.</summary>
public sealed record SourceStatistics(
    long Commits,
    long Files,
    long BinaryFiles,
    long AddedLines,
    long AddedBytes,
    TimeSpan Elapsed);

/// <summary>What one source found: leaks in a stable order, warnings naming what was skipped and why.</summary>
public sealed record SourceScan(
    IReadOnlyList<Leak> Leaks,
    IReadOnlyList<ScanWarning> Warnings,
    SourceStatistics Statistics);

/// <summary>The one order leaks are listed in: by commit date, commit, file, position, rule.</summary>
public static class LeakOrder
{
    public static List<Leak> Sort(IEnumerable<Leak> leaks) =>
    [
        .. leaks
            .OrderBy(l => l.Commit.Date ?? DateTimeOffset.MinValue)
            .ThenBy(l => l.Commit.Sha, StringComparer.Ordinal)
            .ThenBy(l => l.File, StringComparer.Ordinal)
            .ThenBy(l => l.StartLine)
            .ThenBy(l => l.StartColumn)
            .ThenBy(l => l.RuleId, StringComparer.Ordinal)
            .ThenBy(l => l.Decoded, StringComparer.Ordinal)
            .DistinctBy(l => (l.Commit.Sha, l.File, l.StartLine, l.StartColumn, l.RuleId, l.Secret)),
    ];
}
