using System.Text.Json;
using Bulwark.Core.Tests.Reports;

namespace Bulwark.Cli.Tests;

/// <summary><c>bulwark db import</c> then <c>bulwark scan</c>: lockfile components matched against real OSV records.</summary>
public sealed class DependencyScanTests : IDisposable
{
    private static readonly string Advisories = Path.Combine(SchemaValidator.RepositoryRoot, "tests", "Bulwark.Advisories.Tests", "testdata", "fixtures");
    private readonly TempTree _tree = new();
    private readonly TempTree _work = new();

    public DependencyScanTests()
    {
        _tree
            .File("package.json", """{ "name": "shop", "version": "2.0.0", "dependencies": { "lodash": "^4.17.15" } }""")
            .File("package-lock.json", """
                {
                  "name": "shop",
                  "version": "2.0.0",
                  "lockfileVersion": 3,
                  "requires": true,
                  "packages": {
                    "": { "name": "shop", "version": "2.0.0", "dependencies": { "lodash": "^4.17.15" } },
                    "node_modules/lodash": {
                      "version": "4.17.15",
                      "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.15.tgz",
                      "integrity": "sha512-8xOcRHvCjnocdS5cpwXQXVzmmh5e5+saE2QGoeQmbKmRS6J3VQppPOIt0MnmE+4xlZoumy0GPG0D0MVIQbNA1A=="
                    }
                  }
                }
                """);
    }

    public void Dispose()
    {
        _tree.Dispose();
        _work.Dispose();
    }

    private string Database => _work.Path("osv.db");

    [Fact]
    public void Imported_advisories_turn_a_vulnerable_lockfile_entry_into_a_schema_valid_finding_with_its_fix()
    {
        var import = BulwarkProcess.Run(_work.Root, "db", "import", Advisories, "--db", Database);
        Assert.True(import.ExitCode == 0, import.All);
        Assert.Contains("Imported", import.StandardOutput, StringComparison.Ordinal);

        var status = BulwarkProcess.Run(_work.Root, "db", "status", "--db", Database);
        Assert.True(status.ExitCode == 0, status.All);
        Assert.Contains("npm", status.StandardOutput, StringComparison.Ordinal);

        var scan = BulwarkProcess.Run(_work.Root, "scan", _tree.Root, "--analyzers", "dependencies", "--advisory-db", Database,
            "--format", "gitlab,cyclonedx", "--output", _work.Path("out"), "--fail-on", "medium");
        Assert.True(scan.ExitCode == 1, scan.All);

        var reportText = File.ReadAllText(_work.Path("out/gl-dependency-scanning-report.json"));
        new SchemaValidator().AssertValid(SchemaValidator.GitLab("dependency-scanning-report-format.json"), reportText);
        using var report = JsonDocument.Parse(reportText);
        var lodash = Assert.Single(report.RootElement.GetProperty("vulnerabilities").EnumerateArray(),
            v => v.GetProperty("identifiers").EnumerateArray().Any(i => i.GetProperty("value").GetString() == "CVE-2020-8203"));
        Assert.Equal("package-lock.json", lodash.GetProperty("location").GetProperty("file").GetString());
        Assert.Equal("4.17.15", lodash.GetProperty("location").GetProperty("dependency").GetProperty("version").GetString());
        Assert.Contains("4.17.19", lodash.GetProperty("solution").GetString(), StringComparison.Ordinal);
        Assert.Equal("CVE-2020-8203", lodash.GetProperty("identifiers")[0].GetProperty("value").GetString());

        var bom = File.ReadAllText(_work.Path("out/bulwark.cdx.json"));
        new SchemaValidator().AssertValid(SchemaValidator.CycloneDx, bom);
        Assert.Contains("CVE-2020-8203", bom, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_advisory_database_named_by_the_user_is_a_usage_error()
    {
        var scan = BulwarkProcess.Run(_work.Root, "scan", _tree.Root, "--analyzers", "dependencies", "--advisory-db", _work.Path("nope.db"));
        Assert.Equal(2, scan.ExitCode);
        Assert.Contains("nope.db", scan.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_database_the_scan_inventories_and_says_nothing_was_matched()
    {
        var scan = BulwarkProcess.Run(_work.Root, "scan", _tree.Root, "--analyzers", "dependencies", "--format", "cyclonedx",
            "--output", _work.Path("out"));
        Assert.True(scan.ExitCode == 0, scan.All);
        Assert.Contains("pkg:npm/lodash@4.17.15", File.ReadAllText(_work.Path("out/bulwark.cdx.json")), StringComparison.Ordinal);
    }
}
