using Bulwark.Core.Licenses;

namespace Bulwark.Core.Tests.Licenses;

/// <summary>Declared licences as real packages write them (npm, PyPI, Maven, NuGet, Composer, RubyGems, crates.io).</summary>
public sealed class LicenseNormalizerTests
{
    [Theory]
    // SPDX already, any case, npm's parenthesised OR
    [InlineData("MIT", "MIT")]
    [InlineData("mit", "MIT")]
    [InlineData("(MIT OR Apache-2.0)", "MIT OR Apache-2.0")]
    [InlineData("(BSD-2-Clause OR MIT OR Apache-2.0)", "BSD-2-Clause OR MIT OR Apache-2.0")]
    [InlineData("Apache-2.0 WITH LLVM-exception", "Apache-2.0 WITH LLVM-exception")]
    // deprecated ids → their current form
    [InlineData("GPL-2.0", "GPL-2.0-only")]
    [InlineData("GPL-3.0", "GPL-3.0-only")]
    [InlineData("GPL-2.0+", "GPL-2.0-or-later")]
    [InlineData("LGPL-2.1+", "LGPL-2.1-or-later")]
    [InlineData("LGPL-3.0+", "LGPL-3.0-or-later")]
    [InlineData("AGPL-3.0", "AGPL-3.0-only")]
    [InlineData("GPL-2.0-only+", "GPL-2.0-or-later")]
    [InlineData("GPL-2.0-with-classpath-exception", "GPL-2.0-only WITH Classpath-exception-2.0")]
    [InlineData("GPL-3.0-with-GCC-exception", "GPL-3.0-only WITH GCC-exception-3.1")]
    [InlineData("BSD-2-Clause-FreeBSD", "BSD-2-Clause")]
    [InlineData("(GPL-2.0 OR MIT)", "GPL-2.0-only OR MIT")]
    // legacy names
    [InlineData("Apache 2.0", "Apache-2.0")]
    [InlineData("Apache License 2.0", "Apache-2.0")]
    [InlineData("Apache License, Version 2.0", "Apache-2.0")]
    [InlineData("The Apache Software License, Version 2.0", "Apache-2.0")]
    [InlineData("Apache-2", "Apache-2.0")]
    [InlineData("Apache2", "Apache-2.0")]
    [InlineData("ASL 2.0", "Apache-2.0")]
    [InlineData("MIT License", "MIT")]
    [InlineData("The MIT License", "MIT")]
    [InlineData("The MIT License (MIT)", "MIT")]
    [InlineData("Expat", "MIT")]
    [InlineData("GPLv3", "GPL-3.0-only")]
    [InlineData("GPLv2", "GPL-2.0-only")]
    [InlineData("GPLv2+", "GPL-2.0-or-later")]
    [InlineData("GPL v3 or later", "GPL-3.0-or-later")]
    [InlineData("GNU General Public License v3.0", "GPL-3.0-only")]
    [InlineData("GNU General Public License v3 or later (GPLv3+)", "GPL-3.0-or-later")]
    [InlineData("GNU Lesser General Public License v2.1", "LGPL-2.1-only")]
    [InlineData("GNU LESSER GENERAL PUBLIC LICENSE, Version 2.1", "LGPL-2.1-only")]
    [InlineData("LGPLv3", "LGPL-3.0-only")]
    [InlineData("LGPL-2.1 or later", "LGPL-2.1-or-later")]
    [InlineData("GNU Affero General Public License v3", "AGPL-3.0-only")]
    [InlineData("Mozilla Public License 2.0", "MPL-2.0")]
    [InlineData("Mozilla Public License, Version 2.0", "MPL-2.0")]
    [InlineData("MPL 2.0", "MPL-2.0")]
    [InlineData("Eclipse Public License - v 1.0", "EPL-1.0")]
    [InlineData("Eclipse Public License v2.0", "EPL-2.0")]
    [InlineData("Eclipse Distribution License - v 1.0", "BSD-3-Clause")]
    [InlineData("BSD 3-Clause", "BSD-3-Clause")]
    [InlineData("BSD-3-Clause License", "BSD-3-Clause")]
    [InlineData("New BSD License", "BSD-3-Clause")]
    [InlineData("Simplified BSD License", "BSD-2-Clause")]
    [InlineData("ISC License", "ISC")]
    [InlineData("Boost Software License 1.0", "BSL-1.0")]
    [InlineData("CDDL + GPLv2 with classpath exception", "CDDL-1.1 OR GPL-2.0-only WITH Classpath-exception-2.0")]
    [InlineData("GPL2 w/ CPE", "GPL-2.0-only WITH Classpath-exception-2.0")]
    [InlineData("Python Software Foundation License", "PSF-2.0")]
    [InlineData("Creative Commons Attribution 4.0 International", "CC-BY-4.0")]
    [InlineData("CC0 1.0 Universal", "CC0-1.0")]
    [InlineData("The Unlicense", "Unlicense")]
    [InlineData("European Union Public Licence 1.2", "EUPL-1.2")]
    [InlineData("perl_5", "Artistic-1.0-Perl OR GPL-1.0-or-later")]
    [InlineData("Bouncy Castle Licence", "MIT")]
    // combinations of names
    [InlineData("MIT/Apache-2.0", "MIT OR Apache-2.0")]
    [InlineData("Apache License 2.0 or MIT", "Apache-2.0 OR MIT")]
    [InlineData("MIT or Apache 2.0", "MIT OR Apache-2.0")]
    [InlineData("Apache2 OR MIT", "Apache-2.0 OR MIT")]
    [InlineData("MIT and BSD 3-Clause", "MIT AND BSD-3-Clause")]
    [InlineData("MIT or Apache 2.0 and BSD 3-Clause", "MIT OR Apache-2.0 AND BSD-3-Clause")]
    // URLs
    [InlineData("https://opensource.org/licenses/MIT", "MIT")]
    [InlineData("http://www.opensource.org/licenses/mit-license.php", "MIT")]
    [InlineData("https://opensource.org/license/bsd-3-clause/", "BSD-3-Clause")]
    [InlineData("https://www.apache.org/licenses/LICENSE-2.0", "Apache-2.0")]
    [InlineData("http://www.apache.org/licenses/LICENSE-2.0.txt", "Apache-2.0")]
    [InlineData("https://licenses.nuget.org/MIT", "MIT")]
    [InlineData("https://licenses.nuget.org/(MIT%20OR%20Apache-2.0)", "MIT OR Apache-2.0")]
    [InlineData("https://spdx.org/licenses/LGPL-2.1-or-later.html", "LGPL-2.1-or-later")]
    [InlineData("https://www.gnu.org/licenses/gpl-3.0.html", "GPL-3.0-only")]
    [InlineData("http://www.gnu.org/licenses/old-licenses/lgpl-2.1.html", "LGPL-2.1-only")]
    [InlineData("https://www.mozilla.org/en-US/MPL/2.0/", "MPL-2.0")]
    [InlineData("http://www.eclipse.org/legal/epl-v10.html", "EPL-1.0")]
    [InlineData("https://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0")]
    // PyPI classifiers
    [InlineData("License :: OSI Approved :: MIT License", "MIT")]
    [InlineData("License :: OSI Approved :: Apache Software License", "Apache Software License")]
    [InlineData("License :: OSI Approved :: GNU General Public License v2 (GPLv2)", "GPL-2.0-only")]
    [InlineData("License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)", "LGPL-3.0-or-later")]
    [InlineData("License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)", "MPL-2.0")]
    [InlineData("License :: OSI Approved :: ISC License (ISCL)", "ISC")]
    [InlineData("License :: OSI Approved :: Python Software Foundation License", "PSF-2.0")]
    [InlineData("License :: OSI Approved :: BSD License", "BSD License")]
    [InlineData("License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication", "CC0-1.0")]
    [InlineData("License :: Public Domain", "Public Domain")]
    [InlineData("License :: Other/Proprietary License", "Other/Proprietary License")]
    public void Declared_licences_become_SPDX(string declared, string expected)
    {
        var normalized = LicenseNormalizer.Normalize(declared);
        Assert.NotNull(normalized);
        Assert.Equal(expected, normalized.Text);
        Assert.Equal(declared, normalized.Declared);
    }

