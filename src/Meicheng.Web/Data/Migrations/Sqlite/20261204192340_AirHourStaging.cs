using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meicheng.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AirHourStaging : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AirHourStaging",
                columns: table => new
                {
                    ImportId = table.Column<int>(type: "INTEGER", nullable: false),
                    StationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Hour = table.Column<short>(type: "INTEGER", nullable: false),
                    So2 = table.Column<string>(type: "TEXT", nullable: true),
                    No2 = table.Column<string>(type: "TEXT", nullable: true),
                    Pm10 = table.Column<string>(type: "TEXT", nullable: true),
                    Co = table.Column<string>(type: "TEXT", nullable: true),
                    O3 = table.Column<string>(type: "TEXT", nullable: true),
                    Pm25 = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AirHourStaging", x => new { x.ImportId, x.StationId, x.Date, x.Hour });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AirHourStaging");
        }
    }
}
