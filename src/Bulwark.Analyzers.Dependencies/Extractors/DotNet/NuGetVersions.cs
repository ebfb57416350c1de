namespace Bulwark.Analyzers.Dependencies.Extractors.DotNet;

/// <summary>NuGet version specs as written in projects: "1.2.3", "[1.2.3]", "[1.0, 2.0)", floating "1.*".</summary>
internal static class NuGetVersions
{
    /// <summary>The version NuGet resolves to when the lowest applicable version is available (its default), or null for floating or open-below ranges.</summary>
    public static string? Lowest(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            return null;
        }

        var s = spec.Trim();
        if (s.Contains('*', StringComparison.Ordinal))
        {
            return null;
        }

        if (s[0] is '[' or '(')
        {
            var inclusive = s[0] == '[';
            var inner = s[1..].TrimEnd(']', ')');
            var lower = inner.Split(',')[0].Trim();
            return lower.Length > 0 && inclusive ? lower : null;
        }

        return s;
    }
}
