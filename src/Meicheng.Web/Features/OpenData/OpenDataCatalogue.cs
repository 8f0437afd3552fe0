using System.Globalization;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Reporting;
using Microsoft.EntityFrameworkCore;
using PlanTokens = Meicheng.Core.Plans.PlanTokens;
using City = Meicheng.Web.Features.Regions.City;

namespace Meicheng.Web.Features.OpenData;

/// <summary>One column of a download: its snake_case header and what it means (the data dictionary).</summary>
public sealed record OpenDataColumn(string Name, string Chinese, string English);

public sealed record OpenDataTarget(string TargetId, string PlanId, string Comparator, decimal Value, string Unit, int Year, bool Aspirational);

/// <summary>One indicator in the catalogue, with its targets and what has been approved for it.</summary>
public sealed record OpenDataIndicator(
    string Id, string Name, string? NameEn, string Unit, string Direction, string Category, IReadOnlyList<OpenDataTarget> Targets,
    decimal? LatestCityValue, string? LatestCityPeriod, int ApprovedObservations, string CsvUrl, string JsonUrl);

/// <summary>One approved observation (the latest approved revision of its target, period and region).</summary>
public sealed record OpenDataRow(
    string IndicatorId, string IndicatorName, string? IndicatorNameEn, string TargetId, string PlanId, string RegionCode, string RegionName, string? RegionNameEn,
    string PeriodKey, DateOnly PeriodStart, DateOnly PeriodEnd, decimal Value, string Unit, string Source, string? DataSource, string? Basis,
    DateTimeOffset? ApprovedAt, bool IsDemo);

/// <summary>
/// The open data: the indicator catalogue and every approved observation per indicator. The rows come from the same query
/// as <c>GET /api/public/observations</c> (<see cref="ReportingQueries.ApprovedObservationsAsync"/>); demo rows are dropped
/// unless the site runs in demo mode.
/// </summary>
public static class OpenDataCatalogue
{
    public static string Licence(City city) =>
        $"可自由下载使用，请注明来源：{city.PlatformName}（美城）。Free to download and use; please credit the source: Meicheng, {city.NameEn} plan-tracking platform.";

    public static readonly IReadOnlyList<OpenDataColumn> RowColumns =
    [
        new("indicator_id", "指标标识", "Indicator id (stable)"),
        new("indicator_name", "指标名称（中文）", "Indicator name (Chinese)"),
        new("indicator_name_en", "指标名称（英文）", "Indicator name (English)"),
        new("target_id", "目标标识（规划中的一项量化目标）", "Target id (one quantified target of a plan)"),
        new("plan_id", "规划标识", "Plan id"),
        new("region_code", "行政区划代码（GB/T 2260）", "Region code (GB/T 2260)"),
        new("region_name", "区域名称（中文）", "Region name (Chinese)"),
        new("region_name_en", "区域名称（英文）", "Region name (English)"),
        new("period_key", "填报期（如 2026、2026-Q3、2026-07）", "Reporting period (e.g. 2026, 2026-Q3, 2026-07)"),
        new("period_start", "填报期起始日（YYYY-MM-DD）", "Period start date (YYYY-MM-DD)"),
        new("period_end", "填报期截止日（YYYY-MM-DD）", "Period end date (YYYY-MM-DD)"),
        new("value", "数值（以指标单位计）", "Value, in the indicator's unit"),
        new("unit", "单位", "Unit"),
        new("source", "数据来源类型：reported 报送、computed 由监测数据计算、survey 调查", "How the value arose: reported, computed (from monitoring data) or survey"),
        new("data_source", "数据出处（如统计年报）", "Where the figure comes from (e.g. a statistical yearbook)"),
        new("basis", "统计口径", "Statistical basis"),
        new("approved_at", "审核通过时间（UTC，ISO 8601）", "When it was approved (UTC, ISO 8601)"),
        new("is_demo", "是否为演示数据（仅演示模式下可能为 true）", "Demonstration data (true only ever in demo mode)"),
    ];

