using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Bulwark.Advisories.Versions;

/// <summary>
/// Packagist (Composer): the version is first normalised as Composer's <c>VersionParser</c> does
/// (leading <c>v</c> dropped, four numeric parts, stability suffix spelled <c>alpha</c>/<c>beta</c>/<c>RC</c>/<c>patch</c>,
/// <c>-dev</c> kept, <c>1.x-dev</c> branch aliases read as 9999999, build metadata dropped), then ordered
/// as PHP's <c>version_compare</c> orders normalised versions: dev &lt; alpha &lt; beta &lt; RC &lt; a number &lt; patch.
/// Plain branch names (<c>dev-main</c>) have no order and are not parsed.
/// </summary>
internal sealed partial class ComposerVersion : IComparable<ComposerVersion>
{
    private const string BranchNumber = "9999999";

    private readonly string[] _tokens;

    private ComposerVersion(string[] tokens) => _tokens = tokens;

    [GeneratedRegex("""
        ^v?(?<n1>[0-9]+)(?:\.(?<n2>[0-9]+))?(?:\.(?<n3>[0-9]+))?(?:\.(?<n4>[0-9]+))?
        (?:[._-]?(?<stability>stable|beta|b|rc|alpha|a|patch|pl|p)(?<snum>(?:[.-]?[0-9]+)*))?
        (?<dev>[.-]?dev)?$
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Release();

    [GeneratedRegex(@"^v?(?<n1>[0-9]+)(?:\.(?<n2>[0-9]+|[x*]))?(?:\.(?<n3>[0-9]+|[x*]))?(?:\.(?<n4>[0-9]+|[x*]))?[.-]dev$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex BranchAlias();

    [GeneratedRegex("[0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex Digits();

    public static bool TryParse(string text, [NotNullWhen(true)] out ComposerVersion? version)
    {
        version = null;
        var trimmed = text.Trim();
        var plus = trimmed.IndexOf('+', StringComparison.Ordinal);
        if (plus > 0)
        {
            trimmed = trimmed[..plus];
        }

        var tokens = new List<string>();
        var match = Release().Match(trimmed);
        if (match.Success)
        {
            for (var i = 1; i <= 4; i++)
            {
                var group = match.Groups["n" + i];
                tokens.Add(group.Success ? group.Value : "0");
            }

            if (match.Groups["stability"].Success)
            {
                var stability = match.Groups["stability"].Value.ToLowerInvariant() switch
                {
                    "a" or "alpha" => "alpha",
                    "b" or "beta" => "beta",
                    "rc" => "RC",
                    "p" or "pl" or "patch" => "patch",
                    _ => null, // "stable" carries no order of its own
                };
                if (stability is not null)
                {
                    tokens.Add(stability);
                    tokens.AddRange(Digits().Matches(match.Groups["snum"].Value).Select(m => m.Value));
                }
            }

            if (match.Groups["dev"].Success)
            {
                tokens.Add("dev");
            }
        }
        else if (BranchAlias().Match(trimmed) is { Success: true } branch)
        {
            for (var i = 1; i <= 4; i++)
            {
                var group = branch.Groups["n" + i];
                tokens.Add(group.Success && DigitRun.IsDigits(group.Value) ? group.Value : BranchNumber);
            }

            tokens.Add("dev");
        }
        else
        {
            return false;
        }

        version = new ComposerVersion([.. tokens]);
        return true;
    }

    public int CompareTo(ComposerVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var common = Math.Min(_tokens.Length, other._tokens.Length);
        for (var i = 0; i < common; i++)
        {
            var a = _tokens[i];
            var b = other._tokens[i];
            var order = DigitRun.IsDigits(a) && DigitRun.IsDigits(b) ? DigitRun.Compare(a, b) : Rank(a).CompareTo(Rank(b));
            if (order != 0)
            {
                return Math.Sign(order);
            }
        }

        // version_compare: an extra number makes a version newer; an extra stability word is
        // weighed against "a number" (so 1.0-dev < 1.0 < 1.0-patch1).
        if (_tokens.Length > common)
        {
            return DigitRun.IsDigits(_tokens[common]) ? 1 : Math.Sign(Rank(_tokens[common]).CompareTo(Rank("0")));
        }

        if (other._tokens.Length > common)
        {
            return DigitRun.IsDigits(other._tokens[common]) ? -1 : Math.Sign(Rank("0").CompareTo(Rank(other._tokens[common])));
        }

        return 0;
    }

    private static int Rank(string token) => token switch
    {
        "dev" => 0,
        "alpha" => 1,
        "beta" => 2,
        "RC" => 3,
        "patch" => 5,
        _ => 4, // a number
    };
}

/// <summary>Packagist: Composer's normalisation and comparison.</summary>
internal sealed class ComposerScheme : VersionScheme<ComposerVersion>
{
    public static readonly ComposerScheme Instance = new();

    public override string Name => "Composer";

    protected override bool TryRead(string text, [NotNullWhen(true)] out ComposerVersion? version) => ComposerVersion.TryParse(text, out version);
}
