using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Bulwark.Advisories.Update;

/// <summary>
/// Where OSV's per-ecosystem archives are downloaded from: <c>{base}/{ecosystem}/all.zip</c>, the layout
/// of OSV's public bucket (https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip) and of any
/// mirror of it. Only HTTPS, unless the mirror is on this machine (loopback) or plain HTTP was allowed
/// explicitly; no credentials, query or fragment in the base, so a URL printed in a message gives nothing away.
/// </summary>
public sealed class OsvMirror
{
    public const string DefaultBase = "https://osv-vulnerabilities.storage.googleapis.com";

    /// <summary>
    /// Updated when nothing else is asked for and the database has no downloaded archives yet: the
    /// ecosystems of the lockfiles Bulwark reads that OSV publishes archives for.
    /// </summary>
    public static IReadOnlyList<string> DefaultEcosystems { get; } =
        ["npm", "PyPI", "Maven", "NuGet", "Go", "crates.io", "RubyGems", "Packagist", "Pub", "Hex", "SwiftURL"];

    // OSV's folder names are case-sensitive; a user typing `pypi` means `PyPI`.
    private static readonly string[] KnownEcosystems =
    [
        "AlmaLinux", "Alpine", "Android", "Bitnami", "Chainguard", "CRAN", "crates.io", "Debian", "GHC", "GitHub Actions",
        "Go", "Hackage", "Hex", "Linux", "Mageia", "Maven", "MinimOS", "npm", "NuGet", "openEuler", "openSUSE", "OSS-Fuzz",
        "Packagist", "Photon OS", "Pub", "PyPI", "Red Hat", "Rocky Linux", "RubyGems", "SUSE", "SwiftURL", "Ubuntu", "Wolfi",
    ];

    private OsvMirror(Uri baseUri) => Base = baseUri;

    public Uri Base { get; }

    public static OsvMirror Default { get; } = new(new Uri(DefaultBase));

    /// <summary>Checks a user-given base URL; <paramref name="error"/> says what is wrong with it.</summary>
    public static bool TryCreate(string baseUrl, bool allowHttp, [NotNullWhen(true)] out OsvMirror? mirror, out string error)
    {
        mirror = null;
        if (!Uri.TryCreate(baseUrl?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            error = $"'{baseUrl}' is not an http(s) URL";
            return false;
        }

        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            error = "the URL may not carry credentials, a query or a fragment (archives are fetched from {base}/{ecosystem}/all.zip)";
            return false;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !allowHttp && !IsLoopback(uri))
        {
            error = $"'{uri}' is plain HTTP; advisories are fetched over HTTPS (plain HTTP is accepted for a mirror on this machine, or with --allow-http)";
            return false;
        }

        mirror = new OsvMirror(new Uri(uri.AbsoluteUri.TrimEnd('/') + "/"));
        error = "";
        return true;
    }

    /// <summary>Checks an ecosystem name and gives it OSV's spelling when it is a known one.</summary>
    public static bool TryNormalizeEcosystem(string name, [NotNullWhen(true)] out string? ecosystem, out string error)
    {
        ecosystem = null;
        name = name.Trim();
        if (name.Length is 0 or > 100 || name is "." or ".." || name.Any(c => char.IsControl(c) || c is '/' or '\\'))
        {
            error = $"'{name}' is not an OSV ecosystem name";
            return false;
        }

        ecosystem = KnownEcosystems.FirstOrDefault(known => string.Equals(known, name, StringComparison.OrdinalIgnoreCase)) ?? name;
        error = "";
        return true;
    }

    /// <summary>The archive of one ecosystem; the name is one path segment, escaped (<c>GitHub%20Actions</c>).</summary>
    public Uri ArchiveOf(string ecosystem) => new(Base, Uri.EscapeDataString(ecosystem) + "/all.zip");

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
}