    public static readonly IReadOnlyList<OpenDataColumn> CatalogueColumns =
    [
        new("indicator_id", "指标标识", "Indicator id (stable)"),
        new("indicator_name", "指标名称（中文）", "Indicator name (Chinese)"),
        new("indicator_name_en", "指标名称（英文）", "Indicator name (English)"),
        new("unit", "单位", "Unit"),
        new("direction", "方向：up 越大越好，down 越小越好", "Direction: up = higher is better, down = lower is better"),
        new("category", "类别", "Category"),
        new("targets", "目标，每项为“目标标识: 比较符（<= >= < > = about reach）数值 单位 年份 [aspirational 表示力争]”，多项以“; ”分隔", "Targets, each \"target id: comparator (<= >= < > = about reach) value unit year [aspirational]\", separated by \"; \""),
        new("latest_city_value", "最新经审核的全市数值", "Latest approved city-wide value"),
        new("latest_city_period", "该数值的填报期", "Its reporting period"),
        new("approved_observations", "经审核的数据条数", "Number of approved observations"),
        new("csv_url", "该指标数据的 CSV 下载地址", "CSV download of the indicator's data"),
        new("json_url", "该指标数据的 JSON 下载地址", "JSON download of the indicator's data"),
    ];

    /// <summary>The published projects (项目库): name, type, place, status, investment.</summary>
    public static readonly IReadOnlyList<OpenDataColumn> ProjectColumns =
    [
        new("project_id", "项目标识", "Project id"),
        new("name", "项目名称", "Project name (Chinese)"),
        new("type", "项目类型", "Project type (Chinese)"),
        new("status", "状态代码：unknown planned preliminary under-construction completed in-operation suspended cancelled", "Status code"),
        new("status_name", "状态（中文）", "Status (Chinese)"),
        new("region_name", "所在区（市）", "District (Chinese)"),
        new("location", "建设地点", "Location (Chinese)"),
        new("investment", "总投资（万元）", "Total investment (10,000 yuan)"),
        new("geometry", "位置（GeoJSON，WGS84）", "Location as GeoJSON (WGS84)"),
    ];

    public static string Csv(IEnumerable<Projects.ProjectMapPointDto> projects) => Csv(ProjectColumns, projects.Select(p => new[]
    {
        p.Id.ToString(CultureInfo.InvariantCulture), Text(p.Name), Text(p.Type), p.Status, Text(p.StatusText), Text(p.RegionName), Text(p.Location),
        Number(p.Investment), p.Geometry ?? "",
    }));

    public static string CsvUrl(string id) => $"/open-data/indicators/{id}.csv";

    public static string JsonUrl(string id) => $"/open-data/indicators/{id}.json";

