using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bulwark.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DashboardIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_vulnerabilities_ProjectId_State_Severity",
                table: "vulnerabilities");

            migrationBuilder.CreateIndex(
                name: "IX_vulnerabilities_ProjectId_State_Severity_DetectedAt_Resolve~",
                table: "vulnerabilities",
                columns: new[] { "ProjectId", "State", "Severity", "DetectedAt", "ResolvedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_vulnerabilities_ProjectId_State_Severity_DetectedAt_Resolve~",
                table: "vulnerabilities");

            migrationBuilder.CreateIndex(
                name: "IX_vulnerabilities_ProjectId_State_Severity",
                table: "vulnerabilities",
                columns: new[] { "ProjectId", "State", "Severity" });
        }
    }
}
