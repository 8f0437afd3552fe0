using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Meicheng.Web.Data.Migrations.Postgres
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FileName = table.Column<string>(type: "text", nullable: false),
                    StoredName = table.Column<string>(type: "text", nullable: false),
                    Sha256 = table.Column<string>(type: "text", nullable: false),
                    Format = table.Column<string>(type: "text", nullable: false),
                    Mode = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    RowsRead = table.Column<long>(type: "bigint", nullable: false),
                    RowsAccepted = table.Column<long>(type: "bigint", nullable: false),
                    RowsRejected = table.Column<long>(type: "bigint", nullable: false),
                    DaysStored = table.Column<int>(type: "integer", nullable: false),
                    RejectedByKind = table.Column<string>(type: "text", nullable: true),
                    StationCodes = table.Column<List<string>>(type: "text[]", nullable: false),
                    FirstDate = table.Column<DateOnly>(type: "date", nullable: true),
                    LastDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Error = table.Column<string>(type: "text", nullable: true),
                    UploadedBy = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AirImports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Stations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    NameEn = table.Column<string>(type: "text", nullable: true),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    RegionName = table.Column<string>(type: "text", nullable: true),
                    Longitude = table.Column<decimal>(type: "numeric", nullable: true),
                    Latitude = table.Column<decimal>(type: "numeric", nullable: true),
                    Approximate = table.Column<bool>(type: "boolean", nullable: false),
                    IsReference = table.Column<bool>(type: "boolean", nullable: false),
                    TargetClass = table.Column<int>(type: "integer", nullable: true),
                    WaterBody = table.Column<string>(type: "text", nullable: true),
                    FeedNames = table.Column<List<string>>(type: "text[]", nullable: false),
                    Note = table.Column<string>(type: "text", nullable: true),
                    Source = table.Column<string>(type: "text", nullable: false),
                    Retired = table.Column<bool>(type: "boolean", nullable: false),
                    SortOrder = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Stations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AirImportRejections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ImportId = table.Column<int>(type: "integer", nullable: false),
                    Line = table.Column<long>(type: "bigint", nullable: false),
                    Field = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false)
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
                    StationId = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    So2 = table.Column<decimal>(type: "numeric", nullable: true),
                    So2Hours = table.Column<short>(type: "smallint", nullable: false),
                    No2 = table.Column<decimal>(type: "numeric", nullable: true),
                    No2Hours = table.Column<short>(type: "smallint", nullable: false),
                    Pm10 = table.Column<decimal>(type: "numeric", nullable: true),
                    Pm10Hours = table.Column<short>(type: "smallint", nullable: false),
                    Co = table.Column<decimal>(type: "numeric", nullable: true),
                    CoHours = table.Column<short>(type: "smallint", nullable: false),
                    O3 = table.Column<decimal>(type: "numeric", nullable: true),
                    O3Hours = table.Column<short>(type: "smallint", nullable: false),
                    Pm25 = table.Column<decimal>(type: "numeric", nullable: true),
                    Pm25Hours = table.Column<short>(type: "smallint", nullable: false),
                    O3Max1h = table.Column<decimal>(type: "numeric", nullable: true),
                    Mda8 = table.Column<decimal>(type: "numeric", nullable: true),
                    Mda8Windows = table.Column<short>(type: "smallint", nullable: false),
                    HoursSeen = table.Column<int>(type: "integer", nullable: false),
                    Aqi2012 = table.Column<int>(type: "integer", nullable: true),
                    Primary2012 = table.Column<string>(type: "text", nullable: true),
                    Aqi2026 = table.Column<int>(type: "integer", nullable: true),
                    Primary2026 = table.Column<string>(type: "text", nullable: true)
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
                    StationId = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Hour = table.Column<short>(type: "smallint", nullable: false),
                    So2 = table.Column<decimal>(type: "numeric", nullable: true),
                    No2 = table.Column<decimal>(type: "numeric", nullable: true),
                    Pm10 = table.Column<decimal>(type: "numeric", nullable: true),
                    Co = table.Column<decimal>(type: "numeric", nullable: true),
                    O3 = table.Column<decimal>(type: "numeric", nullable: true),
                    Pm25 = table.Column<decimal>(type: "numeric", nullable: true),
                    ImportId = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StationId = table.Column<int>(type: "integer", nullable: false),
                    SampledOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Note = table.Column<string>(type: "text", nullable: true),
                    EnteredBy = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SampleId = table.Column<int>(type: "integer", nullable: false),
                    Item = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<decimal>(type: "numeric", nullable: false)
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
