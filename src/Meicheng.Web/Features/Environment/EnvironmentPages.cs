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

    /// <summary>A water quality item's Chinese name (GB 3838 / GB 3097 wording) and unit, for the pages; the item code stays in the API.</summary>
    public static string WaterItem(string item) => item switch
    {
        "PH" => "pH（无量纲）",
        "DissolvedOxygen" => "溶解氧（mg/L）",
        "CODMn" => "高锰酸盐指数（mg/L）",
        "COD" => "化学需氧量（mg/L）",
        "BOD5" => "五日生化需氧量（mg/L）",
        "NH3N" => "氨氮（mg/L）",
        "TP" => "总磷（mg/L）",
        "TN" => "总氮（mg/L）",
        "Cu" => "铜（mg/L）",
        "Zn" => "锌（mg/L）",
        "Fluoride" => "氟化物（mg/L）",
        "Se" => "硒（mg/L）",
        "As" => "砷（mg/L）",
        "Hg" => "汞（mg/L）",
        "Cd" => "镉（mg/L）",
        "Cr6" => "六价铬（mg/L）",
        "TotalCr" => "总铬（mg/L）",
        "Pb" => "铅（mg/L）",
        "Ni" => "镍（mg/L）",
        "Cyanide" => "氰化物（mg/L）",
        "VolatilePhenol" => "挥发酚（mg/L）",
        "Petroleum" => "石油类（mg/L）",
        "LAS" => "阴离子表面活性剂（mg/L）",
        "Sulfide" => "硫化物（mg/L）",
        "FecalColiform" => "粪大肠菌群（个/L）",
        "InorganicNitrogen" => "无机氮（mg/L）",
        "NonIonicAmmonia" => "非离子氨（mg/L）",
        "ActivePhosphate" => "活性磷酸盐（mg/L）",
        _ => item,
    };

    public static string Coordinates(decimal? lon, decimal? lat) =>
        lon is { } x && lat is { } y ? $"{x.ToString("F3", CultureInfo.InvariantCulture)}, {y.ToString("F3", CultureInfo.InvariantCulture)}" : "—";
}

/// <summary>A station in a page's list, with the span of its days or its sample count.</summary>
public sealed record StationRow(StationDto Station, DateOnly? FirstDay, DateOnly? LastDay, int Days, int Samples);
