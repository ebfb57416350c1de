using Bulwark.Advisories.Matching;
using Bulwark.Advisories.Osv;
using Bulwark.Core;

namespace Bulwark.Advisories.Tests.Matching;

/// <summary>
/// The OSV schema's "Evaluation" rules on hand-written fixtures, one range shape per test; the
/// records are described in testdata/README.md.
/// </summary>
public class AffectedVersionsTests
{
    [Theory]
    [InlineData("2.0-beta8", false)]
    [InlineData("2.0-beta9", true)] // introduced is inclusive
    [InlineData("2.0", true)]
    [InlineData("2.3", true)]
    [InlineData("2.3.1", false)] // fixed is exclusive
    [InlineData("2.3.2", false)] // between two ranges
    [InlineData("2.4", true)]
    [InlineData("2.12.1", true)]
    [InlineData("2.12.2", false)]
    [InlineData("2.13.0", true)]
    [InlineData("2.14.1", true)]
    [InlineData("2.15.0-rc1", true)] // Maven: a release candidate sorts before its release
    [InlineData("2.15.0", false)]
    [InlineData("2.17.1", false)]
    public void Several_ranges_each_count_log4shell(string version, bool affected) =>
        AssertAffected("GHSA-jfh8-c2jp-5v3q.json", version, affected);

    [Theory]
    [InlineData("0.0.1", true)] // introduced "0": from the very first version
    [InlineData("0.2.3", true)]
    [InlineData("0.2.4", false)]
    [InlineData("0.2.5", false)]
    [InlineData("1.0.0", true)]
    [InlineData("1.2.5", true)]
    [InlineData("1.2.6", false)]
    [InlineData("v1.2.5", true)] // npm's leading v
    public void Unsorted_events_are_sorted_before_evaluation_minimist(string version, bool affected) =>
        AssertAffected("GHSA-xvch-5gv4-984h.json", version, affected);

    [Theory]
    [InlineData("3.6.9", false)]
    [InlineData("3.7.0", true)]
    [InlineData("4.17.15", true)]
    [InlineData("4.17.19", false)]
    [InlineData("4.17.21", false)]
    public void A_single_semver_range_lodash(string version, bool affected) =>
        AssertAffected("GHSA-p6mc-m468-83gw.json", version, affected);

    [Theory]
    [InlineData("4.0.0", true)]
    [InlineData("4.5.0", true)]
    [InlineData("4.5.1", false)]
    [InlineData("4.6.0", true)]
    [InlineData("4.7.1", true)]
    [InlineData("4.7.2", false)]
    [InlineData("5.0.0", true)]
    [InlineData("5.0.1", false)]
    [InlineData("5.0.0.0", true)] // NuGet normalises four-part versions
    [InlineData("6.0.0", false)]
    public void Several_introduced_fixed_pairs_in_one_range_system_text_encodings_web(string version, bool affected) =>
        AssertAffected("GHSA-ghhp-997w-qr28.json", version, affected);

    [Theory]
    [InlineData("1.4.200", true)]
    [InlineData("2.1.214", true)] // last_affected is inclusive
    [InlineData("2.2.220", false)]
    public void Last_affected_is_inclusive_h2(string version, bool affected) =>
        AssertAffected("GHSA-22wj-vf5f-wrvj.json", version, affected);

    [Theory]
    [InlineData("0.9.0", false)]
    [InlineData("1.0.0", true)]
    [InlineData("1.4.9", true)]
    [InlineData("1.5.0", false)] // the limit caps the range
    [InlineData("2.0.0", false)]
    [InlineData("3.0.5", true)]
    [InlineData("3.5.0", true)] // below one of the two limits
    [InlineData("4.0.0", false)]
    [InlineData("5.0.0", true)]
    [InlineData("99.0.0", true)] // limit "*" is infinity
    public void Limit_events_cap_ranges(string version, bool affected) =>
        AssertAffected("BULWARK-TEST-limit.json", version, affected);

    [Theory]
    [InlineData("0.1.2", true)]
    [InlineData("0.2.2", true)]
    [InlineData("0.2.6", true)]
    [InlineData("0.2.6.0", true)] // the same release under PEP 440
    [InlineData("0.2.3", false)]
    [InlineData("0.1.1", false)]
    public void Explicit_versions_are_affected_exactly_ctx(string version, bool affected) =>
        AssertAffected("MAL-2022-ctx.yaml", version, affected);

    [Theory]
    [InlineData("5.2.4.4", true)]
    [InlineData("5.2.4.5", false)]
    [InlineData("6.0.3.4", true)]
    [InlineData("6.0.3.5", false)]
    [InlineData("6.1.2", true)]
    [InlineData("6.1.2.1", false)]
    [InlineData("4.1.0", false)]
    public void Rubygems_four_part_versions_activerecord(string version, bool affected) =>
        AssertAffected("GHSA-8gq5-vrw9-xq4g.json", version, affected);

