using Bulwark.Advisories.Osv;
using Bulwark.Advisories.Versions;
using Bulwark.Core;

namespace Bulwark.Advisories.Matching;

/// <summary>
/// Decides whether a version of a package is inside an OSV <c>affected</c> entry, following the
/// schema's "Evaluation" pseudo-code: the version is affected when it is listed in <c>versions</c>, or
/// when, in some SEMVER or ECOSYSTEM range that it is below a <c>limit</c> of (an implicit <c>*</c> when
/// none), walking the events sorted by version leaves it "vulnerable" — <c>introduced</c> at or below it
/// sets vulnerable, <c>fixed</c> at or below it clears it, <c>last_affected</c> strictly below it clears it.
/// SEMVER ranges use SemVer 2.0 precedence; ECOSYSTEM ranges use the ecosystem's own ordering.
/// </summary>
public static class AffectedVersions
{
    public static AffectedVerdict Evaluate(OsvAffected affected, string version)
    {
        ArgumentNullException.ThrowIfNull(affected);
        ArgumentNullException.ThrowIfNull(version);
        var ecosystemScheme = EcosystemScheme(affected);
        var notes = new List<string>();
        var skippedGit = 0;

        if (IsListed(affected, version, ecosystemScheme))
        {
            return new AffectedVerdict(AffectedStatus.Affected, EquatableArray<string>.Empty, 0);
        }

        var undetermined = false;
        foreach (var range in affected.Ranges)
        {
            if (range.Type == OsvRangeType.Git)
            {
                skippedGit++;
                continue;
            }

            if (!TryPrepare(affected, range, ecosystemScheme, version, out var prepared, out var problem))
            {
                undetermined = true;
                notes.Add(problem);
                continue;
            }

            if (prepared.Contains())
            {
                return new AffectedVerdict(AffectedStatus.Affected, notes.ToEquatableArray(), skippedGit);
            }
        }

        if (skippedGit > 0)
        {
            notes.Add($"{skippedGit} GIT range(s) skipped: commit ranges cannot be evaluated against a version");
        }

        return new AffectedVerdict(undetermined ? AffectedStatus.Undetermined : AffectedStatus.NotAffected, notes.ToEquatableArray(), skippedGit);
    }

    /// <summary>
    /// The lowest <c>fixed</c> version above <paramref name="installed"/> in the entry's SEMVER and
    /// ECOSYSTEM ranges, or null when there is none (unfixed, only <c>last_affected</c>, or nothing orderable).
    /// </summary>
    public static string? FixedVersionFor(OsvAffected affected, string installed)
    {
        ArgumentNullException.ThrowIfNull(affected);
        ArgumentNullException.ThrowIfNull(installed);
        var ecosystemScheme = EcosystemScheme(affected);
        string? best = null;
        IVersionScheme? bestScheme = null;
        foreach (var range in affected.Ranges)
        {
            var scheme = SchemeFor(range, ecosystemScheme);
            if (scheme is null)
            {
                continue;
            }

            foreach (var e in range.Events)
            {
                if (e.Kind != OsvEventKind.Fixed || !scheme.TryCompare(e.Version, installed, out var order) || order <= 0)
                {
                    continue;
                }

                if (best is null || (bestScheme!.TryCompare(e.Version, best, out var lower) && lower < 0))
                {
                    best = e.Version;
                    bestScheme = scheme;
                }
            }
        }

        return best;
    }

    private static IVersionScheme? EcosystemScheme(OsvAffected affected) =>
        affected.Package is { } package ? VersionSchemes.For(package.Ecosystem) : null;

    private static IVersionScheme? SchemeFor(OsvRange range, IVersionScheme? ecosystemScheme) => range.Type switch
    {
        OsvRangeType.Semver => VersionSchemes.SemVer,
        OsvRangeType.Ecosystem => ecosystemScheme,
        _ => null,
    };

