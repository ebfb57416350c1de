namespace Bulwark.Advisories.Storage;

/// <summary>What the database holds and how old it is, for <c>bulwark db status</c> and the staleness warning.</summary>
public sealed record DatabaseStatus(
    string Path,
    int Records,
    IReadOnlyDictionary<string, int> RecordsPerEcosystem,
    DateTimeOffset? LastImport,
    IReadOnlyList<string> Sources)
{
    /// <summary>How old a database may get before scans warn that it is stale.</summary>
    public static TimeSpan StaleAfter { get; } = TimeSpan.FromDays(7);

    /// <summary>The archives downloaded by <c>bulwark db update</c>.</summary>
    public IReadOnlyList<RemoteSource> RemoteSources { get; init; } = [];

    /// <summary>When the data was last known to be current: the last import, or a later update that found nothing changed.</summary>
    public DateTimeOffset? FreshAsOf =>
        RemoteSources.Select(s => (DateTimeOffset?)s.CheckedAt).Append(LastImport).Max();

    /// <summary>True when the data is older than <paramref name="maximumAge"/> (or was never imported).</summary>
    public bool IsOlderThan(TimeSpan maximumAge, DateTimeOffset now) => FreshAsOf is not { } fresh || now - fresh > maximumAge;
}
