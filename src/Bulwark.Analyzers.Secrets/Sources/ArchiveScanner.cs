using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Scanning;

namespace Bulwark.Analyzers.Secrets.Sources;

/// <summary>Bounds that make an archive safe to open in memory, whatever it claims about itself.</summary>
public sealed record ArchiveLimits
{
    /// <summary>Archives inside archives: <c>a.zip!b.jar!c.properties</c> is depth 2.</summary>
    public int MaxDepth { get; init; } = 3;

    /// <summary>Entries looked at per top-level archive, nested ones included.</summary>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>Bytes expanded per top-level archive, nested ones included.</summary>
    public long MaxExpandedBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Largest single entry read (text secrets live in small files).</summary>
    public long MaxEntryBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Expanded-to-compressed ratio above which an entry is treated as a decompression bomb.</summary>
    public double MaxCompressionRatio { get; init; } = 100;

    /// <summary>The largest archive file the working-tree scan reads to open (zip needs it whole).</summary>
    public long MaxArchiveBytes { get; init; } = 128L * 1024 * 1024;
}

/// <summary>
/// Scans the text entries of zip-family archives (zip, jar, war, ear, nupkg, whl, aar, apk) and tarballs
/// (tar, tar.gz, tgz) in memory — nothing is ever written to disk, so an entry named <c>../../etc/passwd</c> or
/// <c>/abs/path</c> is only a label. Findings are reported as <c>archive.zip!inner/path</c>. Every limit in
/// <see cref="ArchiveLimits"/> is enforced while reading, not trusted from headers: an entry that expands past
/// the ratio or the budget is abandoned with a warning naming it, and the scan goes on.
/// </summary>
public sealed class ArchiveScanner
{
    private static readonly string[] ZipExtensions = [".zip", ".jar", ".war", ".ear", ".nupkg", ".snupkg", ".whl", ".aar", ".apk"];
    private static readonly string[] TarExtensions = [".tar"];
    private static readonly string[] GzipTarExtensions = [".tar.gz", ".tgz"];

    public ArchiveScanner(ArchiveLimits? limits = null) => Limits = limits ?? new ArchiveLimits();

    public ArchiveLimits Limits { get; }

    /// <summary>Cheap check on a name only: does this look like an archive we open?</summary>
    public bool IsArchive(string path) => KindOf(path) != ArchiveKind.None;

