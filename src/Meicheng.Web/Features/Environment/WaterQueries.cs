using Meicheng.Core.Environment.Seawater;
using Meicheng.Core.Environment.Water;
using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Environment;

/// <summary>A water sample to store: the section or point, the day, and item values (Core item names, mg/L; pH unitless).</summary>
public sealed record WaterSampleRequest(string StationCode, DateOnly SampledOn, Dictionary<string, decimal> Values, string? Note);

public sealed record ItemClassDto(string Item, decimal Value, string Class, decimal? ExceedanceOverIII);

/// <summary>A sample's or a section's single-factor class: GB 3838 (I..V, 劣V) or GB 3097 (一..四类, 劣四类).</summary>
public sealed record WaterClassDto(string Standard, int ClassNumber, string Class, string Descriptor, bool Good, IReadOnlyList<string> DecidingItems,
    IReadOnlyList<ItemClassDto> Items, IReadOnlyList<ItemClassDto> ReportedApart, IReadOnlyList<string> MainPollutants);

public sealed record WaterSampleDto(int Id, string StationCode, DateOnly SampledOn, IReadOnlyDictionary<string, decimal> Values, string? Note, string EnteredBy,
    WaterClassDto Classification);

/// <summary>A section or point over a year: samples, the class of the period means, and whether it meets its target class.</summary>
public sealed record WaterSectionDto(StationDto Station, int Samples, DateOnly? FirstSample, DateOnly? LastSample, IReadOnlyDictionary<string, decimal> PeriodMean,
    WaterClassDto? Classification, bool? MeetsTarget);

/// <summary>
/// The year's sections and points by class. Surface water: 优良（I–III类）比例 and 达标率 in the "sections meeting their
/// target class / sections with a target" meaning. Seawater: the point share of classes 1–2 (not an area share).
/// </summary>
public sealed record WaterOverviewDto(int Year, IReadOnlyList<WaterSectionDto> Sections, IReadOnlyDictionary<string, int> SurfaceByClass,
    decimal? SurfaceGoodShare, int SurfaceAssessed, int TargetsMet, int TargetsAssessed, decimal? TargetComplianceRate, string ComplianceMeaning,
    IReadOnlyDictionary<string, int> SeaByClass, decimal? SeaPointGoodShare, string SeaMethod);

