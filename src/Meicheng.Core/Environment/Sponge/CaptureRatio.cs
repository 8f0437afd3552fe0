namespace Meicheng.Core.Environment.Sponge;

/// <summary>A day's rainfall depth over a drainage zone (mm), from its rain gauge.</summary>
public sealed record RainfallDay(DateOnly Date, decimal Millimetres);

/// <summary>A day's volume discharged at a drainage zone's outfalls (m³), from their flow meters.</summary>
public sealed record OutflowDay(DateOnly Date, decimal CubicMetres);

/// <summary>
/// How the annual runoff volume capture ratio is computed from monitoring. Only one method is implemented; it is named so
/// that a reading of GB/T 51345-2018 that differs can be added beside it rather than silently replacing it.
/// </summary>
public enum CaptureMethod
{
    /// <summary>
    /// Annual volume balance: ratio = 1 − ΣV_out / (ΣP × A), over the calendar year, every day of rainfall and outflow
    /// counted (docs/environment.md, "Sponge city"). The clause of GB/T 51345-2018 this follows was not checked against
    /// the standard's text here.
    /// </summary>
    AnnualVolumeBalance,
}

/// <summary>
/// A zone-year's capture ratio with what went into it: <c>Ratio</c> is 1 − outflow / rainfall volume as a percentage,
/// rounded to 0.1 (null when the year had no rainfall or no outflow series, <c>Missing</c> says which).
/// </summary>
public sealed record CaptureResult(int Year, CaptureMethod Method, decimal AreaKm2, decimal RainfallMm, decimal RainfallVolumeM3, decimal OutflowVolumeM3,
    int RainDays, int OutflowDays, decimal? Ratio, string? Missing);

/// <summary>年径流总量控制率 of a drainage zone from its monitored rainfall and outflow (GB/T 51345-2018 monitoring method; see <see cref="CaptureMethod"/>).</summary>
public static class RunoffCapture
{
    /// <summary>m³ of rain per mm over 1 km² (1 mm × 10⁶ m² = 1000 m³).</summary>
    public const decimal CubicMetresPerMmKm2 = 1000m;

    public static CaptureResult Compute(int year, decimal areaKm2, IEnumerable<RainfallDay> rainfall, IEnumerable<OutflowDay> outflow,
        CaptureMethod method = CaptureMethod.AnnualVolumeBalance)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(areaKm2);
        if (method != CaptureMethod.AnnualVolumeBalance)
            throw new ArgumentOutOfRangeException(nameof(method));
        var rain = rainfall.Where(r => r.Date.Year == year).ToList();
        var flow = outflow.Where(o => o.Date.Year == year).ToList();
        var depth = rain.Sum(r => r.Millimetres);
        var rainVolume = depth * areaKm2 * CubicMetresPerMmKm2;
        var outVolume = flow.Sum(o => o.CubicMetres);
        string? missing = rain.Count == 0 ? "当年没有降雨监测数据" : flow.Count == 0 ? "当年没有排口流量监测数据" : rainVolume == 0 ? "当年降雨量为 0" : null;
        decimal? ratio = missing is null ? Math.Round(100m * (1m - outVolume / rainVolume), 1, MidpointRounding.ToEven) : null;
        return new CaptureResult(year, method, areaKm2, depth, rainVolume, outVolume, rain.Count, flow.Count, ratio, missing);
    }

    /// <summary>A zone meets its targets when its ratio is known and at or above the planned ratio (%).</summary>
    public static bool? Meets(CaptureResult result, decimal targetRatio) =>
        result?.Ratio is { } r ? r >= targetRatio : null;
}
