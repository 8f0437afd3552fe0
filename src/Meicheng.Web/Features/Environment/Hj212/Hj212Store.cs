using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using Meicheng.Core.Environment.Air;
using Meicheng.Core.Environment.Hj212;
using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Meicheng.Web.Features.Environment.Hj212;

/// <summary>A packet that passed the CRC, the parser and MN/PW, on its way to the database.</summary>
internal sealed record Hj212Accepted(Hj212Station Station, Hj212Packet Packet, DateTimeOffset ReceivedAt);

/// <summary>
/// Stores accepted packets in batches: one writer drains the queue and writes up to <see cref="Hj212Options.BatchSize"/>
/// packets per transaction, so thousands of packets a second cost a few transactions, not thousands. A packet's task
/// completes when its batch is committed; the receiver answers only then. Every value goes into <c>Hj212Readings</c>
/// (insert-if-absent on station, CN, data time and code: a re-sent packet changes nothing); hourly (2061) air values
/// flagged N also go into <c>AirHours</c>, the store the CSV import fills, filling only hours and pollutants not already
/// there. Touched station-days are rebuilt shortly after (at most once a second per station), so the existing AQI, daily
/// and annual evaluations and plan feeds serve HJ 212 data within seconds, as they serve uploaded files.
/// </summary>
internal sealed class Hj212Store(IDbContextFactory<AppDbContext> dbFactory, IOptions<Hj212Options> options, Hj212Metrics metrics, TimeProvider clock,
    ILogger<Hj212Store> log)
{
    /// <summary>The import row that stands for the live feed in <c>AirHours.ImportId</c> (a file import has its own).</summary>
    public const string LiveFeedSha = "hj212-live-feed";

    private static readonly TimeSpan RebuildEvery = TimeSpan.FromSeconds(1);

    private readonly Channel<(Hj212Accepted Packet, TaskCompletionSource Done)> _queue =
        Channel.CreateBounded<(Hj212Accepted, TaskCompletionSource)>(new BoundedChannelOptions(100_000) { SingleReader = true });
    private readonly ConcurrentDictionary<int, (DateOnly From, DateOnly To)> _dirty = new();
    private readonly Channel<bool> _rebuild = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private int _liveImportId;
    private long _batches;

    /// <summary>Batches committed since start: the live feed's own data stamp (alerts are recomputed when it moves).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Queues a packet; the task completes once it is committed (or fails with the batch).</summary>
    public async Task StoreAsync(Hj212Accepted packet, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync((packet, done), ct);
        await done.Task.WaitAsync(ct);
    }

    /// <summary>Station-days waiting to be rebuilt (a seam for tests and the benchmark).</summary>
    public int PendingDays => _dirty.Count;

    public async Task RunAsync(CancellationToken ct)
    {
        _liveImportId = await LiveImportIdAsync(ct);
        var rebuild = Task.Run(() => RebuildLoopAsync(ct), ct);
        var batch = new List<(Hj212Accepted Packet, TaskCompletionSource Done)>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(ct))
            {
                while (batch.Count < options.Value.BatchSize && _queue.Reader.TryRead(out var item))
                    batch.Add(item);
                try
                {
                    var started = Stopwatch.GetTimestamp();
                    await WriteAsync(batch.Select(b => b.Packet).ToList(), ct);
                    metrics.Written(Stopwatch.GetElapsedTime(started), batch.Count);
                    foreach (var b in batch)
                        b.Done.TrySetResult();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "HJ 212: a batch of {Count} packets could not be stored; none of it was answered", batch.Count);
                    foreach (var b in batch)
                        b.Done.TrySetException(e);
                }
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        foreach (var b in batch)
            b.Done.TrySetCanceled(ct);
        await rebuild.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task<int> LiveImportIdAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.AirImports.Where(i => i.Sha256 == LiveFeedSha).Select(i => (int?)i.Id).FirstOrDefaultAsync(ct) is { } id)
            return id;
        var now = clock.GetUtcNow();
        var import = new AirImport
        {
            FileName = "HJ 212-2017 实时数据", StoredName = LiveFeedSha, Sha256 = LiveFeedSha, Format = "hj212", Mode = "lenient",
            Status = ImportStatus.Completed, UploadedBy = "hj212", CreatedAt = now, FinishedAt = now,
        };
        db.AirImports.Add(import);
        await db.SaveChangesAsync(ct);
        return import.Id;
    }

    private async Task WriteAsync(List<Hj212Accepted> packets, CancellationToken ct)
    {
        var readings = new Dictionary<(int, string, DateTimeOffset, string), Hj212Reading>();
        var hours = new Dictionary<(int Station, DateOnly Date, short Hour), decimal?[]>();
        var last = new Dictionary<int, DateTimeOffset>();
        foreach (var (station, p, received) in packets)
        {
            last[station.Id] = last.TryGetValue(station.Id, out var t) && t > received ? t : received;
            if (p.DataTime is not { } local)
                continue;
            // The device writes China time (UTC+8, no daylight saving).
            var at = new DateTimeOffset(local, TimeSpan.FromHours(8)).ToUniversalTime();
            var airHour = p.Cn == Hj212Command.Hourly && station.Kind == StationKind.Air;
            foreach (var v in p.Values)
            {
                readings.TryAdd((station.Id, p.Cn, at, v.Code), new Hj212Reading
                {
                    StationId = station.Id, Cn = p.Cn, DataTime = at, Code = v.Code, Value = v.Value, Min = v.Min, Max = v.Max, Cou = v.Cou,
                    Flag = v.Flag?.ToString(), Qn = p.Qn, ReceivedAt = received,
                });
                // Flags other than N are kept above but never reach the statistics (HJ 212 data flags, HJ 663 validity).
                if (!airHour || !v.IsNormal || v.Value is not { } value || Hj212Codes.Find(v.Code)?.Air is not { } pollutant)
                    continue;
                var key = (station.Id, DateOnly.FromDateTime(local), (short)local.Hour);
                if (!hours.TryGetValue(key, out var row))
                    hours[key] = row = new decimal?[6];
                row[(int)pollutant] ??= value;
            }
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        int stored;
        if (db.Database.GetDbConnection() is NpgsqlConnection npgsql)
        {
            // One round trip: the three statements go as one batch, which PostgreSQL runs as one implicit transaction (all
            // or nothing), instead of BEGIN, three statements and COMMIT, five round trips per batch. Asynchronous: the
            // writer must not hold one of the thread pool's few threads (2 on this machine) while PostgreSQL works, or
            // the connections' parsing and answering queue behind it.
            await db.Database.OpenConnectionAsync(ct);
            await using var batch = new NpgsqlBatch(npgsql);
            var insert = ReadingsPostgres([.. readings.Values]);
            batch.BatchCommands.Add(insert);
            if (hours.Count > 0)
                batch.BatchCommands.Add(HoursPostgres(hours));
            batch.BatchCommands.Add(TouchStationsPostgres(last));
            await batch.ExecuteNonQueryAsync(ct);
            stored = Math.Max(0, insert.RecordsAffected);
        }
        else
        {
            // SQLite runs in this process: there is nothing to wait for.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var connection = db.Database.GetDbConnection();
            var tx = transaction.GetDbTransaction();
            stored = InsertReadingsSqlite(db, connection, tx, [.. readings.Values]);
            UpsertHoursSqlite(db, connection, tx, hours);
            foreach (var (id, at) in last)
                db.Stations.Where(s => s.Id == id).ExecuteUpdate(s => s.SetProperty(x => x.LastPacketAt, at));
            await transaction.CommitAsync(ct);
        }
        metrics.Stored(stored);
        foreach (var ((stationId, date, _), _) in hours)
            _dirty.AddOrUpdate(stationId, (date, date), (_, r) => (date < r.From ? date : r.From, date > r.To ? date : r.To));
        if (hours.Count > 0)
            _rebuild.Writer.TryWrite(true);
        Interlocked.Increment(ref _batches);
    }

    private static readonly string[] ReadingColumns = ["StationId", "Cn", "DataTime", "Code", "Value", "Min", "Max", "Cou", "Flag", "Qn", "ReceivedAt"];
    private static readonly string[] HourColumns = ["StationId", "Date", "Hour", "So2", "No2", "Pm10", "Co", "O3", "Pm25", "ImportId"];

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(c => $"\"{c}\""));

    private const string ReadingConflict = "ON CONFLICT (\"StationId\", \"Cn\", \"DataTime\", \"Code\") DO NOTHING";

    // Only hours and pollutants not stored yet are filled: a re-sent packet, or one for an hour a file already brought, changes nothing.
    private static readonly string HourConflict = "ON CONFLICT (\"StationId\", \"Date\", \"Hour\") DO UPDATE SET "
        + string.Join(", ", HourColumns[3..9].Select(c => $"\"{c}\" = COALESCE(\"AirHours\".\"{c}\", excluded.\"{c}\")"));

    private static NpgsqlBatchCommand ReadingsPostgres(List<Hj212Reading> rows)
    {
        var command = new NpgsqlBatchCommand(
            $"INSERT INTO \"{Hj212Model.ReadingsTable}\" ({Quoted(ReadingColumns)}) SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) {ReadingConflict}");
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.StationId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Cn).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.DataTime).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Code).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Min).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Max).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Cou).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Flag).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Qn).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.ReceivedAt).ToArray() });
        return command;
    }

    private NpgsqlBatchCommand HoursPostgres(Dictionary<(int Station, DateOnly Date, short Hour), decimal?[]> hours)
    {
        var command = new NpgsqlBatchCommand(
            $"INSERT INTO \"AirHours\" ({Quoted(HourColumns)}) SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) {HourConflict}");
        command.Parameters.Add(new NpgsqlParameter { Value = hours.Keys.Select(k => k.Station).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = hours.Keys.Select(k => k.Date).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = hours.Keys.Select(k => k.Hour).ToArray() });
        foreach (var p in new[] { AirPollutant.SO2, AirPollutant.NO2, AirPollutant.PM10, AirPollutant.CO, AirPollutant.O3, AirPollutant.PM25 })
            command.Parameters.Add(new NpgsqlParameter { Value = hours.Values.Select(v => v[(int)p]).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = hours.Keys.Select(_ => _liveImportId).ToArray() });
        return command;
    }

    private static NpgsqlBatchCommand TouchStationsPostgres(Dictionary<int, DateTimeOffset> last)
    {
        var command = new NpgsqlBatchCommand(
            "UPDATE \"Stations\" AS s SET \"LastPacketAt\" = v.t FROM unnest($1, $2) AS v(id, t) WHERE s.\"Id\" = v.id AND (s.\"LastPacketAt\" IS NULL OR s.\"LastPacketAt\" < v.t)");
        command.Parameters.Add(new NpgsqlParameter { Value = last.Keys.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = last.Values.Select(t => t.ToUniversalTime()).ToArray() });
        return command;
    }

    private static int InsertReadingsSqlite(AppDbContext db, DbConnection connection, DbTransaction transaction, List<Hj212Reading> rows)
    {
        // SQLite keeps decimals as text through the model's converter: use it, so EF reads back what was written.
        var converter = db.Model.FindEntityType(typeof(Hj212Reading))!.FindProperty(nameof(Hj212Reading.Value))!.GetTypeMapping().Converter;
        object Number(decimal? v) => v is { } x ? converter?.ConvertToProvider(x) ?? x : DBNull.Value;
        using var command = Prepared(connection, transaction, $"INSERT INTO \"{Hj212Model.ReadingsTable}\" ({Quoted(ReadingColumns)}) VALUES ({Placeholders(ReadingColumns)}) {ReadingConflict}", ReadingColumns.Length);
        var p = command.Parameters;
        var stored = 0;
        foreach (var r in rows)
        {
            p[0].Value = r.StationId;
            p[1].Value = r.Cn;
            p[2].Value = r.DataTime;
            p[3].Value = r.Code;
            p[4].Value = Number(r.Value);
            p[5].Value = Number(r.Min);
            p[6].Value = Number(r.Max);
            p[7].Value = Number(r.Cou);
            p[8].Value = (object?)r.Flag ?? DBNull.Value;
            p[9].Value = (object?)r.Qn ?? DBNull.Value;
            p[10].Value = r.ReceivedAt;
            stored += command.ExecuteNonQuery();
        }
        return stored;
    }

    private void UpsertHoursSqlite(AppDbContext db, DbConnection connection, DbTransaction transaction, Dictionary<(int Station, DateOnly Date, short Hour), decimal?[]> hours)
    {
        var converter = db.Model.FindEntityType(typeof(AirHour))!.FindProperty(nameof(AirHour.So2))!.GetTypeMapping().Converter;
        object Number(decimal? v) => v is { } x ? converter?.ConvertToProvider(x) ?? x : DBNull.Value;
        using var command = Prepared(connection, transaction, $"INSERT INTO \"AirHours\" ({Quoted(HourColumns)}) VALUES ({Placeholders(HourColumns)}) {HourConflict}", HourColumns.Length);
        var p = command.Parameters;
        foreach (var ((station, date, hour), v) in hours)
        {
            p[0].Value = station;
            p[1].Value = date;
            p[2].Value = hour;
            p[3].Value = Number(v[(int)AirPollutant.SO2]);
            p[4].Value = Number(v[(int)AirPollutant.NO2]);
            p[5].Value = Number(v[(int)AirPollutant.PM10]);
            p[6].Value = Number(v[(int)AirPollutant.CO]);
            p[7].Value = Number(v[(int)AirPollutant.O3]);
            p[8].Value = Number(v[(int)AirPollutant.PM25]);
            p[9].Value = _liveImportId;
            command.ExecuteNonQuery();
        }
    }

    private static string Placeholders(string[] columns) => string.Join(", ", columns.Select((_, i) => $"@p{i}"));

    private static DbCommand Prepared(DbConnection connection, DbTransaction transaction, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++)
        {
            var p = command.CreateParameter();
            p.ParameterName = $"@p{i}";
            command.Parameters.Add(p);
        }
        command.Prepare();
        return command;
    }

    private async Task RebuildLoopAsync(CancellationToken ct)
    {
        // Woken by the batch that dirtied a day, so a day is rebuilt at once, then at most once per RebuildEvery while
        // hourly packets keep coming. Real time, not the injected clock: a test's fake clock must not stop the rebuilds.
        while (await _rebuild.Reader.WaitToReadAsync(ct))
        {
            while (_rebuild.Reader.TryRead(out _))
            {
            }
            foreach (var stationId in _dirty.Keys.ToList())
            {
                if (!_dirty.TryRemove(stationId, out var range))
                    continue;
                try
                {
                    using var db = dbFactory.CreateDbContext();
                    using var transaction = db.Database.BeginTransaction();
                    AirStore.RebuildDays(db, stationId, range.From, range.To);
                    transaction.Commit();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "HJ 212: rebuilding the days of station {Id} failed; retried at the next hour's packet", stationId);
                }
            }
            await Task.Delay(RebuildEvery, ct);
        }
    }
}
