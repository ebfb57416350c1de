using System.Diagnostics;
using System.Globalization;
using Bulwark.Advisories.Matching;
using Bulwark.Advisories.Osv;
using Bulwark.Advisories.Versions;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Microsoft.Data.Sqlite;

namespace Bulwark.Advisories.Storage;

/// <summary>
/// The local advisory database: one SQLite file holding OSV records (as JSON), their aliases, and an
/// index from (ecosystem, normalised package name) to records, so a scan looks up each of its packages
/// with one indexed query and works offline.
/// </summary>
public sealed class AdvisoryDatabase : IDisposable
{
    private const int SchemaVersion = 1;
    private const int ImportBatchSize = 2048;

    private readonly SqliteConnection _connection;

    // One connection serves every caller, so access is serialised (the lock is re-entrant, so methods that
    // hold it may call others that take it); parsed records are kept per package
    // because a monorepo scan asks for the same packages over and over.
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Ecosystem, string Name), IReadOnlyList<OsvRecord>> _recordsByPackage = [];
    private readonly Dictionary<string, IReadOnlySet<string>> _packagesByEcosystem = new(StringComparer.OrdinalIgnoreCase);

    private AdvisoryDatabase(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    public string Path { get; }

    /// <summary>Where the database lives unless <c>--db</c> says otherwise: the user's cache directory.</summary>
    public static string DefaultPath
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrEmpty(cache))
            {
                cache = OperatingSystem.IsWindows()
                    ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                    : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            }

            return System.IO.Path.Combine(cache, "bulwark", "advisories.db");
        }
    }

    /// <summary>Opens the database at <paramref name="path"/>, creating it (and its directory) when missing.</summary>
    public static AdvisoryDatabase Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        return Connect(path, SqliteOpenMode.ReadWriteCreate);
    }

    /// <summary>Opens an existing database; a missing or corrupt one is an <see cref="AdvisoryDatabaseException"/> saying how to fix it.</summary>
    public static AdvisoryDatabase OpenExisting(string path) => Connect(Existing(path), SqliteOpenMode.ReadWrite);

    /// <summary>
    /// Opens an existing database for lookups only (what a scan does): nothing is written, so a scan never
    /// contends with <c>bulwark db update</c>, which swaps a new file in while readers keep the old one.
    /// </summary>
    public static AdvisoryDatabase OpenReadOnly(string path) => Connect(Existing(path), SqliteOpenMode.ReadOnly);

    private static string Existing(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return File.Exists(path)
            ? path
            : throw new AdvisoryDatabaseException($"no advisory database at {path}; create one with `bulwark db update` or `bulwark db import PATH`");
    }

    private static AdvisoryDatabase Connect(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        try
        {
            connection.Open();
            var database = new AdvisoryDatabase(path, connection);
            if (mode == SqliteOpenMode.ReadOnly)
            {
                database.CheckSchemaVersion();
            }
            else
            {
                database.EnsureSchema();
            }

            return database;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new AdvisoryDatabaseException(
                $"{path} is not a readable Bulwark advisory database ({e.Message}); delete it and run `bulwark db update` or `bulwark db import PATH`", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void EnsureSchema()
    {
        // A rollback journal, not WAL: `db update` renames a new file over this one, and a -wal file left
        // beside the path would be replayed into the new file by the next reader.
        Execute("""
            PRAGMA journal_mode = DELETE;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS records (
                id TEXT PRIMARY KEY,
                modified TEXT NOT NULL,
                source TEXT NOT NULL,
                json BLOB NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS aliases (
                record_id TEXT NOT NULL,
                alias TEXT NOT NULL,
                PRIMARY KEY (record_id, alias)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS aliases_by_alias ON aliases (alias);
            CREATE TABLE IF NOT EXISTS packages (
                ecosystem TEXT NOT NULL COLLATE NOCASE,
                name TEXT NOT NULL,
                record_id TEXT NOT NULL,
                PRIMARY KEY (ecosystem, name, record_id)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS packages_by_record ON packages (record_id);
            CREATE TABLE IF NOT EXISTS remote_sources (
                url TEXT PRIMARY KEY,
                ecosystem TEXT NOT NULL,
                etag TEXT,
                last_modified TEXT,
                bytes INTEGER NOT NULL,
                records INTEGER NOT NULL,
                downloaded_at TEXT NOT NULL,
                checked_at TEXT NOT NULL
            ) WITHOUT ROWID;
            """);

        if (ScalarText("SELECT value FROM meta WHERE key = 'schema_version'") is null)
        {
            SetMeta("schema_version", SchemaVersion.ToString(CultureInfo.InvariantCulture));
        }

        CheckSchemaVersion();
    }

    private void CheckSchemaVersion()
    {
        var version = ScalarText("SELECT value FROM meta WHERE key = 'schema_version'");
        if (version != SchemaVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw new AdvisoryDatabaseException(
                $"{Path} has advisory database schema {version ?? "(none)"}, this Bulwark reads schema {SchemaVersion}; run `bulwark db update` to rebuild it");
        }
    }

    /// <summary>
    /// Imports OSV records from directories, JSON/YAML files and zip archives. Withdrawn records are not
    /// stored (and remove a stored record of the same id); of two records with one id the later
    /// <c>modified</c> wins; bad records are reported in <see cref="ImportReport.Problems"/> and the rest goes on.
    /// </summary>
    public ImportReport Import(IEnumerable<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var sourcePaths = paths.ToList();
        var problems = new List<ImportProblem>();
        return Store(AdvisorySource.Enumerate(sourcePaths, problems), problems, strict: false, (transaction, _) =>
        {
            var sources = (ScalarText("SELECT value FROM meta WHERE key = 'sources'", transaction) ?? "")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Union(sourcePaths.Select(System.IO.Path.GetFullPath), StringComparer.Ordinal);
            SetMeta("sources", string.Join('\n', sources), transaction);
        }, cancellationToken);
    }

    /// <summary>
    /// Replaces what an earlier download of <paramref name="source"/> stored with the records of the archive
    /// just downloaded from it, and remembers the archive's validators for the next conditional request
    /// (<see cref="RemoteSource.Records"/> is set to the records stored).
    /// Unlike <see cref="Import"/> this is strict, because the archive is a whole to be verified: a broken zip,
    /// an entry over the <paramref name="limits"/>, an entry that is not JSON at all or an archive without
    /// records throws <see cref="InvalidDataException"/> and nothing of it is kept. Records that are JSON but
    /// break the OSV schema are reported in <see cref="ImportReport.Problems"/>, as in an import.
    /// </summary>
    internal ImportReport ReplaceArchive(RemoteSource source, string archivePath, ArchiveLimits limits, CancellationToken cancellationToken)
    {
        var problems = new List<ImportProblem>();
        var prefix = source.Url + "!";
        var report = Store(OsvArchive.Read(archivePath, source.Url, limits), problems, strict: true, (transaction, stored) =>
        {
            using var upsert = _connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO remote_sources (url, ecosystem, etag, last_modified, bytes, records, downloaded_at, checked_at)
                VALUES ($url, $ecosystem, $etag, $last_modified, $bytes, $records, $downloaded_at, $checked_at)
                ON CONFLICT (url) DO UPDATE SET ecosystem = excluded.ecosystem, etag = excluded.etag,
                    last_modified = excluded.last_modified, bytes = excluded.bytes, records = excluded.records,
                    downloaded_at = excluded.downloaded_at, checked_at = excluded.checked_at
                """;
            upsert.Parameters.AddWithValue("$url", source.Url);
            upsert.Parameters.AddWithValue("$ecosystem", source.Ecosystem);
            upsert.Parameters.AddWithValue("$etag", (object?)source.ETag ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$last_modified", (object?)source.LastModified ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$bytes", source.Bytes);
            upsert.Parameters.AddWithValue("$records", stored);
            upsert.Parameters.AddWithValue("$downloaded_at", Timestamp(source.DownloadedAt));
            upsert.Parameters.AddWithValue("$checked_at", Timestamp(source.CheckedAt));
            upsert.ExecuteNonQuery();
        }, cancellationToken, beforeStoring: transaction =>
        {
            using var delete = _connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = """
                DELETE FROM aliases WHERE record_id IN (SELECT id FROM records WHERE substr(source, 1, length($prefix)) = $prefix);
                DELETE FROM packages WHERE record_id IN (SELECT id FROM records WHERE substr(source, 1, length($prefix)) = $prefix);
                DELETE FROM records WHERE substr(source, 1, length($prefix)) = $prefix;
                """;
            delete.Parameters.AddWithValue("$prefix", prefix);
            delete.ExecuteNonQuery();
        });

        if (report.Read == 0)
        {
            throw new InvalidDataException("the archive holds no OSV records");
        }

        return report;
    }

    private ImportReport Store(IEnumerable<AdvisoryDocument> documents, List<ImportProblem> problems, bool strict,
        Action<SqliteTransaction, int> afterStoring, CancellationToken cancellationToken, Action<SqliteTransaction>? beforeStoring = null)
    {
        var clock = Stopwatch.StartNew();
        int read = 0, imported = 0, withdrawn = 0, superseded = 0;

        using var gate = _gate.EnterScope();
        _recordsByPackage.Clear();
        _packagesByEcosystem.Clear();
        using var transaction = _connection.BeginTransaction();
        beforeStoring?.Invoke(transaction);
        using var statements = new ImportStatements(_connection, transaction);
        foreach (var batch in documents.Chunk(ImportBatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Parsing is the expensive part and independent per record; storing stays on one connection.
            var parsed = new (OsvRecord? Record, ReadOnlyMemory<byte> Json, OsvFormatException? Error)[batch.Length];
            Parallel.For(0, batch.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                try
                {
                    var (record, json) = OsvReader.ReadWithJson(batch[i].Content, batch[i].IsYaml, batch[i].Source);
                    parsed[i] = (record, json, null);
                }
                catch (OsvFormatException e)
                {
                    parsed[i] = (null, default, e);
                }
            });

            for (var i = 0; i < batch.Length; i++)
            {
                read++;
                var (record, json, error) = parsed[i];
                if (record is null)
                {
                    if (strict && error!.IsSyntaxError)
                    {
                        throw new InvalidDataException(error.Message, error);
                    }

                    problems.Add(new ImportProblem(batch[i].Source, error!.Message));
                    continue;
                }

                switch (statements.Store(record, json, batch[i].Source))
                {
                    case StoreOutcome.Stored:
                        imported++;
                        break;
                    case StoreOutcome.Withdrawn:
                        withdrawn++;
                        break;
                    case StoreOutcome.Superseded:
                        superseded++;
                        break;
                }
            }
        }

        SetMeta("last_import", Timestamp(DateTimeOffset.UtcNow), transaction);
        afterStoring(transaction, imported);
        transaction.Commit();

        return new ImportReport
        {
            Read = read,
            Imported = imported,
            Withdrawn = withdrawn,
            Superseded = superseded,
            Problems = problems.ToEquatableArray(),
            Elapsed = clock.Elapsed,
        };
    }

    /// <summary>The archives <c>bulwark db update</c> downloaded into this database, with the validators of each.</summary>
    public IReadOnlyList<RemoteSource> RemoteSources()
    {
        using var gate = _gate.EnterScope();
        var sources = new List<RemoteSource>();
        if (Scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'remote_sources'") is null)
        {
            return sources; // a database written before downloads existed, opened read-only
        }

        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT url, ecosystem, etag, last_modified, bytes, records, downloaded_at, checked_at FROM remote_sources ORDER BY ecosystem, url";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            sources.Add(new RemoteSource(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetInt64(4),
                reader.GetInt32(5),
                ParseTimestamp(reader.GetString(6)),
                ParseTimestamp(reader.GetString(7))));
        }

        return sources;
    }

    /// <summary>Records that the archives at <paramref name="urls"/> were found unchanged (HTTP 304) at <paramref name="at"/>.</summary>
    internal void MarkChecked(IEnumerable<string> urls, DateTimeOffset at)
    {
        using var gate = _gate.EnterScope();
        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE remote_sources SET checked_at = $at WHERE url = $url";
        command.Parameters.AddWithValue("$at", Timestamp(at));
        var url = command.Parameters.Add(new SqliteParameter("$url", null));
        foreach (var item in urls)
        {
            url.Value = item;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>
    /// Copies this database, as of now, into a new file (SQLite's online backup: consistent even while
    /// others read it) and opens the copy for writing.
    /// </summary>
    internal AdvisoryDatabase CopyTo(string path)
    {
        using (var gate = _gate.EnterScope())
        using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString()))
        {
            destination.Open();
            _connection.BackupDatabase(destination);
        }

        return Open(path);
    }

    /// <summary>
    /// When the data was last known to be current: the later of the last import and the last time
    /// <c>bulwark db update</c> found every archive unchanged. Null for a database never filled.
    /// </summary>
    public DateTimeOffset? FreshAsOf() =>
        RemoteSources().Select(s => (DateTimeOffset?)s.CheckedAt).Append(LastImport()).Max();

    private DateTimeOffset? LastImport()
    {
        using var gate = _gate.EnterScope();
        return ScalarText("SELECT value FROM meta WHERE key = 'last_import'") is { } text ? ParseTimestamp(text) : null;
    }

    private static string Timestamp(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    /// <summary>The stored records that name the package (ecosystem case-insensitive, name in its ecosystem's normal form).</summary>
    public IReadOnlyList<OsvRecord> RecordsFor(string ecosystem, string packageName)
    {
        ArgumentNullException.ThrowIfNull(ecosystem);
        ArgumentNullException.ThrowIfNull(packageName);
        var key = (ecosystem.ToUpperInvariant(), PackageNames.Normalize(ecosystem, packageName));
        using var gate = _gate.EnterScope();
        if (_recordsByPackage.TryGetValue(key, out var cached))
        {
            return cached;
        }

        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT r.id, r.json FROM packages p JOIN records r ON r.id = p.record_id
            WHERE p.ecosystem = $ecosystem AND p.name = $name ORDER BY r.id
            """;
        command.Parameters.AddWithValue("$ecosystem", ecosystem);
        command.Parameters.AddWithValue("$name", key.Item2);
        var records = new List<OsvRecord>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                records.Add(OsvReader.ReadJson((byte[])reader.GetValue(1), $"{Path}#{reader.GetString(0)}"));
            }
        }

        _recordsByPackage[key] = records;
        return records;
    }

    /// <summary>
    /// The normalised names of every package the database has records for in <paramref name="ecosystem"/>, read
    /// with one query: a scan asks this once per ecosystem and looks up only the packages that can match, where a
    /// lookup per package would mostly find nothing (a tree's npm packages against a database without npm records).
    /// </summary>
    public IReadOnlySet<string> PackagesWithRecords(string ecosystem)
    {
        ArgumentNullException.ThrowIfNull(ecosystem);
        using var gate = _gate.EnterScope();
        if (_packagesByEcosystem.TryGetValue(ecosystem, out var cached))
        {
            return cached;
        }

        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT name FROM packages WHERE ecosystem = $ecosystem";
        command.Parameters.AddWithValue("$ecosystem", ecosystem);
        var names = new HashSet<string>(StringComparer.Ordinal);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
        }

        _packagesByEcosystem[ecosystem] = names;
        return names;
    }

    /// <summary>
    /// The vulnerabilities of one package version: every record that says the version is affected (or
    /// cannot be evaluated), merged into one <see cref="VulnerabilityMatch"/> per vulnerability through ids and aliases.
    /// </summary>
    public IReadOnlyList<VulnerabilityMatch> Match(string ecosystem, string packageName, string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var matches = RecordsFor(ecosystem, packageName)
            .Select(record => AdvisoryMatcher.Match(record, ecosystem, packageName, version))
            .Where(match => match.Status != AffectedStatus.NotAffected)
            .ToList();

        var groups = VulnerabilityGroups.Partition(matches.Select(m => (IReadOnlyCollection<string>)[m.Record.Id, .. m.Record.Aliases]).ToList());
        return groups
            .Select(group => Merge(ecosystem, group.Select(i => matches[i]).ToList()))
            .OrderByDescending(v => v.Severity.Severity)
            .ThenBy(v => v.PrimaryId, StringComparer.Ordinal)
            .ToList();
    }

    private static VulnerabilityMatch Merge(string ecosystem, List<AdvisoryMatch> matches)
    {
        var identifiers = matches
            .SelectMany(m => m.Record.Aliases.Prepend(m.Record.Id))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(IdentifierRank)
            .ThenBy(id => id, StringComparer.Ordinal)
            .ToList();
        var affected = matches.Where(m => m.IsAffected).ToList();
        var scheme = VersionSchemes.For(ecosystem) ?? VersionSchemes.SemVer;
        string? fixedVersion = null;
        foreach (var candidate in affected.Select(m => m.FixedVersion).OfType<string>())
        {
            if (fixedVersion is null || (scheme.TryCompare(candidate, fixedVersion, out var order) && order < 0))
            {
                fixedVersion = candidate;
            }
        }

        // The most severe assessment; between equals, one backed by a CVSS score.
        var severity = matches
            .Select(m => AdvisorySeverity.Resolve(m.Record))
            .OrderByDescending(s => s.Severity)
            .ThenByDescending(s => s.Cvss is not null)
            .First();

        return new VulnerabilityMatch
        {
            PrimaryId = identifiers.FirstOrDefault(id => IdentifierRank(id) == 0) ?? matches.Select(m => m.Record.Id).Order(StringComparer.Ordinal).First(),
            Identifiers = identifiers.ToEquatableArray(),
            Status = affected.Count > 0 ? AffectedStatus.Affected : AffectedStatus.Undetermined,
            FixedVersion = fixedVersion,
            Severity = severity,
            Records = matches.Select(m => m.Record).OrderBy(r => r.Id, StringComparer.Ordinal).ToEquatableArray(),
            Notes = matches.SelectMany(m => m.Notes).Distinct(StringComparer.Ordinal).ToEquatableArray(),
        };
    }

    private static int IdentifierRank(string id) =>
        id.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase) ? 0 : id.StartsWith("GHSA-", StringComparison.OrdinalIgnoreCase) ? 1 : 2;

    /// <summary>Counts, age and sources, for <c>bulwark db status</c>.</summary>
    public DatabaseStatus Status()
    {
        using var gate = _gate.EnterScope();
        var perEcosystem = new SortedDictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT ecosystem, COUNT(DISTINCT record_id) FROM packages GROUP BY ecosystem";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                perEcosystem[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        var records = Convert.ToInt32(Scalar("SELECT COUNT(*) FROM records"), CultureInfo.InvariantCulture);
        var sources = (ScalarText("SELECT value FROM meta WHERE key = 'sources'") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new DatabaseStatus(Path, records, perEcosystem, LastImport(), sources)
        {
            RemoteSources = RemoteSources(),
        };
    }

    public void Dispose() => _connection.Dispose();

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Only this class's constant SQL reaches here; values go through parameters.")]
    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Only this class's constant SQL reaches here; values go through parameters.")]
    private object? Scalar(string sql, SqliteTransaction? transaction = null)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private string? ScalarText(string sql, SqliteTransaction? transaction = null) => Scalar(sql, transaction) as string;

    private void SetMeta(string key, string value, SqliteTransaction? transaction = null)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO meta (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }

    private enum StoreOutcome
    {
        Stored,
        Withdrawn,
        Superseded,
    }

    /// <summary>The prepared statements of one import, reused for every record.</summary>
    private sealed class ImportStatements : IDisposable
    {
        private readonly SqliteCommand _modified;
        private readonly SqliteCommand _delete;
        private readonly SqliteCommand _insertRecord;
        private readonly SqliteCommand _insertAlias;
        private readonly SqliteCommand _insertPackage;

        public ImportStatements(SqliteConnection connection, SqliteTransaction transaction)
        {
            _modified = Prepare(connection, transaction, "SELECT modified FROM records WHERE id = $id", "$id");
            _delete = Prepare(connection, transaction,
                "DELETE FROM records WHERE id = $id; DELETE FROM aliases WHERE record_id = $id; DELETE FROM packages WHERE record_id = $id;", "$id");
            _insertRecord = Prepare(connection, transaction,
                "INSERT INTO records (id, modified, source, json) VALUES ($id, $modified, $source, $json)", "$id", "$modified", "$source", "$json");
            _insertAlias = Prepare(connection, transaction,
                "INSERT OR IGNORE INTO aliases (record_id, alias) VALUES ($id, $alias)", "$id", "$alias");
            _insertPackage = Prepare(connection, transaction,
                "INSERT OR IGNORE INTO packages (ecosystem, name, record_id) VALUES ($ecosystem, $name, $id)", "$ecosystem", "$name", "$id");
        }

        public StoreOutcome Store(OsvRecord record, ReadOnlyMemory<byte> json, string source)
        {
            _modified.Parameters["$id"].Value = record.Id;
            var existing = _modified.ExecuteScalar() as string;
            var modified = record.Modified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
            if (existing is not null && string.CompareOrdinal(existing, modified) > 0)
            {
                return StoreOutcome.Superseded;
            }

            if (existing is not null)
            {
                _delete.Parameters["$id"].Value = record.Id;
                _delete.ExecuteNonQuery();
            }

            if (record.IsWithdrawn)
            {
                return StoreOutcome.Withdrawn;
            }

            _insertRecord.Parameters["$id"].Value = record.Id;
            _insertRecord.Parameters["$modified"].Value = modified;
            _insertRecord.Parameters["$source"].Value = source;
            _insertRecord.Parameters["$json"].Value = json.ToArray();
            _insertRecord.ExecuteNonQuery();

            _insertAlias.Parameters["$id"].Value = record.Id;
            foreach (var alias in record.Aliases)
            {
                _insertAlias.Parameters["$alias"].Value = alias;
                _insertAlias.ExecuteNonQuery();
            }

            _insertPackage.Parameters["$id"].Value = record.Id;
            foreach (var package in record.Affected.Select(a => a.Package).OfType<OsvPackage>())
            {
                _insertPackage.Parameters["$ecosystem"].Value = package.Ecosystem;
                _insertPackage.Parameters["$name"].Value = PackageNames.Normalize(package.Ecosystem, package.Name);
                _insertPackage.ExecuteNonQuery();
            }

            return StoreOutcome.Stored;
        }

        public void Dispose()
        {
            _modified.Dispose();
            _delete.Dispose();
            _insertRecord.Dispose();
            _insertAlias.Dispose();
            _insertPackage.Dispose();
        }

        [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Only this class's constant SQL reaches here; values go through parameters.")]
        private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var parameter in parameters)
            {
                command.Parameters.Add(new SqliteParameter(parameter, null));
            }

            return command;
        }
    }
}
