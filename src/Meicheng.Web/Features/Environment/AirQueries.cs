using System.Globalization;
using Meicheng.Core.Environment.Air;
using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Environment;

/// <summary>
/// The rule choice of an air computation: an explicit HJ 633 rule set and GB 3095 generation, or "auto": the rules in
/// force for the data (HJ 633-2012 / GB 3095-2012 before 2026-03-01, HJ 633-2026 after, with GB 3095-2026's
/// transitional limits to 2030 and final limits from 2031). A year evaluation takes one rule set: auto uses the one in
/// force at the end of the year.
/// </summary>
public sealed record AirRules(AqiRuleSet? Aqi, Gb3095Generation? Limits)
{
    public static readonly AirRules Auto = new(null, null);

    public static bool TryParse(string? rules, string? limits, out AirRules result, out string? error)
    {
        result = Auto;
        error = null;
        AqiRuleSet? aqi = null;
        Gb3095Generation? generation = null;
        if (rules is not (null or "" or "auto"))
        {
            try { aqi = AqiRuleSet.Parse(rules); }
            catch (ArgumentException) { error = "rules 须为 auto、2012 或 2026"; return false; }
        }
        if (limits is not (null or "" or "auto"))
        {
            try { generation = Gb3095.ParseGeneration(limits); }
            catch (ArgumentException) { error = "limits 须为 auto、2012、2026-transitional 或 2026-final"; return false; }
        }
        result = new AirRules(aqi, generation);
        return true;
    }

    public AqiRuleSet AqiFor(DateOnly date) => Aqi ?? AqiRuleSet.ForDate(date);

    /// <summary>The options of a year's evaluation: auto takes what is in force on 31 December.</summary>
    public AnnualEvaluationOptions ForYear(int year)
    {
        var end = new DateOnly(year, 12, 31);
        var aqi = Aqi ?? AqiRuleSet.ForDate(end);
        var limits = Limits ?? (aqi.Year >= 2026 ? (end.Year >= 2031 ? Gb3095Generation.V2026Final : Gb3095Generation.V2026Transitional) : Gb3095Generation.V2012);
        return new AnnualEvaluationOptions { AqiRules = aqi, Limits = limits };
    }
}

public sealed record HourlyAirDto(DateOnly Date, int Hour, decimal? So2, decimal? No2, decimal? Pm10, decimal? Co, decimal? O3, decimal? Pm25,
    int? Aqi, string? Level, string? Colour, IReadOnlyList<string> Primary, IReadOnlyList<string> Missing, string Rules);

public sealed record DailyAirDto(DateOnly Date, int Hours, decimal? So2, decimal? No2, decimal? Pm10, decimal? Co, decimal? O3Max1h, decimal? Mda8, decimal? Pm25,
    int? Aqi, string? Level, string? Colour, string? Primary, string Rules);

/// <summary>A year of daily AQI at a station: the days, the count per level and the good-day share (days with AQI ≤ 100 / days with an AQI).</summary>
public sealed record DailyAirSeriesDto(string Station, int Year, string Rules, IReadOnlyList<DailyAirDto> Days, IReadOnlyList<LevelCountDto> Levels,
    int DaysWithAqi, int GoodDays, decimal? GoodDaysRatio);

public sealed record LevelCountDto(int Level, string Name, string Colour, int Days);

public sealed record GenerationCheckDto(string Generation, string Name, decimal? Reported, decimal Limit, bool? Attains);

public sealed record AirStatisticDto(string Pollutant, string Statistic, string Name, string Unit, decimal? Value, decimal? Reported, int Days, bool Valid,
    decimal Limit, bool? Attains, IReadOnlyList<GenerationCheckDto> ByGeneration);

public sealed record AirAreaDto(string Code, string Name, IReadOnlyList<AirStatisticDto> Statistics, int GoodDays, int DaysWithAqi, decimal? GoodDaysRatio,
    decimal? ComprehensiveIndex, bool Attains, IReadOnlyDictionary<string, bool> AttainsBy);

/// <summary>An HJ 663 annual evaluation computed from stored hours, with the options and the stations it used.</summary>
public sealed record AirEvaluationDto(int Year, string Rules, string Limits, string HourLabels, string CityAggregation, string? Region,
    IReadOnlyList<string> Stations, IReadOnlyList<string> StationsWithoutData, long Hours, DateOnly? FirstDay, DateOnly? LastDay,
    AirAreaDto? City, IReadOnlyList<AirAreaDto> PerStation);

internal static class AirQueries
{
    public const int MaxHourlyDays = 31;

    public static string Colour(int aqi) => AqiLevel.Of(aqi).Colour;

