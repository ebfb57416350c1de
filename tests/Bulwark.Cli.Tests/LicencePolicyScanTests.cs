using System.Text.Json;
using Bulwark.Core.Tests.Reports;

namespace Bulwark.Cli.Tests;

/// <summary><c>bulwark scan</c> with a licence policy: licences from lockfile and node_modules, findings in every report.</summary>
public sealed class LicencePolicyScanTests : IDisposable
{
    private static readonly string NuGetPackages = Path.Combine(SchemaValidator.RepositoryRoot, "tests", "Bulwark.Analyzers.Dependencies.Tests", "testdata", "licenses", "nuget-packages");
    private readonly TempTree _tree = new();
    private readonly TempTree _work = new();

    public LicencePolicyScanTests()
    {
        _tree
            .File("package.json", """
                {
                  "name": "storefront",
                  "version": "3.1.0",
                  "dependencies": { "@ckeditor/ckeditor5-core": "^41.4.2", "caniuse-lite": "^1.0.30001600", "highcharts": "^11.4.0", "lodash": "^4.17.21", "mariadb": "^3.3.0" },
                  "devDependencies": { "ffmpeg-static": "^5.2.0" }
                }
                """)
            .File("package-lock.json", """
                {
                  "name": "storefront",
                  "version": "3.1.0",
                  "lockfileVersion": 3,
                  "requires": true,
                  "packages": {
                    "": {
                      "name": "storefront",
                      "version": "3.1.0",
                      "dependencies": { "@ckeditor/ckeditor5-core": "^41.4.2", "caniuse-lite": "^1.0.30001600", "highcharts": "^11.4.0", "lodash": "^4.17.21", "mariadb": "^3.3.0" },
                      "devDependencies": { "ffmpeg-static": "^5.2.0" }
                    },
                    "node_modules/@ckeditor/ckeditor5-core": {
                      "version": "41.4.2",
                      "resolved": "https://registry.npmjs.org/@ckeditor/ckeditor5-core/-/ckeditor5-core-41.4.2.tgz",
                      "license": "GPL-2.0-or-later"
                    },
                    "node_modules/caniuse-lite": {
                      "version": "1.0.30001600",
                      "resolved": "https://registry.npmjs.org/caniuse-lite/-/caniuse-lite-1.0.30001600.tgz",
                      "license": "CC-BY-4.0"
                    },
                    "node_modules/ffmpeg-static": {
                      "version": "5.2.0",
                      "resolved": "https://registry.npmjs.org/ffmpeg-static/-/ffmpeg-static-5.2.0.tgz",
                      "dev": true,
                      "hasInstallScript": true,
                      "license": "GPL-3.0-or-later"
                    },
                    "node_modules/highcharts": {
                      "version": "11.4.0",
                      "resolved": "https://registry.npmjs.org/highcharts/-/highcharts-11.4.0.tgz"
                    },
                    "node_modules/lodash": {
                      "version": "4.17.21",
                      "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",
                      "license": "MIT"
                    },
                    "node_modules/mariadb": {
                      "version": "3.3.0",
                      "resolved": "https://registry.npmjs.org/mariadb/-/mariadb-3.3.0.tgz",
                      "license": "LGPL-2.1-or-later"
                    }
                  }
                }
                """)
            // Installed but ignored by git, as usual: the walk never sees it, the licence lookup reads it.
            .File(".gitignore", "node_modules/\n")
            .File("node_modules/highcharts/package.json", """{ "name": "highcharts", "version": "11.4.0", "license": "https://www.highcharts.com/license" }""")
            .File(".bulwark/licenses.yml", """
                # Storefront licence policy: no copyleft in what we ship.
                severity: high
                development: false
                deny:
                  - strong-copyleft
                  - license: AGPL-3.0-or-later
                    severity: critical
                unknown:
                  action: deny
                  severity: medium
                """);
    }

    public void Dispose()
    {
        _tree.Dispose();
        _work.Dispose();
    }

