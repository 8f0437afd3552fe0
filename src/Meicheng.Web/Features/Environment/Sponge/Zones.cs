using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Meicheng.Core.Environment.Sponge;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using City = Meicheng.Web.Features.Regions.City;

namespace Meicheng.Web.Features.Environment.Sponge;

/// <summary>The "Sponge" configuration section.</summary>
public sealed class SpongeOptions
{
    /// <summary>
    /// The plan's baseline year for 新增海绵城市达标面积: the 2025–2027 plan states no baseline, so the year before its
    /// period (2024) is the default; zones marked compliant at the baseline are not new area.
    /// </summary>
    public int BaselineYear { get; set; } = 2024;

    /// <summary>Largest rainfall/flow CSV accepted, in bytes.</summary>
    public long MaxCsvBytes { get; set; } = 8L << 20;

    /// <summary>Data lines a CSV may hold.</summary>
    public int MaxCsvRows { get; set; } = 200_000;
}

public sealed record ZoneRequest(string? Code, string? Name, string? Region, decimal? AreaKm2, decimal? TargetCaptureRatio, bool CompliantAtBaseline,
    string? Geometry, string? Note);

public sealed record ZoneDto(string Code, string Name, string RegionCode, string? RegionName, decimal AreaKm2, decimal TargetCaptureRatio, bool CompliantAtBaseline,
    bool HasGeometry, int Year, decimal? CaptureRatio, string Method, decimal RainfallMm, decimal RainfallVolumeM3, decimal OutflowVolumeM3, int RainDays,
    int OutflowDays, string? Missing, bool? Meets, bool CountsAsNew, string? Note);

/// <summary>A line of a monitoring CSV that was refused: line number (1 = header), column and reason.</summary>
public sealed record CsvIssueDto(int Line, string Column, string Reason);

public sealed record SeriesImportResultDto(int Rows, int Created, int Updated, int Unchanged);

/// <summary>New 达标面积 of a year: the zones counted, with the area and ratio of each.</summary>
public sealed record CompliantArea(int Year, int BaselineYear, decimal AreaKm2, IReadOnlyList<ZoneDto> Zones, IReadOnlyList<ZoneDto> Assessed);

/// <summary>Drainage zones, their monitoring series and their capture ratio; audited with each change.</summary>
public sealed partial class Zones(AppDbContext db, CurrentUser currentUser, TimeProvider clock, IOptions<SpongeOptions> options, City city)
{
    public const string EntityType = "DrainageZone";
    public const string CsvHeader = "zone,date,rainfall_mm,outflow_m3";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")]
    private static partial Regex CodePattern();

    public int BaselineYear => options.Value.BaselineYear;

    public async Task<List<ZoneDto>> ListAsync(int year, CancellationToken ct) => await AssessAsync(db, year, ct);

