using System.Text;

namespace Bulwark.Scanning;

/// <summary>
/// A file's bytes, read once and shared by every analyzer that wants it. The text view is decoded
/// from UTF-8 at most once (invalid sequences become U+FFFD, so the rest of the file is still scanned).
/// Buffers are pooled: nothing here may be kept after <see cref="IAnalyzer.Analyze"/> returns.
/// </summary>
public sealed class FileContent
{
    private readonly Lock _decodeLock = new();
    private string? _text;

    public FileContent(WorkspaceEntry entry, ReadOnlyMemory<byte> bytes, bool isBinary)
    {
        Entry = entry;
        Bytes = bytes;
        IsBinary = isBinary;
    }

    public WorkspaceEntry Entry { get; }

    public ReadOnlyMemory<byte> Bytes { get; }

    public bool IsBinary { get; }

    /// <summary>The content as text, decoded once on first use.</summary>
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
                _text ??= DecodeUtf8(Bytes.Span);
                return _text;
            }
        }
    }

    public static bool LooksBinary(ReadOnlySpan<byte> head) =>
        head[..Math.Min(head.Length, ScanDefaults.BinarySniffLength)].IndexOf((byte)0) >= 0;

    private static string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        // Skip a UTF-8 byte order mark so offsets match what editors show.
        ReadOnlySpan<byte> byteOrderMark = [0xEF, 0xBB, 0xBF];
        if (bytes.StartsWith(byteOrderMark))
        {
            bytes = bytes[3..];
        }

        return Encoding.UTF8.GetString(bytes);
    }
}
