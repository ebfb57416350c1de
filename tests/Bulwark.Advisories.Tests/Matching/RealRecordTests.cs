using Bulwark.Advisories.Matching;
using Bulwark.Core.Findings;

namespace Bulwark.Advisories.Tests.Matching;

/// <summary>
/// Real records from testdata/advisories, with affected and unaffected versions read off each record
/// (and its advisory text) by hand.
/// </summary>
public class RealRecordTests
{
    [Theory]
    [InlineData("Django", "2.2.27", true)] // the record lists its ranges newest first: 4.0, 3.2, 2.2
    [InlineData("django", "2.2.28", false)]
    [InlineData("django", "3.0.14", false)] // a naive walk of the unsorted events would say "affected"
    [InlineData("django", "3.1", false)]
    [InlineData("django", "3.2", true)]
    [InlineData("django", "3.2.12", true)]
    [InlineData("django", "3.2.13", false)]
    [InlineData("django", "4.0.3", true)]
    [InlineData("django", "4.0.4", false)]
    [InlineData("django", "4.0rc1", false)] // pre-releases of 4.0 come before "introduced: 4.0"
    [InlineData("django", "2.1.15", false)]
    public void Pysec_2022_190_django_unsorted_ecosystem_ranges(string name, string version, bool affected) =>
        AssertMatch("pypi/django/PYSEC-2022-190.yaml", "PyPI", name, version, affected);

    [Theory]
    [InlineData("AccessControl", "4.2", true)] // also in the explicit versions list
    [InlineData("accesscontrol", "4.3", false)]
    [InlineData("accesscontrol", "5.1", true)]
    [InlineData("accesscontrol", "5.2", false)]
    [InlineData("accesscontrol", "3.0.11", false)]
    public void Pysec_2021_335_accesscontrol_with_a_git_range(string name, string version, bool affected) =>
        AssertMatch("pypi/accesscontrol/PYSEC-2021-335.yaml", "PyPI", name, version, affected);

    [Fact]
    public void Git_ranges_of_a_real_record_are_counted()
    {
        var match = AdvisoryMatcher.Match(TestData.Real("pypi/accesscontrol/PYSEC-2021-335.yaml"), "PyPI", "accesscontrol", "4.3");
        Assert.Equal(1, match.SkippedGitRanges);
    }

    [Theory]
    [InlineData("1.4.2", true)]
    [InlineData("v1.4.2", true)]
    [InlineData("1.4.3", false)]
    [InlineData("1.21.0", false)]
    [InlineData("1.0.0", true)]
    public void Go_2021_0159_stdlib(string version, bool affected) =>
        AssertMatch("go/GO-2021-0159.json", "Go", "stdlib", version, affected);

    [Theory]
    [InlineData("v2.6.2+incompatible", true)]
    [InlineData("v2.7.0-rc.0+incompatible", false)]
    [InlineData("v2.7.0+incompatible", false)]
    [InlineData("v2.7.0-beta.1+incompatible", true)]
    public void Go_2021_0072_docker_distribution_incompatible_versions(string version, bool affected) =>
        AssertMatch("go/GO-2021-0072.json", "Go", "github.com/docker/distribution", version, affected);

    [Theory]
    [InlineData("v1.1.24", true)]
    [InlineData("v1.1.25-0.20191101000000-aaaaaaaaaaaa", true)] // an older pseudo-version of the same base
    [InlineData("v1.1.25-0.20191211073109-8ebf2e419df7", false)] // the fix is itself a pseudo-version
    [InlineData("v1.1.25", false)]
    public void Go_2020_0008_miekg_dns_fixed_in_a_pseudo_version(string version, bool affected) =>
        AssertMatch("go/GO-2020-0008.json", "Go", "github.com/miekg/dns", version, affected);