    public static async Task<List<HourlyAirDto>> HourlyAsync(AppDbContext db, Station station, DateOnly from, DateOnly to, AirRules rules, CancellationToken ct)
    {
        var rows = await db.AirHours.AsNoTracking().Where(h => h.StationId == station.Id && h.Date >= from && h.Date <= to)
            .OrderBy(h => h.Date).ThenBy(h => h.Hour).ToListAsync(ct);
        return rows.Select(h =>
        {
            var set = rules.AqiFor(h.Date);
            var a = Aqi.Hourly(set, new AirConcentrations { So2 = h.So2, No2 = h.No2, Pm10 = h.Pm10, Co = h.Co, O3 = h.O3, Pm25 = h.Pm25 });
            return new HourlyAirDto(h.Date, h.Hour, h.So2, h.No2, h.Pm10, h.Co, h.O3, h.Pm25, a.Value, a.Level?.Chinese, a.Level?.Colour,
                a.Primary.Select(p => p.Code()).ToList(), a.Missing.Select(p => p.Code()).ToList(), set.Id);
        }).ToList();
    }

    public static async Task<DailyAirSeriesDto> DailyAsync(AppDbContext db, Station station, int year, AirRules rules, CancellationToken ct)
    {
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var rows = await db.AirDays.AsNoTracking().Where(d => d.StationId == station.Id && d.Date >= from && d.Date <= to).OrderBy(d => d.Date).ToListAsync(ct);
        var days = rows.Select(d =>
        {
            var set = rules.AqiFor(d.Date);
            var (aqi, primary) = set.Year >= 2026 ? (d.Aqi2026, d.Primary2026) : (d.Aqi2012, d.Primary2012);
            return new DailyAirDto(d.Date, System.Numerics.BitOperations.PopCount((uint)d.HoursSeen), R(d.So2), R(d.No2), R(d.Pm10), R(d.Co), R(d.O3Max1h), R(d.Mda8), R(d.Pm25),
                aqi, aqi is { } v ? AqiLevel.Of(v).Chinese : null, aqi is { } c ? Colour(c) : null, primary, set.Id);
        }).ToList();
        var withAqi = days.Where(d => d.Aqi is not null).ToList();
        var levels = AqiLevel.All.Select(l => new LevelCountDto(l.Number, l.Chinese, l.Colour, withAqi.Count(d => AqiLevel.Of(d.Aqi!.Value).Number == l.Number))).ToList();
        var good = withAqi.Count(d => d.Aqi <= 100);
        var label = rules.Aqi?.Id ?? "auto";
        return new DailyAirSeriesDto(station.Code, year, label, days, levels, withAqi.Count, good, withAqi.Count == 0 ? null : Math.Round((decimal)good / withAqi.Count, 4));
    }

    private static decimal? R(decimal? v) => v is { } x ? Math.Round(x, 4) : null;

    /// <summary>The stations a city evaluation uses by default: national air stations in the region, reference (对照) stations excluded.</summary>
    public static IQueryable<Station> CityStations(AppDbContext db, string region) =>
        db.Stations.Where(s => s.Kind == StationKind.Air && !s.Retired && !s.IsReference && s.Type == StationType.National
            && s.RegionCode.StartsWith(StationQueries.RegionPrefix(region)));

