using System.Text.Json;
using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Licenses;

/// <summary>
/// The packages installed in a <c>node_modules</c> folder, read from their <c>package.json</c>: npm and Yarn's
/// nested layout (<c>node_modules/a/node_modules/b</c>), scopes (<c>@scope/name</c>) and pnpm's store
/// (<c>node_modules/.pnpm/name@version/node_modules/name</c>). Links are never followed: pnpm's top-level links and
/// workspace links point at folders that are read where they really are, or are the project's own code.
/// </summary>
internal static class NodeModules
{
    public static IReadOnlyList<InstalledPackage> Read(DirectoryInfo nodeModules, InstalledPackageLimits limits, ref int unreadable)
    {
        var found = new List<InstalledPackage>();
        Walk(nodeModules, 0, limits, found, ref unreadable);
        return found;
    }

    private static void Walk(DirectoryInfo nodeModules, int depth, InstalledPackageLimits limits, List<InstalledPackage> found, ref int unreadable)
    {
        if (depth > limits.MaxDepth)
        {
            return;
        }

        foreach (var child in InstalledTree.Children(nodeModules))
        {
            if (found.Count >= limits.MaxPackages)
            {
                return;
            }

            if (child.Name.StartsWith('@'))
            {
                foreach (var scoped in InstalledTree.Children(child))
                {
                    Package(scoped, child.Name + "/" + scoped.Name, depth, limits, found, ref unreadable);
                }
            }
            else if (child.Name == ".pnpm")
            {
                foreach (var entry in InstalledTree.Children(child))
                {
                    if (InstalledTree.RealDirectory(Path.Combine(entry.FullName, "node_modules"), null) is { } inner)
                    {
                        Walk(inner, depth + 1, limits, found, ref unreadable);
                    }
                }
            }
            else if (!child.Name.StartsWith('.'))
            {
                Package(child, child.Name, depth, limits, found, ref unreadable);
            }
        }
    }

    private static void Package(DirectoryInfo directory, string folderName, int depth, InstalledPackageLimits limits, List<InstalledPackage> found, ref int unreadable)
    {
        var manifest = Path.Combine(directory.FullName, "package.json");
        if (InstalledTree.RealFile(manifest, limits.MaxManifestSize) is { } file)
        {
            if (Parse(File.ReadAllText(file.FullName), manifest, folderName) is { } package)
            {
                found.Add(package);
            }
            else
            {
                unreadable++;
            }
        }

        if (InstalledTree.RealDirectory(Path.Combine(directory.FullName, "node_modules"), null) is { } nested)
        {
            Walk(nested, depth + 1, limits, found, ref unreadable);
        }
    }

    /// <summary>One package.json; null when it is not JSON.</summary>
    internal static InstalledPackage? Parse(string text, string manifest, string folderName)
    {
        try
        {
            using var document = JsonDocument.Parse(DependenciesAnalyzer.WithoutByteOrderMark(text), new JsonDocumentOptions { MaxDepth = 64 });
            var root = document.RootElement;
            var name = root.String("name") is { Length: > 0 } declared ? declared : folderName;
            return new InstalledPackage("npm", name, root.String("version"), Licenses(root), manifest);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// <c>license</c> as a string (SPDX), the legacy object <c>{ "type": "MIT" }</c>, or the legacy array
    /// <c>licenses: [{ "type": … }]</c>, which listed the licences a user could choose from: joined with OR.
    /// </summary>
    internal static IReadOnlyList<string> Licenses(JsonElement manifest)
    {
        if (manifest.String("license") is { Length: > 0 } license)
        {
            return [license];
        }

        if (manifest.Object("license") is { } legacy && legacy.String("type") is { Length: > 0 } type)
        {
            return [type];
        }

        var listed = manifest.Items("licenses")
            .Select(l => l.ValueKind == JsonValueKind.String ? l.GetString() : l.String("type"))
            .OfType<string>().Where(l => l.Trim().Length > 0).Select(l => l.Trim()).Distinct(StringComparer.Ordinal).ToList();
        return listed.Count switch
        {
            0 => [],
            1 => listed,
            _ => [Core.Licenses.LicenseNormalizer.AnyOf(listed)!.Text],
        };
    }
}
