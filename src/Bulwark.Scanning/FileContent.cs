using System.Text;

namespace Bulwark.Scanning;

/// <summary>
/// A file's bytes, read once and shared by every analyzer that wants it. The text views are decoded
/// at most once, from UTF-8 unless a byte order mark says UTF-16 (little or big endian), as Windows tools save
/// text (PowerShell 5's <c>Out-File</c>, .reg exports, some Visual Studio files). Invalid sequences become U+FFFD, so
/// the rest of the file is still scanned; the byte order mark is left out. Buffers are pooled: nothing here may be kept after
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
                _text ??= _chars is { } chars ? new string(chars, 0, _charCount) : Decode(Bytes.Span);
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
                    var encoding = EncodingOf(Bytes.Span, out var byteOrderMark);
                    var bytes = Bytes.Span[byteOrderMark..];
                    var capacity = encoding.GetMaxCharCount(bytes.Length);
                    _chars = _buffers?.Chars(capacity) ?? new char[capacity];
                    _charCount = encoding.GetChars(bytes, _chars);
                }

                return _chars.AsMemory(0, _charCount);
            }
        }
    }

    /// <summary>
    /// Binary when the first 8 KiB hold a NUL byte (git's rule), except in UTF-16 text with a byte order mark,
    /// whose ASCII chars all carry one: there, binary means a NUL char (a zero code unit).
    /// </summary>
    public static bool LooksBinary(ReadOnlySpan<byte> head)
    {
        head = head[..Math.Min(head.Length, ScanDefaults.BinarySniffLength)];
        if (EncodingOf(head, out var byteOrderMark) is UnicodeEncoding)
        {
            for (var i = byteOrderMark; i + 1 < head.Length; i += 2)
            {
                if (head[i] == 0 && head[i + 1] == 0)
                {
                    return true;
                }
            }

            return false;
        }

        return head.IndexOf((byte)0) >= 0;
    }

    /// <summary>Text as <see cref="Text"/> decodes it: the byte order mark's encoding (UTF-8 without one), the mark left out.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var encoding = EncodingOf(bytes, out var byteOrderMark);
        return encoding.GetString(bytes[byteOrderMark..]);
    }

    /// <summary>Ends the use of the reused buffers; called by the runner once every analyzer is done with the file.</summary>
    internal void Release()
    {
        lock (_decodeLock)
        {
            _released = true;
            _chars = null;
        }
    }

    /// <summary>
    /// The encoding a byte order mark says (UTF-8 without one) and the mark's length, which is skipped so offsets match
    /// what editors show. Decoders that replace invalid input (U+FFFD), never throw.
    /// </summary>
    public static Encoding EncodingOf(ReadOnlySpan<byte> bytes, out int byteOrderMark)
    {
        byteOrderMark = bytes switch
        {
            [0xEF, 0xBB, 0xBF, ..] => 3,
            [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] => 2,
            _ => 0,
        };
        return bytes switch
        {
            [0xFF, 0xFE, ..] => Utf16LittleEndian,
            [0xFE, 0xFF, ..] => Utf16BigEndian,
            _ => Encoding.UTF8,
        };
    }

    private static readonly UnicodeEncoding Utf16LittleEndian = new(bigEndian: false, byteOrderMark: false);
    private static readonly UnicodeEncoding Utf16BigEndian = new(bigEndian: true, byteOrderMark: false);
}
