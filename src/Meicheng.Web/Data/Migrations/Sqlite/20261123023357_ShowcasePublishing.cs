using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meicheng.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ShowcasePublishing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PublishedAt",
                table: "EvaluationRounds",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PublishedBy",
                table: "EvaluationRounds",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationRounds_PublishedAt",
                table: "EvaluationRounds",
                column: "PublishedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_EvaluationRounds_PublishedAt",
                table: "EvaluationRounds");

            migrationBuilder.DropColumn(
                name: "PublishedAt",
                table: "EvaluationRounds");

            migrationBuilder.DropColumn(
                name: "PublishedBy",
                table: "EvaluationRounds");
        }
    }
}
