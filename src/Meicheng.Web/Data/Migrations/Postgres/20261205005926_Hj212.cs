using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Meicheng.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Hj212 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Hj212PasswordHash",
                table: "Stations",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastPacketAt",
                table: "Stations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Mn",
                table: "Stations",
                type: "character varying(24)",
                maxLength: 24,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Hj212Readings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StationId = table.Column<int>(type: "integer", nullable: false),
                    Cn = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    DataTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Value = table.Column<decimal>(type: "numeric", nullable: true),
                    Min = table.Column<decimal>(type: "numeric", nullable: true),
                    Max = table.Column<decimal>(type: "numeric", nullable: true),
                    Cou = table.Column<decimal>(type: "numeric", nullable: true),
                    Flag = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: true),
                    Qn = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Hj212Readings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Hj212Readings_Stations_StationId",
                        column: x => x.StationId,
                        principalTable: "Stations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Stations_Mn",
                table: "Stations",
                column: "Mn",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Hj212Readings_StationId_Cn_DataTime_Code",
                table: "Hj212Readings",
                columns: new[] { "StationId", "Cn", "DataTime", "Code" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Hj212Readings");

            migrationBuilder.DropIndex(
                name: "IX_Stations_Mn",
                table: "Stations");

            migrationBuilder.DropColumn(
                name: "Hj212PasswordHash",
                table: "Stations");

            migrationBuilder.DropColumn(
                name: "LastPacketAt",
                table: "Stations");

            migrationBuilder.DropColumn(
                name: "Mn",
                table: "Stations");
        }
    }
}
