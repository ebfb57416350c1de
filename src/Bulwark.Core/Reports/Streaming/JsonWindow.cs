using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Bulwark.Core.Reports.Streaming;

/// <summary>
/// A pooled window over a seekable JSON stream and the state of a <see cref="Utf8JsonReader"/> reading it:
/// the reader is a ref struct, so it is rebuilt over the window for each step and its state kept here, and
/// the window is refilled (and grown only when one token or element does not fit) between steps.
/// </summary>
internal sealed class JsonWindow : IDisposable
{
    public const int InitialSize = 64 * 1024;

    /// <summary>The largest single token or streamed element accepted; a report is refused past it, not buffered.</summary>
    public const int MaxElementBytes = 256 * 1024 * 1024;

    public static readonly JsonReaderOptions Options = new() { MaxDepth = 256, CommentHandling = JsonCommentHandling.Skip };

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferPosition;
    private JsonReaderState _state = new(Options);

    public JsonWindow(Stream stream, long position)
    {
        _stream = stream;
        _bufferPosition = position;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    }

    /// <summary>True once the stream has no more bytes: the reader then knows the document ends.</summary>
    public bool IsFinal { get; private set; }

    public Utf8JsonReader Reader() => new(_buffer.AsSpan(_start, _end - _start), IsFinal, _state);

    /// <summary>Keeps what the reader consumed: its last complete token and its state.</summary>
    public void Commit(ref Utf8JsonReader reader)
    {
        _start += checked((int)reader.BytesConsumed);
        _state = reader.CurrentState;
    }

    /// <summary>The stream position of the reader's current token.</summary>
    public long PositionOf(ref Utf8JsonReader reader) => _bufferPosition + _start + reader.TokenStartIndex;

    /// <summary>Skips a UTF-8 byte order mark at the start of the window (the reader refuses one).</summary>
    public void SkipByteOrderMark()
    {
        if (_end - _start >= 3 && _buffer[_start] == 0xEF && _buffer[_start + 1] == 0xBB && _buffer[_start + 2] == 0xBF)
        {
            _start += 3;
        }
    }

    public async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        MakeRoom();
        Seek();
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        Advance(read);
    }

    public void Fill()
    {
        MakeRoom();
        Seek();
        Advance(_stream.Read(_buffer.AsSpan(_end)));
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Advance(int read)
    {
        if (read == 0)
        {
            IsFinal = true;
        }

        _end += read;
    }

    /// <summary>
    /// Several windows may read one stream in turn (an element stream nested in another), so each read
    /// starts from where this window left off.
    /// </summary>
    private void Seek()
    {
        var position = _bufferPosition + _end;
        if (_stream.Position != position)
        {
            _stream.Position = position;
        }
    }

    private void MakeRoom()
    {
        if (IsFinal)
        {
            throw new InvalidOperationException("The whole stream is already in the window.");
        }

        var pending = _end - _start;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            _bufferPosition += _start;
            _start = 0;
            _end = pending;
        }

        if (_end < _buffer.Length)
        {
            return;
        }

        // One token or element fills the whole window: grow it, up to the cap.
        if (_buffer.Length >= MaxElementBytes)
        {
            throw new ElementTooLargeException(
                $"holds a single value larger than {(MaxElementBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)} MiB, which is not read");
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, MaxElementBytes));
        _buffer.AsSpan(0, _end).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}

/// <summary>Raised by <see cref="JsonWindow"/>; the reader that knows the JSON path turns it into a <see cref="ReportFormatException"/>.</summary>
#pragma warning disable CA1032, CA1064 // an internal signal between two types of this folder, never thrown to callers
internal sealed class ElementTooLargeException(string reason) : Exception(reason)
{
    public string Reason { get; } = reason;
}
#pragma warning restore CA1032, CA1064
