namespace Bulwark.Analyzers.Dependencies.Licenses;

/// <summary>
/// The distributions installed in a Python environment, from <c>*.dist-info/METADATA</c> (and the older
/// <c>*.egg-info/PKG-INFO</c>): <c>License-Expression</c> (core metadata 2.4) first, else a <c>License</c> field that
/// names a licence, else the <c>License ::</c> trove classifiers (several mean a choice: joined with OR).
/// </summary>
internal static class PythonDistributions
{
    /// <summary>Where environments of a project live: virtualenvs (a folder with pyvenv.cfg) and PEP 582 <c>__pypackages__</c>.</summary>
    public static IEnumerable<DirectoryInfo> SitePackages(DirectoryInfo project, string root)
    {
        foreach (var child in InstalledTree.Children(project))
        {
            if (File.Exists(Path.Combine(child.FullName, "pyvenv.cfg")))
            {
                foreach (var lib in new[] { "lib", "lib64", "Lib" })
                {
                    if (InstalledTree.RealDirectory(Path.Combine(child.FullName, lib), root) is not { } libDirectory)
                    {
                        continue;
                    }

                    if (lib == "Lib" && InstalledTree.RealDirectory(Path.Combine(libDirectory.FullName, "site-packages"), root) is { } windows)
                    {
                        yield return windows;
                        continue;
                    }

                    foreach (var python in InstalledTree.Children(libDirectory).Where(d => d.Name.StartsWith("python", StringComparison.Ordinal)))
                    {
                        if (InstalledTree.RealDirectory(Path.Combine(python.FullName, "site-packages"), root) is { } sitePackages)
                        {
                            yield return sitePackages;
                        }
                    }
                }
            }
            else if (child.Name == "__pypackages__")
            {
                foreach (var version in InstalledTree.Children(child))
                {
                    if (InstalledTree.RealDirectory(Path.Combine(version.FullName, "lib"), root) is { } lib)
                    {
                        yield return lib;
                    }
                }
            }
        }
    }

    public static IReadOnlyList<InstalledPackage> Read(DirectoryInfo sitePackages, InstalledPackageLimits limits, ref int unreadable)
    {
        var found = new List<InstalledPackage>();
        foreach (var distribution in InstalledTree.Children(sitePackages))
        {
            if (found.Count >= limits.MaxPackages)
            {
                break;
            }

            var metadata = distribution.Name.EndsWith(".dist-info", StringComparison.Ordinal) ? "METADATA"
                : distribution.Name.EndsWith(".egg-info", StringComparison.Ordinal) ? "PKG-INFO"
                : null;
            if (metadata is null || InstalledTree.RealFile(Path.Combine(distribution.FullName, metadata), limits.MaxManifestSize) is not { } file)
            {
                continue;
            }

            if (Parse(File.ReadLines(file.FullName), file.FullName) is { } package)
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

    /// <summary>The header block of a core-metadata file (RFC 822 style, continuation lines indented); null without Name.</summary>
    internal static InstalledPackage? Parse(IEnumerable<string> lines, string manifest)
    {
        string? name = null, version = null, expression = null, license = null;
        var licenseLines = 0;
        var classifiers = new List<string>();
        string? current = null;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                break;
            }

            if (line[0] is ' ' or '\t')
            {
                if (current == "License")
                {
                    licenseLines++;
                }

                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            current = line[..colon];
            var value = line[(colon + 1)..].Trim();
            switch (current.ToLowerInvariant())
            {
                case "name":
                    name = value;
                    break;
                case "version":
                    version = value;
                    break;
                case "license-expression":
                    expression = value;
                    break;
                case "license":
                    license = value;
                    break;
                case "classifier" when value.StartsWith("License ::", StringComparison.Ordinal):
                    classifiers.Add(value);
                    break;
            }
        }

        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        return new InstalledPackage("PyPI", name, version, Choose(expression, licenseLines == 0 ? license : null, classifiers), manifest);
    }

    private static IReadOnlyList<string> Choose(string? expression, string? license, List<string> classifiers)
    {
        if (!string.IsNullOrWhiteSpace(expression))
        {
            return [expression];
        }

        // The License field is free text: often a name ("MIT", "Apache 2.0"), sometimes a whole licence text.
        // Taken when it names a licence Bulwark recognises, else the classifiers say more.
        if (license is { Length: > 0 and <= 200 } && Core.Licenses.LicenseNormalizer.Normalize(license) is { } named
            && (named.Expression is not null || named.Class != Core.Licenses.LicenseClass.Unknown))
        {
            return [license];
        }

        var recognised = classifiers
            .Select(c => Core.Licenses.LicenseNormalizer.Normalize(c))
            .OfType<Core.Licenses.NormalizedLicense>()
            .Where(l => l.Expression is not null || l.Class != Core.Licenses.LicenseClass.Unknown)
            .Select(l => l.Text)
            .ToList();
        if (Core.Licenses.LicenseNormalizer.AnyOf(recognised) is { } choice)
        {
            return [choice.Text];
        }

        // An unrecognised short name is still what the package says; a whole licence text is not a name.
        return license is { Length: > 0 and <= 200 } && !string.Equals(license, "UNKNOWN", StringComparison.OrdinalIgnoreCase) ? [license] : [];
    }
}
