using Bulwark.Core.Findings;

namespace Bulwark.Core.Cvss;

/// <summary>A vector and the score its specification's formulas give it.</summary>
public sealed record CvssBaseScore(CvssVersion Version, double Score, string Vector)
{
    /// <summary>
    /// The qualitative rating: v3.x and v4.0 use the specification's scale (Critical ≥ 9.0, High ≥ 7.0,
    /// Medium ≥ 4.0, Low &gt; 0, else None → Info); v2 has no Critical (NVD's v2 scale tops out at High).
    /// </summary>
    public Severity Rating => Version == CvssVersion.V2 && Score >= 7.0 ? Severity.High : SeverityScale.FromCvssScore(Score);
}
