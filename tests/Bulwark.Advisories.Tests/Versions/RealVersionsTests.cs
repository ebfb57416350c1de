using Bulwark.Advisories.Osv;
using Bulwark.Advisories.Versions;

namespace Bulwark.Advisories.Tests.Versions;

/// <summary>
/// Every version string in the vendored real records (range events and explicit lists) reads with
/// its scheme — SEMVER ranges with SemVer, the rest with the ecosystem's. Over the whole shared corpus
/// (166,212 strings) only 110 PyPI strings fail, all legacy non-PEP 440 versions such as
/// <c>0.1-bulbasaur</c> or <c>2013-01-21T20:33:09+0100</c> that pip itself no longer orders.
/// </summary>
public class RealVersionsTests
{
    // Not PEP 440 (a release segment after a pre-release): packaging's Version() rejects it too.
    private static readonly string[] KnownInvalid = ["PYSEC-2017-103: versions[] '1.0beta6.1'"];

    [Fact]
    public void Every_version_in_the_vendored_records_is_readable_by_its_scheme()
    {
        var unreadable = new List<string>();
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(TestData.Advisories, "*.*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)))
        {
            var record = OsvReader.ReadFile(file);
            foreach (var affected in record.Affected)
            {
                var ecosystem = VersionSchemes.For(affected.Package!.Ecosystem)!;
                foreach (var version in affected.Versions)
                {
                    count++;
                    if (!ecosystem.TryParse(version, out _))
                    {
                        unreadable.Add($"{record.Id}: versions[] '{version}'");
                    }
                }

                foreach (var range in affected.Ranges.Where(r => r.Type != OsvRangeType.Git))
                {
                    var scheme = range.Type == OsvRangeType.Semver ? VersionSchemes.SemVer : ecosystem;
                    foreach (var e in range.Events.Where(e => e.Version is not OsvEvent.Beginning and not OsvEvent.Infinity))
                    {
                        count++;
                        if (!scheme.TryParse(e.Version, out _))
                        {
                            unreadable.Add($"{record.Id}: {range.TypeName} {e.Kind} '{e.Version}'");
                        }
                    }
                }
            }
        }

        Assert.True(count > 5000, $"only {count} versions seen");
        Assert.Equal(KnownInvalid, unreadable);
    }
}
