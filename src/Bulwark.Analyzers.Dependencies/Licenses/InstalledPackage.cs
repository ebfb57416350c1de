namespace Bulwark.Analyzers.Dependencies.Licenses;

/// <summary>A package found installed on disk, with the licences its own manifest declares (as written).</summary>
internal sealed record InstalledPackage(string Ecosystem, string Name, string? Version, IReadOnlyList<string> Licenses, string Manifest);

/// <summary>How far a read of installed packages may go: a huge or hostile tree must not stall a scan.</summary>
internal sealed record InstalledPackageLimits
{
    public int MaxPackages { get; init; } = 50_000;

    public int MaxDepth { get; init; } = 32;

    /// <summary>Manifests bigger than this are skipped (package.json, METADATA headers, nuspec are small).</summary>
    public long MaxManifestSize { get; init; } = 4 * 1024 * 1024;
}

/// <summary>Directory checks shared by the readers: inside the scanned root and never through a link.</summary>
internal static class InstalledTree
{
    /// <summary>
    /// The directory when it exists, is no symbolic link or junction, and lies under <paramref name="root"/>
    /// (null root: any real directory, for folders outside the tree such as NuGet's global packages folder).
    /// </summary>
    public static DirectoryInfo? RealDirectory(string path, string? root)
    {
        try
        {
            var full = Path.GetFullPath(path);
            if (root is not null && !IsUnder(full, root))
            {
                return null;
            }

            var info = new DirectoryInfo(full);
            return info.Exists && (info.Attributes & FileAttributes.ReparsePoint) == 0 ? info : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// The folder <paramref name="segments"/> below <paramref name="root"/> when every step of the way is a real
    /// directory (no link or junction anywhere, so nothing outside the root can be reached), else null.
    /// </summary>
    public static DirectoryInfo? RealDirectoryBelow(DirectoryInfo root, params string[] segments)
    {
        var current = root;
        foreach (var segment in segments)
        {
            if (current is null || RealDirectory(Path.Combine(current.FullName, segment), root.FullName) is not { } next)
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    public static bool IsUnder(string fullPath, string root)
    {
        var rootFull = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return (fullPath.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar).StartsWith(rootFull, StringComparison.Ordinal);
    }

    /// <summary>Child directories that are real directories (links and junctions skipped), in name order.</summary>
    public static IEnumerable<DirectoryInfo> Children(DirectoryInfo directory)
    {
        DirectoryInfo[] children;
        try
        {
            children = directory.GetDirectories();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var child in children.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            if ((child.Attributes & FileAttributes.ReparsePoint) == 0)
            {
                yield return child;
            }
        }
    }

    /// <summary>A regular file (no link) within the size cap, or null.</summary>
    public static FileInfo? RealFile(string path, long maxSize)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && (info.Attributes & FileAttributes.ReparsePoint) == 0 && info.Length <= maxSize ? info : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}
