namespace Meicheng.Core.Environment.Air;

/// <summary>
/// How an hour label (0..23) in a feed is read. The choice fixes which day an hour belongs to, and so the daily
/// means and the MDA8 windows (which must not cross midnight).
/// </summary>
public enum HourLabelConvention
{
    /// <summary>
    /// The label is the END of the hour (CNEMC practice, STANDARDS.md s3): label h covers (h-1):00..h:00, and label 0
    /// is the last hour (23:00..24:00) of the PREVIOUS day. A day is labels 1..23 of its date plus label 0 of the next.
    /// </summary>
    PeriodEnd,

    /// <summary>The label is the START of the hour: label h covers h:00..(h+1):00 of its own date; a day is labels 0..23.</summary>
    PeriodStart,
}

/// <summary>A daily value and how many values it was made from (hours, or valid 8-hour windows for the MDA8).</summary>
/// <param name="Value">The value, null when there was nothing to compute it from.</param>
/// <param name="Count">Hours (daily means, O3 1h maximum) or valid windows (MDA8).</param>
public readonly record struct DailyValue(decimal? Value, int Count);

/// <summary>One station's day: 24-hour means, the O3 maximum 1-hour value and the MDA8, with their counts.</summary>
public sealed class StationDay
{
    // Compact on purpose (one per station-day is what ingestion keeps): eight values — the six pollutants' means in
    // AirPollutant order, the O3 1h maximum, the MDA8 — held in the object itself, and their counts, one byte each; a
    // value exists iff its count > 0.
    private readonly EightDecimals _values;
    private readonly ulong _counts;

    internal StationDay(DateOnly date, ReadOnlySpan<DailyValue> means, DailyValue o3Max1h, DailyValue mda8, uint hoursSeen)
    {
        Date = date;
        HoursSeen = hoursSeen;
        for (var i = 0; i < 8; i++)
        {
            var v = i < 6 ? means[i] : i == 6 ? o3Max1h : mda8;
            if ((v.Value is null) != (v.Count == 0) || v.Count is < 0 or > 255)
                throw new ArgumentException("a daily value exists exactly when its count is positive (at most 255)");
            _values[i] = v.Value ?? 0;
            _counts |= (ulong)v.Count << (8 * i);
        }
    }

    /// <summary>The day (after applying the hour-label convention).</summary>
    public DateOnly Date { get; }

    /// <summary>The O3 maximum 1-hour value of the day; its count is the day's O3 hours.</summary>
    public DailyValue O3Max1h => At(6);

    /// <summary>The O3 daily maximum 8-hour mean over valid windows; its count is the number of valid windows (of 17).</summary>
    public DailyValue Mda8 => At(7);

    /// <summary>Bit h-1 set when the hour ending at h (1..24) had a row.</summary>
    public uint HoursSeen { get; }

    /// <summary>The 24-hour mean of a pollutant and its hour count (O3: the mean of its hourly values).</summary>
    public DailyValue Mean(AirPollutant pollutant) => At((int)pollutant);

    private DailyValue At(int i)
    {
        var count = (int)((_counts >> (8 * i)) & 0xFF);
        return new DailyValue(count == 0 ? null : _values[i], count);
    }

    [System.Runtime.CompilerServices.InlineArray(8)]
    private struct EightDecimals
    {
        private decimal _first;
    }
}

/// <summary>One station's days, in date order.</summary>
/// <param name="Station">The station name.</param>
/// <param name="Days">Its days, ascending.</param>
public sealed record StationSeries(string Station, IReadOnlyList<StationDay> Days);

/// <summary>Hourly air data reduced to station-days: what annual evaluation needs, independent of the input's size.</summary>
/// <param name="Convention">The hour-label convention the days were built with.</param>
/// <param name="Stations">The stations, ordered by name.</param>
public sealed record AirDataset(HourLabelConvention Convention, IReadOnlyList<StationSeries> Stations);

/// <summary>
/// Accumulates hourly rows into station-days. Memory grows with stations x days, never with rows: each station keeps
/// at most two open days (the hour-ending convention puts label 0 into the previous day) and closes a day into a
/// <see cref="StationDay"/> once a row of a later day arrives. Rows of one station must come in day order.
/// </summary>
public sealed class AirDatasetBuilder(HourLabelConvention convention)
{
    private readonly Dictionary<string, StationState> _stations = new(StringComparer.Ordinal);
    private readonly Lock _stationsLock = new();

    /// <summary>The hour-label convention applied to every row.</summary>
    public HourLabelConvention Convention { get; } = convention;

