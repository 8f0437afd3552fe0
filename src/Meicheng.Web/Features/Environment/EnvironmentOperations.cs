using System.Globalization;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meicheng.Web.Features.Environment;

/// <summary>Station look-ups shared by the API, the queries and the pages.</summary>
public static class StationQueries
{
    public static Task<Station?> FindAsync(AppDbContext db, string code, CancellationToken ct) =>
        db.Stations.AsNoTracking().SingleOrDefaultAsync(s => s.Code == code, ct);

    public static async Task<StationDetailDto> DetailAsync(AppDbContext db, Station station, CancellationToken ct)
    {
        var days = db.AirDays.Where(d => d.StationId == station.Id);
        var hours = await db.AirHours.CountAsync(h => h.StationId == station.Id, ct);
        var first = await days.OrderBy(d => d.Date).Select(d => (DateOnly?)d.Date).FirstOrDefaultAsync(ct);
        var last = await days.OrderByDescending(d => d.Date).Select(d => (DateOnly?)d.Date).FirstOrDefaultAsync(ct);
        var samples = await db.WaterSamples.CountAsync(s => s.StationId == station.Id, ct);
        var years = first is { } f && last is { } l ? Enumerable.Range(f.Year, l.Year - f.Year + 1).ToList() : [];
        return new StationDetailDto(station.ToDto(), hours, await days.CountAsync(ct), first, last, years, samples);
    }

    /// <summary>
    /// The significant digits of a GB/T 2260 code: a province ("110000") covers every code starting "11", a city
    /// ("370200") every code starting "3702", a district itself.
    /// </summary>
    public static string RegionPrefix(string code) =>
        code.Length == 6 && code.EndsWith("0000", StringComparison.Ordinal) ? code[..2]
        : code.Length == 6 && code.EndsWith("00", StringComparison.Ordinal) ? code[..4]
        : code;
}

/// <summary>Registering a station, section or point that the reviewed registry file does not list; audited with the change.</summary>
internal sealed class Stations(AppDbContext db, CurrentUser currentUser, TimeProvider clock, Hj212.Hj212Registry hj212, IOptions<Hj212.Hj212Options> hj212Options)
{
    public const string EntityType = "Station";

    public async Task<Outcome<Station>> RegisterAsync(StationEntry request, CancellationToken ct)
    {
        var entry = request with { FeedNames = request.FeedNames ?? [] };
        if (StationRegistry.Check(entry) is { } error)
            return Fail.Invalid(error.Split(':')[0], error);
        if (await db.Stations.AnyAsync(s => s.Code == entry.Code, ct))
            return Fail.Conflict($"站点代码 {entry.Code} 已存在");
        var feedNames = await db.Stations.Where(s => s.Kind == StationKind.Air).Select(s => s.FeedNames).ToListAsync(ct);
        if (entry.FeedNames.FirstOrDefault(f => feedNames.Any(n => n.Contains(f))) is { } taken)
            return Fail.Conflict($"数据源站名 {taken} 已属于其他站点");
        if (!string.IsNullOrWhiteSpace(entry.Owner) && !await db.Departments.AnyAsync(d => d.Id == entry.Owner.Trim(), ct))
            return Fail.Invalid("owner", $"责任单位 {entry.Owner} 不在部门名录中");
        if (entry.Mn is not null && await db.Stations.AnyAsync(s => s.Mn == entry.Mn, ct))
            return Fail.Conflict($"监测点编号（MN）{entry.Mn} 已属于其他站点");
        var actor = await currentUser.GetAsync(ct);
        var station = entry.ToStation("admin", await db.Stations.CountAsync(ct));
        if (entry.Hj212Password is { } password)
            station.Hj212PasswordHash = Hj212.Hj212Passwords.Hash(password, hj212Options.Value.PasswordIterations);
        db.Stations.Add(station);
        // The code is the station's identity for people and the audit: known before the insert, so one SaveChanges holds both.
        Audit.Record(db, actor, clock.GetUtcNow(), "station.register", EntityType, station.Code, null, station.ToDto());
        await db.SaveChangesAsync(ct);
        hj212.Forget(station.Mn);
        return Outcomes.Created(station);
    }
}

/// <summary>Entering a water sample of a section or seawater point; audited with the change.</summary>
internal sealed class WaterSamples(AppDbContext db, CurrentUser currentUser, TimeProvider clock)
{
    public const string EntityType = "WaterSample";

    public async Task<Outcome<WaterSampleDto>> AddAsync(WaterSampleRequest request, CancellationToken ct)
    {
        if (await StationQueries.FindAsync(db, request.StationCode, ct) is not { } station)
            return Fail.NotFound($"站点 {request.StationCode} 不存在");
        if (station.Kind == StationKind.Air)
            return Fail.Invalid("stationCode", $"{station.Code} 是空气站点，不是断面或海水点位");
        if (!WaterQueries.TryParseItems(station.Kind, request.Values ?? [], out var items, out var error))
            return Fail.Invalid("values", error!);
        if (await db.WaterSamples.AnyAsync(s => s.StationId == station.Id && s.SampledOn == request.SampledOn, ct))
            return Fail.Conflict($"{station.Code} 在 {request.SampledOn:yyyy-MM-dd} 已有样品");
        var actor = await currentUser.GetAsync(ct);
        var now = clock.GetUtcNow();
        var sample = new WaterSample
        {
            StationId = station.Id, SampledOn = request.SampledOn, Note = request.Note, EnteredBy = actor.Email, CreatedAt = now,
            Values = items.Select(i => new WaterMeasurement { Item = i.Key, Value = i.Value }).ToList(),
        };
        db.WaterSamples.Add(sample);
        // A sample is named by its station and day (unique), so the audit entry needs no generated id: one SaveChanges.
        Audit.Record(db, actor, now, "water-sample.add", EntityType, $"{station.Code}/{request.SampledOn:yyyy-MM-dd}", null,
            new { station = station.Code, request.SampledOn, values = items, request.Note });
        await db.SaveChangesAsync(ct);
        return Outcomes.Created(sample.ToDto(station));
    }
}