    internal static async Task<List<ZoneDto>> AssessAsync(AppDbContext db, int year, CancellationToken ct)
    {
        var zones = await db.DrainageZones.AsNoTracking().OrderBy(z => z.RegionCode).ThenBy(z => z.Code).ToListAsync(ct);
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var days = await db.ZoneMonitoringDays.AsNoTracking().Where(d => d.Date >= from && d.Date <= to).ToListAsync(ct);
        var regions = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, StringComparer.Ordinal, ct);
        return zones.Select(z =>
        {
            var mine = days.Where(d => d.ZoneId == z.Id).ToList();
            var result = RunoffCapture.Compute(year, z.AreaKm2,
                mine.Where(d => d.RainfallMm is not null).Select(d => new RainfallDay(d.Date, d.RainfallMm!.Value)),
                mine.Where(d => d.OutflowM3 is not null).Select(d => new OutflowDay(d.Date, d.OutflowM3!.Value)));
            var meets = RunoffCapture.Meets(result, z.TargetCaptureRatio);
            return new ZoneDto(z.Code, z.Name, z.RegionCode, regions.GetValueOrDefault(z.RegionCode), z.AreaKm2, z.TargetCaptureRatio, z.CompliantAtBaseline,
                z.Geometry is not null, year, result.Ratio, "annual-volume-balance", result.RainfallMm, result.RainfallVolumeM3, result.OutflowVolumeM3,
                result.RainDays, result.OutflowDays, result.Missing, meets, meets == true && !z.CompliantAtBaseline, z.Note);
        }).ToList();
    }

    /// <summary>New 达标面积 in <paramref name="year"/>: the area of zones meeting every target that year and not already compliant at the baseline.</summary>
    internal static async Task<CompliantArea> NewCompliantAreaAsync(AppDbContext db, int year, int baselineYear, CancellationToken ct)
    {
        var assessed = await AssessAsync(db, year, ct);
        var counted = assessed.Where(z => z.CountsAsNew).ToList();
        return new CompliantArea(year, baselineYear, counted.Sum(z => z.AreaKm2), counted, assessed);
    }

    public async Task<Outcome<DrainageZone>> SaveAsync(ZoneRequest r, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var code = r.Code?.Trim() ?? "";
        if (!CodePattern().IsMatch(code))
            errors.Add("code", "编码须为字母、数字和连字符，至多 40 个字符");
        var name = r.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
            errors.Add("name", "请填写名称（至多 200 字）");
        var region = r.Region?.Trim() ?? "";
        if (!await db.Regions.AnyAsync(x => x.Code == region && x.ParentCode == city.Code, ct))
            errors.Add("region", $"请选择{city.Name}的区（市）");
        if (r.AreaKm2 is not (> 0 and <= 1000))
            errors.Add("areaKm2", "面积须大于 0、至多 1000 平方公里");
        if (r.TargetCaptureRatio is not (> 0 and <= 100))
            errors.Add("targetCaptureRatio", "年径流总量控制率目标须在 0–100% 之间");
        var geometry = string.IsNullOrWhiteSpace(r.Geometry) ? null : r.Geometry.Trim();
        if (geometry is not null && GeometryError(geometry) is { } geometryError)
            errors.Add("geometry", geometryError);
        var note = string.IsNullOrWhiteSpace(r.Note) ? null : r.Note.Trim();
        if (note?.Length > 1000)
            errors.Add("note", "备注至多 1000 字");
        if (errors.Any)
            return errors.ToFailure();
        var actor = await currentUser.GetAsync(ct);
        var now = clock.GetUtcNow();
        var row = await db.DrainageZones.SingleOrDefaultAsync(z => z.Code == code, ct);
        var created = row is null;
        object? before = row is null ? null : Snapshot(row);
        row ??= db.DrainageZones.Add(new DrainageZone { Code = code, Name = name, RegionCode = region, UpdatedBy = actor.Email }).Entity;
        (row.Name, row.RegionCode, row.AreaKm2, row.TargetCaptureRatio, row.CompliantAtBaseline, row.Geometry, row.Note) =
            (name, region, r.AreaKm2!.Value, r.TargetCaptureRatio!.Value, r.CompliantAtBaseline, geometry, note);
        if (!created && db.Entry(row).State == EntityState.Unchanged)
            return row;
        row.UpdatedAt = now;
        row.UpdatedBy = actor.Email;
        Audit.Record(db, actor, now, created ? "drainage-zone.register" : "drainage-zone.update", EntityType, code, before, Snapshot(row));
        await db.SaveChangesAsync(ct);
        return created ? Outcomes.Created(row) : row;
    }

    private static object Snapshot(DrainageZone z) => new { z.Code, z.Name, z.RegionCode, z.AreaKm2, z.TargetCaptureRatio, z.CompliantAtBaseline, geometry = z.Geometry is not null, z.Note };

    private static string? GeometryError(string geometry)
    {
        if (geometry.Length > 1_000_000)
            return "几何数据过大（至多 1 MB）";
        try
        {
            using var doc = JsonDocument.Parse(geometry);
            var type = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("type", out var t) ? t.GetString() : null;
            return type is "Polygon" or "MultiPolygon" && doc.RootElement.TryGetProperty("coordinates", out var c) && c.ValueKind == JsonValueKind.Array
                ? null : "几何须为 GeoJSON 的 Polygon 或 MultiPolygon";
        }
        catch (JsonException)
        {
            return "几何不是有效的 GeoJSON";
        }
    }

    /// <summary>
    /// Imports daily rainfall and outflow (<see cref="CsvHeader"/>; either value may be blank, and a blank keeps what is
    /// stored). Validated as a whole: nothing is saved unless every line is valid; the same file again changes nothing.
    /// </summary>
    public async Task<(SeriesImportResultDto? Result, List<CsvIssueDto> Issues)> ImportSeriesAsync(Stream content, long length, CancellationToken ct)
    {
        var o = options.Value;
        if (length > o.MaxCsvBytes)
            return (null, [new(0, "", $"文件大小 {length / 1024} KB 超过上限 {o.MaxCsvBytes / 1024} KB")]);
        var zones = await db.DrainageZones.AsNoTracking().ToDictionaryAsync(z => z.Code, z => z.Id, StringComparer.Ordinal, ct);
        var issues = new List<CsvIssueDto>();
        var rows = new Dictionary<(int Zone, DateOnly Date), (decimal? Rain, decimal? Flow)>();
        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var lineNumber = 0;
        long read = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            lineNumber++;
            read += line.Length + 1;
            if (read > o.MaxCsvBytes)
                return (null, [new(lineNumber, "", $"文件超过上限 {o.MaxCsvBytes / 1024} KB")]);
            if (lineNumber == 1)
            {
                if (!string.Equals(line.Trim().Replace(" ", "", StringComparison.Ordinal), CsvHeader, StringComparison.OrdinalIgnoreCase))
                    return (null, [new(1, "", $"表头应为 {CsvHeader}")]);
                continue;
            }
            if (string.IsNullOrWhiteSpace(line))
                continue;
            if (lineNumber - 1 > o.MaxCsvRows)
                return (null, [new(lineNumber, "", $"超过 {o.MaxCsvRows} 行的上限")]);
            if (issues.Count >= 1000)
                break;
            var f = line.Split(',');
            if (f.Length != 4)
            {
                issues.Add(new(lineNumber, "", $"应有 4 列，实为 {f.Length} 列"));
                continue;
            }
            var before = issues.Count;
            var code = f[0].Trim();
            if (!zones.TryGetValue(code, out var zoneId))
                issues.Add(new(lineNumber, "zone", $"没有编码为 {code} 的排水分区"));
            if (!DateOnly.TryParseExact(f[1].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                issues.Add(new(lineNumber, "date", $"“{f[1].Trim()}”不是日期（yyyy-MM-dd）"));
            decimal? Value(int i, string column, decimal max)
            {
                var text = f[i].Trim();
                if (text.Length == 0)
                    return null;
                if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v < 0 || v > max)
                {
                    issues.Add(new(lineNumber, column, $"“{text}”须为 0–{max.ToString(CultureInfo.InvariantCulture)} 之间的数"));
                    return null;
                }
                return v;
            }
            var rain = Value(2, "rainfall_mm", 2000m);
            var flow = Value(3, "outflow_m3", 1_000_000_000m);
            if (issues.Count == before && rain is null && flow is null)
                issues.Add(new(lineNumber, "", "降雨量与外排水量至少填一项"));
            if (issues.Count == before && !rows.TryAdd((zoneId, date), (rain, flow)))
                issues.Add(new(lineNumber, "date", $"{code} 的 {date:yyyy-MM-dd} 在文件中重复"));
        }
        if (lineNumber == 0)
            return (null, [new(1, "", $"文件为空；表头应为 {CsvHeader}")]);
        if (issues.Count > 0)
            return (null, issues);

        var zoneIds = rows.Keys.Select(k => k.Zone).Distinct().ToList();
        var from = rows.Keys.Min(k => k.Date);
        var to = rows.Keys.Max(k => k.Date);
        var existing = await db.ZoneMonitoringDays.Where(d => zoneIds.Contains(d.ZoneId) && d.Date >= from && d.Date <= to)
            .ToDictionaryAsync(d => (d.ZoneId, d.Date), ct);
        int created = 0, updated = 0;
        foreach (var ((zone, date), (rain, flow)) in rows)
        {
            if (!existing.TryGetValue((zone, date), out var day))
            {
                db.ZoneMonitoringDays.Add(new ZoneMonitoringDay { ZoneId = zone, Date = date, RainfallMm = rain, OutflowM3 = flow });
                created++;
                continue;
            }
            var newRain = rain ?? day.RainfallMm;
            var newFlow = flow ?? day.OutflowM3;
            if (newRain == day.RainfallMm && newFlow == day.OutflowM3)
                continue;
            (day.RainfallMm, day.OutflowM3) = (newRain, newFlow);
            updated++;
        }
        var result = new SeriesImportResultDto(rows.Count, created, updated, rows.Count - created - updated);
        if (created + updated == 0)
            return (result, issues);
        var actor = await currentUser.GetAsync(ct);
        Audit.Record(db, actor, clock.GetUtcNow(), "zone-monitoring.import", EntityType, string.Join(",", zones.Where(z => zoneIds.Contains(z.Value)).Select(z => z.Key).Order()),
            null, new { rows = rows.Count, created, updated, from, to });
        await db.SaveChangesAsync(ct);
        return (result, issues);
    }
}
