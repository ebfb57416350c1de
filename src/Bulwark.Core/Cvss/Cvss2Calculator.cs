namespace Bulwark.Core.Cvss;

/// <summary>
/// CVSS v2 base scores, from "A Complete Guide to the Common Vulnerability Scoring System Version 2.0"
/// §3.2.1. Vectors come bare (<c>AV:N/AC:L/Au:N/C:P/I:P/A:P</c>, as NVD and OSV write them) or in
/// parentheses; temporal and environmental metrics are validated but do not change the base score.
/// </summary>
internal static class Cvss2Calculator
{
    private static readonly string[] BaseMetrics = ["AV", "AC", "Au", "C", "I", "A"];

    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["AV"] = ["L", "A", "N"],
        ["AC"] = ["H", "M", "L"],
        ["Au"] = ["M", "S", "N"],
        ["C"] = ["N", "P", "C"],
        ["I"] = ["N", "P", "C"],
        ["A"] = ["N", "P", "C"],
        ["E"] = ["U", "POC", "F", "H", "ND"],
        ["RL"] = ["OF", "TF", "W", "U", "ND"],
        ["RC"] = ["UC", "UR", "C", "ND"],
        ["CDP"] = ["N", "L", "LM", "MH", "H", "ND"],
        ["TD"] = ["N", "L", "M", "H", "ND"],
        ["CR"] = ["L", "M", "H", "ND"],
        ["IR"] = ["L", "M", "H", "ND"],
        ["AR"] = ["L", "M", "H", "ND"],
    };

    /// <summary>A v2 vector has no prefix; it is recognised by its first metric and v2's own Authentication metric.</summary>
    public static bool IsVector(string vector)
    {
        var body = Body(vector);
        return body.StartsWith("AV:", StringComparison.Ordinal) && body.Contains("/Au:", StringComparison.Ordinal);
    }

    public static bool TryScore(string vector, out double score, out string error)
    {
        score = 0;
        if (!CvssMetrics.TryParse(Body(vector), Allowed, BaseMetrics, out var m, out error))
        {
            return false;
        }

        var accessVector = m["AV"] switch { "L" => 0.395, "A" => 0.646, _ => 1.0 };
        var accessComplexity = m["AC"] switch { "H" => 0.35, "M" => 0.61, _ => 0.71 };
        var authentication = m["Au"] switch { "M" => 0.45, "S" => 0.56, _ => 0.704 };
        var impact = 10.41 * (1 - ((1 - Impact(m["C"])) * (1 - Impact(m["I"])) * (1 - Impact(m["A"]))));
        var exploitability = 20 * accessVector * accessComplexity * authentication;
        var f = impact == 0 ? 0 : 1.176;
        score = Math.Round(((0.6 * impact) + (0.4 * exploitability) - 1.5) * f, 1, MidpointRounding.AwayFromZero);
        return true;
    }

    private static string Body(string vector) =>
        vector.Length > 1 && vector[0] == '(' && vector[^1] == ')' ? vector[1..^1] : vector;

    private static double Impact(string value) => value switch { "P" => 0.275, "C" => 0.660, _ => 0 };
}
