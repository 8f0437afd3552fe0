using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Meicheng.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PlanDrafts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PlanDraft",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    SourceText = table.Column<string>(type: "text", nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Issuer = table.Column<string>(type: "text", nullable: true),
                    DocumentNumber = table.Column<string>(type: "text", nullable: true),
                    Date = table.Column<DateOnly>(type: "date", nullable: true),
                    PeriodStart = table.Column<int>(type: "integer", nullable: true),
                    PeriodEnd = table.Column<int>(type: "integer", nullable: true),
                    FrameYear = table.Column<int>(type: "integer", nullable: true),
                    PlanId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    City = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    TargetPlanId = table.Column<string>(type: "text", nullable: true),
                    VersionLabel = table.Column<string>(type: "text", nullable: true),
                    PublishedPlanId = table.Column<string>(type: "text", nullable: true),
                    PublishedVersion = table.Column<int>(type: "integer", nullable: true),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanDraft", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PlanDraftItem",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DraftId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    SpanStart = table.Column<int>(type: "integer", nullable: false),
                    SpanLength = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: true),
                    Label = table.Column<string>(type: "text", nullable: true),
                    AreaNumber = table.Column<int>(type: "integer", nullable: true),
                    TaskNumber = table.Column<int>(type: "integer", nullable: true),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: true),
                    Section = table.Column<string>(type: "text", nullable: true),
                    Clause = table.Column<string>(type: "text", nullable: true),
                    ValueText = table.Column<string>(type: "text", nullable: true),
                    Value = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true),
                    Unit = table.Column<string>(type: "text", nullable: true),
                    Comparator = table.Column<string>(type: "text", nullable: true),
                    Year = table.Column<int>(type: "integer", nullable: true),
                    YearBasis = table.Column<string>(type: "text", nullable: true),
                    Aspirational = table.Column<bool>(type: "boolean", nullable: false),
                    TargetKind = table.Column<string>(type: "text", nullable: true),
                    BaselineYear = table.Column<int>(type: "integer", nullable: true),
                    Scope = table.Column<string>(type: "text", nullable: true),
                    DeadlineText = table.Column<string>(type: "text", nullable: true),
                    ResponsibilityText = table.Column<string>(type: "text", nullable: true),
                    Owners = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanDraftItem", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanDraftItem_PlanDraft_DraftId",
                        column: x => x.DraftId,
                        principalTable: "PlanDraft",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PlanDraftItem_DraftId_SpanStart",
                table: "PlanDraftItem",
                columns: new[] { "DraftId", "SpanStart" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PlanDraftItem");

            migrationBuilder.DropTable(
                name: "PlanDraft");
        }
    }
}