    [Theory]
    [InlineData("0.1.45", true)]
    [InlineData("0.2.0", false)]
    [InlineData("0.2.1-beta", true)] // one of the pre-release windows the record names
    [InlineData("0.2.1", false)]
    [InlineData("0.2.7", true)]
    [InlineData("0.2.22", true)]
    [InlineData("0.2.23", false)]
    [InlineData("0.3.0", false)]
    public void Rustsec_2020_0071_time_many_pairs_in_one_semver_range(string version, bool affected) =>
        AssertMatch("rustsec/RUSTSEC-2020-0071.json", "crates.io", "time", version, affected);

    [Theory]
    [InlineData("0.10.47", true)]
    [InlineData("0.10.48", false)]
    [InlineData("0.9.24", true)]
    public void Rustsec_2023_0022_openssl(string version, bool affected) =>
        AssertMatch("rustsec/RUSTSEC-2023-0022.json", "crates.io", "openssl", version, affected);

    [Theory]
    [InlineData("0.1.45", "0.2.0")]
    [InlineData("0.2.10", "0.2.23")]
    public void Rustsec_2020_0071_time_fix_is_the_next_fixed_version(string installed, string fix) =>
        Assert.Equal(fix, AdvisoryMatcher.Match(TestData.Real("rustsec/RUSTSEC-2020-0071.json"), "crates.io", "time", installed).FixedVersion);

    [Fact]
    public void Pysec_2022_190_django_fix_is_the_fix_of_the_installed_branch()
    {
        var record = TestData.Real("pypi/django/PYSEC-2022-190.yaml");
        Assert.Equal("3.2.13", AdvisoryMatcher.Match(record, "PyPI", "django", "3.2.5").FixedVersion);
        Assert.Equal("2.2.28", AdvisoryMatcher.Match(record, "PyPI", "django", "2.2.1").FixedVersion);
        Assert.Null(AdvisoryMatcher.Match(record, "PyPI", "django", "4.1").FixedVersion);
    }

    [Theory]
    [InlineData("rustsec/RUSTSEC-2019-0031.json", "spin", "0.0.0-0")]
    [InlineData("rustsec/RUSTSEC-2020-0053.json", "dirs", "1.0.0")]
    public void Withdrawn_records_never_match(string path, string name, string version)
    {
        var match = AdvisoryMatcher.Match(TestData.Real(path), "crates.io", name, version);
        Assert.Equal(AffectedStatus.NotAffected, match.Status);
        Assert.Contains("withdrawn", Assert.Single(match.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_package_or_ecosystem_does_not_match()
    {
        var record = TestData.Real("rustsec/RUSTSEC-2023-0022.json");
        Assert.Equal(AffectedStatus.NotAffected, AdvisoryMatcher.Match(record, "crates.io", "openssl-sys", "0.9.0").Status);
        Assert.Equal(AffectedStatus.NotAffected, AdvisoryMatcher.Match(record, "npm", "openssl", "0.9.0").Status);
    }

    [Theory]
    [InlineData("rustsec/RUSTSEC-2016-0001.json", Severity.High, "CVSS_V3")] // CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H = 8.1
    [InlineData("rustsec/RUSTSEC-2025-0138.json", Severity.Medium, "CVSS_V4")]
    [InlineData("rustsec/RUSTSEC-2023-0022.json", Severity.Unknown, "no severity")]
    public void Real_record_severity_comes_from_its_vector(string path, Severity severity, string source)
    {
        var assessment = AdvisorySeverity.Resolve(TestData.Real(path));
        Assert.Equal(severity, assessment.Severity);
        Assert.StartsWith(source, assessment.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Rustsec_2016_0001_scores_8_1()
    {
        var assessment = AdvisorySeverity.Resolve(TestData.Real("rustsec/RUSTSEC-2016-0001.json"));
        Assert.Equal(8.1, assessment.Cvss!.Score);
    }

    private static void AssertMatch(string path, string ecosystem, string name, string version, bool affected)
    {
        var match = AdvisoryMatcher.Match(TestData.Real(path), ecosystem, name, version);
        Assert.True(match.Status == (affected ? AffectedStatus.Affected : AffectedStatus.NotAffected),
            $"{path} {name} {version}: expected {(affected ? "affected" : "not affected")}, got {match.Status} {string.Join("; ", match.Notes)}");
    }
}
