using System.Buffers;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Sources;

/// <summary>
/// The added lines of one file in one commit (or one bounded piece of them), joined with '\n' so the
/// detector runs once per file per commit, with the map from text lines back to new-file line numbers.
/// The text may live in a pooled buffer (a history scan decodes straight into them instead of copying each piece
/// into a string): whoever scans the piece last calls <see cref="Release"/>, after which the text is gone.
/// </summary>
internal sealed class AddedText
{
    private int[]? _lineStarts;
    private char[]? _pooled;

    // Null for consecutive lines of the file, where text line n is file line _firstFileLine + n - 1.
    private readonly int[]? _fileLines;
    private readonly int _firstFileLine;

    /// <param name="lineStarts">Offsets of the text lines; null to find them on first use.</param>
    /// <param name="fileLines">New-file line of each text line; null when the text is consecutive lines of the file.</param>
    /// <param name="firstFileLine">With no <paramref name="fileLines"/>: the file line of text line 1.</param>
    /// <param name="pooled">The <see cref="ArrayPool{T}.Shared"/> buffer holding <paramref name="text"/>, returned by <see cref="Release"/>.</param>
    public AddedText(string path, Commit commit, ReadOnlyMemory<char> text, int[]? lineStarts, int[]? fileLines, int firstColumnOffset, int alreadyScanned,
        int firstFileLine = 1, char[]? pooled = null)
    {
        _pooled = pooled;
        Path = path;
        Commit = commit;
        Text = text;
        _lineStarts = lineStarts;
        _fileLines = fileLines;
        _firstFileLine = firstFileLine;
        FirstColumnOffset = firstColumnOffset;
        AlreadyScanned = alreadyScanned;
    }

    public string Path { get; }

    public Commit Commit { get; }

    public ReadOnlyMemory<char> Text { get; }

    /// <summary>When this piece starts inside a long line: how many chars of that line came before it.</summary>
    public int FirstColumnOffset { get; }

    /// <summary>Leading chars the previous piece already scanned (the overlap that catches secrets across a cut).</summary>
    public int AlreadyScanned { get; }

    public int LineCount => LineStarts.Length;

    // A whole text's line table is built when a hit needs it: most files have none.
    private int[] LineStarts => _lineStarts ??= LineStartsOf(Text.Span);

    /// <summary>A text with its own numbering (stdin, a file, an archive entry): text line n is file line n.</summary>
    public static AddedText Whole(string path, Commit commit, ReadOnlyMemory<char> text) => new(path, commit, text, null, null, 0, 0);

    /// <summary>Gives a pooled buffer back once the piece is scanned; the text must not be read afterwards.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _pooled, null) is { } buffer)
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>New-file line of a 1-based text line.</summary>
    public int FileLine(int textLine) => _fileLines is { } lines
        ? lines[Math.Clamp(textLine - 1, 0, lines.Length - 1)]
        : _firstFileLine - 1 + Math.Clamp(textLine, 1, LineCount);

    /// <summary>New-file column of a 1-based column on a 1-based text line.</summary>
    public int FileColumn(int textLine, int textColumn) => textLine == 1 ? textColumn + FirstColumnOffset : textColumn;

    /// <summary>Char offset in <see cref="Text"/> of a 1-based line and column.</summary>
    public int Offset(int textLine, int textColumn)
    {
        var starts = LineStarts;
        return starts[Math.Clamp(textLine - 1, 0, starts.Length - 1)] + textColumn - 1;
    }

    /// <summary>The whole text line (for inline allow comments).</summary>
    public ReadOnlySpan<char> LineText(int textLine)
    {
        var starts = LineStarts;
        var index = Math.Clamp(textLine - 1, 0, starts.Length - 1);
        var start = starts[index];
        var end = index + 1 < starts.Length ? starts[index + 1] - 1 : Text.Length;
        return Text.Span.Slice(start, Math.Max(0, end - start));
    }

    private static int[] LineStartsOf(ReadOnlySpan<char> text)
    {
        var starts = new int[text.Count('\n') + 1];
        var line = 1;
        var at = 0;
        for (var i = text.IndexOf('\n'); i >= 0; i = text[at..].IndexOf('\n'))
        {
            at += i + 1;
            starts[line++] = at;
        }

        return starts;
    }
}
