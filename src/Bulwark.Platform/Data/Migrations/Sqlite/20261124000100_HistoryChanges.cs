using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bulwark.Platform.Data.Migrations.Sqlite
{
    /// <summary>
    /// Nothing on SQLite: the PostgreSQL migration of the same name keeps each daily row's change against the
    /// project's previous row for the summed history; SQLite carries the rows forward in C# instead.
    /// </summary>
    public partial class HistoryChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
