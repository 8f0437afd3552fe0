namespace Meicheng.Core.Environment.Air;

/// <summary>How the comprehensive index (综合指数) is rounded.</summary>
public enum IndexRounding
{
    /// <summary>Sum the exact terms, round the sum to two decimals (default).</summary>
    SumOnly,
    /// <summary>Round each term C_i/S_i to two decimals, then sum.</summary>
    EachTerm,
}

/// <summary>How the city's concentration statistics are formed from its stations.</summary>
public enum CityAggregation
{
    /// <summary>Each city statistic is the arithmetic mean of the stations' statistics (default).</summary>
    MeanOfStationStatistics,
    /// <summary>The city's daily values are the means of the stations' valid daily values; statistics are computed on that series.</summary>
    CityDailySeries,
}

/// <summary>Options of an HJ 663 annual evaluation; every one is recorded in the result.</summary>
public sealed record AnnualEvaluationOptions
{
    /// <summary>The HJ 633 rules for the daily AQI (good-day share).</summary>
    public required AqiRuleSet AqiRules { get; init; }

    /// <summary>The GB 3095 limits the statistics are judged against (grade 2).</summary>
    public required Gb3095Generation Limits { get; init; }

    /// <summary>
    /// HJ 663's exceedance rule: a daily value from fewer than 20 hours, an O3 1h maximum from fewer than 20 hours, or
    /// an MDA8 from fewer than 14 valid windows still counts as a valid daily value when it already exceeds its grade-2
    /// limit (a fuller day could only confirm the exceedance). Default on.
    /// </summary>
    public bool IncompleteExceedingCounts { get; init; } = true;

    /// <summary>Rounding of the comprehensive index.</summary>
    public IndexRounding IndexRounding { get; init; } = IndexRounding.SumOnly;

    /// <summary>How city statistics are formed.</summary>
    public CityAggregation CityAggregation { get; init; } = CityAggregation.MeanOfStationStatistics;
}

/// <summary>One annual statistic.</summary>
/// <param name="Name">annualMean, p98, p95 (24-hour mean percentiles; CO p95 of daily means) or mda8p90.</param>
/// <param name="Value">The exact value (null without data).</param>
/// <param name="Reported">The value rounded for reporting (GB/T 8170: ug/m3 to integers, CO to one decimal); attainment compares this.</param>
/// <param name="Limit">The grade-2 limit it is judged against.</param>
/// <param name="Attains">Reported &lt;= Limit (null without a value).</param>
/// <param name="Days">The daily values it was computed from.</param>
/// <param name="Valid">Enough daily values: 324 a year, 27 a month, 25 in February (for the city: every station valid).</param>
public sealed record AnnualStatistic(string Name, decimal? Value, decimal? Reported, decimal Limit, bool? Attains, int Days, bool Valid);

/// <summary>The statistics of one pollutant.</summary>
/// <param name="Pollutant">The pollutant.</param>
/// <param name="Statistics">Its statistics, by name.</param>
public sealed record PollutantAnnual(AirPollutant Pollutant, IReadOnlyList<AnnualStatistic> Statistics)
{
    /// <summary>A statistic by name, or null.</summary>
    public AnnualStatistic? this[string name] => Statistics.FirstOrDefault(s => s.Name == name);
}

/// <summary>A station's or the city's annual evaluation.</summary>
/// <param name="Name">The station, or "city".</param>
/// <param name="Pollutants">The six pollutants' statistics.</param>
/// <param name="GoodDays">Days with AQI at most 100.</param>
/// <param name="DaysWithAqi">Days with a valid daily AQI (every pollutant's daily value valid).</param>
/// <param name="GoodDaysRatio">GoodDays / DaysWithAqi (null without days).</param>
/// <param name="ComprehensiveIndex">Sum of C_i/S_i over the six pollutants (null when one is missing).</param>
/// <param name="Attains">Every statistic within its grade-2 limit.</param>
public sealed record AreaAnnual(string Name, IReadOnlyList<PollutantAnnual> Pollutants, int GoodDays, int DaysWithAqi, decimal? GoodDaysRatio,
    decimal? ComprehensiveIndex, bool Attains)
{
    /// <summary>One pollutant's statistics.</summary>
    public PollutantAnnual this[AirPollutant pollutant] => Pollutants.First(p => p.Pollutant == pollutant);
}

