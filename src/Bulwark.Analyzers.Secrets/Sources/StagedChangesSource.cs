using System.Collections.Concurrent;
using System.Diagnostics;
using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Sources;

/// <summary>
/// The pre-commit source: the lines added by what is staged (<c>git diff --cached -U0</c>), nothing else —
/// the tree is never walked, so the cost follows the size of the change, not of the repository.
/// Findings carry the working-tree commit (<c>0000000</c>) and gitleaks' commit-less fingerprint <c>file:rule:line</c>.
/// </summary>
public sealed class StagedChangesSource
{
    private readonly string _directory;
    private readonly bool _staged;

    /// <param name="directory">Anywhere in the repository.</param>
    /// <param name="staged">False scans the changes not staged yet (<c>git diff</c>) instead, as <c>gitleaks protect</c> does without <c>--staged</c>.</param>
    public StagedChangesSource(string directory, bool staged = true)
    {
        _directory = Path.GetFullPath(directory);
        _staged = staged;
    }

    public static IReadOnlyList<string> DiffArguments(bool staged) =>
        ["diff", .. staged ? new[] { "--cached" } : [], .. GitCommand.PatchOptions, "--diff-filter=ACMRT"];

    public SourceScan Scan(LeakScanner scanner, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var leaks = new List<Leak>();
        var warnings = new List<ScanWarning>();
        var collector = new AddedTextCollector(
            piece =>
            {
                try
                {
                    leaks.AddRange(scanner.Scan(piece));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    warnings.Add(new ScanWarning($"could not scan: {e.GetType().Name}: {e.Message}", piece.Path, "secrets", WarningLevel.Error));
                }
            },
            Commit.WorkingTree);

        try
        {
            // A small diff is scanned on this thread as it streams: no workers to start for a 20-line change.
            GitCommand.Stream(_directory, DiffArguments(_staged), stdout => new GitPatchParser(collector).Parse(stdout, cancellationToken), cancellationToken);
        }
        catch (GitSourceException e) when (e.Message.Contains("not a git repository", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("outside repository", StringComparison.OrdinalIgnoreCase))
        {
            throw new GitSourceException($"'{_directory}' is not a git repository: protect needs one", isUsageError: true);
        }

        return new SourceScan(LeakOrder.Sort(leaks), warnings,
            new SourceStatistics(0, collector.Files, collector.BinaryFiles, collector.AddedLines, collector.AddedBytes, Stopwatch.GetElapsedTime(started)));
    }
}
