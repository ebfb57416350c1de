using System.Text;

namespace Bulwark.Scanning;

/// <summary>
/// A file's bytes, read once and shared by every analyzer that wants it. The text views are decoded
/// from UTF-8 at most once (invalid sequences become U+FFFD, so the rest of the file is still scanned;
/// a byte order mark is left out). Buffers are pooled: nothing here may be kept after
/// <see cref="IAnalyzer.Analyze"/> returns.
/// </summary>
public sealed class FileContent
{
    private readonly Lock _decodeLock = new();
    private readonly FileBuffers? _buffers;
    private string? _text;
    private char[]? _chars;
    private int _charCount;
    private bool _released;

    public FileContent(WorkspaceEntry entry, ReadOnlyMemory<byte> bytes, bool isBinary)
    {
        Entry = entry;
        Bytes = bytes;
        IsBinary = isBinary;
    }

    /// <param name="buffers">The scan worker's buffers, which <see cref="Chars"/> decodes into.</param>
    internal FileContent(WorkspaceEntry entry, ReadOnlyMemory<byte> bytes, bool isBinary, FileBuffers buffers)
        : this(entry, bytes, isBinary)
    {
        _buffers = buffers;
    }

    public WorkspaceEntry Entry { get; }

    public ReadOnlyMemory<byte> Bytes { get; }

    public bool IsBinary { get; }

    /// <summary>The content as a string, decoded once on first use.</summary>
    public string Text
    {
        get
        {
            if (_text is { } text)
            {
                return text;
            }

            lock (_decodeLock)
            {
                _text ??= _chars is { } chars ? new string(chars, 0, _charCount) : Encoding.UTF8.GetString(WithoutByteOrderMark(Bytes.Span));
                return _text;
            }
        }
    }

    /// <summary>
    /// The content as chars, decoded once on first use into a buffer the scan reuses for its next file: for
    /// analyzers that read every file and keep nothing of most, a tree's worth of strings (and of large-object
    /// heap) is never allocated. Valid only during <see cref="IAnalyzer.Analyze"/>.
    /// </summary>
    public ReadOnlyMemory<char> Chars
    {
        get
        {
            lock (_decodeLock)
            {
                ObjectDisposedException.ThrowIf(_released, this);
                if (_text is { } text)
                {
                    return text.AsMemory();
                }

                if (_chars is null)
                {
                    var bytes = WithoutByteOrderMark(Bytes.Span);
                    var capacity = Encoding.UTF8.GetMaxCharCount(bytes.Length);
                    _chars = _buffers?.Chars(capacity) ?? new char[capacity];
                    _charCount = Encoding.UTF8.GetChars(bytes, _chars);
                }

                return _chars.AsMemory(0, _charCount);
            }
        }
    }

    public static bool LooksBinary(ReadOnlySpan<byte> head) =>
        head[..Math.Min(head.Length, ScanDefaults.BinarySniffLength)].IndexOf((byte)0) >= 0;

    /// <summary>Ends the use of the reused buffers; called by the runner once every analyzer is done with the file.</summary>
    internal void Release()
    {
        lock (_decodeLock)
        {
            _released = true;
            _chars = null;
        }
    }

    private static ReadOnlySpan<byte> WithoutByteOrderMark(ReadOnlySpan<byte> bytes)
    {
        // Skipped so offsets match what editors show.
        ReadOnlySpan<byte> byteOrderMark = [0xEF, 0xBB, 0xBF];
        return bytes.StartsWith(byteOrderMark) ? bytes[3..] : bytes;
    }
}
