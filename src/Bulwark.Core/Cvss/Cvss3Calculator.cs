namespace Bulwark.Core.Cvss;

/// <summary>
/// CVSS v3.0 and v3.1 base scores, from the specification documents' formulas (§7.1 and Appendix A
/// of v3.1). The two versions differ only in Roundup: v3.0 rounds up to one decimal directly, v3.1
/// works on an integer of hundred-thousandths so that floating-point noise (4.000000001) does not
/// round up. Temporal and environmental metrics are validated but do not change the base score.
/// </summary>
internal static class Cvss3Calculator
{
    private static readonly string[] BaseMetrics = ["AV", "AC", "PR", "UI", "S", "C", "I", "A"];

    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["AV"] = ["N", "A", "L", "P"],
        ["AC"] = ["L", "H"],
        ["PR"] = ["N", "L", "H"],
        ["UI"] = ["N", "R"],
        ["S"] = ["U", "C"],
        ["C"] = ["H", "L", "N"],
        ["I"] = ["H", "L", "N"],
        ["A"] = ["H", "L", "N"],
        ["E"] = ["X", "U", "P", "F", "H"],
        ["RL"] = ["X", "O", "T", "W", "U"],
        ["RC"] = ["X", "U", "R", "C"],
        ["CR"] = ["X", "L", "M", "H"],
        ["IR"] = ["X", "L", "M", "H"],
        ["AR"] = ["X", "L", "M", "H"],
        ["MAV"] = ["X", "N", "A", "L", "P"],
        ["MAC"] = ["X", "L", "H"],
        ["MPR"] = ["X", "N", "L", "H"],
        ["MUI"] = ["X", "N", "R"],
        ["MS"] = ["X", "U", "C"],
        ["MC"] = ["X", "N", "L", "H"],
        ["MI"] = ["X", "N", "L", "H"],
        ["MA"] = ["X", "N", "L", "H"],
    };

    /// <summary>Scores the metrics after the <c>CVSS:3.x/</c> prefix.</summary>
    public static bool TryScore(string metrics, bool v31, out double score, out string error)
    {
        score = 0;
        if (!CvssMetrics.TryParse(metrics, Allowed, BaseMetrics, out var m, out error))
        {
            return false;
        }

        var scopeChanged = m["S"] == "C";
        var attackVector = m["AV"] switch { "N" => 0.85, "A" => 0.62, "L" => 0.55, _ => 0.2 };
        var attackComplexity = m["AC"] == "L" ? 0.77 : 0.44;
        var privileges = m["PR"] switch
        {
            "N" => 0.85,
            "L" => scopeChanged ? 0.68 : 0.62,
            _ => scopeChanged ? 0.5 : 0.27,
        };
        var userInteraction = m["UI"] == "N" ? 0.85 : 0.62;

        var impactSubScore = 1 - ((1 - Impact(m["C"])) * (1 - Impact(m["I"])) * (1 - Impact(m["A"])));
        var impact = scopeChanged
            ? (7.52 * (impactSubScore - 0.029)) - (3.25 * Math.Pow(impactSubScore - 0.02, 15))
            : 6.42 * impactSubScore;
        var exploitability = 8.22 * attackVector * attackComplexity * privileges * userInteraction;

        if (impact <= 0)
        {
            score = 0;
        }
        else if (scopeChanged)
        {
            score = Roundup(Math.Min(1.08 * (impact + exploitability), 10), v31);
        }
        else
        {
            score = Roundup(Math.Min(impact + exploitability, 10), v31);
        }

        return true;
    }

    private static double Impact(string value) => value switch { "H" => 0.56, "L" => 0.22, _ => 0 };

    internal static double Roundup(double value, bool v31)
    {
        if (!v31)
        {
            return Math.Ceiling(value * 10) / 10;
        }

        var scaled = (long)Math.Round(value * 100000, MidpointRounding.AwayFromZero);
        return scaled % 10000 == 0 ? scaled / 100000.0 : (Math.Floor(scaled / 10000.0) + 1) / 10.0;
    }
}
