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
/// Scans the lines each commit added, once, over the whole history or a range, without ever holding the log.
/// Two git pipelines run side by side, each on its own thread, feeding one bounded queue of
/// <see cref="AddedText"/> pieces that the detector workers drain:
/// <list type="bullet">
/// <item>files a commit added: <c>git log --raw --diff-filter=A</c> names them, <c>git cat-file --batch</c>
/// hands their blobs over whole (<see cref="AddedBlobReader"/>) — far cheaper for git than printing them
/// as patch lines, and most of a history's added bytes are new files;</item>
/// <item>files a commit changed: <c>git log -p -U0 --diff-filter=MRCT</c>, parsed incrementally by
/// <see cref="GitPatchParser"/>, only the <c>+</c> lines kept with their new-file line numbers.</item>
/// </list>
/// Merges: git shows no diff for a merge by default; we ask for dense combined diffs (<c>--cc</c>) and keep
/// only lines that are new to every parent — what a conflict resolution or an "evil merge" added — because
/// lines taken from a parent were already scanned in the commit that added them.
/// Renames are detected (<c>-M</c>): a moved file is not rescanned, its edits are reported under the new path.
/// </summary>
public sealed class GitHistorySource
{
    private readonly string _directory;

    public GitHistorySource(string directory) => _directory = Path.GetFullPath(directory);

    /// <summary>The git commands a history scan runs (for documentation and <c>--verbose</c>).</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Commands(IReadOnlyList<string> logOptions) =>
    [
        AddedFilesArguments(logOptions), ChangedFilesArguments(logOptions, merges: false), ChangedFilesArguments(logOptions, merges: true),
    ];

    private static IReadOnlyList<string> Range(IReadOnlyList<string> logOptions) => logOptions.Count == 0 ? ["--all"] : logOptions;

    private static IReadOnlyList<string> AddedFilesArguments(IReadOnlyList<string> logOptions) =>
    [
        "log", "--raw", "--no-abbrev", "--no-color", "-M", "--no-merges", "--full-history", "--diff-filter=A",
        $"--format={GitPatchParser.LogFormat}", .. Range(logOptions),
    ];

    /// <summary>Changed files of every commit, or (<paramref name="merges"/>) files merges added that no parent had.</summary>
    private static IReadOnlyList<string> ChangedFilesArguments(IReadOnlyList<string> logOptions, bool merges) =>
    [
        "log", "-p", .. GitCommand.PatchOptions, "--cc", "--full-history", merges ? "--merges" : "--diff-filter=MRCT",
        .. merges ? new[] { "--diff-filter=A" } : [], $"--format={GitPatchParser.LogFormat}", .. Range(logOptions),
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
        var archiveBlobs = new ConcurrentQueue<(Commit Commit, string Path)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var queue = new BlockingCollection<AddedText>(Math.Max(2, options.Workers * 2));
        var workers = StartWorkers(queue, scanner, leaks, warnings, Math.Max(1, options.Workers), stop.Token);
        void Emit(AddedText piece) => queue.Add(piece, stop.Token);

        var archives = options.Archives;
        var seen = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        Commit CommitOf(CommitHeader header)
        {
            seen.TryAdd(header.Sha, 0);
            return AddedTextCollector.CommitOf(header);
        }

        var added = new AddedTextCollector(Emit, Commit.WorkingTree, pieceLimit: options.PieceLimit);
        var changed = new AddedTextCollector(Emit, Commit.WorkingTree, CommitOf,
            onBinary: archives is null ? null : (commit, path) =>
            {
                if (archives.IsArchive(path))
                {
                    archiveBlobs.Enqueue((commit, path));
                }
            },
            pieceLimit: options.PieceLimit);

        var additions = Task.Factory.StartNew(() =>
        {
            using var blobs = new AddedBlobReader(_directory, added, CommitOf, archives,
                (commit, path, bytes) => ScanArchive(archives!, scanner, commit, path, bytes, leaks, warnings, stop.Token));
            GitCommand.Stream(_directory, AddedFilesArguments(options.LogOptions), stdout => new GitPatchParser(blobs).Parse(stdout, stop.Token), stop.Token);
            blobs.Complete();
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var changes = Task.Factory.StartNew(() =>
        {
            GitCommand.Stream(_directory, ChangedFilesArguments(options.LogOptions, merges: false), stdout => new GitPatchParser(changed).Parse(stdout, stop.Token), stop.Token);
            GitCommand.Stream(_directory, ChangedFilesArguments(options.LogOptions, merges: true), stdout => new GitPatchParser(changed).Parse(stdout, stop.Token), stop.Token);
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            WaitBoth(additions, changes, stop);
        }
        finally
        {
            queue.CompleteAdding();
            Task.WaitAll(workers, CancellationToken.None);
        }

        if (archives is not null)
        {
            foreach (var (commit, path) in archiveBlobs)
            {
                ScanArchiveFromHistory(archives, scanner, commit, path, leaks, warnings, cancellationToken);
            }
        }

        return new SourceScan(
            LeakOrder.Sort(leaks),
            [.. warnings],
            new SourceStatistics(seen.Count, added.Files + changed.Files, added.BinaryFiles + changed.BinaryFiles,
                added.AddedLines + changed.AddedLines, added.AddedBytes + changed.AddedBytes, Stopwatch.GetElapsedTime(started)));
    }

    /// <summary>Waits for both pipelines; the first failure stops the other and is the one reported.</summary>
    private static void WaitBoth(Task first, Task second, CancellationTokenSource stop)
    {
        try
        {
            Task.WaitAny([first, second], CancellationToken.None);
            if (first.IsFaulted || second.IsFaulted)
            {
                stop.Cancel();
            }

            Task.WaitAll([first, second], CancellationToken.None);
        }
        catch (AggregateException e)
        {
            var failures = e.Flatten().InnerExceptions;
            throw failures.FirstOrDefault(x => x is GitSourceException)
                ?? failures.FirstOrDefault(x => x is not OperationCanceledException)
                ?? failures[0];
        }
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
                    piece.Release();
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
                finally
                {
                    piece.Release();
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)),
    ];

    private static void ScanArchive(ArchiveScanner archives, LeakScanner scanner, Commit commit, string path, byte[] bytes,
        ConcurrentBag<Leak> leaks, ConcurrentQueue<ScanWarning> warnings, CancellationToken cancellationToken)
    {
        var result = archives.Scan(bytes, path, scanner, commit, cancellationToken);
        foreach (var leak in result.Leaks)
        {
            leaks.Add(leak);
        }

        foreach (var warning in result.Warnings)
        {
            warnings.Enqueue(warning);
        }
    }

    /// <summary>An archive a commit changed (not added): read back from the commit.</summary>
    private void ScanArchiveFromHistory(ArchiveScanner archives, LeakScanner scanner, Commit commit, string path, ConcurrentBag<Leak> leaks,
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
