using System.Text;

namespace Bulwark.Scanning.Ignore;

/// <summary>
/// A gitignore glob compiled once into per-component segments, with git's wildmatch semantics
/// (WM_PATHNAME): <c>*</c>, <c>?</c> and brackets never cross '/', <c>\</c> escapes, and <c>**</c> standing
/// alone between slashes spans any number of directories — zero for <c>**/</c> and <c>/**/</c>, at least
/// one for a trailing <c>/**</c>. A <c>**</c> inside a segment is a plain <c>*</c>.
/// </summary>
internal sealed class GlobPattern
{
    private readonly SegmentGlob[] _segments;
    private readonly bool _hasGlobStar;
    private readonly int _minComponents;

    private GlobPattern(SegmentGlob[] segments)
    {
        _segments = segments;
        _hasGlobStar = segments.Any(s => s.IsGlobStar);
        _minComponents = segments.Count(s => !s.IsGlobStar);
    }

    internal IReadOnlyList<SegmentGlob> Segments => _segments;

    /// <summary>
    /// Compiles <paramref name="pattern"/> (no leading '/'); null when it can never match (a malformed
    /// bracket expression or a dangling backslash, which git treats the same way).
    /// </summary>
    public static GlobPattern? Compile(ReadOnlySpan<char> pattern)
    {
        var compiled = CompileSegments(pattern);
        if (compiled is null)
        {
            return null;
        }

        // "dir/**" matches everything inside dir but not dir itself: one component, then any more.
        if (compiled.Count > 1 && compiled[^1].IsGlobStar)
        {
            compiled.Insert(compiled.Count - 1, SegmentGlob.AnyName);
        }
        else if (compiled.Count == 1 && compiled[0].IsGlobStar)
        {
            compiled.Insert(0, SegmentGlob.AnyName);
        }

        return new GlobPattern([.. compiled]);
    }

    /// <summary>
    /// Compiles a pattern without '/', matched against a name alone (where <c>**</c> is just <c>*</c>);
    /// null when it can never match.
    /// </summary>
    public static SegmentGlob? CompileName(ReadOnlySpan<char> pattern)
    {
        var compiled = CompileSegments(pattern);
        if (compiled is not [var only])
        {
            return null;
        }

        return only.IsGlobStar ? SegmentGlob.AnyName : only;
    }

    private static List<SegmentGlob>? CompileSegments(ReadOnlySpan<char> pattern)
    {
        var segments = new List<List<SegmentToken>> { new() };
        var literal = new StringBuilder();
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                    if (i + 1 >= pattern.Length)
                    {
                        return null;
                    }

                    if (pattern[i + 1] == '/')
                    {
                        // git matches an escaped slash against the separator.
                        Flush(literal, segments[^1]);
                        segments.Add([]);
                    }
                    else
                    {
                        literal.Append(pattern[i + 1]);
                    }

                    i += 2;
                    break;
                case '/':
                    Flush(literal, segments[^1]);
                    segments.Add([]);
                    i++;
                    break;
                case '?':
                    Flush(literal, segments[^1]);
                    segments[^1].Add(new SegmentToken(SegmentTokenKind.AnyCharacter));
                    i++;
                    break;
                case '*':
                    Flush(literal, segments[^1]);
                    var stars = i;
                    while (i < pattern.Length && pattern[i] == '*')
                    {
                        i++;
                    }

                    segments[^1].Add(new SegmentToken(SegmentTokenKind.Star, IsDoubleStar: i - stars > 1));
                    break;
                case '[':
                    Flush(literal, segments[^1]);
                    var end = CharacterClass.Parse(pattern, i, out var characterClass);
                    if (end < 0)
                    {
                        return null;
                    }

                    segments[^1].Add(new SegmentToken(SegmentTokenKind.Class, Class: characterClass));
                    i = end;
                    break;
                default:
                    literal.Append(c);
                    i++;
                    break;
            }
        }

        Flush(literal, segments[^1]);
        var compiled = new List<SegmentGlob>(segments.Count);
        foreach (var tokens in segments)
        {
            var segment = SegmentGlob.FromTokens(tokens);
            if (segment.IsGlobStar && compiled.Count > 0 && compiled[^1].IsGlobStar)
            {
                continue;
            }

            compiled.Add(segment);
        }

        return compiled;
    }

    /// <summary>
    /// Matches a '/'-separated relative path of <paramref name="components"/> components (never empty,
    /// no leading or trailing '/').
    /// </summary>
    public bool IsMatch(ReadOnlySpan<char> path, int components)
    {
        if (!_hasGlobStar)
        {
            if (components != _segments.Length)
            {
                return false;
            }

            var start = 0;
            foreach (var segment in _segments)
            {
                var slash = path[start..].IndexOf('/');
                var end = slash < 0 ? path.Length : start + slash;
                if (!segment.IsMatch(path[start..end]))
                {
                    return false;
                }

                start = end + 1;
            }

            return true;
        }

        return components >= _minComponents && MatchWithGlobStars(path);
    }

    private bool MatchWithGlobStars(ReadOnlySpan<char> path)
    {
        var segments = _segments;
        var exhausted = path.Length + 1;
        int s = 0, position = 0;

        // The last ** seen and where the components it swallows end: a mismatch makes it take one more
        // component, the same bounded backtracking as '*' inside a name.
        int starSegment = -1, starPosition = 0;
        while (true)
        {
            if (s < segments.Length)
            {
                var segment = segments[s];
                if (segment.IsGlobStar)
                {
                    starSegment = s++;
                    starPosition = position;
                    continue;
                }

                if (position < exhausted)
                {
                    var slash = path[position..].IndexOf('/');
                    var end = slash < 0 ? path.Length : position + slash;
                    if (segment.IsMatch(path[position..end]))
                    {
                        position = end + 1;
                        s++;
                        continue;
                    }
                }
            }
            else if (position >= exhausted)
            {
                return true;
            }

            if (starSegment < 0 || starPosition >= exhausted)
            {
                return false;
            }

            var next = path[starPosition..].IndexOf('/');
            starPosition = next < 0 ? exhausted : starPosition + next + 1;
            position = starPosition;
            s = starSegment + 1;
        }
    }

    private static void Flush(StringBuilder literal, List<SegmentToken> tokens)
    {
        if (literal.Length > 0)
        {
            tokens.Add(new SegmentToken(SegmentTokenKind.Literal, literal.ToString()));
            literal.Clear();
        }
    }
}
