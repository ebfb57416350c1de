namespace Bulwark.Analyzers.Dependencies.Licenses;

/// <summary>
/// Go's module cache (<c>GOMODCACHE</c>, else <c>$GOPATH/pkg/mod</c>), where <c>go mod download</c> and every build
/// unpack each module as <c>&lt;module&gt;@&lt;version&gt;</c>, with upper-case letters escaped as <c>!</c> + lower case.
/// A Go module declares no licence in any manifest: its LICENSE/COPYING files are read and their text identified
/// (<see cref="LicenseText"/>). Only the module's own top folder is read.
/// </summary>
internal static class GoModuleCache
{
    public static InstalledPackage? Find(DirectoryInfo cache, string module, string version, InstalledPackageLimits limits)
    {
        var goVersion = version.StartsWith('v') ? version : "v" + version;
        var segments = module.Split('/');
        if (segments.Any(s => !PackageCaches.IsSafeSegment(s)) || !PackageCaches.IsSafeSegment(goVersion))
        {
            return null;
        }

        string[] escaped = [.. segments.Select(Escape)];
        escaped[^1] += "@" + Escape(goVersion);
        if (InstalledTree.RealDirectoryBelow(cache, escaped) is not { } directory)
        {
            return null;
        }

        var folder = directory.FullName;

        FileInfo[] files;
        try
        {
            files = directory.GetFiles();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var texts = files
            .Where(f => LicenseText.IsLicenseFileName(f.Name) && (f.Attributes & FileAttributes.ReparsePoint) == 0 && f.Length <= limits.MaxManifestSize)
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        if (texts.Count == 0)
        {
            return new InstalledPackage("Go", module, version, [], folder);
        }

        var identified = LicenseText.Combine(texts.Select(f => LicenseText.Identify(File.ReadAllText(f.FullName))));
        return new InstalledPackage("Go", module, version, identified is null ? [$"SEE LICENSE IN {texts[0].Name}"] : [identified], Path.Combine(folder, texts[0].Name));
    }

    /// <summary>The module cache's case encoding: every upper-case letter becomes '!' and its lower case.</summary>
    internal static string Escape(string segment)
    {
        var builder = new System.Text.StringBuilder(segment.Length + 4);
        foreach (var c in segment)
        {
            if (c is >= 'A' and <= 'Z')
            {
                builder.Append('!').Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
