using System.Data.Common;
using Bulwark.Platform.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using StoredFinding = Bulwark.Platform.Data.Finding;

namespace Bulwark.Platform.Ingestion;

/// <summary>What ingestion needs to know of a vulnerability the project already tracks (not its document).</summary>
internal sealed record KnownVulnerability(long Id, VulnerabilityState State, bool NoLongerDetected);

/// <summary>What a finding seen again changes on its vulnerability.</summary>
internal sealed record SeenAgain(long Id, string Title, string? Description, string? Solution, string Data, int Severity);

/// <summary>
/// The rows one ingested report section writes, in the ingestion's transaction and outside EF change tracking
/// (which cost three quarters of an upload's time): statements prepared once and reused on SQLite; on PostgreSQL
/// one binary COPY per table and chunk for new rows and one statement of arrays per chunk for lookups and updates.
/// Parameterised throughout.
/// </summary>
internal sealed class SectionWriter(PlatformDbContext db) : IAsyncDisposable
{
    private readonly TableInsert<Vulnerability> _vulnerabilities = new(db, assignIds: true);
    private readonly TableInsert<VulnerabilityIdentifier> _identifiers = new(db, assignIds: false);
    private readonly TableInsert<VulnerabilityActivity> _activities = new(db, assignIds: false);
    private readonly TableInsert<StoredFinding> _findings = new(db, assignIds: false);
    // Every SET expression reads the row as it was: "State" in them is the state before this update.
    private const string SqliteRefresh = """
        UPDATE vulnerabilities SET
            "ScannerName" = $p0, "LastSeenAt" = $p1, "LastSeenPipelineId" = $p2, "UpdatedAt" = $p1,
            "NoLongerDetected" = FALSE, "NoLongerDetectedAt" = NULL,
            "ResolvedAt" = CASE WHEN "State" = $p3 THEN NULL ELSE "ResolvedAt" END,
            "State" = CASE WHEN "State" = $p3 THEN $p4 ELSE "State" END,
            "Title" = $p5, "Description" = $p6, "Solution" = $p7, "HasSolution" = $p8, "Data" = $p9,
            "ScannerSeverity" = $p10, "Severity" = CASE WHEN "SeverityOverridden" THEN "Severity" ELSE $p10 END
        WHERE "Id" = $p11
        """;

    private const string PostgresRefresh = """
        UPDATE vulnerabilities AS v SET
            "ScannerName" = $1, "LastSeenAt" = $2, "LastSeenPipelineId" = $3, "UpdatedAt" = $2,
            "NoLongerDetected" = FALSE, "NoLongerDetectedAt" = NULL,
            "ResolvedAt" = CASE WHEN v."State" = $4 THEN NULL ELSE v."ResolvedAt" END,
            "State" = CASE WHEN v."State" = $4 THEN $5 ELSE v."State" END,
            "Title" = u.title, "Description" = u.description, "Solution" = u.solution, "HasSolution" = u.has_solution,
            "Data" = u.data, "ScannerSeverity" = u.severity,
            "Severity" = CASE WHEN v."SeverityOverridden" THEN v."Severity" ELSE u.severity END
        FROM unnest($6, $7, $8, $9, $10, $11, $12) AS u(id, title, description, solution, has_solution, data, severity)
        WHERE v."Id" = u.id
        """;

    private DbCommand? _refresh;
    private DbCommand? _find;
    private Func<Guid, object> _uuidToStore = uuid => uuid;

    private DbConnection Connection => db.Database.GetDbConnection();

