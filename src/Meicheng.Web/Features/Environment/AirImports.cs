using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using Meicheng.Core.Environment.Air;
using Meicheng.Core.Environment.Ingestion;
using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meicheng.Web.Features.Environment;

/// <summary>Where uploads wait for their import, and how large they may be.</summary>
public sealed class EnvironmentOptions
{
    /// <summary>Uploaded files are kept here until imported, then deleted. Default: a folder under the system temp folder.</summary>
    public string ImportDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "meicheng-air-imports");

    /// <summary>Largest accepted upload, in bytes (default 2 GiB).</summary>
    public long MaxUploadBytes { get; set; } = 2L << 30;

    /// <summary>Hourly rows written per bulk batch.</summary>
    public int BatchSize { get; set; } = 5000;
}

/// <summary>A running import's progress, kept in memory while it runs (the database row has the outcome).</summary>
public sealed class ImportProgress(long size)
{
    private long _bytes;
    private long _rows;

    public long Size { get; } = size;
    public long Bytes => Interlocked.Read(ref _bytes);
    public long Rows => Interlocked.Read(ref _rows);
    public string Phase { get; set; } = "reading";

    public void AddBytes(int n) => Interlocked.Add(ref _bytes, n);
    public void SetRows(long rows) => Interlocked.Exchange(ref _rows, rows);
}

/// <summary>The queue of uploaded files and the progress of the one being imported.</summary>
public sealed class AirImportJobs
{
    private readonly Channel<int> _channel = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });

    public ConcurrentDictionary<int, ImportProgress> Running { get; } = new();

    public void Enqueue(int importId) => _channel.Writer.TryWrite(importId);

    public IAsyncEnumerable<int> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);
}

/// <summary>Imports queued files one at a time, off the request thread, so an upload returns at once and its progress can be polled.</summary>
internal sealed class AirImportWorker(AirImportJobs queue, AirImporter importer, ILogger<AirImportWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var id in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                // The reader and the bulk writer are synchronous: run them on a pool thread.
                await Task.Run(() => importer.Run(id, stoppingToken), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Air import {Id} failed", id);
            }
        }
    }
}

