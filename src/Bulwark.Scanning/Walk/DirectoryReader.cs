namespace Bulwark.Scanning.Walk;

internal enum EntryKind : byte
{
    /// <summary>The listing did not say (some file systems); a stat call will.</summary>
    Unknown,
    File,
    Directory,
    SymbolicLink,

    /// <summary>Named pipe, socket or device: never handed out (reading a pipe would block the scan).</summary>
    Special,
}

/// <summary>One name in a directory listing. <see cref="Length"/> is -1 until known.</summary>
/// <remarks>
/// A class, not a struct: lists and sorts of a reference type run the framework's precompiled shared code, while a
/// struct would have them compiled on the fly at every start of the CLI (ReadyToRun cannot precompile the
/// framework's generics over our own value types).
/// </remarks>
internal sealed record ListedEntry(string RelativePath, EntryKind Kind, long Length);

/// <summary>How the walk lists directories and sizes files on this platform.</summary>
internal abstract class DirectoryReader
{
    public static DirectoryReader Default { get; } =
        LinuxFileSystem.IsSupported ? new LinuxDirectoryReader() : new PortableDirectoryReader();

    /// <summary>Opens a directory; null with the OS error when it cannot be opened.</summary>
    public abstract OpenDirectory? Open(string fullPath, out string? error);

    /// <summary>Kind and size of what an absolute path leads to, following symlinks.</summary>
    public abstract bool TryStatTarget(string fullPath, out EntryKind kind, out long length, out string? error);
}

/// <summary>A directory being read. Disposing releases the OS handle.</summary>
internal abstract class OpenDirectory : IDisposable
{
    /// <summary>
    /// Appends every entry but "." and ".." to <paramref name="entries"/>, with <paramref name="relativePrefix"/>
    /// before each name. Returns the OS error that cut the listing short, if any.
    /// </summary>
    public abstract string? ReadAll(string relativePrefix, List<ListedEntry> entries);

    /// <summary>Kind and size of one entry, not following a symlink.</summary>
    public abstract bool TryStat(ReadOnlySpan<char> name, out EntryKind kind, out long length, out string? error);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
