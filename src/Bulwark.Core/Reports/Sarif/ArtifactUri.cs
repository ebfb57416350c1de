namespace Bulwark.Core.Reports.Sarif;

/// <summary>File paths as SARIF artifact URIs and back: '/'-separated, each segment percent-encoded.</summary>
internal static class ArtifactUri
{
    public const string SourceRoot = "%SRCROOT%";

    /// <summary>A scan-relative path as a relative URI reference (<c>src/My App/a.cs</c> → <c>src/My%20App/a.cs</c>).</summary>
    public static string FromRelativePath(string path)
    {
        var normalized = ReportPaths.WithoutLeadingDot(path.Replace('\\', '/'));
        return string.Join('/', normalized.Split('/').Select(Uri.EscapeDataString));
    }

    public static bool IsRooted(string path) =>
        path.StartsWith('/') || path.StartsWith('\\') || StartsWithWindowsDrive(path);

    /// <summary>An absolute directory as a <c>file:</c> URI ending in '/', as <c>originalUriBaseIds</c> wants.</summary>
    public static string DirectoryUri(string absolutePath)
    {
        var path = absolutePath.Replace('\\', '/').TrimEnd('/');
        var encoded = string.Join('/', path.Split('/').Select(s => StartsWithWindowsDrive(s + "/") ? s : Uri.EscapeDataString(s)));
        return encoded.StartsWith('/') ? $"file://{encoded}/" : $"file:///{encoded}/";
    }

    /// <summary>True when the reference has a scheme (<c>file:</c>, <c>https:</c>), not a drive letter.</summary>
    public static bool HasScheme(string uri)
    {
        // RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" — with two characters at least, so "C:" stays a drive.
        if (uri.Length < 3 || !char.IsAsciiLetter(uri[0]))
        {
            return false;
        }

        var end = 1;
        while (end < uri.Length && (char.IsAsciiLetterOrDigit(uri[end]) || uri[end] is '+' or '.' or '-'))
        {
            end++;
        }

        return end >= 2 && end < uri.Length && uri[end] == ':';
    }

    /// <summary>
    /// A relative reference as a path, without the <c>./</c> segments some tools start it with (Flawfinder's
    /// <c>./src/parse.c</c> is <c>src/parse.c</c>), so one file has one path whichever tool reported it.
    /// </summary>
    public static string ToPath(string uri)
    {
        var path = ReportPaths.WithoutLeadingDot(Uri.UnescapeDataString(uri));
        while (path.Contains("/./", StringComparison.Ordinal))
        {
            path = path.Replace("/./", "/", StringComparison.Ordinal);
        }

        return path;
    }

    // Plain character tests rather than generated regexes: the first generated regex an assembly runs initialises the
    // search tables of all of them, which costs a report written at the end of every scan several milliseconds.
    private static bool StartsWithWindowsDrive(string path) =>
        path.Length >= 3 && char.IsAsciiLetter(path[0]) && path[1] == ':' && path[2] is '\\' or '/';
}