    [Fact]
    public void Denied_and_unknown_licences_become_findings_in_the_GitLab_SARIF_and_CycloneDX_reports()
    {
        var scan = BulwarkProcess.Run(_work.Root, "scan", _tree.Root, "--analyzers", "dependencies", "--output", _work.Path("out"),
            "--fail-on", "high", "--advisory-db", CreateEmptyDatabase());
        Assert.True(scan.ExitCode == 1, scan.All);

        var gitlab = File.ReadAllText(_work.Path("out/gl-dependency-scanning-report.json"));
        new SchemaValidator().AssertValid(SchemaValidator.GitLab("dependency-scanning-report-format.json"), gitlab);
        using var report = JsonDocument.Parse(gitlab);
        var vulnerabilities = report.RootElement.GetProperty("vulnerabilities").EnumerateArray().ToList();
        Assert.Equal(["@ckeditor/ckeditor5-core", "highcharts"],
            vulnerabilities.Select(v => v.GetProperty("location").GetProperty("dependency").GetProperty("package").GetProperty("name").GetString()).Order(StringComparer.Ordinal));

        var gpl = vulnerabilities.Single(v => v.GetProperty("identifiers")[0].GetProperty("value").GetString() == "GPL-2.0-or-later");
        Assert.Equal("license", gpl.GetProperty("identifiers")[0].GetProperty("type").GetString());
        Assert.Equal("High", gpl.GetProperty("severity").GetString());
        Assert.Equal("package-lock.json", gpl.GetProperty("location").GetProperty("file").GetString());
        Assert.Equal("41.4.2", gpl.GetProperty("location").GetProperty("dependency").GetProperty("version").GetString());
        Assert.Contains("deny[0] 'strong-copyleft'", gpl.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains(".bulwark/licenses.yml", gpl.GetProperty("description").GetString(), StringComparison.Ordinal);

        var unknown = vulnerabilities.Single(v => v.GetProperty("location").GetProperty("dependency").GetProperty("package").GetProperty("name").GetString() == "highcharts");
        Assert.Equal("Medium", unknown.GetProperty("severity").GetString());
        Assert.Contains("https://www.highcharts.com/license", unknown.GetProperty("description").GetString(), StringComparison.Ordinal);

        var sarif = File.ReadAllText(_work.Path("out/bulwark.sarif"));
        new SchemaValidator().AssertValid(SchemaValidator.Sarif, sarif);
        using var sarifDocument = JsonDocument.Parse(sarif);
        var result = sarifDocument.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("ruleId").GetString() == "license:GPL-2.0-or-later");
        Assert.Equal("package-lock.json", result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());

        var bomText = File.ReadAllText(_work.Path("out/bulwark.cdx.json"));
        new SchemaValidator().AssertValid(SchemaValidator.CycloneDx, bomText);
        using var bom = JsonDocument.Parse(bomText);
        var components = bom.RootElement.GetProperty("components").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal("GPL-2.0-or-later", components["@ckeditor/ckeditor5-core"].GetProperty("licenses")[0].GetProperty("license").GetProperty("id").GetString());
        Assert.Equal("LGPL-2.1-or-later", components["mariadb"].GetProperty("licenses")[0].GetProperty("license").GetProperty("id").GetString());
        Assert.Equal("https://www.highcharts.com/license", components["highcharts"].GetProperty("licenses")[0].GetProperty("license").GetProperty("name").GetString());
    }

