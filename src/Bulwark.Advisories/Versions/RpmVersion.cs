using System.Diagnostics.CodeAnalysis;
namespace Bulwark.Advisories.Versions;

/// <summary>
/// RPM <c>[epoch:]version[-release]</c> ordered with rpmvercmp: alternating runs of digits and letters
/// (other characters only separate); a digit run beats a letter run; digit runs compare numerically;
/// <c>~</c> sorts before anything, even the end (pre-releases); <c>^</c> sorts after the end but before
/// anything else (post-release snapshots). A release is compared only when both sides have one, as rpm does.
/// </summary>
internal sealed class RpmVersion : IComparable<RpmVersion>
{
    private readonly string _epoch;
    private readonly string _version;
    private readonly string? _release;

    private RpmVersion(string epoch, string version, string? release)
    {
        _epoch = epoch;
        _version = version;
        _release = release;
    }

    public static bool TryParse(string text, [NotNullWhen(true)] out RpmVersion? version)
    {
        version = null;
        var rest = text.Trim();
        var epoch = "0";
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            epoch = rest[..colon];
            if (!DigitRun.IsDigits(epoch))
            {
                return false;
            }

            rest = rest[(colon + 1)..];
        }

        string? release = null;
        var hyphen = rest.LastIndexOf('-');
        if (hyphen >= 0)
        {
            release = rest[(hyphen + 1)..];
            rest = rest[..hyphen];
            if (release.Length == 0)
            {
                return false;
            }
        }

        if (rest.Length == 0 || !rest.Any(char.IsAsciiLetterOrDigit) || rest.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        version = new RpmVersion(epoch, rest, release);
        return true;
    }

    public int CompareTo(RpmVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var order = DigitRun.Compare(_epoch, other._epoch);
        if (order == 0)
        {
            order = Compare(_version, other._version);
        }

        if (order == 0 && _release is not null && other._release is not null)
        {
            order = Compare(_release, other._release);
        }

        return order;
    }

    internal static int Compare(string a, string b)
    {
        if (a == b)
        {
            return 0;
        }

        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while (i < a.Length && IsSeparator(a[i]))
            {
                i++;
            }

            while (j < b.Length && IsSeparator(b[j]))
            {
                j++;
            }

            var aTilde = i < a.Length && a[i] == '~';
            var bTilde = j < b.Length && b[j] == '~';
            if (aTilde || bTilde)
            {
                if (!aTilde)
                {
                    return 1;
                }

                if (!bTilde)
                {
                    return -1;
                }

                i++;
                j++;
                continue;
            }

            var aCaret = i < a.Length && a[i] == '^';
            var bCaret = j < b.Length && b[j] == '^';
            if (aCaret || bCaret)
            {
                if (i >= a.Length)
                {
                    return -1;
                }

                if (j >= b.Length)
                {
                    return 1;
                }

                if (!aCaret)
                {
                    return 1;
                }

                if (!bCaret)
                {
                    return -1;
                }

                i++;
                j++;
                continue;
            }

            if (i >= a.Length || j >= b.Length)
            {
                break;
            }

            var numeric = char.IsAsciiDigit(a[i]);
            var aStart = i;
            var bStart = j;
            while (i < a.Length && (numeric ? char.IsAsciiDigit(a[i]) : char.IsAsciiLetter(a[i])))
            {
                i++;
            }

            while (j < b.Length && (numeric ? char.IsAsciiDigit(b[j]) : char.IsAsciiLetter(b[j])))
            {
                j++;
            }

            if (j == bStart)
            {
                // The runs are of different kinds: numbers are newer than letters.
                return numeric ? 1 : -1;
            }

            var order = numeric
                ? DigitRun.Compare(a.AsSpan(aStart, i - aStart), b.AsSpan(bStart, j - bStart))
                : Math.Sign(a.AsSpan(aStart, i - aStart).SequenceCompareTo(b.AsSpan(bStart, j - bStart)));
            if (order != 0)
            {
                return order;
            }
        }

        if (i >= a.Length && j >= b.Length)
        {
            return 0;
        }

        // Whichever still has characters left is newer.
        return i < a.Length ? 1 : -1;
    }

    private static bool IsSeparator(char c) => !char.IsAsciiLetterOrDigit(c) && c != '~' && c != '^';
}

/// <summary>Red Hat, AlmaLinux, Rocky Linux, SUSE, openSUSE, Mageia, Photon OS, openEuler: rpmvercmp.</summary>
internal sealed class RpmScheme : VersionScheme<RpmVersion>
{
    public static readonly RpmScheme Instance = new();

    public override string Name => "RPM (rpmvercmp)";

    protected override bool TryRead(string text, [NotNullWhen(true)] out RpmVersion? version) => RpmVersion.TryParse(text, out version);
}
