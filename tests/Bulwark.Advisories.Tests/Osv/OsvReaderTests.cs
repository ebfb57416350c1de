using Bulwark.Advisories.Osv;

namespace Bulwark.Advisories.Tests.Osv;

public class OsvReaderTests
{
    private const string Minimal = """{ "id": "X-1", "modified": "2024-01-01T00:00:00Z" }""";

    [Fact]
    public void A_json_record_is_read_with_every_field_the_matcher_and_reports_use()
    {
        var record = TestData.Real("go/GO-2021-0159.json");

        Assert.Equal("GO-2021-0159", record.Id);
        Assert.Equal("1.3.1", record.SchemaVersion);
        Assert.Equal(DateTimeOffset.MinValue, record.Modified); // vulndb writes 0001-01-01T00:00:00Z
        Assert.Equal(new DateTimeOffset(2022, 1, 5, 21, 39, 14, TimeSpan.Zero), record.Published);
        Assert.Equal(["CVE-2015-5739", "CVE-2015-5740", "CVE-2015-5741"], record.Aliases);
        Assert.StartsWith("Request smuggling", record.Summary, StringComparison.Ordinal);
        var affected = Assert.Single(record.Affected);
        Assert.Equal(new OsvPackage("Go", "stdlib"), affected.Package);
        var range = Assert.Single(affected.Ranges);
        Assert.Equal(OsvRangeType.Semver, range.Type);
        Assert.Equal([new OsvEvent(OsvEventKind.Introduced, "0"), new OsvEvent(OsvEventKind.Fixed, "1.4.3")], range.Events);
        Assert.True(affected.EcosystemSpecific!.Value.TryGetProperty("imports", out _));
        Assert.Equal(11, record.References.Count);
        Assert.Equal(new OsvReference("FIX", "https://go.dev/cl/13148"), record.References[0]);
        Assert.Equal("https://pkg.go.dev/vuln/GO-2021-0159", record.DatabaseSpecific!.Value.GetProperty("url").GetString());
        Assert.False(record.IsWithdrawn);
    }

    [Fact]
    public void A_yaml_record_reads_the_same_as_json_and_keeps_versions_as_written()
    {
        var record = TestData.Real("pypi/accesscontrol/PYSEC-2021-335.yaml");

        Assert.Equal("PYSEC-2021-335", record.Id);
        Assert.Equal(["CVE-2021-32807", "GHSA-qcx9-j53g-ccgf"], record.Aliases);
        var affected = Assert.Single(record.Affected);
        Assert.Equal(new OsvPackage("PyPI", "accesscontrol", "pkg:pypi/accesscontrol"), affected.Package);
        Assert.Equal([OsvRangeType.Git, OsvRangeType.Ecosystem], affected.Ranges.Select(r => r.Type));
        Assert.Equal("https://github.com/zopefoundation/AccessControl", affected.Ranges[0].Repo);
        Assert.Equal(["4.0", "4.1", "4.2", "5.0", "5.1"], affected.Versions);
        Assert.Equal(
            ["4.0", "4.3", "5.0", "5.2"],
            affected.Ranges[1].Events.Select(e => e.Version));
    }

    [Fact]
    public void Yaml_plain_scalars_that_look_like_numbers_stay_text()
    {
        var record = OsvReader.ReadYaml("""
            id: X-2
            modified: 2024-01-01T00:00:00Z
            affected:
            - package: {ecosystem: PyPI, name: demo}
              ranges:
              - type: ECOSYSTEM
                events:
                - introduced: 1.10
                - fixed: 2.0
            """, "x.yaml");

        Assert.Equal(["1.10", "2.0"], record.Affected[0].Ranges[0].Events.Select(e => e.Version));
    }

    [Fact]
    public void A_withdrawn_record_says_so()
    {
        var record = TestData.Real("rustsec/RUSTSEC-2020-0053.json");
        Assert.True(record.IsWithdrawn);
        Assert.Equal(new DateTimeOffset(2021, 4, 19, 12, 0, 0, TimeSpan.Zero), record.Withdrawn);
    }

