using System.Diagnostics.CodeAnalysis;
namespace Bulwark.Advisories.Versions;

/// <summary>
/// A SemVer 2.0 version reduced to what precedence looks at (semver.org §11): the three numbers and
/// the pre-release identifiers. Build metadata is dropped because it never affects precedence.
/// </summary>
internal sealed class SemanticVersion : IComparable<SemanticVersion>
{
    private readonly string _major;
    private readonly string _minor;
    private readonly string _patch;
    private readonly string[] _prerelease;

    private SemanticVersion(string major, string minor, string patch, string[] prerelease)
    {
        _major = major;
        _minor = minor;
        _patch = patch;
        _prerelease = prerelease;
    }

    public bool IsPrerelease => _prerelease.Length > 0;

    /// <summary>Reads <c>MAJOR.MINOR.PATCH[-PRE][+BUILD]</c>; <paramref name="allowShortForms"/> accepts Go's <c>v1</c> and <c>v1.2</c>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, bool allowShortForms, [NotNullWhen(true)] out SemanticVersion? version)
    {
        version = null;
        var plus = text.IndexOf('+');
        if (plus >= 0)
        {
            if (!AreIdentifiers(text[(plus + 1)..], numericLeadingZeroAllowed: true))
            {
                return false;
            }

            text = text[..plus];
        }

        string[] prerelease = [];
        var dash = text.IndexOf('-');
        if (dash >= 0)
        {
            var pre = text[(dash + 1)..];
            if (!AreIdentifiers(pre, numericLeadingZeroAllowed: false))
            {
                return false;
            }

            prerelease = pre.ToString().Split('.');
            text = text[..dash];
        }

        Span<Range> parts = stackalloc Range[4];
        var count = text.Split(parts, '.');
        if (count > 3 || (count < 3 && !allowShortForms) || (count < 3 && (dash >= 0 || plus >= 0)))
        {
            return false;
        }

        var numbers = new string[3];
        for (var i = 0; i < 3; i++)
        {
            if (i >= count)
            {
                numbers[i] = "0";
                continue;
            }

            var part = text[parts[i]];
            if (!DigitRun.IsDigits(part) || (part.Length > 1 && part[0] == '0'))
            {
                return false;
            }

            numbers[i] = part.ToString();
        }

        version = new SemanticVersion(numbers[0], numbers[1], numbers[2], prerelease);
        return true;
    }

    private static bool AreIdentifiers(ReadOnlySpan<char> text, bool numericLeadingZeroAllowed)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var range in text.Split('.'))
        {
            var identifier = text[range];
            if (identifier.IsEmpty)
            {
                return false;
            }

            foreach (var c in identifier)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }

            if (!numericLeadingZeroAllowed && identifier.Length > 1 && identifier[0] == '0' && DigitRun.IsDigits(identifier))
            {
                return false;
            }
        }

        return true;
    }

    public int CompareTo(SemanticVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var order = DigitRun.Compare(_major, other._major);
        if (order == 0)
        {
            order = DigitRun.Compare(_minor, other._minor);
        }

        if (order == 0)
        {
            order = DigitRun.Compare(_patch, other._patch);
        }

        return order != 0 ? order : ComparePrerelease(_prerelease, other._prerelease);
    }

    private static int ComparePrerelease(string[] a, string[] b)
    {
        // A version without pre-release identifiers has higher precedence than one with them.
        if (a.Length == 0 || b.Length == 0)
        {
            return b.Length.CompareTo(a.Length) switch { < 0 => -1, > 0 => 1, _ => 0 };
        }

        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var aNumeric = DigitRun.IsDigits(a[i]);
            var bNumeric = DigitRun.IsDigits(b[i]);
            var order = (aNumeric, bNumeric) switch
            {
                (true, true) => DigitRun.Compare(a[i], b[i]),
                (true, false) => -1, // numeric identifiers have lower precedence than alphanumeric ones
                (false, true) => 1,
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

/// <summary>SemVer 2.0 as npm, crates.io, Pub, Hex and SwiftURL use it; npm's loose <c>v</c>/<c>=</c> prefix is accepted.</summary>
internal sealed class SemVerScheme : VersionScheme<SemanticVersion>
{
    public static readonly SemVerScheme Instance = new();

    public override string Name => "SemVer 2.0";

    protected override bool TryRead(string text, [NotNullWhen(true)] out SemanticVersion? version)
    {
        var span = text.AsSpan().Trim();
        if (span.StartsWith('='))
        {
            span = span[1..].TrimStart();
        }

        if (span.Length > 0 && (span[0] == 'v' || span[0] == 'V'))
        {
            span = span[1..];
        }

        return SemanticVersion.TryParse(span, allowShortForms: false, out version);
    }
}

/// <summary>
/// Go module versions: semver with a <c>v</c> (optional here, since OSV writes them without it),
/// Go's <c>v1</c>/<c>v1.2</c> short forms, pseudo-versions (which are ordinary pre-releases and so
/// sort by their timestamp), and <c>+incompatible</c> (build metadata, ignored for order).
/// </summary>
internal sealed class GoVersionScheme : VersionScheme<SemanticVersion>
{
    public static readonly GoVersionScheme Instance = new();

    public override string Name => "Go module version";

    protected override bool TryRead(string text, [NotNullWhen(true)] out SemanticVersion? version)
    {
        var span = text.AsSpan().Trim();
        if (span.StartsWith("go", StringComparison.Ordinal))
        {
            // Toolchain names (go1.21.3) as go.mod's toolchain line writes them.
            span = span[2..];
        }
        else if (span.StartsWith('v'))
        {
            span = span[1..];
        }

        return SemanticVersion.TryParse(span, allowShortForms: true, out version);
    }
}