    [Fact]
    public void An_invalid_policy_is_a_usage_error_naming_the_file_and_field()
    {
        File.WriteAllText(_work.Path("policy.yml"), "deny:\n  - strong-copyleft\n  - license: GPL-3\n");

        var scan = BulwarkProcess.Run(_work.Root, "scan", _tree.Root, "--analyzers", "dependencies", "--output", _work.Path("out"), "--license-policy", "policy.yml");

        Assert.Equal(2, scan.ExitCode);
        // The console wraps long lines: compare with whitespace collapsed.
        var error = System.Text.RegularExpressions.Regex.Replace(scan.StandardError, @"\s+", " ");
        Assert.Contains("policy.yml:3: deny[1].license: 'GPL-3' is not an SPDX licence id", error, StringComparison.Ordinal);
        Assert.Contains("did you mean GPL-3.0-only?", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_policy_file_is_a_usage_error()
    {
        var scan = BulwarkProcess.Run(_work.Root, "scan", _tree.Root, "--analyzers", "dependencies", "--license-policy", _work.Path("nope.yml"));

        Assert.Equal(2, scan.ExitCode);
        Assert.Contains("--license-policy", scan.StandardError, StringComparison.Ordinal);
        Assert.Contains("nope.yml", scan.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_policy_in_the_tree_is_invalid_so_the_scan_stops_before_it_starts()
    {
        File.WriteAllText(_tree.Path(".bulwark/licenses.yml"), "alow: [MIT]\n");

        var scan = BulwarkProcess.Run(_work.Root, "scan", _tree.Root, "--analyzers", "dependencies", "--output", _work.Path("out"));

        Assert.Equal(2, scan.ExitCode);
        Assert.Contains(".bulwark/licenses.yml:1: alow: unknown field", System.Text.RegularExpressions.Regex.Replace(scan.StandardError, @"\s+", " "), StringComparison.Ordinal);
        Assert.False(File.Exists(_work.Path("out/bulwark.cdx.json")));
    }

    [Fact]
    public void Deps_list_shows_licences_and_never_applies_the_policy()
    {
        File.WriteAllText(_tree.Path(".bulwark/licenses.yml"), "alow: [MIT]\n");

        var list = BulwarkProcess.Run(_work.Root, "deps", "list", _tree.Root, "--format", "json");

        Assert.True(list.ExitCode == 0, list.All);
        using var json = JsonDocument.Parse(list.StandardOutput);
        var highcharts = json.RootElement.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "highcharts");
        Assert.Equal("https://www.highcharts.com/license", highcharts.GetProperty("licenses")[0].GetString());
    }

    [Fact]
    public void NuGet_licences_come_from_the_packages_folder_restore_filled()
    {
        using var project = new TempTree();
        project.File("Api/Api.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
                <PackageReference Include="CommandLineParser" Version="2.9.1" />
              </ItemGroup>
            </Project>
            """).File("licenses.yml", "allow: [permissive]\n");

        var scan = BulwarkProcess.RunWithEnvironment(_work.Root, new Dictionary<string, string> { ["NUGET_PACKAGES"] = NuGetPackages },
            "scan", project.Root, "--analyzers", "dependencies", "--output", _work.Path("out"), "--format", "cyclonedx,gitlab",
            "--license-policy", project.Path("licenses.yml"));
        Assert.True(scan.ExitCode == 0, scan.All);

        using var bom = JsonDocument.Parse(File.ReadAllText(_work.Path("out/bulwark.cdx.json")));
        var components = bom.RootElement.GetProperty("components").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal("MIT", components["Newtonsoft.Json"].GetProperty("licenses")[0].GetProperty("license").GetProperty("id").GetString());
        Assert.Equal("SEE LICENSE IN License.md", components["CommandLineParser"].GetProperty("licenses")[0].GetProperty("license").GetProperty("name").GetString());

        // CommandLineParser's licence is a file in the package: unknown, denied at low by the allow-only policy.
        using var report = JsonDocument.Parse(File.ReadAllText(_work.Path("out/gl-dependency-scanning-report.json")));
        var finding = Assert.Single(report.RootElement.GetProperty("vulnerabilities").EnumerateArray());
        Assert.Equal("CommandLineParser", finding.GetProperty("location").GetProperty("dependency").GetProperty("package").GetProperty("name").GetString());
        Assert.Equal("Low", finding.GetProperty("severity").GetString());
    }

    /// <summary>An advisory database with no records, so the scan matches nothing and only licences produce findings.</summary>
    private string CreateEmptyDatabase()
    {
        var empty = _work.Path("advisories-empty");
        Directory.CreateDirectory(empty);
        var database = _work.Path("osv.db");
        var import = BulwarkProcess.Run(_work.Root, "db", "import", empty, "--db", database);
        Assert.True(import.ExitCode == 0, import.All);
        return database;
    }
}
