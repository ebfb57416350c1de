using System.Buffers.Binary;
using System.Text;

namespace Bulwark.Scanning.Walk;

/// <summary>
/// Lists directories with getdents64 (names and types in bulk, no per-entry call) and sizes files with statx
/// relative to the open directory.
/// </summary>
internal sealed class LinuxDirectoryReader : DirectoryReader
{
    public override OpenDirectory? Open(string fullPath, out string? error)
    {
        var fd = LinuxFileSystem.OpenForReading(fullPath, out var errno);
        if (fd < 0)
        {
            error = LinuxFileSystem.Describe(errno);
            return null;
        }

        error = null;
        return new LinuxOpenDirectory(fd);
    }

    public override bool TryStatTarget(string fullPath, out EntryKind kind, out long length, out string? error)
    {
        if (LinuxFileSystem.TryStat(LinuxFileSystem.CurrentDirectory, fullPath, follow: true, out kind, out length, out var errno))
        {
            error = null;
            return true;
        }

        error = LinuxFileSystem.Describe(errno);
        return false;
    }

    private sealed class LinuxOpenDirectory(int fd) : OpenDirectory
    {
        // linux_dirent64: u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, char d_name[] (NUL-terminated).
        private const int RecordLengthOffset = 16;
        private const int TypeOffset = 18;
        private const int NameOffset = 19;

        [ThreadStatic]
        private static byte[]? t_buffer;

        private int _fd = fd;

        public override string? ReadAll(string relativePrefix, List<ListedEntry> entries)
        {
            var buffer = t_buffer ??= new byte[64 * 1024];
            while (true)
            {
                var read = LinuxFileSystem.ReadEntries(_fd, buffer, out var errno);
                if (read == 0)
                {
                    return null;
                }

                if (read < 0)
                {
                    return LinuxFileSystem.Describe(errno);
                }

                for (var offset = 0; offset < read;)
                {
                    var record = buffer.AsSpan(offset);
                    var recordLength = BinaryPrimitives.ReadUInt16LittleEndian(record[RecordLengthOffset..]);
                    var name = record[NameOffset..recordLength];
                    name = name[..name.IndexOf((byte)0)];
                    var nameStart = offset + NameOffset;
                    offset += recordLength;
                    if (name is [(byte)'.'] or [(byte)'.', (byte)'.'])
                    {
                        continue;
                    }

                    var kind = record[TypeOffset] switch
                    {
                        8 => EntryKind.File, // DT_REG
                        4 => EntryKind.Directory, // DT_DIR
                        10 => EntryKind.SymbolicLink, // DT_LNK
                        0 => EntryKind.Unknown, // DT_UNKNOWN
                        _ => EntryKind.Special,
                    };
                    entries.Add(new ListedEntry(Join(relativePrefix, buffer, nameStart, name.Length), kind, -1));
                }
            }
        }

        public override bool TryStat(ReadOnlySpan<char> name, out EntryKind kind, out long length, out string? error)
        {
            if (LinuxFileSystem.TryStat(_fd, name, follow: false, out kind, out length, out var errno))
            {
                error = null;
                return true;
            }

            error = LinuxFileSystem.Describe(errno);
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (_fd >= 0)
            {
                LinuxFileSystem.CloseDescriptor(_fd);
                _fd = -1;
            }
        }

        private static string Join(string prefix, byte[] buffer, int start, int length)
        {
            // One allocation per name: the prefix and the decoded name written straight into the string.
            var name = buffer.AsSpan(start, length);
            var chars = Ascii.IsValid(name) ? length : Encoding.UTF8.GetCharCount(name);
            return string.Create(prefix.Length + chars, (prefix, buffer, start, length), static (span, state) =>
            {
                state.prefix.CopyTo(span);
                Encoding.UTF8.GetChars(state.buffer.AsSpan(state.start, state.length), span[state.prefix.Length..]);
            });
        }
    }
}
