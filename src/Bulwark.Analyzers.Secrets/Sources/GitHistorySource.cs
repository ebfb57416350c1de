using System.Collections.Concurrent;
using System.Diagnostics;
using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Sources;

/// <summary>Which part of the history to read.</summary>
public sealed record GitHistoryOptions
{
    /// <summary>
    /// Extra <c>git log</c> arguments (<c>--log-opts</c>), e.g. <c>main..HEAD</c> or <c>--since=2024-01-01</c>.
    /// Empty means every commit reachable from any ref (<c>--all</c>).
    /// </summary>
    public IReadOnlyList<string> LogOptions { get; init; } = [];

    /// <summary>Workers running the detector while the stream is parsed; defaults to the core count.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Largest piece of one file's added lines scanned at once (chars).</summary>
    public int PieceLimit { get; init; } = AddedTextCollector.DefaultPieceLimit;

    /// <summary>Binary files added in history that are archives are read back with <c>git cat-file</c> and scanned.</summary>
    public ArchiveScanner? Archives { get; init; }
}

/// <summary>
/// Scans the lines each commit added, once, over the whole history or a range. Streams
/// <c>git log -p -U0</c> through <see cref="GitPatchParser"/> (nothing holds the whole log), groups each
/// commit's added lines per file into bounded pieces and runs the detector on them in parallel.
/// Merges: git shows no diff for a merge by default; we ask for dense combined diffs (<c>--cc</c>) and keep
/// only lines that are new to every parent — what a conflict resolution or an "evil merge" added — because
/// lines taken from a parent were already scanned in the commit that added them.
/// Renames are detected (<c>-M</c>): a moved file is not rescanned, its edits are reported under the new path.
/// </summary>
public sealed class GitHistorySource
{
    private readonly string _directory;

    public GitHistorySource(string directory) => _directory = Path.GetFullPath(directory);

    /// <summary>The <c>git log</c> arguments used (for documentation and <c>--verbose</c>).</summary>
    public static IReadOnlyList<string> LogArguments(IReadOnlyList<string> logOptions) =>
    [
        "log", "-p", .. GitCommand.PatchOptions, "--cc", "--full-history", "--diff-filter=ACMRT",
        $"--format={GitPatchParser.LogFormat}", .. logOptions.Count == 0 ? ["--all"] : logOptions,
    ];

    public SourceScan Scan(LeakScanner scanner, GitHistoryOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new GitHistoryOptions();
        var warnings = new ConcurrentQueue<ScanWarning>();
        var state = GitRepositoryState.Inspect(_directory);
        if (state.IsShallow)
        {
            warnings.Enqueue(new ScanWarning(
                "this is a shallow clone: only the commits present were scanned; fetch the full history (git fetch --unshallow) to scan all of it",
                Level: WarningLevel.Warning, Analyzer: "secrets"));
        }

        var started = Stopwatch.GetTimestamp();
        var leaks = new ConcurrentBag<Leak>();
        var binaries = new ConcurrentQueue<(Commit Commit, string Path)>();
        using var queue = new BlockingCollection<AddedText>(Math.Max(2, options.Workers * 2));
        var workers = StartWorkers(queue, scanner, leaks, warnings, Math.Max(1, options.Workers), cancellationToken);

        var collector = new AddedTextCollector(
            piece => queue.Add(piece, cancellationToken),
            Commit.WorkingTree,
            onBinary: options.Archives is { } archives
                ? (commit, path) =>
                {
                    if (archives.IsArchive(path))
                    {
                        binaries.Enqueue((commit, path));
                    }
                }
                : null,
            pieceLimit: options.PieceLimit);
        try
        {
            GitCommand.Stream(_directory, LogArguments(options.LogOptions),
                stdout => new GitPatchParser(collector).Parse(stdout, cancellationToken), cancellationToken);
        }
        finally
        {
            queue.CompleteAdding();
            Task.WaitAll(workers, CancellationToken.None);
        }

        if (options.Archives is { } archiveScanner)
        {
            foreach (var (commit, path) in binaries)
            {
                ScanArchiveBlob(archiveScanner, scanner, commit, path, leaks, warnings, cancellationToken);
            }
        }

        return new SourceScan(
            LeakOrder.Sort(leaks),
            [.. warnings],
            new SourceStatistics(collector.Commits, collector.Files, collector.BinaryFiles, collector.AddedLines, collector.AddedBytes,
                Stopwatch.GetElapsedTime(started)));
    }

    internal static Task[] StartWorkers(BlockingCollection<AddedText> queue, LeakScanner scanner, ConcurrentBag<Leak> leaks,
        ConcurrentQueue<ScanWarning> warnings, int count, CancellationToken cancellationToken) =>
    [
        .. Enumerable.Range(0, count).Select(_ => Task.Factory.StartNew(() =>
        {
            foreach (var piece in queue.GetConsumingEnumerable(CancellationToken.None))
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    continue;
                }

                try
                {
                    foreach (var leak in scanner.Scan(piece))
                    {
                        leaks.Add(leak);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One bad piece (a rule timing out) must not stop the scan; it is named so it can be reported.
                    var where = piece.Commit.IsWorkingTree ? piece.Path : $"{piece.Path} @ {piece.Commit.Sha[..Math.Min(12, piece.Commit.Sha.Length)]}";
                    warnings.Enqueue(new ScanWarning($"could not scan: {e.GetType().Name}: {e.Message}", where, "secrets", WarningLevel.Error));
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)),
    ];

    private void ScanArchiveBlob(ArchiveScanner archives, LeakScanner scanner, Commit commit, string path, ConcurrentBag<Leak> leaks,
        ConcurrentQueue<ScanWarning> warnings, CancellationToken cancellationToken)
    {
        try
        {
            GitCommand.Stream(_directory, ["cat-file", "blob", $"{commit.Sha}:{path}"], stdout =>
            {
                var result = archives.Scan(stdout, path, scanner, commit, cancellationToken);
                foreach (var leak in result.Leaks)
                {
                    leaks.Add(leak);
                }

                foreach (var warning in result.Warnings)
                {
                    warnings.Enqueue(warning);
                }
            }, cancellationToken);
        }
        catch (GitSourceException e)
        {
            warnings.Enqueue(new ScanWarning($"could not read the archive from history: {e.Message}", path, "secrets"));
        }
    }
}

/// <summary>What git says about a directory before a history scan.</summary>
internal sealed record GitRepositoryState(bool IsShallow)
{
    public static GitRepositoryState Inspect(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new GitSourceException($"'{directory}' is not a directory", isUsageError: true);
        }

        var (output, error) = GitCommand.Run(directory, "rev-parse", "--git-dir", "--is-shallow-repository");
        if (output is null)
        {
            throw new GitSourceException(
                $"'{directory}' is not a git repository ({(error.Length > 0 ? error : "git rev-parse failed")}); " +
                "use --no-git to scan it as a plain directory", isUsageError: true);
        }

        return new GitRepositoryState(output.Contains("true", StringComparison.Ordinal));
    }
}
