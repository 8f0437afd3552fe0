using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meicheng.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Environment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AirImports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FileName = table.Column<string>(type: "TEXT", nullable: false),
                    StoredName = table.Column<string>(type: "TEXT", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", nullable: false),
                    Format = table.Column<string>(type: "TEXT", nullable: false),
                    Mode = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    RowsRead = table.Column<long>(type: "INTEGER", nullable: false),
                    RowsAccepted = table.Column<long>(type: "INTEGER", nullable: false),
                    RowsRejected = table.Column<long>(type: "INTEGER", nullable: false),
                    DaysStored = table.Column<int>(type: "INTEGER", nullable: false),
                    RejectedByKind = table.Column<string>(type: "TEXT", nullable: true),
                    StationCodes = table.Column<string>(type: "TEXT", nullable: false),
                    FirstDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LastDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Error = table.Column<string>(type: "TEXT", nullable: true),
                    UploadedBy = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AirImports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Stations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    RegionName = table.Column<string>(type: "TEXT", nullable: true),
                    Longitude = table.Column<string>(type: "TEXT", nullable: true),
                    Latitude = table.Column<string>(type: "TEXT", nullable: true),
                    Approximate = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsReference = table.Column<bool>(type: "INTEGER", nullable: false),
                    TargetClass = table.Column<int>(type: "INTEGER", nullable: true),
                    WaterBody = table.Column<string>(type: "TEXT", nullable: true),
                    FeedNames = table.Column<string>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", nullable: true),
                    Source = table.Column<string>(type: "TEXT", nullable: false),
                    Retired = table.Column<bool>(type: "INTEGER", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Stations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AirImportRejections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ImportId = table.Column<int>(type: "INTEGER", nullable: false),
                    Line = table.Column<long>(type: "INTEGER", nullable: false),
                    Field = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AirImportRejections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AirImportRejections_AirImports_ImportId",
                        column: x => x.ImportId,
                        principalTable: "AirImports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AirDays",
                columns: table => new
                {
                    StationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    So2 = table.Column<string>(type: "TEXT", nullable: true),
                    So2Hours = table.Column<short>(type: "INTEGER", nullable: false),
                    No2 = table.Column<string>(type: "TEXT", nullable: true),
                    No2Hours = table.Column<short>(type: "INTEGER", nullable: false),
                    Pm10 = table.Column<string>(type: "TEXT", nullable: true),
                    Pm10Hours = table.Column<short>(type: "INTEGER", nullable: false),
                    Co = table.Column<string>(type: "TEXT", nullable: true),
                    CoHours = table.Column<short>(type: "INTEGER", nullable: false),
                    O3 = table.Column<string>(type: "TEXT", nullable: true),
                    O3Hours = table.Column<short>(type: "INTEGER", nullable: false),
                    Pm25 = table.Column<string>(type: "TEXT", nullable: true),
                    Pm25Hours = table.Column<short>(type: "INTEGER", nullable: false),
                    O3Max1h = table.Column<string>(type: "TEXT", nullable: true),
                    Mda8 = table.Column<string>(type: "TEXT", nullable: true),
                    Mda8Windows = table.Column<short>(type: "INTEGER", nullable: false),
                    HoursSeen = table.Column<int>(type: "INTEGER", nullable: false),
                    Aqi2012 = table.Column<int>(type: "INTEGER", nullable: true),
                    Primary2012 = table.Column<string>(type: "TEXT", nullable: true),
                    Aqi2026 = table.Column<int>(type: "INTEGER", nullable: true),
                    Primary2026 = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AirDays", x => new { x.StationId, x.Date });
                    table.ForeignKey(
                        name: "FK_AirDays_Stations_StationId",
                        column: x => x.StationId,
                        principalTable: "Stations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AirHours",
                columns: table => new
                {
                    StationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Hour = table.Column<short>(type: "INTEGER", nullable: false),
                    So2 = table.Column<string>(type: "TEXT", nullable: true),
                    No2 = table.Column<string>(type: "TEXT", nullable: true),
                    Pm10 = table.Column<string>(type: "TEXT", nullable: true),
                    Co = table.Column<string>(type: "TEXT", nullable: true),
                    O3 = table.Column<string>(type: "TEXT", nullable: true),
                    Pm25 = table.Column<string>(type: "TEXT", nullable: true),
                    ImportId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AirHours", x => new { x.StationId, x.Date, x.Hour });
                    table.ForeignKey(
                        name: "FK_AirHours_AirImports_ImportId",
                        column: x => x.ImportId,
                        principalTable: "AirImports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AirHours_Stations_StationId",
                        column: x => x.StationId,
                        principalTable: "Stations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WaterSamples",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StationId = table.Column<int>(type: "INTEGER", nullable: false),
                    SampledOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", nullable: true),
                    EnteredBy = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WaterSamples", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WaterSamples_Stations_StationId",
                        column: x => x.StationId,
                        principalTable: "Stations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WaterMeasurements",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SampleId = table.Column<int>(type: "INTEGER", nullable: false),
                    Item = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WaterMeasurements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WaterMeasurements_WaterSamples_SampleId",
                        column: x => x.SampleId,
                        principalTable: "WaterSamples",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AirHours_ImportId",
                table: "AirHours",
                column: "ImportId");

            migrationBuilder.CreateIndex(
                name: "IX_AirImportRejections_ImportId_Line",
                table: "AirImportRejections",
                columns: new[] { "ImportId", "Line" });

            migrationBuilder.CreateIndex(
                name: "IX_AirImports_Sha256",
                table: "AirImports",
                column: "Sha256");

            migrationBuilder.CreateIndex(
                name: "IX_Stations_Code",
                table: "Stations",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WaterMeasurements_SampleId_Item",
                table: "WaterMeasurements",
                columns: new[] { "SampleId", "Item" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WaterSamples_StationId_SampledOn",
                table: "WaterSamples",
                columns: new[] { "StationId", "SampledOn" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AirDays");

            migrationBuilder.DropTable(
                name: "AirHours");

            migrationBuilder.DropTable(
                name: "AirImportRejections");

            migrationBuilder.DropTable(
                name: "WaterMeasurements");

            migrationBuilder.DropTable(
                name: "AirImports");

            migrationBuilder.DropTable(
                name: "WaterSamples");

            migrationBuilder.DropTable(
                name: "Stations");
        }
    }
}
