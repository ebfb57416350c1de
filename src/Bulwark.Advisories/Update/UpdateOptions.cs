using Bulwark.Advisories.Storage;

namespace Bulwark.Advisories.Update;

/// <summary>What <see cref="AdvisoryUpdate"/> updates, from where, and how patiently.</summary>
public sealed record UpdateOptions
{
    public required string DatabasePath { get; init; }

    public OsvMirror Mirror { get; init; } = OsvMirror.Default;

    /// <summary>
    /// The ecosystems to download. Null: the ones the database already holds downloads of, else
    /// <see cref="OsvMirror.DefaultEcosystems"/> — and then an ecosystem the mirror does not publish (404)
    /// is skipped with a note instead of failing the update.
    /// </summary>
    public IReadOnlyList<string>? Ecosystems { get; init; }

    public ArchiveLimits Limits { get; init; } = ArchiveLimits.Default;

    /// <summary>The largest archive accepted (OSV's largest, npm, is well under a gigabyte).</summary>
    public long MaxArchiveBytes { get; init; } = 4L << 30;

    /// <summary>Requests per archive before giving up: a broken connection resumes, a 5xx/429 waits and retries.</summary>
    public int Attempts { get; init; } = 4;

    /// <summary>The wait before the second attempt; it grows linearly with each further one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the server may stay silent (no headers, no body bytes) before the attempt counts as broken.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Progress lines (resuming, retrying, skipping) for the console.</summary>
    public Action<string>? Log { get; init; }
}
