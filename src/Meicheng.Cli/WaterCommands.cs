using System.CommandLine;
using Meicheng.Core.Environment.Seawater;
using Meicheng.Core.Environment.Water;

namespace Meicheng.Cli;

/// <summary><c>meicheng water classify</c> (GB 3838) and <c>meicheng seawater classify</c> (GB 3097).</summary>
internal static class WaterCommands
{
    private static readonly (string Name, WaterItem Item, string Description)[] WaterOptions =
    [
        ("--ph", WaterItem.PH, "pH"), ("--do", WaterItem.DissolvedOxygen, "dissolved oxygen, mg/L"), ("--codmn", WaterItem.CODMn, "permanganate index, mg/L"),
        ("--cod", WaterItem.COD, "COD, mg/L"), ("--bod5", WaterItem.BOD5, "BOD5, mg/L"), ("--nh3n", WaterItem.NH3N, "ammonia nitrogen, mg/L"),
        ("--tp", WaterItem.TP, "total phosphorus, mg/L"), ("--tn", WaterItem.TN, "total nitrogen, mg/L (reported apart)"), ("--cu", WaterItem.Cu, "copper, mg/L"),
        ("--zn", WaterItem.Zn, "zinc, mg/L"), ("--fluoride", WaterItem.Fluoride, "fluoride, mg/L"), ("--se", WaterItem.Se, "selenium, mg/L"),
        ("--as", WaterItem.As, "arsenic, mg/L"), ("--hg", WaterItem.Hg, "mercury, mg/L"), ("--cd", WaterItem.Cd, "cadmium, mg/L"),
        ("--cr6", WaterItem.Cr6, "hexavalent chromium, mg/L"), ("--pb", WaterItem.Pb, "lead, mg/L"), ("--cyanide", WaterItem.Cyanide, "cyanide, mg/L"),
        ("--phenol", WaterItem.VolatilePhenol, "volatile phenol, mg/L"), ("--petroleum", WaterItem.Petroleum, "petroleum, mg/L"),
        ("--las", WaterItem.LAS, "anionic surfactant, mg/L"), ("--sulfide", WaterItem.Sulfide, "sulfide, mg/L"),
        ("--fecal-coliform", WaterItem.FecalColiform, "fecal coliform, per L (reported apart)"),
    ];

    private static readonly (string Name, SeaItem Item, string Description)[] SeaOptions =
    [
        ("--ph", SeaItem.PH, "pH"), ("--do", SeaItem.DissolvedOxygen, "dissolved oxygen, mg/L"), ("--cod", SeaItem.COD, "COD, mg/L"),
        ("--bod5", SeaItem.BOD5, "BOD5, mg/L"), ("--din", SeaItem.InorganicNitrogen, "inorganic nitrogen, mg/L"),
        ("--nh3", SeaItem.NonIonicAmmonia, "non-ionic ammonia, mg/L"), ("--po4", SeaItem.ActivePhosphate, "active phosphate, mg/L"),
        ("--petroleum", SeaItem.Petroleum, "petroleum, mg/L"), ("--hg", SeaItem.Hg, "mercury, mg/L"), ("--cd", SeaItem.Cd, "cadmium, mg/L"),
        ("--pb", SeaItem.Pb, "lead, mg/L"), ("--cr6", SeaItem.Cr6, "hexavalent chromium, mg/L"), ("--cr", SeaItem.TotalCr, "total chromium, mg/L"),
        ("--as", SeaItem.As, "arsenic, mg/L"), ("--cu", SeaItem.Cu, "copper, mg/L"), ("--zn", SeaItem.Zn, "zinc, mg/L"), ("--se", SeaItem.Se, "selenium, mg/L"),
        ("--ni", SeaItem.Ni, "nickel, mg/L"), ("--cyanide", SeaItem.Cyanide, "cyanide, mg/L"), ("--sulfide", SeaItem.Sulfide, "sulfide, mg/L"),
        ("--phenol", SeaItem.VolatilePhenol, "volatile phenol, mg/L"), ("--las", SeaItem.LAS, "anionic surfactant, mg/L"),
    ];

