using Bulwark.Scanning.Walk;

namespace Bulwark.Scanning;

/// <summary>
/// A regular file found by the walk. <see cref="RelativePath"/> uses '/' on every OS. <see cref="Length"/> is the
/// size when the walk listed it, or -1 when the walk did not measure sizes (<see cref="WorkspaceOptions.MeasureSizes"/>).
/// </summary>
public sealed record WorkspaceEntry
{
    // The walk lists many more files than analyzers open: their OS paths are made on first use, not for every file.
    private readonly WalkContext? _walk;
    private string? _fullPath;

    public WorkspaceEntry(string fullPath, string relativePath, long length)
    {
        _fullPath = fullPath;
        RelativePath = relativePath;
        Length = length;
    }

    internal WorkspaceEntry(WalkContext walk, string relativePath, long length)
    {
        _walk = walk;
        RelativePath = relativePath;
        Length = length;
    }

    /// <summary>The file's OS path (absolute when the workspace root is).</summary>
    public string FullPath => _fullPath ??= _walk!.FullPath(RelativePath);

    public string RelativePath { get; }

    public long Length { get; }

    /// <summary>The file name without directories.</summary>
    public string Name => System.IO.Path.GetFileName(RelativePath);

    /// <summary>The extension with its dot, lower-case (".json"), or empty.</summary>
    public string Extension => System.IO.Path.GetExtension(RelativePath).ToLowerInvariant();

    public bool Equals(WorkspaceEntry? other) =>
        other is not null && Length == other.Length
        && string.Equals(RelativePath, other.RelativePath, StringComparison.Ordinal)
        && string.Equals(FullPath, other.FullPath, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(RelativePath, Length);
}
