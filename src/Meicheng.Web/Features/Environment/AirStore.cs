using System.Data.Common;
using Meicheng.Core.Environment.Air;
using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Meicheng.Web.Features.Environment;

/// <summary>One hourly row on its way into <c>AirHours</c>; values in <see cref="AirPollutant"/> order.</summary>
internal readonly record struct HourRow(int StationId, DateOnly Date, short Hour, decimal? So2, decimal? No2, decimal? Pm10, decimal? Co, decimal? O3, decimal? Pm25);

/// <summary>
/// Writes hourly rows in bulk inside the caller's transaction, and rebuilds station-days from stored hours. EF's change
/// tracker is the wrong tool for hundreds of thousands of rows: PostgreSQL gets binary COPY, SQLite one prepared INSERT
/// reused for every row (fast inside a transaction). Values go through the model's own converters, so EF reads back
/// exactly what was written.
/// </summary>
internal static class AirStore
{
    private static readonly string[] Columns = ["StationId", "Date", "Hour", "So2", "No2", "Pm10", "Co", "O3", "Pm25", "ImportId"];

    private const string StagingTable = "AirHourStaging";

    /// <summary>Writes rows into the staging table, inside the caller's (short, per-batch) transaction.</summary>
    public static void StageHours(AppDbContext db, IReadOnlyList<HourRow> rows, int importId)
    {
        if (rows.Count == 0)
            return;
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Hourly rows are staged inside a batch transaction.");
        if (connection is NpgsqlConnection npgsql)
            CopyPostgres(npgsql, rows, importId);
        else
            InsertPrepared(db, connection, transaction, rows, importId);
    }

    /// <summary>The switch-over: an import's staged rows become visible hours, in the caller's transaction.</summary>
    public static int MoveStaged(AppDbContext db, int importId)
    {
        var columns = string.Join(", ", Columns.Select(c => $"\"{c}\""));
        // Fixed column and table names only; the import id is a parameter.
        var sql = $"INSERT INTO \"AirHours\" ({columns}) SELECT {columns} FROM \"{StagingTable}\" WHERE \"ImportId\" = {{0}}";
        return db.Database.ExecuteSqlRaw(sql, importId);
    }

    private static void CopyPostgres(NpgsqlConnection connection, IReadOnlyList<HourRow> rows, int importId)
    {
        var columns = string.Join(", ", Columns.Select(c => $"\"{c}\""));
        using var writer = connection.BeginBinaryImport($"COPY \"{StagingTable}\" ({columns}) FROM STDIN (FORMAT BINARY)");
        foreach (var r in rows)
        {
            writer.StartRow();
            writer.Write(r.StationId, NpgsqlDbType.Integer);
            writer.Write(r.Date, NpgsqlDbType.Date);
            writer.Write(r.Hour, NpgsqlDbType.Smallint);
            foreach (var v in new[] { r.So2, r.No2, r.Pm10, r.Co, r.O3, r.Pm25 })
            {
                if (v is { } x)
                    writer.Write(x, NpgsqlDbType.Numeric);
                else
                    writer.WriteNull();
            }
            writer.Write(importId, NpgsqlDbType.Integer);
        }
        writer.Complete();
    }

