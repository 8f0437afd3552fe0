namespace Meicheng.Core.Environment.Air;

/// <summary>The generations of GB 3095 (Ambient Air Quality Standards) limits.</summary>
public enum Gb3095Generation
{
    /// <summary>GB 3095-2012, in force until 2026-02-28.</summary>
    V2012,
    /// <summary>GB 3095-2026 transitional limits, 2026-03-01 to 2030-12-31.</summary>
    V2026Transitional,
    /// <summary>GB 3095-2026 final limits, from 2031-01-01.</summary>
    V2026Final,
}

/// <summary>The averaging time of a GB 3095 limit.</summary>
public enum AveragingTime
{
    /// <summary>Annual mean.</summary>
    Year,
    /// <summary>24-hour mean.</summary>
    Day,
    /// <summary>1-hour mean.</summary>
    Hour,
    /// <summary>Daily maximum 8-hour mean (O3).</summary>
    Max8Hour,
}

/// <summary>GB 3095 concentration limits (grade 1 and grade 2) as data, and the data-validity rules.</summary>
public static class Gb3095
{
    // (pollutant, averaging) -> [grade1, grade2] per generation: 2012, 2026 transitional, 2026 final.
    private static readonly Dictionary<(AirPollutant, AveragingTime), decimal[][]> Table = new()
    {
        [(AirPollutant.SO2, AveragingTime.Year)] = [[20, 60], [20, 60], [20, 20]],
        [(AirPollutant.SO2, AveragingTime.Day)] = [[50, 150], [50, 150], [50, 50]],
        [(AirPollutant.SO2, AveragingTime.Hour)] = [[150, 500], [150, 500], [150, 150]],
        [(AirPollutant.NO2, AveragingTime.Year)] = [[40, 40], [40, 40], [30, 30]],
        [(AirPollutant.NO2, AveragingTime.Day)] = [[80, 80], [80, 80], [50, 50]],
        [(AirPollutant.NO2, AveragingTime.Hour)] = [[200, 200], [200, 200], [200, 200]],
        [(AirPollutant.CO, AveragingTime.Day)] = [[4, 4], [4, 4], [4, 4]],
        [(AirPollutant.CO, AveragingTime.Hour)] = [[10, 10], [10, 10], [10, 10]],
        [(AirPollutant.O3, AveragingTime.Max8Hour)] = [[100, 160], [100, 160], [100, 160]],
        [(AirPollutant.O3, AveragingTime.Hour)] = [[160, 200], [160, 200], [160, 200]],
        [(AirPollutant.PM10, AveragingTime.Year)] = [[40, 70], [40, 60], [20, 50]],
        [(AirPollutant.PM10, AveragingTime.Day)] = [[50, 150], [50, 120], [50, 100]],
        [(AirPollutant.PM25, AveragingTime.Year)] = [[15, 35], [15, 30], [10, 25]],
        [(AirPollutant.PM25, AveragingTime.Day)] = [[35, 75], [35, 60], [25, 50]],
    };

    /// <summary>A daily mean needs at least this many hourly values.</summary>
    public const int MinHoursPerDay = 20;

    /// <summary>An annual statistic needs at least this many daily values.</summary>
    public const int MinDaysPerYear = 324;

    /// <summary>An annual statistic needs at least this many daily values in each month (see <see cref="MinDaysInFebruary"/>).</summary>
    public const int MinDaysPerMonth = 27;

    /// <summary>February's minimum of daily values.</summary>
    public const int MinDaysInFebruary = 25;

    /// <summary>An 8-hour moving mean needs at least this many hourly values.</summary>
    public const int MinHoursPer8HourMean = 6;

    /// <summary>The limit, or null when GB 3095 sets none for this pollutant and averaging time.</summary>
    /// <param name="generation">Which generation's table.</param>
    /// <param name="pollutant">The pollutant.</param>
    /// <param name="averaging">The averaging time.</param>
    /// <param name="grade">1 (class-1 areas) or 2 (class-2 areas, used to evaluate cities).</param>
    public static decimal? Limit(Gb3095Generation generation, AirPollutant pollutant, AveragingTime averaging, int grade = 2)
    {
        if (grade is not (1 or 2))
            throw new ArgumentOutOfRangeException(nameof(grade), grade, "GB 3095 has grades 1 and 2");
        return Table.TryGetValue((pollutant, averaging), out var row) ? row[(int)generation][grade - 1] : null;
    }

    /// <summary>Every (pollutant, averaging time) that has a limit.</summary>
    public static IEnumerable<(AirPollutant Pollutant, AveragingTime Averaging)> LimitedStatistics => Table.Keys;

    /// <summary>The generation in force on a date.</summary>
    public static Gb3095Generation ForDate(DateOnly date) =>
        date < new DateOnly(2026, 3, 1) ? Gb3095Generation.V2012
        : date < new DateOnly(2031, 1, 1) ? Gb3095Generation.V2026Transitional
        : Gb3095Generation.V2026Final;

    /// <summary>"2012", "2026" / "2026-transitional", "2026-final" to a generation.</summary>
    public static Gb3095Generation ParseGeneration(string text) => text.Trim().ToLowerInvariant() switch
    {
        "2012" => Gb3095Generation.V2012,
        "2026" or "2026-transitional" => Gb3095Generation.V2026Transitional,
        "2026-final" or "2031" => Gb3095Generation.V2026Final,
        _ => throw new ArgumentException($"unknown GB 3095 generation '{text}' (expected 2012, 2026-transitional or 2026-final)", nameof(text)),
    };

    /// <summary>Whether a daily mean from this many hourly values is valid.</summary>
    public static bool IsDailyMeanValid(int hourlyValues) => hourlyValues >= MinHoursPerDay;

    /// <summary>Whether an 8-hour moving mean from this many hourly values is valid.</summary>
    public static bool IsEightHourMeanValid(int hourlyValues) => hourlyValues >= MinHoursPer8HourMean;

    /// <summary>
    /// Whether an annual statistic's daily values suffice: at least 324 in the year and at least 27 in each month (25 in
    /// February). <paramref name="validDaysPerMonth"/> holds 12 counts, January first.
    /// </summary>
    public static bool IsAnnualValid(IReadOnlyList<int> validDaysPerMonth)
    {
        ArgumentNullException.ThrowIfNull(validDaysPerMonth);
        if (validDaysPerMonth.Count != 12)
            throw new ArgumentException("12 monthly counts expected", nameof(validDaysPerMonth));
        if (validDaysPerMonth.Sum() < MinDaysPerYear)
            return false;
        for (var m = 0; m < 12; m++)
        {
            if (validDaysPerMonth[m] < (m == 1 ? MinDaysInFebruary : MinDaysPerMonth))
                return false;
        }
        return true;
    }
}
