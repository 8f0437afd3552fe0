using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meicheng.Web.Data.Migrations.Postgres
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
                    ImportId = table.Column<int>(type: "integer", nullable: false),
                    StationId = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Hour = table.Column<short>(type: "smallint", nullable: false),
                    So2 = table.Column<decimal>(type: "numeric", nullable: true),
                    No2 = table.Column<decimal>(type: "numeric", nullable: true),
                    Pm10 = table.Column<decimal>(type: "numeric", nullable: true),
                    Co = table.Column<decimal>(type: "numeric", nullable: true),
                    O3 = table.Column<decimal>(type: "numeric", nullable: true),
                    Pm25 = table.Column<decimal>(type: "numeric", nullable: true)
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
