using System.IO.Compression;
using Bulwark.Advisories.Matching;
using Bulwark.Advisories.Storage;
using Bulwark.Core.Findings;

namespace Bulwark.Advisories.Tests.Storage;

public sealed class AdvisoryDatabaseTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private AdvisoryDatabase ImportAll(out ImportReport report)
    {
        var database = AdvisoryDatabase.Open(_temp.File("db/advisories.db"));
        report = database.Import([TestData.Advisories, TestData.Fixtures]);
        return database;
    }

    [Fact]
    public void Importing_the_test_data_stores_every_record_but_the_withdrawn_ones()
    {
        using var database = ImportAll(out var report);

        Assert.Empty(report.Problems);
        Assert.Equal(362 + 13, report.Read);
        Assert.Equal(15 + 1, report.Withdrawn);
        Assert.Equal(0, report.Superseded);
        Assert.Equal(report.Read - report.Withdrawn, report.Imported);
        Assert.Equal(report.Imported, database.Status().Records);
    }

    [Fact]
    public void A_lookup_merges_records_through_aliases_and_leads_with_the_cve()
    {
        using var database = ImportAll(out _);
        // A second record of the same flaw, as GHSA publishes it next to PyPA's PYSEC record.
        database.Import([_temp.File("GHSA-2gwj-7jmv-h26r.json", """
            { "id": "GHSA-2gwj-7jmv-h26r", "modified": "2022-04-20T00:00:00Z", "aliases": ["CVE-2022-28346"],
              "severity": [{ "type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }],
              "affected": [{ "package": { "ecosystem": "PyPI", "name": "Django" },
                             "ranges": [{ "type": "ECOSYSTEM", "events": [{ "introduced": "3.2" }, { "fixed": "3.2.13" }] }] }] }
            """)]);

        var matches = database.Match("PyPI", "DJANGO", "3.2.12");

        var sqlInjection = Assert.Single(matches, m => m.Identifiers.Contains("CVE-2022-28346"));
        Assert.Equal("CVE-2022-28346", sqlInjection.PrimaryId);
        Assert.Equal(["CVE-2022-28346", "GHSA-2gwj-7jmv-h26r", "PYSEC-2022-190"], sqlInjection.Identifiers);
        Assert.Equal(["GHSA-2gwj-7jmv-h26r", "PYSEC-2022-190"], sqlInjection.Records.Select(r => r.Id));
        Assert.Equal(AffectedStatus.Affected, sqlInjection.Status);
        Assert.Equal("3.2.13", sqlInjection.FixedVersion);
        Assert.Equal(Severity.Critical, sqlInjection.Severity.Severity); // from the GHSA's vector; PYSEC has none
    }

    [Fact]
    public void A_lookup_of_log4shell_gives_the_fix_and_severity()
    {
        using var database = ImportAll(out _);

        var match = Assert.Single(database.Match("Maven", "org.apache.logging.log4j:log4j-core", "2.14.1"));

        Assert.Equal("CVE-2021-44228", match.PrimaryId);
        Assert.Equal("2.15.0", match.FixedVersion);
        Assert.Equal(Severity.Critical, match.Severity.Severity);
        Assert.Empty(database.Match("Maven", "org.apache.logging.log4j:log4j-core", "2.17.1"));
    }

    [Fact]
    public void The_packages_with_records_of_an_ecosystem_come_in_their_normal_form_and_follow_imports()
    {
        using var database = ImportAll(out _);

        var pypi = database.PackagesWithRecords("pypi");
        Assert.Contains("django", pypi);
        Assert.Contains("accesscontrol", pypi);
        Assert.DoesNotContain("Django", pypi);
        Assert.Contains("org.apache.logging.log4j:log4j-core", database.PackagesWithRecords("Maven"));
        Assert.Empty(database.PackagesWithRecords("Hackage"));
        Assert.All(pypi, name => Assert.NotEmpty(database.RecordsFor("PyPI", name)));

        database.Import([_temp.File("GHSA-test-hackage.json", """
            { "id": "GHSA-test-hackage", "modified": "2024-01-01T00:00:00Z",
              "affected": [{ "package": { "ecosystem": "Hackage", "name": "aeson" }, "versions": ["2.0.0.0"] }] }
            """)]);
        Assert.Equal(["aeson"], database.PackagesWithRecords("Hackage"));
    }

    [Theory]
    [InlineData("PyPI", "Access_Control", 0)] // PEP 503 keeps the word boundary: access-control is another package
    [InlineData("PyPI", "AccessControl", 2)]
    [InlineData("pypi", "accesscontrol", 2)] // ecosystem names compare case-insensitively
    [InlineData("crates.io", "time", 1)]
    [InlineData("npm", "Lodash", 1)]
    [InlineData("NuGet", "system.text.encodings.web", 1)]
    public void Package_names_are_found_in_their_ecosystem_normal_form(string ecosystem, string name, int records)
    {
        using var database = ImportAll(out _);
        Assert.Equal(records, database.RecordsFor(ecosystem, name).Count);
    }

    [Fact]
    public void Withdrawn_records_are_excluded_and_withdrawing_removes_a_stored_record()
    {
        using var database = ImportAll(out _);
        Assert.Empty(database.RecordsFor("crates.io", "dirs"));
        Assert.Single(database.RecordsFor("npm", "lodash"));

        var report = database.Import([_temp.File("withdraw.json", """
            { "id": "GHSA-p6mc-m468-83gw", "modified": "2030-01-01T00:00:00Z", "withdrawn": "2030-01-01T00:00:00Z",
              "affected": [{ "package": { "ecosystem": "npm", "name": "lodash" } }] }
            """)]);

        Assert.Equal(1, report.Withdrawn);
        Assert.Empty(database.RecordsFor("npm", "lodash"));
    }

    [Fact]
    public void The_latest_modified_record_of_an_id_wins()
    {
        using var database = AdvisoryDatabase.Open(_temp.File("advisories.db"));
        const string Template = """
            { "id": "X-1", "modified": "MODIFIED", "summary": "SUMMARY",
              "affected": [{ "package": { "ecosystem": "npm", "name": "x" }, "versions": ["1.0.0"] }] }
            """;
        database.Import([_temp.File("a/new.json", Template.Replace("MODIFIED", "2024-06-01T00:00:00Z", StringComparison.Ordinal).Replace("SUMMARY", "new", StringComparison.Ordinal))]);

        var report = database.Import([_temp.File("b/old.json", Template.Replace("MODIFIED", "2024-01-01T00:00:00Z", StringComparison.Ordinal).Replace("SUMMARY", "old", StringComparison.Ordinal))]);

        Assert.Equal(1, report.Superseded);
        Assert.Equal("new", Assert.Single(database.RecordsFor("npm", "x")).Summary);
    }

    [Fact]
    public void Bad_records_are_reported_by_file_and_field_and_the_rest_is_imported()
    {
        using var database = AdvisoryDatabase.Open(_temp.File("advisories.db"));
        var good = _temp.File("in/good.json", """{ "id": "X-1", "modified": "2024-01-01T00:00:00Z", "affected": [{ "package": { "ecosystem": "npm", "name": "x" }, "versions": ["1.0.0"] }] }""");
        var bad = _temp.File("in/bad.json", """{ "id": "X-2", "modified": "2024-01-01T00:00:00Z", "affected": [{ "package": { "name": "y" } }] }""");

        var report = database.Import([Path.GetDirectoryName(good)!, _temp.File("missing-dir")]);

        Assert.Equal(1, report.Imported);
        Assert.Equal(2, report.Problems.Count);
        Assert.Contains(report.Problems, p => p.Source == bad && p.Message.Contains("affected[0].package.ecosystem: required field is missing", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Message == "no such file or directory");
    }

    [Fact]
    public void An_osv_all_zip_archive_imports_like_a_directory()
    {
        var zip = _temp.File("all.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            archive.CreateEntryFromFile(Path.Combine(TestData.Fixtures, "GHSA-p6mc-m468-83gw.json"), "GHSA-p6mc-m468-83gw.json");
            archive.CreateEntryFromFile(Path.Combine(TestData.Advisories, "rustsec", "RUSTSEC-2020-0071.json"), "RUSTSEC-2020-0071.json");
            using var writer = new StreamWriter(archive.CreateEntry("broken.json").Open());
            writer.Write("{ not json");
        }

        using var database = AdvisoryDatabase.Open(_temp.File("advisories.db"));
        var report = database.Import([zip]);

        Assert.Equal(2, report.Imported);
        Assert.Equal($"{zip}!broken.json", Assert.Single(report.Problems).Source);
        Assert.Single(database.Match("crates.io", "time", "0.1.45"));
    }

    [Fact]
    public void Status_counts_records_per_ecosystem_and_remembers_the_import()
    {
        using var database = ImportAll(out var report);
        var before = DateTimeOffset.UtcNow;

        var status = database.Status();

        Assert.Equal(report.Imported, status.Records);
        Assert.True(status.RecordsPerEcosystem["crates.io"] > 100);
        Assert.True(status.RecordsPerEcosystem["PyPI"] > 90);
        Assert.Equal(1, status.RecordsPerEcosystem["RubyGems"]);
        Assert.Contains(Path.GetFullPath(TestData.Fixtures), status.Sources);
        Assert.NotNull(status.LastImport);
        Assert.False(status.IsOlderThan(TimeSpan.FromDays(7), before));
        Assert.True(status.IsOlderThan(TimeSpan.FromDays(7), before.AddDays(8)));
    }

    [Fact]
    public void The_database_persists_across_opens()
    {
        var path = _temp.File("advisories.db");
        using (var database = AdvisoryDatabase.Open(path))
        {
            database.Import([TestData.Fixtures]);
        }

        using var reopened = AdvisoryDatabase.OpenExisting(path);
        Assert.Single(reopened.RecordsFor("NuGet", "Newtonsoft.Json"));
    }

    [Fact]
    public void A_missing_database_says_how_to_create_one()
    {
        var error = Assert.Throws<AdvisoryDatabaseException>(() => AdvisoryDatabase.OpenExisting(_temp.File("nope.db")));
        Assert.Contains("bulwark db update", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_database_says_what_is_wrong_and_how_to_fix_it()
    {
        var path = _temp.File("corrupt.db", "this is not a SQLite file, just text that is long enough to have a header page");

        var error = Assert.Throws<AdvisoryDatabaseException>(() => AdvisoryDatabase.OpenExisting(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("delete it and run", error.Message, StringComparison.Ordinal);
    }
}
