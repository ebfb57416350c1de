namespace Bulwark.Core.Reports;

/// <summary>File paths as tools write them in reports.</summary>
internal static class ReportPaths
{
    /// <summary>
    /// A relative path without the leading <c>./</c> segments of a tool run on <c>.</c> (<c>bandit -r .</c>,
    /// Flawfinder's <c>./src/parse.c</c>), so one file has one path whichever tool reported it.
    /// </summary>
    public static string WithoutLeadingDot(string path)
    {
        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        return path;
    }
}
