namespace Bulwark.Advisories.Versions;

/// <summary>
/// Compares runs of ASCII digits as unbounded non-negative integers (leading zeros ignored), so
/// date-like components such as <c>20191109021931</c> or absurdly long ones never overflow.
/// </summary>
internal static class DigitRun
{
    public static int Compare(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        a = a.TrimStart('0');
        b = b.TrimStart('0');
        if (a.Length != b.Length)
        {
            return a.Length < b.Length ? -1 : 1;
        }

        return Math.Sign(a.SequenceCompareTo(b));
    }

    public static bool IsDigits(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsZero(ReadOnlySpan<char> digits) => digits.TrimStart('0').IsEmpty;
}