    /// <summary>
    /// The project's vulnerabilities among <paramref name="uuids"/> (sorted), in one query. On PostgreSQL the rows
    /// are locked as they are read: a triager changing one meanwhile (VulnerabilityTriage locks too) waits, so a
    /// resolved vulnerability seen again never overwrites a state change it did not see. SQLite transactions
    /// already hold the write lock from their start.
    /// </summary>
    public async Task<Dictionary<Guid, KnownVulnerability>> FindAsync(long projectId, Guid[] uuids, CancellationToken cancellationToken)
    {
        var known = new Dictionary<Guid, KnownVulnerability>(uuids.Length);
        if (!db.IsPostgres)
        {
            // One indexed lookup per uuid with a statement prepared once: a single "IN (…)" query of the chunk
            // let SQLite walk the project's index instead, and cost half the upload's time in a large project.
            // By uuid alone, as on PostgreSQL: a row of another project is refused the same way on both (looked
            // up by project as well, it was missed, and inserting it again broke the unique index on every retry).
            var find = _find ??= PrepareSqliteFind();
            foreach (var uuid in uuids)
            {
                find.Parameters[0].Value = _uuidToStore(uuid);
                await using var row = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (await row.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    RefuseOtherProject(uuid, row.GetInt64(3), projectId);
                    known[uuid] = new KnownVulnerability(row.GetInt64(0), (VulnerabilityState)row.GetInt32(1), row.GetBoolean(2));
                }
            }

            return known;
        }

        // By uuid alone, through its unique index. With "ProjectId" = $1 in the query as well, PostgreSQL
        // estimated both conditions alike while the table had no statistics yet (a first large report, all of it
        // still uncommitted) and scanned the whole project per chunk: 2 to 230 ms a chunk, growing with every
        // chunk, 17 s of a 100,000-finding upload. A uuid is derived from its project, so a row of another
        // project can only mean a hash collision: refused rather than merged.
        await using var command = new NpgsqlCommand(
            "SELECT \"Uuid\", \"Id\", \"State\", \"NoLongerDetected\", \"ProjectId\" FROM vulnerabilities "
            + "WHERE \"Uuid\" = ANY($1) ORDER BY \"Uuid\" FOR UPDATE",
            (NpgsqlConnection)Connection);
        command.Parameters.Add(new NpgsqlParameter { Value = uuids });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var uuid = reader.GetGuid(0);
            RefuseOtherProject(uuid, reader.GetInt64(4), projectId);

            known[uuid] = new KnownVulnerability(reader.GetInt64(1), (VulnerabilityState)reader.GetInt32(2), reader.GetBoolean(3));
        }

