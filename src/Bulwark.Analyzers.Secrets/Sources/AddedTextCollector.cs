using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Sources;

/// <summary>
/// Groups the added lines of a patch stream per (commit, file) into <see cref="AddedText"/> pieces of at most
/// <see cref="PieceLimit"/> chars. A bigger file (a 200 MB blob, a 50 MB minified line) is cut into pieces that
/// overlap by <see cref="Overlap"/> chars, so a secret across a cut is still seen whole, and memory stays
/// bounded by a few pieces whatever the input. Text is decoded straight into buffers of
/// <see cref="ArrayPool{T}.Shared"/> that the pieces carry to the detector, which gives them back
/// (<see cref="AddedText.Release"/>): no piece is copied into a string.
/// </summary>
internal sealed class AddedTextCollector : IPatchSink
{
    public const int DefaultPieceLimit = 1024 * 1024;

    /// <summary>Longer than any single secret we know (a 4096-bit PEM key is ~3.3 KB).</summary>
    public const int Overlap = 8 * 1024;

    private readonly Action<AddedText> _emit;
    private readonly Func<CommitHeader, Commit> _commitOf;
    private readonly Action<Commit, string>? _onBinary;
    private readonly Decoder _utf8 = new UTF8Encoding(false, false).GetDecoder();
    private readonly List<int> _lineStarts = [];
    private readonly List<int> _fileLines = [];
    private char[] _buffer;
    private int _length;
    private int _firstColumnOffset;
    private int _alreadyScanned;
    private Commit _commit;
    private string? _path;

    // A blob's text is consecutive lines of the file: no per-line tables, only the file line of the piece's first line.
    private bool _blob;
    private int _blobFirstLine;

    public AddedTextCollector(Action<AddedText> emit, Commit defaultCommit, Func<CommitHeader, Commit>? commitOf = null,
        Action<Commit, string>? onBinary = null, int pieceLimit = DefaultPieceLimit)
    {
        _emit = emit;
        _commit = defaultCommit;
        _commitOf = commitOf ?? CommitOf;
        _onBinary = onBinary;
        PieceLimit = Math.Max(pieceLimit, Overlap * 2);
        _buffer = [];
    }

    public int PieceLimit { get; }

    public long Commits { get; private set; }

    public long Files { get; private set; }

    public long BinaryFiles { get; private set; }

    public long AddedLines { get; private set; }

    /// <summary>Bytes of added line content (excluding the '+' and line ends) — the throughput measure.</summary>
    public long AddedBytes { get; private set; }

    public void OnCommit(CommitHeader commit)
    {
        _commit = _commitOf(commit);
        Commits++;
    }

    public void OnFile(string path)
    {
        _path = path;
        Files++;
        Reset();
    }

    public void OnBinaryFile(string path)
    {
        BinaryFiles++;
        _onBinary?.Invoke(_commit, path);
    }

    public void OnAddedLineStart(int lineNumber)
    {
        AddedLines++;
        if (_lineStarts.Count > 0)
        {
            Append("\n");
        }

        _lineStarts.Add(_length);
        _fileLines.Add(lineNumber);
    }

    public void OnAddedBytes(ReadOnlySpan<byte> bytes)
    {
        AddedBytes += bytes.Length;
        while (!bytes.IsEmpty)
        {
            // Decode at most what fits before the piece limit, so a huge line is cut as it streams in.
            EnsureRoom(Math.Min(bytes.Length, 16 * 1024) + 2);
            var take = Math.Min(bytes.Length, Math.Min(_buffer.Length - _length - 2, 16 * 1024));
            _utf8.Convert(bytes[..take], _buffer.AsSpan(_length), flush: false, out var used, out var produced, out _);
            _length += produced;
            bytes = bytes[used..];
            if (_length >= PieceLimit)
            {
                Cut();
            }
        }
    }

    public void OnAddedLineEnd()
    {
        // Flush a sequence cut at the end of the line (invalid UTF-8 becomes U+FFFD).
        Span<char> tail = stackalloc char[4];
        _utf8.Convert([], tail, flush: true, out _, out var produced, out _);
        if (produced > 0)
        {
            Append(tail[..produced]);
        }

        if (_length >= PieceLimit)
        {
            Cut();
        }
    }

    /// <summary>Starts a whole file read as a blob (an added file): its text follows in <see cref="OnTextBlock"/> calls.</summary>
    /// <param name="size">The blob's size in bytes when known: its text (at most that many chars) gets a buffer of that size at once.</param>
    public void OnBlob(string path, Commit commit, long size = 0)
    {
        _commit = commit;
        OnFile(path);
        if (size > 0)
        {
            EnsureRoom((int)Math.Min(size, PieceLimit + (64 * 1024)) + 2);
        }

        AddedLines++;
        _blob = true;
        _blobFirstLine = 1;
    }

    /// <summary>
    /// A block of a blob's bytes, any number of lines: decoded in one go, its lines only counted (a vectorised
    /// count), which is several times cheaper per byte than the line-by-line patch path. Lines are located
    /// in the text only when a hit needs them, or where a huge blob is cut into pieces.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void OnTextBlock(ReadOnlySpan<byte> bytes)
    {
        AddedBytes += bytes.Length;
        while (!bytes.IsEmpty)
        {
            EnsureRoom(Math.Min(bytes.Length, 64 * 1024) + 2);
            var take = Math.Min(bytes.Length, Math.Min(_buffer.Length - _length - 2, 64 * 1024));
            _utf8.Convert(bytes[..take], _buffer.AsSpan(_length), flush: false, out var used, out var produced, out _);
            AddedLines += _buffer.AsSpan(_length, produced).Count('\n');
            _length += produced;
            bytes = bytes[used..];

            if (_length >= PieceLimit)
            {
                Cut();
            }
        }
    }

