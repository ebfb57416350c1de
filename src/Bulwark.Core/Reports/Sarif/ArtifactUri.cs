using System.Text.RegularExpressions;

namespace Bulwark.Core.Reports.Sarif;

/// <summary>File paths as SARIF artifact URIs and back: '/'-separated, each segment percent-encoded.</summary>
internal static partial class ArtifactUri
{
    public const string SourceRoot = "%SRCROOT%";

    /// <summary>A scan-relative path as a relative URI reference (<c>src/My App/a.cs</c> → <c>src/My%20App/a.cs</c>).</summary>
    public static string FromRelativePath(string path)
    {
        var normalized = path.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }

        return string.Join('/', normalized.Split('/').Select(Uri.EscapeDataString));
    }

    public static bool IsRooted(string path) =>
        path.StartsWith('/') || path.StartsWith('\\') || WindowsDrive().IsMatch(path);

    /// <summary>An absolute directory as a <c>file:</c> URI ending in '/', as <c>originalUriBaseIds</c> wants.</summary>
    public static string DirectoryUri(string absolutePath)
    {
        var path = absolutePath.Replace('\\', '/').TrimEnd('/');
        var encoded = string.Join('/', path.Split('/').Select(s => WindowsDrive().IsMatch(s + "/") ? s : Uri.EscapeDataString(s)));
        return encoded.StartsWith('/') ? $"file://{encoded}/" : $"file:///{encoded}/";
    }

    /// <summary>True when the reference has a scheme (<c>file:</c>, <c>https:</c>), not a drive letter.</summary>
    public static bool HasScheme(string uri) => Scheme().IsMatch(uri);

    public static string ToPath(string uri) => Uri.UnescapeDataString(uri);

    [GeneratedRegex("^[A-Za-z]:[\\\\/]")]
    private static partial Regex WindowsDrive();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]+:")]
    private static partial Regex Scheme();
}