    [Theory]
    [InlineData("BSD", LicenseClass.Permissive)]
    [InlineData("BSD License", LicenseClass.Permissive)]
    [InlineData("GPL", LicenseClass.StrongCopyleft)]
    [InlineData("LGPL", LicenseClass.WeakCopyleft)]
    [InlineData("Apache Software License", LicenseClass.Permissive)]
    [InlineData("Public Domain", LicenseClass.PublicDomain)]
    [InlineData("UNLICENSED", LicenseClass.Proprietary)]
    [InlineData("Proprietary", LicenseClass.Proprietary)]
    [InlineData("Commercial", LicenseClass.Proprietary)]
    [InlineData("http://go.microsoft.com/fwlink/?LinkId=329770", LicenseClass.Proprietary)]
    [InlineData("Apache Software License OR BSD License", LicenseClass.Permissive)]
    [InlineData("MIT OR proprietary", LicenseClass.Permissive)]
    [InlineData("GPL AND BSD", LicenseClass.StrongCopyleft)]
    public void Family_names_keep_their_text_and_get_the_family_class(string declared, LicenseClass expected)
    {
        var normalized = LicenseNormalizer.Normalize(declared)!;
        Assert.Null(normalized.Expression);
        Assert.Equal(declared, normalized.Text);
        Assert.Equal(expected, normalized.Class);
    }

