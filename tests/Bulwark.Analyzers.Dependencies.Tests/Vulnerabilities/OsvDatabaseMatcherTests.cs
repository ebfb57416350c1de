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

    [Fact]
    public void Names_with_odd_characters_match_exactly_their_own_records()
    {
        // SQL and LIKE metacharacters, quotes, unicode, whitespace and a very long name: each is one record of its
        // own, and each must match exactly its component (ecosystem name rules included), never another.
        (string Ecosystem, string Name)[] odd =
        [
            ("npm", "lo%dash"), ("npm", "lo_ash"), ("npm", "x'); DROP TABLE packages;--"), ("npm", "@sc\"ope/a\\b"),
            ("npm", "naïve-ü"), ("PyPI", "Zope.Interface"), ("Go", "example.com/a~b+c/v2"), ("RubyGems", "tab\tname"),
            ("crates.io", "under_score"), ("Maven", "org.ex*ample:art[i]fact"), ("NuGet", new string('N', 2_000)), ("npm", "emoji-😀"),
        ];
        var folder = Path.Combine(Path.GetTempPath(), $"bulwark-odd-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var file = folder + ".db";
        try
        {
            for (var i = 0; i < odd.Length; i++)
            {
                var record = new System.Text.Json.Nodes.JsonObject
                {
                    ["id"] = $"BULWARK-ODD-{i}",
                    ["modified"] = "2024-01-01T00:00:00Z",
                    ["affected"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
                    {
                        ["package"] = new System.Text.Json.Nodes.JsonObject { ["ecosystem"] = odd[i].Ecosystem, ["name"] = odd[i].Name },
                        ["ranges"] = System.Text.Json.Nodes.JsonNode.Parse("""[{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0.0"}]}]"""),
                    }),
                };
                File.WriteAllText(Path.Combine(folder, $"BULWARK-ODD-{i}.json"), record.ToJsonString());
            }

            using var database = AdvisoryDatabase.Open(file);
            Assert.Empty(database.Import([folder]).Problems);
            Component Of(string ecosystem, string name) => new() { Name = name, Version = "1.0.0", Ecosystem = ecosystem, SourceFile = "lockfile" };
            Component[] components =
            [
                .. odd.Select(o => Of(o.Ecosystem, o.Name)),
                Of("npm", "lodash"), Of("npm", "lo-ash"), Of("npm", "loXdash"), Of("npm", "x"), Of("PyPI", "zope-interface"), Of("npm", "NAÏVE-Ü"),
                Of("Go", "example.com/a~b+c"), Of("crates.io", "under-score"), Of("Maven", "org.example:artifact"), Of("NuGet", new string('n', 2_000)),
            ];

            var findings = new OsvDatabaseMatcher(database).Match(components, CancellationToken.None)
                .Select(f => $"{((DependencyLocation)f.Location).Dependency.Package} {f.RuleId}").Order(StringComparer.Ordinal).ToList();

            string[] expected =
            [
                .. odd.Select((o, i) => $"{o.Name} BULWARK-ODD-{i}"),
                "NAÏVE-Ü BULWARK-ODD-4", "zope-interface BULWARK-ODD-5", "under-score BULWARK-ODD-8", $"{new string('n', 2_000)} BULWARK-ODD-10",
            ];
            Assert.Equal(expected.Order(StringComparer.Ordinal), findings);
            Assert.Equal(odd.Length, database.Status().Records); // nothing was dropped or damaged on the way
        }
        finally
        {
            Directory.Delete(folder, true);
            foreach (var leftover in Directory.EnumerateFiles(Path.GetDirectoryName(file)!, Path.GetFileName(file) + "*"))
            {
                File.Delete(leftover);
            }
        }
    }
}
