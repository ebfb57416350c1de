using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Bulwark.Advisories.Versions;

/// <summary>
/// RubyGems' <c>Gem::Version</c>: dot-separated segments where runs of digits are numbers and runs of
/// letters are strings; any letter makes the version a pre-release (<c>1.0.a</c> &lt; <c>1.0</c>); a
/// hyphen reads as <c>.pre.</c>; trailing zeros of the release part and of the pre-release part are
/// dropped before comparing; at a mixed position a string sorts before a number.
/// </summary>
internal sealed partial class RubyGemsVersion : IComparable<RubyGemsVersion>
{
    private readonly string[] _segments;

    private RubyGemsVersion(string[] segments) => _segments = segments;

    [GeneratedRegex(@"^[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();

    [GeneratedRegex("[0-9]+|[a-zA-Z]+", RegexOptions.CultureInvariant)]
    private static partial Regex Segment();

    public static bool TryParse(string text, [NotNullWhen(true)] out RubyGemsVersion? version)
    {
        version = null;
        var trimmed = text.Trim();
        if (!Grammar().IsMatch(trimmed))
        {
            return false;
        }

        var segments = new List<string>();
        foreach (Match match in Segment().Matches(trimmed.Replace("-", ".pre.", StringComparison.Ordinal)))
        {
            segments.Add(char.IsAsciiDigit(match.Value[0]) ? match.Value.TrimStart('0') : match.Value);
        }

        version = new RubyGemsVersion(Canonical(segments));
        return true;
    }

    // Numbers are kept as digit strings without leading zeros ("" is zero); strings stay strings.
    private static string[] Canonical(List<string> segments)
    {
        var firstString = segments.FindIndex(s => !DigitRunOrZero(s));
        var release = firstString < 0 ? segments : segments[..firstString];
        var prerelease = firstString < 0 ? new List<string>() : segments[firstString..];
        return [.. DropTrailingZeros(release), .. DropTrailingZeros(prerelease)];
    }

    private static bool DigitRunOrZero(string text) => text.Length == 0 || char.IsAsciiDigit(text[0]);

    private static List<string> DropTrailingZeros(List<string> segments)
    {
        var end = segments.Count;
        while (end > 0 && segments[end - 1].Length == 0)
        {
            end--;
        }

        return segments[..end];
    }

    public int CompareTo(RubyGemsVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        for (var i = 0; i < Math.Max(_segments.Length, other._segments.Length); i++)
        {
            var left = i < _segments.Length ? _segments[i] : "";
            var right = i < other._segments.Length ? other._segments[i] : "";
            var leftIsNumber = DigitRunOrZero(left);
            var rightIsNumber = DigitRunOrZero(right);
            var order = (leftIsNumber, rightIsNumber) switch
            {
                (true, true) => DigitRun.Compare(left, right),
                (false, true) => -1,
                (true, false) => 1,
                _ => Math.Sign(string.CompareOrdinal(left, right)),
            };
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    }
}

/// <summary>RubyGems: Gem::Version.</summary>
internal sealed class RubyGemsScheme : VersionScheme<RubyGemsVersion>
{
    public static readonly RubyGemsScheme Instance = new();

    public override string Name => "RubyGems";

    protected override bool TryRead(string text, [NotNullWhen(true)] out RubyGemsVersion? version) => RubyGemsVersion.TryParse(text, out version);
}
