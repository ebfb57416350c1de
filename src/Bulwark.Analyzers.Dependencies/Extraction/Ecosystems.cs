using System.Text.RegularExpressions;
using Bulwark.Core.Inventory;

namespace Bulwark.Analyzers.Dependencies.Extraction;

/// <summary>OSV ecosystem names and the purl of a package in each.</summary>
internal static partial class Ecosystems
{
    public const string Npm = "npm";
    public const string PyPI = "PyPI";
    public const string Maven = "Maven";
    public const string NuGet = "NuGet";
    public const string Go = "Go";
    public const string CratesIo = "crates.io";
    public const string RubyGems = "RubyGems";
    public const string Packagist = "Packagist";
    public const string Pub = "Pub";
    public const string Hex = "Hex";
    public const string SwiftUrl = "SwiftURL";
    public const string CocoaPods = "CocoaPods";
    public const string ConanCenter = "ConanCenter";

    /// <summary>npm: <c>pkg:npm/%40scope/name@1.0.0</c>, lower-cased as the purl spec asks.</summary>
    public static string NpmPurl(string name, string? version)
    {
        var lower = name.ToLowerInvariant();
        if (lower.StartsWith('@') && lower.IndexOf('/', StringComparison.Ordinal) is var slash and > 0)
        {
            return Purl.Build("npm", lower[..slash], lower[(slash + 1)..], version);
        }

        return Purl.Build("npm", null, lower, version);
    }

    /// <summary>PEP 503 normalised name: lower case, runs of '-', '_' and '.' become one '-'.</summary>
    public static string NormalizePyPIName(string name) => PyPINameSeparators().Replace(name.Trim(), "-").ToLowerInvariant();

    public static string PyPIPurl(string name, string? version) => Purl.Build("pypi", null, NormalizePyPIName(name), version);

    /// <summary>Maven coordinates as OSV names them: <c>group:artifact</c>.</summary>
    public static string MavenName(string group, string artifact) => $"{group}:{artifact}";

    public static string MavenPurl(string group, string artifact, string? version) => Purl.Build("maven", group, artifact, version);

    public static string MavenPurl(string name, string? version)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? Purl.Build("maven", null, name, version) : MavenPurl(name[..colon], name[(colon + 1)..], version);
    }

    public static string NuGetPurl(string name, string? version) => Purl.Build("nuget", null, name, version);

    /// <summary>Go: <c>pkg:golang/github.com/owner/repo@v1.2.3</c>, the module path split into namespace and name.</summary>
    public static string GoPurl(string module, string? version)
    {
        var slash = module.LastIndexOf('/');
        return slash < 0 ? Purl.Build("golang", null, module, version) : Purl.Build("golang", module[..slash], module[(slash + 1)..], version);
    }

    public static string CargoPurl(string name, string? version) => Purl.Build("cargo", null, name, version);

    public static string GemPurl(string name, string? version, string? platform = null) =>
        Purl.Build("gem", null, name, version, platform is null or "ruby" ? null : [new("platform", platform)]);

    /// <summary>Composer: <c>pkg:composer/vendor/name@1.0.0</c>, lower-cased.</summary>
    public static string ComposerPurl(string name, string? version)
    {
        var lower = name.ToLowerInvariant();
        var slash = lower.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? Purl.Build("composer", null, lower, version) : Purl.Build("composer", lower[..slash], lower[(slash + 1)..], version);
    }

    public static string PubPurl(string name, string? version) => Purl.Build("pub", null, name.ToLowerInvariant(), version);

    public static string HexPurl(string name, string? version) => Purl.Build("hex", null, name.ToLowerInvariant(), version);

    /// <summary>Swift: the name is the repository URL without scheme (<c>github.com/apple/swift-nio</c>).</summary>
    public static string SwiftPurl(string name, string? version)
    {
        var slash = name.LastIndexOf('/');
        return slash < 0 ? Purl.Build("swift", null, name, version) : Purl.Build("swift", name[..slash], name[(slash + 1)..], version);
    }

    public static string CocoaPodsPurl(string name, string? version)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? Purl.Build("cocoapods", null, name, version) : Purl.Build("cocoapods", null, name[..slash], version, subpath: name[(slash + 1)..]);
    }

    public static string ConanPurl(string name, string? version, string? user = null, string? channel = null)
    {
        List<KeyValuePair<string, string>> qualifiers = [];
        if (!string.IsNullOrEmpty(user) && user != "_")
        {
            qualifiers.Add(new("user", user));
        }

        if (!string.IsNullOrEmpty(channel) && channel != "_")
        {
            qualifiers.Add(new("channel", channel));
        }

        return Purl.Build("conan", null, name.ToLowerInvariant(), version, qualifiers);
    }

    /// <summary>The purl of a package of an OSV ecosystem, for formats that name packages OSV's way (SBOMs).</summary>
    public static string? PurlFor(string ecosystem, string name, string? version) => ecosystem switch
    {
        Npm => NpmPurl(name, version),
        PyPI => PyPIPurl(name, version),
        Maven => MavenPurl(name, version),
        NuGet => NuGetPurl(name, version),
        Go => GoPurl(name, version),
        CratesIo => CargoPurl(name, version),
        RubyGems => GemPurl(name, version),
        Packagist => ComposerPurl(name, version),
        Pub => PubPurl(name, version),
        Hex => HexPurl(name, version),
        SwiftUrl => SwiftPurl(name, version),
        CocoaPods => CocoaPodsPurl(name, version),
        ConanCenter => ConanPurl(name, version),
        _ => null,
    };

    /// <summary>The OSV ecosystem and package name a purl names, or null for purl types OSV has no ecosystem for.</summary>
    public static (string Ecosystem, string Name)? FromPurl(string purl)
    {
        if (!Purl.TryParse(purl, out var p))
        {
            return null;
        }

        var slashName = p.Namespace is null ? p.Name : $"{p.Namespace}/{p.Name}";
        return p.Type switch
        {
            "npm" => (Npm, slashName),
            "pypi" => (PyPI, p.Name),
            "maven" => (Maven, p.Namespace is null ? p.Name : $"{p.Namespace}:{p.Name}"),
            "nuget" => (NuGet, p.Name),
            "golang" => (Go, slashName),
            "cargo" => (CratesIo, p.Name),
            "gem" => (RubyGems, p.Name),
            "composer" => (Packagist, slashName),
            "pub" => (Pub, p.Name),
            "hex" => (Hex, p.Name),
            "swift" => (SwiftUrl, slashName),
            "cocoapods" => (CocoaPods, p.Name),
            "conan" => (ConanCenter, p.Name),
            _ => null,
        };
    }

    [GeneratedRegex("[-_.]+")]
    private static partial Regex PyPINameSeparators();
}
