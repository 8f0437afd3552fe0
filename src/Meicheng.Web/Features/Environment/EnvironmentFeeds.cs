using Meicheng.Web.Common;
using System.Text.Json;
using Meicheng.Core.Environment.Air;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Environment.Sponge;
using Meicheng.Web.Features.Reporting;
using Microsoft.EntityFrameworkCore;
using City = Meicheng.Web.Features.Regions.City;

namespace Meicheng.Web.Features.Environment;

/// <summary>
/// One row of the mapping table: which computed statistic becomes an observation of which plan targets, for which
/// region, from which stations. The period is always the annual reporting period of the year computed.
/// </summary>
public sealed record FeedDefinition(string Id, string Title, string IndicatorId, IReadOnlyList<string> TargetIds, string RegionCode,
    string Statistic, string StationSet, string DataSource, string Basis);

public sealed record FeedResultDto(string FeedId, string TargetId, int Year, string Outcome, decimal? Value, int? ObservationId, int? Revision, string? Message);

public sealed record RecomputeRequest(int Year, string? Rules, string? Limits);

/// <summary>
/// A computed statistic that becomes milestone progress (a state and a narrative, with provenance) rather than a value of
/// an indicator: the plan models "实现入河、入海排污口数字化监管全覆盖" as a dated milestone, not a target.
/// </summary>
public sealed record MilestoneFeedDefinition(string Id, string Title, IReadOnlyList<string> MilestoneIds, string RegionCode, string Statistic, string Basis);

/// <summary>What the outfall and sponge feeds need besides the data: the online-monitor window and the plan's baseline year.</summary>
public sealed record FeedSettings(TimeSpan OnlineWindow, int SpongeBaselineYear);

/// <summary>
/// Feeds the plans: computed environmental statistics become observations (Source "computed", IsDemo false) of the
/// linked targets, through the reporting workflow, so a recomputation with an unchanged value adds no revision and a
/// changed value adds one (or is refused while the period is approved and locked).
/// </summary>
internal static class EnvironmentFeeds
{
    public const string Pm25 = "qingdao-pm25-annual-mean";
    public const string Sections = "qingdao-national-sections-compliance";
    public const string SpongeArea = "qingdao-sponge-city-new-compliant-area";
    public const string OutfallSupervision = "qingdao-outfall-digital-supervision";

    /// <summary>
    /// The mapping table. Not mapped, because the plans have no indicator for them or the statistic differs: the good-day
    /// share (优良天数比例: computed and shown, no plan indicator measures it), and the coastal good-water share (the plan
    /// indicator is an AREA share, which needs an interpolation method no standard fixes; a point share is not the same statistic).
    /// </summary>
    public static IReadOnlyList<FeedDefinition> All(City city) =>
    [
        new(Pm25, $"{city.Name}细颗粒物（PM2.5）年均浓度", "pm25-annual-mean", ["bc-goal-pm25-2027", "bc-a2-pm25-2027"], city.Code,
            "HJ 663-2013 城市 PM2.5 年平均浓度：各站有效日均值的年平均，再取各站算术平均，按 GB/T 8170 修约为整数；仅在统计有效（每站≥324天、每月≥27天、二月≥25天）时写入",
            $"{city.Name}（代码以 {city.CodePrefix} 开头）国控环境空气监测站，对照点除外；当年有数据的站点参与",
            "美城环境监测计算（小时数据入库后按 HJ 663 计算）", "国控点城市均值，HJ 663-2013"),
        new(Sections, $"{city.Name}国控断面水质达标率", "national-section-water-quality-compliance-rate", ["bc-t10-national-sections-compliance-2025"], city.Code,
            "达到目标类别的断面数 / 有目标类别且当年有样品的断面数 × 100：各断面取当年样品各项目算术平均，按 GB 3838-2002 单因子评价",
            $"{city.Name}（代码以 {city.CodePrefix} 开头）国控地表水断面，须有目标类别",
            "美城环境监测计算（录入的断面样品按 GB 3838-2002 评价）", "断面达标口径：达到目标类别的断面比例"),
        new(SpongeArea, $"{city.Name}新增海绵城市达标面积", "sponge-city-area-new",
            ["bc-goal-sponge-city-area-2027", "bc-t17-sponge-city-area-2027", "bc-t17-sponge-city-area-2025"], city.Code,
            "当年各项目标均达到的排水分区面积之和（平方公里），不含基准年已达标的分区；年径流总量控制率按 GB/T 51345-2018 监测法（年水量平衡：1 − 外排水量 / 降雨总量）计算",
            $"登记的{city.Name}排水分区（须有当年降雨与排口流量监测数据）",
            "美城海绵城市监测考评（排水分区降雨、流量监测数据计算）", "新增达标面积：基准年后达到控制目标的排水分区面积"),
    ];

