using Bulwark.Core;

namespace Bulwark.Scanning;

/// <summary>Options of the walk.</summary>
public sealed record WorkspaceOptions
{
    /// <summary>Extra glob patterns (gitignore syntax) to leave out, from <c>--exclude</c>.</summary>
    public IReadOnlyList<string> Excludes { get; init; } = [];

    /// <summary>Honour <c>.gitignore</c> files (and <c>.git/info/exclude</c>).</summary>
    public bool RespectGitIgnore { get; init; } = true;
}

/// <summary>
/// One walk of a tree. PLACEHOLDER implementation: to be replaced by the full gitignore-aware walker.
/// </summary>
public sealed class Workspace
{
    private readonly List<ScanWarning> _warnings = [];
    private long _files;
    private long _bytes;

    public Workspace(string root, WorkspaceOptions? options = null)
    {
        Root = Path.GetFullPath(root);
        Options = options ?? new WorkspaceOptions();
    }

    public string Root { get; }

    public WorkspaceOptions Options { get; }

    public IReadOnlyList<ScanWarning> Warnings => _warnings;

    public WalkStatistics Statistics => new(_files, _bytes, 0, 0, 0, 0);

    public IEnumerable<WorkspaceEntry> Enumerate(CancellationToken cancellationToken = default)
    {
        foreach (var path in Directory.EnumerateFiles(Root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = Path.GetRelativePath(Root, path).Replace('\\', '/');
            if (relative.StartsWith(".git/", StringComparison.Ordinal))
            {
                continue;
            }

            var length = new FileInfo(path).Length;
            _files++;
            _bytes += length;
            yield return new WorkspaceEntry(path, relative, length);
        }
    }
}
