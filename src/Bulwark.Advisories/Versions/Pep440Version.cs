using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Bulwark.Advisories.Versions;

/// <summary>
/// A Python package version as PEP 440 defines it, with the spec's normalisations applied on read
/// (case, <c>alpha</c>→<c>a</c>, <c>c</c>/<c>pre</c>/<c>preview</c>→<c>rc</c>, <c>rev</c>/<c>r</c>→<c>post</c>,
/// implicit numbers, the implicit post-release <c>1.0-1</c>, separators <c>-_.</c>, a leading <c>v</c>).
/// </summary>
internal sealed partial class Pep440Version : IComparable<Pep440Version>
{
    // Phase ranks within one release: a dev-only release comes before its pre-releases, which come
    // before the final release, which comes before its post-releases.
    private const int DevOnly = 0;
    private const int Alpha = 1;
    private const int Beta = 2;
    private const int ReleaseCandidate = 3;
    private const int Final = 4;

    private readonly string _epoch;
    private readonly string[] _release;
    private readonly int _phase;
    private readonly string _preNumber;
    private readonly string? _post;
    private readonly string? _dev;
    private readonly string[] _local;

    private Pep440Version(string epoch, string[] release, int phase, string preNumber, string? post, string? dev, string[] local)
    {
        _epoch = epoch;
        _release = release;
        _phase = phase;
        _preNumber = preNumber;
        _post = post;
        _dev = dev;
        _local = local;
    }

    // The grammar of PEP 440 "Appendix B", written out here with named groups.
    [GeneratedRegex("""
        ^\s*v?
        (?:(?<epoch>[0-9]+)!)?
        (?<release>[0-9]+(?:\.[0-9]+)*)
        (?<pre>[-_.]?(?<prel>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<pren>[0-9]+)?)?
        (?<post>(?:-(?<postn1>[0-9]+))|(?:[-_.]?(?:post|rev|r)[-_.]?(?<postn2>[0-9]+)?))?
        (?<dev>[-_.]?dev[-_.]?(?<devn>[0-9]+)?)?
        (?:\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?
        \s*$
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Grammar();

    public static bool TryParse(string text, [NotNullWhen(true)] out Pep440Version? version)
    {
        version = null;
        var match = Grammar().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var release = match.Groups["release"].Value.Split('.');
        var phase = Final;
        var preNumber = "0";
        if (match.Groups["pre"].Success)
        {
            phase = match.Groups["prel"].Value.ToLowerInvariant() switch
            {
                "a" or "alpha" => Alpha,
                "b" or "beta" => Beta,
                _ => ReleaseCandidate, // rc, c, pre, preview
            };
            preNumber = match.Groups["pren"].Success ? match.Groups["pren"].Value : "0";
        }

        string? post = null;
        if (match.Groups["post"].Success)
        {
            post = match.Groups["postn1"].Success ? match.Groups["postn1"].Value
                : match.Groups["postn2"].Success ? match.Groups["postn2"].Value
                : "0";
        }

        string? dev = null;
        if (match.Groups["dev"].Success)
        {
            dev = match.Groups["devn"].Success ? match.Groups["devn"].Value : "0";
        }

        if (phase == Final && post is null && dev is not null)
        {
            phase = DevOnly;
        }

        var local = match.Groups["local"].Success
            ? match.Groups["local"].Value.ToLowerInvariant().Split('-', '_', '.')
            : [];

        version = new Pep440Version(match.Groups["epoch"].Success ? match.Groups["epoch"].Value : "0",
            release, phase, preNumber, post, dev, local);
        return true;
    }

    public int CompareTo(Pep440Version? other)
    {
        if (other is null)
        {
            return 1;
        }

        var order = DigitRun.Compare(_epoch, other._epoch);
        if (order != 0)
        {
            return order;
        }

        // Release segments compare as if padded with zeros: 1.0 == 1.0.0.
        for (var i = 0; i < Math.Max(_release.Length, other._release.Length); i++)
        {
            order = DigitRun.Compare(i < _release.Length ? _release[i] : "0", i < other._release.Length ? other._release[i] : "0");
            if (order != 0)
            {
                return order;
            }
        }

        order = _phase.CompareTo(other._phase);
        if (order != 0)
        {
            return Math.Sign(order);
        }

        order = DigitRun.Compare(_preNumber, other._preNumber);
        if (order != 0)
        {
            return order;
        }

        // No post-release sorts before any post-release.
        order = CompareOptional(_post, other._post, missingIsLowest: true);
        if (order != 0)
        {
            return order;
        }

        // No dev-release sorts after any dev-release.
        order = CompareOptional(_dev, other._dev, missingIsLowest: false);
        return order != 0 ? order : CompareLocal(_local, other._local);
    }

    private static int CompareOptional(string? a, string? b, bool missingIsLowest)
    {
        if (a is null || b is null)
        {
            if (a is null && b is null)
            {
                return 0;
            }

            var aIsHigher = (a is null) != missingIsLowest;
            return aIsHigher ? 1 : -1;
        }

        return DigitRun.Compare(a, b);
    }

    // Local labels: absent < present; segment by segment, numbers above strings, strings
    // lexicographically, numbers numerically; a longer label wins a common prefix.
    private static int CompareLocal(string[] a, string[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var aNumeric = DigitRun.IsDigits(a[i]);
            var bNumeric = DigitRun.IsDigits(b[i]);
            var order = (aNumeric, bNumeric) switch
            {
                (true, true) => DigitRun.Compare(a[i], b[i]),
                (true, false) => 1,
                (false, true) => -1,
                _ => Math.Sign(string.CompareOrdinal(a[i], b[i])),
            };
            if (order != 0)
            {
                return order;
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}

/// <summary>PyPI: PEP 440.</summary>
internal sealed class Pep440Scheme : VersionScheme<Pep440Version>
{
    public static readonly Pep440Scheme Instance = new();

    public override string Name => "PEP 440";

    protected override bool TryRead(string text, [NotNullWhen(true)] out Pep440Version? version) => Pep440Version.TryParse(text, out version);
}
