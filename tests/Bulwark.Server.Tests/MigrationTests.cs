using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Tests;

/// <summary>The migrations of each provider build exactly the model the code uses (tools/add-migration.sh was run).</summary>
public sealed class MigrationTests
{
    [Fact]
    public void Sqlite_migrations_match_the_model()
    {
        using var context = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.NotEmpty(context.Database.GetMigrations());
        Assert.False(context.Database.HasPendingModelChanges(), "the model changed without a migration: run tools/add-migration.sh NAME");
    }

    [Fact]
    public void Postgres_migrations_match_the_model()
    {
        using var context = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.NotEmpty(context.Database.GetMigrations());
        Assert.False(context.Database.HasPendingModelChanges(), "the model changed without a migration: run tools/add-migration.sh NAME");
    }
}
