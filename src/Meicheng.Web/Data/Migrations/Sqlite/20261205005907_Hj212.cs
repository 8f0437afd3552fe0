using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meicheng.Web.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastPacketAt",
                table: "Stations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Mn",
                table: "Stations",
                type: "TEXT",
                maxLength: 24,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Hj212Readings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Cn = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    DataTime = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: true),
                    Min = table.Column<string>(type: "TEXT", nullable: true),
                    Max = table.Column<string>(type: "TEXT", nullable: true),
                    Cou = table.Column<string>(type: "TEXT", nullable: true),
                    Flag = table.Column<string>(type: "TEXT", maxLength: 1, nullable: true),
                    Qn = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
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
