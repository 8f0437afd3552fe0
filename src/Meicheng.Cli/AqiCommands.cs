using System.CommandLine;
using Meicheng.Core.Environment.Air;

namespace Meicheng.Cli;

/// <summary><c>meicheng aqi</c>: one HJ 633 AQI from concentrations given on the command line.</summary>
internal static class AqiCommands
{
    public static Command Create()
    {
        var rules = new Option<string>("--rules") { Description = "HJ 633 rule set: 2012 or 2026", DefaultValueFactory = _ => "2012" };
        rules.AcceptOnlyFromAmong("2012", "2026");
        var hourly = new Option<bool>("--hourly") { Description = "Real-time AQI from 1-hour values" };
        var daily = new Option<bool>("--daily") { Description = "Daily AQI from 24-hour means, O3 max 1h (--o3) and MDA8 (--o3-8h) (the default)" };
        var pm25 = Concentration("--pm25", "PM2.5, ug/m3");
        var pm10 = Concentration("--pm10", "PM10, ug/m3");
        var so2 = Concentration("--so2", "SO2, ug/m3");
        var no2 = Concentration("--no2", "NO2, ug/m3");
        var co = Concentration("--co", "CO, mg/m3");
        var o3 = Concentration("--o3", "O3 1-hour (daily: the maximum 1-hour value), ug/m3");
        var o38 = Concentration("--o3-8h", "O3 8-hour moving mean (daily: MDA8), ug/m3");
        var so2Day = Concentration("--so2-24h", "Hourly only: the SO2 24-hour mean, for rule (b) of 2012");
        var json = new Option<bool>("--json") { Description = "Print JSON" };

        var command = new Command("aqi", "HJ 633 AQI, IAQI per pollutant, level and primary pollutants")
        {
            rules, hourly, daily, pm25, pm10, so2, no2, co, o3, o38, so2Day, json,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(hourly) && parse.GetValue(daily))
            {
                Console.Error.WriteLine("error: give --hourly or --daily, not both");
                return 2;
            }
            var c = new AirConcentrations
            {
                Pm25 = parse.GetValue(pm25), Pm10 = parse.GetValue(pm10), So2 = parse.GetValue(so2), No2 = parse.GetValue(no2),
                Co = parse.GetValue(co), O3 = parse.GetValue(o3), O3Max8h = parse.GetValue(o38), So2Day = parse.GetValue(so2Day),
            };
            var set = AqiRuleSet.Parse(parse.GetValue(rules)!);
            AqiResult r;
            try
            {
                r = parse.GetValue(hourly) ? Aqi.Hourly(set, c) : Aqi.Daily(set, c);
            }
            catch (ArgumentOutOfRangeException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
            if (parse.GetValue(json))
            {
                PlansCommands.Print(ToJson(r));
                return 0;
            }
            Console.WriteLine($"{r.RuleSet} {r.Period}: AQI {r.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {r.Level?.Chinese} ({r.Level?.English}, {r.Level?.Colour})");
            Console.WriteLine($"primary: {(r.Primary.Count == 0 ? "none" : string.Join(", ", r.Primary.Select(p => p.Code())))}");
            foreach (var i in r.Items)
                Console.WriteLine($"  {ItemKey(i.Item),-6} {i.UsedConcentration,10} -> IAQI {i.Iaqi?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}{(i.Note is null ? "" : "  (" + i.Note + ")")}");
            if (r.Missing.Count > 0)
                Console.WriteLine($"missing: {string.Join(", ", r.Missing.Select(p => p.Code()))}{(r.Publishable ? "" : " — not publishable (2026 s5.3.1: AQI must exceed 100)")}");
            return 0;
        });
        return command;
    }

    private static Option<decimal?> Concentration(string name, string description) => new(name) { Description = description };

    internal static string ItemKey(AqiItem item) => item switch
    {
        AqiItem.So2Day or AqiItem.So2Hour => "so2",
        AqiItem.No2Day or AqiItem.No2Hour => "no2",
        AqiItem.Pm10Day => "pm10",
        AqiItem.CoDay or AqiItem.CoHour => "co",
        AqiItem.O3Hour => "o3",
        AqiItem.O3Max8h => "o3_8h",
        AqiItem.Pm25Day => "pm25",
        _ => item.ToString(),
    };

    private static Dictionary<string, object?> ToJson(AqiResult r) => new Dictionary<string, object?>
    {
        ["rules"] = r.RuleSet.Id,
        ["period"] = r.Period == AqiPeriod.Hourly ? "hourly" : "daily",
        ["aqi"] = r.Value,
        ["level"] = r.Level?.Chinese,
        ["levelNumber"] = r.Level?.Number,
        ["levelEnglish"] = r.Level?.English,
        ["colour"] = r.Level?.Colour,
        ["primary"] = r.Primary.Select(p => p.Code()).ToList(),
        ["iaqi"] = r.Items.ToDictionary(i => ItemKey(i.Item), i => i.Iaqi),
        ["items"] = r.Items.Select(i => new
        {
            item = i.Item.ToString(), key = ItemKey(i.Item), pollutant = i.Pollutant.Code(), concentration = i.Concentration,
            used = i.UsedConcentration, iaqi = i.Iaqi, aboveTop = i.AboveTop, note = i.Note,
        }).ToList(),
        ["capped"] = r.Capped,
        ["missing"] = r.Missing.Select(p => p.Code()).ToList(),
        ["publishable"] = r.Publishable,
    };
}
