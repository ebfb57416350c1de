namespace Bulwark.Core.Findings;

public enum CvssVersion
{
    Unknown,
    V2,
    V30,
    V31,
    V40,
}

/// <summary>
/// CVSS base scores from vectors, so reports can carry a number (SARIF <c>security-severity</c>,
/// CycloneDX rating score) that agrees with the vector. v2 and v3.x only: the v4 score needs FIRST's
/// macro-vector lookup table, so v4 vectors are carried without a computed score.
/// </summary>
public static class CvssScore
{
    public static CvssVersion VersionOf(string vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
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

        var v2 = vector.Trim('(', ')');
        return v2.StartsWith("AV:", StringComparison.Ordinal) && v2.Contains("/Au:", StringComparison.Ordinal)
            ? CvssVersion.V2
            : CvssVersion.Unknown;
    }

    /// <summary>The base score, or null when the vector is v4, malformed or lacks a base metric.</summary>
    public static double? BaseScore(string vector) => VersionOf(vector) switch
    {
        CvssVersion.V2 => V2(Metrics(vector.Trim('(', ')'))),
        CvssVersion.V30 => V3(Metrics(vector[9..]), v31: false),
        CvssVersion.V31 => V3(Metrics(vector[9..]), v31: true),
        _ => null,
    };

    private static Dictionary<string, string> Metrics(string body)
    {
        var metrics = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in body.Split('/'))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                metrics[part[..colon]] = part[(colon + 1)..];
            }
        }

        return metrics;
    }

    private static double? V3(Dictionary<string, string> m, bool v31)
    {
        if (!m.TryGetValue("S", out var scope) || scope is not ("U" or "C"))
        {
            return null;
        }

        var changed = scope == "C";
        double? av = Get(m, "AV") switch { "N" => 0.85, "A" => 0.62, "L" => 0.55, "P" => 0.2, _ => null };
        double? ac = Get(m, "AC") switch { "L" => 0.77, "H" => 0.44, _ => null };
        double? pr = Get(m, "PR") switch { "N" => 0.85, "L" => changed ? 0.68 : 0.62, "H" => changed ? 0.5 : 0.27, _ => null };
        double? ui = Get(m, "UI") switch { "N" => 0.85, "R" => 0.62, _ => null };
        var c = Cia3(Get(m, "C"));
        var i = Cia3(Get(m, "I"));
        var a = Cia3(Get(m, "A"));
        if (av is null || ac is null || pr is null || ui is null || c is null || i is null || a is null)
        {
            return null;
        }

        var iss = 1 - ((1 - c.Value) * (1 - i.Value) * (1 - a.Value));
        var impact = changed ? (7.52 * (iss - 0.029)) - (3.25 * Math.Pow(iss - 0.02, 15)) : 6.42 * iss;
        if (impact <= 0)
        {
            return 0.0;
        }

        var exploitability = 8.22 * av.Value * ac.Value * pr.Value * ui.Value;
        var raw = changed ? Math.Min(1.08 * (impact + exploitability), 10) : Math.Min(impact + exploitability, 10);
        return v31 ? RoundUp31(raw) : Math.Ceiling(raw * 10) / 10;
    }

    private static double? V2(Dictionary<string, string> m)
    {
        double? av = Get(m, "AV") switch { "L" => 0.395, "A" => 0.646, "N" => 1.0, _ => null };
        double? ac = Get(m, "AC") switch { "H" => 0.35, "M" => 0.61, "L" => 0.71, _ => null };
        double? au = Get(m, "Au") switch { "M" => 0.45, "S" => 0.56, "N" => 0.704, _ => null };
        var c = Cia2(Get(m, "C"));
        var i = Cia2(Get(m, "I"));
        var a = Cia2(Get(m, "A"));
        if (av is null || ac is null || au is null || c is null || i is null || a is null)
        {
            return null;
        }

        var impact = 10.41 * (1 - ((1 - c.Value) * (1 - i.Value) * (1 - a.Value)));
        var exploitability = 20 * av.Value * ac.Value * au.Value;
        var f = impact == 0 ? 0 : 1.176;
        return Math.Round(((0.6 * impact) + (0.4 * exploitability) - 1.5) * f, 1, MidpointRounding.AwayFromZero);
    }

    private static string? Get(Dictionary<string, string> metrics, string key) => metrics.GetValueOrDefault(key);

    private static double? Cia3(string? value) => value switch { "H" => 0.56, "L" => 0.22, "N" => 0.0, _ => null };

    private static double? Cia2(string? value) => value switch { "N" => 0.0, "P" => 0.275, "C" => 0.660, _ => null };

    /// <summary>CVSS v3.1 Appendix A: round up to one decimal, robust to floating-point noise.</summary>
    private static double RoundUp31(double value)
    {
        var integer = (long)Math.Round(value * 100000);
        return integer % 10000 == 0 ? integer / 100000.0 : (Math.Floor(integer / 10000.0) + 1) / 10.0;
    }
}
