using System.Diagnostics.CodeAnalysis;

namespace Bulwark.Core.Cvss;

/// <summary>
/// Scores CVSS v2, v3.0, v3.1 and v4.0 vectors with each specification's formulas; anything else (and any
/// vector that breaks its version's grammar) is rejected with the reason. The one CVSS calculator of
/// Bulwark: report writers and the advisory matcher both score through it.
/// </summary>
public static class CvssCalculator
{
    /// <summary>The version a vector claims by its prefix; <see cref="CvssVersion.Unknown"/> when it is none of the four.</summary>
    public static CvssVersion VersionOf(string vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        vector = vector.Trim();
        if (vector.StartsWith("CVSS:3.1/", StringComparison.Ordinal))
        {
            return CvssVersion.V31;
        }

        if (vector.StartsWith("CVSS:3.0/", StringComparison.Ordinal))
        {
            return CvssVersion.V30;
        }

        if (vector.StartsWith("CVSS:4.0/", StringComparison.Ordinal))
        {
            return CvssVersion.V40;
        }

        return Cvss2Calculator.IsVector(vector) ? CvssVersion.V2 : CvssVersion.Unknown;
    }

    public static bool TryScore(string vector, [NotNullWhen(true)] out CvssBaseScore? score, out string error)
    {
        score = null;
        if (string.IsNullOrWhiteSpace(vector))
        {
            error = "empty vector";
            return false;
        }

        vector = vector.Trim();
        var version = VersionOf(vector);
        double value;
        var ok = version switch
        {
            CvssVersion.V31 => Cvss3Calculator.TryScore(vector["CVSS:3.1/".Length..], v31: true, out value, out error),
            CvssVersion.V30 => Cvss3Calculator.TryScore(vector["CVSS:3.0/".Length..], v31: false, out value, out error),
            CvssVersion.V40 => Cvss4Calculator.TryScore(vector["CVSS:4.0/".Length..], out value, out error),
            CvssVersion.V2 => Cvss2Calculator.TryScore(vector, out value, out error),
            _ => Unrecognised(out value, out error),
        };

        if (ok)
        {
            score = new CvssBaseScore(version, value, vector);
        }

        return ok;
    }

    /// <summary>Scores the vector; throws <see cref="FormatException"/> with the reason when it is not valid.</summary>
    public static CvssBaseScore Score(string vector) =>
        TryScore(vector, out var score, out var error) ? score : throw new FormatException($"invalid CVSS vector '{vector}': {error}");

    private static bool Unrecognised(out double value, out string error)
    {
        value = 0;
        error = "not a CVSS vector (expected a 'CVSS:3.0/', 'CVSS:3.1/' or 'CVSS:4.0/' prefix, or a v2 vector such as 'AV:N/AC:L/Au:N/C:P/I:P/A:P')";
        return false;
    }
}
