using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meicheng.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProjectProgressEvidence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ProjectProgressId",
                table: "Evidence",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Evidence_ProjectProgressId",
                table: "Evidence",
                column: "ProjectProgressId");

            migrationBuilder.AddForeignKey(
                name: "FK_Evidence_ProjectProgress_ProjectProgressId",
                table: "Evidence",
                column: "ProjectProgressId",
                principalTable: "ProjectProgress",
                principalColumn: "Id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Evidence_ProjectProgress_ProjectProgressId",
                table: "Evidence");

            migrationBuilder.DropIndex(
                name: "IX_Evidence_ProjectProgressId",
                table: "Evidence");

            migrationBuilder.DropColumn(
                name: "ProjectProgressId",
                table: "Evidence");
        }
    }
}
