using static Bulwark.Core.Cvss.Cvss4MacroVectors;

namespace Bulwark.Core.Cvss;

/// <summary>
/// CVSS v4.0 scores by the specification's method (§8.2 "CVSS v4.0 Scoring"): the vector is reduced to
/// a MacroVector of six equivalence-class levels (EQ1..EQ6) whose score is looked up; the score is then
/// lowered inside the MacroVector by how far the vector is from that MacroVector's highest-severity
/// combination, in proportion to the score gap to each next-lower MacroVector, averaged over the EQs
/// that have a next-lower MacroVector. Modified (environmental) metrics replace base ones, an absent
/// Exploit Maturity counts as Attacked and absent requirements as High, as the specification says.
/// </summary>
internal static class Cvss4Calculator
{
    private const double Step = 0.1;

    private static readonly string[] BaseMetrics = ["AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA"];

    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["AV"] = ["N", "A", "L", "P"],
        ["AC"] = ["L", "H"],
        ["AT"] = ["N", "P"],
        ["PR"] = ["N", "L", "H"],
        ["UI"] = ["N", "P", "A"],
        ["VC"] = ["H", "L", "N"],
        ["VI"] = ["H", "L", "N"],
        ["VA"] = ["H", "L", "N"],
        ["SC"] = ["H", "L", "N"],
        ["SI"] = ["H", "L", "N"],
        ["SA"] = ["H", "L", "N"],
        ["E"] = ["X", "A", "P", "U"],
        ["CR"] = ["X", "H", "M", "L"],
        ["IR"] = ["X", "H", "M", "L"],
        ["AR"] = ["X", "H", "M", "L"],
        ["MAV"] = ["X", "N", "A", "L", "P"],
        ["MAC"] = ["X", "L", "H"],
        ["MAT"] = ["X", "N", "P"],
        ["MPR"] = ["X", "N", "L", "H"],
        ["MUI"] = ["X", "N", "P", "A"],
        ["MVC"] = ["X", "H", "L", "N"],
        ["MVI"] = ["X", "H", "L", "N"],
        ["MVA"] = ["X", "H", "L", "N"],
        ["MSC"] = ["X", "H", "L", "N"],
        ["MSI"] = ["X", "S", "H", "L", "N"],
        ["MSA"] = ["X", "S", "H", "L", "N"],
        ["S"] = ["X", "N", "P"],
        ["AU"] = ["X", "N", "Y"],
        ["R"] = ["X", "A", "U", "I"],
        ["V"] = ["X", "D", "C"],
        ["RE"] = ["X", "L", "M", "H"],
        ["U"] = ["X", "Clear", "Green", "Amber", "Red"],
    };

    /// <summary>Scores the metrics after the <c>CVSS:4.0/</c> prefix.</summary>
    public static bool TryScore(string vector, out double score, out string error)
    {
        score = 0;
        if (!CvssMetrics.TryParse(vector, Allowed, BaseMetrics, out var metrics, out error))
        {
            return false;
        }

        var m = new Effective(metrics);
        if (m["VC"] == "N" && m["VI"] == "N" && m["VA"] == "N" && m["SC"] == "N" && m["SI"] == "N" && m["SA"] == "N")
        {
            score = 0;
            return true;
        }

        var eq1 = (m["AV"], m["PR"], m["UI"]) switch
        {
            ("N", "N", "N") => 0,
            var (av, pr, ui) when (av == "N" || pr == "N" || ui == "N") && av != "P" => 1,
            _ => 2,
        };
        var eq2 = m["AC"] == "L" && m["AT"] == "N" ? 0 : 1;
        var eq3 = m["VC"] == "H" && m["VI"] == "H" ? 0 : m["VC"] == "H" || m["VI"] == "H" || m["VA"] == "H" ? 1 : 2;
        var eq4 = m["SI"] == "S" || m["SA"] == "S" ? 0 : m["SC"] == "H" || m["SI"] == "H" || m["SA"] == "H" ? 1 : 2;
        var eq5 = m["E"] switch { "A" => 0, "P" => 1, _ => 2 };
        var eq6 = (m["CR"] == "H" && m["VC"] == "H") || (m["IR"] == "H" && m["VI"] == "H") || (m["AR"] == "H" && m["VA"] == "H") ? 0 : 1;

        var value = Score(eq1, eq2, eq3, eq4, eq5, eq6);

        // The score of the next-lower MacroVector along each EQ (NaN where there is none). EQ3 and EQ6
        // move together; from (0,0) two neighbours exist and the higher one is the reference.
        var lowerEq1 = Score(eq1 + 1, eq2, eq3, eq4, eq5, eq6);
        var lowerEq2 = Score(eq1, eq2 + 1, eq3, eq4, eq5, eq6);
        var lowerEq3Eq6 = (eq3, eq6) switch
        {
            (0, 0) => Max(Score(eq1, eq2, eq3, eq4, eq5, eq6 + 1), Score(eq1, eq2, eq3 + 1, eq4, eq5, eq6)),
            (1, 0) => Score(eq1, eq2, eq3, eq4, eq5, eq6 + 1),
            _ => Score(eq1, eq2, eq3 + 1, eq4, eq5, eq6),
        };
        var lowerEq4 = Score(eq1, eq2, eq3, eq4 + 1, eq5, eq6);
        var lowerEq5 = Score(eq1, eq2, eq3, eq4, eq5 + 1, eq6);

        var highest = HighestSeverityVector(m, eq1, eq2, eq3, eq4, eq5, eq6);
        double Distance(string metric) => Level(metric, m[metric]) - Level(metric, highest[metric]);

        var distanceEq1 = Distance("AV") + Distance("PR") + Distance("UI");
        var distanceEq2 = Distance("AC") + Distance("AT");
        var distanceEq3Eq6 = Distance("VC") + Distance("VI") + Distance("VA") + Distance("CR") + Distance("IR") + Distance("AR");
        var distanceEq4 = Distance("SC") + Distance("SI") + Distance("SA");

        var proportions = new[]
        {
            (value - lowerEq1, distanceEq1 / (Eq1Depth[eq1] * Step)),
            (value - lowerEq2, distanceEq2 / (Eq2Depth[eq2] * Step)),
            (value - lowerEq3Eq6, distanceEq3Eq6 / (Eq3Eq6Depth[eq3][eq6] * Step)),
            (value - lowerEq4, distanceEq4 / (Eq4Depth[eq4] * Step)),
            (value - lowerEq5, 0.0), // EQ5 has a single combination per level: no distance inside it
        };

        var existing = 0;
        var total = 0.0;
        foreach (var (available, proportion) in proportions)
        {
            var normalized = available * proportion;
            if (!double.IsNaN(normalized))
            {
                existing++;
                total += normalized;
            }
        }

        var mean = existing == 0 ? 0 : total / existing;
        score = Math.Round(Math.Clamp(value - mean, 0, 10) * 10 + 1e-9, MidpointRounding.AwayFromZero) / 10;
        return true;
    }

    private static double Max(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : Math.Max(a, b);

    // The first of the MacroVector's highest-severity combinations that the vector does not exceed on any metric.
    private static Dictionary<string, string> HighestSeverityVector(Effective m, int eq1, int eq2, int eq3, int eq4, int eq5, int eq6)
    {
        foreach (var a in Eq1Maxima[eq1])
        {
            foreach (var b in Eq2Maxima[eq2])
            {
                foreach (var c in Eq3Eq6Maxima[eq3][eq6])
                {
                    foreach (var d in Eq4Maxima[eq4])
                    {
                        foreach (var e in Eq5Maxima[eq5])
                        {
                            var candidate = ToMetrics($"{a}/{b}/{c}/{d}/{e}");
                            if (candidate.All(pair => Level(pair.Key, m[pair.Key]) - Level(pair.Key, pair.Value) >= 0))
                            {
                                return candidate;
                            }
                        }
                    }
                }
            }
        }

        // Unreachable for a valid vector; the last combination keeps the arithmetic defined.
        return ToMetrics($"{Eq1Maxima[eq1][^1]}/{Eq2Maxima[eq2][^1]}/{Eq3Eq6Maxima[eq3][eq6][^1]}/{Eq4Maxima[eq4][^1]}/{Eq5Maxima[eq5][^1]}");
    }

    private static Dictionary<string, string> ToMetrics(string text) =>
        text.Split('/').Select(p => p.Split(':')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    // Severity levels: 0 is the most severe value of a metric, each step away adds 0.1.
    private static double Level(string metric, string value) => metric switch
    {
        "AV" => value switch { "N" => 0.0, "A" => 0.1, "L" => 0.2, _ => 0.3 },
        "PR" => value switch { "N" => 0.0, "L" => 0.1, _ => 0.2 },
        "UI" => value switch { "N" => 0.0, "P" => 0.1, _ => 0.2 },
        "AC" => value == "L" ? 0.0 : 0.1,
        "AT" => value == "N" ? 0.0 : 0.1,
        "VC" or "VI" or "VA" => value switch { "H" => 0.0, "L" => 0.1, _ => 0.2 },
        "SC" or "SI" or "SA" => value switch { "S" => 0.0, "H" => 0.1, "L" => 0.2, _ => 0.3 },
        "CR" or "IR" or "AR" => value switch { "H" => 0.0, "M" => 0.1, _ => 0.2 },
        "E" => value switch { "A" => 0.0, "P" => 0.1, _ => 0.2 },
        _ => 0.0,
    };

    /// <summary>The value each metric takes for scoring: the modified one when given, with the spec's defaults for X.</summary>
    private sealed class Effective(Dictionary<string, string> metrics)
    {
        public string this[string metric]
        {
            get
            {
                if (metrics.TryGetValue("M" + metric, out var modified) && modified != "X")
                {
                    return modified;
                }

                if (metrics.TryGetValue(metric, out var value) && value != "X")
                {
                    return value;
                }

                return metric switch
                {
                    "E" => "A",
                    "CR" or "IR" or "AR" => "H",
                    _ => value ?? "X",
                };
            }
        }
    }
}
