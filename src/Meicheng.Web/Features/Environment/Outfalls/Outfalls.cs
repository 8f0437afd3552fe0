using System.Text.RegularExpressions;
using Meicheng.Core.Environment.Outfalls;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Plans;
using Meicheng.Web.Features.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using City = Meicheng.Web.Features.Regions.City;

namespace Meicheng.Web.Features.Environment.Outfalls;

/// <summary>The "Outfalls" configuration section.</summary>
public sealed class OutfallOptions
{
    /// <summary>An online monitor counts as supervising its outfall when its last HJ 212 packet is at most this old.</summary>
    public int OnlineWindowHours { get; set; } = 48;

    /// <summary>Largest registry workbook accepted, in bytes.</summary>
    public long MaxImportBytes { get; set; } = 4L << 20;

    /// <summary>What a registry workbook may hold (rows, columns, zip parts…), checked while reading.</summary>
    public XlsxLimits ImportLimits { get; set; } = new() { MaxRows = 5000, MaxColumns = 32 };
}

/// <summary>The configured discharge standards (data/reference/discharge-standards.json), read once; a bad file is logged and leaves none.</summary>
public sealed class DischargeCatalogueSource(IOptions<PlanFilesOptions> files, ILogger<DischargeCatalogueSource> log)
{
    private readonly Lazy<DischargeCatalogue> _catalogue = new(() =>
    {
        var path = Path.Combine(files.Value.ResolvedReferenceDirectory, DischargeStandards.FileName);
        try
        {
            return DischargeStandards.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or DischargeStandardsException or UnauthorizedAccessException)
        {
            log.LogError("Discharge standards not loaded from {Path}: {Error}", path, e.Message);
            return new DischargeCatalogue([], new Dictionary<OutfallType, string>());
        }
    });

    public DischargeCatalogue Catalogue => _catalogue.Value;
}

/// <summary>An outfall with what the supervision rule found.</summary>
public sealed record SupervisedOutfall(Outfall Outfall, SupervisionStatus Status, DateTimeOffset? LastPacketAt, DateOnly? LastResultOn, bool? LastComplies);

/// <summary>Filters of the registry list; null means any.</summary>
public sealed record OutfallFilter(string? Region = null, string? Type = null, string? Filing = null, bool? Supervised = null);

/// <summary>The outfall registry: registering and changing outfalls, entering supervisory results, the supervision share; audited with each change.</summary>
public sealed partial class Outfalls(AppDbContext db, CurrentUser currentUser, TimeProvider clock, DischargeCatalogueSource standards, IOptions<OutfallOptions> options, City city)
{
    public const string EntityType = "Outfall";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")]
    private static partial Regex CodePattern();

    public DischargeCatalogue Catalogue => standards.Catalogue;

    public TimeSpan OnlineWindow => TimeSpan.FromHours(options.Value.OnlineWindowHours);

    /// <summary>Every registered (not retired) outfall with its supervision status on <paramref name="asOf"/> (default: today, China Standard Time).</summary>
    public Task<List<SupervisedOutfall>> SuperviseAsync(DateOnly? asOf, CancellationToken ct) =>
        SuperviseAsync(db, clock.GetUtcNow(), OnlineWindow, asOf, ct);

    internal static async Task<List<SupervisedOutfall>> SuperviseAsync(AppDbContext db, DateTimeOffset now, TimeSpan window, DateOnly? asOf, CancellationToken ct)
    {
        var day = asOf ?? DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var outfalls = await db.Outfalls.AsNoTracking().Where(o => !o.Retired).OrderBy(o => o.RegionCode).ThenBy(o => o.Code).ToListAsync(ct);
        var monitorCodes = outfalls.Where(o => o.MonitorStationCode != null).Select(o => o.MonitorStationCode!).Distinct().ToList();
        var packets = await db.Stations.AsNoTracking().Where(s => monitorCodes.Contains(s.Code)).Select(s => new { s.Code, s.LastPacketAt }).ToListAsync(ct);
        var latest = await db.OutfallResults.AsNoTracking().Where(r => r.SampledOn <= day)
            .GroupBy(r => r.OutfallId).Select(g => new { OutfallId = g.Key, On = g.Max(r => r.SampledOn) }).ToListAsync(ct);
        var latestIds = latest.Select(l => l.OutfallId).ToList();
        var complies = await db.OutfallResults.AsNoTracking().Where(r => latestIds.Contains(r.OutfallId) && r.SampledOn <= day)
            .Select(r => new { r.OutfallId, r.SampledOn, r.Complies }).ToListAsync(ct);
        return outfalls.Select(o =>
        {
            var packet = packets.FirstOrDefault(p => p.Code == o.MonitorStationCode)?.LastPacketAt;
            var on = latest.FirstOrDefault(l => l.OutfallId == o.Id)?.On;
            var status = DigitalSupervision.Judge(new SupervisionInput(packet, o.ScheduleDays, on), now, window, day);
            return new SupervisedOutfall(o, status, packet, on, complies.FirstOrDefault(c => c.OutfallId == o.Id && c.SampledOn == on)?.Complies);
        }).ToList();
    }

