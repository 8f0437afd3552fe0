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
        return new Run(target, observations, evaluationYear, options ?? EvaluationOptions.Default).Evaluate([method])[0];
    }

    /// <summary>
    /// All four methods on one target, in the order linear, eurostat, un, opensdg. The same results as four calls of
    /// <see cref="Evaluate"/>, with the common work (cleaning, baseline, projections) done once.
    /// </summary>
    public static IReadOnlyList<ProgressResult> EvaluateAll(EvaluationTarget target, IReadOnlyList<Observation> observations, int evaluationYear, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(observations);
        return new Run(target, observations, evaluationYear, options ?? EvaluationOptions.Default).Evaluate(AllMethods);
    }

    private static readonly ProgressMethod[] AllMethods = [ProgressMethod.Linear, ProgressMethod.Eurostat, ProgressMethod.Un, ProgressMethod.OpenSdg];

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
        var inputs = new List<ExplainInput> { new("direction", d == 0 ? null : d, PlanTokens.ToToken(direction)), new("evaluationYear", evaluationYear) };
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

    /// <summary>
    /// One target's evaluation: <see cref="Prepare"/> does what every method shares (cleaning, baseline, the judged
    /// value, projections) once; <see cref="Finish"/> runs per method. Steps and notes a method adds are copied into its
    /// result and then dropped, so each result explains only its own method.
    /// </summary>
    private sealed class Run(EvaluationTarget target, IReadOnlyList<Observation> observations, int evaluationYear, EvaluationOptions options)
    {
        private readonly List<ExplainInput> _inputs = new(12);
        private readonly List<ExplainStep> _steps = new(8);
        private readonly List<string> _notes = new(4);
        private readonly bool _rate = target.Kind == TargetKind.AnnualRate;
        private readonly bool _zeroBased = target.Kind is TargetKind.Cumulative or TargetKind.Change;
        private ProgressMethod _method;
        private ExplainInput[] _inputArray = [];
        private int _t0;
        private double _y0;
        private int _sense;
        // The judged observation and what follows from it, shared by the methods.
        private int _t;
        private double _comparable;
        private double _effective;
        private double _yT;
        private bool _met;
        private bool _final;
        private IReadOnlyList<Projection> _projections = [];
        private List<Observation> _points = [];
        private bool _hasBaseline;

        /// <summary>An outcome decided before any method's ratio: no data, not yet due, or a verdict without a trend.</summary>
        private readonly record struct Terminal(ProgressStatus Status, string Word, Outcome Outcome, bool ScoresFive, int? Year, double? Value, MissingData? Missing = null);

        public ProgressResult[] Evaluate(ProgressMethod[] methods)
        {
            var terminal = Prepare();
            var post = evaluationYear > target.Year && double.IsFinite(target.Value) ? PostEvaluate() : null;
            _inputArray = [.. _inputs];
            var (steps, notes) = (_steps.Count, _notes.Count);
            var results = new ProgressResult[methods.Length];
            for (var i = 0; i < methods.Length; i++)
            {
                _method = methods[i];
                var result = terminal is { } t
                    ? Result(t.Status, t.Word, t.Outcome, null, t.ScoresFive && _method == ProgressMethod.OpenSdg ? 5 : null, t.Year, t.Value, []) with { Missing = t.Missing }
                    : Finish();
                results[i] = post is null ? result : ApplyPost(result, post);
                _steps.RemoveRange(steps, _steps.Count - steps);
                _notes.RemoveRange(notes, _notes.Count - notes);
            }
            return results;
        }

        private Terminal? Prepare()
        {
            _inputs.Add(new("target", target.Value, target.Comparator.ToToken()));
            _inputs.Add(new("targetYear", target.Year));
            _inputs.Add(new("evaluationYear", evaluationYear));
            _inputs.Add(new("kind", null, PlanTokens.ToToken(target.Kind)));
            _inputs.Add(new("direction", null, PlanTokens.ToToken(target.Direction)));
            if (target.Comparator == Comparator.About)
                _inputs.Add(new("aboutBand", AboutBand(target.Value, options.AboutTolerance), $"±{options.AboutTolerance:0.###} × |target|"));
            if (target.Aspirational)
                _notes.Add("力争 (aspirational): evaluated like any other target and flagged.");

            if (!double.IsFinite(target.Value))
                return NoData("The target value is not a finite number.", new MissingData(MissingKind.TargetValue));
            if (target.StartYear is { } start && evaluationYear < start)
                return NotYetDue($"The target's period starts in {start}, after the evaluation year.");
            if (target.BaselineYear is { } by && evaluationYear <= by)
                return NotYetDue($"The evaluation year is not after the base year {by}.");

            var points = Clean();
            _points = points;
            if (!ResolveBaseline(points))
                return NoData("No observation to serve as a baseline.", new MissingData(MissingKind.AnyValue, target.StartYear, Math.Min(evaluationYear, target.Year)));
            _hasBaseline = true;
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
                    return new Terminal(ProgressStatus.Achieved, "achieved", Outcome.Open, true, _t0, _y0);
                }
                return NoData($"Progress needs an observation after the base year {_t0} and not after the target year {targetYear}: one data year is not a trend.",
                    new MissingData(MissingKind.ValueAfterBaseline, _t0 + 1, Math.Min(evaluationYear, targetYear), _t0));
            }

            var (t, v) = path[^1];
            var comparable = _rate ? RateFromIndex(t, v) : v;
            if (_rate)
                _steps.Add(new("r̄", "((I_t/100)^(1/(t − t0)) − 1)·100", comparable));
            _inputs.Add(new("latestYear", t));
            _inputs.Add(new("latestValue", comparable));
            (_t, _comparable, _yT) = (t, comparable, yT);
            _met = Meets(comparable, target.Comparator, target.Value, _sense, options.AboutTolerance);
            _final = evaluationYear >= targetYear && t == targetYear;
            if (evaluationYear > targetYear && t < targetYear)
                _notes.Add($"The target year {targetYear} has passed without an observation for it: judged on {t}, not final.");

            _effective = v;
            if (target.Comparator is Comparator.About or Comparator.EqualTo)
            {
                var reflected = target.Value - _sense * Math.Abs(comparable - target.Value);
                _effective = _rate ? IndexFromRate(t, reflected) : reflected;
                if (Math.Abs(_effective - v) > Eps(v))
                {
                    _steps.Add(new("y_eff", "y* − d·|y_t − y*|", _effective));
                    _notes.Add("For = and about, distance to the target counts, not its side: an overshoot by x is judged like a shortfall by x.");
                }
            }
            _projections = Projections(path, yT);
            return null;
        }

        private ProgressResult Finish()
        {
            var (t, effective, targetYear, yT, met, final) = (_t, _effective, target.Year, _yT, _met, _final);
            var ratio = Ratio(t, effective, targetYear, yT);
            string word;
            ProgressStatus status;
            double? score = null;
            if (ratio is { } r)
            {
                (word, status) = ProgressMethods.Classify(_method, r, options);
                if (_method == ProgressMethod.OpenSdg)
                    score = ProgressMethods.OpenSdgScore(r);
            }
            else
            {
                var moved = _sense * (effective - _y0);
                var away = moved < -Eps(_y0);
                word = away ? ProgressMethods.WorstWord(_method) : ProgressMethods.StandstillWord(_method);
                status = ProgressStatus.OffTrack;
                if (_method == ProgressMethod.OpenSdg)
                    score = away ? -5 : ProgressMethods.OpenSdgScore(0);
            }

            var outcome = Outcome.Open;
            if (met)
            {
                if (_rate && !final)
                {
                    (word, status) = (ProgressMethods.BestInProgressWord(_method), ProgressStatus.OnTrack);
                    _notes.Add("The average rate so far meets the target rate; an average over the period is settled only by the target year's value.");
                }
                else
                {
                    (word, status) = ("achieved", ProgressStatus.Achieved);
                    if (_method == ProgressMethod.OpenSdg)
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

            return Result(status, word, outcome, ratio, score, t, _comparable, _projections);
        }

        private Terminal BaselineAtOrAfterTargetYear(List<Observation> points)
        {
            // Only a verdict on the target year's own value is possible: there is no period to progress over.
            var atIndex = IndexOfYear(points, target.Year);
            if (_rate || atIndex < 0 || evaluationYear < target.Year)
                return NoData($"The base year {_t0} is not before the target year {target.Year}; progress cannot be measured.",
                    new MissingData(MissingKind.TargetYearValue, target.Year, target.Year, _t0));
            var at = points[atIndex];
            _sense = Sense(target.Comparator, _y0, target.Value, target.Direction);
            var met = Meets(at.Value, target.Comparator, target.Value, _sense, options.AboutTolerance);
            _notes.Add("The first observation is in the target year: only met or missed can be said.");
            return met
                ? new Terminal(ProgressStatus.Achieved, "achieved", Outcome.Met, true, at.Year, at.Value)
                : new Terminal(ProgressStatus.OffTrack, "missed", Outcome.Missed, false, at.Year, at.Value);
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
                index = IndexOfYear(points, year2);
                source = "observed in the stated base year";
                if (index < 0)
                    _notes.Add($"No observation in the stated base year {year2}: the earliest observation is the baseline.");
            }
            else if (target.StartYear is { } start)
            {
                for (var i = points.Count - 1; i >= 0 && index < 0; i--)
                {
                    if (points[i].Year < start)
                        index = i;
                }
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
            double? ratio = _method switch
            {
                ProgressMethod.Linear => LinearRatio(t, v, targetYear, yT),
                ProgressMethod.OpenSdg => OpenSdgRatio(t, v, targetYear, yT),
                _ => GrowthRatio(t, v, targetYear, yT, _method == ProgressMethod.Eurostat ? "RR" : "CR"),
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
            var lineAtT = intercept + slope * targetYear;
            var lineComparable = _rate ? (lineAtT > 0 ? RateFromIndex(targetYear, lineAtT) : -100) : lineAtT;
            var lineMeets = Meets(lineComparable, target.Comparator, target.Value, _sense, options.AboutTolerance);
            var lineYear = _rate ? null : YearReached(t, v, Pace.Line(intercept, slope), slope * _sense > 0, (Boundary() - intercept) / slope);
            var linear = new Projection("linear-trend", Finite(lineComparable), lineMeets, lineYear, Never(lineMeets, lineYear));

            Projection cagr;
            if (_y0 > 0 && v > 0)
            {
                var growth = Cagr(v, t);
                var atT = v * Math.Pow(1 + growth, targetYear - t);
                var comparable = _rate ? RateFromIndex(t, v) : atT;
                var meets = Meets(comparable, target.Comparator, target.Value, _sense, options.AboutTolerance);
                var year = _rate ? null : YearReached(t, v, Pace.Compound(v, t, 1 + growth), growth * _sense > 0, t + Math.Log(Boundary() / v) / Math.Log(1 + growth));
                cagr = new Projection("cagr", Finite(comparable), meets, year, Never(meets, year));
            }
            else
            {
                cagr = new Projection("cagr", null, false, null, false);
            }
            return [linear, cagr];
        }

        /// <summary>The first year from the latest observation on at which the projection meets (or, for = and about, reaches) the target.</summary>
        /// <remarks>
        /// <paramref name="estimate"/> is where the projection crosses the target's boundary, solved in closed form; the
        /// years around it are checked against the comparator itself. A pace needing more than 200 years is "never".
        /// </remarks>
        private int? YearReached(int t, double v, Pace f, bool movesTowardTarget, double estimate)
        {
            if (Reached(v))
                return t;
            if (!movesTowardTarget || !double.IsFinite(estimate) || estimate > t + 200)
                return null;
            var from = Math.Max(t + 1, (int)Math.Floor(estimate) - 1);
            for (var year = from; year <= from + 3; year++)
            {
                if (Reached(f.At(year)))
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

        /// <summary>A projection path, a line a + b·year or compound growth y_t·g^(year − t), as a value rather than a delegate per call.</summary>
        private readonly record struct Pace(double Intercept, double Slope, double Start, int Origin, double Growth)
        {
            public static Pace Line(double intercept, double slope) => new(intercept, slope, 0, 0, 0);

            public static Pace Compound(double start, int origin, double growth) => new(0, 0, start, origin, growth);

            public double At(int year) => Growth > 0 ? Start * Math.Pow(Growth, year - Origin) : Intercept + Slope * year;
        }

        private static int IndexOfYear(List<Observation> points, int year)
        {
            for (var i = points.Count - 1; i >= 0; i--)
            {
                if (points[i].Year == year)
                    return i;
            }
            return -1;
        }

        /// <summary>Never at current pace: a level that no year reaches, or an average rate that misses in the target year.</summary>
        private bool Never(bool meetsInTargetYear, int? yearReached) => _rate ? !meetsInTargetYear : yearReached is null;

        private static double? Finite(double value) => double.IsFinite(value) ? value : null;

        private void NoteDirectionConflict()
        {
            var indicator = target.Direction switch { Direction.Up => 1, Direction.Down => -1, _ => 0 };
            if (indicator != 0 && indicator != _sense)
                _notes.Add("The target asks for movement against the indicator's direction; it is evaluated toward the target.");
        }

        private Terminal NoData(string why, MissingData missing)
        {
            _notes.Add(why);
            return new Terminal(ProgressStatus.NoData, "no-data", Outcome.Open, false, null, null, missing);
        }

        /// <summary>
        /// After the target year: the verdict on the target year's value, and what the latest later value says. Needs no
        /// baseline and no trend, so it also judges targets whose progress the methods cannot measure.
        /// </summary>
        private PostEvaluation PostEvaluate()
        {
            var targetYear = target.Year;
            double? atTarget = null;
            (int Year, double Value)? later = null;
            foreach (var p in _points)
            {
                if (p.Year == targetYear)
                    atTarget = p.Value;
                else if (p.Year > targetYear)
                    later = (p.Year, p.Value);
            }
            // The sense from a baseline before the target year; without one (or when the only values are later), the
            // indicator's direction decides for =, about and reach.
            var sense = _hasBaseline && _t0 < targetYear ? Sense(target.Comparator, _y0, target.Value, target.Direction)
                : Sense(target.Comparator, target.Value, target.Value, target.Direction);
            bool? laterMeets = later is { } l && !_rate ? Meets(l.Value, target.Comparator, target.Value, sense, options.AboutTolerance) : null;
            DeadlineVerdict verdict;
            if (atTarget is { } v && (!_rate || _final))
            {
                // An annual rate is settled by the average over the period, which the methods computed when the target year was judged.
                var metOnTime = _rate ? _final && _met : Meets(v, target.Comparator, target.Value, sense, options.AboutTolerance);
                verdict = metOnTime ? DeadlineVerdict.AchievedOnTime : laterMeets == true ? DeadlineVerdict.AchievedLate : DeadlineVerdict.Missed;
            }
            else
            {
                verdict = laterMeets switch
                {
                    true => DeadlineVerdict.AchievedLate,
                    false => DeadlineVerdict.StillShort,
                    null => DeadlineVerdict.NoValue,
                };
            }
            return new PostEvaluation(verdict, targetYear, atTarget, later?.Year, later?.Value, laterMeets);
        }

        /// <summary>
        /// Puts the post-evaluation on a result. Where the method could not judge (no data), or judged only progress on a year
        /// before the target year while a later value exists, the status is the post-evaluation's; a verdict the method
        /// reached on the target year's own value stands.
        /// </summary>
        private static ProgressResult ApplyPost(ProgressResult result, PostEvaluation post)
        {
            var withPost = result with { Deadline = post };
            var (status, word, outcome, year, value, note) = post.Verdict switch
            {
                DeadlineVerdict.AchievedOnTime when result.Status == ProgressStatus.NoData =>
                    (ProgressStatus.Achieved, "achieved", Outcome.Met, post.TargetYear, post.TargetYearValue,
                        "Post-evaluation: the target year's value meets the target (achieved on time)."),
                DeadlineVerdict.Missed when result.Status == ProgressStatus.NoData =>
                    (ProgressStatus.OffTrack, "missed", Outcome.Missed, post.TargetYear, post.TargetYearValue,
                        "Post-evaluation: the target year's value does not meet the target (missed)."),
                DeadlineVerdict.AchievedLate when result.Outcome == Outcome.Open =>
                    (ProgressStatus.Achieved, "achieved-late", Outcome.Open, post.LaterYear, post.LaterValue,
                        $"Post-evaluation: no value meets the target in the target year {post.TargetYear}; the value of {post.LaterYear} meets it (achieved after the deadline)."),
                DeadlineVerdict.StillShort when result.Outcome == Outcome.Open =>
                    (ProgressStatus.OffTrack, "still-short", Outcome.Open, post.LaterYear, post.LaterValue,
                        $"Post-evaluation: no value for the target year {post.TargetYear}; the value of {post.LaterYear} does not meet the target (still short)."),
                _ => (result.Status, result.MethodStatus, result.Outcome, result.AssessedYear, result.AssessedValue, null),
            };
            if (note is null)
                return withPost;
            return withPost with
            {
                Status = status,
                MethodStatus = word,
                Outcome = outcome,
                AssessedYear = year,
                AssessedValue = value,
                Missing = null,
                Explanation = result.Explanation with { Notes = [.. result.Explanation.Notes, note] },
            };
        }

        private Terminal NotYetDue(string why)
        {
            _notes.Add(why);
            return new Terminal(ProgressStatus.NotYetDue, "not-yet-due", Outcome.Open, false, null, null);
        }

        private ProgressResult Result(ProgressStatus status, string word, Outcome outcome, double? ratio, double? score, int? year, double? value, IReadOnlyList<Projection> projections) =>
            new(ProgressMethods.Info(_method, options), status, word, outcome, ratio, score, target.Aspirational, year, value, projections,
                new Explanation(_inputArray, [.. _steps], [.. _notes]));
    }
}