/// <summary>The result of an annual evaluation.</summary>
/// <param name="Year">The calendar year.</param>
/// <param name="Options">The options used.</param>
/// <param name="Convention">The hour-label convention the data were read with.</param>
/// <param name="Stations">Each station.</param>
/// <param name="City">The city.</param>
public sealed record AirAnnualEvaluation(int Year, AnnualEvaluationOptions Options, HourLabelConvention Convention, IReadOnlyList<AreaAnnual> Stations, AreaAnnual City);

/// <summary>HJ 663-2013 annual evaluation of ambient air quality, per station and for the city.</summary>
public static class AnnualEvaluation
{
    /// <summary>PERCENTILE.INC: k = 1 + (n - 1)p on the ascending values, linear between neighbours.</summary>
    public static decimal Percentile(IReadOnlyList<decimal> sortedAscending, decimal p)
    {
        ArgumentNullException.ThrowIfNull(sortedAscending);
        if (sortedAscending.Count == 0)
            throw new ArgumentException("no values", nameof(sortedAscending));
        if (p is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(p));
        var k = 1 + (sortedAscending.Count - 1) * p;
        var s = (int)decimal.Floor(k);
        if (s >= sortedAscending.Count)
            return sortedAscending[^1];
        var lo = sortedAscending[s - 1];
        return lo + (sortedAscending[s] - lo) * (k - s);
    }

    /// <summary>
    /// <see cref="Percentile"/> of values in any order, as sorting them first gives it: the two values it interpolates
    /// between are picked from the top of the list (a percentile near the top needs only a few), which is also what a
    /// sort puts there. Only when another value equals one of the two in value but differs in scale (12.5 and 12.50)
    /// could a sort have put either there; then the list is sorted, so the result is always the very decimal it was.
    /// </summary>
    private static decimal PercentileOfUnsorted(List<decimal> values, decimal p)
    {
        var n = values.Count;
        var k = 1 + (n - 1) * p;
        var s = (int)decimal.Floor(k);
        var needed = n - s + 1; // the s-th smallest is the needed-th largest
        if (s >= n || needed > 64)
            return SortedPercentile(values, p);
        // The `needed` largest, ascending: top[0] is the s-th smallest, top[1] the (s+1)-th.
        Span<decimal> top = stackalloc decimal[needed];
        for (var i = 0; i < needed; i++)
            top[i] = values[i];
        top.Sort();
        for (var i = needed; i < n; i++)
        {
            var v = values[i];
            if (v <= top[0])
                continue;
            var j = 1;
            while (j < needed && top[j] < v)
            {
                top[j - 1] = top[j];
                j++;
            }
            top[j - 1] = v;
        }
        var lo = top[0];
        var hi = top[1];
        if (HasTwin(values, lo) || HasTwin(values, hi))
            return SortedPercentile(values, p);
        return lo + (hi - lo) * (k - s);
    }

    private static decimal SortedPercentile(List<decimal> values, decimal p)
    {
        values.Sort();
        return Percentile(values, p);
    }

    // Whether another value equals this one but is written differently (another scale, or -0 against 0).
    private static bool HasTwin(List<decimal> values, decimal value)
    {
        var (scale, negative) = (value.Scale, decimal.IsNegative(value));
        foreach (var v in values)
        {
            if (v == value && (v.Scale != scale || decimal.IsNegative(v) != negative))
                return true;
        }
        return false;
    }

