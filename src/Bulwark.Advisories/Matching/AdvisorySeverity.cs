using Bulwark.Advisories.Osv;
using Bulwark.Core.Cvss;
using Bulwark.Core.Findings;

namespace Bulwark.Advisories.Matching;

/// <summary>How severe a record is, and where that came from.</summary>
public sealed record SeverityAssessment(Severity Severity, CvssBaseScore? Cvss, string Source);

/// <summary>
/// Resolves a record's severity: the score of its CVSS v4 vector, else of its CVSS v3.x vector
/// (record-level or in an affected entry), mapped to Critical/High/Medium/Low; else the database's own
/// rating (<c>database_specific.severity</c>, GHSA's CRITICAL/HIGH/MODERATE/LOW); else the score of a
/// CVSS v2 vector (old NVD-derived records carry nothing newer); else Unknown. An invalid vector is
/// passed over, not trusted.
/// </summary>
public static class AdvisorySeverity
{
    public static SeverityAssessment Resolve(OsvRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var severities = record.Severity.Concat(record.Affected.SelectMany(a => a.Severity)).ToList();
        if ((Scored(severities, "CVSS_V4") ?? Scored(severities, "CVSS_V3")) is { } cvss)
        {
            return cvss;
        }

        if (record.DatabaseSeverity is { } rating && SeverityScale.TryParse(rating, out var parsed) && parsed != Severity.Unknown)
        {
            return new SeverityAssessment(parsed, null, $"database_specific.severity {rating}");
        }

        return Scored(severities, "CVSS_V2") ?? new SeverityAssessment(Severity.Unknown, null, "no severity in the record");
    }

    private static SeverityAssessment? Scored(List<OsvSeverity> severities, string type)
    {
        foreach (var severity in severities)
        {
            if (severity.Type == type && CvssCalculator.TryScore(severity.Score, out var score, out _))
            {
                return new SeverityAssessment(score.Rating, score, $"{severity.Type} {severity.Score}");
            }
        }

        return null;
    }
}
