using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meicheng.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Outfalls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastPacketAt",
                table: "Stations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DrainageZones",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    AreaKm2 = table.Column<string>(type: "TEXT", nullable: false),
                    Geometry = table.Column<string>(type: "TEXT", nullable: true),
                    TargetCaptureRatio = table.Column<string>(type: "TEXT", nullable: false),
                    CompliantAtBaseline = table.Column<bool>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DrainageZones", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Outfalls",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    ReceivingKind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    ReceivingWater = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Longitude = table.Column<string>(type: "TEXT", nullable: true),
                    Latitude = table.Column<string>(type: "TEXT", nullable: true),
                    ResponsibleUnit = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Filing = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    FiledOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    StandardId = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    MonitorStationCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ScheduleDays = table.Column<int>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Retired = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Outfalls", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ZoneMonitoringDays",
                columns: table => new
                {
                    ZoneId = table.Column<int>(type: "INTEGER", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RainfallMm = table.Column<string>(type: "TEXT", nullable: true),
                    OutflowM3 = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ZoneMonitoringDays", x => new { x.ZoneId, x.Date });
                    table.ForeignKey(
                        name: "FK_ZoneMonitoringDays_DrainageZones_ZoneId",
                        column: x => x.ZoneId,
                        principalTable: "DrainageZones",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OutfallResults",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OutfallId = table.Column<int>(type: "INTEGER", nullable: false),
                    SampledOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Cod = table.Column<string>(type: "TEXT", nullable: true),
                    Bod5 = table.Column<string>(type: "TEXT", nullable: true),
                    Ss = table.Column<string>(type: "TEXT", nullable: true),
                    Nh3n = table.Column<string>(type: "TEXT", nullable: true),
                    Tp = table.Column<string>(type: "TEXT", nullable: true),
                    Po4p = table.Column<string>(type: "TEXT", nullable: true),
                    Tn = table.Column<string>(type: "TEXT", nullable: true),
                    Ph = table.Column<string>(type: "TEXT", nullable: true),
                    WaterTemperature = table.Column<string>(type: "TEXT", nullable: true),
                    StandardId = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    Complies = table.Column<bool>(type: "INTEGER", nullable: true),
                    Judgment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    EnteredBy = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutfallResults", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OutfallResults_Outfalls_OutfallId",
                        column: x => x.OutfallId,
                        principalTable: "Outfalls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DrainageZones_Code",
                table: "DrainageZones",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutfallResults_OutfallId_SampledOn",
                table: "OutfallResults",
                columns: new[] { "OutfallId", "SampledOn" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Outfalls_Code",
                table: "Outfalls",
                column: "Code",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OutfallResults");

            migrationBuilder.DropTable(
                name: "ZoneMonitoringDays");

            migrationBuilder.DropTable(
                name: "Outfalls");

            migrationBuilder.DropTable(
                name: "DrainageZones");

            migrationBuilder.DropColumn(
                name: "LastPacketAt",
                table: "Stations");
        }
    }
}