    /// <summary>Reads the stations' stored hours of <paramref name="year"/> (and the next year's first label, which ends 24:00 of 31 December).</summary>
    public static async Task<(AirDataset Data, long Hours)> LoadYearAsync(AppDbContext db, IReadOnlyList<Station> stations, int year, HourLabelConvention convention, CancellationToken ct)
    {
        var builder = new AirDatasetBuilder(convention);
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year + 1, 1, 1);
        long hours = 0;
        var values = new decimal?[6];
        foreach (var station in stations)
        {
            var rows = db.AirHours.AsNoTracking().Where(h => h.StationId == station.Id && h.Date >= from && h.Date <= to)
                .OrderBy(h => h.Date).ThenBy(h => h.Hour).AsAsyncEnumerable();
            await foreach (var h in rows.WithCancellation(ct))
            {
                values[(int)AirPollutant.SO2] = h.So2;
                values[(int)AirPollutant.NO2] = h.No2;
                values[(int)AirPollutant.PM10] = h.Pm10;
                values[(int)AirPollutant.CO] = h.Co;
                values[(int)AirPollutant.O3] = h.O3;
                values[(int)AirPollutant.PM25] = h.Pm25;
                if (builder.TryAdd(station.Code, h.Date, h.Hour, values) is { } refused)
                    throw new InvalidOperationException($"stored hour refused: {refused}");
                hours++;
            }
        }
        return (builder.Build(), hours);
    }

    private static readonly Gb3095Generation[] Generations = [Gb3095Generation.V2012, Gb3095Generation.V2026Transitional, Gb3095Generation.V2026Final];

    public static string GenerationId(Gb3095Generation g) => g switch
    {
        Gb3095Generation.V2012 => "2012",
        Gb3095Generation.V2026Transitional => "2026-transitional",
        _ => "2026-final",
    };

    public static string GenerationName(Gb3095Generation g) => g switch
    {
        Gb3095Generation.V2012 => "GB 3095-2012",
        Gb3095Generation.V2026Transitional => "GB 3095-2026 过渡期",
        _ => "GB 3095-2026 最终",
    };

    public static string StatisticName(AirPollutant p, string statistic) => (p, statistic) switch
    {
        (_, "annualMean") => $"{p.Code()} 年平均",
        (AirPollutant.CO, "p95") => "CO 日均值第95百分位",
        (_, "p98") => $"{p.Code()} 日均值第98百分位",
        (_, "p95") => $"{p.Code()} 日均值第95百分位",
        (AirPollutant.O3, "mda8p90") => "O3 日最大8小时平均第90百分位",
        _ => $"{p.Code()} {statistic}",
    };

    /// <summary>
    /// HJ 663 annual evaluation of stored hours: the stations' hours of the year go through the same Core builder and
    /// evaluation as a CSV would, so the result equals the Core's evaluation of the same data. Attainment is also judged
    /// against each GB 3095 generation (the exceedance rule depends on the limit, so a value may differ slightly).
    /// </summary>
    public static async Task<AirEvaluationDto> EvaluateAsync(AppDbContext db, IReadOnlyList<Station> stations, int year, AirRules rules, string? region,
        HourLabelConvention convention, CityAggregation cityAggregation, CancellationToken ct)
    {
        var (data, hours) = await LoadYearAsync(db, stations, year, convention, ct);
        var options = rules.ForYear(year) with { CityAggregation = cityAggregation };
        var withData = data.Stations.Where(s => s.Days.Any(d => d.Date.Year == year)).Select(s => s.Station).ToHashSet(StringComparer.Ordinal);
        var dataset = data with { Stations = data.Stations.Where(s => withData.Contains(s.Station)).ToList() };
        var without = stations.Where(s => !withData.Contains(s.Code)).Select(s => s.Code).ToList();
        var main = AnnualEvaluation.Evaluate(dataset, year, options);
        var byGeneration = Generations.ToDictionary(g => g, g => g == options.Limits ? main : AnnualEvaluation.Evaluate(dataset, year, options with { Limits = g }));
        var names = stations.ToDictionary(s => s.Code, s => s.Name, StringComparer.Ordinal);
        var days = dataset.Stations.SelectMany(s => s.Days).Where(d => d.Date.Year == year).Select(d => d.Date).ToList();

        AirAreaDto Area(AreaAnnual area, Func<AirAnnualEvaluation, AreaAnnual> pick, string code, string name) => new(
            code, name,
            area.Pollutants.SelectMany(p => p.Statistics.Select(s => new AirStatisticDto(
                p.Pollutant.Code(), s.Name, StatisticName(p.Pollutant, s.Name), p.Pollutant.Unit(), R(s.Value), s.Reported, s.Days, s.Valid, s.Limit, s.Attains,
                Generations.Select(g =>
                {
                    var other = pick(byGeneration[g])[p.Pollutant][s.Name]!;
                    return new GenerationCheckDto(GenerationId(g), GenerationName(g), other.Reported, other.Limit, other.Attains);
                }).ToList()))).ToList(),
            area.GoodDays, area.DaysWithAqi, area.GoodDaysRatio is { } r ? Math.Round(r, 4) : null, area.ComprehensiveIndex, area.Attains,
            Generations.ToDictionary(GenerationId, g => pick(byGeneration[g]).Attains));

        var perStation = main.Stations.Select((s, i) => Area(s, e => e.Stations[i], s.Name, names.GetValueOrDefault(s.Name, s.Name))).ToList();
        var city = main.Stations.Count == 0 ? null : Area(main.City, e => e.City, "city", region is null ? "所选站点" : "城市");
        return new AirEvaluationDto(year, options.AqiRules.Id, GenerationId(options.Limits), convention == HourLabelConvention.PeriodEnd ? "period-end" : "period-start",
            cityAggregation == CityAggregation.MeanOfStationStatistics ? "mean-of-stations" : "daily-series", region,
            main.Stations.Select(s => s.Name).ToList(), without, hours, days.Count == 0 ? null : days.Min(), days.Count == 0 ? null : days.Max(), city, perStation);
    }

    public static string Format(decimal? v, int decimals) => v is { } x ? x.ToString("F" + decimals, CultureInfo.InvariantCulture) : "—";
}
