namespace Bulwark.Core.Findings;

/// <summary>GitLab's severity scale. Ordered so that comparisons read naturally (<c>High &gt; Medium</c>).</summary>
public enum Severity
{
    Unknown = 0,
    Info = 1,
    Low = 2,
    Medium = 3,
    High = 4,
    Critical = 5,
}

public static class SeverityScale
{
    public static bool TryParse(string? text, out Severity severity)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "critical": severity = Severity.Critical; return true;
            case "high": case "error": severity = Severity.High; return true;
            case "medium": case "moderate": case "warning": severity = Severity.Medium; return true;
            case "low": severity = Severity.Low; return true;
            case "info": case "information": case "informational": case "note": case "negligible": severity = Severity.Info; return true;
            case "unknown": case "none": case "": severity = Severity.Unknown; return true;
            default: severity = Severity.Unknown; return false;
        }
    }

    /// <summary>The CVSS-style number GitHub code scanning reads from <c>security-severity</c>.</summary>
    public static string ToSecuritySeverityScore(this Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "2.0",
        _ => "0.0",
    };

    /// <summary>Maps a CVSS base score to the qualitative rating of CVSS v3/v4.</summary>
    public static Severity FromCvssScore(double score) => score switch
    {
        >= 9.0 => Severity.Critical,
        >= 7.0 => Severity.High,
        >= 4.0 => Severity.Medium,
        > 0.0 => Severity.Low,
        _ => Severity.Info,
    };
}
