using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meicheng.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProgressSubjectKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MilestoneProgress_MilestoneId_TaskId_PeriodId_RegionCode_Revision",
                table: "MilestoneProgress");

            migrationBuilder.AddColumn<string>(
                name: "SubjectKey",
                table: "MilestoneProgress",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            // Existing rows get their subject key before the unique index needs it.
            migrationBuilder.Sql("UPDATE \"MilestoneProgress\" SET \"SubjectKey\" = CASE WHEN \"MilestoneId\" IS NOT NULL THEN 'm:' || \"MilestoneId\" ELSE 't:' || \"TaskId\" END;");

            migrationBuilder.CreateIndex(
                name: "IX_MilestoneProgress_MilestoneId_TaskId",
                table: "MilestoneProgress",
                columns: new[] { "MilestoneId", "TaskId" });

            migrationBuilder.CreateIndex(
                name: "IX_MilestoneProgress_SubjectKey_PeriodId_RegionCode_Revision",
                table: "MilestoneProgress",
                columns: new[] { "SubjectKey", "PeriodId", "RegionCode", "Revision" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MilestoneProgress_MilestoneId_TaskId",
                table: "MilestoneProgress");

            migrationBuilder.DropIndex(
                name: "IX_MilestoneProgress_SubjectKey_PeriodId_RegionCode_Revision",
                table: "MilestoneProgress");

            migrationBuilder.DropColumn(
                name: "SubjectKey",
                table: "MilestoneProgress");

            migrationBuilder.CreateIndex(
                name: "IX_MilestoneProgress_MilestoneId_TaskId_PeriodId_RegionCode_Revision",
                table: "MilestoneProgress",
                columns: new[] { "MilestoneId", "TaskId", "PeriodId", "RegionCode", "Revision" },
                unique: true);
        }
    }
}
