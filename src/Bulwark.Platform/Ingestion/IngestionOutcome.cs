namespace Bulwark.Platform.Ingestion;

/// <summary>What one uploaded report did to a project.</summary>
public sealed record IngestionOutcome(string Format, IReadOnlyList<ScanOutcome> Scans)
{
    public int New => Scans.Sum(s => s.New);

    public int Existing => Scans.Sum(s => s.Existing);

    public int Merged => Scans.Sum(s => s.Merged);

    public int NoLongerDetected => Scans.Sum(s => s.NoLongerDetected);

    /// <summary>True when every section had been uploaded to this pipeline before: nothing changed.</summary>
    public bool Duplicate => Scans.Count > 0 && Scans.All(s => s.Duplicate);
}

public sealed record ScanOutcome(
    long ScanId,
    string ReportType,
    string Scanner,
    int Findings,
    int New,
    int Existing,
    int Merged,
    int NoLongerDetected,
    bool Duplicate);
