using Bulwark.Core;

namespace Bulwark.Advisories.Storage;

/// <summary>What an import did. Bad records are counted and named, never silently dropped.</summary>
public sealed record ImportReport
{
    /// <summary>Records read from the sources (including bad, withdrawn and superseded ones).</summary>
    public int Read { get; init; }

    /// <summary>Records now stored (new, or newer than the stored one with the same id).</summary>
    public int Imported { get; init; }

    /// <summary>Withdrawn records: not stored, and any stored record with the same id removed.</summary>
    public int Withdrawn { get; init; }

    /// <summary>Records skipped because the database already holds the same id, modified as late or later.</summary>
    public int Superseded { get; init; }

    public EquatableArray<ImportProblem> Problems { get; init; }

    public TimeSpan Elapsed { get; init; }
}

/// <summary>A record or source that could not be imported, and why.</summary>
public sealed record ImportProblem(string Source, string Message);
