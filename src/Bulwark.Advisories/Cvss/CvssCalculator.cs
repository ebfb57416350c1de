using System.Diagnostics.CodeAnalysis;

namespace Bulwark.Advisories.Cvss;

/// <summary>Scores CVSS v3.0, v3.1 and v4.0 vectors; anything else is rejected with the reason.</summary>
public static class CvssCalculator
{
    public static bool TryScore(string vector, [NotNullWhen(true)] out CvssBaseScore? score, out string error)
    {
        score = null;
        if (string.IsNullOrWhiteSpace(vector))
        {
            error = "empty vector";
            return false;
        }

        vector = vector.Trim();
        bool ok;
        double value;
        string version;
        if (vector.StartsWith("CVSS:3.1/", StringComparison.Ordinal))
        {
            version = "3.1";
            ok = Cvss3Calculator.TryScore(vector, v31: true, out value, out error);
        }
        else if (vector.StartsWith("CVSS:3.0/", StringComparison.Ordinal))
        {
            version = "3.0";
            ok = Cvss3Calculator.TryScore(vector, v31: false, out value, out error);
        }
        else if (vector.StartsWith("CVSS:4.0/", StringComparison.Ordinal))
        {
            version = "4.0";
            ok = Cvss4Calculator.TryScore(vector, out value, out error);
        }
        else
        {
            error = "not a CVSS v3.0, v3.1 or v4.0 vector (expected a 'CVSS:3.0/', 'CVSS:3.1/' or 'CVSS:4.0/' prefix)";
            return false;
        }

        if (ok)
        {
            score = new CvssBaseScore(version, value, vector);
        }

        return ok;
    }

    /// <summary>Scores the vector; throws <see cref="FormatException"/> with the reason when it is not valid.</summary>
    public static CvssBaseScore Score(string vector) =>
        TryScore(vector, out var score, out var error) ? score : throw new FormatException($"invalid CVSS vector '{vector}': {error}");
}
