namespace Bulwark.Core.Licenses;

/// <summary>
/// What each deprecated SPDX licence id is written as today (the SPDX list's own guidance): the GNU ids became
/// <c>-only</c>/<c>-or-later</c>, the "with exception" ids became <c>WITH</c> expressions, a few were renamed.
/// </summary>
internal static class DeprecatedLicenseIds
{
    private static readonly Dictionary<string, string> Replacements = new(StringComparer.Ordinal)
    {
        ["AGPL-1.0"] = "AGPL-1.0-only",
        ["AGPL-3.0"] = "AGPL-3.0-only",
        ["GFDL-1.1"] = "GFDL-1.1-only",
        ["GFDL-1.2"] = "GFDL-1.2-only",
        ["GFDL-1.3"] = "GFDL-1.3-only",
        ["GPL-1.0"] = "GPL-1.0-only",
        ["GPL-1.0+"] = "GPL-1.0-or-later",
        ["GPL-2.0"] = "GPL-2.0-only",
        ["GPL-2.0+"] = "GPL-2.0-or-later",
        ["GPL-3.0"] = "GPL-3.0-only",
        ["GPL-3.0+"] = "GPL-3.0-or-later",
        ["LGPL-2.0"] = "LGPL-2.0-only",
        ["LGPL-2.0+"] = "LGPL-2.0-or-later",
        ["LGPL-2.1"] = "LGPL-2.1-only",
        ["LGPL-2.1+"] = "LGPL-2.1-or-later",
        ["LGPL-3.0"] = "LGPL-3.0-only",
        ["LGPL-3.0+"] = "LGPL-3.0-or-later",
        ["BSD-2-Clause-FreeBSD"] = "BSD-2-Clause",
        ["BSD-2-Clause-NetBSD"] = "BSD-2-Clause",
        ["bzip2-1.0.5"] = "bzip2-1.0.6",
        ["Nunit"] = "zlib-acknowledgement",
        ["StandardML-NJ"] = "SMLNJ",
    };

    private static readonly Dictionary<string, (string License, string Exception)> WithExceptions = new(StringComparer.Ordinal)
    {
        ["GPL-2.0-with-autoconf-exception"] = ("GPL-2.0-only", "Autoconf-exception-2.0"),
        ["GPL-2.0-with-bison-exception"] = ("GPL-2.0-only", "Bison-exception-2.2"),
        ["GPL-2.0-with-classpath-exception"] = ("GPL-2.0-only", "Classpath-exception-2.0"),
        ["GPL-2.0-with-font-exception"] = ("GPL-2.0-only", "Font-exception-2.0"),
        ["GPL-2.0-with-GCC-exception"] = ("GPL-2.0-only", "GCC-exception-2.0"),
        ["GPL-3.0-with-autoconf-exception"] = ("GPL-3.0-only", "Autoconf-exception-3.0"),
        ["GPL-3.0-with-GCC-exception"] = ("GPL-3.0-only", "GCC-exception-3.1"),
        ["eCos-2.0"] = ("GPL-2.0-or-later", "eCos-exception-2.0"),
        ["wxWindows"] = ("LGPL-2.0-or-later", "WxWindows-exception-3.1"),
    };

    /// <summary>The current form of a listed id; ids that are not deprecated come back unchanged.</summary>
    public static LicenseTerm Replace(SpdxLicenseId license)
    {
        var id = license.Id;
        if (license.OrLater)
        {
            // GPL-2.0+ and the newer GPL-2.0-only+ both mean "or later"; GPL-2.0-or-later+ says it twice.
            if (Replacements.TryGetValue(id + "+", out var later))
            {
                return new SpdxLicenseId(later);
            }

            if (id.EndsWith("-only", StringComparison.Ordinal) && SpdxLicenseCatalog.TryGetLicense(id[..^"-only".Length] + "-or-later", out var orLater))
            {
                return new SpdxLicenseId(orLater.Id);
            }

            if (id.EndsWith("-or-later", StringComparison.Ordinal))
            {
                return new SpdxLicenseId(id);
            }
        }

        if (id.EndsWith('+') && Replacements.TryGetValue(id, out var listedPlus))
        {
            // GPL-2.0+ is itself a (deprecated) listed id.
            return new SpdxLicenseId(listedPlus);
        }

        if (Replacements.TryGetValue(id, out var replacement))
        {
            return new SpdxLicenseId(replacement, license.OrLater);
        }

        return WithExceptions.TryGetValue(id, out var with)
            ? new LicenseWithException(new SpdxLicenseId(with.License), with.Exception)
            : license;
    }
}
