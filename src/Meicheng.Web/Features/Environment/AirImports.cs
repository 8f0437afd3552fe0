using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using Meicheng.Core.Environment.Air;
using Meicheng.Core.Environment.Ingestion;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meicheng.Web.Features.Environment;

/// <summary>Where uploads wait for their import, and how large they may be.</summary>
public sealed class EnvironmentOptions
{
    /// <summary>
    /// Uploaded files are kept here until imported, then deleted. Default: <c>air-imports</c> beside the evidence folder
    /// (App_Data), never the shared temp folder: the app creates it readable by its own user only and empties it of
    /// leftovers at start.
    /// </summary>
    public string? ImportDirectory { get; set; }

    /// <summary>Largest accepted upload, in bytes (default 2 GiB).</summary>
    public long MaxUploadBytes { get; set; } = 2L << 30;

    /// <summary>Hourly rows written per bulk batch: each batch is its own short transaction into the staging table.</summary>
    public int BatchSize { get; set; } = 5000;

    /// <summary>Refused rows stored per import; the rest are counted (per kind too) but not listed.</summary>
    public int MaxStoredRejections { get; set; } = 1000;
}

/// <summary>
/// The folder uploads wait in: private to the app (mode 0700 on Unix, under the app's data folder by default), and
/// cleaned at start of every file that no queued import names, so a killed upload or import leaves nothing behind.
/// </summary>
internal sealed class AirImportFolder
{
    public AirImportFolder(IOptions<EnvironmentOptions> options, Reporting.EvidenceStore evidence)
    {
        var path = options.Value.ImportDirectory
            ?? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(evidence.Directory.TrimEnd(System.IO.Path.DirectorySeparatorChar)) ?? evidence.Directory, "air-imports");
        Path = System.IO.Path.GetFullPath(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Path);
        }
        else
        {
            Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            // CreateDirectory keeps an existing folder's mode: tighten one made before (or by hand).
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Path { get; }

    public string PathOf(AirImport import) => System.IO.Path.Combine(Path, import.StoredName);

    /// <summary>Removes every file but the named ones (the uploads of queued imports); returns how many were removed.</summary>
    public int RemoveAllBut(IReadOnlySet<string> keep)
    {
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(Path))
        {
            if (keep.Contains(System.IO.Path.GetFileName(file)))
                continue;
            File.Delete(file);
            removed++;
        }
        return removed;
    }
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

    /// <summary>Called on the importer's thread after each batch is committed to the staging table (a seam for tests).</summary>
    public Action<int>? BatchCommitted { get; set; }

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
/// One file into the database, all or nothing, without holding the database for the file's whole run. Accepted rows
/// stream through the Core reader into <c>AirHourStaging</c> in batches, each its own short transaction, invisible to
/// every query. When the file is accepted (strict: no row refused; lenient: some row stored) one short switch-over
/// transaction moves the import's rows into <c>AirHours</c>, rebuilds the touched station-days, stores the refused rows
/// (at most <see cref="EnvironmentOptions.MaxStoredRejections"/>), finishes the import row and audits it. A refused,
/// failed or killed import never reaches the switch-over: its staged rows are deleted (at start, for a killed one).
/// Memory stays flat in the file's size.
/// </summary>
internal sealed class AirImporter(IDbContextFactory<AppDbContext> dbFactory, AirImportJobs queue, AirImportFolder folder, IOptions<EnvironmentOptions> options,
    TimeProvider clock, ILogger<AirImporter> log)
{
    public const string UnknownStation = "UnknownStation";
    public const string AlreadyStored = "AlreadyStored";
    public const string StationAlias = "StationAlias";
    public const string EntityType = "AirImport";

    /// <summary>Saves an upload under a temporary name in the private folder while hashing it; returns the path, size and SHA-256.</summary>
    public static async Task<(string Path, long Size, string Sha256)> SaveUploadAsync(Stream upload, AirImportFolder folder, CancellationToken ct)
    {
        var path = Path.Combine(folder.Path, $"air-{Guid.NewGuid():N}.csv");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var file = new FileStream(path, create))
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
        var path = folder.PathOf(import);
        var progress = queue.Running[id] = new ImportProgress(import.Size);
        try
        {
            import.Status = ImportStatus.Running;
            db.SaveChanges();
            var earlier = db.AirImports.AsNoTracking().Where(i => i.Sha256 == import.Sha256 && i.Status == ImportStatus.Completed && i.Id != id)
                .Select(i => (int?)i.Id).FirstOrDefault();
            if (earlier is { } done)
            {
                Finish(db, import, ImportStatus.Refused, $"同一文件已由导入 #{done} 写入，未重复写入。", new Refusals(0));
                return;
            }
            Import(db, import, path, progress, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Air import {Id} of {File} failed", id, import.FileName);
            db.ChangeTracker.Clear();
            DropStaged(db, id);
            var row = db.AirImports.Single(i => i.Id == id);
            Finish(db, row, ImportStatus.Failed, e.Message, new Refusals(0));
        }
        finally
        {
            queue.Running.TryRemove(id, out _);
            File.Delete(path);
        }
    }

    /// <summary>Deletes an import's staged rows; with no id, every staged row (at start, when no import runs).</summary>
    public static int DropStaged(AppDbContext db, int? importId = null) =>
        (importId is { } id ? db.AirHoursStaged.Where(h => h.ImportId == id) : db.AirHoursStaged).ExecuteDelete();

    private void Import(AppDbContext db, AirImport import, string path, ImportProgress progress, CancellationToken ct)
    {
        var format = import.Format == "prsa" ? AirCsvFormat.Prsa : AirCsvFormat.Generic;
        var stations = db.Stations.AsNoTracking().Where(s => s.Kind == StationKind.Air && !s.Retired).ToList();
        var keep = Math.Max(0, options.Value.MaxStoredRejections);
        var report = new IngestionReport { KeepAtMost = keep };
        var builder = new AirDatasetBuilder(HourLabelConvention.PeriodEnd);
        var strict = import.Mode == "strict";
        var id = import.Id;

        var sink = new StoreSink(db, id, stations, report, strict, options.Value.BatchSize, progress, keep, () => queue.BatchCommitted?.Invoke(id));
        using (var reader = new StreamReader(new CountingStream(File.OpenRead(path), progress), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16))
            AirCsvReader.Read(format, reader, import.FileName, builder, report, rows: sink);
        ct.ThrowIfCancellationRequested();
        sink.Flush();

        var refusals = new Refusals(keep);
        refusals.Add(report.Rejected.Select(r => new Refusal(r.Line, r.Field, r.Kind.ToString(), r.Reason)), report.CountsByKind.ToDictionary(c => c.Key.ToString(), c => (long)c.Value));
        refusals.Add(sink.Refusals, sink.RefusedByKind);
        if ((strict && refusals.Total > 0) || sink.Stored == 0)
        {
            // Nothing of the file is kept: a strict import with a refused row, a bad header, or a file with no usable row.
            DropStaged(db, id);
            db.ChangeTracker.Clear();
            import = db.AirImports.Single(i => i.Id == id);
            import.RowsRead = report.RowsRead;
            import.RowsAccepted = strict ? 0 : report.RowsAccepted - sink.RefusedCount;
            var why = refusals.Total == 0 ? "文件中没有数据行。" : strict ? $"严格模式：{refusals.Total} 行被拒绝，整个文件未写入。" : "没有可写入的数据行。";
            Finish(db, import, ImportStatus.Refused, why, refusals);
            return;
        }

        // The switch-over: one short transaction makes the whole file visible at once, or nothing of it.
        progress.Phase = "days";
        using (var transaction = db.Database.BeginTransaction())
        {
            AirStore.MoveStaged(db, id);
            var days = 0;
            foreach (var (stationId, range) in sink.Touched)
                days += AirStore.RebuildDays(db, stationId, range.From, range.To);
            // Rebuilding clears the change tracker as it goes: take the import row afresh.
            db.ChangeTracker.Clear();
            import = db.AirImports.Single(i => i.Id == id);
            import.RowsRead = report.RowsRead;
            import.RowsAccepted = report.RowsAccepted - sink.RefusedCount;
            import.DaysStored = days;
            import.StationCodes = stations.Where(s => sink.Touched.ContainsKey(s.Id)).Select(s => s.Code).Order(StringComparer.Ordinal).ToList();
            import.FirstDate = sink.Touched.Values.Min(r => r.From);
            import.LastDate = sink.Touched.Values.Max(r => r.To);
            // The staged copies go in the same transaction: an import seen as completed has none left behind (before, they
            // were dropped just after the commit, and a reader in between saw both).
            DropStaged(db, id);
            Finish(db, import, ImportStatus.Completed, null, refusals);
            transaction.Commit();
        }
    }

    // The refused rows are written before the final status, in one transaction with it and its audit entry: a client that
    // sees the status finished sees every stored refused row too.
    private void Finish(AppDbContext db, AirImport import, string status, string? error, Refusals refusals)
    {
        using var own = db.Database.CurrentTransaction is null ? db.Database.BeginTransaction() : null;
        var id = import.Id;
        db.AirImportRejections.AddRange(refusals.Kept.Select(r => new AirImportRejection { ImportId = id, Line = r.Line, Field = r.Field, Kind = r.Kind, Reason = r.Reason }));
        import.Status = status;
        import.Error = error;
        import.RowsRejected = refusals.Total;
        import.RejectedByKind = refusals.Total == 0 ? null
            : JsonSerializer.Serialize(refusals.ByKind.OrderBy(k => k.Key, StringComparer.Ordinal).ToDictionary(k => k.Key, k => k.Value));
        import.FinishedAt = clock.GetUtcNow();
        Audit.Record(db, Uploader(db, import), import.FinishedAt.Value, "air-import." + status, EntityType, id.ToString(CultureInfo.InvariantCulture), null,
            new { import.FileName, import.Sha256, import.Format, import.Mode, import.RowsRead, import.RowsAccepted, import.RowsRejected, import.DaysStored, import.StationCodes, import.FirstDate, import.LastDate },
            error);
        db.SaveChanges();
        own?.Commit();
    }

    /// <summary>The import runs in the background: its audit entries name the person who uploaded it.</summary>
    private static Actor Uploader(AppDbContext db, AirImport import) =>
        db.Users.AsNoTracking().Where(u => u.Email == import.UploadedBy).Select(u => new { u.Id, u.DisplayName }).FirstOrDefault() is { } u
            ? new Actor(u.Id, import.UploadedBy, u.DisplayName, new HashSet<string>(), null, null)
            : new Actor("", import.UploadedBy, import.UploadedBy, new HashSet<string>(), null, null);

    /// <summary>An import's refused rows: the first ones kept for listing, all of them counted per kind.</summary>
    private sealed class Refusals(int keep)
    {
        private readonly List<Refusal> _kept = [];

        public Dictionary<string, long> ByKind { get; } = new(StringComparer.Ordinal);

        public long Total { get; private set; }

        // Each source keeps its first rows by line: the first `keep` lines of the merge are among them.
        public IEnumerable<Refusal> Kept => _kept.OrderBy(r => r.Line).Take(keep);

        public void Add(IEnumerable<Refusal> kept, IReadOnlyDictionary<string, long> counts)
        {
            _kept.AddRange(kept);
            foreach (var (kind, n) in counts)
            {
                ByKind[kind] = ByKind.GetValueOrDefault(kind) + n;
                Total += n;
            }
        }
    }

    /// <summary>Receives the reader's accepted rows, checks them against the registry and the stored hours, and stages them in batches.</summary>
    private sealed class StoreSink : IAirRowSink
    {
        private readonly AppDbContext _db;
        private readonly int _importId;
        private readonly IngestionReport _report;
        private readonly bool _strict;
        private readonly int _batchSize;
        private readonly ImportProgress _progress;
        private readonly int _keep;
        private readonly Action _committed;
        private readonly Dictionary<string, Station> _byName = new(StringComparer.Ordinal);
        private readonly Dictionary<int, (DateOnly From, DateOnly To)?> _stored = [];
        private readonly Dictionary<int, string> _nameUsed = [];
        private readonly List<(HourRow Row, long Line)> _batch = [];

        public StoreSink(AppDbContext db, int importId, List<Station> stations, IngestionReport report, bool strict, int batchSize, ImportProgress progress, int keep,
            Action committed)
        {
            (_db, _importId, _report, _strict, _batchSize, _progress, _keep, _committed) = (db, importId, report, strict, batchSize, progress, keep, committed);
            // A feed names a station by one of its feed names or by its code.
            foreach (var s in stations)
            {
                foreach (var name in s.FeedNames)
                    _byName.TryAdd(name, s);
            }
            foreach (var s in stations)
                _byName.TryAdd(s.Code, s);
        }

        /// <summary>The first refused rows (at most the cap); <see cref="RefusedByKind"/> counts them all.</summary>
        public List<Refusal> Refusals { get; } = [];
        public Dictionary<string, long> RefusedByKind { get; } = new(StringComparer.Ordinal);
        public long RefusedCount { get; private set; }
        public Dictionary<int, (DateOnly From, DateOnly To)> Touched { get; } = [];
        public long Stored { get; private set; }

        private void Refuse(Refusal refusal)
        {
            RefusedCount++;
            RefusedByKind[refusal.Kind] = RefusedByKind.GetValueOrDefault(refusal.Kind) + 1;
            if (Refusals.Count < _keep)
                Refusals.Add(refusal);
        }

        public void Accepted(ReadOnlySpan<char> station, DateOnly labelDate, int labelHour, ReadOnlySpan<decimal?> values, long line)
        {
            if (!_byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(station, out var s))
            {
                Refuse(new Refusal(line, "station", UnknownStation, $"unknown station '{station}': not in the station registry (code or feed name)"));
                return;
            }
            // The Core reader checks duplicates and day order per name as written: one station under two names in one file
            // would escape both checks, so a file must keep to one name per station.
            if (!_nameUsed.TryGetValue(s.Id, out var used))
                _nameUsed[s.Id] = station.ToString();
            else if (!station.SequenceEqual(used))
            {
                Refuse(new Refusal(line, "station", StationAlias, $"'{station}' names station {s.Code}, which this file already calls '{used}': use one name per station"));
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
                        Refuse(new Refusal(line, "row", AlreadyStored, $"hour already stored by an earlier import: {row.Date:yyyy-MM-dd} hour {row.Hour}"));
                        continue;
                    }
                    rows.Add(row);
                    Touched[group.Key] = Touched.TryGetValue(group.Key, out var t)
                        ? (row.Date < t.From ? row.Date : t.From, row.Date > t.To ? row.Date : t.To)
                        : (row.Date, row.Date);
                }
            }
            _batch.Clear();
            // A strict import that already refused a row will store nothing: stop writing, keep reading for the report.
            if (_strict && (_report.RowsRejected > 0 || RefusedCount > 0))
                return;
            // Each batch commits on its own: other writers wait for one batch at most, never for the whole file.
            using (var transaction = _db.Database.BeginTransaction())
            {
                AirStore.StageHours(_db, rows, _importId);
                transaction.Commit();
            }
            Stored += rows.Count;
            _committed();
        }

        private (DateOnly From, DateOnly To)? StoredRange(int stationId)
        {
            if (!_stored.TryGetValue(stationId, out var range))
            {
                // Taken before this import's rows are visible: its own rows are checked by the Core reader.
                var q = _db.AirHours.AsNoTracking().Where(h => h.StationId == stationId);
                var min = q.OrderBy(h => h.Date).Select(h => (DateOnly?)h.Date).FirstOrDefault();
                var max = q.OrderByDescending(h => h.Date).Select(h => (DateOnly?)h.Date).FirstOrDefault();
                _stored[stationId] = range = min is { } a && max is { } b ? (a, b) : null;
            }
            return range;
        }
    }
}