    /// <summary>Evaluates every station of <paramref name="data"/> over <paramref name="year"/>, and the city.</summary>
    public static AirAnnualEvaluation Evaluate(AirDataset data, int year, AnnualEvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        // A batch of stations at a time, evaluated in parallel: their counted days are reduced to statistics and then
        // folded into the city's per-date sums in station order (decimal sums that round depend on their order), so the
        // evaluation holds one batch's years at a time, not every station's.
        const int Batch = 64;
        var citySums = new CitySums(year);
        var stations = new AreaAnnual[data.Stations.Count];
        for (var first = 0; first < stations.Length; first += Batch)
        {
            var size = Math.Min(Batch, stations.Length - first);
            var batchDays = new List<CountedDay>[size];
            Parallel.For(0, size, i =>
            {
                var s = data.Stations[first + i];
                var days = new List<CountedDay>(366);
                foreach (var d in s.Days)
                {
                    if (d.Date.Year == year)
                        days.Add(Daily(d, options));
                }
                stations[first + i] = Area(s.Station, days, options);
                batchDays[i] = days;
            });
            citySums.Add(batchDays);
        }
        var cityDays = citySums.Days(options);
        var city = options.CityAggregation == CityAggregation.CityDailySeries || stations.Length == 0
            ? Area("city", cityDays, options)
            : MeanOfStations(stations, cityDays, options);
        return new AirAnnualEvaluation(year, options, data.Convention, stations, city);
    }

    /// <summary>
    /// The daily values of a station-day that the evaluation counts, after the validity and exceedance rules of
    /// <paramref name="options"/>: the 24-hour means, the O3 maximum 1-hour value (<see cref="AirConcentrations.O3"/>) and the
    /// MDA8 (<see cref="AirConcentrations.O3Max8h"/>), each null when it does not count. <see cref="Aqi.Daily"/> of these,
    /// with nothing missing, is the daily AQI the good-day share counts.
    /// </summary>
    public static AirConcentrations CountedDailyValues(StationDay day, AnnualEvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(options);
        var d = Daily(day, options);
        return new AirConcentrations
        {
            So2 = d.Means[(int)AirPollutant.SO2], No2 = d.Means[(int)AirPollutant.NO2], Pm10 = d.Means[(int)AirPollutant.PM10],
            Co = d.Means[(int)AirPollutant.CO], O3 = d.O3Max1h, O3Max8h = d.Mda8, Pm25 = d.Means[(int)AirPollutant.PM25],
        };
    }

    // A day's values that count (after the validity and exceedance rules), per statistic, and its AQI.
    // Good: whether the day's AQI is at most 100, null without an AQI (all that the evaluation counts of it).
    private sealed record CountedDay(DateOnly Date, decimal?[] Means, decimal? O3Max1h, decimal? Mda8, bool? Good);

    private static CountedDay Daily(StationDay d, AnnualEvaluationOptions o)
    {
        var means = new decimal?[6];
        foreach (var p in AirPollutants.All)
        {
            if (p == AirPollutant.O3)
                continue;
            var v = d.Mean(p);
            means[(int)p] = Counts(v.Value, Gb3095.IsDailyMeanValid(v.Count), Gb3095.Limit(o.Limits, p, AveragingTime.Day), o);
        }
        var max1h = Counts(d.O3Max1h.Value, Gb3095.IsDailyMeanValid(d.O3Max1h.Count), Gb3095.Limit(o.Limits, AirPollutant.O3, AveragingTime.Hour), o);
        var mda8 = Counts(d.Mda8.Value, d.Mda8.Count >= OzoneWindows.MinValidWindows, Gb3095.Limit(o.Limits, AirPollutant.O3, AveragingTime.Max8Hour), o);
        return new CountedDay(d.Date, means, max1h, mda8, DailyGood(means, max1h, mda8, o.AqiRules));
    }

    private static decimal? Counts(decimal? value, bool complete, decimal? limit, AnnualEvaluationOptions o) =>
        value is null ? null
        : complete ? value
        : o.IncompleteExceedingCounts && limit is { } l && value > l ? value
        : null;

    private static bool? DailyGood(decimal?[] means, decimal? max1h, decimal? mda8, AqiRuleSet rules)
    {
        if (means[(int)AirPollutant.SO2] is null || means[(int)AirPollutant.NO2] is null || means[(int)AirPollutant.PM10] is null
            || means[(int)AirPollutant.CO] is null || means[(int)AirPollutant.PM25] is null || mda8 is null
            || (rules.DailyUsesO3OneHour && max1h is null))
            return null;
        return Aqi.DailyAtMost100(rules, means[(int)AirPollutant.SO2]!.Value, means[(int)AirPollutant.NO2]!.Value, means[(int)AirPollutant.PM10]!.Value,
            means[(int)AirPollutant.CO]!.Value, max1h, mda8.Value, means[(int)AirPollutant.PM25]!.Value);
    }

