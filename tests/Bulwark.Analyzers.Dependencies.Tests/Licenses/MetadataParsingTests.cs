using System.Text.Json;
using Bulwark.Analyzers.Dependencies.Licenses;

namespace Bulwark.Analyzers.Dependencies.Tests.Licenses;

/// <summary>The manifest readers on the shapes real packages write.</summary>
public sealed class MetadataParsingTests
{
    [Theory]
    [InlineData("""{ "name": "a", "license": "MIT" }""", "MIT")]
    [InlineData("""{ "name": "a", "license": { "type": "BSD-3-Clause", "url": "https://opensource.org/licenses/BSD-3-Clause" } }""", "BSD-3-Clause")]
    [InlineData("""{ "name": "a", "licenses": [{ "type": "MIT", "url": "x" }, { "type": "Apache-2.0", "url": "y" }] }""", "MIT OR Apache-2.0")]
    [InlineData("""{ "name": "a", "licenses": [{ "type": "Apache 2.0" }, { "type": "MIT" }] }""", "Apache-2.0 OR MIT")]
    [InlineData("""{ "name": "a", "licenses": ["MIT"] }""", "MIT")]
    [InlineData("""{ "name": "a" }""", null)]
    public void Package_json_licence_in_its_current_and_legacy_shapes(string json, string? expected)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Equal(expected, NodeModules.Licenses(document.RootElement).SingleOrDefault());
    }

    [Fact]
    public void Core_metadata_prefers_License_Expression_and_skips_a_whole_licence_text()
    {
        var modern = PythonDistributions.Parse(
            ["Metadata-Version: 2.4", "Name: attrs", "Version: 25.3.0", "License-Expression: MIT", "License-File: LICENSE", "Classifier: License :: OSI Approved :: MIT License", "", "body"], "m")!;
        Assert.Equal(("attrs", "25.3.0", "MIT"), (modern.Name, modern.Version, modern.Licenses.Single()));

        // numpy 1.26 writes the BSD licence text into License; the classifier says what it is.
        var numpy = PythonDistributions.Parse(
        [
            "Metadata-Version: 2.1",
            "Name: numpy",
            "Version: 1.26.4",
            "License: Copyright (c) 2005-2023, NumPy Developers.",
            "        All rights reserved.",
            "        Redistribution and use in source and binary forms, with or without",
            "Classifier: License :: OSI Approved :: BSD License",
            string.Empty,
        ], "m")!;
        Assert.Equal("BSD License", numpy.Licenses.Single());

        var unknownOnly = PythonDistributions.Parse(["Metadata-Version: 1.0", "Name: old", "Version: 0.1", "License: UNKNOWN"], "m")!;
        Assert.Empty(unknownOnly.Licenses);
        Assert.Null(PythonDistributions.Parse(["Metadata-Version: 2.1", "Version: 1"], "m"));
    }

    [Fact]
    public void Nuspec_expression_file_and_url_licences()
    {
        var expression = NuGetPackagesFolder.Parse("""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata minClientVersion="2.12">
                <id>Serilog</id><version>4.0.1</version>
                <license type="expression">Apache-2.0</license>
                <licenseUrl>https://licenses.nuget.org/Apache-2.0</licenseUrl>
              </metadata>
            </package>
            """, "m")!;
        Assert.Equal(("Serilog", "Apache-2.0"), (expression.Name, expression.Licenses.Single()));

        var urlOnly = NuGetPackagesFolder.Parse("""
            <package><metadata><id>Microsoft.AspNet.Mvc</id><version>5.2.7</version>
            <licenseUrl>http://www.microsoft.com/web/webpi/eula/net_library_eula_ENU.htm</licenseUrl></metadata></package>
            """, "m")!;
        Assert.Equal("http://www.microsoft.com/web/webpi/eula/net_library_eula_ENU.htm", urlOnly.Licenses.Single());

        Assert.Null(NuGetPackagesFolder.Parse("<package><metadata><id>x</metadata></package>", "m"));
        Assert.Null(NuGetPackagesFolder.Parse("""<!DOCTYPE p [<!ENTITY e SYSTEM "file:///etc/passwd">]><package><metadata><id>&e;</id></metadata></package>""", "m"));
    }
}
