using System.Globalization;

namespace Meicheng.Core.Environment.Outfalls;

/// <summary>A measured value outside its limit: which limit, and the Chinese sentence the pages show.</summary>
public sealed record Exceedance(DischargeParameter Parameter, decimal Value, decimal? Min, decimal? Max, string Text);

/// <summary>
/// The judgment of one supervisory result: <see cref="Complies"/> is true when every limited parameter that was measured
/// is within its limit, false when any is outside, null when no limited parameter was measured (or no standard applies).
/// <see cref="NotLimited"/> lists measured parameters the standard does not limit.
/// </summary>
public sealed record DischargeJudgment(string? StandardId, bool? Complies, IReadOnlyList<Exceedance> Exceedances, IReadOnlyList<DischargeParameter> Judged,
    IReadOnlyList<DischargeParameter> NotLimited)
{
    public string Text => Complies switch
    {
        true => "达标",
        false => "超标：" + string.Join("；", Exceedances.Select(e => e.Text)),
        null => StandardId is null ? "未确定排放标准，不作判定" : "无可判定的项目",
    };
}

/// <summary>Judges a supervisory result against an outfall's standard (a limit is met at equality: "不得超过").</summary>
public static class DischargeJudge
{
    /// <summary>Water at or below this temperature (℃) takes a limit's <see cref="DischargeLimit.MaxCold"/> (GB 18918 表1 注).</summary>
    public const decimal ColdWater = 12m;

    public static DischargeJudgment Judge(DischargeStandard? standard, IReadOnlyDictionary<DischargeParameter, decimal> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var measured = values.Keys.Where(p => p != DischargeParameter.WaterTemperature).Order().ToList();
        if (standard is null)
            return new DischargeJudgment(null, null, [], [], measured);
        var cold = values.TryGetValue(DischargeParameter.WaterTemperature, out var t) && t <= ColdWater;
        var exceedances = new List<Exceedance>();
        var judged = new List<DischargeParameter>();
        foreach (var p in measured)
        {
            if (standard.Limits.FirstOrDefault(l => l.Parameter == p) is not { } limit)
                continue;
            judged.Add(p);
            var value = values[p];
            var max = cold && limit.MaxCold is { } c ? c : limit.Max;
            if (max is { } hi && value > hi)
                exceedances.Add(new Exceedance(p, value, limit.Min, hi, $"{p.Chinese()} {N(value)} {p.Unit()}，超过限值 {N(hi)}（{standard.Name}）"));
            else if (limit.Min is { } lo && value < lo)
                exceedances.Add(new Exceedance(p, value, lo, max, $"{p.Chinese()} {N(value)}，低于下限 {N(lo)}（{standard.Name}）"));
        }
        var notLimited = measured.Except(judged).ToList();
        return new DischargeJudgment(standard.Id, judged.Count == 0 ? null : exceedances.Count == 0, exceedances, judged, notLimited);
    }

    private static string N(decimal d) => d.ToString("0.###", CultureInfo.InvariantCulture);
}
