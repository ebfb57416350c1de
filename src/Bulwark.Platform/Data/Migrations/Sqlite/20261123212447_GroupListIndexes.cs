using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bulwark.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class GroupListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_vulnerabilities_DetectedAt_Id",
                table: "vulnerabilities",
                columns: new[] { "DetectedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_vulnerabilities_Severity_Id",
                table: "vulnerabilities",
                columns: new[] { "Severity", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_vulnerabilities_DetectedAt_Id",
                table: "vulnerabilities");

            migrationBuilder.DropIndex(
                name: "IX_vulnerabilities_Severity_Id",
                table: "vulnerabilities");
        }
    }
}