    /// <summary>The milestone feeds: the plan's 2025 outfall milestone. Task 23 has no twin target for it in the plan data (checked).</summary>
    public static IReadOnlyList<MilestoneFeedDefinition> Milestones(City city) =>
    [
        new(OutfallSupervision, $"{city.Name}入河、入海排污口数字化监管覆盖率", ["bc-t31-outfall-digital-supervision-2025"], city.Code,
            "数字化监管的排污口数 / 登记在册（未注销）的排污口数 × 100：在线监测（HJ 212 最后数据在时限内）或按监督性监测计划在周期内有结果",
            "全覆盖即 100%：达到为“已完成”，期限年之后未达到为“滞后”，其余为“推进中”；没有登记的排污口时不写入"),
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed record Computed(decimal? Value, string? Skipped, object Provenance);

    public static async Task<List<FeedResultDto>> RecomputeAsync(AppDbContext db, Actor actor, City city, RecomputeRequest request, AirRules rules, int dueDays,
        DateTimeOffset now, FeedSettings settings, CancellationToken ct)
    {
        var results = new List<FeedResultDto>();
        foreach (var feed in All(city))
        {
            var computed = feed.Id switch
            {
                Pm25 => await Pm25Async(db, feed, request.Year, rules, ct),
                SpongeArea => await SpongeAreaAsync(db, feed, request.Year, settings.SpongeBaselineYear, ct),
                _ => await SectionsAsync(db, feed, request.Year, ct),
            };
            var targets = await db.Targets.AsNoTracking().Include(t => t.Indicator)
                .Where(t => feed.TargetIds.Contains(t.Id) && !t.Retired && t.IndicatorId == feed.IndicatorId).OrderBy(t => t.Id).ToListAsync(ct);
            foreach (var missing in feed.TargetIds.Except(targets.Select(t => t.Id)).Order(StringComparer.Ordinal))
                results.Add(new FeedResultDto(feed.Id, missing, request.Year, "skipped", null, null, null, "该目标不在当前规划数据中（或已停用）"));
            if (targets.Count == 0)
                continue;
            if (computed.Value is not { } value)
            {
                results.AddRange(targets.Select(t => new FeedResultDto(feed.Id, t.Id, request.Year, "skipped", null, null, null, computed.Skipped)));
                continue;
            }
            var period = (await ReportingPeriods.EnsureAsync(db, actor, new CreatePeriodsRequest("annual", request.Year, 1, null, [feed.IndicatorId], false), dueDays, now, ct)).Single();
            var provenance = JsonSerializer.Serialize(computed.Provenance, Json);
            foreach (var target in targets)
            {
                var step = await Reporting.Reports.SaveObservationAsync(db, actor,
                    new ObservationRequest(target.Id, period.Id, feed.RegionCode, value, target.Indicator!.Unit, feed.DataSource, feed.Basis, Submit: true,
                        Version: null, Source: "computed", Provenance: provenance), now, Supersede.SameSource, ct);
                results.Add(step.Kind switch
                {
                    OutcomeKind.Created => new FeedResultDto(feed.Id, target.Id, request.Year, "created", value, step.Value!.Id, step.Value.Revision, null),
                    OutcomeKind.Ok => new FeedResultDto(feed.Id, target.Id, request.Year, "unchanged", value, step.Value!.Id, step.Value.Revision, "数值未变，未新增修订"),
                    OutcomeKind.Conflict => new FeedResultDto(feed.Id, target.Id, request.Year, "conflict", value, null, null, step.Message),
                    _ => new FeedResultDto(feed.Id, target.Id, request.Year, "invalid", value, null, null,
                        step.Errors.Count == 0 ? step.Message ?? step.Kind.ToString() : string.Join("；", step.Errors.SelectMany(e => e.Value))),
                });
                db.ChangeTracker.Clear();
            }
        }
        foreach (var feed in Milestones(city))
            results.AddRange(await OutfallMilestoneAsync(db, actor, feed, request.Year, dueDays, now, settings, ct));
        return results;
    }

    private static async Task<Computed> SpongeAreaAsync(AppDbContext db, FeedDefinition feed, int year, int baselineYear, CancellationToken ct)
    {
        var area = await Zones.NewCompliantAreaAsync(db, year, baselineYear, ct);
        var provenance = new
        {
            feed = feed.Id, statistic = "sum of the areas (km²) of drainage zones meeting every target in the year, not compliant at the baseline",
            method = "GB/T 51345-2018 monitoring, annual volume balance: ratio = 1 − Σoutflow / (Σrainfall × area)", year, baselineYear,
            zones = area.Zones.Select(z => new { z.Code, z.Name, z.AreaKm2, ratio = z.CaptureRatio, target = z.TargetCaptureRatio, z.RainDays, z.OutflowDays }),
            notCounted = area.Assessed.Where(z => !z.CountsAsNew)
                .Select(z => new { z.Code, z.Name, ratio = z.CaptureRatio, target = z.TargetCaptureRatio, z.CompliantAtBaseline, z.Missing }),
            areaKm2 = area.AreaKm2,
        };
        if (area.Assessed.All(z => z.CaptureRatio is null))
            return new Computed(null, $"{year} 年没有排水分区的降雨与流量监测数据", provenance);
        return new Computed(area.AreaKm2, null, provenance);
    }

    private static async Task<List<FeedResultDto>> OutfallMilestoneAsync(AppDbContext db, Actor actor, MilestoneFeedDefinition feed, int year, int dueDays,
        DateTimeOffset now, FeedSettings settings, CancellationToken ct)
    {
        var results = new List<FeedResultDto>();
        var milestones = await db.Milestones.AsNoTracking().Where(m => feed.MilestoneIds.Contains(m.Id) && !m.Retired).OrderBy(m => m.Id).ToListAsync(ct);
        foreach (var missing in feed.MilestoneIds.Except(milestones.Select(m => m.Id)).Order(StringComparer.Ordinal))
            results.Add(new FeedResultDto(feed.Id, missing, year, "skipped", null, null, null, "该里程碑不在当前规划数据中（或已停用）"));
        if (milestones.Count == 0)
            return results;
        // A past year is judged on its last day; the current year today. The online window is always "now": packet history is not kept.
        var today = DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var asOf = new DateOnly(year, 12, 31) < today ? new DateOnly(year, 12, 31) : today;
        var rows = (await Outfalls.Outfalls.SuperviseAsync(db, now, settings.OnlineWindow, asOf, ct))
            .Where(r => r.Outfall.RegionCode.StartsWith(StationQueries.RegionPrefix(feed.RegionCode), StringComparison.Ordinal)).ToList();
        if (rows.Count == 0)
        {
            results.AddRange(milestones.Select(m => new FeedResultDto(feed.Id, m.Id, year, "skipped", null, null, null, "尚无登记的排污口")));
            return results;
        }
        var supervised = rows.Where(r => r.Status.Supervised).ToList();
        var share = Math.Round(100m * supervised.Count / rows.Count, 1);
        var provenance = JsonSerializer.Serialize(new
        {
            feed = feed.Id, statistic = "outfalls digitally supervised / outfalls registered x 100", year, asOf, onlineWindowHours = settings.OnlineWindow.TotalHours,
            registered = rows.Count, supervisedCount = supervised.Count, share,
            supervised = supervised.Select(r => new { r.Outfall.Code, r.Outfall.Name, basis = r.Status.Basis.ToString(), r.Status.Reason }),
            notSupervised = rows.Where(r => !r.Status.Supervised).Select(r => new { r.Outfall.Code, r.Outfall.Name, r.Status.Reason }),
        }, Json);
        var period = (await ReportingPeriods.EnsureAsync(db, actor, new CreatePeriodsRequest("annual", year, 1, null, [], Progress: true), dueDays, now, ct))
            .Single(p => p.IndicatorId is null);
        foreach (var milestone in milestones)
        {
            var state = share >= 100m ? ProgressState.Done : year >= milestone.Year ? ProgressState.Delayed : ProgressState.InProgress;
            var narrative = $"{year} 年（截至 {asOf:yyyy-MM-dd}）登记在册的入河、入海排污口 {rows.Count} 个，数字化监管 {supervised.Count} 个（{share.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}%）："
                + $"在线监测 {supervised.Count(r => r.Status.Basis == Core.Environment.Outfalls.SupervisionBasis.Online)} 个，监督性监测 {supervised.Count(r => r.Status.Basis == Core.Environment.Outfalls.SupervisionBasis.Schedule)} 个。";
            var step = await Reporting.Reports.SaveProgressAsync(db, actor,
                new ProgressRequest(milestone.Id, null, period.Id, feed.RegionCode, state, narrative, Submit: true, Version: null, Source: "computed", Provenance: provenance),
                now, Supersede.SameSource, ct);
            results.Add(step.Kind switch
            {
                OutcomeKind.Created => new FeedResultDto(feed.Id, milestone.Id, year, "created", share, step.Value!.Id, step.Value.Revision, ProgressState.Chinese(state)),
                OutcomeKind.Ok => new FeedResultDto(feed.Id, milestone.Id, year, "unchanged", share, step.Value!.Id, step.Value.Revision, "进展未变，未新增修订"),
                OutcomeKind.Conflict => new FeedResultDto(feed.Id, milestone.Id, year, "conflict", share, null, null, step.Message),
                _ => new FeedResultDto(feed.Id, milestone.Id, year, "invalid", share, null, null,
                    step.Errors.Count == 0 ? step.Message ?? step.Kind.ToString() : string.Join("；", step.Errors.SelectMany(e => e.Value))),
            });
            db.ChangeTracker.Clear();
        }
        return results;
    }

    private static async Task<Computed> Pm25Async(AppDbContext db, FeedDefinition feed, int year, AirRules rules, CancellationToken ct)
    {
        var stations = await AirQueries.CityStations(db, feed.RegionCode).AsNoTracking().OrderBy(s => s.Code).ToListAsync(ct);
        var e = await AirQueries.EvaluateAsync(db, stations, year, rules, feed.RegionCode, HourLabelConvention.PeriodEnd, CityAggregation.MeanOfStationStatistics, ct);
        var stat = e.City?.Statistics.Single(s => s.Pollutant == AirPollutant.PM25.Code() && s.Statistic == "annualMean");
        var provenance = new
        {
            feed = feed.Id, statistic = "city PM2.5 annualMean (reported, GB/T 8170)", method = "HJ 663-2013, city = mean of station statistics",
            aqiRules = e.Rules, limits = e.Limits, hourLabels = e.HourLabels, year, stations = e.Stations, stationsWithoutData = e.StationsWithoutData,
            firstDay = e.FirstDay, lastDay = e.LastDay, hours = e.Hours, days = stat?.Days, valid = stat?.Valid, exact = stat?.Value,
        };
        if (stat?.Reported is not { } reported)
            return new Computed(null, $"{year} 年没有本市国控站点的小时数据", provenance);
        if (!stat.Valid)
            return new Computed(null, $"{year} 年数据不满足年评价有效性要求（{stat.Days} 天），未写入", provenance);
        return new Computed(reported, null, provenance);
    }

    private static async Task<Computed> SectionsAsync(AppDbContext db, FeedDefinition feed, int year, CancellationToken ct)
    {
        var overview = await WaterQueries.OverviewAsync(db, year, feed.RegionCode, ct);
        var assessed = overview.Sections.Where(s => s.Station.Kind == StationKind.SurfaceWater && s.Station.Type == StationType.National && s.MeetsTarget is not null).ToList();
        var met = assessed.Count(s => s.MeetsTarget == true);
        var provenance = new
        {
            feed = feed.Id, statistic = "sections meeting their target class / sections assessed x 100", standard = "GB 3838-2002 single-factor, period mean per item",
            year, sections = assessed.Select(s => new { code = s.Station.Code, s.Samples, s.FirstSample, s.LastSample, cls = s.Classification!.Class, target = s.Station.TargetClass, meets = s.MeetsTarget }),
            met, assessed = assessed.Count,
        };
        if (assessed.Count == 0)
            return new Computed(null, $"{year} 年没有本市国控断面的样品（或断面无目标类别）", provenance);
        return new Computed(Math.Round(100m * met / assessed.Count, 2), null, provenance);
    }
}
