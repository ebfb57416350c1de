namespace Bulwark.Core.Licenses;

/// <summary>
/// What a licence asks of the software that uses it, from least to most restrictive. <see cref="Unknown"/> is
/// not on that scale: nothing could be determined (no licence, an unrecognised name, a <c>LicenseRef-</c>).
/// </summary>
public enum LicenseClass
{
    Unknown = 0,

    /// <summary>No rights reserved (CC0-1.0, Unlicense).</summary>
    PublicDomain,

    /// <summary>Use, change and ship, keeping notices (MIT, BSD, Apache-2.0).</summary>
    Permissive,

    /// <summary>Changes to the licensed files themselves stay open; using or linking them does not (LGPL, MPL, EPL).</summary>
    WeakCopyleft,

    /// <summary>Distributed works built on it must be released under the same licence (GPL).</summary>
    StrongCopyleft,

    /// <summary>Strong copyleft that also applies when the software is only offered over a network (AGPL, SSPL).</summary>
    NetworkCopyleft,

    /// <summary>Not open source: commercial, non-commercial-only, source-available or use-restricted terms.</summary>
    Proprietary,
}

/// <summary>The names of licence classes as they are written in policies and reports (<c>weak-copyleft</c>).</summary>
public static class LicenseClassNames
{
    private static readonly (LicenseClass Class, string Name)[] Names =
    [
        (LicenseClass.Unknown, "unknown"),
        (LicenseClass.PublicDomain, "public-domain"),
        (LicenseClass.Permissive, "permissive"),
        (LicenseClass.WeakCopyleft, "weak-copyleft"),
        (LicenseClass.StrongCopyleft, "strong-copyleft"),
        (LicenseClass.NetworkCopyleft, "network-copyleft"),
        (LicenseClass.Proprietary, "proprietary"),
    ];

    public static IReadOnlyList<string> All => [.. Names.Select(n => n.Name)];

    public static string Name(this LicenseClass licenseClass) => Names.First(n => n.Class == licenseClass).Name;

    /// <summary>Accepts the names above in any case, with '-', '_' or ' ' between words.</summary>
    public static bool TryParse(string? text, out LicenseClass licenseClass)
    {
        var key = text?.Trim().Replace('_', '-').Replace(' ', '-').ToLowerInvariant();
        foreach (var (value, name) in Names)
        {
            if (name == key)
            {
                licenseClass = value;
                return true;
            }
        }

        licenseClass = LicenseClass.Unknown;
        return false;
    }
}
