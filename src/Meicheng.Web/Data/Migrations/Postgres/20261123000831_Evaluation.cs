using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Meicheng.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Evaluation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EvaluationRounds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    PlanId = table.Column<string>(type: "character varying(100)", nullable: true),
                    PrimaryMethod = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    EvaluationDate = table.Column<DateOnly>(type: "date", nullable: false),
                    FrozenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FrozenBy = table.Column<string>(type: "text", nullable: false),
                    Snapshot = table.Column<string>(type: "text", nullable: false),
                    SnapshotSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ObservationsUsed = table.Column<int>(type: "integer", nullable: false),
                    CompositeIndex = table.Column<double>(type: "double precision", nullable: true),
                    ObjectiveWeight = table.Column<double>(type: "double precision", nullable: false),
                    Closed = table.Column<bool>(type: "boolean", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Note = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvaluationRounds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EvaluationRounds_Plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "Plans",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "EvaluationAssessments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoundId = table.Column<int>(type: "integer", nullable: false),
                    SubjectType = table.Column<string>(type: "text", nullable: false),
                    SubjectId = table.Column<string>(type: "text", nullable: false),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    Comment = table.Column<string>(type: "text", nullable: false),
                    EvaluatorId = table.Column<string>(type: "text", nullable: false),
                    EvaluatorName = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvaluationAssessments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EvaluationAssessments_EvaluationRounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "EvaluationRounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HealthChecks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    RoundId = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    IndicatorIds = table.Column<List<string>>(type: "text[]", nullable: false),
                    PreviousCheckId = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HealthChecks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HealthChecks_EvaluationRounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "EvaluationRounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_HealthChecks_HealthChecks_PreviousCheckId",
                        column: x => x.PreviousCheckId,
                        principalTable: "HealthChecks",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "CheckProblems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CheckId = table.Column<int>(type: "integer", nullable: false),
                    Origin = table.Column<string>(type: "text", nullable: false),
                    Severity = table.Column<string>(type: "text", nullable: false),
                    TargetId = table.Column<string>(type: "text", nullable: true),
                    IndicatorId = table.Column<string>(type: "text", nullable: true),
                    RegionCode = table.Column<string>(type: "text", nullable: true),
                    DepartmentId = table.Column<string>(type: "text", nullable: true),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    CarriedFromId = table.Column<int>(type: "integer", nullable: true),
                    ClosedByCheckId = table.Column<int>(type: "integer", nullable: true),
                    ClosingNote = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CheckProblems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CheckProblems_CheckProblems_CarriedFromId",
                        column: x => x.CarriedFromId,
                        principalTable: "CheckProblems",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_CheckProblems_HealthChecks_CheckId",
                        column: x => x.CheckId,
                        principalTable: "HealthChecks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RectificationTasks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProblemId = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    OwnerDepartmentId = table.Column<string>(type: "text", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    Note = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RectificationTasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RectificationTasks_CheckProblems_ProblemId",
                        column: x => x.ProblemId,
                        principalTable: "CheckProblems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CheckProjects",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProblemId = table.Column<int>(type: "integer", nullable: true),
                    TaskId = table.Column<int>(type: "integer", nullable: true),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Type = table.Column<string>(type: "text", nullable: false),
                    RegionCode = table.Column<string>(type: "text", nullable: false),
                    Location = table.Column<string>(type: "text", nullable: true),
                    Investment = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    DepartmentId = table.Column<string>(type: "text", nullable: true),
                    StartYear = table.Column<int>(type: "integer", nullable: true),
                    EndYear = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                name: "IX_CheckProblems_CarriedFromId",
                table: "CheckProblems",
                column: "CarriedFromId");

            migrationBuilder.CreateIndex(
                name: "IX_CheckProblems_CheckId_Status",
                table: "CheckProblems",
                columns: new[] { "CheckId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_CheckProblems_DepartmentId",
                table: "CheckProblems",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_CheckProjects_ProblemId",
                table: "CheckProjects",
                column: "ProblemId");

            migrationBuilder.CreateIndex(
                name: "IX_CheckProjects_TaskId",
                table: "CheckProjects",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationAssessments_RoundId_SubjectType_SubjectId_Evaluat~",
                table: "EvaluationAssessments",
                columns: new[] { "RoundId", "SubjectType", "SubjectId", "EvaluatorId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationRounds_Kind_Year",
                table: "EvaluationRounds",
                columns: new[] { "Kind", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationRounds_PlanId",
                table: "EvaluationRounds",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_HealthChecks_PreviousCheckId",
                table: "HealthChecks",
                column: "PreviousCheckId");

            migrationBuilder.CreateIndex(
                name: "IX_HealthChecks_RoundId",
                table: "HealthChecks",
                column: "RoundId");

            migrationBuilder.CreateIndex(
                name: "IX_HealthChecks_Year",
                table: "HealthChecks",
                column: "Year");

            migrationBuilder.CreateIndex(
                name: "IX_RectificationTasks_OwnerDepartmentId_Status",
                table: "RectificationTasks",
                columns: new[] { "OwnerDepartmentId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_RectificationTasks_ProblemId",
                table: "RectificationTasks",
                column: "ProblemId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CheckProjects");

            migrationBuilder.DropTable(
                name: "EvaluationAssessments");

            migrationBuilder.DropTable(
                name: "RectificationTasks");

            migrationBuilder.DropTable(
                name: "CheckProblems");

            migrationBuilder.DropTable(
                name: "HealthChecks");

            migrationBuilder.DropTable(
                name: "EvaluationRounds");
        }
    }
}
