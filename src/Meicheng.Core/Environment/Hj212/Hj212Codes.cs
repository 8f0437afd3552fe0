using Meicheng.Core.Environment.Air;

namespace Meicheng.Core.Environment.Hj212;

/// <summary>What a pollutant code measures: ambient or flue air, or water.</summary>
public enum Hj212Medium
{
    /// <summary>Air (ambient stations and flue gas).</summary>
    Air,
    /// <summary>Water (surface water, waste water, outfalls).</summary>
    Water,
}

/// <summary>A pollutant or parameter code of HJ 212-2017's appendix: its Chinese name, unit and, for the six GB 3095 pollutants, which one.</summary>
public sealed record Hj212Code(string Code, string Name, string Unit, Hj212Medium Medium, AirPollutant? Air = null);

/// <summary>
/// The codes of HJ 212-2017's appendix (table B) that Meicheng reads. Ambient-air concentrations are taken in ug/m3, CO in
/// mg/m3, the units of GB 3095 and of the air store; water in mg/L, pH without unit, flow in L/s (its -Cou in m3).
/// </summary>
public static class Hj212Codes
{
    private static readonly Hj212Code[] Table =
    [
        new("a34004", "PM2.5", "ug/m3", Hj212Medium.Air, AirPollutant.PM25),
        new("a34002", "PM10", "ug/m3", Hj212Medium.Air, AirPollutant.PM10),
        new("a21026", "二氧化硫", "ug/m3", Hj212Medium.Air, AirPollutant.SO2),
        new("a21004", "二氧化氮", "ug/m3", Hj212Medium.Air, AirPollutant.NO2),
        new("a21005", "一氧化碳", "mg/m3", Hj212Medium.Air, AirPollutant.CO),
        new("a05024", "臭氧", "ug/m3", Hj212Medium.Air, AirPollutant.O3),
        new("a34001", "总悬浮颗粒物", "ug/m3", Hj212Medium.Air),
        new("a21002", "氮氧化物", "ug/m3", Hj212Medium.Air),
        new("a21003", "一氧化氮", "ug/m3", Hj212Medium.Air),
        new("a01001", "温度", "℃", Hj212Medium.Air),
        new("a01002", "湿度", "%", Hj212Medium.Air),
        new("a01006", "气压", "kPa", Hj212Medium.Air),
        new("a01007", "风速", "m/s", Hj212Medium.Air),
        new("a01008", "风向", "°", Hj212Medium.Air),
        new("w00000", "污水流量", "L/s", Hj212Medium.Water),
        new("w01001", "pH值", "无量纲", Hj212Medium.Water),
        new("w01003", "浊度", "NTU", Hj212Medium.Water),
        new("w01009", "溶解氧", "mg/L", Hj212Medium.Water),
        new("w01010", "水温", "℃", Hj212Medium.Water),
        new("w01014", "电导率", "uS/cm", Hj212Medium.Water),
        new("w01017", "五日生化需氧量", "mg/L", Hj212Medium.Water),
        new("w01018", "化学需氧量", "mg/L", Hj212Medium.Water),
        new("w01019", "高锰酸盐指数", "mg/L", Hj212Medium.Water),
        new("w21001", "总氮", "mg/L", Hj212Medium.Water),
        new("w21003", "氨氮", "mg/L", Hj212Medium.Water),
        new("w21011", "总磷", "mg/L", Hj212Medium.Water),
    ];

    private static readonly Dictionary<string, Hj212Code> ByCode = Table.ToDictionary(c => c.Code, StringComparer.Ordinal);

    /// <summary>Every code Meicheng reads.</summary>
    public static IReadOnlyList<Hj212Code> All => Table;

    /// <summary>The code's entry, or null for a code not in the table (its values are still kept, by code).</summary>
    public static Hj212Code? Find(string code) => ByCode.GetValueOrDefault(code);

    /// <summary>The HJ 212 code of one of the six GB 3095 pollutants.</summary>
    public static string Of(AirPollutant pollutant) => Table.First(c => c.Air == pollutant).Code;
}
