using Meicheng.Core.Plans;

namespace Meicheng.Core.Evaluation;

/// <summary>One observed value of an indicator for a calendar year.</summary>
/// <remarks>
/// What the value means depends on the target's kind: the level itself for levels, shares and counts; the amount
/// built since the start of the period for cumulative targets; the change against the base year (in the target's
/// unit) for change targets; and that year's growth rate in percent for annual-rate targets.
/// </remarks>
public readonly record struct Observation(int Year, double Value);

/// <summary>A target as the evaluation methods see it: plain numbers, no document context.</summary>
/// <param name="Value">The target value in the target's unit (a percent rate for annual-rate targets).</param>
/// <param name="Comparator">How achieved values are compared with <paramref name="Value"/>.</param>
/// <param name="Direction">The indicator's good direction; used when the comparator does not decide one.</param>
/// <param name="Kind">What sort of quantity the target sets.</param>
/// <param name="Year">The target year.</param>
/// <param name="Aspirational">力争: reported like any other target, flagged in the result.</param>
/// <param name="BaselineYear">The base year, when the document or the user states one.</param>
/// <param name="BaselineValue">The baseline value; ignored for cumulative and change targets, whose baseline is 0.</param>
/// <param name="StartYear">The first year of the period the target covers; before it the target is not yet due.</param>
public sealed record EvaluationTarget(
    double Value,
    Comparator Comparator,
    Direction Direction,
    TargetKind Kind,
    int Year,
    bool Aspirational = false,
    int? BaselineYear = null,
    double? BaselineValue = null,
    int? StartYear = null)
{
    /// <summary>
    /// The evaluation view of a plan target: the period start is the target's own period, else the plan's;
    /// the direction is the indicator's.
    /// </summary>
    public static EvaluationTarget FromPlan(PlanTarget target, Direction direction, int planPeriodStart)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new EvaluationTarget(
            (double)target.Value, target.Comparator, direction, target.Kind, target.Year, target.Aspirational,
            target.BaselineYear, target.BaselineValue is { } b ? (double)b : null, target.PeriodFrom ?? planPeriodStart);
    }
}

/// <summary>The four named progress methods.</summary>
public enum ProgressMethod
{
    /// <summary>Actual vs expected progress on the straight line from baseline to target.</summary>
    Linear,
    /// <summary>Eurostat-style ratio of actual to required compound annual growth rates.</summary>
    Eurostat,
    /// <summary>UN SDG Progress Chart current-status ratio.</summary>
    Un,
    /// <summary>Open SDG / Statistics Canada progress measure, with its score.</summary>
    OpenSdg,
}

/// <summary>The status every method maps to, for roll-ups and for users who do not care which method ran.</summary>
public enum ProgressStatus
{
    /// <summary>The target is met (or, past the target year, was met in the target year).</summary>
    Achieved,
    /// <summary>Progress is at or above the pace the method asks for.</summary>
    OnTrack,
    /// <summary>Progress is made but below the pace needed.</summary>
    NeedsAttention,
    /// <summary>Progress is far below the pace needed, the indicator moves away, or the target was missed.</summary>
    OffTrack,
    /// <summary>Too few observations to judge.</summary>
    NoData,
    /// <summary>The evaluation year is before the target's period begins.</summary>
    NotYetDue,
}

/// <summary>Whether the verdict is final.</summary>
public enum Outcome
{
    /// <summary>The target year's value is not yet observed: the status is a progress judgement.</summary>
    Open,
    /// <summary>The target year's value is observed and meets the target.</summary>
    Met,
    /// <summary>The target year's value is observed and does not meet the target.</summary>
    Missed,
}

/// <summary>Options of the evaluation; the defaults are documented in docs/evaluation-methods.md.</summary>
/// <param name="AboutTolerance">左右 (about): the fraction of the target value within which a value counts as met (default 0.05, ±5%).</param>
/// <param name="LinearOnTrack">Linear method: progress ratio at or above which a target is on track (default 0.95).</param>
/// <param name="LinearNeedsAttention">Linear method: progress ratio at or above which a target needs attention rather than being off track (default 0.85).</param>
public sealed record EvaluationOptions(double AboutTolerance = 0.05, double LinearOnTrack = 0.95, double LinearNeedsAttention = 0.85)
{
    /// <summary>The documented defaults.</summary>
    public static EvaluationOptions Default { get; } = new();
}

/// <summary>The method that produced a result: its name, version and the parameters it ran with.</summary>
public sealed record MethodInfo(string Name, string Version, IReadOnlyList<MethodParameter> Parameters);

/// <summary>A named numeric parameter of a method (a threshold, a tolerance, a constant).</summary>
public readonly record struct MethodParameter(string Name, double Value);

/// <summary>An input the evaluation used, for display: a name and a number or a text.</summary>
public readonly record struct ExplainInput(string Name, double? Value, string? Text = null);

/// <summary>One formula step: a symbol, its formula, and the number it came to (null when undefined).</summary>
public readonly record struct ExplainStep(string Symbol, string Formula, double? Value);

/// <summary>
/// Why a result is what it is, in a shape a UI can render: the inputs, the formula steps with their numbers,
/// and notes on the rules that applied (edge cases, fallbacks, ignored observations).
/// </summary>
public sealed record Explanation(IReadOnlyList<ExplainInput> Inputs, IReadOnlyList<ExplainStep> Steps, IReadOnlyList<string> Notes);