/// <summary>Hourly air uploads: queued for the background importer, each upload audited with its import row.</summary>
internal sealed class AirImports(AppDbContext db, AirImportJobs queue, AirImportFolder folder, IOptions<EnvironmentOptions> options, CurrentUser currentUser,
    TimeProvider clock)
{
    /// <summary>Created: a new import, queued. Ok: the same content was already imported (nothing changes).</summary>
    public async Task<Outcome<AirImportDto>> UploadAsync(IFormFile? file, string? format, string? mode, CancellationToken ct)
    {
        if (format is not ("prsa" or "generic"))
            return Fail.Invalid("format", "format 须为 prsa（北京 PRSA 文件）或 generic（station,time,pm25,pm10,so2,no2,co,o3）");
        mode ??= "strict";
        if (mode is not ("strict" or "lenient"))
            return Fail.Invalid("mode", "mode 须为 strict（任一行有误则整个文件不写入）或 lenient（写入有效行，列出被拒绝的行）");
        if (file is null || file.Length == 0)
            return Fail.Invalid("file", "文件为空");
        if (file.Length > options.Value.MaxUploadBytes)
            return Fail.Invalid("file", $"文件超过 {options.Value.MaxUploadBytes} 字节的上限");
        var actor = await currentUser.GetAsync(ct);
        string? temp = null;
        try
        {
            await using var upload = file.OpenReadStream();
            var (path, size, sha) = await AirImporter.SaveUploadAsync(upload, folder, ct);
            temp = path;
            // The same content already imported: nothing to do, and nothing changes.
            var done = await db.AirImports.AsNoTracking().Where(i => i.Sha256 == sha && i.Status == ImportStatus.Completed).OrderBy(i => i.Id).FirstOrDefaultAsync(ct);
            if (done is not null)
                return done.ToDto(queue, duplicate: true);
            var now = clock.GetUtcNow();
            var import = new AirImport
            {
                FileName = Path.GetFileName(file.FileName), StoredName = Path.GetFileName(path), Sha256 = sha, Format = format, Mode = mode,
                Status = ImportStatus.Queued, Size = size, UploadedBy = actor.Email, CreatedAt = now,
            };
            // The id comes from the insert and the audit entry names it: both in one transaction.
            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                db.AirImports.Add(import);
                await db.SaveChangesAsync(ct);
                Audit.Record(db, actor, now, "air-import.upload", AirImporter.EntityType, import.Id.ToString(CultureInfo.InvariantCulture), null,
                    new { import.FileName, import.Sha256, import.Size, import.Format, import.Mode });
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            temp = null;
            queue.Enqueue(import.Id);
            return Outcomes.Created(import.ToDto(queue, duplicate: false));
        }
        finally
        {
            if (temp is not null)
                File.Delete(temp);
        }
    }

    public async Task<List<AirImportDto>> ListAsync(int take, CancellationToken ct) =>
        (await db.AirImports.AsNoTracking().OrderByDescending(i => i.Id).Take(take).ToListAsync(ct)).Select(i => i.ToDto(queue, false)).ToList();

    public async Task<Outcome<AirImportDto>> GetAsync(int id, CancellationToken ct) =>
        await db.AirImports.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct) is { } import ? import.ToDto(queue, false) : Fail.NotFound("导入不存在");

    public async Task<Outcome<RejectionPageDto>> RejectionsAsync(int id, int? skip, int? take, CancellationToken ct)
    {
        if (await db.AirImports.AsNoTracking().Where(i => i.Id == id).Select(i => (long?)i.RowsRejected).SingleOrDefaultAsync(ct) is not { } rejected)
            return Fail.NotFound("导入不存在");
        var q = db.AirImportRejections.AsNoTracking().Where(r => r.ImportId == id);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(r => r.Line).ThenBy(r => r.Id).Skip(Math.Max(0, skip ?? 0)).Take(Math.Clamp(take ?? 1000, 1, 10000)).ToListAsync(ct);
        return new RejectionPageDto(id, total, Math.Max(0, rejected - total), rows.Select(r => r.ToDto()).ToList());
    }

    /// <summary>
    /// At start: an import that was running when the app stopped never reached its switch-over, so it is marked failed and
    /// its staged rows are deleted; queued imports whose file is still there are queued again; every other file in the
    /// import folder is a leftover and is removed.
    /// </summary>
    public static async Task ResumeAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        var folder = services.GetRequiredService<AirImportFolder>();
        var queue = services.GetRequiredService<AirImportJobs>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var import in await db.AirImports.Where(i => i.Status == ImportStatus.Running || i.Status == ImportStatus.Queued).OrderBy(i => i.Id).ToListAsync(ct))
        {
            if (import.Status == ImportStatus.Queued && File.Exists(folder.PathOf(import)))
            {
                keep.Add(import.StoredName);
                queue.Enqueue(import.Id);
                continue;
            }
            import.Status = ImportStatus.Failed;
            import.Error = "导入被应用重启中断，未写入任何数据；请重新上传。";
            import.FinishedAt = now;
        }
        await db.SaveChangesAsync(ct);
        await db.AirHoursStaged.ExecuteDeleteAsync(ct);
        var removed = folder.RemoveAllBut(keep);
        if (removed > 0)
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Meicheng.Environment").LogInformation("Removed {Count} leftover files from {Folder}", removed, folder.Path);
    }
}
