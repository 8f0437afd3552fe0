using Meicheng.Core.Plans;

namespace Meicheng.Core.Evaluation;

/// <summary>
/// Evaluates a target against a series of observations by a named method, as of an evaluation year.
/// Every rule here is documented, with formulas and worked examples, in docs/evaluation-methods.md.
/// </summary>
/// <remarks>
/// The evaluation works on a "path" series: the values themselves for levels, shares, counts, cumulative amounts
/// and changes; a chained index (100 at the base year) for annual rates, so that the index's compound growth rate
/// is the observed average annual rate. Nothing here throws or returns NaN for odd inputs: undefined quantities are
/// null, and the rule that applied is written into the explanation's notes.
/// </remarks>
public static class Progress
{
    private const double RelativeEpsilon = 1e-9;

    /// <summary>Evaluates <paramref name="target"/> by <paramref name="method"/> as of <paramref name="evaluationYear"/>.</summary>
    /// <param name="target">The target.</param>
    /// <param name="observations">Observed values by year, in any order, possibly sparse; later duplicates of a year win; non-finite values are ignored.</param>
    /// <param name="evaluationYear">The year as of which to judge: observations after it are not known yet.</param>
    /// <param name="method">The method.</param>
    /// <param name="options">Options; <see cref="EvaluationOptions.Default"/> when null.</param>
    public static ProgressResult Evaluate(EvaluationTarget target, IReadOnlyList<Observation> observations, int evaluationYear, ProgressMethod method, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(observations);
        return new Run(target, observations, evaluationYear, method, options ?? EvaluationOptions.Default).Evaluate();
    }

    /// <summary>All four methods on one target, in the order linear, eurostat, un, opensdg.</summary>
    public static IReadOnlyList<ProgressResult> EvaluateAll(EvaluationTarget target, IReadOnlyList<Observation> observations, int evaluationYear, EvaluationOptions? options = null) =>
    [
        Evaluate(target, observations, evaluationYear, ProgressMethod.Linear, options),
        Evaluate(target, observations, evaluationYear, ProgressMethod.Eurostat, options),
        Evaluate(target, observations, evaluationYear, ProgressMethod.Un, options),
        Evaluate(target, observations, evaluationYear, ProgressMethod.OpenSdg, options),
    ];