/// <summary>Where the indicator would be in the target year at its current pace.</summary>
/// <param name="Method"><c>linear-trend</c> (least-squares line through baseline and observations) or <c>cagr</c> (compound growth from baseline to the latest value).</param>
/// <param name="ValueAtTargetYear">The projected value in the target year, in the target's terms (the average rate for annual-rate targets); null when undefined.</param>
/// <param name="MeetsTarget">Whether the projected value meets the target.</param>
/// <param name="YearReached">The first year the projection meets the target; null when it never does at the current pace, when undefined, and for annual rates (a period average has no crossing year).</param>
/// <param name="NeverAtCurrentPace">True when the target is not reached at the current pace: no year reaches it (levels), or the projected average misses it (annual rates). False when the projection is undefined.</param>
public sealed record Projection(string Method, double? ValueAtTargetYear, bool MeetsTarget, int? YearReached, bool NeverAtCurrentPace);

/// <summary>The result of one method on one target.</summary>
/// <param name="Method">The method, version and parameters.</param>
/// <param name="Status">The common status.</param>
/// <param name="MethodStatus">The method's own status word (e.g. <c>significant</c>, <c>fair</c>, <c>missed</c>).</param>
/// <param name="Outcome">Whether the verdict is final.</param>
/// <param name="Ratio">The method's ratio (progress ratio, RR, CR or R); null when undefined.</param>
/// <param name="Score">The Open SDG score from -5 to 5; null for other methods.</param>
/// <param name="Aspirational">True for 力争 targets.</param>
/// <param name="AssessedYear">The year of the observation judged; null without one.</param>
/// <param name="AssessedValue">That observation, in the target's terms (the average rate for annual-rate targets).</param>
/// <param name="Projections">Linear-trend and CAGR projections to the target year.</param>
/// <param name="Explanation">The inputs, formula steps and notes.</param>
public sealed record ProgressResult(
    MethodInfo Method,
    ProgressStatus Status,
    string MethodStatus,
    Outcome Outcome,
    double? Ratio,
    double? Score,
    bool Aspirational,
    int? AssessedYear,
    double? AssessedValue,
    IReadOnlyList<Projection> Projections,
    Explanation Explanation)
{
    /// <summary>
    /// Once the target year has passed at the evaluation year, the post-evaluation: the verdict on the target year's
    /// value and what a later value says. Null while the target year has not passed.
    /// </summary>
    public PostEvaluation? Deadline { get; init; }

    /// <summary>For a no-data result, what is missing (the value of which years, or the baseline); null otherwise.</summary>
    public MissingData? Missing { get; init; }
}

/// <summary>The post-evaluation of a target whose target year has passed.</summary>
public enum DeadlineVerdict
{
    /// <summary>The target year's value meets the target (按期达成).</summary>
    AchievedOnTime,
    /// <summary>The target year's value does not meet the target, and no later value does (未达成).</summary>
    Missed,
    /// <summary>The target year's value is missing or short, and a later value meets the target (逾期达成).</summary>
    AchievedLate,
    /// <summary>No value for the target year, and the latest later value does not meet the target (仍未达到).</summary>
    StillShort,
    /// <summary>Neither the target year nor any later year has a value: the status is what the progress methods say.</summary>
    NoValue,
}

/// <summary>A target judged after its target year.</summary>
/// <param name="Verdict">The post-evaluation verdict.</param>
/// <param name="TargetYear">The target year (the deadline is its 31 December).</param>
/// <param name="TargetYearValue">The value observed for the target year, when there is one.</param>
/// <param name="LaterYear">The latest year after the target year with a value, up to the evaluation year.</param>
/// <param name="LaterValue">That value.</param>
/// <param name="LaterMeets">Whether that value meets the target; null without a later value, and for annual rates (a period average is settled by the target year).</param>
public sealed record PostEvaluation(DeadlineVerdict Verdict, int TargetYear, double? TargetYearValue, int? LaterYear, double? LaterValue, bool? LaterMeets);

/// <summary>What kind of input a no-data result lacks.</summary>
public enum MissingKind
{
    /// <summary>The target value itself is not a number.</summary>
    TargetValue,
    /// <summary>No value at all: neither a baseline nor any observation.</summary>
    AnyValue,
    /// <summary>The value for the target year (<see cref="MissingData.FromYear"/> = <see cref="MissingData.ToYear"/>).</summary>
    TargetYearValue,
    /// <summary>A value after the base year: one data year is not a trend.</summary>
    ValueAfterBaseline,
    /// <summary>A second data year (trend-only evaluation), or the method needs a target or a direction.</summary>
    Other,
}

/// <summary>What a no-data result lacks: the kind, and the years a value would be needed for.</summary>
/// <param name="Kind">The kind of input missing.</param>
/// <param name="FromYear">The first year a value would help; null when no year applies.</param>
/// <param name="ToYear">The last year a value would help; null when no year applies.</param>
/// <param name="BaselineYear">The base year the evaluation found or was given, when there is one.</param>
public sealed record MissingData(MissingKind Kind, int? FromYear = null, int? ToYear = null, int? BaselineYear = null);
