using System.Xml;
using System.Xml.Linq;
using Bulwark.Analyzers.Dependencies.Extractors.Java;
using Bulwark.Core.Licenses;

namespace Bulwark.Analyzers.Dependencies.Licenses;

/// <summary>
/// The poms of Maven's local repository (<c>~/.m2/repository/&lt;group as folders&gt;/&lt;artifact&gt;/&lt;version&gt;/</c>)
/// and of Gradle's module cache (<c>~/.gradle/caches/modules-2/files-2.1/&lt;group&gt;/&lt;artifact&gt;/&lt;version&gt;/&lt;sha1&gt;/</c>),
/// where builds put every artifact they resolved. A pom's <c>&lt;licenses&gt;</c> name the licences; several are
/// alternatives (Maven: "the user may choose"), joined with OR. A pom without them inherits its parent's, as Maven
/// does: the parent pom is looked up the same way, up to <see cref="MaxParents"/> levels.
/// </summary>
internal sealed class MavenRepository(DirectoryInfo? maven, DirectoryInfo? gradle, InstalledPackageLimits limits)
{
    public const int MaxParents = 10;

    private readonly Dictionary<(string, string, string), PomLicenses?> _poms = [];

    /// <summary>A pom's own licences and its parent, as read.</summary>
    private sealed record PomLicenses(string Path, IReadOnlyList<string> Licenses, (string Group, string Artifact, string Version)? Parent);

    /// <param name="name">The component name, <c>group:artifact</c>.</param>
    public InstalledPackage? Find(string name, string version)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        var coordinates = (name[..colon], name[(colon + 1)..], version);
        if (Read(coordinates) is not { } pom)
        {
            return null;
        }

        var current = pom;
        var seen = new HashSet<(string, string, string)> { coordinates };
        for (var level = 0; current.Licenses.Count == 0 && current.Parent is { } parent && level < MaxParents && seen.Add(parent); level++)
        {
            if (Read(parent) is not { } parentPom)
            {
                break;
            }

            current = parentPom;
        }

        return new InstalledPackage("Maven", name, version, current.Licenses, current.Path);
    }

    private PomLicenses? Read((string Group, string Artifact, string Version) coordinates)
    {
        if (_poms.TryGetValue(coordinates, out var cached))
        {
            return cached;
        }

        PomLicenses? pom = null;
        var (group, artifact, version) = coordinates;
        if (group.Split('.').All(PackageCaches.IsSafeSegment) && PackageCaches.IsSafeSegment(artifact) && PackageCaches.IsSafeSegment(version))
        {
            var file = PomFile(group, artifact, version);
            pom = file is null ? null : Parse(File.ReadAllText(file.FullName), file.FullName);
        }

        _poms[coordinates] = pom;
        return pom;
    }

    private FileInfo? PomFile(string group, string artifact, string version)
    {
        var pomName = $"{artifact}-{version}.pom";
        if (maven is not null && InstalledTree.RealDirectoryBelow(maven, [.. group.Split('.'), artifact, version]) is { } mavenFolder
            && InstalledTree.RealFile(Path.Combine(mavenFolder.FullName, pomName), limits.MaxManifestSize) is { } inMaven)
        {
            return inMaven;
        }

        if (gradle is not null && InstalledTree.RealDirectoryBelow(gradle, group, artifact, version) is { } versionFolder)
        {
            // One folder per file, named by its SHA-1.
            foreach (var hash in InstalledTree.Children(versionFolder))
            {
                if (InstalledTree.RealFile(Path.Combine(hash.FullName, pomName), limits.MaxManifestSize) is { } inGradle)
                {
                    return inGradle;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// What <c>${...}</c> may name in this pom: its own <c>&lt;properties&gt;</c> and its coordinates. A pom published
    /// without flattening keeps CI-friendly versions (<c>&lt;parent&gt;&lt;version&gt;${revision}&lt;/version&gt;</c>) and
    /// licence names held in properties; properties a parent defines are not followed (the parent is what is sought).
    /// </summary>
    private static Dictionary<string, string> Properties(XElement project, XElement? parent)
    {
        static string? Text(XElement? element, string name) =>
            element?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim() is { Length: > 0 } value ? value : null;

        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in project.Elements().FirstOrDefault(e => e.Name.LocalName == "properties")?.Elements() ?? [])
        {
            properties.TryAdd(property.Name.LocalName, property.Value.Trim());
        }

        foreach (var (key, value) in new[]
        {
            ("project.groupId", Text(project, "groupId") ?? Text(parent, "groupId")), ("project.artifactId", Text(project, "artifactId")),
            ("project.version", Text(project, "version") ?? Text(parent, "version")), ("project.parent.groupId", Text(parent, "groupId")),
            ("project.parent.version", Text(parent, "version")),
        })
        {
            if (value is not null)
            {
                properties.TryAdd(key, value);
                properties.TryAdd(key["project.".Length..], value); // the deprecated ${version}, ${groupId} forms
            }
        }

        return properties;
    }

    /// <summary>One pom: its licences and parent; null when it is not XML.</summary>
    private static PomLicenses? Parse(string text, string path)
    {
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
            using var reader = XmlReader.Create(new StringReader(DependenciesAnalyzer.WithoutByteOrderMark(text)), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }

        var project = document.Root;
        if (project is null)
        {
            return null;
        }

        static XElement? Child(XElement? element, string name) => element?.Elements().FirstOrDefault(e => e.Name.LocalName == name);
        static string? Value(XElement? element, string name) => Child(element, name)?.Value.Trim() is { Length: > 0 } value ? value : null;

        var parent = Child(project, "parent");
        var properties = Properties(project, parent);
        string? Resolved(XElement? element, string name) => Value(element, name) is { } raw ? PomXml.Interpolate(raw, properties) : null;

        var licenses = (Child(project, "licenses")?.Elements().Where(e => e.Name.LocalName == "license") ?? [])
            .Select(l => Declared(Resolved(l, "name"), Resolved(l, "url")))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var parentCoordinates = Resolved(parent, "groupId") is { } g && Resolved(parent, "artifactId") is { } a && Resolved(parent, "version") is { } v
            ? (g, a, v)
            : ((string, string, string)?)null;
        IReadOnlyList<string> declared = licenses.Count switch
        {
            0 => [],
            1 => licenses,
            _ => [LicenseNormalizer.AnyOf(licenses)!.Text],
        };
        return new PomLicenses(path, declared, parentCoordinates);
    }

    /// <summary>
    /// What the pom declares, in the most exact form it gives: the name when it is (or names) an SPDX licence, else
    /// the URL when that identifies one (<c>GNU Lesser General Public License</c> names only the family; its URL
    /// <c>…/lgpl-2.1.html</c> says which), else the name when it names a family, else whatever is there.
    /// </summary>
    private static string? Declared(string? name, string? url)
    {
        static NormalizedLicense? Read(string? value) => value is null ? null : LicenseNormalizer.Normalize(value);

        var byName = Read(name);
        if (byName?.Expression is not null)
        {
            return name;
        }

        if (Read(url)?.Expression is not null)
        {
            return url;
        }

        return byName is { Class: not LicenseClass.Unknown } ? name : name ?? url;
    }
}
