using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Meicheng.Web.Data.Migrations.Postgres
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
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DrainageZones",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    AreaKm2 = table.Column<decimal>(type: "numeric", nullable: false),
                    Geometry = table.Column<string>(type: "text", nullable: true),
                    TargetCaptureRatio = table.Column<decimal>(type: "numeric", nullable: false),
                    CompliantAtBaseline = table.Column<bool>(type: "boolean", nullable: false),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DrainageZones", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Outfalls",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Type = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    ReceivingKind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    ReceivingWater = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    Longitude = table.Column<decimal>(type: "numeric", nullable: true),
                    Latitude = table.Column<decimal>(type: "numeric", nullable: true),
                    ResponsibleUnit = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Filing = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    FiledOn = table.Column<DateOnly>(type: "date", nullable: true),
                    StandardId = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    MonitorStationCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ScheduleDays = table.Column<int>(type: "integer", nullable: true),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Retired = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Outfalls", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ZoneMonitoringDays",
                columns: table => new
                {
                    ZoneId = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    RainfallMm = table.Column<decimal>(type: "numeric", nullable: true),
                    OutflowM3 = table.Column<decimal>(type: "numeric", nullable: true)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OutfallId = table.Column<int>(type: "integer", nullable: false),
                    SampledOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Cod = table.Column<decimal>(type: "numeric", nullable: true),
                    Bod5 = table.Column<decimal>(type: "numeric", nullable: true),
                    Ss = table.Column<decimal>(type: "numeric", nullable: true),
                    Nh3n = table.Column<decimal>(type: "numeric", nullable: true),
                    Tp = table.Column<decimal>(type: "numeric", nullable: true),
                    Po4p = table.Column<decimal>(type: "numeric", nullable: true),
                    Tn = table.Column<decimal>(type: "numeric", nullable: true),
                    Ph = table.Column<decimal>(type: "numeric", nullable: true),
                    WaterTemperature = table.Column<decimal>(type: "numeric", nullable: true),
                    StandardId = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    Complies = table.Column<bool>(type: "boolean", nullable: true),
                    Judgment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    EnteredBy = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