    /// <summary>
    /// Adds one hour of a station. <paramref name="values"/> holds SO2, NO2, PM10, CO (mg/m3), O3, PM2.5 in
    /// <see cref="AirPollutant"/> order, null where missing. Returns null when accepted, else why the row is refused
    /// (a duplicate hour, or a day that was already closed); a refused row changes nothing.
    /// </summary>
    public string? TryAdd(string station, DateOnly labelDate, int labelHour, ReadOnlySpan<decimal?> values) =>
        TryAdd(station.AsSpan(), labelDate, labelHour, values);

    /// <summary>As <see cref="TryAdd(string, DateOnly, int, ReadOnlySpan{decimal?})"/>, without allocating the station name for known stations.</summary>
    public string? TryAdd(ReadOnlySpan<char> station, DateOnly labelDate, int labelHour, ReadOnlySpan<decimal?> values)
    {
        if (labelHour is < 0 or > 23)
            return "hour must be 0..23";
        if (values.Length != 6)
            throw new ArgumentException("six values expected", nameof(values));
        var (date, endHour) = ToDay(labelDate, labelHour);
        var lookup = _stations.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(station, out var state))
        {
            var name = station.ToString();
            _stations[name] = state = new StationState(name);
        }
        return state.Add(date.DayNumber, endHour, values);
    }

    /// <summary>Why <see cref="TryAdd(ReadOnlySpan{char}, DateOnly, int, ReadOnlySpan{decimal?})"/> would refuse this hour now, or null; changes nothing.</summary>
    internal string? Probe(ReadOnlySpan<char> station, DateOnly labelDate, int labelHour)
    {
        if (labelHour is < 0 or > 23)
            return "hour must be 0..23";
        var (date, endHour) = ToDay(labelDate, labelHour);
        return _stations.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(station, out var state) ? state.Probe(date.DayNumber, endHour) : null;
    }

    /// <summary>
    /// The station's state, created when new; safe to call from several threads at once. A parallel reader gives each
    /// station to one thread only, so a state itself is never used by two threads.
    /// </summary>
    internal StationState SharedStation(ReadOnlySpan<char> station)
    {
        lock (_stationsLock)
        {
            if (!_stations.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(station, out var state))
            {
                var name = station.ToString();
                _stations[name] = state = new StationState(name);
            }
            return state;
        }
    }

    internal (DateOnly Date, int EndHour) ToDay(DateOnly labelDate, int labelHour) =>
        Convention == HourLabelConvention.PeriodEnd
            ? labelHour == 0 ? (labelDate.AddDays(-1), 24) : (labelDate, labelHour)
            : (labelDate, labelHour + 1);

    /// <summary>Closes every open day and returns the dataset. The builder can be used no further.</summary>
    public AirDataset Build() =>
        new(Convention, _stations.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => s.Finish()).ToList());

    internal sealed class StationState(string name)
    {
        public string Name { get; } = name;

        /// <summary>The name in UTF-8, to recognise it in a byte buffer without decoding.</summary>
        public byte[] Utf8Name { get; } = System.Text.Encoding.UTF8.GetBytes(name);

        /// <summary>The station whose row followed this one's last time (a reader's guess for the next row; files repeat their station order).</summary>
        public StationState? Successor { get; set; }

        private readonly List<StationDay> _days = [];
        private OpenDay? _a; // the earlier open day
        private OpenDay? _b; // the later open day
        private OpenDay? _spare; // a closed day's buffers, reused for the next day

        public string? Probe(int day, int endHour)
        {
            var open = _b?.Day == day ? _b : _a?.Day == day ? _a : null;
            if (open is not null)
                return open.Has(endHour) ? "duplicate hour" : null;
            return ClosedRefusal(day, endHour);
        }

        private string? ClosedRefusal(int day, int endHour)
        {
            var latest = _b?.Day ?? _a?.Day ?? (_days.Count > 0 ? _days[^1].Date.DayNumber : int.MinValue);
            if (day < latest && (_a is null || day < _a.Day))
            {
                var closed = FindClosed(day);
                return closed is not null && (closed.HoursSeen & (1u << (endHour - 1))) != 0
                    ? "duplicate hour"
                    : "out of order: rows of this station's later days came before it";
            }
            return null;
        }

        public string? Add(int day, int endHour, ReadOnlySpan<decimal?> values) =>
            Open(day, endHour, out var refusal) is { } open ? open.Add(endHour, values) ? null : "duplicate hour" : refusal;

        /// <summary>
        /// As <see cref="Add(int, int, ReadOnlySpan{decimal?})"/>, for values given as a non-negative mantissa (-1 when
        /// missing) and a scale each: the decimal <c>mantissa / 10^scale</c>, without making it.
        /// </summary>
        public string? Add(int day, int endHour, ReadOnlySpan<long> mantissas, ReadOnlySpan<byte> scales) =>
            Open(day, endHour, out var refusal) is { } open ? open.Add(endHour, mantissas, scales) ? null : "duplicate hour" : refusal;

        private OpenDay? Open(int day, int endHour, out string? refusal)
        {
            refusal = null;
            var open = _b?.Day == day ? _b : _a?.Day == day ? _a : null;
            if (open is null)
            {
                if ((refusal = ClosedRefusal(day, endHour)) is not null)
                    return null;
                // Close what can no longer receive rows: days older than day - 1.
                if (_a is not null && _a.Day < day - 1) { Close(_a); _a = null; }
                if (_b is not null && _b.Day < day - 1) { Close(_b); _b = null; }
                if (_a is null && _b is not null) { _a = _b; _b = null; }
                open = _spare?.Reset(day) ?? new OpenDay(day);
                _spare = null;
                if (_a is null) _a = open;
                else _b = open;
            }
            return open;
        }

        private StationDay? FindClosed(int day)
        {
            int lo = 0, hi = _days.Count - 1;
            while (lo <= hi)
            {
                var mid = (lo + hi) / 2;
                var d = _days[mid].Date.DayNumber;
                if (d == day) return _days[mid];
                if (d < day) lo = mid + 1;
                else hi = mid - 1;
            }
            return null;
        }

        private void Close(OpenDay day)
        {
            _days.Add(day.ToStationDay());
            _spare = day;
        }

        public StationSeries Finish()
        {
            if (_a is not null) Close(_a);
            if (_b is not null) Close(_b);
            _a = _b = null;
            return new StationSeries(Name, _days);
        }
    }

    private sealed class OpenDay(int day)
    {
        public int Day { get; private set; } = day;

        public OpenDay Reset(int day)
        {
            Day = day;
            Array.Clear(_sums);
            Array.Clear(_count);
            _o3Mask = 0;
            _o3Scale = NoScaleYet;
            _seen = 0;
            return this;
        }

        private readonly DecimalSum[] _sums = new DecimalSum[6];
        private readonly int[] _count = new int[6];
        private readonly decimal[] _o3 = new decimal[24];
        // The O3 hours also as mantissas while every one came as a mantissa with the same scale (the usual file): the
        // day's maximum and MDA8 are then found in integers.
        private const int NoScaleYet = -1;
        private const int MixedScales = -2;
        private readonly long[] _o3Mantissa = new long[24];
        private int _o3Scale = NoScaleYet;
        private uint _o3Mask;
        private uint _seen;

        public bool Has(int endHour) => (_seen & (1u << (endHour - 1))) != 0;

        public bool Add(int endHour, ReadOnlySpan<decimal?> values)
        {
            var bit = 1u << (endHour - 1);
            if ((_seen & bit) != 0)
                return false;
            _seen |= bit;
            for (var p = 0; p < 6; p++)
            {
                if (values[p] is { } v)
                {
                    _sums[p].Add(v);
                    _count[p]++;
                }
            }
            if (values[(int)AirPollutant.O3] is { } o3)
            {
                _o3[endHour - 1] = o3;
                _o3Mask |= bit;
                _o3Scale = MixedScales;
            }
            return true;
        }

        public bool Add(int endHour, ReadOnlySpan<long> mantissas, ReadOnlySpan<byte> scales)
        {
            var bit = 1u << (endHour - 1);
            if ((_seen & bit) != 0)
                return false;
            _seen |= bit;
            for (var p = 0; p < 6; p++)
            {
                if (mantissas[p] >= 0)
                {
                    _sums[p].Add(mantissas[p], scales[p]);
                    _count[p]++;
                }
            }
            var o3 = (int)AirPollutant.O3;
            if (mantissas[o3] >= 0)
            {
                _o3[endHour - 1] = DecimalSum.ToDecimal(mantissas[o3], scales[o3]);
                _o3Mask |= bit;
                _o3Mantissa[endHour - 1] = mantissas[o3];
                _o3Scale = (_o3Scale == NoScaleYet || _o3Scale == scales[o3]) && mantissas[o3] < 1L << 52 ? scales[o3] : MixedScales;
            }
            return true;
        }

        public StationDay ToStationDay()
        {
            Span<DailyValue> means = stackalloc DailyValue[6];
            for (var p = 0; p < 6; p++)
                means[p] = new DailyValue(_count[p] > 0 ? _sums[p].Value / _count[p] : null, _count[p]);
            decimal? max1h = null;
            DailyValue mda8;
            if (_o3Scale >= 0 && _o3Mask != 0)
            {
                long max = -1;
                for (var h = 0; h < 24; h++)
                {
                    if ((_o3Mask & (1u << h)) != 0 && _o3Mantissa[h] > max)
                        max = _o3Mantissa[h];
                }
                max1h = DecimalSum.ToDecimal(max, _o3Scale);
                mda8 = OzoneWindows.Mda8(_o3Mantissa, _o3Scale, _o3Mask);
            }
            else
            {
                for (var h = 0; h < 24; h++)
                {
                    if ((_o3Mask & (1u << h)) != 0 && (max1h is null || _o3[h] > max1h))
                        max1h = _o3[h];
                }
                mda8 = OzoneWindows.Mda8(_o3, _o3Mask);
            }
            return new StationDay(DateOnly.FromDayNumber(Day), means, new DailyValue(max1h, _count[(int)AirPollutant.O3]), mda8, _seen);
        }
    }
}