    /// <summary>Per date, sums and counts of the stations' counted values: the city daily value is their mean (a day needs one station).</summary>
    private sealed class CitySums(int year)
    {
        // Per day of the year; slots 0..5: the pollutants' daily means; 6: O3 max 1h; 7: MDA8.
        private readonly decimal[]?[] _sum = new decimal[]?[366];
        private readonly int[]?[] _count = new int[]?[366];
        private readonly DateOnly _first = new(year, 1, 1);

        /// <summary>
        /// Adds stations' days (of the year), station after station for each date, as a decimal sum that rounds depends
        /// on its order; dates are independent of each other, so the two halves of the year are added in parallel.
        /// </summary>
        public void Add(IReadOnlyList<List<CountedDay>> stations) => Parallel.For(0, 2, half =>
        {
            foreach (var days in stations)
            {
                foreach (var d in days)
                {
                    var index = d.Date.DayNumber - _first.DayNumber;
                    if (index / 183 != half)
                        continue;
                    var sum = _sum[index] ??= new decimal[8];
                    var count = _count[index] ??= new int[8];
                    for (var i = 0; i < 8; i++)
                    {
                        var v = i < 6 ? d.Means[i] : i == 6 ? d.O3Max1h : d.Mda8;
                        if (v is { } x)
                        {
                            sum[i] += x;
                            count[i]++;
                        }
                    }
                }
            }
        });

        public List<CountedDay> Days(AnnualEvaluationOptions o)
        {
            var result = new List<CountedDay>(366);
            for (var index = 0; index < 366; index++)
            {
                if (_sum[index] is not { } sum || _count[index] is not { } count)
                    continue;
                var values = new decimal?[8];
                for (var i = 0; i < 8; i++)
                    values[i] = count[i] == 0 ? null : sum[i] / count[i];
                var means = values[..6];
                result.Add(new CountedDay(_first.AddDays(index), means, values[6], values[7], DailyGood(means, values[6], values[7], o.AqiRules)));
            }
            return result;
        }
    }

