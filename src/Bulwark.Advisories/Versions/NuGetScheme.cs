using System.Diagnostics.CodeAnalysis;
using NuGet.Versioning;

namespace Bulwark.Advisories.Versions;

/// <summary>
/// NuGet: the reference implementation (NuGet.Versioning) — up to four numeric parts, pre-release
/// labels compared case-insensitively, metadata ignored.
/// </summary>
internal sealed class NuGetScheme : VersionScheme<NuGetOrderedVersion>
{
    public static readonly NuGetScheme Instance = new();

    public override string Name => "NuGet";

    protected override bool TryRead(string text, [NotNullWhen(true)] out NuGetOrderedVersion? version)
    {
        if (NuGetVersion.TryParse(text.Trim(), out var parsed))
        {
            version = new NuGetOrderedVersion(parsed);
            return true;
        }

        version = null;
        return false;
    }
}

internal sealed class NuGetOrderedVersion(NuGetVersion version) : IComparable<NuGetOrderedVersion>
{
    public NuGetVersion Version { get; } = version;

    public int CompareTo(NuGetOrderedVersion? other) =>
        other is null ? 1 : VersionComparer.Default.Compare(Version, other.Version);
}
