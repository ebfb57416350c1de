using System.Xml;
using System.Xml.Linq;

namespace Bulwark.Analyzers.Dependencies.Licenses;

/// <summary>
/// NuGet's global packages folder (<c>NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>), where restore unpacks every
/// package as <c>&lt;id&gt;/&lt;version&gt;/&lt;id&gt;.nuspec</c> (lower case). Only the exact nuspec of a listed
/// component is read, never a walk of the folder. <c>license type="expression"</c> is SPDX; <c>type="file"</c>
/// names a file in the package; the deprecated <c>licenseUrl</c> is used when nothing else is there.
/// </summary>
internal static class NuGetPackagesFolder
{
    private const string DeprecatedLicenseUrl = "https://aka.ms/deprecateLicenseUrl";

    /// <summary>The folder restore uses on this machine: <c>NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>.</summary>
    public static string? DefaultPath()
    {
        var configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return !string.IsNullOrWhiteSpace(configured) ? configured : home.Length == 0 ? null : Path.Combine(home, ".nuget", "packages");
    }

    public static InstalledPackage? Find(DirectoryInfo folder, string id, string version, InstalledPackageLimits limits)
    {
        var lowerId = id.ToLowerInvariant();
        if (lowerId.Contains('/', StringComparison.Ordinal) || lowerId.Contains('\\', StringComparison.Ordinal) || lowerId.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var candidate in FolderVersions(version))
        {
            var path = Path.Combine(folder.FullName, lowerId, candidate, lowerId + ".nuspec");
            if (InstalledTree.RealFile(path, limits.MaxManifestSize) is { } file)
            {
                return Parse(File.ReadAllText(file.FullName), file.FullName);
            }
        }

        return null;
    }

    /// <summary>NuGet names folders by the normalised version: lower case, no build metadata, at least three parts.</summary>
    private static IEnumerable<string> FolderVersions(string version)
    {
        var lower = version.Trim().ToLowerInvariant();
        var plus = lower.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            lower = lower[..plus];
        }

        if (lower.Contains('/', StringComparison.Ordinal) || lower.Contains('\\', StringComparison.Ordinal) || lower.Contains("..", StringComparison.Ordinal) || lower.Length == 0)
        {
            yield break;
        }

        yield return lower;
        var dash = lower.IndexOf('-', StringComparison.Ordinal);
        var release = dash >= 0 ? lower[..dash] : lower;
        var suffix = dash >= 0 ? lower[dash..] : string.Empty;
        var parts = release.Split('.');
        if (parts.Length < 3)
        {
            yield return string.Join('.', parts.Concat(Enumerable.Repeat("0", 3 - parts.Length))) + suffix;
        }
        else if (parts.Length == 4 && parts[3] == "0")
        {
            yield return string.Join('.', parts.Take(3)) + suffix;
        }
    }

    internal static InstalledPackage? Parse(string text, string manifest)
    {
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new StringReader(DependenciesAnalyzer.WithoutByteOrderMark(text)), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }

        var metadata = document.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim();
        if (Value("id") is not { Length: > 0 } id)
        {
            return null;
        }

        var license = metadata!.Elements().FirstOrDefault(e => e.Name.LocalName == "license");
        IReadOnlyList<string> licenses = license?.Attribute("type")?.Value switch
        {
            "expression" when license.Value.Trim().Length > 0 => [license.Value.Trim()],
            // The licence is a file inside the package: only a person can read it.
            "file" when license.Value.Trim().Length > 0 => [$"SEE LICENSE IN {license.Value.Trim()}"],
            _ => Value("licenseUrl") is { Length: > 0 } url && !url.Equals(DeprecatedLicenseUrl, StringComparison.OrdinalIgnoreCase) ? [url] : [],
        };
        return new InstalledPackage("NuGet", id, Value("version"), licenses, manifest);
    }
}