    // The schema says "v == version"; equal under the ecosystem's ordering (PEP 440's 1.0 == 1.0.0)
    // counts too, since both strings name the same release.
    private static bool IsListed(OsvAffected affected, string version, IVersionScheme? scheme)
    {
        foreach (var listed in affected.Versions)
        {
            if (listed == version || (scheme is not null && scheme.TryCompare(listed, version, out var order) && order == 0))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryPrepare(OsvAffected affected, OsvRange range, IVersionScheme? ecosystemScheme, string version,
        out PreparedRange prepared, out string problem)
    {
        prepared = default;
        var scheme = SchemeFor(range, ecosystemScheme);
        if (scheme is null)
        {
            problem = range.Type == OsvRangeType.Ecosystem
                ? $"no version ordering is known for ecosystem '{affected.Package?.Ecosystem}'"
                : $"range type '{range.TypeName}' is not defined by the OSV schema";
            return false;
        }

        if (!scheme.TryParse(version, out var parsed))
        {
            problem = $"'{version}' is not a {scheme.Name} version, so the {range.TypeName} range cannot order it";
            return false;
        }

        var events = new List<(OsvEventKind Kind, Bound Bound)>(range.Events.Count);
        foreach (var e in range.Events)
        {
            Bound bound;
            if (e.Kind == OsvEventKind.Introduced && e.Version == OsvEvent.Beginning)
            {
                bound = Bound.Lowest;
            }
            else if (e.Kind == OsvEventKind.Limit && e.Version.Contains(OsvEvent.Infinity, StringComparison.Ordinal))
            {
                bound = Bound.Highest;
            }
            else if (scheme.TryParse(e.Version, out var eventVersion))
            {
                bound = new Bound(eventVersion, 0);
            }
            else
            {
                problem = $"event version '{e.Version}' is not a {scheme.Name} version";
                return false;
            }

            events.Add((e.Kind, bound));
        }

        prepared = new PreparedRange(parsed, events);
        problem = "";
        return true;
    }

    /// <summary>An event position: a parsed version, or one of the ends the schema's special values name.</summary>
    private readonly record struct Bound(IComparableVersion? Version, int End)
    {
        public static readonly Bound Lowest = new(null, -1);
        public static readonly Bound Highest = new(null, 1);

        public int CompareTo(IComparableVersion version) => End != 0 ? End : Version!.CompareTo(version);

        public int CompareTo(Bound other)
        {
            if (End != 0 || other.End != 0)
            {
                return End.CompareTo(other.End);
            }

            return Version!.CompareTo(other.Version);
        }
    }

    private readonly record struct PreparedRange(IComparableVersion Version, List<(OsvEventKind Kind, Bound Bound)> Events)
    {
        public bool Contains()
        {
            if (!BeforeLimits())
            {
                return false;
            }

            // Sorted by version; a stable sort keeps the record's order for events at the same version.
            var sorted = Events.OrderBy(e => e.Bound, Comparer<Bound>.Create((a, b) => a.CompareTo(b)));
            var vulnerable = false;
            foreach (var (kind, bound) in sorted)
            {
                var position = bound.CompareTo(Version); // < 0: the event is below the version
                switch (kind)
                {
                    case OsvEventKind.Introduced when position <= 0:
                        vulnerable = true;
                        break;
                    case OsvEventKind.Fixed when position <= 0:
                        vulnerable = false;
                        break;
                    case OsvEventKind.LastAffected when position < 0:
                        vulnerable = false;
                        break;
                }
            }

            return vulnerable;
        }

        private bool BeforeLimits()
        {
            var hasLimit = false;
            foreach (var (kind, bound) in Events)
            {
                if (kind != OsvEventKind.Limit)
                {
                    continue;
                }

                hasLimit = true;
                if (bound.CompareTo(Version) > 0)
                {
                    return true;
                }
            }

            return !hasLimit;
        }
    }
}
