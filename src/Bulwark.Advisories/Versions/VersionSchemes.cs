using System.Diagnostics.CodeAnalysis;

namespace Bulwark.Advisories.Versions;

/// <summary>
/// The version scheme of each OSV ecosystem, keyed by OSV's ecosystem names. A release suffix
/// (<c>Debian:12</c>, <c>Alpine:v3.20</c>, <c>Maven:https://…</c>) does not change the ordering and is ignored.
/// </summary>
public static class VersionSchemes
{
    private static readonly Dictionary<string, IVersionScheme> ByEcosystem = new(StringComparer.OrdinalIgnoreCase)
    {
        ["npm"] = SemVerScheme.Instance,
        ["crates.io"] = SemVerScheme.Instance,
        ["Pub"] = SemVerScheme.Instance,
        ["Hex"] = SemVerScheme.Instance,
        ["SwiftURL"] = SemVerScheme.Instance,
        ["Go"] = GoVersionScheme.Instance,
        ["PyPI"] = Pep440Scheme.Instance,
        ["Maven"] = MavenScheme.Instance,
        ["NuGet"] = NuGetScheme.Instance,
        ["RubyGems"] = RubyGemsScheme.Instance,
        ["Packagist"] = ComposerScheme.Instance,
        ["Debian"] = DebianScheme.Instance,
        ["Ubuntu"] = DebianScheme.Instance,
        ["Alpine"] = AlpineScheme.Instance,
        ["Wolfi"] = AlpineScheme.Instance,
        ["Chainguard"] = AlpineScheme.Instance,
        ["Red Hat"] = RpmScheme.Instance,
        ["AlmaLinux"] = RpmScheme.Instance,
        ["Rocky Linux"] = RpmScheme.Instance,
        ["SUSE"] = RpmScheme.Instance,
        ["openSUSE"] = RpmScheme.Instance,
        ["Mageia"] = RpmScheme.Instance,
        ["Photon OS"] = RpmScheme.Instance,
        ["openEuler"] = RpmScheme.Instance,
    };

    /// <summary>SemVer 2.0 precedence, the ordering of OSV <c>SEMVER</c> ranges whatever the ecosystem.</summary>
    public static IVersionScheme SemVer => SemVerScheme.Instance;

    /// <summary>The ecosystems with a known ordering, for coverage tables and messages.</summary>
    public static IReadOnlyCollection<string> Ecosystems => ByEcosystem.Keys;

    /// <summary>The scheme of <paramref name="ecosystem"/>, or null when its ordering is unknown.</summary>
    public static IVersionScheme? For(string ecosystem)
    {
        TryGet(ecosystem, out var scheme);
        return scheme;
    }

    public static bool TryGet(string ecosystem, [NotNullWhen(true)] out IVersionScheme? scheme)
    {
        scheme = null;
        if (string.IsNullOrWhiteSpace(ecosystem))
        {
            return false;
        }

        var colon = ecosystem.IndexOf(':', StringComparison.Ordinal);
        var name = colon >= 0 ? ecosystem[..colon] : ecosystem;
        return ByEcosystem.TryGetValue(name.Trim(), out scheme);
    }
}
