using Xunit.Abstractions;
using System.Globalization;
using Npgsql;

namespace Bulwark.Server.Tests;

/// <summary>
/// A fresh, empty database for one test: a SQLite file in a temporary directory, or a new database on the
/// PostgreSQL server named by <c>BULWARK_TEST_PG</c> (started by <c>.ci/postgres.sh</c>).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _adminConnection;
    private readonly string? _databaseName;

    private TestDatabase(string provider, string dataDirectory, string? connection, string? adminConnection, string? databaseName)
    {
        Provider = provider;
        DataDirectory = dataDirectory;
        Connection = connection;
        _adminConnection = adminConnection;
        _databaseName = databaseName;
    }

    public const string Sqlite = "sqlite";

    public const string Postgres = "postgres";

    public static TheoryData<string> Providers => new(Sqlite, Postgres);

    public string Provider { get; }

    public string DataDirectory { get; }

    /// <summary>The PostgreSQL connection string; null for SQLite.</summary>
    public string? Connection { get; }

    /// <summary>
    /// The PostgreSQL server for tests. In CI it must be there (the run fails loudly); elsewhere a test without
    /// one says so and returns.
    /// </summary>
    public static string? PostgresServer(ITestOutputHelper output)
    {
        var connection = Environment.GetEnvironmentVariable("BULWARK_TEST_PG");
        if (!string.IsNullOrEmpty(connection))
        {
            return connection;
        }

        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            throw new InvalidOperationException("BULWARK_TEST_PG is not set in CI: .ci/run must start PostgreSQL (.ci/postgres.sh)");
        }

        output.WriteLine("SKIPPED: PostgreSQL tests need BULWARK_TEST_PG (run: eval \"$(.ci/postgres.sh)\")");
        return null;
    }

    public static async Task<TestDatabase?> CreateAsync(string provider, ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var directory = Path.Combine(Path.GetTempPath(), "bulwark-server-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        if (provider == Sqlite)
        {
            return new TestDatabase(provider, directory, null, null, null);
        }

        var server = PostgresServer(output);
        if (server is null)
        {
            return null;
        }

        var name = "bulwark_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            // DDL takes no parameters; the name is our own hex, never input.
#pragma warning disable CA2100
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
#pragma warning restore CA2100
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 50 };
        return new TestDatabase(provider, directory, builder.ConnectionString, server, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_adminConnection is not null && _databaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_adminConnection);
            await admin.OpenAsync();
#pragma warning disable CA2100 // DDL takes no parameters; the name is our own hex, never input.
            await using var drop = new NpgsqlCommand(string.Create(CultureInfo.InvariantCulture, $"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)"), admin);
#pragma warning restore CA2100
            await drop.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
