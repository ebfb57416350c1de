namespace Bulwark.Scanning.Ignore;

/// <summary>A path asked about, relative to the scanned root with '/' separators, described once for every rule set.</summary>
internal readonly ref struct IgnoreCandidate
{
    public IgnoreCandidate(ReadOnlySpan<char> relativePath, int nameStart, int components, bool isDirectory)
    {
        RelativePath = relativePath;
        NameStart = nameStart;
        Components = components;
        IsDirectory = isDirectory;
    }

    public ReadOnlySpan<char> RelativePath { get; }

    /// <summary>Index of the last component in <see cref="RelativePath"/>.</summary>
    public int NameStart { get; }

    /// <summary>Number of components of <see cref="RelativePath"/>.</summary>
    public int Components { get; }

    public bool IsDirectory { get; }

    public ReadOnlySpan<char> Name => RelativePath[NameStart..];

    /// <summary>Builds a candidate from a relative path, counting its components.</summary>
    public static IgnoreCandidate For(string relativePath, bool isDirectory)
    {
        var slash = relativePath.LastIndexOf('/');
        return new IgnoreCandidate(relativePath, slash + 1, relativePath.AsSpan().Count('/') + 1, isDirectory);
    }
}

/// <summary>What the rules of one source say about a path.</summary>
internal enum IgnoreVerdict : byte
{
    /// <summary>No pattern matched: the next source decides.</summary>
    None,

    /// <summary>The last matching pattern excludes the path.</summary>
    Ignored,

    /// <summary>The last matching pattern is a negation: the path is kept, whatever weaker sources say.</summary>
    Included,
}
