using Meicheng.Core.Plans;

namespace Meicheng.Core.Evaluation;

/// <summary>The progress state a responsible unit reports for a milestone.</summary>
public enum MilestoneState
{
    /// <summary>未开始.</summary>
    NotStarted,
    /// <summary>推进中.</summary>
    InProgress,
    /// <summary>已完成.</summary>
    Done,
    /// <summary>滞后.</summary>
    Delayed,
}

/// <summary>A milestone's status as of an evaluation date.</summary>
public enum MilestoneStatus
{
    /// <summary>Reported done.</summary>
    Done,
    /// <summary>In progress, deadline not passed.</summary>
    OnTrack,
    /// <summary>Reported delayed, or not started (or not reported) with the deadline near.</summary>
    AtRisk,
    /// <summary>The deadline has passed and the milestone is not done.</summary>
    Overdue,
    /// <summary>Not started (or not reported) with the deadline still far.</summary>
    NotYetDue,
}

/// <summary>Options of the milestone rules.</summary>
/// <param name="AtRiskWindowDays">How close (in days) a deadline must be for a milestone not started, or not reported, to be at risk (default 183, half a year).</param>
public sealed record MilestoneOptions(int AtRiskWindowDays = 183)
{
    /// <summary>The documented defaults.</summary>
    public static MilestoneOptions Default { get; } = new();
}

/// <summary>A milestone verdict: the status, its common status, the deadline, days left (negative when overdue), and the rule that applied.</summary>
public sealed record MilestoneResult(MilestoneStatus Status, ProgressStatus CommonStatus, DateOnly Deadline, int DaysLeft, string Rule);

/// <summary>Milestone status from the reported state and the deadline, as of an evaluation date.</summary>
public static class Milestones
{
    /// <summary>A milestone dated by year only is due by 31 December of that year.</summary>
    public static DateOnly Deadline(int year) => new(year, 12, 31);

    /// <summary>A plan milestone's deadline (31 December of its year).</summary>
    public static DateOnly Deadline(PlanMilestone milestone)
    {
        ArgumentNullException.ThrowIfNull(milestone);
        return Deadline(milestone.Year);
    }

    /// <summary>
    /// The rules, in order: done → done; past the deadline → overdue; delayed → at risk; in progress → on track;
    /// not started or not reported → at risk within <see cref="MilestoneOptions.AtRiskWindowDays"/> of the deadline, else not yet due.
    /// </summary>
    public static MilestoneResult Evaluate(DateOnly deadline, MilestoneState? state, DateOnly evaluationDate, MilestoneOptions? options = null)
    {
        var o = options ?? MilestoneOptions.Default;
        var daysLeft = deadline.DayNumber - evaluationDate.DayNumber;
        if (state == MilestoneState.Done)
            return new(MilestoneStatus.Done, ProgressStatus.Achieved, deadline, daysLeft, "reported done (已完成)");
        if (daysLeft < 0)
            return new(MilestoneStatus.Overdue, ProgressStatus.OffTrack, deadline, daysLeft, "deadline passed and not done");
        if (state == MilestoneState.Delayed)
            return new(MilestoneStatus.AtRisk, ProgressStatus.NeedsAttention, deadline, daysLeft, "reported delayed (滞后)");
        if (state == MilestoneState.InProgress)
            return new(MilestoneStatus.OnTrack, ProgressStatus.OnTrack, deadline, daysLeft, "reported in progress (推进中) before the deadline");
        var what = state is null ? "not reported" : "not started (未开始)";
        return daysLeft <= o.AtRiskWindowDays
            ? new(MilestoneStatus.AtRisk, ProgressStatus.NeedsAttention, deadline, daysLeft, $"{what}, deadline within {o.AtRiskWindowDays} days")
            : new(MilestoneStatus.NotYetDue, ProgressStatus.NotYetDue, deadline, daysLeft, $"{what}, deadline more than {o.AtRiskWindowDays} days away");
    }

    /// <summary>Parses a reported state: 未开始/not-started, 推进中/in-progress, 已完成/done, 滞后/delayed.</summary>
    public static bool TryParseState(string? text, out MilestoneState state)
    {
        switch (text?.Trim())
        {
            case "未开始" or "not-started":
                state = MilestoneState.NotStarted;
                return true;
            case "推进中" or "in-progress":
                state = MilestoneState.InProgress;
                return true;
            case "已完成" or "done":
                state = MilestoneState.Done;
                return true;
            case "滞后" or "delayed":
                state = MilestoneState.Delayed;
                return true;
            default:
                state = default;
                return false;
        }
    }
}