    public void OnFileEnd()
    {
        if (_path is not null && _length > _alreadyScanned)
        {
            Emit();
        }

        _path = null;
        Reset();
    }

    private void Append(ReadOnlySpan<char> chars)
    {
        EnsureRoom(chars.Length);
        chars.CopyTo(_buffer.AsSpan(_length));
        _length += chars.Length;
    }

    private void EnsureRoom(int extra)
    {
        if (_length + extra <= _buffer.Length)
        {
            return;
        }

        var bigger = ArrayPool<char>.Shared.Rent(Math.Max(Math.Max(_buffer.Length * 2, 4 * 1024), _length + extra));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ReturnBuffer();
        _buffer = bigger;
    }

    private void ReturnBuffer()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<char>.Shared.Return(_buffer);
        }

        _buffer = [];
    }

    /// <summary>
    /// Hands the text so far to the detector with its buffer, which then belongs to the piece (a worker gives it back
    /// as soon as it has scanned it): the caller must not read the buffer afterwards.
    /// </summary>
    private void Emit()
    {
        AddedText piece;
        if (_blob && _path is not null)
        {
            piece = new AddedText(_path, _commit, _buffer.AsMemory(0, _length), null, null, _firstColumnOffset, _alreadyScanned, _blobFirstLine, _buffer);
        }
        else if (_path is null || _lineStarts.Count == 0)
        {
            return;
        }
        else
        {
            piece = new AddedText(_path, _commit, _buffer.AsMemory(0, _length), [.. _lineStarts], [.. _fileLines], _firstColumnOffset, _alreadyScanned,
                pooled: _buffer);
        }

        _buffer = [];
        _emit(piece);
    }

    /// <summary>Emits the piece so far and goes on with a new buffer starting with its chars from <paramref name="keepFrom"/>.</summary>
    private void EmitKeeping(int keepFrom)
    {
        // Copied before the piece is handed over: from then on a worker may give its buffer back at any time.
        var kept = _length - keepFrom;
        var next = ArrayPool<char>.Shared.Rent(_buffer.Length);
        _buffer.AsSpan(keepFrom, kept).CopyTo(next);
        Emit();
        _buffer = next;
        _length = kept;
        _alreadyScanned = kept;
    }

    /// <summary>Emits the piece so far and starts the next one with its last <see cref="Overlap"/> chars.</summary>
    private void Cut()
    {
        if (_blob)
        {
            CutBlob();
            return;
        }

        // Keep whole lines when the overlap holds some; otherwise the tail of the one long line.
        var keepFrom = _length - Overlap;
        var line = LineIndexAt(keepFrom);
        if (line + 1 < _lineStarts.Count && _lineStarts[line + 1] < _length)
        {
            line++;
            keepFrom = _lineStarts[line];
        }

        var columnOffset = (keepFrom - _lineStarts[line]) + (line == 0 ? _firstColumnOffset : 0);
        var fileLine = _fileLines[line];
        var newStarts = new List<int>();
        var newLines = new List<int>();
        for (var n = line; n < _lineStarts.Count; n++)
        {
            newStarts.Add(Math.Max(0, _lineStarts[n] - keepFrom));
            newLines.Add(n == line ? fileLine : _fileLines[n]);
        }

        EmitKeeping(keepFrom);
        _lineStarts.Clear();
        _lineStarts.AddRange(newStarts);
        _fileLines.Clear();
        _fileLines.AddRange(newLines);
        _firstColumnOffset = columnOffset;
    }

    /// <summary><see cref="Cut"/> for a blob, whose lines are found in the text rather than in tables.</summary>
    private void CutBlob()
    {
        var text = _buffer.AsSpan(0, _length);
        var keepFrom = _length - Overlap;
        var newline = text[keepFrom..].IndexOf('\n');
        int columnOffset;
        if (newline >= 0 && keepFrom + newline + 1 < _length)
        {
            keepFrom += newline + 1;
            columnOffset = 0;
        }
        else
        {
            var lineStart = text[..keepFrom].LastIndexOf('\n') + 1;
            columnOffset = keepFrom - lineStart + (lineStart == 0 ? _firstColumnOffset : 0);
        }

        var nextFirstLine = _blobFirstLine + text[..keepFrom].Count('\n');
        EmitKeeping(keepFrom);
        _blobFirstLine = nextFirstLine;
        _firstColumnOffset = columnOffset;
    }

    private int LineIndexAt(int offset)
    {
        var index = _lineStarts.BinarySearch(offset);
        return index >= 0 ? index : Math.Max(0, ~index - 1);
    }

    private void Reset()
    {
        _length = 0;
        _lineStarts.Clear();
        _fileLines.Clear();
        _firstColumnOffset = 0;
        _alreadyScanned = 0;
        _blob = false;
        _utf8.Reset();
    }

    internal static Commit CommitOf(CommitHeader h) => new(h.Sha, h.Author, h.Email, ParseDate(h.Date), h.Message);

    internal static DateTimeOffset? ParseDate(string text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? date
            : null;
}
