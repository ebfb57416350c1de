using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Bulwark.Platform.Data;

/// <summary>
/// Where the platform keeps its data: an embedded SQLite file under a data directory (the default, nothing
/// to install) or a PostgreSQL server named by an Npgsql connection string.
/// </summary>
public sealed class PlatformDatabase
{
    // Built once: options are immutable, and building them per context (UseNpgsql/UseSqlite, the extension
    // lookups, the internal service provider's key) cost every request a noticeable share of its CPU.
    private readonly DbContextOptions<PostgresPlatformDbContext>? _postgresOptions;
    private readonly DbContextOptions<SqlitePlatformDbContext>? _sqliteOptions;

    private PlatformDatabase(bool isPostgres, string connectionString, string description)
    {
        IsPostgres = isPostgres;
        ConnectionString = connectionString;
        Description = description;
        if (isPostgres)
        {
            var options = new DbContextOptionsBuilder<PostgresPlatformDbContext>();
            ConfigurePostgres(options, connectionString);
            _postgresOptions = options.Options;
        }
        else
        {
            var options = new DbContextOptionsBuilder<SqlitePlatformDbContext>();
            ConfigureSqlite(options, connectionString);
            _sqliteOptions = options.Options;
        }
    }

    public bool IsPostgres { get; }

    public string ConnectionString { get; }

    /// <summary>Safe to print: the SQLite path or the PostgreSQL host and database, never a password.</summary>
    public string Description { get; }

    public static PlatformDatabase Sqlite(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var path = Path.GetFullPath(Path.Combine(dataDirectory, "bulwark.db"));
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 60,
        };
        return new PlatformDatabase(false, builder.ToString(), $"SQLite {path}");
    }

    /// <summary>
    /// A PostgreSQL connection string (<c>Host=…;Database=…;Username=…</c>) or a <c>postgres://</c> URL.
    /// </summary>
    public static PlatformDatabase Postgres(string connection)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        var builder = connection.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || connection.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            ? FromUrl(connection)
            : new Npgsql.NpgsqlConnectionStringBuilder(connection);
        return new PlatformDatabase(true, builder.ConnectionString, $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}");
    }

    public PlatformDbContext CreateContext() =>
        IsPostgres ? new PostgresPlatformDbContext(_postgresOptions!) : new SqlitePlatformDbContext(_sqliteOptions!);

    /// <summary>Creates the database when needed and applies every pending migration.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        if (!IsPostgres)
        {
            // WAL lets readers go on while an upload writes; set once, it sticks to the file.
            await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }

        await context.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, o => o.MigrationsHistoryTable("__ef_migrations_history"));

    internal static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, o => o.MigrationsHistoryTable("__ef_migrations_history"));

    private static Npgsql.NpgsqlConnectionStringBuilder FromUrl(string url)
    {
        var uri = new Uri(url);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port > 0 ? uri.Port : 5432,
            Database = uri.AbsolutePath.TrimStart('/'),
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        return builder;
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite model (see <c>tools/add-migration.sh</c>).</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePlatformDbContext>
{
    public SqlitePlatformDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqlitePlatformDbContext>();
        PlatformDatabase.ConfigureSqlite(options, "Data Source=design-time.db");
        return new SqlitePlatformDbContext(options.Options);
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model; no server is contacted.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresPlatformDbContext>
{
    public PostgresPlatformDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresPlatformDbContext>();
        PlatformDatabase.ConfigurePostgres(options, "Host=localhost;Database=bulwark_design");
        return new PostgresPlatformDbContext(options.Options);
    }
}
