namespace Bulwark.Scanning.Ignore;

/// <summary>
/// The patterns of one source (a <c>.gitignore</c>, a <c>.bulwarkignore</c>, <c>.git/info/exclude</c> or the
/// <c>--exclude</c> list), which apply to paths under its directory. Within a source the last matching
/// pattern decides. Names patterns (<c>Makefile</c>) and extension patterns (<c>*.o</c>) — most lines of
/// real ignore files — are found by hash lookup instead of being tried one by one.
/// </summary>
internal sealed class IgnoreRuleSet
{
    private readonly IgnorePattern[] _patterns;
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>>? _byName;
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>>? _byExtension;

    // Indexes (ascending) of the patterns that need a real match, by the last character of the name: most
    // globs end in a literal ("*.tab.[ch]", "/vmlinux"), which rules them out for most names at no cost.
    private readonly int[][] _othersByLastAscii;
    private readonly int[] _others;

    public IgnoreRuleSet(string basePrefix, IReadOnlyList<IgnorePattern> patterns, string? source = null)
    {
        BasePrefix = basePrefix;
        BaseComponents = basePrefix.AsSpan().Count('/');
        Source = source;
        _patterns = [.. patterns];

        var byName = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var byExtension = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var others = new List<int>();
        for (var i = 0; i < _patterns.Length; i++)
        {
            var glob = _patterns[i].NameGlob;
            if (glob?.ExactName is { } name)
            {
                Add(byName, name, i);
            }
            else if (glob?.Extension is { } extension)
            {
                Add(byExtension, extension, i);
            }
            else
            {
                others.Add(i);
            }
        }

        _byName = Freeze(byName);
        _byExtension = Freeze(byExtension);
        _others = [.. others];
        _othersByLastAscii = new int[128][];
        for (var c = 0; c < 128; c++)
        {
            _othersByLastAscii[c] = [.. others.Where(i => _patterns[i].LastSegment.CanEndWith((char)c))];
        }
    }

    /// <summary>The directory of the source relative to the root, with a trailing '/' ("" for the root).</summary>
    public string BasePrefix { get; }

    public int BaseComponents { get; }

    /// <summary>Where the patterns came from (a relative path, or a description), for diagnostics.</summary>
    public string? Source { get; }

    public int Count => _patterns.Length;

    public static IgnoreRuleSet Parse(string text, string basePrefix, string? source = null) =>
        new(basePrefix, ParseLines(text.AsSpan()), source);

    public static IgnoreRuleSet FromLines(IEnumerable<string> lines, string basePrefix, string? source = null) =>
        new(basePrefix, [.. lines.Select(IgnorePattern.Parse).OfType<IgnorePattern>()], source);

    /// <summary>
    /// Asks the patterns about <paramref name="candidate"/>, which must lie under <see cref="BasePrefix"/>.
    /// </summary>
    public IgnoreVerdict Match(in IgnoreCandidate candidate)
    {
        var name = candidate.Name;
        var isDirectory = candidate.IsDirectory;
        var best = -1;
        if (_byName is { } byName && byName.TryGetValue(name, out var named))
        {
            best = LastApplicable(named, isDirectory);
        }

        if (_byExtension is { } byExtension)
        {
            var dot = name.LastIndexOf('.');
            if (dot >= 0 && byExtension.TryGetValue(name[dot..], out var extended))
            {
                best = Math.Max(best, LastApplicable(extended, isDirectory));
            }
        }

        var last = name[^1];
        var others = last < 128 ? _othersByLastAscii[last] : _others;
        if (others.Length > 0)
        {
            var path = candidate.RelativePath[BasePrefix.Length..];
            var components = candidate.Components - BaseComponents;
            for (var k = others.Length - 1; k >= 0 && others[k] > best; k--)
            {
                var pattern = _patterns[others[k]];
                if ((isDirectory || !pattern.IsDirectoryOnly) && pattern.IsMatch(path, name, components))
                {
                    best = others[k];
                    break;
                }
            }
        }

        if (best < 0)
        {
            return IgnoreVerdict.None;
        }

        return _patterns[best].IsNegated ? IgnoreVerdict.Included : IgnoreVerdict.Ignored;
    }

    private int LastApplicable(int[] indexes, bool isDirectory)
    {
        for (var k = indexes.Length - 1; k >= 0; k--)
        {
            if (isDirectory || !_patterns[indexes[k]].IsDirectoryOnly)
            {
                return indexes[k];
            }
        }

        return -1;
    }

    private static List<IgnorePattern> ParseLines(ReadOnlySpan<char> text)
    {
        var patterns = new List<IgnorePattern>();
        foreach (var range in text.Split('\n'))
        {
            var line = text[range];

            // git drops the CR of a CRLF line ending before trimming trailing spaces.
            if (line.EndsWith('\r'))
            {
                line = line[..^1];
            }

            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            if (IgnorePattern.Parse(line.ToString()) is { } pattern)
            {
                patterns.Add(pattern);
            }
        }

        return patterns;
    }

    private static void Add(Dictionary<string, List<int>> index, string key, int pattern)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(pattern);
    }

    private static Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>>? Freeze(Dictionary<string, List<int>> index)
    {
        if (index.Count == 0)
        {
            return null;
        }

        var frozen = index.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        return frozen.GetAlternateLookup<ReadOnlySpan<char>>();
    }
}
