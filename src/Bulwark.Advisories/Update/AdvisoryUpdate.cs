using System.Diagnostics;
using System.Net;
using Bulwark.Advisories.Storage;
using Bulwark.Core;

namespace Bulwark.Advisories.Update;

/// <summary>
/// <c>bulwark db update</c>: downloads OSV's per-ecosystem archives (see <see cref="ArchiveDownload"/>),
/// imports the changed ones into a NEW database file — a copy of the current one with those archives'
/// records replaced — and renames it over the current file. The rename is atomic on one file system, so
/// a scan sees the old database or the new one, never a mix; a scan that has the old file open keeps
/// reading it; and an update that fails or is interrupted at any point leaves the old database as it was.
/// </summary>
public static class AdvisoryUpdate
{
    public static async Task<UpdateReport> RunAsync(UpdateOptions options, HttpClient http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        var clock = Stopwatch.StartNew();
        var databasePath = Path.GetFullPath(options.DatabasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        using var writer = DatabaseLock.Acquire(databasePath);
        RemoveLeftovers(databasePath);
        var downloads = Directory.CreateDirectory(databasePath + ".download").FullName;

        var (stored, unreadable) = ReadCurrent(databasePath);
        if (unreadable is not null)
        {
            options.Log?.Invoke($"{unreadable}; building a new database from the downloads");
        }

        var ecosystems = options.Ecosystems
            ?? (stored.Count > 0 ? stored.Select(s => s.Ecosystem).Distinct(StringComparer.Ordinal).ToList() : OsvMirror.DefaultEcosystems);
        var download = new ArchiveDownload(http, downloads, options);
        var outcomes = new List<ArchiveOutcome>();
        var fetched = new List<(ArchiveOutcome Outcome, DownloadResult Result)>();
        foreach (var ecosystem in ecosystems.Distinct(StringComparer.Ordinal))
        {
            var url = options.Mirror.ArchiveOf(ecosystem);
            DownloadResult result;
            try
            {
                result = await download.FetchAsync(url, stored.FirstOrDefault(s => s.Url == url.AbsoluteUri), cancellationToken);
            }
            catch (AdvisoryUpdateException e) when (e.Status == HttpStatusCode.NotFound && options.Ecosystems is null)
            {
                options.Log?.Invoke($"{ecosystem}: {url} does not exist on this mirror; skipped");
                outcomes.Add(new ArchiveOutcome(ecosystem, url, ArchiveStatus.NotPublished));
                continue;
            }

            var outcome = new ArchiveOutcome(ecosystem, url, result.NotModified ? ArchiveStatus.NotModified : ArchiveStatus.Downloaded)
            {
                Transferred = result.Transferred,
                ResumedAt = result.ResumedAt,
            };
            outcomes.Add(outcome);
            if (!result.NotModified)
            {
                fetched.Add((outcome, result));
            }
        }

        var now = DateTimeOffset.UtcNow;
        var unchanged = outcomes.Where(o => o.Status == ArchiveStatus.NotModified).Select(o => o.Url.AbsoluteUri).ToList();
        if (fetched.Count == 0)
        {
            if (unchanged.Count > 0)
            {
                using var current = AdvisoryDatabase.OpenExisting(databasePath);
                current.MarkChecked(unchanged, now);
            }

            return new UpdateReport { DatabasePath = databasePath, Archives = outcomes.ToEquatableArray(), Elapsed = clock.Elapsed };
        }

        var imports = Build(databasePath, unreadable is null, fetched, unchanged, options.Limits, now, cancellationToken);
        foreach (var (_, result) in fetched)
        {
            result.Discard();
        }

        return new UpdateReport
        {
            DatabasePath = databasePath,
            Archives = outcomes.Select(o => imports.TryGetValue(o.Url.AbsoluteUri, out var import) ? o with { Import = import } : o).ToEquatableArray(),
            Replaced = true,
            RebuiltBecause = unreadable,
            Elapsed = clock.Elapsed,
        };
    }

    /// <summary>Builds the new file beside the current one and renames it over it; on any failure the new file is removed.</summary>
    private static Dictionary<string, ImportReport> Build(string databasePath, bool copyCurrent, List<(ArchiveOutcome Outcome, DownloadResult Result)> fetched,
        List<string> unchanged, ArchiveLimits limits, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var newPath = $"{databasePath}.{Guid.NewGuid():N}.new";
        var imports = new Dictionary<string, ImportReport>(StringComparer.Ordinal);
        try
        {
            using (var fresh = OpenNew(databasePath, newPath, copyCurrent))
            {
                foreach (var (outcome, result) in fetched)
                {
                    var state = result.State!;
                    var source = new RemoteSource(outcome.Url.AbsoluteUri, outcome.Ecosystem, state.ETag, state.LastModified,
                        new FileInfo(result.Path!).Length, 0, now, now);
                    try
                    {
                        imports[source.Url] = fresh.ReplaceArchive(source, result.Path!, limits, cancellationToken);
                    }
                    catch (InvalidDataException e)
                    {
                        // The bytes are what the server sent (length and checksum agreed), so a new download will not help until it changes.
                        result.Discard();
                        throw new AdvisoryUpdateException(outcome.Url, $"the archive failed verification: {e.Message}", innerException: e);
                    }
                }

                if (unchanged.Count > 0)
                {
                    fresh.MarkChecked(unchanged, now);
                }
            }

            using (var file = new FileStream(newPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                file.Flush(flushToDisk: true);
            }

            File.Move(newPath, databasePath, overwrite: true);
            return imports;
        }
        catch
        {
            DeleteDatabaseFile(newPath);
            throw;
        }
    }

    private static AdvisoryDatabase OpenNew(string databasePath, string newPath, bool copyCurrent)
    {
        if (!copyCurrent || !File.Exists(databasePath))
        {
            return AdvisoryDatabase.Open(newPath);
        }

        using var current = AdvisoryDatabase.OpenReadOnly(databasePath);
        return current.CopyTo(newPath);
    }

    /// <summary>
    /// The downloads the current database remembers, or why it cannot be read. A journal left beside it (a
    /// crashed import, or a WAL database from an earlier Bulwark) is settled first by opening it for writing:
    /// such a file next to the path would otherwise be applied to the new database after the rename.
    /// </summary>
    private static (IReadOnlyList<RemoteSource> Stored, string? Unreadable) ReadCurrent(string databasePath)
    {
        if (!File.Exists(databasePath))
        {
            return ([], null);
        }

        try
        {
            if (File.Exists(databasePath + "-journal") || File.Exists(databasePath + "-wal"))
            {
                using var settle = AdvisoryDatabase.OpenExisting(databasePath);
            }

            if (File.Exists(databasePath + "-wal"))
            {
                throw new AdvisoryDatabaseException(
                    $"{databasePath} is open in another process in write-ahead-log mode (written by an earlier Bulwark); close that process and update again");
            }

            using var current = AdvisoryDatabase.OpenReadOnly(databasePath);
            return (current.RemoteSources(), null);
        }
        catch (AdvisoryDatabaseException e) when (!File.Exists(databasePath + "-wal"))
        {
            return ([], e.Message);
        }
    }

    /// <summary>New files of an update that was killed before it could remove them (the caller holds the lock, so none is in use).</summary>
    private static void RemoveLeftovers(string databasePath)
    {
        var directory = Path.GetDirectoryName(databasePath)!;
        foreach (var leftover in Directory.EnumerateFiles(directory, Path.GetFileName(databasePath) + ".*.new*"))
        {
            File.Delete(leftover);
        }
    }

    private static void DeleteDatabaseFile(string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in (string[])[path, path + "-journal"])
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Removed by RemoveLeftovers at the next update.
            }
        }
    }
}