internal static class WaterQueries
{
    public static bool TryParseItems(string kind, Dictionary<string, decimal> values, out Dictionary<string, decimal> items, out string? error)
    {
        items = new Dictionary<string, decimal>(StringComparer.Ordinal);
        error = null;
        if (values.Count == 0)
        {
            error = "至少须有一项测定值";
            return false;
        }
        foreach (var (name, value) in values)
        {
            string? item = kind == StationKind.Seawater
                ? Enum.TryParse<SeaItem>(name, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s.ToString() : null
                : Enum.TryParse<WaterItem>(name, ignoreCase: true, out var w) && Enum.IsDefined(w) ? w.ToString() : null;
            if (item is null)
            {
                var known = kind == StationKind.Seawater ? string.Join("、", Enum.GetNames<SeaItem>()) : string.Join("、", Enum.GetNames<WaterItem>());
                error = $"未知的监测项目 '{name}'，应为：{known}";
                return false;
            }
            if (value < 0 || (item == "PH" && value > 14))
            {
                error = $"{name} 的测定值 {value} 无效";
                return false;
            }
            items[item] = value;
        }
        return true;
    }

    public static WaterClassDto Classify(Station station, IReadOnlyDictionary<string, decimal> items)
    {
        if (station.Kind == StationKind.Seawater)
        {
            var sea = SeawaterQuality.Classify(items.ToDictionary(i => Enum.Parse<SeaItem>(i.Key), i => i.Value));
            return new WaterClassDto("GB 3097-1997", (int)sea.Class, sea.Class.Label(), sea.Good ? "优良" : "非优良", sea.Good,
                sea.DecidingItems.Select(i => i.ToString()).ToList(),
                sea.Items.Select(i => new ItemClassDto(i.Key.ToString(), items[i.Key.ToString()], i.Value.Label(), null)).ToList(), [], []);
        }
        var body = station.WaterBody == "lake" ? WaterBody.Lake : WaterBody.River;
        var c = WaterQuality.Classify(items.ToDictionary(i => Enum.Parse<WaterItem>(i.Key), i => i.Value), body);
        static ItemClassDto Item(ItemClass i) => new(i.Item.ToString(), Math.Round(i.Value, 6), i.Class.Label(), i.ExceedanceOverIII is { } e ? Math.Round(e, 4) : null);
        return new WaterClassDto("GB 3838-2002", (int)c.Class, c.Class.Label(), c.Descriptor, c.Class <= WaterClass.III, c.DecidingItems.Select(i => i.ToString()).ToList(),
            c.Items.Select(Item).ToList(), c.ReportedApart.Select(Item).ToList(), c.MainPollutants.Select(i => i.Item.ToString()).ToList());
    }

    public static WaterSampleDto ToDto(this WaterSample s, Station station)
    {
        var values = s.Values.OrderBy(v => v.Item, StringComparer.Ordinal).ToDictionary(v => v.Item, v => v.Value);
        return new WaterSampleDto(s.Id, station.Code, s.SampledOn, values, s.Note, s.EnteredBy, Classify(station, values));
    }

    public static async Task<List<WaterSampleDto>> SamplesAsync(AppDbContext db, Station station, int? year, CancellationToken ct)
    {
        var q = db.WaterSamples.AsNoTracking().Include(s => s.Values).Where(s => s.StationId == station.Id);
        if (year is { } y)
            q = q.Where(s => s.SampledOn >= new DateOnly(y, 1, 1) && s.SampledOn <= new DateOnly(y, 12, 31));
        return (await q.OrderBy(s => s.SampledOn).ToListAsync(ct)).Select(s => s.ToDto(station)).ToList();
    }

    /// <summary>Period values are arithmetic means per item over the year's samples (STANDARDS.md s4), then classified.</summary>
    public static async Task<WaterOverviewDto> OverviewAsync(AppDbContext db, int year, string? region, CancellationToken ct)
    {
        var stations = db.Stations.AsNoTracking().Where(s => (s.Kind == StationKind.SurfaceWater || s.Kind == StationKind.Seawater) && !s.Retired);
        if (region is not null)
            stations = stations.Where(s => s.RegionCode.StartsWith(StationQueries.RegionPrefix(region)));
        var list = await stations.OrderBy(s => s.Kind).ThenBy(s => s.SortOrder).ThenBy(s => s.Code).ToListAsync(ct);
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var ids = list.Select(s => s.Id).ToList();
        var samples = await db.WaterSamples.AsNoTracking().Include(s => s.Values)
            .Where(s => ids.Contains(s.StationId) && s.SampledOn >= from && s.SampledOn <= to).ToListAsync(ct);
        var sections = new List<WaterSectionDto>();
        foreach (var station in list)
        {
            var own = samples.Where(s => s.StationId == station.Id).OrderBy(s => s.SampledOn).ToList();
            // Exact means are classified; the response shows them rounded.
            var mean = own.SelectMany(s => s.Values).GroupBy(v => v.Item, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Average(v => v.Value));
            var classification = mean.Count == 0 ? null : Classify(station, mean);
            bool? meets = classification is null || station.TargetClass is null ? null : classification.ClassNumber <= station.TargetClass;
            sections.Add(new WaterSectionDto(station.ToDto(), own.Count, own.FirstOrDefault()?.SampledOn, own.LastOrDefault()?.SampledOn,
                mean.ToDictionary(m => m.Key, m => Math.Round(m.Value, 6)), classification, meets));
        }
        var surface = sections.Where(s => s.Station.Kind == StationKind.SurfaceWater && s.Classification is not null).ToList();
        var sea = sections.Where(s => s.Station.Kind == StationKind.Seawater && s.Classification is not null).ToList();
        var targets = surface.Where(s => s.MeetsTarget is not null).ToList();
        static decimal? Share(int n, int d) => d == 0 ? null : Math.Round(100m * n / d, 2);
        return new WaterOverviewDto(year, sections,
            surface.GroupBy(s => s.Classification!.Class).OrderBy(g => g.First().Classification!.ClassNumber).ToDictionary(g => g.Key, g => g.Count()),
            Share(surface.Count(s => s.Classification!.Good), surface.Count), surface.Count,
            targets.Count(s => s.MeetsTarget == true), targets.Count, Share(targets.Count(s => s.MeetsTarget == true), targets.Count),
            "sections-meeting-target: 达到目标类别的断面数 / 有目标类别的断面数",
            sea.GroupBy(s => s.Classification!.Class).OrderBy(g => g.First().Classification!.ClassNumber).ToDictionary(g => g.Key, g => g.Count()),
            Share(sea.Count(s => s.Classification!.Good), sea.Count), SeawaterQuality.PointShareMethod);
    }
}
