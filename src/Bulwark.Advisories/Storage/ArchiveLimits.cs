namespace Bulwark.Advisories.Storage;

/// <summary>
/// How much an OSV archive may hold before it is refused as a zip bomb or a mistake. The defaults are
/// far above OSV's real archives (the largest, npm, holds a few hundred thousand records of a few KiB each).
/// </summary>
public sealed record ArchiveLimits
{
    public static ArchiveLimits Default { get; } = new();

    public int MaxEntries { get; init; } = 2_000_000;

    /// <summary>The largest single record, uncompressed.</summary>
    public long MaxEntryBytes { get; init; } = 32L << 20;

    /// <summary>All records together, uncompressed.</summary>
    public long MaxTotalBytes { get; init; } = 16L << 30;

    /// <summary>Uncompressed size over compressed size of one entry; JSON with long version lists stays well under it.</summary>
    public int MaxCompressionRatio { get; init; } = 1000;
}
