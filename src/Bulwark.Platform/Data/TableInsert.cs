using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Bulwark.Platform.Data;

/// <summary>
/// Inserts new rows of one entity type in the context's current transaction without change tracking: the
/// ingestion path, where EF's <c>SaveChanges</c> cost most of the time. Columns, value conversions and
/// parameter types come from the EF model, so rows are stored exactly as <c>SaveChanges</c> would store them.
/// On SQLite one prepared single-row statement is reused for every row (Microsoft.Data.Sqlite binds
/// parameters by name, so many-row statements cost the square of their parameters); on PostgreSQL each batch
/// is one binary <c>COPY</c>, with ids drawn from the table's sequence when the caller needs them. Values never
/// travel in SQL text: parameters on SQLite, the COPY data stream on PostgreSQL.
/// </summary>
internal sealed class TableInsert<T> : IAsyncDisposable
    where T : class
{
    private readonly PlatformDbContext _db;
    private readonly string _table;
    private readonly Column[] _columns;
    private readonly Column? _id;
    private DbCommand? _prepared;

    /// <param name="assignIds">Whether the generated <c>Id</c> of each row is written back to it.</param>
    public TableInsert(PlatformDbContext db, bool assignIds)
    {
        _db = db;
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model");
        _table = entityType.GetTableName() ?? throw new InvalidOperationException($"{typeof(T).Name} has no table");
        var store = StoreObjectIdentifier.Table(_table, entityType.GetSchema());
        var all = entityType.GetProperties().Select(p => new Column(
            p.GetColumnName(store) ?? throw new InvalidOperationException($"{typeof(T).Name}.{p.Name} has no column"),
            p.GetRelationalTypeMapping(),
            p.PropertyInfo ?? throw new InvalidOperationException($"{typeof(T).Name}.{p.Name} is a shadow property"),
            p.IsNullable,
            p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd)).ToList();
        _id = assignIds ? all.Single(c => c.Generated) : null;
        _columns = all.Where(c => !c.Generated).ToArray();
    }

    public async Task InsertAsync(IReadOnlyList<T> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (_db.IsPostgres)
        {
            await InsertPostgresAsync(rows, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await InsertSqliteAsync(rows, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_prepared is not null)
        {
            await _prepared.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task InsertSqliteAsync(IReadOnlyList<T> rows, CancellationToken cancellationToken)
    {
        var command = _prepared ??= Prepare();
        var parameters = command.Parameters;
        foreach (var row in rows)
        {
            for (var i = 0; i < _columns.Length; i++)
            {
                parameters[i].Value = _columns[i].ProviderValue(row);
            }

            if (_id is null)
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var id = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                _id.Property.SetValue(row, Convert.ToInt64(id, CultureInfo.InvariantCulture));
            }
        }
    }

    private DbCommand Prepare()
    {
        var command = _db.Database.GetDbConnection().CreateCommand();
        command.Transaction = _db.Database.CurrentTransaction?.GetDbTransaction();
        var names = new List<string>(_columns.Length);
        for (var i = 0; i < _columns.Length; i++)
        {
            var name = "$p" + i.ToString(CultureInfo.InvariantCulture);
            names.Add(name);
            command.Parameters.Add(_columns[i].Mapping.CreateParameter(command, name, null, _columns[i].IsNullable));
        }

        // Table and column names come from the EF model; values only through parameters.
#pragma warning disable CA2100
        command.CommandText = $"INSERT INTO \"{_table}\" ({ColumnList(_columns)}) VALUES ({string.Join(", ", names)})"
            + (_id is null ? string.Empty : $" RETURNING \"{_id.Name}\"");
#pragma warning restore CA2100
        command.Prepare();
        return command;
    }

    private async Task InsertPostgresAsync(IReadOnlyList<T> rows, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)_db.Database.GetDbConnection();
        var columns = _columns;
        if (_id is not null)
        {
            // Ids from the column's own sequence, so the rows can be written by COPY and still be known.
            await using var ids = new NpgsqlCommand(
                "SELECT nextval(pg_get_serial_sequence($1, $2)) FROM generate_series(1, $3)", connection);
            ids.Parameters.Add(new NpgsqlParameter { Value = $"\"{_table}\"" });
            ids.Parameters.Add(new NpgsqlParameter { Value = _id.Name });
            ids.Parameters.Add(new NpgsqlParameter { Value = rows.Count });
            await using var reader = await ids.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var index = 0;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _id.Property.SetValue(rows[index++], reader.GetInt64(0));
            }

            columns = [_id with { Generated = false }, .. _columns];
        }

        // Binary COPY: no SQL text carries values, PostgreSQL inserts the rows in batches (heap multi-insert)
        // instead of projecting them out of arrays one by one. Constraints and foreign keys are checked as for an
        // INSERT: a duplicate uuid still fails with 23505, and the whole COPY (in the upload's transaction) with it.
        // Table and column names come from the EF model.
        var copy = $"COPY \"{_table}\" ({ColumnList(columns)}) FROM STDIN (FORMAT BINARY)";
        await using var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            foreach (var column in columns)
            {
                var value = column.ProviderValue(row);
                if (value == DBNull.Value)
                {
                    await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await importer.WriteAsync(value, column.CopyType, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string ColumnList(IEnumerable<Column> columns) => string.Join(", ", columns.Select(c => $"\"{c.Name}\""));

    private sealed record Column(string Name, RelationalTypeMapping Mapping, PropertyInfo Property, bool IsNullable, bool Generated)
    {
        /// <summary>The value as the database stores it (enums as numbers…), <see cref="DBNull"/> for null.</summary>
        public object ProviderValue(object row)
        {
            var value = Property.GetValue(row);
            if (value is null)
            {
                return DBNull.Value;
            }

            return Mapping.Converter is { } converter ? converter.ConvertToProvider(value) ?? DBNull.Value : value;
        }

        /// <summary>
        /// The column's PostgreSQL type as binary COPY must be told it (COPY does not convert): the EF store type
        /// without its length, e.g. <c>character varying(255)</c> is sent as <c>character varying</c>.
        /// </summary>
        public string CopyType { get; } = Mapping.StoreType.Split('(')[0];
    }
}