    private static void InsertPrepared(AppDbContext db, DbConnection connection, DbTransaction transaction, IReadOnlyList<HourRow> rows, int importId)
    {
        // SQLite keeps decimals as text through a value converter: use the model's, so the text is the one EF writes.
        var decimalConverter = db.Model.FindEntityType(typeof(AirHourStaged))!.FindProperty(nameof(AirHour.So2))!.GetTypeMapping().Converter;
        object Value(decimal? v) => v is { } x ? decimalConverter?.ConvertToProvider(x) ?? x : DBNull.Value;
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{StagingTable}\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", Columns.Select((_, i) => $"@p{i}"))})";
        var parameters = Columns.Select((_, i) =>
        {
            var p = command.CreateParameter();
            p.ParameterName = $"@p{i}";
            command.Parameters.Add(p);
            return p;
        }).ToArray();
        command.Prepare();
        foreach (var r in rows)
        {
            parameters[0].Value = r.StationId;
            parameters[1].Value = r.Date;
            parameters[2].Value = r.Hour;
            parameters[3].Value = Value(r.So2);
            parameters[4].Value = Value(r.No2);
            parameters[5].Value = Value(r.Pm10);
            parameters[6].Value = Value(r.Co);
            parameters[7].Value = Value(r.O3);
            parameters[8].Value = Value(r.Pm25);
            parameters[9].Value = importId;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The stored hour labels of a station between two label dates (inclusive), to refuse hours already stored.</summary>
    public static HashSet<(int Day, short Hour)> StoredHours(AppDbContext db, int stationId, DateOnly from, DateOnly to) =>
        db.AirHours.AsNoTracking().Where(h => h.StationId == stationId && h.Date >= from && h.Date <= to)
            .Select(h => new { h.Date, h.Hour }).AsEnumerable().Select(h => (h.Date.DayNumber, h.Hour)).ToHashSet();

    /// <summary>Feeds a station's stored hours (label dates <paramref name="from"/>..<paramref name="to"/>) into a builder, in order.</summary>
    public static void Feed(AppDbContext db, AirDatasetBuilder builder, int stationId, string name, DateOnly from, DateOnly to)
    {
        Span<decimal?> values = new decimal?[6];
        var rows = db.AirHours.AsNoTracking().Where(h => h.StationId == stationId && h.Date >= from && h.Date <= to)
            .OrderBy(h => h.Date).ThenBy(h => h.Hour).AsEnumerable();
        foreach (var h in rows)
        {
            values[(int)AirPollutant.SO2] = h.So2;
            values[(int)AirPollutant.NO2] = h.No2;
            values[(int)AirPollutant.PM10] = h.Pm10;
            values[(int)AirPollutant.CO] = h.Co;
            values[(int)AirPollutant.O3] = h.O3;
            values[(int)AirPollutant.PM25] = h.Pm25;
            // Stored rows were accepted once, in order: the builder cannot refuse them.
            if (builder.TryAdd(name, h.Date, h.Hour, values) is { } refused)
                throw new InvalidOperationException($"stored hour refused: {refused}");
        }
    }

    private static readonly AnnualEvaluationOptions Options2012 = new() { AqiRules = AqiRuleSet.Hj633_2012, Limits = Gb3095Generation.V2012 };

    private static AnnualEvaluationOptions Options2026(DateOnly date) => new()
    {
        AqiRules = AqiRuleSet.Hj633_2026,
        Limits = date.Year >= 2031 ? Gb3095Generation.V2026Final : Gb3095Generation.V2026Transitional,
    };

    /// <summary>
    /// Rebuilds the stored days of a station whose hours with label dates <paramref name="from"/>..<paramref name="to"/>
    /// changed: under the period-end convention those hours belong to days from-1 .. to; each is recomputed from every
    /// stored hour it has. Returns the days written.
    /// </summary>
    public static int RebuildDays(AppDbContext db, int stationId, DateOnly from, DateOnly to)
    {
        var first = from.AddDays(-1);
        var builder = new AirDatasetBuilder(HourLabelConvention.PeriodEnd);
        Feed(db, builder, stationId, "s", first, to.AddDays(1));
        var days = builder.Build().Stations.SingleOrDefault()?.Days ?? [];
        db.AirDays.Where(d => d.StationId == stationId && d.Date >= first && d.Date <= to).ExecuteDelete();
        var written = 0;
        foreach (var d in days)
        {
            if (d.Date < first || d.Date > to)
                continue;
            db.AirDays.Add(ToAirDay(stationId, d));
            written++;
            if (written % 2000 == 0)
            {
                db.SaveChanges();
                db.ChangeTracker.Clear();
            }
        }
        db.SaveChanges();
        db.ChangeTracker.Clear();
        return written;
    }

    internal static AirDay ToAirDay(int stationId, StationDay d)
    {
        var a2012 = Aqi.Daily(Options2012.AqiRules, AnnualEvaluation.CountedDailyValues(d, Options2012));
        var o2026 = Options2026(d.Date);
        var a2026 = Aqi.Daily(o2026.AqiRules, AnnualEvaluation.CountedDailyValues(d, o2026));
        return new AirDay
        {
            StationId = stationId, Date = d.Date,
            So2 = d.Mean(AirPollutant.SO2).Value, So2Hours = (short)d.Mean(AirPollutant.SO2).Count,
            No2 = d.Mean(AirPollutant.NO2).Value, No2Hours = (short)d.Mean(AirPollutant.NO2).Count,
            Pm10 = d.Mean(AirPollutant.PM10).Value, Pm10Hours = (short)d.Mean(AirPollutant.PM10).Count,
            Co = d.Mean(AirPollutant.CO).Value, CoHours = (short)d.Mean(AirPollutant.CO).Count,
            O3 = d.Mean(AirPollutant.O3).Value, O3Hours = (short)d.Mean(AirPollutant.O3).Count,
            Pm25 = d.Mean(AirPollutant.PM25).Value, Pm25Hours = (short)d.Mean(AirPollutant.PM25).Count,
            O3Max1h = d.O3Max1h.Value, Mda8 = d.Mda8.Value, Mda8Windows = (short)d.Mda8.Count, HoursSeen = (int)d.HoursSeen,
            Aqi2012 = a2012.Missing.Count == 0 ? a2012.Value : null,
            Primary2012 = a2012.Missing.Count == 0 && a2012.Primary.Count > 0 ? string.Join(",", a2012.Primary.Select(p => p.Code())) : null,
            Aqi2026 = a2026.Missing.Count == 0 ? a2026.Value : null,
            Primary2026 = a2026.Missing.Count == 0 && a2026.Primary.Count > 0 ? string.Join(",", a2026.Primary.Select(p => p.Code())) : null,
        };
    }
}