/// <summary>
/// A running sum of decimals that gives the very decimal (value and scale) adding them one by one in
/// <see cref="decimal"/> gives, faster: while the sum fits, it is a long mantissa at the largest scale seen, which is what
/// decimal addition keeps when nothing rounds; once it would not fit, it carries on as a decimal from the exact partial sum.
/// </summary>
internal struct DecimalSum
{
    private static readonly long[] Pow10 =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000, 100_000_000_000,
        1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000,
        1_000_000_000_000_000_000,
    ];

    private long _mantissa;
    private int _scale;
    private bool _isDecimal;
    private decimal _decimal;

    public readonly decimal Value => _isDecimal ? _decimal : ToDecimal(_mantissa, _scale);

    /// <summary>The non-negative decimal <paramref name="mantissa"/> / 10^<paramref name="scale"/>, with that scale.</summary>
    public static decimal ToDecimal(long mantissa, int scale) => new((int)mantissa, (int)(mantissa >> 32), 0, false, (byte)scale);

    /// <summary>Adds mantissa / 10^scale (mantissa at least 0, scale at most 28).</summary>
    public void Add(long mantissa, int scale)
    {
        if (!_isDecimal)
        {
            var a = _mantissa;
            var b = mantissa;
            var common = Math.Max(_scale, scale);
            if (Scale(ref a, common - _scale) && Scale(ref b, common - scale) && a <= long.MaxValue - b)
            {
                _mantissa = a + b;
                _scale = common;
                return;
            }
            _isDecimal = true;
            _decimal = ToDecimal(_mantissa, _scale);
        }
        _decimal += ToDecimal(mantissa, scale);
    }

    public void Add(decimal value)
    {
        if (!_isDecimal)
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(value, bits);
            if (bits[2] == 0 && bits[1] >= 0 && bits[3] >= 0) // below 2^63 and not negative (not even -0)
            {
                Add((long)(uint)bits[0] | (long)bits[1] << 32, (bits[3] >> 16) & 0xFF);
                return;
            }
            _isDecimal = true;
            _decimal = ToDecimal(_mantissa, _scale);
        }
        _decimal += value;
    }

    private static bool Scale(ref long mantissa, int by)
    {
        if (by == 0)
            return true;
        if (by >= Pow10.Length || mantissa > long.MaxValue / Pow10[by])
            return false;
        mantissa *= Pow10[by];
        return true;
    }
}

