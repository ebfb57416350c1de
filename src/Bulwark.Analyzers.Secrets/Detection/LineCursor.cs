namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>
/// Turns offsets into 1-based lines and columns moving forward only, counting newlines (vectorised) between
/// one hit and the next: a whole text costs one pass however many hits it has, and a multi-megabyte
/// single-line file is not rescanned from its start for each hit.
/// </summary>
internal struct LineCursor(ReadOnlyMemory<char> text)
{
    private int _offset;
    private int _line = 1;
    private int _lineStart;

    /// <summary>The line and column of <paramref name="offset"/>, which must not be before the previous one.</summary>
    public (int Line, int Column) MoveTo(int offset)
    {
        var span = text.Span[_offset..offset];
        var newlines = span.Count('\n');
        if (newlines > 0)
        {
            _line += newlines;
            _lineStart = _offset + span.LastIndexOf('\n') + 1;
        }

        _offset = offset;
        return (_line, offset - _lineStart + 1);
    }

    /// <summary>The line and column of a later offset, from the current position, without moving.</summary>
    public readonly (int Line, int Column) Peek(int offset)
    {
        var span = text.Span[_offset..offset];
        var newlines = span.Count('\n');
        var lineStart = newlines > 0 ? _offset + span.LastIndexOf('\n') + 1 : _lineStart;
        return (_line + newlines, offset - lineStart + 1);
    }
}
