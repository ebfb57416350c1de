namespace Bulwark.Scanning.Ignore;

/// <summary>
/// The part of a glob between two slashes, matched against one path component (a name without '/').
/// Common shapes (<c>name</c>, <c>*.ext</c>, <c>prefix*</c>, <c>*</c>) get a direct span comparison;
/// the rest runs a star-backtracking matcher that is linear in practice and at worst
/// O(name × pattern), never exponential.
/// </summary>
internal sealed class SegmentGlob
{
    private readonly SegmentShape _shape;
    private readonly string _literal;
    private readonly SegmentToken[] _tokens;

    private SegmentGlob(SegmentShape shape, string literal, SegmentToken[] tokens)
    {
        _shape = shape;
        _literal = literal;
        _tokens = tokens;
    }

    /// <summary><c>**</c> as a whole segment: any number of components, handled by <see cref="GlobPattern"/>.</summary>
    public static SegmentGlob GlobStar { get; } = new(SegmentShape.GlobStar, "", []);

    /// <summary><c>*</c>: any single component.</summary>
    public static SegmentGlob AnyName { get; } = new(SegmentShape.Anything, "", []);

    public bool IsGlobStar => _shape == SegmentShape.GlobStar;

    /// <summary>The name itself when the segment has no wildcard.</summary>
    public string? ExactName => _shape == SegmentShape.Exact ? _literal : null;

    /// <summary>".ext" when the segment is <c>*.ext</c> with a single dot, the shape most ignore lines have.</summary>
    public string? Extension =>
        _shape == SegmentShape.Suffix && _literal.Length > 1 && _literal[0] == '.' && _literal.IndexOf('.', 1) < 0 ? _literal : null;

    public static SegmentGlob FromTokens(List<SegmentToken> tokens)
    {
        if (tokens.Count == 0)
        {
            return new SegmentGlob(SegmentShape.Exact, "", []);
        }

        if (tokens.Count == 1 && tokens[0].Kind == SegmentTokenKind.Star)
        {
            return tokens[0].IsDoubleStar ? GlobStar : AnyName;
        }

        if (tokens.TrueForAll(t => t.Kind == SegmentTokenKind.Literal))
        {
            return new SegmentGlob(SegmentShape.Exact, string.Concat(tokens.Select(t => t.Literal)), []);
        }

        if (tokens.Count == 2 && tokens[0].Kind == SegmentTokenKind.Star && tokens[1].Kind == SegmentTokenKind.Literal)
        {
            return new SegmentGlob(SegmentShape.Suffix, tokens[1].Literal!, []);
        }

        if (tokens.Count == 2 && tokens[0].Kind == SegmentTokenKind.Literal && tokens[1].Kind == SegmentTokenKind.Star)
        {
            return new SegmentGlob(SegmentShape.Prefix, tokens[0].Literal!, []);
        }

        return new SegmentGlob(SegmentShape.General, "", [.. tokens]);
    }

    /// <summary>Whether some name ending in <paramref name="c"/> could match (false only when none can).</summary>
    public bool CanEndWith(char c) => _shape switch
    {
        SegmentShape.Exact or SegmentShape.Suffix => _literal.Length > 0 && _literal[^1] == c,
        SegmentShape.General => _tokens[^1] switch
        {
            { Kind: SegmentTokenKind.Literal } token => token.Literal![^1] == c,
            { Kind: SegmentTokenKind.Class } token => token.Class!.Matches(c),
            _ => true,
        },
        _ => true,
    };

    public bool IsMatch(ReadOnlySpan<char> name) => _shape switch
    {
        SegmentShape.Exact => name.SequenceEqual(_literal),
        SegmentShape.Suffix => name.EndsWith(_literal, StringComparison.Ordinal),
        SegmentShape.Prefix => name.StartsWith(_literal, StringComparison.Ordinal),
        SegmentShape.Anything or SegmentShape.GlobStar => true,
        _ => MatchTokens(name),
    };

    private bool MatchTokens(ReadOnlySpan<char> name)
    {
        var tokens = _tokens;
        int t = 0, k = 0;

        // Where the last star started and how much of the name it has swallowed so far: on a mismatch the
        // star takes one more character. Earlier stars never need to grow (the classic wildcard argument),
        // which bounds the work.
        int starToken = -1, starText = 0;
        while (true)
        {
            if (k < tokens.Length)
            {
                var token = tokens[k];
                switch (token.Kind)
                {
                    case SegmentTokenKind.Star:
                        if (k == tokens.Length - 1)
                        {
                            return true;
                        }

                        starToken = k++;
                        starText = t;
                        continue;
                    case SegmentTokenKind.Literal when name[t..].StartsWith(token.Literal, StringComparison.Ordinal):
                        t += token.Literal!.Length;
                        k++;
                        continue;
                    case SegmentTokenKind.AnyCharacter when t < name.Length:
                        t++;
                        k++;
                        continue;
                    case SegmentTokenKind.Class when t < name.Length && token.Class!.Matches(name[t]):
                        t++;
                        k++;
                        continue;
                }
            }
            else if (t == name.Length)
            {
                return true;
            }

            if (starToken < 0 || starText >= name.Length)
            {
                return false;
            }

            t = ++starText;
            k = starToken + 1;
        }
    }

    private enum SegmentShape : byte
    {
        Exact,
        Suffix,
        Prefix,
        Anything,
        GlobStar,
        General,
    }
}

internal enum SegmentTokenKind : byte
{
    Literal,
    AnyCharacter,
    Star,
    Class,
}

/// <summary>One element of a segment: a literal run, <c>?</c>, <c>*</c> (or <c>**</c>), or a bracket expression.</summary>
internal readonly record struct SegmentToken(SegmentTokenKind Kind, string? Literal = null, CharacterClass? Class = null, bool IsDoubleStar = false);
