namespace Bulwark.Advisories.Storage;

/// <summary>What the database holds and how old it is, for <c>bulwark db status</c> and the staleness warning.</summary>
public sealed record DatabaseStatus(
    string Path,
    int Records,
    IReadOnlyDictionary<string, int> RecordsPerEcosystem,
    DateTimeOffset? LastImport,
    IReadOnlyList<string> Sources)
{
    /// <summary>True when the last import is older than <paramref name="maximumAge"/> (or never happened).</summary>
    public bool IsOlderThan(TimeSpan maximumAge, DateTimeOffset now) => LastImport is not { } last || now - last > maximumAge;
}
