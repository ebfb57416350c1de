using Bulwark.Analyzers.Dependencies.Licenses;

namespace Bulwark.Analyzers.Dependencies.Tests.Licenses;

/// <summary>
/// The licence-text matcher on real licence texts: the canonical ones (testdata/licenses/texts, as Debian ships them in
/// /usr/share/common-licenses) and real projects' files.
/// </summary>
public class LicenseTextTests
{
    public static TheoryData<string, string> CanonicalTexts => new()
    {
        { "go-mod/github.com/spf13/cobra@v1.8.0/LICENSE.txt", "Apache-2.0" },
        { "go-mod/github.com/hashicorp/go-version@v1.6.0/LICENSE", "MPL-2.0" },
        { "texts/GPL-2", "GPL-2.0-only" },
        { "texts/GPL-3", "GPL-3.0-only" },
        { "texts/LGPL-2.1", "LGPL-2.1-only" },
        { "texts/LGPL-3", "LGPL-3.0-only" },
        { "texts/BSD", "BSD-3-Clause" },
    };

    [Theory]
    [MemberData(nameof(CanonicalTexts))]
    public void Canonical_licence_texts_are_identified(string file, string expected) =>
        Assert.Equal([expected], LicenseText.Identify(TestData.Read(Path.Combine("licenses", file))));

    [Theory]
    [InlineData("go-mod/github.com/davecgh/go-spew@v1.1.1/LICENSE", "ISC")]
    [InlineData("go-mod/github.com/!burnt!sushi/toml@v1.3.2/COPYING", "MIT")]
    [InlineData("go-mod/golang.org/x/text@v0.14.0/LICENSE", "BSD-3-Clause")]
    [InlineData("cargo-registry/index.crates.io-6f17d22bba15001f/webpki-0.22.4/LICENSE", "ISC")]
    public void Real_project_licence_files_are_identified(string relative, string expected) =>
        Assert.Equal([expected], LicenseText.Identify(TestData.Read(Path.Combine("licenses", relative))));

    [Fact]
    public void Close_relatives_are_told_apart_by_the_clauses_that_differ()
    {
        var bsd3 = TestData.Read("licenses/go-mod/golang.org/x/text@v0.14.0/LICENSE");
        var start = bsd3.IndexOf("   * Neither", StringComparison.Ordinal);
        var end = bsd3.IndexOf("permission.\n", start, StringComparison.Ordinal) + "permission.\n".Length;
        var bsd2 = bsd3.Remove(start, end - start);
        Assert.NotEqual(bsd3, bsd2);
        Assert.Equal(["BSD-2-Clause"], LicenseText.Identify(bsd2));

        var mit = TestData.Read("licenses/go-mod/github.com/!burnt!sushi/toml@v1.3.2/COPYING");
        var mit0 = mit.Replace(", subject to the following conditions:", ".", StringComparison.Ordinal)
            .Replace("The above copyright notice and this permission notice shall be included in\nall copies or substantial portions of the Software.\n", string.Empty, StringComparison.Ordinal);
        Assert.Equal(["MIT-0"], LicenseText.Identify(mit0));
    }

    [Fact]
    public void A_text_that_is_no_known_licence_is_not_guessed()
    {
        Assert.Empty(LicenseText.Identify("Copyright 2024 Acme Corp. All rights reserved. Do not redistribute."));
        // Half of the MIT licence is not the MIT licence.
        Assert.Empty(LicenseText.Identify("Permission is hereby granted, free of charge, to any person obtaining a copy of this software"));
    }

    [Fact]
    public void The_lgpl_shipped_with_the_gpl_it_extends_is_the_lgpl()
    {
        Assert.Equal("LGPL-3.0-only", LicenseText.Combine([["GPL-3.0-only"], ["LGPL-3.0-only"]]));
        Assert.Equal("MIT AND Apache-2.0", LicenseText.Combine([["MIT", "Apache-2.0"]]));
        Assert.Null(LicenseText.Combine([[]]));
    }

    [Theory]
    [InlineData("LICENSE", true)]
    [InlineData("LICENSE.md", true)]
    [InlineData("license.txt", true)]
    [InlineData("COPYING", true)]
    [InlineData("COPYING.LESSER", true)]
    [InlineData("LICENSE-APACHE", true)]
    [InlineData("UNLICENSE", true)]
    [InlineData("LICENSE.go", false)]
    [InlineData("license_test.go", false)]
    [InlineData("README.md", false)]
    public void Licence_file_names(string name, bool expected) => Assert.Equal(expected, LicenseText.IsLicenseFileName(name));
}
