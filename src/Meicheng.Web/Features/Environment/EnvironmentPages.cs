using System.Globalization;
using Meicheng.Core.Environment.Air;

namespace Meicheng.Web.Features.Environment;

/// <summary>What the environment pages share: AQI levels, number formats.</summary>
public static class EnvironmentPages
{
    public static object Levels { get; } = AqiLevel.All.Select(l => new { min = l.MinAqi, max = l.MaxAqi, name = l.Chinese, colour = l.Colour }).ToList();

    public static string Number(decimal? value, int decimals = 1) => value is { } v ? v.ToString("F" + decimals, CultureInfo.InvariantCulture) : "—";

    public static string Percent(decimal? ratio) => ratio is { } r ? (100m * r).ToString("F1", CultureInfo.InvariantCulture) + "%" : "—";

    public static string Attains(bool? attains) => attains switch { true => "达标", false => "超标", null => "—" };

    public static string AttainsClass(bool? attains) => attains switch { true => "ok", false => "warn", null => "muted" };

    public static string Date(DateOnly? date) => date is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "—";

    public static string Coordinates(decimal? lon, decimal? lat) =>
        lon is { } x && lat is { } y ? $"{x.ToString("F3", CultureInfo.InvariantCulture)}, {y.ToString("F3", CultureInfo.InvariantCulture)}" : "—";
}

/// <summary>A station in a page's list, with the span of its days or its sample count.</summary>
public sealed record StationRow(StationDto Station, DateOnly? FirstDay, DateOnly? LastDay, int Days, int Samples);
