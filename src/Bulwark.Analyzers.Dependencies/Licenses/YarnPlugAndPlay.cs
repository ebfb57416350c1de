using System.IO.Compression;

namespace Bulwark.Analyzers.Dependencies.Licenses;

/// <summary>
/// Yarn Plug'n'Play installs (Yarn 2+ without <c>node_modules</c>): every package stays a zip in the project's
/// <c>.yarn/cache</c>, holding <c>node_modules/&lt;name&gt;/package.json</c>; packages that must exist on disk (the
/// ones <c>.pnp.cjs</c> maps to <c>.yarn/unplugged</c>) are unpacked to
/// <c>.yarn/unplugged/&lt;locator&gt;/node_modules/&lt;name&gt;</c>. Zip entries are read by name, never extracted,
/// and only the package's own package.json, within the manifest size cap. Yarn's global cache (outside the project,
/// <c>enableGlobalCache</c>) is not read.
/// </summary>
internal static class YarnPlugAndPlay
{
    public static IReadOnlyList<InstalledPackage> ReadCache(DirectoryInfo cache, InstalledPackageLimits limits, ref int unreadable)
    {
        var found = new List<InstalledPackage>();
        FileInfo[] zips;
        try
        {
            zips = cache.GetFiles("*.zip");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return found;
        }

        foreach (var zip in zips.OrderBy(z => z.Name, StringComparer.Ordinal))
        {
            if (found.Count >= limits.MaxPackages)
            {
                break;
            }

            if ((zip.Attributes & FileAttributes.ReparsePoint) != 0)
            {
                continue;
            }

            if (Read(zip, limits) is { } package)
            {
                found.Add(package);
            }
            else
            {
                unreadable++;
            }
        }

        return found;
    }

    /// <summary>The package.json of the package a cache zip holds: the shallowest <c>node_modules/[@scope/]name/package.json</c>.</summary>
    private static InstalledPackage? Read(FileInfo zip, InstalledPackageLimits limits)
    {
        try
        {
            using var archive = ZipFile.OpenRead(zip.FullName);
            var manifest = archive.Entries
                .Where(e => IsPackageManifest(e.FullName) && e.Length <= limits.MaxManifestSize)
                .OrderBy(e => e.FullName.Count(c => c == '/'))
                .FirstOrDefault();
            if (manifest is null)
            {
                return null;
            }

            // The declared length can lie: read no more than the cap, whatever the entry inflates to.
            using var reader = new StreamReader(manifest.Open());
            var buffer = new char[limits.MaxManifestSize + 1];
            var length = reader.ReadBlock(buffer, 0, buffer.Length);
            if (length > limits.MaxManifestSize)
            {
                return null;
            }

            var folderName = manifest.FullName["node_modules/".Length..^"/package.json".Length];
            return NodeModules.Parse(new string(buffer, 0, length), $"{zip.FullName}!{manifest.FullName}", folderName);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsPackageManifest(string entry)
    {
        if (!entry.StartsWith("node_modules/", StringComparison.Ordinal) || !entry.EndsWith("/package.json", StringComparison.Ordinal))
        {
            return false;
        }

        var name = entry["node_modules/".Length..^"/package.json".Length];
        var parts = name.Split('/');
        return parts.Length == 1 ? parts[0].Length > 0 && !parts[0].StartsWith('@')
            : parts.Length == 2 && parts[0].StartsWith('@') && parts[1].Length > 0;
    }

    /// <summary>The unplugged packages: each <c>.yarn/unplugged/&lt;locator&gt;/node_modules</c> read like any node_modules.</summary>
    public static IReadOnlyList<InstalledPackage> ReadUnplugged(DirectoryInfo unplugged, InstalledPackageLimits limits, ref int unreadable)
    {
        var found = new List<InstalledPackage>();
        foreach (var locator in InstalledTree.Children(unplugged))
        {
            if (found.Count >= limits.MaxPackages)
            {
                break;
            }

            if (InstalledTree.RealDirectory(Path.Combine(locator.FullName, "node_modules"), null) is { } nodeModules)
            {
                found.AddRange(NodeModules.Read(nodeModules, limits, ref unreadable));
            }
        }

        return found;
    }
}