    [Theory]
    [InlineData("6.5.5", true)]
    [InlineData("v6.5.6", false)]
    [InlineData("7.0.0-beta.1", false)] // below 7.0.0, above 6.5.6
    [InlineData("7.4.2", true)]
    [InlineData("7.4.3", false)]
    public void Composer_versions_guzzle(string version, bool affected) =>
        AssertAffected("GHSA-w248-ffj2-4v5q.json", version, affected);

    [Fact]
    public void A_version_the_scheme_cannot_read_is_undetermined_not_a_guess()
    {
        var affected = TestData.Fixture("GHSA-p6mc-m468-83gw.json").Affected[0];

        var verdict = AffectedVersions.Evaluate(affected, "latest");

        Assert.Equal(AffectedStatus.Undetermined, verdict.Status);
        Assert.Contains("'latest' is not a SemVer 2.0 version", Assert.Single(verdict.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void An_ecosystem_without_a_known_ordering_is_undetermined()
    {
        var affected = TestData.Fixture("BULWARK-TEST-unorderable.json").Affected[0];

        var verdict = AffectedVersions.Evaluate(affected, "1.0-1");

        Assert.Equal(AffectedStatus.Undetermined, verdict.Status);
        Assert.Contains("no version ordering is known for ecosystem 'CRAN'", Assert.Single(verdict.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Git_ranges_are_skipped_and_counted()
    {
        var affected = TestData.Fixture("BULWARK-TEST-unorderable.json").Affected[1];

        var outside = AffectedVersions.Evaluate(affected, "1.0.0");
        var inside = AffectedVersions.Evaluate(affected, "2.0.1");

        Assert.Equal(AffectedStatus.NotAffected, outside.Status);
        Assert.Equal(1, outside.SkippedGitRanges);
        Assert.Contains("GIT range(s) skipped", Assert.Single(outside.Notes), StringComparison.Ordinal);
        Assert.Equal(AffectedStatus.Affected, inside.Status);
        Assert.Equal(1, inside.SkippedGitRanges);
    }

    [Fact]
    public void An_event_version_the_scheme_cannot_read_makes_its_range_undetermined()
    {
        var affected = new OsvAffected
        {
            Package = new OsvPackage("npm", "x"),
            Ranges = EquatableArray.Of(new OsvRange { Type = OsvRangeType.Semver, TypeName = "SEMVER", Events = EquatableArray.Of(new OsvEvent(OsvEventKind.Introduced, "0"), new OsvEvent(OsvEventKind.Fixed, "1.2")) }),
        };

        var verdict = AffectedVersions.Evaluate(affected, "1.0.0");

        Assert.Equal(AffectedStatus.Undetermined, verdict.Status);
        Assert.Contains("event version '1.2' is not a SemVer 2.0 version", verdict.Notes[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GHSA-jfh8-c2jp-5v3q.json", "2.14.1", "2.15.0")]
    [InlineData("GHSA-jfh8-c2jp-5v3q.json", "2.10.0", "2.12.2")] // the fix of its own branch
    [InlineData("GHSA-jfh8-c2jp-5v3q.json", "2.0-beta9", "2.3.1")]
    [InlineData("GHSA-ghhp-997w-qr28.json", "4.6.0", "4.7.2")]
    [InlineData("GHSA-xvch-5gv4-984h.json", "0.0.8", "0.2.4")]
    [InlineData("GHSA-xvch-5gv4-984h.json", "1.2.5", "1.2.6")]
    [InlineData("GHSA-36p3-wjmg-h94x.json", "5.3.17", "5.3.18")]
    [InlineData("GHSA-36p3-wjmg-h94x.json", "5.2.19.RELEASE", "5.2.20")]
    public void The_fix_is_the_lowest_fixed_version_above_the_installed_one(string fixture, string installed, string fix) =>
        Assert.Equal(fix, AffectedVersions.FixedVersionFor(TestData.Fixture(fixture).Affected[0], installed));

    [Theory]
    [InlineData("GHSA-22wj-vf5f-wrvj.json", "2.1.214")] // only last_affected: no known fix
    [InlineData("MAL-2022-ctx.yaml", "0.2.6")] // no ranges at all
    [InlineData("GHSA-p6mc-m468-83gw.json", "4.17.21")] // nothing above
    public void No_fix_is_offered_when_none_is_known(string fixture, string installed) =>
        Assert.Null(AffectedVersions.FixedVersionFor(TestData.Fixture(fixture).Affected[0], installed));

    private static void AssertAffected(string fixture, string version, bool affected)
    {
        var entry = TestData.Fixture(fixture).Affected[0];
        var verdict = AffectedVersions.Evaluate(entry, version);
        Assert.True(verdict.Status == (affected ? AffectedStatus.Affected : AffectedStatus.NotAffected),
            $"{fixture} {entry.Package?.Name} {version}: expected {(affected ? "affected" : "not affected")}, got {verdict.Status} {string.Join("; ", verdict.Notes)}");
    }
}
