using Bulwark.Core.Findings;

namespace Bulwark.Platform.Dashboards;

/// <summary>Open vulnerabilities by severity (open = detected or confirmed).</summary>
public sealed record SeverityCounts(int Critical, int High, int Medium, int Low, int Info, int Unknown)
{
    public static readonly SeverityCounts Zero = new(0, 0, 0, 0, 0, 0);

    public int Total => Critical + High + Medium + Low + Info + Unknown;

    public static SeverityCounts From(IReadOnlyDictionary<int, int> bySeverity)
    {
        ArgumentNullException.ThrowIfNull(bySeverity);
        int Count(Severity s) => bySeverity.GetValueOrDefault((int)s);
        return new SeverityCounts(Count(Severity.Critical), Count(Severity.High), Count(Severity.Medium), Count(Severity.Low), Count(Severity.Info), Count(Severity.Unknown));
    }

    public SeverityCounts Plus(SeverityCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Critical + other.Critical, High + other.High, Medium + other.Medium, Low + other.Low, Info + other.Info, Unknown + other.Unknown);
    }
}
