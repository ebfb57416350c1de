using Bulwark.Scanning.Walk;
using Microsoft.Win32.SafeHandles;

namespace Bulwark.Scanning;

/// <summary>
/// A file the runner opened to read whole. On Linux it is a plain descriptor from libc: opening, sizing, reading and
/// closing are four system calls, where a .NET file handle adds an advisory lock, its release and two stat calls —
/// per file of a tree of tens of thousands, a few percent of a scan. Elsewhere it is a .NET file handle.
/// </summary>
internal readonly struct ScannedFile : IDisposable
{
    private readonly int _descriptor;
    private readonly SafeFileHandle? _handle;

    private ScannedFile(int descriptor, SafeFileHandle? handle)
    {
        _descriptor = descriptor;
        _handle = handle;
    }

    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static ScannedFile Open(string path)
    {
        if (!LinuxFileSystem.IsSupported)
        {
            return new ScannedFile(-1, File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        }

        var descriptor = LinuxFileSystem.OpenForReading(path, out var error);
        return descriptor >= 0 ? new ScannedFile(descriptor, null) : throw Failure(error);
    }

    /// <summary>The file's size now, through the open file: what is read, even if the file changed since it was listed.</summary>
    public long Length()
    {
        if (_handle is not null)
        {
            return RandomAccess.GetLength(_handle);
        }

        var length = LinuxFileSystem.Length(_descriptor, out var error);
        return length >= 0 ? length : throw Failure(error);
    }

    /// <summary>Reads at <paramref name="offset"/>; 0 at the end of the file.</summary>
    public int Read(Span<byte> buffer, long offset)
    {
        if (_handle is not null)
        {
            return RandomAccess.Read(_handle, buffer, offset);
        }

        var read = LinuxFileSystem.ReadAt(_descriptor, buffer, offset, out var error);
        return read >= 0 ? read : throw Failure(error);
    }

    public void Dispose()
    {
        if (_handle is not null)
        {
            _handle.Dispose();
        }
        else if (_descriptor >= 0)
        {
            LinuxFileSystem.CloseDescriptor(_descriptor);
        }
    }

    // EPERM and EACCES say the file may not be read, as .NET's own UnauthorizedAccessException does.
    private static Exception Failure(int error) => error is 1 or 13
        ? new UnauthorizedAccessException(LinuxFileSystem.Describe(error))
        : new IOException(LinuxFileSystem.Describe(error));
}
