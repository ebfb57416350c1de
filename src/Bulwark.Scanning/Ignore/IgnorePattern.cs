namespace Bulwark.Scanning.Ignore;

/// <summary>
/// One line of a gitignore-syntax file, parsed as git's <c>dir.c</c> does: blank lines and <c>#</c> comments
/// are nothing, trailing spaces go unless escaped, <c>!</c> negates, a trailing <c>/</c> restricts to
/// directories, and a pattern with any other <c>/</c> is anchored to the file's directory while one without
/// matches a name at any depth below it.
/// </summary>
internal sealed class IgnorePattern
{
    private readonly SegmentGlob? _name;
    private readonly GlobPattern? _path;

    private IgnorePattern(string text, bool negated, bool directoryOnly, SegmentGlob? name, GlobPattern? path)
    {
        Text = text;
        IsNegated = negated;
        IsDirectoryOnly = directoryOnly;
        _name = name;
        _path = path;
    }

    /// <summary>The line as written, for diagnostics.</summary>
    public string Text { get; }

    public bool IsNegated { get; }

    public bool IsDirectoryOnly { get; }

    /// <summary>The name glob when the pattern matches names at any depth (no '/' in it).</summary>
    internal SegmentGlob? NameGlob => _name;

    /// <summary>The glob the last component of a matching path must match.</summary>
    internal SegmentGlob LastSegment => _name ?? _path!.Segments[^1];

    /// <summary>
    /// Parses one line (without its line break); null when the line holds no pattern (blank, comment, or a
    /// glob that can never match).
    /// </summary>
    public static IgnorePattern? Parse(string line)
    {
        var text = TrimTrailingSpaces(line);
        if (text.IsEmpty || text[0] == '#')
        {
            return null;
        }

        var negated = text[0] == '!';
        if (negated)
        {
            text = text[1..];
        }

        var directoryOnly = text.EndsWith('/');
        if (directoryOnly)
        {
            text = text[..^1];
        }

        if (text.IsEmpty)
        {
            return null;
        }

        if (text.IndexOf('/') < 0)
        {
            var name = GlobPattern.CompileName(text);
            return name is null ? null : new IgnorePattern(line, negated, directoryOnly, name, null);
        }

        if (text[0] == '/')
        {
            text = text[1..];
        }

        var path = GlobPattern.Compile(text);
        return path is null ? null : new IgnorePattern(line, negated, directoryOnly, null, path);
    }

    /// <summary>
    /// Whether the pattern matches <paramref name="path"/>, relative to the directory of the pattern's file.
    /// The caller has already checked <see cref="IsDirectoryOnly"/>.
    /// </summary>
    public bool IsMatch(ReadOnlySpan<char> path, ReadOnlySpan<char> name, int components) =>
        _name is not null ? _name.IsMatch(name) : _path!.IsMatch(path, components);

    /// <summary>git's trim_trailing_spaces: drop unescaped trailing blanks (spaces only, not tabs).</summary>
    private static ReadOnlySpan<char> TrimTrailingSpaces(string line)
    {
        var end = line.Length;
        var lastSpace = -1;
        for (var i = 0; i < line.Length; i++)
        {
            switch (line[i])
            {
                case ' ':
                    if (lastSpace < 0)
                    {
                        lastSpace = i;
                    }

                    break;
                case '\\':
                    if (++i >= line.Length)
                    {
                        // A dangling backslash keeps the line as it is (and the glob then matches nothing).
                        return line;
                    }

                    lastSpace = -1;
                    break;
                default:
                    lastSpace = -1;
                    break;
            }
        }

        return line.AsSpan(0, lastSpace >= 0 ? lastSpace : end);
    }
}
