using System.IO.Enumeration;
using System.Runtime.InteropServices;

namespace Bulwark.Scanning.Walk;

/// <summary>
/// Lists directories with .NET's <see cref="FileSystemEnumerator{TResult}"/>: on Windows the listing carries
/// sizes and attributes for free; elsewhere .NET stats each entry. Used where the Linux calls are not available.
/// </summary>
internal sealed class PortableDirectoryReader : DirectoryReader
{
    private static readonly EnumerationOptions Options = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    public override OpenDirectory? Open(string fullPath, out string? error)
    {
        error = null;
        return new PortableOpenDirectory(fullPath);
    }

    public override bool TryStatTarget(string fullPath, out EntryKind kind, out long length, out string? error)
    {
        length = 0;
        error = null;
        try
        {
            if (Directory.Exists(fullPath))
            {
                kind = EntryKind.Directory;
                return true;
            }

            var file = new FileInfo(fullPath);
            if (file.Exists)
            {
                kind = EntryKind.File;
                length = file.Length;
                return true;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e.Message;
        }

        kind = EntryKind.Unknown;
        error ??= "No such file or directory";
        return false;
    }

    private sealed class PortableOpenDirectory(string fullPath) : OpenDirectory
    {
        public override string? ReadAll(string relativePrefix, List<ListedEntry> entries)
        {
            using var enumerator = new EntryEnumerator(fullPath, relativePrefix);
            while (enumerator.MoveNext())
            {
                entries.Add(enumerator.Current);
            }

            return enumerator.Error is { } error ? Marshal.GetPInvokeErrorMessage(error) : null;
        }

        public override bool TryStat(ReadOnlySpan<char> name, out EntryKind kind, out long length, out string? error)
        {
            var path = Path.Join(fullPath, name);
            try
            {
                var info = new FileInfo(path);
                var attributes = info.Attributes;
                if ((int)attributes == -1)
                {
                    throw new FileNotFoundException("No such file or directory", path);
                }

                kind = (attributes & FileAttributes.ReparsePoint) != 0 ? EntryKind.SymbolicLink
                    : (attributes & FileAttributes.Directory) != 0 ? EntryKind.Directory
                    : EntryKind.File;
                length = kind == EntryKind.File ? info.Length : 0;
                error = null;
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                kind = EntryKind.Unknown;
                length = 0;
                error = e.Message;
                return false;
            }
        }
    }

    private sealed class EntryEnumerator(string directory, string relativePrefix)
        : FileSystemEnumerator<ListedEntry>(directory, Options)
    {
        public int? Error { get; private set; }

        protected override bool ContinueOnError(int error)
        {
            Error = error;
            return true;
        }

        protected override ListedEntry TransformEntry(ref FileSystemEntry entry)
        {
            var path = string.Concat(relativePrefix, entry.FileName);
            var attributes = entry.Attributes;
            if ((attributes & FileAttributes.ReparsePoint) != 0)
            {
                return new ListedEntry(path, EntryKind.SymbolicLink, -1);
            }

            return entry.IsDirectory
                ? new ListedEntry(path, EntryKind.Directory, -1)
                : new ListedEntry(path, EntryKind.File, entry.Length);
        }
    }
}