    /// <summary>
    /// Progress without a quantitative target, judged on the trend alone: the sign-adjusted compound annual growth
    /// g = d·CAGR from the earliest to the latest observation up to <paramref name="evaluationYear"/>.
    /// Eurostat: g &gt; 1% significant, 0–1% moderate, −1–0% moderate-away, &lt; −1% significant-away.
    /// Open SDG: g ≥ 1.5%·C substantial, 0.5%·C–1.5%·C moderate, 0–0.5%·C limited, &lt; 0 deterioration, where C is
    /// <see cref="ProgressMethods.NaturalLimitCorrection"/> of the base value and <paramref name="naturalLimit"/>; no score.
    /// Linear and UN need a target and give no data.
    /// </summary>
    public static ProgressResult EvaluateTrend(IReadOnlyList<Observation> observations, Direction direction, int evaluationYear, ProgressMethod method, double? naturalLimit = null)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var points = observations.Where(o => double.IsFinite(o.Value) && o.Year <= evaluationYear)
            .GroupBy(o => o.Year).Select(g => g.Last()).OrderBy(o => o.Year).ToList();
        var d = direction switch { Direction.Up => 1, Direction.Down => -1, _ => 0 };
        var inputs = new List<ExplainInput> { new("direction", d == 0 ? null : d, DirectionToken(direction)), new("evaluationYear", evaluationYear) };
        var steps = new List<ExplainStep>();
        var notes = new List<string> { "No quantitative target: the trend alone is judged." };
        MethodInfo info = method switch
        {
            ProgressMethod.Eurostat => new(method.Token(), ProgressMethods.Version, [new("significant", 0.01), new("moderateAway", -0.01)]),
            ProgressMethod.OpenSdg => new(method.Token(), ProgressMethods.Version, naturalLimit is { } limit
                ? [new("substantial", 0.015), new("moderate", 0.005), new("limited", 0), new("naturalLimit", limit), new("limitExponent", ProgressMethods.OpenSdgLimitExponent)]
                : [new("substantial", 0.015), new("moderate", 0.005), new("limited", 0)]),
            _ => ProgressMethods.Info(method, EvaluationOptions.Default),
        };
        ProgressResult Result(ProgressStatus status, string word, double? ratio, int? year, double? value) =>
            new(info, status, word, Outcome.Open, ratio, null, false, year, value, [], new Explanation(inputs, steps, notes));
        if (method is ProgressMethod.Linear or ProgressMethod.Un)
        {
            notes.Add($"The {method.Token()} method needs a target.");
            return Result(ProgressStatus.NoData, "no-data", null, null, null);
        }
        if (d == 0)
        {
            notes.Add("The indicator has no good direction: it is reported, not judged.");
            return Result(ProgressStatus.NoData, "no-data", null, null, null);
        }
        if (points.Count < 2)
        {
            notes.Add("At least two data years are needed.");
            return Result(ProgressStatus.NoData, "no-data", null, null, null);
        }
        var (first, last) = (points[0], points[^1]);
        inputs.Add(new("baselineYear", first.Year));
        inputs.Add(new("baselineValue", first.Value));
        inputs.Add(new("latestYear", last.Year));
        inputs.Add(new("latestValue", last.Value));
        var y0 = first.Value;
        if (method == ProgressMethod.OpenSdg && y0 == 0)
        {
            y0 = ProgressMethods.OpenSdgZeroReplacement;
            notes.Add("Open SDG: a zero base is replaced by 0.001.");
        }
        if (!(y0 > 0))
        {
            notes.Add("The base value is not positive: a growth rate is undefined.");
            return Result(ProgressStatus.NoData, "no-data", null, last.Year, last.Value);
        }
        var cagr = last.Value > 0 ? Math.Pow(last.Value / y0, 1.0 / (last.Year - first.Year)) - 1 : -1;
        var g = Math.Round(d * cagr, ProgressMethods.RatioDecimals);
        steps.Add(new("CAGR", "(y_t/y0)^(1/(t − t0)) − 1", cagr));
        steps.Add(new("g", "d·CAGR", g));
        string word;
        ProgressStatus status;
        if (method == ProgressMethod.Eurostat)
        {
            (word, status) = g > 0.01 ? ("significant", ProgressStatus.OnTrack)
                : g >= 0 ? ("moderate", ProgressStatus.NeedsAttention)
                : g >= -0.01 ? ("moderate-away", ProgressStatus.OffTrack)
                : ("significant-away", ProgressStatus.OffTrack);
        }
        else
        {
            var c = ProgressMethods.NaturalLimitCorrection(first.Value, naturalLimit);
            steps.Add(new("C", "b ≥ 2L: 1; b ≤ L: 1 − (b/L)^4.44; else 1 − ((2L − b)/L)^4.44, b = |y0|", c));
            (word, status) = g >= 0.015 * c ? ("substantial", ProgressStatus.OnTrack)
                : g >= 0.005 * c ? ("moderate", ProgressStatus.NeedsAttention)
                : g >= 0 ? ("limited", ProgressStatus.OffTrack)
                : ("deterioration", ProgressStatus.OffTrack);
        }
        return Result(status, word, g, last.Year, last.Value);
    }

    /// <summary>
    /// The effective sense of a target: +1 when the indicator must rise to meet it, −1 when it must fall.
    /// ≤ and &lt; mean −1 and ≥ and &gt; mean +1 whatever the indicator's direction; for =, about and reach the sense
    /// points from the baseline to the target, and when they are equal it is the indicator's direction (up when none).
    /// </summary>
    public static int Sense(Comparator comparator, double baseline, double target, Direction direction) => comparator switch
    {
        Comparator.AtMost or Comparator.LessThan => -1,
        Comparator.AtLeast or Comparator.GreaterThan => 1,
        _ => target > baseline ? 1 : target < baseline ? -1 : direction == Direction.Down ? -1 : 1,
    };

    /// <summary>
    /// Whether <paramref name="value"/> meets <paramref name="target"/> under <paramref name="comparator"/>.
    /// = allows a relative difference of 1e-9 (floating point); about allows <paramref name="aboutTolerance"/> × |target|
    /// (or the tolerance itself when the target is 0); reach means at the target or beyond it in the direction of <paramref name="sense"/>.
    /// </summary>
    public static bool Meets(double value, Comparator comparator, double target, int sense, double aboutTolerance)
    {
        var eps = Eps(target);
        return comparator switch
        {
            Comparator.AtMost => value <= target + eps,
            Comparator.LessThan => value < target - eps,
            Comparator.AtLeast => value >= target - eps,
            Comparator.GreaterThan => value > target + eps,
            Comparator.EqualTo => Math.Abs(value - target) <= eps,
            Comparator.About => Math.Abs(value - target) <= AboutBand(target, aboutTolerance) + eps,
            _ => sense * (value - target) >= -eps,
        };
    }

    /// <summary>The half-width of the about (左右) band: tolerance × |target|, or the tolerance itself for a zero target.</summary>
    public static double AboutBand(double target, double aboutTolerance) =>
        target == 0 ? aboutTolerance : aboutTolerance * Math.Abs(target);

    private static double Eps(double target) => RelativeEpsilon * Math.Max(1, Math.Abs(target));

    private sealed class Run(EvaluationTarget target, IReadOnlyList<Observation> observations, int evaluationYear, ProgressMethod method, EvaluationOptions options)
    {
        private readonly List<ExplainInput> _inputs = new(12);
        private readonly List<ExplainStep> _steps = new(8);
        private readonly List<string> _notes = new(2);
        private readonly MethodInfo _info = ProgressMethods.Info(method, options);
        private readonly bool _rate = target.Kind == TargetKind.AnnualRate;
        private readonly bool _zeroBased = target.Kind is TargetKind.Cumulative or TargetKind.Change;
        private int _t0;
        private double _y0;
        private int _sense;

        public ProgressResult Evaluate()
        {
            _inputs.Add(new("target", target.Value, target.Comparator.ToToken()));
            _inputs.Add(new("targetYear", target.Year));
            _inputs.Add(new("evaluationYear", evaluationYear));
            _inputs.Add(new("kind", null, KindToken(target.Kind)));
            _inputs.Add(new("direction", null, DirectionToken(target.Direction)));
            if (target.Comparator == Comparator.About)
                _inputs.Add(new("aboutBand", AboutBand(target.Value, options.AboutTolerance), $"±{options.AboutTolerance:0.###} × |target|"));
            if (target.Aspirational)
                _notes.Add("力争 (aspirational): evaluated like any other target and flagged.");

            if (!double.IsFinite(target.Value))
                return NoData("The target value is not a finite number.");
            if (target.StartYear is { } start && evaluationYear < start)
                return NotYetDue($"The target's period starts in {start}, after the evaluation year.");
            if (target.BaselineYear is { } by && evaluationYear <= by)
                return NotYetDue($"The evaluation year is not after the base year {by}.");

            var points = Clean();
            if (!ResolveBaseline(points))
                return NoData("No observation to serve as a baseline.");
            _inputs.Add(new("baselineYear", _t0));
            _inputs.Add(new("baselineValue", _y0));

            var targetYear = target.Year;
            if (targetYear <= _t0)
                return BaselineAtOrAfterTargetYear(points);

            var path = PathSeries(points, targetYear);
            var yT = _rate ? IndexFromRate(targetYear, target.Value) : target.Value;
            if (_rate)
                _steps.Add(new("I*", "100·(1 + r*/100)^(T − t0)", yT));
            _sense = Sense(target.Comparator, _y0, yT, target.Direction);
            NoteDirectionConflict();

            if (path.Count == 0)
            {
                if (!_rate && Meets(_y0, target.Comparator, target.Value, _sense, options.AboutTolerance))
                {
                    _notes.Add("The baseline already meets the target; there is no later observation.");
                    return Result(ProgressStatus.Achieved, "achieved", Outcome.Open, null, method == ProgressMethod.OpenSdg ? 5 : null, _t0, _y0, []);
                }
                return NoData($"Progress needs an observation after the base year {_t0} and not after the target year {targetYear}: one data year is not a trend.");
            }

            var (t, v) = path[^1];
            var comparable = _rate ? RateFromIndex(t, v) : v;
            if (_rate)
                _steps.Add(new("r̄", "((I_t/100)^(1/(t − t0)) − 1)·100", comparable));
            _inputs.Add(new("latestYear", t));
            _inputs.Add(new("latestValue", comparable));
            var met = Meets(comparable, target.Comparator, target.Value, _sense, options.AboutTolerance);
            var final = evaluationYear >= targetYear && t == targetYear;
            if (evaluationYear > targetYear && t < targetYear)
                _notes.Add($"The target year {targetYear} has passed without an observation for it: judged on {t}, not final.");

            var effective = v;
            if (target.Comparator is Comparator.About or Comparator.EqualTo)
            {
                var reflected = target.Value - _sense * Math.Abs(comparable - target.Value);
                effective = _rate ? IndexFromRate(t, reflected) : reflected;
                if (Math.Abs(effective - v) > Eps(v))
                {
                    _steps.Add(new("y_eff", "y* − d·|y_t − y*|", effective));
                    _notes.Add("For = and about, distance to the target counts, not its side: an overshoot by x is judged like a shortfall by x.");
                }
            }

            var ratio = Ratio(t, effective, targetYear, yT);
            string word;
            ProgressStatus status;
            double? score = null;
            if (ratio is { } r)
            {
                (word, status) = ProgressMethods.Classify(method, r, options);
                if (method == ProgressMethod.OpenSdg)
                    score = ProgressMethods.OpenSdgScore(r);
            }
            else
            {
                var moved = _sense * (effective - _y0);
                var away = moved < -Eps(_y0);
                word = away ? ProgressMethods.WorstWord(method) : ProgressMethods.StandstillWord(method);
                status = ProgressStatus.OffTrack;
                if (method == ProgressMethod.OpenSdg)
                    score = away ? -5 : ProgressMethods.OpenSdgScore(0);
            }

            var outcome = Outcome.Open;
            if (met)
            {
                if (_rate && !final)
                {
                    (word, status) = (ProgressMethods.BestInProgressWord(method), ProgressStatus.OnTrack);
                    _notes.Add("The average rate so far meets the target rate; an average over the period is settled only by the target year's value.");
                }
                else
                {
                    (word, status) = ("achieved", ProgressStatus.Achieved);
                    if (method == ProgressMethod.OpenSdg)
                        score = 5;
                    if (final)
                        outcome = Outcome.Met;
                }
            }
            else if (final)
            {
                (word, status, outcome) = ("missed", ProgressStatus.OffTrack, Outcome.Missed);
                _notes.Add("The target year's value does not meet the target: missed.");
            }
            if (score is { } s)
            {
                score = Math.Round(s, 4);
                _steps.Add(new("score", "R ≥ 0.6: min(7.1429R − 4.2857, 5); else max(4.1667R − 2.5, −5); achieved: 5", score));
            }

            return Result(status, word, outcome, ratio, score, t, comparable, Projections(path, yT));
        }

        private ProgressResult BaselineAtOrAfterTargetYear(List<Observation> points)
        {
            // Only a verdict on the target year's own value is possible: there is no period to progress over.
            var at = points.FindLast(p => p.Year == target.Year);
            if (_rate || at.Year != target.Year || evaluationYear < target.Year)
                return NoData($"The base year {_t0} is not before the target year {target.Year}; progress cannot be measured.");
            _sense = Sense(target.Comparator, _y0, target.Value, target.Direction);
            var met = Meets(at.Value, target.Comparator, target.Value, _sense, options.AboutTolerance);
            _notes.Add("The first observation is in the target year: only met or missed can be said.");
            return met
                ? Result(ProgressStatus.Achieved, "achieved", Outcome.Met, null, method == ProgressMethod.OpenSdg ? 5 : null, at.Year, at.Value, [])
                : Result(ProgressStatus.OffTrack, "missed", Outcome.Missed, null, null, at.Year, at.Value, []);
        }

        private List<Observation> Clean()
        {
            var list = new List<Observation>(observations.Count);
            int later = 0, invalid = 0;
            foreach (var o in observations)
            {
                if (!double.IsFinite(o.Value))
                    invalid++;
                else if (o.Year > evaluationYear)
                    later++;
                else
                    list.Add(o);
            }
            // Insertion sort: stable (a later duplicate of a year replaces the earlier one) and quick for short series.
            for (var i = 1; i < list.Count; i++)
            {
                var item = list[i];
                var j = i - 1;
                for (; j >= 0 && list[j].Year > item.Year; j--)
                    list[j + 1] = list[j];
                list[j + 1] = item;
            }
            for (var i = list.Count - 1; i > 0; i--)
            {
                if (list[i - 1].Year == list[i].Year)
                    list.RemoveAt(i - 1);
            }
            if (later > 0)
                _notes.Add($"{later} observation(s) after the evaluation year {evaluationYear} ignored.");
            if (invalid > 0)
                _notes.Add($"{invalid} non-finite observation(s) ignored.");
            return list;
        }

        private bool ResolveBaseline(List<Observation> points)
        {
            if (_rate || _zeroBased)
            {
                int? year = target.BaselineYear ?? target.StartYear - 1 ?? (points.Count > 0 ? points[0].Year - 1 : null);
                if (year is not { } y)
                    return false;
                _t0 = y;
                _y0 = _rate ? 100 : 0;
                _notes.Add(_rate
                    ? "Annual rates are chained into an index, 100 at the base year; a rate after a gap is taken as the average rate over the gap."
                    : target.Kind == TargetKind.Cumulative
                        ? "Cumulative: observations are the amount built since the period began; the baseline is 0."
                        : "Change: observations are the change against the base year, in the target's unit; the baseline is 0.");
                return true;
            }
            if (target.BaselineYear is { } by && target.BaselineValue is { } bv && double.IsFinite(bv))
            {
                (_t0, _y0) = (by, bv);
                _inputs.Add(new("baselineSource", null, "stated"));
                return true;
            }
            if (points.Count == 0)
                return false;
            var index = -1;
            string source;
            if (target.BaselineYear is { } year2)
            {
                index = points.FindIndex(p => p.Year == year2);
                source = "observed in the stated base year";
                if (index < 0)
                    _notes.Add($"No observation in the stated base year {year2}: the earliest observation is the baseline.");
            }
            else if (target.StartYear is { } start)
            {
                index = points.FindLastIndex(p => p.Year < start);
                source = "the last observation before the period starts";
            }
            else
            {
                source = "the earliest observation";
            }
            if (index < 0)
            {
                index = 0;
                source = "the earliest observation";
            }
            (_t0, _y0) = (points[index].Year, points[index].Value);
            _inputs.Add(new("baselineSource", null, source));
            return true;
        }

        /// <summary>Observations after the base year and up to the target year, as path values.</summary>
        private List<(int Year, double Value)> PathSeries(List<Observation> points, int targetYear)
        {
            var path = new List<(int, double)>(points.Count);
            var after = 0;
            var index = 100.0;
            var previous = _t0;
            foreach (var p in points)
            {
                if (p.Year <= _t0)
                    continue;
                if (p.Year > targetYear)
                {
                    after++;
                    continue;
                }
                if (_rate)
                {
                    index *= Math.Pow(Math.Max(0, 1 + p.Value / 100), p.Year - previous);
                    previous = p.Year;
                    path.Add((p.Year, index));
                }
                else
                {
                    path.Add((p.Year, p.Value));
                }
            }
            if (after > 0)
                _notes.Add($"{after} observation(s) after the target year {targetYear} ignored: the target is judged by its own year.");
            if (_rate && path.Count > 0)
                _steps.Add(new("I_t", "100·∏(1 + r_i/100)^(years since the previous rate)", path[^1].Item2));
            return path;
        }

        private double? Ratio(int t, double v, int targetYear, double yT)
        {
            var required = _sense * (yT - _y0);
            if (required <= Eps(_y0))
            {
                _notes.Add("The baseline already meets or equals the target: no change is required, so the ratio is undefined; "
                    + "the status follows whether the target is met now and, if not, whether the indicator moved away.");
                return null;
            }
            double? ratio = method switch
            {
                ProgressMethod.Linear => LinearRatio(t, v, targetYear, yT),
                ProgressMethod.OpenSdg => OpenSdgRatio(t, v, targetYear, yT),
                _ => GrowthRatio(t, v, targetYear, yT, method == ProgressMethod.Eurostat ? "RR" : "CR"),
            };
            return ratio is { } r && double.IsFinite(r) ? Math.Round(r, ProgressMethods.RatioDecimals) : null;
        }

        private double LinearRatio(int t, double v, int targetYear, double yT)
        {
            var expected = _y0 + (yT - _y0) * (t - _t0) / (targetYear - _t0);
            var ratio = (v - _y0) / (expected - _y0);
            _steps.Add(new("E_t", "y0 + (y* − y0)·(t − t0)/(T − t0)", expected));
            _steps.Add(new("P", "(y_t − y0)/(E_t − y0)", ratio));
            return ratio;
        }

        private double GrowthRatio(int t, double v, int targetYear, double yT, string symbol)
        {
            if (!(_y0 > 0) || !(yT > 0))
                return LinearRateFallback(t, v, targetYear, yT, symbol);
            var actual = Cagr(v, t);
            var required = Math.Pow(yT / _y0, 1.0 / (targetYear - _t0)) - 1;
            var ratio = actual / required;
            _steps.Add(new("CAGR_a", "(y_t/y0)^(1/(t − t0)) − 1", actual));
            _steps.Add(new("CAGR_r", "(y*/y0)^(1/(T − t0)) − 1", required));
            _steps.Add(new(symbol, "CAGR_a / CAGR_r", ratio));
            return ratio;
        }

        private double OpenSdgRatio(int t, double v, int targetYear, double yT)
        {
            var y0 = _y0 == 0 ? ProgressMethods.OpenSdgZeroReplacement : _y0;
            var target = yT == 0 ? ProgressMethods.OpenSdgZeroReplacement : yT;
            if (!(y0 > 0) || !(target > 0))
                return LinearRateFallback(t, v, targetYear, yT, "R");
            if (y0 != _y0 || target != yT)
                _notes.Add("Open SDG: a zero base or target is replaced by 0.001 before growth rates are taken.");
            var actual = v > 0 ? Math.Pow(v / y0, 1.0 / (t - _t0)) - 1 : -1;
            var required = Math.Pow(target / y0, 1.0 / (targetYear - _t0)) - 1;
            var ratio = _sense * actual / Math.Abs(required);
            _steps.Add(new("CAGR_o", "(y_t/y0)^(1/(t − t0)) − 1", actual));
            _steps.Add(new("CAGR_r", "(y*/y0)^(1/(T − t0)) − 1", required));
            _steps.Add(new("d", "+1 when the target needs a rise, −1 when it needs a fall", _sense));
            _steps.Add(new("R", "d·CAGR_o / |CAGR_r|", ratio));
            return ratio;
        }

        /// <summary>Growth rates are undefined for non-positive base or target values: fall back to the ratio of average absolute changes.</summary>
        private double LinearRateFallback(int t, double v, int targetYear, double yT, string symbol)
        {
            var actual = (v - _y0) / (t - _t0);
            var required = (yT - _y0) / (targetYear - _t0);
            _notes.Add("The base or target value is not positive, so growth rates are undefined: the ratio is that of average absolute changes per year.");
            _steps.Add(new("Δ_a", "(y_t − y0)/(t − t0)", actual));
            _steps.Add(new("Δ_r", "(y* − y0)/(T − t0)", required));
            var ratio = actual / required;
            _steps.Add(new(symbol, "Δ_a / Δ_r", ratio));
            return ratio;
        }

        /// <summary>Compound annual growth from the baseline; a non-positive value is the limit −100% a year.</summary>
        private double Cagr(double v, int t) => v > 0 ? Math.Pow(v / _y0, 1.0 / (t - _t0)) - 1 : -1;

        private List<Projection> Projections(List<(int Year, double Value)> path, double yT)
        {
            var targetYear = target.Year;
            var (t, v) = path[^1];

            // Least squares through the baseline and every observation since.
            double n = path.Count + 1, sx = _t0, sy = _y0, sxx = (double)_t0 * _t0, sxy = _t0 * _y0;
            foreach (var (year, value) in path)
            {
                sx += year;
                sy += value;
                sxx += (double)year * year;
                sxy += year * value;
            }
            var slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
            var intercept = (sy - slope * sx) / n;
            double Line(double year) => intercept + slope * year;
            var lineAtT = Line(targetYear);
            var lineComparable = _rate ? (lineAtT > 0 ? RateFromIndex(targetYear, lineAtT) : -100) : lineAtT;
            var linear = new Projection("linear-trend", Finite(lineComparable), Meets(lineComparable, target.Comparator, target.Value, _sense, options.AboutTolerance),
                _rate ? null : YearReached(t, v, Line, slope * _sense > 0, (Boundary() - intercept) / slope));

            Projection cagr;
            if (_y0 > 0 && v > 0)
            {
                var growth = Cagr(v, t);
                var atT = v * Math.Pow(1 + growth, targetYear - t);
                var comparable = _rate ? RateFromIndex(t, v) : atT;
                cagr = new Projection("cagr", Finite(comparable), Meets(comparable, target.Comparator, target.Value, _sense, options.AboutTolerance),
                    _rate ? null : YearReached(t, v, year => v * Math.Pow(1 + growth, year - t), growth * _sense > 0, t + Math.Log(Boundary() / v) / Math.Log(1 + growth)));
            }
            else
            {
                cagr = new Projection("cagr", null, false, null);
            }
            return [linear, cagr];
        }

        /// <summary>The first year from the latest observation on at which the projection meets (or, for = and about, reaches) the target.</summary>
        /// <remarks>
        /// <paramref name="estimate"/> is where the projection crosses the target's boundary, solved in closed form; the
        /// years around it are checked against the comparator itself. A pace needing more than 200 years is "never".
        /// </remarks>
        private int? YearReached(int t, double v, Func<double, double> f, bool movesTowardTarget, double estimate)
        {
            if (Reached(v))
                return t;
            if (!movesTowardTarget || !double.IsFinite(estimate) || estimate > t + 200)
                return null;
            var from = Math.Max(t + 1, (int)Math.Floor(estimate) - 1);
            for (var year = from; year <= from + 3; year++)
            {
                if (Reached(f(year)))
                    return year;
            }
            return null;
        }

        /// <summary>The value at which the target starts to be met, seen from the baseline side.</summary>
        private double Boundary() => target.Comparator == Comparator.About
            ? target.Value - _sense * AboutBand(target.Value, options.AboutTolerance)
            : target.Value;

        private bool Reached(double pathValue) => target.Comparator is Comparator.EqualTo or Comparator.About
            ? _sense * (pathValue - Boundary()) >= -Eps(target.Value)
            : Meets(pathValue, target.Comparator, target.Value, _sense, options.AboutTolerance);

        private double IndexFromRate(int year, double rate) => 100 * Math.Pow(Math.Max(0, 1 + rate / 100), year - _t0);

        private double RateFromIndex(int year, double index) => (Math.Pow(Math.Max(0, index) / 100, 1.0 / (year - _t0)) - 1) * 100;

        private static double? Finite(double value) => double.IsFinite(value) ? value : null;

        private void NoteDirectionConflict()
        {
            var indicator = target.Direction switch { Direction.Up => 1, Direction.Down => -1, _ => 0 };
            if (indicator != 0 && indicator != _sense)
                _notes.Add("The target asks for movement against the indicator's direction; it is evaluated toward the target.");
        }

        private ProgressResult NoData(string why)
        {
            _notes.Add(why);
            return Result(ProgressStatus.NoData, "no-data", Outcome.Open, null, null, null, null, []);
        }

        private ProgressResult NotYetDue(string why)
        {
            _notes.Add(why);
            return Result(ProgressStatus.NotYetDue, "not-yet-due", Outcome.Open, null, null, null, null, []);
        }

        private ProgressResult Result(ProgressStatus status, string word, Outcome outcome, double? ratio, double? score, int? year, double? value, IReadOnlyList<Projection> projections) =>
            new(_info, status, word, outcome, ratio, score, target.Aspirational, year, value, projections, new Explanation(_inputs, _steps, _notes));
    }

    internal static string KindToken(TargetKind kind) => kind switch
    {
        TargetKind.Level => "level",
        TargetKind.Cumulative => "cumulative",
        TargetKind.AnnualRate => "annual-rate",
        TargetKind.Share => "share",
        TargetKind.Count => "count",
        _ => "change",
    };

    internal static string DirectionToken(Direction direction) => direction switch
    {
        Direction.Up => "up",
        Direction.Down => "down",
        _ => "none",
    };
}