        return known;
    }

    /// <summary>
    /// A uuid is derived from its project, so one stored in another project is a hash collision: the report is
    /// refused (422, nothing stored) rather than merged into the other project's vulnerability or retried.
    /// </summary>
    private static void RefuseOtherProject(Guid uuid, long ownerProjectId, long projectId)
    {
        if (ownerProjectId != projectId)
        {
            throw new ReportRejectedException(
                $"vulnerability uuid {uuid} computed for a finding of this report already belongs to another project (a uuid collision); the report was not stored");
        }
    }

    /// <summary>Inserts new vulnerabilities and gives each its id.</summary>
    public Task AddVulnerabilitiesAsync(IReadOnlyList<Vulnerability> rows, CancellationToken cancellationToken) =>
        _vulnerabilities.InsertAsync(rows, cancellationToken);

    public Task AddIdentifiersAsync(IReadOnlyList<VulnerabilityIdentifier> rows, CancellationToken cancellationToken) =>
        _identifiers.InsertAsync(rows, cancellationToken);

    public Task AddActivitiesAsync(IReadOnlyList<VulnerabilityActivity> rows, CancellationToken cancellationToken) =>
        _activities.InsertAsync(rows, cancellationToken);

    public Task AddFindingsAsync(IReadOnlyList<StoredFinding> rows, CancellationToken cancellationToken) =>
        _findings.InsertAsync(rows, cancellationToken);

    /// <summary>
    /// Refreshes vulnerabilities seen again in this pipeline: the latest document, last seen, detected again
    /// (no longer "no longer detected"), a resolved one back to detected; an overridden severity is kept.
    /// </summary>
    public async Task RefreshAsync(IReadOnlyList<SeenAgain> seen, string scannerName, long pipelineId, DateTime now, CancellationToken cancellationToken)
    {
        if (seen.Count == 0)
        {
            return;
        }

        if (db.IsPostgres)
        {
            await using var command = new NpgsqlCommand(
                PostgresRefresh,
                (NpgsqlConnection)Connection);
            command.Parameters.Add(new NpgsqlParameter { Value = scannerName });
            command.Parameters.Add(new NpgsqlParameter { Value = now });
            command.Parameters.Add(new NpgsqlParameter { Value = pipelineId });
            command.Parameters.Add(new NpgsqlParameter { Value = (int)VulnerabilityState.Resolved });
            command.Parameters.Add(new NpgsqlParameter { Value = (int)VulnerabilityState.Detected });
            command.Parameters.Add(new NpgsqlParameter { Value = seen.Select(s => s.Id).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = seen.Select(s => s.Title).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = seen.Select(s => s.Description).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = seen.Select(s => s.Solution).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = seen.Select(s => !string.IsNullOrWhiteSpace(s.Solution)).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = seen.Select(s => s.Data).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = seen.Select(s => s.Severity).ToArray() });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var refresh = _refresh ??= PrepareSqliteRefresh(scannerName, pipelineId, now);
        var p = refresh.Parameters;
        foreach (var s in seen)
        {
            p[5].Value = s.Title;
            p[6].Value = (object?)s.Description ?? DBNull.Value;
            p[7].Value = (object?)s.Solution ?? DBNull.Value;
            p[8].Value = !string.IsNullOrWhiteSpace(s.Solution);
            p[9].Value = s.Data;
            p[10].Value = s.Severity;
            p[11].Value = s.Id;
            await refresh.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _vulnerabilities.DisposeAsync().ConfigureAwait(false);
        await _identifiers.DisposeAsync().ConfigureAwait(false);
        await _activities.DisposeAsync().ConfigureAwait(false);
        await _findings.DisposeAsync().ConfigureAwait(false);
        if (_refresh is not null)
        {
            await _refresh.DisposeAsync().ConfigureAwait(false);
        }

        if (_find is not null)
        {
            await _find.DisposeAsync().ConfigureAwait(false);
        }
    }

    private DbCommand PrepareSqliteFind()
    {
        var command = Connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = "SELECT \"Id\", \"State\", \"NoLongerDetected\", \"ProjectId\" FROM vulnerabilities WHERE \"Uuid\" = $uuid";
        // The uuid is bound as EF stores it (SQLite: upper-case text), whatever the driver's default for a Guid.
        var uuid = db.Model.FindEntityType(typeof(Vulnerability))!.FindProperty(nameof(Vulnerability.Uuid))!.GetRelationalTypeMapping();
        command.Parameters.Add(uuid.CreateParameter(command, "$uuid", Guid.Empty));
        if (uuid.Converter is { } converter)
        {
            _uuidToStore = value => converter.ConvertToProvider(value)!;
        }

        command.Prepare();
        return command;
    }

    private SqliteCommand PrepareSqliteRefresh(string scannerName, long pipelineId, DateTime now)
    {
        var command = (SqliteCommand)Connection.CreateCommand();
        command.Transaction = (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        var names = Enumerable.Range(0, 12).Select(i => "$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        command.CommandText = SqliteRefresh;
        command.Parameters.AddWithValue(names[0], scannerName);
        command.Parameters.AddWithValue(names[1], now);
        command.Parameters.AddWithValue(names[2], pipelineId);
        command.Parameters.AddWithValue(names[3], (int)VulnerabilityState.Resolved);
        command.Parameters.AddWithValue(names[4], (int)VulnerabilityState.Detected);
        for (var i = 5; i < names.Length; i++)
        {
            command.Parameters.Add(new SqliteParameter(names[i], null));
        }

        command.Prepare();
        return command;
    }
}
