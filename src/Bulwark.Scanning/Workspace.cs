using Bulwark.Core;
using Bulwark.Scanning.Walk;

namespace Bulwark.Scanning;

/// <summary>Options of the walk.</summary>
public sealed record WorkspaceOptions
{
    /// <summary>Extra glob patterns (gitignore syntax, relative to the root) to leave out, from <c>--exclude</c>.</summary>
    public IReadOnlyList<string> Excludes { get; init; } = [];

    /// <summary>Honour <c>.gitignore</c> files (and <c>.git/info/exclude</c>).</summary>
    public bool RespectGitIgnore { get; init; } = true;

    /// <summary>Honour <c>.bulwarkignore</c> files.</summary>
    public bool RespectBulwarkIgnore { get; init; } = true;

    /// <summary>
    /// Threads that read directories ahead of the consumer (which keeps reading too). Null picks one per
    /// spare core, at most three; 0 reads everything on the consumer's thread.
    /// </summary>
    public int? ReadAheadThreads { get; init; }

    /// <summary>
    /// Size every file as it is listed (one <c>stat</c> per file). Off, entries carry a length of -1 and
    /// <c>BytesSeen</c> stays 0: a directory listing gives names and types only, and whoever opens the file learns
    /// its size from the handle anyway, so the scan runner turns this off.
    /// </summary>
    public bool MeasureSizes { get; init; } = true;
}

/// <summary>
/// One walk of a tree: every regular file under <see cref="Root"/>, depth first with names in ordinal order,
/// minus what the ignore rules leave out (see docs/scanning.md). Entries stream out as directories are read,
/// so memory stays flat however large the tree. Problems (unreadable directories, broken links, loops) become
/// <see cref="Warnings"/>; <see cref="Enumerate"/> itself only throws on cancellation.
/// </summary>
public sealed class Workspace
{
    private readonly DirectoryReader _reader;
    private readonly List<ScanWarning> _warnings = [];
    private long _files;
    private long _bytes;
    private long _ignored;
    private long _unreadable;

    public Workspace(string root, WorkspaceOptions? options = null)
        : this(root, options, DirectoryReader.Default)
    {
    }

    internal Workspace(string root, WorkspaceOptions? options, DirectoryReader reader)
    {
        var full = Path.GetFullPath(root);
        Root = Path.GetPathRoot(full) == full ? full : Path.TrimEndingDirectorySeparator(full);
        Options = options ?? new WorkspaceOptions();
        _reader = reader;
    }

    public string Root { get; }

    public WorkspaceOptions Options { get; }

    /// <summary>What the last walk could not read or chose not to follow, in walk order.</summary>
    public IReadOnlyList<ScanWarning> Warnings => _warnings;

    /// <summary>
    /// Counts of the last walk. <c>FilesIgnored</c> counts entries left out by an ignore rule, files and
    /// directories alike (an ignored directory counts once: what is inside it is never looked at).
    /// <c>UnreadableFiles</c> counts files, directories and links that could not be read.
    /// Binary and oversized files are the runner's to count.
    /// </summary>
    public WalkStatistics Statistics => new(_files, _bytes, _ignored, 0, 0, _unreadable);

    /// <summary>
    /// Walks the tree, handing out files as they are found. Each call walks anew and resets
    /// <see cref="Warnings"/> and <see cref="Statistics"/>; calls must not overlap.
    /// </summary>
    public IEnumerable<WorkspaceEntry> Enumerate(CancellationToken cancellationToken = default)
    {
        _warnings.Clear();
        _files = _bytes = _ignored = _unreadable = 0;
        var context = new WalkContext(Root, Options, _reader);
        using var readAhead = ReadAheadThreads() is > 0 and var threads ? new ReadAhead(context, threads) : null;
        var path = new Stack<Frame>();
        path.Push(Enter(new DirectoryScan(null, "", context.RealRoot, context.BaseScope), context, readAhead));
        while (path.TryPeek(out var frame))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var items = frame.Scan.Items;
            if (frame.Next == items.Length)
            {
                frame.Scan.Release();
                path.Pop();
                continue;
            }

            var item = items[frame.Next++];
            if (item.Directory is { } directory)
            {
                path.Push(Enter(directory, context, readAhead));
                continue;
            }

            var file = item.File!;
            _files++;
            if (file.Length > 0)
            {
                _bytes += file.Length;
            }

            yield return file;
        }
    }

    private Frame Enter(DirectoryScan scan, WalkContext context, ReadAhead? readAhead)
    {
        ReadAhead.Complete(scan, context, readAhead);
        scan.Fault?.Throw();
        if (scan.Warnings is { } warnings)
        {
            _warnings.AddRange(warnings);
        }

        _ignored += scan.Ignored;
        _unreadable += scan.Unreadable;
        return new Frame(scan);
    }

    private int ReadAheadThreads() =>
        Options.ReadAheadThreads ?? Math.Clamp(Environment.ProcessorCount - 1, 0, 3);

    private sealed class Frame(DirectoryScan scan)
    {
        public DirectoryScan Scan { get; } = scan;

        public int Next { get; set; }
    }
}
