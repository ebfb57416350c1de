using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Bulwark.Advisories.Versions;

/// <summary>
/// Alpine (apk) package versions: <c>number(.number)*[letter](_suffix[number])*[-rN]</c>, the
/// Gentoo-derived rules apk follows. Numbers compare numerically, except that a later component with a
/// leading zero compares as a decimal fraction (<c>1.01</c> &lt; <c>1.1</c>); more numeric components
/// win; then the optional letter; then suffixes, where <c>_alpha</c> &lt; <c>_beta</c> &lt; <c>_pre</c> &lt;
/// <c>_rc</c> &lt; no suffix &lt; <c>_cvs</c> &lt; <c>_svn</c> &lt; <c>_git</c> &lt; <c>_hg</c> &lt; <c>_p</c>; then the revision.
/// </summary>
internal sealed partial class AlpineVersion : IComparable<AlpineVersion>
{
    private static readonly string[] Suffixes = ["alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p"];
    private static readonly int NoSuffix = Array.IndexOf(Suffixes, "");

    private readonly string[] _numbers;
    private readonly char? _letter;
    private readonly (int Rank, string Number)[] _suffixes;
    private readonly string _revision;

    private AlpineVersion(string[] numbers, char? letter, (int, string)[] suffixes, string revision)
    {
        _numbers = numbers;
        _letter = letter;
        _suffixes = suffixes;
        _revision = revision;
    }

    [GeneratedRegex(@"^(?<numbers>[0-9]+(?:\.[0-9]+)*)(?<letter>[a-z])?(?<suffix>_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)[0-9]*)*(?:~[0-9a-f]+)?(?:-r(?<revision>[0-9]+))?\z",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Grammar();

    public static bool TryParse(string text, [NotNullWhen(true)] out AlpineVersion? version)
    {
        version = null;
        var match = Grammar().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var suffixes = match.Groups["suffix"].Captures
            .Select(capture =>
            {
                var body = capture.Value[1..];
                var name = body.TrimEnd("0123456789".ToCharArray());
                return (Array.IndexOf(Suffixes, name), body[name.Length..]);
            })
            .ToArray();

        version = new AlpineVersion(
            match.Groups["numbers"].Value.Split('.'),
            match.Groups["letter"].Success ? match.Groups["letter"].Value[0] : null,
            suffixes,
            match.Groups["revision"].Success ? match.Groups["revision"].Value : "0");
        return true;
    }

    public int CompareTo(AlpineVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        for (var i = 0; i < Math.Min(_numbers.Length, other._numbers.Length); i++)
        {
            var order = CompareComponent(_numbers[i], other._numbers[i], first: i == 0);
            if (order != 0)
            {
                return order;
            }
        }

        if (_numbers.Length != other._numbers.Length)
        {
            return _numbers.Length < other._numbers.Length ? -1 : 1;
        }

        var letter = (_letter ?? '\0').CompareTo(other._letter ?? '\0');
        if (letter != 0)
        {
            return Math.Sign(letter);
        }

        for (var i = 0; i < Math.Max(_suffixes.Length, other._suffixes.Length); i++)
        {
            var (leftRank, leftNumber) = i < _suffixes.Length ? _suffixes[i] : (NoSuffix, "");
            var (rightRank, rightNumber) = i < other._suffixes.Length ? other._suffixes[i] : (NoSuffix, "");
            var order = leftRank != rightRank ? leftRank.CompareTo(rightRank) : DigitRun.Compare(leftNumber, rightNumber);
            if (order != 0)
            {
                return Math.Sign(order);
            }
        }

        return DigitRun.Compare(_revision, other._revision);
    }

    private static int CompareComponent(string a, string b, bool first)
    {
        if (!first && (a[0] == '0' || b[0] == '0'))
        {
            // A fraction: compare the digits as text, trailing zeros removed.
            return Math.Sign(string.CompareOrdinal(a.TrimEnd('0'), b.TrimEnd('0')));
        }

        return DigitRun.Compare(a, b);
    }
}

/// <summary>Alpine, Wolfi, Chainguard: apk version comparison.</summary>
internal sealed class AlpineScheme : VersionScheme<AlpineVersion>
{
    public static readonly AlpineScheme Instance = new();

    public override string Name => "Alpine (apk)";

    protected override bool TryRead(string text, [NotNullWhen(true)] out AlpineVersion? version) => AlpineVersion.TryParse(text, out version);
}