    [Theory]
    [InlineData("""{ "modified": "2024-01-01T00:00:00Z" }""", "id", "required field is missing")]
    [InlineData("""{ "id": "X-1" }""", "modified", "required field is missing")]
    [InlineData("""{ "id": 7, "modified": "2024-01-01T00:00:00Z" }""", "id", "expected a string, found a number")]
    [InlineData("""{ "id": "X-1", "modified": "yesterday" }""", "modified", "'yesterday' is not an RFC 3339 timestamp")]
    [InlineData("""{ "id": "X-1", "modified": "2024-01-01T00:00:00Z", "aliases": "CVE-1" }""", "aliases", "expected an array, found a string")]
    [InlineData("""{ "id": "X-1", "modified": "2024-01-01T00:00:00Z", "affected": [{ "package": { "name": "a" } }] }""", "affected[0].package.ecosystem", "required field is missing")]
    [InlineData("""{ "id": "X-1", "modified": "2024-01-01T00:00:00Z", "affected": [{ "ranges": [{ "events": [] }] }] }""", "affected[0].ranges[0].type", "required field is missing")]
    [InlineData("""{ "id": "X-1", "modified": "2024-01-01T00:00:00Z", "affected": [{ "ranges": [{ "type": "SEMVER", "events": [{ "fixed": "1.0.0" }] }] }] }""", "affected[0].ranges[0].events", "at least one 'introduced' event")]
    [InlineData("""{ "id": "X-1", "modified": "2024-01-01T00:00:00Z", "affected": [{ "ranges": [{ "type": "SEMVER", "events": [{ "introduced": "0", "fixed": "1.0.0" }] }] }] }""", "affected[0].ranges[0].events[0]", "exactly one of")]
    [InlineData("""{ "id": "X-1", "modified": "2024-01-01T00:00:00Z", "affected": [{ "ranges": [{ "type": "SEMVER", "events": [{ "introduced": "0" }, { "fixed": "1" }, { "last_affected": "2" }] }] }] }""", "affected[0].ranges[0].events", "not both")]
    [InlineData("""{ "id": "X-1", "modified": "2024-01-01T00:00:00Z", "affected": [{ "ranges": [{ "type": "GIT", "events": [{ "introduced": "0" }] }] }] }""", "affected[0].ranges[0]", "needs a 'repo'")]
    [InlineData("""{ "id": "X-1", "modified": "2024-01-01T00:00:00Z", "severity": [{ "type": "CVSS_V3" }] }""", "severity[0].score", "required field is missing")]
    [InlineData("""[1, 2]""", "", "expected an object, found an array")]
    [InlineData("""{ "id": "X-1", """, "", "not valid JSON")]
    public void A_bad_record_is_an_error_naming_the_file_and_the_field(string json, string field, string problem)
    {
        var error = Assert.Throws<OsvFormatException>(() => OsvReader.ReadJson(json, "bad/record.json"));

        Assert.Equal("bad/record.json", error.SourceName);
        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.StartsWith(field.Length > 0 ? $"bad/record.json: {field}: " : "bad/record.json: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_yaml_is_an_error_naming_the_file_and_the_line()
    {
        var error = Assert.Throws<OsvFormatException>(() => OsvReader.ReadYaml("id: X\nmodified: [unclosed\n", "pypi/x/PYSEC-1.yaml"));
        Assert.Equal("pypi/x/PYSEC-1.yaml", error.SourceName);
        Assert.Contains("not valid YAML (line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_fields_and_range_types_are_kept_out_of_the_way()
    {
        var record = OsvReader.ReadJson("""
            { "id": "X-1", "modified": "2024-01-01T00:00:00Z", "future_field": { "a": 1 },
              "affected": [{ "package": { "ecosystem": "npm", "name": "a" }, "ranges": [{ "type": "NEWTYPE", "events": [{ "introduced": "0" }] }] }] }
            """, "x.json");

        Assert.Equal(OsvRangeType.Unknown, record.Affected[0].Ranges[0].Type);
        Assert.Equal("NEWTYPE", record.Affected[0].Ranges[0].TypeName);
        Assert.Equal("X-1", OsvReader.ReadJson(Minimal, "m.json").Id);
    }

    [Fact]
    public void Every_vendored_real_record_reads()
    {
        var files = Directory.EnumerateFiles(TestData.Advisories, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .ToList();

        var records = files.Select(OsvReader.ReadFile).ToList();

        Assert.Equal(362, records.Count);
        Assert.Equal(records.Count, records.Select(r => r.Id).Distinct().Count());
        Assert.Equal(13, records.Count(r => r.IsWithdrawn && r.Id.StartsWith("RUSTSEC-", StringComparison.Ordinal))); // all of RustSec's withdrawn records are vendored
        Assert.All(records, r => Assert.NotEmpty(r.Affected));
    }
}