/// <summary>Counts the bytes a reader consumes, for the progress bar.</summary>
internal sealed class CountingStream(Stream inner, ImportProgress progress) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));
    public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Counted(int n)
    {
        progress.AddBytes(n);
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>A refused row, from the Core reader or from the database checks (unknown station, hour already stored).</summary>
internal sealed record Refusal(long Line, string Field, string Kind, string Reason);

/// <summary>
/// One file into the database, atomically: every accepted row is written in batches inside one transaction, the touched
/// station-days are rebuilt in it, and the transaction commits only when the file is accepted (strict: no row refused;
/// lenient: some row stored). Memory stays flat in the file's size: rows stream through the Core reader into batches.
/// </summary>
internal sealed class AirImporter(IDbContextFactory<AppDbContext> dbFactory, AirImportJobs queue, IOptions<EnvironmentOptions> options, TimeProvider clock,
    ILogger<AirImporter> log)
{
    public const string UnknownStation = "UnknownStation";
    public const string AlreadyStored = "AlreadyStored";
    public const string StationAlias = "StationAlias";

    public static string UploadPath(EnvironmentOptions options, AirImport import) => Path.Combine(options.ImportDirectory, import.StoredName);

    /// <summary>Saves an upload under a temporary name while hashing it; returns the path, size and SHA-256.</summary>
    public static async Task<(string Path, long Size, string Sha256)> SaveUploadAsync(Stream upload, EnvironmentOptions options, CancellationToken ct)
    {
        Directory.CreateDirectory(options.ImportDirectory);
        var path = Path.Combine(options.ImportDirectory, $"air-{Guid.NewGuid():N}.csv");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        await using (var file = File.Create(path))
        {
            int n;
            while ((n = await upload.ReadAsync(buffer, ct)) > 0)
            {
                sha.AppendData(buffer, 0, n);
                await file.WriteAsync(buffer.AsMemory(0, n), ct);
                size += n;
            }
        }
        return (path, size, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    /// <summary>Imports without a background worker (the CLI, or a caller that waits).</summary>
    public void Run(int id, CancellationToken ct)
    {
        using var db = dbFactory.CreateDbContext();
        var import = db.AirImports.Single(i => i.Id == id);
        if (import.Status != ImportStatus.Queued)
            return;
        var path = UploadPath(options.Value, import);
        var progress = queue.Running[id] = new ImportProgress(import.Size);
        try
        {
            import.Status = ImportStatus.Running;
            db.SaveChanges();
            var earlier = db.AirImports.AsNoTracking().Where(i => i.Sha256 == import.Sha256 && i.Status == ImportStatus.Completed && i.Id != id)
                .Select(i => (int?)i.Id).FirstOrDefault();
            if (earlier is { } done)
            {
                Finish(db, import, ImportStatus.Refused, $"同一文件已由导入 #{done} 写入，未重复写入。", []);
                return;
            }
            Import(db, import, path, progress, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Air import {Id} of {File} failed", id, import.FileName);
            db.ChangeTracker.Clear();
            var row = db.AirImports.Single(i => i.Id == id);
            Finish(db, row, ImportStatus.Failed, e.Message, []);
        }
        finally
        {
            queue.Running.TryRemove(id, out _);
            File.Delete(path);
        }
    }

    private void Import(AppDbContext db, AirImport import, string path, ImportProgress progress, CancellationToken ct)
    {
        var format = import.Format == "prsa" ? AirCsvFormat.Prsa : AirCsvFormat.Generic;
        var stations = db.Stations.AsNoTracking().Where(s => s.Kind == StationKind.Air && !s.Retired).ToList();
        // The reader keeps the detail of the first refusals only and counts the rest: its memory does not grow with the file.
        var report = new IngestionReport { KeepAtMost = 10_000 };
        var builder = new AirDatasetBuilder(HourLabelConvention.PeriodEnd);
        var strict = import.Mode == "strict";

        using var transaction = db.Database.BeginTransaction();
        var sink = new StoreSink(db, import.Id, stations, report, strict, options.Value.BatchSize, progress);
        using (var reader = new StreamReader(new CountingStream(File.OpenRead(path), progress), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16))
            AirCsvReader.Read(format, reader, import.FileName, builder, report, rows: sink);
        ct.ThrowIfCancellationRequested();
        sink.Flush();

        var refusals = report.Rejected.Select(r => new Refusal(r.Line, r.Field, r.Kind.ToString(), r.Reason)).Concat(sink.Refusals).OrderBy(r => r.Line).ToList();
        var totals = report.CountsByKind.ToDictionary(k => k.Key.ToString(), k => k.Value);
        foreach (var g in sink.Refusals.GroupBy(r => r.Kind))
            totals[g.Key] = totals.GetValueOrDefault(g.Key) + g.Count();
        var id = import.Id;
        if ((strict && refusals.Count > 0) || sink.Stored == 0)
        {
            // Nothing of the file is kept: a strict import with a refused row, a bad header, or a file with no usable row.
            transaction.Rollback();
            db.ChangeTracker.Clear();
            import = db.AirImports.Single(i => i.Id == id);
            import.RowsRead = report.RowsRead;
            import.RowsAccepted = strict ? 0 : report.RowsAccepted - sink.Refusals.Count;
            var why = refusals.Count == 0 ? "文件中没有数据行。" : strict ? $"严格模式：{refusals.Count} 行被拒绝，整个文件未写入。" : "没有可写入的数据行。";
            Finish(db, import, ImportStatus.Refused, why, refusals, totals);
            return;
        }

        progress.Phase = "days";
        var days = 0;
        foreach (var (stationId, range) in sink.Touched)
            days += AirStore.RebuildDays(db, stationId, range.From, range.To);
        // Rebuilding clears the change tracker as it goes: take the import row afresh.
        db.ChangeTracker.Clear();
        import = db.AirImports.Single(i => i.Id == id);
        import.RowsRead = report.RowsRead;
        import.RowsAccepted = report.RowsAccepted - sink.Refusals.Count;
        import.DaysStored = days;
        import.StationCodes = stations.Where(s => sink.Touched.ContainsKey(s.Id)).Select(s => s.Code).Order(StringComparer.Ordinal).ToList();
        import.FirstDate = sink.Touched.Values.Min(r => r.From);
        import.LastDate = sink.Touched.Values.Max(r => r.To);
        Finish(db, import, ImportStatus.Completed, null, refusals, totals);
        transaction.Commit();
    }

    // The refused rows are written before the final status, in one transaction with it: a client that sees the status
    // finished sees every refused row too.
    private void Finish(AppDbContext db, AirImport import, string status, string? error, List<Refusal> refusals, Dictionary<string, int>? totals = null)
    {
        totals ??= refusals.GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.Count());
        using var own = db.Database.CurrentTransaction is null ? db.Database.BeginTransaction() : null;
        var id = import.Id;
        foreach (var chunk in refusals.Chunk(2000))
        {
            db.AirImportRejections.AddRange(chunk.Select(r => new AirImportRejection { ImportId = id, Line = r.Line, Field = r.Field, Kind = r.Kind, Reason = r.Reason }));
            db.SaveChanges();
            foreach (var entry in db.ChangeTracker.Entries<AirImportRejection>().ToList())
                entry.State = EntityState.Detached;
        }
        import.Status = status;
        import.Error = error;
        import.RowsRejected = totals.Values.Sum(n => (long)n);
        import.RejectedByKind = totals.Count == 0 ? null
            : JsonSerializer.Serialize(totals.OrderBy(k => k.Key, StringComparer.Ordinal).ToDictionary(k => k.Key, k => k.Value));
        import.FinishedAt = clock.GetUtcNow();
        db.SaveChanges();
        own?.Commit();
    }

    /// <summary>Receives the reader's accepted rows, checks them against the registry and the stored hours, and writes them in batches.</summary>
    private sealed class StoreSink : IAirRowSink
    {
        private readonly AppDbContext _db;
        private readonly int _importId;
        private readonly IngestionReport _report;
        private readonly bool _strict;
        private readonly int _batchSize;
        private readonly ImportProgress _progress;
        private readonly Dictionary<string, Station> _byName = new(StringComparer.Ordinal);
        private readonly Dictionary<int, (DateOnly From, DateOnly To)?> _stored = [];
        private readonly Dictionary<int, string> _nameUsed = [];
        private readonly List<(HourRow Row, long Line)> _batch = [];

        public StoreSink(AppDbContext db, int importId, List<Station> stations, IngestionReport report, bool strict, int batchSize, ImportProgress progress)
        {
            (_db, _importId, _report, _strict, _batchSize, _progress) = (db, importId, report, strict, batchSize, progress);
            // A feed names a station by one of its feed names or by its code.
            foreach (var s in stations)
            {
                foreach (var name in s.FeedNames)
                    _byName.TryAdd(name, s);
            }
            foreach (var s in stations)
                _byName.TryAdd(s.Code, s);
        }

        public List<Refusal> Refusals { get; } = [];
        public Dictionary<int, (DateOnly From, DateOnly To)> Touched { get; } = [];
        public long Stored { get; private set; }

        public void Accepted(ReadOnlySpan<char> station, DateOnly labelDate, int labelHour, ReadOnlySpan<decimal?> values, long line)
        {
            if (!_byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(station, out var s))
            {
                Refusals.Add(new Refusal(line, "station", UnknownStation, $"unknown station '{station}': not in the station registry (code or feed name)"));
                return;
            }
            // The Core reader checks duplicates and day order per name as written: one station under two names in one file
            // would escape both checks, so a file must keep to one name per station.
            if (!_nameUsed.TryGetValue(s.Id, out var used))
                _nameUsed[s.Id] = station.ToString();
            else if (!station.SequenceEqual(used))
            {
                Refusals.Add(new Refusal(line, "station", StationAlias, $"'{station}' names station {s.Code}, which this file already calls '{used}': use one name per station"));
                return;
            }
            _batch.Add((new HourRow(s.Id, labelDate, (short)labelHour, values[(int)AirPollutant.SO2], values[(int)AirPollutant.NO2], values[(int)AirPollutant.PM10],
                values[(int)AirPollutant.CO], values[(int)AirPollutant.O3], values[(int)AirPollutant.PM25]), line));
            if (_batch.Count >= _batchSize)
                Flush();
        }

        public void Flush()
        {
            _progress.SetRows(_report.RowsRead);
            if (_batch.Count == 0)
                return;
            var rows = new List<HourRow>(_batch.Count);
            foreach (var group in _batch.GroupBy(b => b.Row.StationId))
            {
                var from = group.Min(b => b.Row.Date);
                var to = group.Max(b => b.Row.Date);
                // Hours stored by earlier imports are refused, not overwritten: only look where there are some.
                var stored = StoredRange(group.Key);
                var existing = stored is { } r && r.From <= to && r.To >= from ? AirStore.StoredHours(_db, group.Key, from, to) : null;
                foreach (var (row, line) in group)
                {
                    if (existing is not null && existing.Contains((row.Date.DayNumber, row.Hour)))
                    {
                        Refusals.Add(new Refusal(line, "row", AlreadyStored,
                            $"hour already stored by an earlier import: {row.Date:yyyy-MM-dd} hour {row.Hour}"));
                        continue;
                    }
                    rows.Add(row);
                    Touched[group.Key] = Touched.TryGetValue(group.Key, out var t)
                        ? (row.Date < t.From ? row.Date : t.From, row.Date > t.To ? row.Date : t.To)
                        : (row.Date, row.Date);
                }
            }
            _batch.Clear();
            // A strict import that already refused a row will be rolled back: stop writing, keep reading for the report.
            if (_strict && (_report.RowsRejected > 0 || Refusals.Count > 0))
                return;
            AirStore.WriteHours(_db, rows, _importId);
            Stored += rows.Count;
        }

        private (DateOnly From, DateOnly To)? StoredRange(int stationId)
        {
            if (!_stored.TryGetValue(stationId, out var range))
            {
                // Taken before this import writes anything for the station: its own rows are checked by the Core reader.
                var q = _db.AirHours.AsNoTracking().Where(h => h.StationId == stationId && h.ImportId != _importId);
                var min = q.OrderBy(h => h.Date).Select(h => (DateOnly?)h.Date).FirstOrDefault();
                var max = q.OrderByDescending(h => h.Date).Select(h => (DateOnly?)h.Date).FirstOrDefault();
                _stored[stationId] = range = min is { } a && max is { } b ? (a, b) : null;
            }
            return range;
        }
    }
}
