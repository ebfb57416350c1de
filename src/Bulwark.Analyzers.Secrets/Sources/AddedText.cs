using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Sources;

/// <summary>
/// The added lines of one file in one commit (or one bounded piece of them), joined with '\n' so the
/// detector runs once per file per commit, with the map from text lines back to new-file line numbers.
/// </summary>
internal sealed class AddedText
{
    private readonly int[] _lineStarts;
    private readonly int[] _fileLines;

    public AddedText(string path, Commit commit, string text, int[] lineStarts, int[] fileLines, int firstColumnOffset, int alreadyScanned)
    {
        Path = path;
        Commit = commit;
        Text = text;
        _lineStarts = lineStarts;
        _fileLines = fileLines;
        FirstColumnOffset = firstColumnOffset;
        AlreadyScanned = alreadyScanned;
    }

    public string Path { get; }

    public Commit Commit { get; }

    public string Text { get; }

    /// <summary>When this piece starts inside a long line: how many chars of that line came before it.</summary>
    public int FirstColumnOffset { get; }

    /// <summary>Leading chars the previous piece already scanned (the overlap that catches secrets across a cut).</summary>
    public int AlreadyScanned { get; }

    public int LineCount => _lineStarts.Length;

    /// <summary>A text with its own numbering (stdin, a file, an archive entry): text line n is file line n.</summary>
    public static AddedText Whole(string path, Commit commit, string text)
    {
        var starts = new List<int> { 0 };
        for (var i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            starts.Add(i + 1);
        }

        var lines = new int[starts.Count];
        for (var n = 0; n < lines.Length; n++)
        {
            lines[n] = n + 1;
        }

        return new AddedText(path, commit, text, [.. starts], lines, 0, 0);
    }

    /// <summary>New-file line of a 1-based text line.</summary>
    public int FileLine(int textLine) => _fileLines[Math.Clamp(textLine - 1, 0, _fileLines.Length - 1)];

    /// <summary>New-file column of a 1-based column on a 1-based text line.</summary>
    public int FileColumn(int textLine, int textColumn) => textLine == 1 ? textColumn + FirstColumnOffset : textColumn;

    /// <summary>Char offset in <see cref="Text"/> of a 1-based line and column.</summary>
    public int Offset(int textLine, int textColumn) => _lineStarts[Math.Clamp(textLine - 1, 0, _lineStarts.Length - 1)] + textColumn - 1;

    /// <summary>The whole text line (for inline allow comments).</summary>
    public ReadOnlySpan<char> LineText(int textLine)
    {
        var index = Math.Clamp(textLine - 1, 0, _lineStarts.Length - 1);
        var start = _lineStarts[index];
        var end = index + 1 < _lineStarts.Length ? _lineStarts[index + 1] - 1 : Text.Length;
        return Text.AsSpan(start, Math.Max(0, end - start));
    }
}
