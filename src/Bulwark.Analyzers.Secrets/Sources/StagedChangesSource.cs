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

    /// <summary>Diffs bigger than this are scanned as they stream, with every rule, instead of collected first.</summary>
    public const int CollectLimit = 4 * 1024 * 1024;

    public SourceScan Scan(LeakScanner scanner, CancellationToken cancellationToken = default) => Scan(_ => scanner, cancellationToken);

    /// <summary>
    /// Reads the diff, then asks <paramref name="scannerFor"/> for a scanner given its added text (null when
    /// the diff was too big to collect), so a small change compiles only the rules it can match.
    /// </summary>
    public SourceScan Scan(Func<IReadOnlyList<string>?, LeakScanner> scannerFor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scannerFor);
        var started = Stopwatch.GetTimestamp();
        var pieces = new PieceGate(scannerFor);
        var collector = new AddedTextCollector(pieces.Add, Commit.WorkingTree);
        try
        {
            // A small diff is scanned on this thread: no workers to start for a 20-line change.
            GitCommand.Stream(_directory, DiffArguments(_staged), stdout => new GitPatchParser(collector).Parse(stdout, cancellationToken), cancellationToken);
        }
        catch (GitSourceException e) when (e.Message.Contains("not a git repository", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("outside repository", StringComparison.OrdinalIgnoreCase))
        {
            throw new GitSourceException($"'{_directory}' is not a git repository: protect needs one", isUsageError: true);
        }

        pieces.Complete();
        return new SourceScan(LeakOrder.Sort(pieces.Leaks), pieces.Warnings,
            new SourceStatistics(0, collector.Files, collector.BinaryFiles, collector.AddedLines, collector.AddedBytes, Stopwatch.GetElapsedTime(started)));
    }
}

/// <summary>Holds pieces back until the input is known to be small (or is not), then scans them all with one scanner.</summary>
internal sealed class PieceGate(Func<IReadOnlyList<string>?, LeakScanner> scannerFor)
{
    private readonly List<AddedText> _held = [];
    private long _heldChars;
    private LeakScanner? _scanner;

    public List<Leak> Leaks { get; } = [];

    public List<ScanWarning> Warnings { get; } = [];

    public void Add(AddedText piece)
    {
        if (_scanner is null)
        {
            _held.Add(piece);
            _heldChars += piece.Text.Length;
            if (_heldChars <= StagedChangesSource.CollectLimit)
            {
                return;
            }

            _scanner = scannerFor(null);
            Release();
            return;
        }

        Scan(piece);
    }

    public void Complete()
    {
        _scanner ??= scannerFor([.. _held.Select(p => p.Text.ToString())]);
        Release();
        Warnings.AddRange(_scanner.Warnings);
    }

    private void Release()
    {
        foreach (var held in _held)
        {
            Scan(held);
        }

        _held.Clear();
    }

    private void Scan(AddedText piece)
    {
        try
        {
            Leaks.AddRange(_scanner!.Scan(piece));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Warnings.Add(new ScanWarning($"could not scan: {e.GetType().Name}: {e.Message}", piece.Path, "secrets", WarningLevel.Error));
        }
        finally
        {
            piece.Release();
        }
    }
}
