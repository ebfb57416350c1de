using Bulwark.Core.Findings;

namespace Bulwark.Advisories.Cvss;

/// <summary>A vector and the score its specification's formulas give it.</summary>
public sealed record CvssBaseScore(string Version, double Score, string Vector)
{
    /// <summary>The qualitative rating (Critical ≥ 9.0, High ≥ 7.0, Medium ≥ 4.0, Low &gt; 0, else None → Info).</summary>
    public Severity Rating => SeverityScale.FromCvssScore(Score);
}