    /// <summary>Approved rows, for one indicator or all; demo rows only in demo mode.</summary>
    public static async Task<List<OpenDataRow>> RowsAsync(AppDbContext db, string? indicatorId, bool demo, CancellationToken ct)
    {
        var approved = (await ReportingQueries.ApprovedObservationsAsync(db, indicatorId, null, ct)).Where(o => demo || !o.IsDemo).ToList();
        var periodIds = approved.Select(o => o.PeriodId).Distinct().ToList();
        var periods = await db.ReportingPeriods.AsNoTracking().Where(p => periodIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var regions = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, ct);
        var indicators = await db.Indicators.AsNoTracking().ToDictionaryAsync(i => i.Id, ct);
        var targetIds = approved.Select(o => o.TargetId).Distinct().ToList();
        var plans = await db.Targets.AsNoTracking().Where(t => targetIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.PlanId, ct);
        return approved
            .Select(o =>
            {
                var period = periods[o.PeriodId];
                var region = regions.GetValueOrDefault(o.RegionCode);
                return new OpenDataRow(o.IndicatorId, o.IndicatorName, indicators[o.IndicatorId].NameEn, o.TargetId, plans[o.TargetId], o.RegionCode,
                    region?.Name ?? o.RegionCode, region?.NameEn, period.Key, period.Start, period.End, o.Value, o.Unit, o.Source, o.DataSource, o.Basis,
                    o.ReviewedAt, o.IsDemo);
            })
            .OrderBy(r => r.IndicatorId, StringComparer.Ordinal).ThenBy(r => r.TargetId, StringComparer.Ordinal).ThenBy(r => r.PeriodStart)
            .ThenBy(r => r.PeriodKey, StringComparer.Ordinal).ThenBy(r => r.RegionCode, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Every indicator of both plans with its targets and the latest approved city-wide value.</summary>
    public static async Task<List<OpenDataIndicator>> IndicatorsAsync(AppDbContext db, string city, bool demo, CancellationToken ct) =>
        Catalogue(await db.Indicators.AsNoTracking().ToListAsync(ct), await db.Targets.AsNoTracking().Where(t => !t.Retired).ToListAsync(ct),
            await RowsAsync(db, null, demo, ct), city);

    public static List<OpenDataIndicator> Catalogue(List<Plans.Indicator> indicators, List<Plans.Target> allTargets, List<OpenDataRow> allRows, string city)
    {
        var rows = allRows.ToLookup(r => r.IndicatorId);
        var targets = allTargets.OrderBy(t => t.Year).ThenBy(t => t.PlanId, StringComparer.Ordinal).ThenBy(t => t.SortOrder).ToLookup(t => t.IndicatorId);
        return indicators.OrderBy(i => i.Id, StringComparer.Ordinal).Select(i =>
        {
            var latest = rows[i.Id].Where(r => r.RegionCode == city).OrderBy(r => r.PeriodEnd).ThenBy(r => r.ApprovedAt).LastOrDefault();
            return new OpenDataIndicator(i.Id, i.Name, i.NameEn, i.Unit, PlanTokens.ToToken(i.Direction), i.Category,
                targets[i.Id].Select(t => new OpenDataTarget(t.Id, t.PlanId, PlanTokens.ToToken(t.Comparator), t.Value, t.Unit, t.Year, t.Aspirational)).ToList(),
                latest?.Value, latest?.PeriodKey, rows[i.Id].Count(), CsvUrl(i.Id), JsonUrl(i.Id));
        }).ToList();
    }

    /// <summary>A comparator for a reader: ≤ ≥ and the plan's words (约 / about, 达到 / reach).</summary>
    public static string Comparator(string token, bool english) => token switch
    {
        "<=" => "≤",
        ">=" => "≥",
        "about" => english ? "about" : "约",
        "reach" => english ? "reach" : "达到",
        _ => token,
    };

    public static string TargetText(OpenDataTarget t) =>
        $"{t.TargetId}: {t.Comparator} {Number(t.Value)} {t.Unit} {t.Year}{(t.Aspirational ? " aspirational" : "")}";

    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Csv(IEnumerable<OpenDataRow> rows) => Csv(RowColumns, rows.Select(r => new[]
    {
        Text(r.IndicatorId), Text(r.IndicatorName), Text(r.IndicatorNameEn), Text(r.TargetId), Text(r.PlanId), Text(r.RegionCode), Text(r.RegionName),
        Text(r.RegionNameEn), Text(r.PeriodKey), r.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        r.PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Number(r.Value), Text(r.Unit), Text(r.Source), Text(r.DataSource), Text(r.Basis),
        r.ApprovedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "", r.IsDemo ? "true" : "false",
    }));

    public static string Csv(IEnumerable<OpenDataIndicator> indicators) => Csv(CatalogueColumns, indicators.Select(i => new[]
    {
        Text(i.Id), Text(i.Name), Text(i.NameEn), Text(i.Unit), Text(i.Direction), Text(i.Category), Text(string.Join("; ", i.Targets.Select(TargetText))),
        i.LatestCityValue is { } v ? Number(v) : "", Text(i.LatestCityPeriod), i.ApprovedObservations.ToString(CultureInfo.InvariantCulture), i.CsvUrl, i.JsonUrl,
    }));

    // UTF-8 with a BOM (so spreadsheet programs read the Chinese right), CRLF line ends, RFC 4180 quoting.
    private static string Csv(IReadOnlyList<OpenDataColumn> columns, IEnumerable<string[]> rows)
    {
        var csv = new System.Text.StringBuilder("\uFEFF");
        csv.AppendJoin(',', columns.Select(c => c.Name)).Append("\r\n");
        foreach (var row in rows)
            csv.AppendJoin(',', row.Select(Quote)).Append("\r\n");
        return csv.ToString();
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    // Free text never starts a spreadsheet formula: a leading = + - @ gets a ' in front (numbers and dates are not touched).
    private static string Text(string? value) => value is { Length: > 0 } && "=+-@".Contains(value[0]) ? "'" + value : value ?? "";
}
