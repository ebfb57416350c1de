namespace Bulwark.Analyzers.Dependencies.Extraction;

/// <summary>The file to extract: its path relative to the scan root ('/' separators) and its text.</summary>
internal sealed record ExtractorInput(string Path, string Text, SourceTree Tree)
{
    public static ExtractorInput Standalone(string path, string text) => new(path, text, SourceTree.Empty);

    /// <summary>The directory of <see cref="Path"/> ("" at the root), '/' separated, no trailing slash.</summary>
    public string Directory => PathOps.DirectoryOf(Path);

    public string FileName => PathOps.FileName(Path);
}

/// <summary>
/// The files of the scanned tree that extractors asked for, by relative path. Read-only once built. A file no
/// extractor asked for up front (a requirements file included under another name) can still be read through the
/// optional fallback, which the analyzer points at the scan root; <see cref="Paths"/> lists only the collected files.
/// </summary>
internal sealed class SourceTree
{
    private readonly IReadOnlyDictionary<string, string> _files;
    private readonly Func<string, string?>? _fallback;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> _fetched = new(StringComparer.Ordinal);

    public SourceTree(IReadOnlyDictionary<string, string> files, Func<string, string?>? fallback = null)
    {
        _files = files;
        _fallback = fallback;
    }

    public static SourceTree Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    public IEnumerable<string> Paths => _files.Keys;

    public string? Read(string path)
    {
        var normalized = PathOps.Normalize(path);
        if (_files.TryGetValue(normalized, out var text))
        {
            return text;
        }

        return _fallback is null || normalized.Length == 0 || normalized.StartsWith("..", StringComparison.Ordinal)
            ? null
            : _fetched.GetOrAdd(normalized, _fallback);
    }

    public bool Contains(string path) => _files.ContainsKey(PathOps.Normalize(path));
}

/// <summary>Path arithmetic on '/'-separated relative paths.</summary>
internal static class PathOps
{
    /// <summary>Whether a directory of the path is named <paramref name="segment"/> (node_modules, vendor…).</summary>
    public static bool InDirectory(string path, string segment)
    {
        var dir = DirectoryOf(path);
        return dir == segment || dir.StartsWith(segment + "/", StringComparison.Ordinal) || dir.EndsWith("/" + segment, StringComparison.Ordinal)
            || dir.Contains("/" + segment + "/", StringComparison.Ordinal);
    }

    public static string FileName(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? path : path[(slash + 1)..];
    }

    public static string DirectoryOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    public static string Combine(string directory, string relative)
    {
        relative = relative.Replace('\\', '/');
        return Normalize(directory.Length == 0 ? relative : directory + "/" + relative);
    }

    /// <summary>Resolves "." and ".." segments; a path that climbs above the root keeps its leading "..".</summary>
    public static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == ".." && parts.Count > 0 && parts[^1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }
}