    [Theory]
    [InlineData("SEE LICENSE IN LICENSE.md")]
    [InlineData("SEE LICENSE IN https://example.com/eula")]
    [InlineData("https://github.com/acme/widget/blob/main/LICENSE")]
    [InlineData("Acme Corporation Internal Use Licence")]
    [InlineData("License :: OSI Approved")]
    public void Unrecognised_licences_are_kept_as_written_and_unknown(string declared)
    {
        var normalized = LicenseNormalizer.Normalize(declared)!;
        Assert.Null(normalized.Expression);
        Assert.Equal(declared, normalized.Text);
        Assert.Equal(LicenseClass.Unknown, normalized.Class);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("NOASSERTION")]
    [InlineData("NONE")]
    [InlineData("UNKNOWN")]
    public void Nothing_declared_is_null(string? declared)
    {
        Assert.Null(LicenseNormalizer.Normalize(declared));
    }

    [Theory]
    [InlineData("Apache License, Version 2.0")]
    [InlineData("(MIT OR Apache-2.0)")]
    [InlineData("License :: OSI Approved :: BSD License")]
    [InlineData("UNLICENSED")]
    [InlineData("SEE LICENSE IN LICENSE")]
    [InlineData("GPL-2.0-with-classpath-exception")]
    [InlineData("http://www.apache.org/licenses/LICENSE-2.0.txt")]
    public void Normalising_twice_changes_nothing(string declared)
    {
        var once = LicenseNormalizer.Normalize(declared)!;
        var twice = LicenseNormalizer.Normalize(once.Text)!;
        Assert.Equal(once.Text, twice.Text);
        Assert.Equal(once.Class, twice.Class);
    }

    [Fact]
    public void NormalizeAll_drops_undeclared_and_duplicates()
    {
        Assert.Equal(["MIT", "Apache-2.0"], LicenseNormalizer.NormalizeAll(["MIT", "MIT License", "NOASSERTION", "Apache 2.0"]));
    }

    [Fact]
    public void Every_alias_target_is_a_valid_expression_or_a_class()
    {
        // Loading parses every right-hand side; a broken line throws here.
        Assert.NotEmpty(LicenseNormalizer.Aliases);
        Assert.All(LicenseNormalizer.Aliases.Values, a => Assert.True(a.Expression is not null || a.Class != LicenseClass.Unknown));
    }

    [Theory]
    [InlineData(new[] { "MIT" }, "MIT")]
    [InlineData(new[] { "MIT", "Apache-2.0" }, "MIT OR Apache-2.0")]
    [InlineData(new[] { "LGPL-2.1-only", "GPL-3.0-or-later" }, "LGPL-2.1-only OR GPL-3.0-or-later")]
    [InlineData(new[] { "MIT AND BSD-3-Clause", "Apache 2.0" }, "MIT AND BSD-3-Clause OR Apache-2.0")]
    [InlineData(new[] { "Apache Software License", "BSD License" }, "Apache Software License OR BSD License")]
    [InlineData(new[] { "MIT", "MIT License" }, "MIT")]
    public void AnyOf_is_the_choice_between_listed_licences(string[] alternatives, string expected)
    {
        Assert.Equal(expected, LicenseNormalizer.AnyOf(alternatives)!.Text);
    }

    [Fact]
    public void Every_deprecated_id_but_NetSNMP_normalises_to_current_ids()
    {
        // Net-SNMP was split into several licences; SPDX names no single replacement.
        var deprecated = SpdxLicenseCatalog.Licenses.Where(l => l.IsDeprecated && l.Id != "Net-SNMP").ToList();
        Assert.NotEmpty(deprecated);
        foreach (var license in deprecated)
        {
            var normalized = LicenseNormalizer.Normalize(license.Id)!;
            Assert.NotNull(normalized.Expression);
            Assert.All(normalized.Expression.Terms, term =>
            {
                var id = term is LicenseWithException with ? ((SpdxLicenseId)with.License).Id : ((SpdxLicenseId)term).Id;
                Assert.True(SpdxLicenseCatalog.TryGetLicense(id, out var current) && !current.IsDeprecated, $"{license.Id} → {normalized.Text}");
            });
        }
    }
}
