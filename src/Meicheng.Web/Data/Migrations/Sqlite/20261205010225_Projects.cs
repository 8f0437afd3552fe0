using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meicheng.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Projects : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CheckProjects");

            migrationBuilder.CreateTable(
                name: "Projects",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    ProblemId = table.Column<int>(type: "INTEGER", nullable: true),
                    TaskId = table.Column<int>(type: "INTEGER", nullable: true),
                    PlanTaskIds = table.Column<string>(type: "TEXT", nullable: false),
                    TargetIds = table.Column<string>(type: "TEXT", nullable: false),
                    OwnerUnit = table.Column<string>(type: "TEXT", nullable: true),
                    DepartmentId = table.Column<string>(type: "TEXT", nullable: true),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    Location = table.Column<string>(type: "TEXT", nullable: true),
                    Geometry = table.Column<string>(type: "TEXT", nullable: true),
                    Content = table.Column<string>(type: "TEXT", nullable: true),
                    Start = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Completion = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Investment = table.Column<string>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Capacity = table.Column<string>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    Area = table.Column<string>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    CentralLibrary = table.Column<bool>(type: "INTEGER", nullable: false),
                    ProvincialLibrary = table.Column<bool>(type: "INTEGER", nullable: false),
                    LibraryCode = table.Column<string>(type: "TEXT", nullable: true),
                    Published = table.Column<bool>(type: "INTEGER", nullable: false),
                    Origin = table.Column<string>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Projects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Projects_CheckProblems_ProblemId",
                        column: x => x.ProblemId,
                        principalTable: "CheckProblems",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Projects_RectificationTasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "RectificationTasks",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "TargetFeeds",
                columns: table => new
                {
                    TargetId = table.Column<string>(type: "TEXT", nullable: false),
                    Measure = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Types = table.Column<string>(type: "TEXT", nullable: false),
                    Statuses = table.Column<string>(type: "TEXT", nullable: false),
                    Window = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TargetFeeds", x => x.TargetId);
                });

            migrationBuilder.CreateTable(
                name: "ProjectFunding",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProjectId = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Amount = table.Column<string>(type: "TEXT", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProjectFunding", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProjectFunding_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProjectProgress",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProjectId = table.Column<int>(type: "INTEGER", nullable: false),
                    Narrative = table.Column<string>(type: "TEXT", nullable: false),
                    PercentComplete = table.Column<string>(type: "TEXT", precision: 5, scale: 2, nullable: false),
                    InvestedThisMonth = table.Column<string>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    InvestedToDate = table.Column<string>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Issues = table.Column<string>(type: "TEXT", nullable: true),
                    Coordination = table.Column<string>(type: "TEXT", nullable: true),
                    PeriodId = table.Column<int>(type: "INTEGER", nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    SupersedesId = table.Column<int>(type: "INTEGER", nullable: true),
                    IsCurrent = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    Locked = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReviewComment = table.Column<string>(type: "TEXT", nullable: true),
                    Source = table.Column<string>(type: "TEXT", nullable: false),
                    Provenance = table.Column<string>(type: "TEXT", nullable: true),
                    IsDemo = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    SubmittedBy = table.Column<string>(type: "TEXT", nullable: true),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    ReviewedBy = table.Column<string>(type: "TEXT", nullable: true),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProjectProgress", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProjectProgress_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ProjectFunding_ProjectId_Year_Source",
                table: "ProjectFunding",
                columns: new[] { "ProjectId", "Year", "Source" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProjectProgress_ProjectId_PeriodId_Revision",
                table: "ProjectProgress",
                columns: new[] { "ProjectId", "PeriodId", "Revision" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProjectProgress_Status_IsCurrent",
                table: "ProjectProgress",
                columns: new[] { "Status", "IsCurrent" });

            migrationBuilder.CreateIndex(
                name: "IX_Projects_DepartmentId",
                table: "Projects",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_Projects_Key",
                table: "Projects",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Projects_ProblemId",
                table: "Projects",
                column: "ProblemId");

            migrationBuilder.CreateIndex(
                name: "IX_Projects_TaskId",
                table: "Projects",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_Projects_Type_Status",
                table: "Projects",
                columns: new[] { "Type", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProjectFunding");

            migrationBuilder.DropTable(
                name: "ProjectProgress");

            migrationBuilder.DropTable(
                name: "TargetFeeds");

            migrationBuilder.DropTable(
                name: "Projects");

            migrationBuilder.CreateTable(
                name: "CheckProjects",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    DepartmentId = table.Column<string>(type: "TEXT", nullable: true),
                    EndYear = table.Column<int>(type: "INTEGER", nullable: true),
                    Investment = table.Column<string>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Location = table.Column<string>(type: "TEXT", nullable: true),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    ProblemId = table.Column<int>(type: "INTEGER", nullable: true),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    StartYear = table.Column<int>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    TaskId = table.Column<int>(type: "INTEGER", nullable: true),
                    Type = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CheckProjects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CheckProjects_CheckProblems_ProblemId",
                        column: x => x.ProblemId,
                        principalTable: "CheckProblems",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_CheckProjects_RectificationTasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "RectificationTasks",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateIndex(
                name: "IX_CheckProjects_ProblemId",
                table: "CheckProjects",
                column: "ProblemId");

            migrationBuilder.CreateIndex(
                name: "IX_CheckProjects_TaskId",
                table: "CheckProjects",
                column: "TaskId");
        }
    }
}
