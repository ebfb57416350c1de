using Npgsql;
using Xunit.Abstractions;

namespace Bulwark.Cli.Tests;

/// <summary>
/// A new, empty database on the PostgreSQL server named by <c>BULWARK_TEST_PG</c> (started by
/// <c>.ci/postgres.sh</c>) for one test, dropped when disposed.
/// </summary>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private ThrowawayPostgres(string server, string name)
    {
        _server = server;
        _name = name;
        Connection = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>The connection string of the new database, as <c>bulwark serve --database</c> takes it.</summary>
    public string Connection { get; }

    /// <summary>
    /// Null, after saying so in the test output, when no server is configured outside CI; in CI a missing server
    /// fails the test instead of skipping it.
    /// </summary>
    public static async Task<ThrowawayPostgres?> CreateAsync(string prefix, ITestOutputHelper output)
    {
        var server = Environment.GetEnvironmentVariable("BULWARK_TEST_PG");
        if (string.IsNullOrEmpty(server))
        {
            Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")), "BULWARK_TEST_PG is not set in CI: .ci/run must start PostgreSQL");
            output.WriteLine("SKIPPED: PostgreSQL tests need BULWARK_TEST_PG (run: eval \"$(.ci/postgres.sh)\")");
            return null;
        }

        var name = prefix + Guid.NewGuid().ToString("N")[..16];
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
#pragma warning disable CA2100 // DDL takes no parameters; the name is our own prefix and hex.
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
#pragma warning restore CA2100
        await create.ExecuteNonQueryAsync();
        return new ThrowawayPostgres(server, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync();
#pragma warning disable CA2100 // as above
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", admin);
#pragma warning restore CA2100
        await drop.ExecuteNonQueryAsync();
    }
}
