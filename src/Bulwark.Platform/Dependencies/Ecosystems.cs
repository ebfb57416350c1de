namespace Bulwark.Platform.Dependencies;

/// <summary>OSV ecosystem names and package URL types: a component names one or the other, searches may use either.</summary>
public static class Ecosystems
{
    private static readonly Dictionary<string, string> ByPurlType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["npm"] = "npm",
        ["pypi"] = "PyPI",
        ["maven"] = "Maven",
        ["nuget"] = "NuGet",
        ["golang"] = "Go",
        ["cargo"] = "crates.io",
        ["gem"] = "RubyGems",
        ["composer"] = "Packagist",
        ["pub"] = "Pub",
        ["hex"] = "Hex",
        ["swift"] = "SwiftURL",
        ["deb"] = "Debian",
        ["apk"] = "Alpine",
        ["rpm"] = "Red Hat",
    };

    /// <summary>The purl type (<c>maven</c>) of <c>pkg:maven/org.apache…</c>, lower-cased; null when it is not a purl.</summary>
    public static string? PurlType(string? purl)
    {
        if (purl is null || !purl.StartsWith("pkg:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var slash = purl.IndexOf('/', 4);
        return slash > 4 ? purl[4..slash].ToLowerInvariant() : null;
    }

    /// <summary>The OSV ecosystem of a component: the one it names, else the one its purl type implies.</summary>
    public static string? Of(string? ecosystem, string? purl) =>
        !string.IsNullOrEmpty(ecosystem) ? ecosystem
        : PurlType(purl) is { } type && ByPurlType.TryGetValue(type, out var name) ? name
        : null;
}