/// <summary>The O3 8-hour windows of one day (HJ 663): 17 windows ending at hours 8..24, none crossing midnight.</summary>
public static class OzoneWindows
{
    /// <summary>Valid windows needed for a valid MDA8.</summary>
    public const int MinValidWindows = 14;

    /// <summary>
    /// The MDA8 of a day: the maximum over valid windows (at least 6 hourly values) of their mean, with the number of
    /// valid windows. <paramref name="hourEnding"/>[h-1] is the value of the hour ending at h; bit h-1 of
    /// <paramref name="present"/> says whether it exists.
    /// </summary>
    public static DailyValue Mda8(ReadOnlySpan<decimal> hourEnding, uint present)
    {
        if (hourEnding.Length != 24)
            throw new ArgumentException("24 hourly values expected", nameof(hourEnding));
        if (!FitsExactWindowArithmetic(hourEnding, present))
            return Mda8ByDivision(hourEnding, present);
        // The windows are compared by their exact means, sum_a * n_b against sum_b * n_a on a sliding sum, and only the
        // largest is divided: the same window and the same decimal as dividing each window and keeping the first
        // largest, at a sixteenth of the divisions. The chosen window's sum is added up again on its own, so its
        // decimal (and its scale) is exactly the one a fresh sum of that window gives.
        var best = -1;
        decimal bestSum = 0;
        var bestN = 0;
        var valid = 0;
        decimal sum = 0;
        var n = 0;
        for (var h = 0; h < 7; h++)
        {
            if ((present & (1u << h)) != 0)
            {
                sum += hourEnding[h];
                n++;
            }
        }
        for (var end = 8; end <= 24; end++)
        {
            var enter = end - 1;
            if ((present & (1u << enter)) != 0)
            {
                sum += hourEnding[enter];
                n++;
            }
            if (end > 8 && (present & (1u << (end - 9))) != 0)
            {
                sum -= hourEnding[end - 9];
                n--;
            }
            if (!Gb3095.IsEightHourMeanValid(n))
                continue;
            valid++;
            if (best < 0 || sum * bestN > bestSum * n)
                (best, bestSum, bestN) = (end, sum, n);
        }
        if (best < 0)
            return new DailyValue(null, valid);
        decimal windowSum = 0;
        for (var h = best - 8; h < best; h++)
        {
            if ((present & (1u << h)) != 0)
                windowSum += hourEnding[h];
        }
        return new DailyValue(windowSum / bestN, valid);
    }