    public static Command CreateWater()
    {
        var lake = new Option<bool>("--lake") { Description = "A lake or reservoir (TP lake limits)" };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var options = WaterOptions.Select(o => (Option: new Option<decimal?>(o.Name) { Description = o.Description }, o.Item)).ToList();
        var classify = new Command("classify", "GB 3838-2002 single-factor class of a sample or section") { lake, json };
        foreach (var (option, _) in options)
            classify.Options.Add(option);
        classify.SetAction(parse =>
        {
            var values = options.Where(o => parse.GetValue(o.Option) is not null).ToDictionary(o => o.Item, o => parse.GetValue(o.Option)!.Value);
            if (values.Keys.All(Gb3838.ReportedApart.Contains))
            {
                Console.Error.WriteLine("error: give at least one item that counts toward the class (e.g. --codmn, --nh3n, --tp)");
                return 2;
            }
            WaterClassification r;
            try
            {
                r = WaterQuality.Classify(values, parse.GetValue(lake) ? WaterBody.Lake : WaterBody.River);
            }
            catch (ArgumentOutOfRangeException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
            if (parse.GetValue(json))
            {
                PlansCommands.Print(new Dictionary<string, object?>
                {
                    ["standard"] = "GB 3838-2002",
                    ["body"] = r.Body == WaterBody.Lake ? "lake" : "river",
                    ["class"] = r.Class.Label(),
                    ["descriptor"] = r.Descriptor,
                    ["deciding"] = r.DecidingItems.Select(i => i.ToString()).ToList(),
                    ["items"] = r.Items.Select(ItemJson).ToList(),
                    ["reportedApart"] = r.ReportedApart.Select(ItemJson).ToList(),
                    ["mainPollutants"] = r.MainPollutants.Select(ItemJson).ToList(),
                });
                return 0;
            }
            Console.WriteLine($"class {r.Class.Label()} ({r.Descriptor}), deciding: {string.Join(", ", r.DecidingItems)}");
            foreach (var i in r.Items.Concat(r.ReportedApart))
                Console.WriteLine($"  {i.Item,-16} {i.Value,10} {i.Class.Label()}{(Gb3838.ReportedApart.Contains(i.Item) ? " (reported apart)" : "")}");
            if (r.MainPollutants.Count > 0)
                Console.WriteLine($"main pollutants: {string.Join(", ", r.MainPollutants.Select(m => $"{m.Item} ({m.ExceedanceOverIII:0.##}x over III)"))}");
            return 0;
        });
        return new Command("water", "Surface water quality (GB 3838-2002)") { classify };
    }

    private static object ItemJson(ItemClass i) => new { item = i.Item.ToString(), value = i.Value, @class = i.Class.Label(), exceedanceOverIII = i.ExceedanceOverIII };

    public static Command CreateSeawater()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var options = SeaOptions.Select(o => (Option: new Option<decimal?>(o.Name) { Description = o.Description }, o.Item)).ToList();
        var classify = new Command("classify", "GB 3097-1997 single-factor class of a seawater sample") { json };
        foreach (var (option, _) in options)
            classify.Options.Add(option);
        classify.SetAction(parse =>
        {
            var values = options.Where(o => parse.GetValue(o.Option) is not null).ToDictionary(o => o.Item, o => parse.GetValue(o.Option)!.Value);
            if (values.Count == 0)
            {
                Console.Error.WriteLine("error: give at least one item (e.g. --din, --po4, --do)");
                return 2;
            }
            var r = SeawaterQuality.Classify(values);
            var number = r.Class == SeaClass.WorseThan4 ? (int?)null : (int)r.Class;
            if (parse.GetValue(json))
            {
                PlansCommands.Print(new Dictionary<string, object?>
                {
                    ["standard"] = "GB 3097-1997",
                    ["class"] = r.Class.Label(),
                    ["classNumber"] = number,
                    ["good"] = r.Good,
                    ["deciding"] = r.DecidingItems.Select(i => i.ToString()).ToList(),
                    ["items"] = r.Items.OrderBy(kv => kv.Key).Select(kv => new { item = kv.Key.ToString(), value = values[kv.Key], @class = kv.Value.Label() }).ToList(),
                });
                return 0;
            }
            Console.WriteLine($"class {r.Class.Label()}{(r.Good ? " (优良)" : "")}, deciding: {string.Join(", ", r.DecidingItems)}");
            return 0;
        });
        return new Command("seawater", "Seawater quality (GB 3097-1997)") { classify };
    }
}
