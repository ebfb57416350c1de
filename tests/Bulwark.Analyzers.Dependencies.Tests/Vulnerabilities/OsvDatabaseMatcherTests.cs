using Bulwark.Advisories.Storage;
using Bulwark.Analyzers.Dependencies.Vulnerabilities;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;

namespace Bulwark.Analyzers.Dependencies.Tests.Vulnerabilities;

public sealed class OsvDatabaseMatcherTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(TestData.Root, "..", "..", "Bulwark.Advisories.Tests", "testdata", "fixtures");
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"bulwark-matcher-{Guid.NewGuid():N}.db");
    private readonly AdvisoryDatabase _database;

    public OsvDatabaseMatcherTests()
    {
        _database = AdvisoryDatabase.Open(_file);
        _database.Import([Fixtures]);
    }

    public void Dispose()
    {
        _database.Dispose();
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(_file)!, Path.GetFileName(_file) + "*"))
        {
            File.Delete(file);
        }
    }

    private static Component Npm(string name, string? version, string lockfile) =>
        new() { Name = name, Version = version, Ecosystem = "npm", Purl = $"pkg:npm/{name}@{version}", SourceFile = lockfile };

    [Fact]
    public void Each_occurrence_of_a_vulnerable_version_is_a_finding_in_its_own_lockfile()
    {
        // The same minimist in two services' lockfiles, a fixed one in a third, and packages without any record.
        Component[] components =
        [
            Npm("minimist", "1.2.5", "web/package-lock.json"),
            Npm("minimist", "1.2.5", "admin/package-lock.json"),
            Npm("minimist", "1.2.8", "api/package-lock.json"),
            Npm("left-pad", "1.3.0", "web/package-lock.json"),
            Npm("Lodash", "4.17.15", "api/package-lock.json"),
            Npm("lodash", null, "docs/package-lock.json"),
            new() { Name = "requests", Version = "2.0.0", Ecosystem = "PyPI", SourceFile = "requirements.txt" },
        ];

        var findings = new OsvDatabaseMatcher(_database).Match(components, CancellationToken.None).ToList();

        Assert.Equal(["admin/package-lock.json minimist CVE-2021-44906", "api/package-lock.json Lodash CVE-2020-8203", "web/package-lock.json minimist CVE-2021-44906"],
            findings.Select(f => $"{((DependencyLocation)f.Location).File} {((DependencyLocation)f.Location).Dependency.Package} {f.RuleId}").Order(StringComparer.Ordinal));
        Assert.All(findings, f => Assert.Equal(ReportType.DependencyScanning, f.ReportType));
    }
}