    /// <summary>
    /// <see cref="Mda8(ReadOnlySpan{decimal}, uint)"/> of hours given as mantissas below 2^52 that share one scale: the
    /// same windows compared in integers, and the same decimal for the largest (its sum has that scale, as a decimal
    /// sum of those hours has).
    /// </summary>
    internal static DailyValue Mda8(ReadOnlySpan<long> mantissas, int scale, uint present)
    {
        var best = -1;
        long bestSum = 0;
        var bestN = 0;
        var valid = 0;
        long sum = 0;
        var n = 0;
        for (var h = 0; h < 7; h++)
        {
            if ((present & (1u << h)) != 0)
            {
                sum += mantissas[h];
                n++;
            }
        }
        for (var end = 8; end <= 24; end++)
        {
            if ((present & (1u << (end - 1))) != 0)
            {
                sum += mantissas[end - 1];
                n++;
            }
            if (end > 8 && (present & (1u << (end - 9))) != 0)
            {
                sum -= mantissas[end - 9];
                n--;
            }
            if (!Gb3095.IsEightHourMeanValid(n))
                continue;
            valid++;
            if (best < 0 || sum * bestN > bestSum * n)
                (best, bestSum, bestN) = (end, sum, n);
        }
        return best < 0 ? new DailyValue(null, valid) : new DailyValue(DecimalSum.ToDecimal(bestSum, scale) / bestN, valid);
    }

    // Every value below 2^52 in its mantissa and with at most 8 decimals: the sliding sums and the cross products stay
    // far inside decimal's 96 bits (24 x 8 x 2^52 x 10^8 < 10^26), so no operation of the fast path rounds.
    private static bool FitsExactWindowArithmetic(ReadOnlySpan<decimal> hourEnding, uint present)
    {
        Span<int> bits = stackalloc int[4];
        for (var h = 0; h < 24; h++)
        {
            if ((present & (1u << h)) == 0)
                continue;
            decimal.GetBits(hourEnding[h], bits);
            if (bits[2] != 0 || (uint)bits[1] >= 1u << 20 || ((bits[3] >> 16) & 0xFF) > 8)
                return false;
        }
        return true;
    }

    // The definition itself: each valid window's mean, the first largest kept.
    private static DailyValue Mda8ByDivision(ReadOnlySpan<decimal> hourEnding, uint present)
    {
        decimal? max = null;
        var valid = 0;
        for (var end = 8; end <= 24; end++)
        {
            decimal sum = 0;
            var n = 0;
            for (var h = end - 8; h < end; h++)
            {
                if ((present & (1u << h)) != 0)
                {
                    sum += hourEnding[h];
                    n++;
                }
            }
            if (!Gb3095.IsEightHourMeanValid(n))
                continue;
            valid++;
            var mean = sum / n;
            if (max is null || mean > max)
                max = mean;
        }
        return new DailyValue(max, valid);
    }
}
