using System.Diagnostics.CodeAnalysis;
namespace Bulwark.Advisories.Versions;

/// <summary>
/// Debian package versions as Debian Policy §5.6.12 and dpkg define them:
/// <c>[epoch:]upstream_version[-debian_revision]</c>; epochs compare numerically, the two other parts
/// with dpkg's algorithm — alternate non-digit and digit runs; in non-digit runs letters sort before
/// non-letters and <c>~</c> before everything, even the end of the string; digit runs compare numerically.
/// </summary>
internal sealed class DebianVersion : IComparable<DebianVersion>
{
    private readonly string _epoch;
    private readonly string _upstream;
    private readonly string _revision;

    private DebianVersion(string epoch, string upstream, string revision)
    {
        _epoch = epoch;
        _upstream = upstream;
        _revision = revision;
    }

    public static bool TryParse(string text, [NotNullWhen(true)] out DebianVersion? version)
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

        // The revision is whatever follows the last hyphen; its absence equals a revision of "0".
        var revision = "";
        var hyphen = rest.LastIndexOf('-');
        if (hyphen >= 0)
        {
            revision = rest[(hyphen + 1)..];
            rest = rest[..hyphen];
            if (revision.Length == 0 || !revision.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '.' or '~'))
            {
                return false;
            }
        }

        if (rest.Length == 0 || !char.IsAsciiDigit(rest[0])
            || !rest.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '-' or '~' or ':'))
        {
            return false;
        }

        version = new DebianVersion(epoch, rest, revision);
        return true;
    }

    public int CompareTo(DebianVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var order = DigitRun.Compare(_epoch, other._epoch);
        if (order == 0)
        {
            order = CompareParts(_upstream, other._upstream);
        }

        return order != 0 ? order : CompareParts(_revision, other._revision);
    }

    internal static int CompareParts(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            // Non-digit run, character by character.
            while ((i < a.Length && !char.IsAsciiDigit(a[i])) || (j < b.Length && !char.IsAsciiDigit(b[j])))
            {
                var left = Weight(a, i);
                var right = Weight(b, j);
                if (left != right)
                {
                    return left < right ? -1 : 1;
                }

                i++;
                j++;
            }

            var aStart = i;
            while (i < a.Length && char.IsAsciiDigit(a[i]))
            {
                i++;
            }

            var bStart = j;
            while (j < b.Length && char.IsAsciiDigit(b[j]))
            {
                j++;
            }

            var order = DigitRun.Compare(a.AsSpan(aStart, i - aStart), b.AsSpan(bStart, j - bStart));
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    }

    // The sort weight of one position in a non-digit run: '~' lowest, then the end of the run
    // (a digit or the end of the string), then letters, then everything else.
    private static int Weight(string text, int index)
    {
        if (index >= text.Length || char.IsAsciiDigit(text[index]))
        {
            return 0;
        }

        var c = text[index];
        return c == '~' ? -1 : char.IsAsciiLetter(c) ? c : c + 256;
    }
}

/// <summary>Debian and Ubuntu: dpkg version comparison.</summary>
internal sealed class DebianScheme : VersionScheme<DebianVersion>
{
    public static readonly DebianScheme Instance = new();

    public override string Name => "Debian (dpkg)";

    protected override bool TryRead(string text, [NotNullWhen(true)] out DebianVersion? version) => DebianVersion.TryParse(text, out version);
}