    /// <summary>Scans an archive read from a stream (a file, a git blob). Zip archives are buffered, up to <see cref="ArchiveLimits.MaxArchiveBytes"/>.</summary>
    public SourceScan Scan(Stream stream, string path, LeakScanner scanner, Commit? commit = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var run = new Run(this, scanner, commit ?? Commit.WorkingTree, cancellationToken);
        var kind = KindOf(path);
        if (kind == ArchiveKind.Zip)
        {
            var (bytes, complete) = ReadBounded(stream, Limits.MaxArchiveBytes);
            if (!complete)
            {
                run.Warn($"archive skipped: larger than {Limits.MaxArchiveBytes} bytes", path);
            }
            else
            {
                run.ScanArchive(bytes, path, kind, depth: 1);
            }
        }
        else if (kind != ArchiveKind.None)
        {
            run.ScanTar(stream, path, kind, depth: 1);
        }

        return run.Result(Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Scans an archive already in memory (the working-tree scan's file content).</summary>
    public SourceScan Scan(ReadOnlyMemory<byte> bytes, string path, LeakScanner scanner, Commit? commit = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var run = new Run(this, scanner, commit ?? Commit.WorkingTree, cancellationToken);
        run.ScanArchive(bytes, path, KindOf(path), depth: 1);
        return run.Result(Stopwatch.GetElapsedTime(started));
    }

    internal static ArchiveKind KindOf(string path)
    {
        var name = path.ToLowerInvariant();
        if (GzipTarExtensions.Any(e => name.EndsWith(e, StringComparison.Ordinal)))
        {
            return ArchiveKind.GzipTar;
        }

        if (TarExtensions.Any(e => name.EndsWith(e, StringComparison.Ordinal)))
        {
            return ArchiveKind.Tar;
        }

        return ZipExtensions.Any(e => name.EndsWith(e, StringComparison.Ordinal)) ? ArchiveKind.Zip : ArchiveKind.None;
    }

    private static (ReadOnlyMemory<byte> Bytes, bool Complete) ReadBounded(Stream stream, long limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return (ReadOnlyMemory<byte>.Empty, false);
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.GetBuffer().AsMemory(0, (int)buffer.Length), true);
    }

    /// <summary>A read-only stream over bytes already in memory, without copying them when they sit in an array.</summary>
    private static MemoryStream OpenRead(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Array is { } array
            ? new MemoryStream(array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);

    internal enum ArchiveKind
    {
        None,
        Zip,
        Tar,
        GzipTar,
    }

    /// <summary>One top-level archive's scan: the shared budgets of entries and expanded bytes.</summary>
    private sealed class Run(ArchiveScanner owner, LeakScanner scanner, Commit commit, CancellationToken cancellationToken)
    {
        private readonly ArchiveLimits _limits = owner.Limits;
        private readonly List<Leak> _leaks = [];
        private readonly List<ScanWarning> _warnings = [];
        private long _expanded;
        private int _entries;
        private long _scanned;
        private long _binary;
        private bool _budgetWarned;
        private bool _stopped;

        public void Warn(string message, string path) => _warnings.Add(new ScanWarning(message, path, "secrets"));

        public SourceScan Result(TimeSpan elapsed) =>
            new(LeakOrder.Sort(_leaks), _warnings, new SourceStatistics(0, _scanned, _binary, 0, _expanded, elapsed));

        public void ScanArchive(ReadOnlyMemory<byte> bytes, string label, ArchiveKind kind, int depth)
        {
            try
            {
                switch (kind)
                {
                    case ArchiveKind.Zip:
                        ScanZip(bytes, label, depth);
                        break;
                    case ArchiveKind.Tar:
                    case ArchiveKind.GzipTar:
                        using (var stream = OpenRead(bytes))
                        {
                            ScanTar(stream, label, kind, depth);
                        }

                        break;
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException or FormatException or NotSupportedException or ArgumentException)
            {
                Warn($"archive could not be read: {e.Message}", label);
            }
        }

        public void ScanTar(Stream input, string label, ArchiveKind kind, int depth)
        {
            var counted = new CountingStream(input);
            try
            {
                using var decompressed = kind == ArchiveKind.GzipTar ? new GZipStream(counted, CompressionMode.Decompress, leaveOpen: true) : (Stream)counted;
                using var reader = new TarReader(decompressed, leaveOpen: true);
                while (reader.GetNextEntry(copyData: false) is { } entry)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile) || entry.DataStream is null)
                    {
                        continue;
                    }

                    if (!TakeEntry(label))
                    {
                        return;
                    }

                    var entryLabel = $"{label}!{entry.Name}";
                    var content = ReadEntry(entry.DataStream, entry.Length, entryLabel,
                        () => kind == ArchiveKind.GzipTar ? counted.BytesRead : 0);
                    if (content is { } bytes)
                    {
                        ScanEntry(bytes, entryLabel, depth);
                    }
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException or FormatException or ArgumentException)
            {
                Warn($"archive could not be read: {e.Message}", label);
            }
        }

        private void ScanZip(ReadOnlyMemory<byte> bytes, string label, int depth)
        {
            using var stream = OpenRead(bytes);
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            foreach (var entry in zip.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (entry.FullName.EndsWith('/'))
                {
                    continue;
                }

                if (!TakeEntry(label))
                {
                    return;
                }

                var entryLabel = $"{label}!{entry.FullName}";
                if (entry.CompressedLength > 0 && entry.Length / (double)entry.CompressedLength > _limits.MaxCompressionRatio)
                {
                    Warn($"entry skipped: compression ratio {entry.Length / (double)entry.CompressedLength:0}:1 exceeds the limit of {_limits.MaxCompressionRatio:0}:1 (possible decompression bomb)", entryLabel);
                    continue;
                }

                try
                {
                    using var data = entry.Open();
                    var compressed = entry.CompressedLength;
                    var content = ReadEntry(data, entry.Length, entryLabel, () => compressed);
                    if (content is { } entryBytes)
                    {
                        ScanEntry(entryBytes, entryLabel, depth);
                    }
                }
                catch (Exception e) when (e is InvalidDataException or IOException)
                {
                    Warn($"entry could not be read: {e.Message}", entryLabel);
                }
            }
        }

        private bool TakeEntry(string label)
        {
            if (_stopped)
            {
                return false;
            }

            if (++_entries <= _limits.MaxEntries)
            {
                return true;
            }

            if (!_budgetWarned)
            {
                Warn($"archive scan stopped: more than {_limits.MaxEntries} entries", label);
                _budgetWarned = true;
            }

            return false;
        }

        /// <summary>
        /// Reads one entry within every budget. Declared sizes are only a first check: the bytes actually produced
        /// are counted against the entry cap, the remaining total and the ratio to the compressed bytes consumed.
        /// </summary>
        private byte[]? ReadEntry(Stream data, long declaredLength, string label, Func<long> compressedSoFar)
        {
            if (declaredLength > _limits.MaxEntryBytes)
            {
                Warn($"entry skipped: {declaredLength} bytes is over the entry cap of {_limits.MaxEntryBytes}", label);
                return null;
            }

            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = data.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (_expanded + read > _limits.MaxExpandedBytes)
                {
                    Warn($"archive scan stopped: more than {_limits.MaxExpandedBytes} bytes expanded (possible decompression bomb)", label);
                    _stopped = true;
                    return null;
                }

                if (buffer.Length + read > _limits.MaxEntryBytes)
                {
                    Warn($"entry skipped: more than {_limits.MaxEntryBytes} bytes", label);
                    return null;
                }

                buffer.Write(chunk, 0, read);
                _expanded += read;
                var compressed = compressedSoFar();
                if (compressed > 0 && buffer.Length > 1024 * 1024 && buffer.Length / (double)compressed > _limits.MaxCompressionRatio)
                {
                    Warn($"entry skipped: expands more than {_limits.MaxCompressionRatio:0}:1 (possible decompression bomb)", label);
                    return null;
                }
            }

            return buffer.ToArray();
        }

        private void ScanEntry(byte[] bytes, string label, int depth)
        {
            var kind = KindOf(label);
            if (kind != ArchiveKind.None)
            {
                if (depth >= _limits.MaxDepth)
                {
                    Warn($"nested archive skipped: deeper than {_limits.MaxDepth} levels", label);
                    return;
                }

                ScanArchive(bytes, label, kind, depth + 1);
                return;
            }

            // The working tree's rules: a NUL byte means binary, UTF-16 with a byte order mark is text.
            if (FileContent.LooksBinary(bytes))
            {
                _binary++;
                return;
            }

            _scanned++;
            var text = FileContent.Decode(bytes);
            _leaks.AddRange(scanner.Scan(text, label, commit));
        }
    }

    /// <summary>Counts the compressed bytes a decompressor has pulled, for the ratio check.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => BytesRead;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            BytesRead += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