    private static decimal? Mean(IEnumerable<decimal?> values)
    {
        decimal sum = 0;
        var n = 0;
        foreach (var v in values)
        {
            if (v is { } x)
            {
                sum += x;
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    private static AreaAnnual Area(string name, List<CountedDay> days, AnnualEvaluationOptions o)
    {
        var values = new List<decimal>(days.Count);
        var pollutants = new List<PollutantAnnual>();
        foreach (var p in AirPollutants.All)
        {
            var stats = new List<AnnualStatistic>();
            if (p == AirPollutant.O3)
            {
                stats.Add(Statistic("mda8p90", days, values, d => d.Mda8, 0.90m, p, Gb3095.Limit(o.Limits, p, AveragingTime.Max8Hour)!.Value));
            }
            else if (p == AirPollutant.CO)
            {
                stats.Add(Statistic("p95", days, values, d => d.Means[(int)p], 0.95m, p, Gb3095.Limit(o.Limits, p, AveragingTime.Day)!.Value));
            }
            else
            {
                stats.Add(Statistic("annualMean", days, values, d => d.Means[(int)p], null, p, Gb3095.Limit(o.Limits, p, AveragingTime.Year)!.Value));
                var rank = p is AirPollutant.SO2 or AirPollutant.NO2 ? 0.98m : 0.95m;
                stats.Add(Statistic(rank == 0.98m ? "p98" : "p95", days, values, d => d.Means[(int)p], rank, p, Gb3095.Limit(o.Limits, p, AveragingTime.Day)!.Value));
            }
            pollutants.Add(new PollutantAnnual(p, stats));
        }
        var withAqi = days.Where(d => d.Good is not null).ToList();
        var good = withAqi.Count(d => d.Good == true);
        return Finish(name, pollutants, good, withAqi.Count, withAqi.Count == 0 ? null : (decimal)good / withAqi.Count, o);
    }

    // values: a list to gather the daily values in, reused from one statistic to the next.
    private static AnnualStatistic Statistic(string name, List<CountedDay> days, List<decimal> values, Func<CountedDay, decimal?> select, decimal? rank,
        AirPollutant p, decimal limit)
    {
        var perMonth = new int[12];
        values.Clear();
        foreach (var d in days)
        {
            if (select(d) is { } v)
            {
                values.Add(v);
                perMonth[d.Date.Month - 1]++;
            }
        }
        var valid = Gb3095.IsAnnualValid(perMonth);
        if (values.Count == 0)
            return new AnnualStatistic(name, null, null, limit, null, 0, false);
        decimal value;
        if (rank is { } r)
            value = PercentileOfUnsorted(values, r);
        else
            value = values.Sum() / values.Count;
        var reported = Report(p, value);
        return new AnnualStatistic(name, value, reported, limit, reported <= limit, values.Count, valid);
    }

    private static decimal Report(AirPollutant p, decimal value) => Gbt8170.Round(value, p == AirPollutant.CO ? 1 : 0);

    private static AreaAnnual MeanOfStations(AreaAnnual[] stations, List<CountedDay> cityDays, AnnualEvaluationOptions o)
    {
        var pollutants = new List<PollutantAnnual>();
        foreach (var p in AirPollutants.All)
        {
            var stats = new List<AnnualStatistic>();
            foreach (var name in stations[0][p].Statistics.Select(s => s.Name))
            {
                var parts = stations.Select(s => s[p][name]!).ToList();
                var value = Mean(parts.Select(s => s.Value));
                var limit = parts[0].Limit;
                var reported = value is { } v ? Report(p, v) : (decimal?)null;
                stats.Add(new AnnualStatistic(name, value, reported, limit, reported is { } r ? r <= limit : null,
                    parts.Min(s => s.Days), parts.All(s => s.Valid)));
            }
            pollutants.Add(new PollutantAnnual(p, stats));
        }
        // The city's good days come from its daily series: the city's daily AQI on the station-mean concentrations.
        var withAqi = cityDays.Where(d => d.Good is not null).ToList();
        var good = withAqi.Count(d => d.Good == true);
        return Finish("city", pollutants, good, withAqi.Count, withAqi.Count == 0 ? null : (decimal)good / withAqi.Count, o);
    }

    private static AreaAnnual Finish(string name, List<PollutantAnnual> pollutants, int good, int withAqi, decimal? ratio, AnnualEvaluationOptions o)
    {
        var all = pollutants.SelectMany(p => p.Statistics).ToList();
        var attains = all.All(s => s.Attains == true);
        return new AreaAnnual(name, pollutants, good, withAqi, ratio, ComprehensiveIndex(pollutants, o), attains);
    }

    /// <summary>
    /// 综合指数: sum of C_i/S_i with C the reported annual means of SO2, NO2, PM10, PM2.5 (S their grade-2 annual
    /// limits), the CO 95th percentile (S = 4) and the O3 MDA8 90th percentile (S = 160); rounded per <paramref name="o"/>.
    /// </summary>
    private static decimal? ComprehensiveIndex(List<PollutantAnnual> pollutants, AnnualEvaluationOptions o)
    {
        decimal sum = 0;
        foreach (var pa in pollutants)
        {
            var stat = pa.Pollutant switch
            {
                AirPollutant.CO => pa["p95"],
                AirPollutant.O3 => pa["mda8p90"],
                _ => pa["annualMean"],
            };
            if (stat?.Reported is not { } c)
                return null;
            var s = pa.Pollutant switch
            {
                AirPollutant.CO => 4m,
                AirPollutant.O3 => 160m,
                _ => Gb3095.Limit(o.Limits, pa.Pollutant, AveragingTime.Year)!.Value,
            };
            var term = c / s;
            sum += o.IndexRounding == IndexRounding.EachTerm ? Gbt8170.Round(term, 2) : term;
        }
        return Gbt8170.Round(sum, 2);
    }
}
