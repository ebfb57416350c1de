using System.Text;

namespace Bulwark.Advisories.Matching;

/// <summary>
/// The form of a package name under which two spellings of the same package meet, per ecosystem:
/// PEP 503 for PyPI (lower case, runs of <c>-_.</c> → <c>-</c>), lower case where the registry is
/// case-insensitive (npm, NuGet, Packagist, Pub, Hex), crates.io's equivalence of <c>-</c> and <c>_</c>,
/// and Maven's <c>groupId:artifactId</c>. Go module paths and everything else are case-sensitive and kept.
/// </summary>
public static class PackageNames
{
    public static string Normalize(string ecosystem, string name)
    {
        ArgumentNullException.ThrowIfNull(ecosystem);
        ArgumentNullException.ThrowIfNull(name);
        name = name.Trim();
        var colon = ecosystem.IndexOf(':', StringComparison.Ordinal);
        var family = colon >= 0 ? ecosystem[..colon] : ecosystem;
        return family.ToLowerInvariant() switch
        {
            "pypi" => Pep503(name),
            "npm" or "nuget" or "packagist" or "pub" or "hex" => name.ToLowerInvariant(),
            "crates.io" => name.ToLowerInvariant().Replace('_', '-'),
            "maven" => name.Contains(':', StringComparison.Ordinal) ? name : name.Replace('/', ':'),
            _ => name,
        };
    }

    private static string Pep503(string name)
    {
        var builder = new StringBuilder(name.Length);
        var inSeparator = false;
        foreach (var c in name)
        {
            if (c is '-' or '_' or '.')
            {
                if (!inSeparator)
                {
                    builder.Append('-');
                }

                inSeparator = true;
                continue;
            }

            inSeparator = false;
            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
