using Tomlyn;
using Tomlyn.Model;

namespace Bulwark.Analyzers.Dependencies.Licenses;

/// <summary>
/// Cargo's unpacked registry sources (<c>$CARGO_HOME/registry/src/&lt;index&gt;/&lt;name&gt;-&lt;version&gt;</c>, where
/// <c>cargo fetch</c> and every build put each crate). The crate's normalised <c>Cargo.toml</c> has <c>license</c>
/// (an SPDX expression, or the old <c>MIT/Apache-2.0</c> form) or <c>license-file</c>, a file of the crate whose text
/// is identified with <see cref="LicenseText"/>. Only the exact folder of a listed crate is read.
/// </summary>
internal static class CargoRegistry
{
    public static InstalledPackage? Find(DirectoryInfo sources, string name, string version, InstalledPackageLimits limits)
    {
        if (!PackageCaches.IsSafeSegment(name) || !PackageCaches.IsSafeSegment(version))
        {
            return null;
        }

        // One folder per registry index (crates.io's sparse and git index, a mirror); the crate may be in any.
        foreach (var index in InstalledTree.Children(sources))
        {
            if (InstalledTree.RealDirectoryBelow(index, $"{name}-{version}") is { } crate
                && InstalledTree.RealFile(Path.Combine(crate.FullName, "Cargo.toml"), limits.MaxManifestSize) is { } manifest)
            {
                return Parse(File.ReadAllText(manifest.FullName), manifest.FullName, limits);
            }
        }

        return null;
    }

    /// <summary>One crate's Cargo.toml; null when it is not TOML or has no [package] name.</summary>
    internal static InstalledPackage? Parse(string text, string manifest, InstalledPackageLimits limits)
    {
        TomlTable table;
        try
        {
            table = TomlSerializer.Deserialize<TomlTable>(DependenciesAnalyzer.WithoutByteOrderMark(text)) ?? [];
        }
        catch (TomlException)
        {
            return null;
        }

        if (!table.TryGetValue("package", out var value) || value is not TomlTable package
            || !package.TryGetValue("name", out var name) || name is not string crateName)
        {
            return null;
        }

        var version = package.TryGetValue("version", out var v) ? v as string : null;
        IReadOnlyList<string> licenses = [];
        if (package.TryGetValue("license", out var license) && license is string { Length: > 0 } expression)
        {
            licenses = [expression.Trim()];
        }
        else if (package.TryGetValue("license-file", out var file) && file is string { Length: > 0 } licenseFile)
        {
            licenses = FromFile(Path.GetDirectoryName(manifest)!, licenseFile, limits);
        }

        return new InstalledPackage("crates.io", crateName, version, licenses, manifest);
    }

    /// <summary>The licence in a file of the crate (never outside it), identified from its text.</summary>
    private static IReadOnlyList<string> FromFile(string crate, string relative, InstalledPackageLimits limits)
    {
        var path = Path.GetFullPath(Path.Combine(crate, relative));
        if (!InstalledTree.IsUnder(path, crate) || InstalledTree.RealFile(path, limits.MaxManifestSize) is not { } file)
        {
            return [];
        }

        return LicenseText.Combine([LicenseText.Identify(File.ReadAllText(file.FullName))]) is { } identified
            ? [identified]
            : [$"SEE LICENSE IN {relative}"];
    }
}
