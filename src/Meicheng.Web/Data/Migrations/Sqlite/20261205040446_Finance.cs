using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meicheng.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Finance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Institution",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "FinancingNeeds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProjectId = table.Column<int>(type: "INTEGER", nullable: true),
                    EnterpriseName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreditCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Amount = table.Column<string>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    TermMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Contact = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PublishedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    CloseReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FinancingNeeds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FinancingNeeds_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "GreenLoanBalances",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AsOf = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Amount = table.Column<string>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Reporter = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Document = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GreenLoanBalances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FinanceIntents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NeedId = table.Column<int>(type: "INTEGER", nullable: false),
                    Institution = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Amount = table.Column<string>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    TermMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    Terms = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Contact = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Accepted = table.Column<bool>(type: "INTEGER", nullable: false),
                    AcceptedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FinanceIntents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FinanceIntents_FinancingNeeds_NeedId",
                        column: x => x.NeedId,
                        principalTable: "FinancingNeeds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FinanceLoans",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NeedId = table.Column<int>(type: "INTEGER", nullable: false),
                    IntentId = table.Column<int>(type: "INTEGER", nullable: false),
                    Institution = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Amount = table.Column<string>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Rate = table.Column<string>(type: "TEXT", precision: 9, scale: 4, nullable: false),
                    GrantedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    TermMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    GreenLoan = table.Column<bool>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FinanceLoans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FinanceLoans_FinanceIntents_IntentId",
                        column: x => x.IntentId,
                        principalTable: "FinanceIntents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FinanceLoans_FinancingNeeds_NeedId",
                        column: x => x.NeedId,
                        principalTable: "FinancingNeeds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FinanceIntents_NeedId_Institution",
                table: "FinanceIntents",
                columns: new[] { "NeedId", "Institution" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FinanceLoans_IntentId",
                table: "FinanceLoans",
                column: "IntentId");

            migrationBuilder.CreateIndex(
                name: "IX_FinanceLoans_NeedId",
                table: "FinanceLoans",
                column: "NeedId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FinancingNeeds_ProjectId",
                table: "FinancingNeeds",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_FinancingNeeds_State",
                table: "FinancingNeeds",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_GreenLoanBalances_AsOf",
                table: "GreenLoanBalances",
                column: "AsOf");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FinanceLoans");

            migrationBuilder.DropTable(
                name: "GreenLoanBalances");

            migrationBuilder.DropTable(
                name: "FinanceIntents");

            migrationBuilder.DropTable(
                name: "FinancingNeeds");

            migrationBuilder.DropColumn(
                name: "Institution",
                table: "AspNetUsers");
        }
    }
}
