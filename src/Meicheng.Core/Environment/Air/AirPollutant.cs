namespace Meicheng.Core.Environment.Air;

/// <summary>The six pollutants of GB 3095 / HJ 633. Concentrations are in ug/m3, CO in mg/m3.</summary>
public enum AirPollutant
{
    /// <summary>Sulphur dioxide.</summary>
    SO2,
    /// <summary>Nitrogen dioxide.</summary>
    NO2,
    /// <summary>Particulate matter up to 10 um.</summary>
    PM10,
    /// <summary>Carbon monoxide (mg/m3).</summary>
    CO,
    /// <summary>Ozone.</summary>
    O3,
    /// <summary>Particulate matter up to 2.5 um.</summary>
    PM25,
}

/// <summary>Display codes and units of <see cref="AirPollutant"/>.</summary>
public static class AirPollutants
{
    /// <summary>All six, in the order HJ 633 lists them.</summary>
    public static IReadOnlyList<AirPollutant> All { get; } = [AirPollutant.SO2, AirPollutant.NO2, AirPollutant.PM10, AirPollutant.CO, AirPollutant.O3, AirPollutant.PM25];

    /// <summary>The code used in reports: SO2, NO2, PM10, CO, O3, PM2.5.</summary>
    public static string Code(this AirPollutant pollutant) => pollutant == AirPollutant.PM25 ? "PM2.5" : pollutant.ToString();

    /// <summary>The unit of the pollutant's concentrations.</summary>
    public static string Unit(this AirPollutant pollutant) => pollutant == AirPollutant.CO ? "mg/m3" : "ug/m3";
}

/// <summary>A column of the HJ 633 breakpoint table: a pollutant and an averaging time.</summary>
public enum AqiItem
{
    /// <summary>SO2 24-hour mean.</summary>
    So2Day,
    /// <summary>SO2 1-hour mean.</summary>
    So2Hour,
    /// <summary>NO2 24-hour mean.</summary>
    No2Day,
    /// <summary>NO2 1-hour mean.</summary>
    No2Hour,
    /// <summary>PM10 24-hour mean (also applied to 1-hour values in hourly reports).</summary>
    Pm10Day,
    /// <summary>CO 24-hour mean.</summary>
    CoDay,
    /// <summary>CO 1-hour mean.</summary>
    CoHour,
    /// <summary>O3 1-hour mean (daily: the day's maximum 1-hour mean).</summary>
    O3Hour,
    /// <summary>O3 8-hour moving mean (daily: the day's maximum 8-hour mean, MDA8).</summary>
    O3Max8h,
    /// <summary>PM2.5 24-hour mean (also applied to 1-hour values in hourly reports).</summary>
    Pm25Day,
}
