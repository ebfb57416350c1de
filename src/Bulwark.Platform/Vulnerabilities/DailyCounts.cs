using System.Globalization;
using Bulwark.Core.Findings;
using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Platform.Vulnerabilities;

/// <summary>
/// Keeps the dashboard's history: after anything that changes a project's open vulnerabilities, today's row
/// is recomputed from the vulnerabilities themselves (open = detected or confirmed), so it cannot drift.
/// </summary>
public static class DailyCounts
{
    public static async Task RecordAsync(PlatformDbContext db, long projectId, DateTime nowUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var day = nowUtc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var bySeverity = await db.Vulnerabilities
            .Where(v => v.ProjectId == projectId && (v.State == VulnerabilityState.Detected || v.State == VulnerabilityState.Confirmed))
            .GroupBy(v => v.Severity)
            .Select(g => new { Severity = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Severity, x => x.Count, cancellationToken).ConfigureAwait(false);
        int Count(Severity s) => bySeverity.GetValueOrDefault((int)s);

        var row = await db.DailyCounts.SingleOrDefaultAsync(r => r.ProjectId == projectId && r.Day == day, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            row = new DailyVulnerabilityCount { ProjectId = projectId, Day = day };
            db.DailyCounts.Add(row);
        }

        row.Critical = Count(Severity.Critical);
        row.High = Count(Severity.High);
        row.Medium = Count(Severity.Medium);
        row.Low = Count(Severity.Low);
        row.Info = Count(Severity.Info);
        row.Unknown = Count(Severity.Unknown);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }
}
