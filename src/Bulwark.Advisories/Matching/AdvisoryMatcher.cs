using Bulwark.Advisories.Osv;
using Bulwark.Advisories.Versions;
using Bulwark.Core;

namespace Bulwark.Advisories.Matching;

/// <summary>
/// Evaluates a whole record for one package version: the <c>affected</c> entries naming that package
/// (ecosystem exactly, name in its ecosystem's normal form) decide it — affected when any entry says so,
/// undetermined when none does but one could not be evaluated. Withdrawn records never match.
/// </summary>
public static class AdvisoryMatcher
{
    public static AdvisoryMatch Match(OsvRecord record, string ecosystem, string packageName, string version)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(ecosystem);
        ArgumentNullException.ThrowIfNull(packageName);
        ArgumentNullException.ThrowIfNull(version);

        if (record.IsWithdrawn)
        {
            return new AdvisoryMatch
            {
                Record = record,
                Status = AffectedStatus.NotAffected,
                Notes = EquatableArray.Of($"{record.Id} was withdrawn on {record.Withdrawn:yyyy-MM-dd}"),
            };
        }

        var status = AffectedStatus.NotAffected;
        var notes = new List<string>();
        var skippedGit = 0;
        string? fixedVersion = null;
        var name = PackageNames.Normalize(ecosystem, packageName);
        foreach (var affected in EntriesFor(record, ecosystem, name))
        {
            var verdict = AffectedVersions.Evaluate(affected, version);
            skippedGit += verdict.SkippedGitRanges;
            notes.AddRange(verdict.Notes);
            if (verdict.Status == AffectedStatus.Affected)
            {
                status = AffectedStatus.Affected;
                fixedVersion = Lowest(ecosystem, fixedVersion, AffectedVersions.FixedVersionFor(affected, version));
            }
            else if (verdict.Status == AffectedStatus.Undetermined && status == AffectedStatus.NotAffected)
            {
                status = AffectedStatus.Undetermined;
            }
        }

        return new AdvisoryMatch
        {
            Record = record,
            Status = status,
            FixedVersion = fixedVersion,
            Notes = notes.Distinct(StringComparer.Ordinal).ToEquatableArray(),
            SkippedGitRanges = skippedGit,
        };
    }

    /// <summary>The record's entries for the package (ecosystem compared case-insensitively, names normalised).</summary>
    public static IEnumerable<OsvAffected> EntriesFor(OsvRecord record, string ecosystem, string normalizedName)
    {
        ArgumentNullException.ThrowIfNull(record);
        foreach (var affected in record.Affected)
        {
            if (affected.Package is { } package
                && string.Equals(package.Ecosystem, ecosystem, StringComparison.OrdinalIgnoreCase)
                && PackageNames.Normalize(package.Ecosystem, package.Name) == normalizedName)
            {
                yield return affected;
            }
        }
    }

    private static string? Lowest(string ecosystem, string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a ?? b;
        }

        var scheme = VersionSchemes.For(ecosystem) ?? VersionSchemes.SemVer;
        return scheme.TryCompare(b, a, out var order) && order < 0 ? b : a;
    }
}