    public async Task<List<OutfallDto>> ListAsync(OutfallFilter filter, CancellationToken ct)
    {
        var rows = await SuperviseAsync(null, ct);
        var names = await RegionNamesAsync(ct);
        var type = OutfallNames.ParseType(filter.Type);
        var filing = OutfallNames.ParseFiling(filter.Filing);
        return rows.Where(r => (filter.Region is null || r.Outfall.RegionCode.StartsWith(StationQueries.RegionPrefix(filter.Region), StringComparison.Ordinal))
                && (type is null || r.Outfall.Type == type) && (filing is null || r.Outfall.Filing == filing)
                && (filter.Supervised is null || r.Status.Supervised == filter.Supervised))
            .Select(r => ToDto(r, names)).ToList();
    }

    public async Task<Outcome<OutfallDto>> GetAsync(string code, CancellationToken ct)
    {
        var row = (await SuperviseAsync(null, ct)).FirstOrDefault(r => r.Outfall.Code == code);
        return row is null ? Fail.NotFound($"排污口 {code} 不存在") : ToDto(row, await RegionNamesAsync(ct));
    }

    /// <summary>The share under digital supervision per district, and for the city last.</summary>
    public async Task<List<SupervisionShareDto>> SharesAsync(CancellationToken ct)
    {
        var rows = await SuperviseAsync(null, ct);
        var names = await RegionNamesAsync(ct);
        var shares = rows.GroupBy(r => r.Outfall.RegionCode).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Share(g.Key, names.GetValueOrDefault(g.Key) ?? g.Key, g.ToList())).ToList();
        shares.Add(Share(city.Code, names.GetValueOrDefault(city.Code) ?? city.Name, rows));
        return shares;
    }

    private static SupervisionShareDto Share(string region, string name, List<SupervisedOutfall> rows)
    {
        var supervised = rows.Count(r => r.Status.Supervised);
        return new SupervisionShareDto(region, name, rows.Count, supervised, rows.Count(r => r.Status.Basis == SupervisionBasis.Online),
            rows.Count(r => r.Status.Basis == SupervisionBasis.Schedule), rows.Count == 0 ? null : Math.Round(100m * supervised / rows.Count, 1));
    }

    public async Task<Outcome<Outfall>> CreateAsync(OutfallRequest request, CancellationToken ct)
    {
        var (errors, wanted) = await CheckAsync(request, ct);
        if (errors.Any)
            return errors.ToFailure();
        if (await db.Outfalls.AnyAsync(o => o.Code == wanted.Code, ct))
            return Fail.Conflict($"排污口编码 {wanted.Code} 已存在");
        var actor = await currentUser.GetAsync(ct);
        var now = clock.GetUtcNow();
        wanted.UpdatedAt = now;
        wanted.UpdatedBy = actor.Email;
        db.Outfalls.Add(wanted);
        // The code names the outfall for people and the audit: known before the insert, so one SaveChanges holds both.
        Audit.Record(db, actor, now, "outfall.register", EntityType, wanted.Code, null, Snapshot(wanted));
        await db.SaveChangesAsync(ct);
        return Outcomes.Created(wanted);
    }

    public async Task<Outcome<Outfall>> UpdateAsync(string code, OutfallRequest request, CancellationToken ct)
    {
        if (await db.Outfalls.SingleOrDefaultAsync(o => o.Code == code, ct) is not { } row)
            return Fail.NotFound($"排污口 {code} 不存在");
        var (errors, wanted) = await CheckAsync(request with { Code = code }, ct);
        if (errors.Any)
            return errors.ToFailure();
        var before = Snapshot(row);
        if (!Apply(row, wanted))
            return row;
        var actor = await currentUser.GetAsync(ct);
        var now = clock.GetUtcNow();
        row.UpdatedAt = now;
        row.UpdatedBy = actor.Email;
        Audit.Record(db, actor, now, "outfall.update", EntityType, row.Code, before, Snapshot(row));
        await db.SaveChangesAsync(ct);
        return row;
    }

    /// <summary>Copies the registry fields of <paramref name="wanted"/> onto <paramref name="row"/>; true when anything changed.</summary>
    internal static bool Apply(Outfall row, Outfall wanted)
    {
        var changed = row.Name != wanted.Name || row.Type != wanted.Type || row.ReceivingKind != wanted.ReceivingKind || row.ReceivingWater != wanted.ReceivingWater
            || row.RegionCode != wanted.RegionCode || row.Longitude != wanted.Longitude || row.Latitude != wanted.Latitude || row.ResponsibleUnit != wanted.ResponsibleUnit
            || row.Filing != wanted.Filing || row.FiledOn != wanted.FiledOn || row.StandardId != wanted.StandardId || row.MonitorStationCode != wanted.MonitorStationCode
            || row.ScheduleDays != wanted.ScheduleDays || row.Note != wanted.Note || row.Retired;
        if (!changed)
            return false;
        (row.Name, row.Type, row.ReceivingKind, row.ReceivingWater, row.RegionCode) = (wanted.Name, wanted.Type, wanted.ReceivingKind, wanted.ReceivingWater, wanted.RegionCode);
        (row.Longitude, row.Latitude, row.ResponsibleUnit, row.Filing, row.FiledOn) = (wanted.Longitude, wanted.Latitude, wanted.ResponsibleUnit, wanted.Filing, wanted.FiledOn);
        (row.StandardId, row.MonitorStationCode, row.ScheduleDays, row.Note, row.Retired) = (wanted.StandardId, wanted.MonitorStationCode, wanted.ScheduleDays, wanted.Note, false);
        return true;
    }

    internal static object Snapshot(Outfall o) => new
    {
        o.Code, o.Name, type = o.Type.Code(), o.ReceivingKind, o.ReceivingWater, o.RegionCode, o.Longitude, o.Latitude, o.ResponsibleUnit,
        filing = o.Filing.Code(), o.FiledOn, o.StandardId, o.MonitorStationCode, o.ScheduleDays, o.Note,
    };

    /// <summary>The field errors of a request (keys as the API names them) and, when there are none, the outfall it describes.</summary>
    public async Task<(FieldErrors Errors, Outfall Wanted)> CheckAsync(OutfallRequest r, CancellationToken ct)
    {
        var regions = await db.Regions.AsNoTracking().Select(x => new { x.Code, x.Name }).ToListAsync(ct);
        var stations = r.MonitorStationCode is { Length: > 0 } m ? await db.Stations.AsNoTracking().AnyAsync(s => s.Code == m.Trim(), ct) : true;
        return Check(r, regions.ToDictionary(x => x.Code, x => x.Name), _ => stations, Catalogue, city);
    }

    /// <summary>The checks of one outfall, shared by the form, the API and each workbook row.</summary>
    internal static (FieldErrors Errors, Outfall Wanted) Check(OutfallRequest r, IReadOnlyDictionary<string, string> regions, Func<string, bool> stationExists, DischargeCatalogue catalogue, City city)
    {
        var errors = new FieldErrors();
        var code = r.Code?.Trim() ?? "";
        if (!CodePattern().IsMatch(code))
            errors.Add("code", "编码须为字母、数字和连字符，至多 40 个字符");
        var name = r.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
            errors.Add("name", "请填写名称（至多 200 字）");
        var type = OutfallNames.ParseType(r.Type);
        if (type is null)
            errors.Add("type", "类型须为 工业、城镇污水处理厂、农业、养殖、雨洪 或 其他");
        var receiving = Environment.Outfalls.ReceivingKind.Parse(r.ReceivingKind);
        if (receiving is null)
            errors.Add("receivingKind", "受纳水体类型须为 入河 或 入海");
        var water = r.ReceivingWater?.Trim() ?? "";
        if (water.Length is 0 or > 100)
            errors.Add("receivingWater", "请填写受纳水体（河流或海域名称，至多 100 字）");
        var region = r.Region?.Trim() ?? "";
        if (!regions.ContainsKey(region))
        {
            var byName = regions.FirstOrDefault(x => x.Value == region).Key;
            if (byName is null || !city.Contains(byName))
                errors.Add("region", $"所在区（市）须为{city.Name}的区（市）代码或名称");
            else
                region = byName;
        }
        if ((r.Longitude is null) != (r.Latitude is null))
            errors.Add("longitude", "经度和纬度须同时填写或同时留空");
        else if (city.Bounds is { } box && (r.Longitude is { } lon && !box.ContainsLongitude((double)lon) || r.Latitude is { } lat && !box.ContainsLatitude((double)lat)))
            errors.Add("longitude", $"坐标不在{city.Name}范围内（经度 {box.West}–{box.East}，纬度 {box.South}–{box.North}）");
        var filing = string.IsNullOrWhiteSpace(r.Filing) ? FilingStatus.NotFiled : OutfallNames.ParseFiling(r.Filing);
        if (filing is null)
            errors.Add("filing", "备案状态须为 未备案、备案中 或 已备案");
        if (filing == FilingStatus.Filed && r.FiledOn is null)
            errors.Add("filedOn", "已备案的排污口须填写备案日期");
        if (filing != FilingStatus.Filed && r.FiledOn is not null)
            errors.Add("filedOn", "只有已备案的排污口有备案日期");
        var standardId = string.IsNullOrWhiteSpace(r.StandardId) ? type is { } t ? catalogue.DefaultFor(t)?.Id : null : r.StandardId.Trim();
        if (standardId is not null && catalogue.Find(standardId) is null)
        {
            var byName = catalogue.Standards.FirstOrDefault(s => s.Name == standardId);
            if (byName is null)
                errors.Add("standardId", $"未配置的排放标准 {standardId}");
            else
                standardId = byName.Id;
        }
        var monitor = string.IsNullOrWhiteSpace(r.MonitorStationCode) ? null : r.MonitorStationCode.Trim();
        if (monitor is not null && !stationExists(monitor))
            errors.Add("monitorStationCode", $"站点登记中没有代码为 {monitor} 的在线监测站点");
        if (r.ScheduleDays is < 1 or > 366)
            errors.Add("scheduleDays", "监督性监测周期须为 1–366 天");
        var note = string.IsNullOrWhiteSpace(r.Note) ? null : r.Note.Trim();
        if (note?.Length > 1000)
            errors.Add("note", "备注至多 1000 字");
        var unit = string.IsNullOrWhiteSpace(r.ResponsibleUnit) ? null : r.ResponsibleUnit.Trim();
        if (unit?.Length > 200)
            errors.Add("responsibleUnit", "责任单位至多 200 字");
        var outfall = new Outfall
        {
            Code = code, Name = name, Type = type ?? OutfallType.Other, ReceivingKind = receiving ?? Environment.Outfalls.ReceivingKind.River, ReceivingWater = water,
            RegionCode = region, Longitude = r.Longitude, Latitude = r.Latitude, ResponsibleUnit = unit, Filing = filing ?? FilingStatus.NotFiled,
            FiledOn = r.FiledOn, StandardId = standardId, MonitorStationCode = monitor, ScheduleDays = r.ScheduleDays, Note = note, UpdatedBy = "",
        };
        return (errors, outfall);
    }

    public async Task<Outcome<OutfallResultDto>> AddResultAsync(string code, OutfallResultRequest request, CancellationToken ct)
    {
        if (await db.Outfalls.AsNoTracking().SingleOrDefaultAsync(o => o.Code == code && !o.Retired, ct) is not { } outfall)
            return Fail.NotFound($"排污口 {code} 不存在");
        var errors = new FieldErrors();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);
        if (request.SampledOn is not { } on)
            errors.Add("sampledOn", "请填写采样日期");
        else if (on > today)
            errors.Add("sampledOn", "采样日期不能晚于今天");
        var values = new Dictionary<DischargeParameter, decimal>();
        foreach (var (key, value) in request.Values ?? [])
        {
            if (!Enum.TryParse<DischargeParameter>(key, ignoreCase: true, out var p) || int.TryParse(key, out _))
                errors.Add("values", $"未知的监测项目 {key}");
            else if (p == DischargeParameter.PH ? value is < 0 or > 14 : p == DischargeParameter.WaterTemperature ? value is < -5 or > 60 : value is < 0 or > 1_000_000)
                errors.Add($"values.{p}", $"{p.Chinese()} 的数值 {value} 超出可能的范围");
            else
                values[p] = value;
        }
        if (values.Keys.All(p => p == DischargeParameter.WaterTemperature) && !errors.Any)
            errors.Add("values", "请至少填写一项监测值");
        if (errors.Any)
            return errors.ToFailure();
        if (await db.OutfallResults.AnyAsync(r => r.OutfallId == outfall.Id && r.SampledOn == request.SampledOn, ct))
            return Fail.Conflict($"{outfall.Name} 在 {request.SampledOn:yyyy-MM-dd} 已有监测结果");
        var standard = Catalogue.Find(outfall.StandardId);
        var judgment = DischargeJudge.Judge(standard, values);
        var actor = await currentUser.GetAsync(ct);
        var now = clock.GetUtcNow();
        var row = new OutfallResult
        {
            OutfallId = outfall.Id, SampledOn = request.SampledOn!.Value, StandardId = standard?.Id, Complies = judgment.Complies, Judgment = judgment.Text,
            EnteredBy = actor.Email, CreatedAt = now,
        };
        row.Set(values);
        db.OutfallResults.Add(row);
        Audit.Record(db, actor, now, "outfall-result.add", "OutfallResult", $"{outfall.Code}/{row.SampledOn:yyyy-MM-dd}", null,
            new { outfall = outfall.Code, row.SampledOn, values, judgment.Complies, judgment = judgment.Text });
        await db.SaveChangesAsync(ct);
        return Outcomes.Created(ToDto(outfall, row, judgment));
    }

    public async Task<Outcome<List<OutfallResultDto>>> ResultsAsync(string code, CancellationToken ct)
    {
        if (await db.Outfalls.AsNoTracking().SingleOrDefaultAsync(o => o.Code == code, ct) is not { } outfall)
            return Fail.NotFound($"排污口 {code} 不存在");
        var rows = await db.OutfallResults.AsNoTracking().Where(r => r.OutfallId == outfall.Id).OrderByDescending(r => r.SampledOn).ToListAsync(ct);
        return rows.Select(r => ToDto(outfall, r, DischargeJudge.Judge(Catalogue.Find(r.StandardId), r.Values()))).ToList();
    }

    private static OutfallResultDto ToDto(Outfall outfall, OutfallResult r, DischargeJudgment judgment) =>
        new(outfall.Code, r.SampledOn, r.Values().ToDictionary(v => v.Key.ToString(), v => v.Value), r.StandardId, r.Complies, r.Judgment,
            judgment.Exceedances.Select(e => e.ToDto()).ToList());

    public async Task<Dictionary<string, string>> RegionNamesAsync(CancellationToken ct) =>
        await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, StringComparer.Ordinal, ct);

    public OutfallDto ToDto(SupervisedOutfall s, IReadOnlyDictionary<string, string> regions)
    {
        var o = s.Outfall;
        return new OutfallDto(o.Code, o.Name, o.Type.Code(), o.Type.Chinese(), o.ReceivingKind, Environment.Outfalls.ReceivingKind.Chinese(o.ReceivingKind), o.ReceivingWater,
            o.RegionCode, regions.GetValueOrDefault(o.RegionCode), o.Longitude, o.Latitude, o.ResponsibleUnit, o.Filing.Code(), o.Filing.Chinese(), o.FiledOn,
            o.StandardId, Catalogue.Find(o.StandardId)?.Name, o.MonitorStationCode, s.LastPacketAt, o.ScheduleDays, s.LastResultOn, s.LastComplies,
            s.Status.Supervised, s.Status.Basis switch { SupervisionBasis.Online => "online", SupervisionBasis.Schedule => "schedule", _ => "none" },
            s.Status.Reason, o.Note);
    }
}
