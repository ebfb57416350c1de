using Bulwark.Advisories.Storage;
using Bulwark.Core;

namespace Bulwark.Advisories.Update;

public enum ArchiveStatus
{
    /// <summary>The server answered 304: the database's copy is current.</summary>
    NotModified,

    /// <summary>Downloaded, verified and imported.</summary>
    Downloaded,

    /// <summary>The mirror does not publish this ecosystem (404) and it was not asked for by name.</summary>
    NotPublished,
}

/// <summary>What happened to one ecosystem's archive.</summary>
public sealed record ArchiveOutcome(string Ecosystem, Uri Url, ArchiveStatus Status)
{
    /// <summary>Bytes received over the network for this archive in this run (all attempts).</summary>
    public long Transferred { get; init; }

    /// <summary>Where this run resumed an earlier partial download; 0 when it started from the beginning.</summary>
    public long ResumedAt { get; init; }

    public ImportReport? Import { get; init; }
}

/// <summary>What an update did.</summary>
public sealed record UpdateReport
{
    public required string DatabasePath { get; init; }

    public EquatableArray<ArchiveOutcome> Archives { get; init; }

    /// <summary>True when a new database file was built and swapped in; false when every archive was unchanged.</summary>
    public bool Replaced { get; init; }

    /// <summary>Set when the existing database could not be read and was rebuilt from the downloads alone.</summary>
    public string? RebuiltBecause { get; init; }

    public TimeSpan Elapsed { get; init; }
}
