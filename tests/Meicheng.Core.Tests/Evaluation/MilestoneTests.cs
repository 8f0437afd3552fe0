using Meicheng.Core.Evaluation;

namespace Meicheng.Core.Tests.Evaluation;

public sealed class MilestoneTests
{
    private static readonly DateOnly Deadline = Milestones.Deadline(2025);

    [Theory]
    // Done is done, even late.
    [InlineData(MilestoneState.Done, "2026-03-01", MilestoneStatus.Done)]
    [InlineData(MilestoneState.Done, "2024-01-01", MilestoneStatus.Done)]
    // Past 31 December and not done: overdue, whatever was reported.
    [InlineData(MilestoneState.InProgress, "2026-01-01", MilestoneStatus.Overdue)]
    [InlineData(MilestoneState.Delayed, "2026-01-01", MilestoneStatus.Overdue)]
    [InlineData(MilestoneState.NotStarted, "2026-01-01", MilestoneStatus.Overdue)]
    // On the deadline day itself it is not yet overdue.
    [InlineData(MilestoneState.InProgress, "2025-12-31", MilestoneStatus.OnTrack)]
    [InlineData(MilestoneState.Delayed, "2024-01-01", MilestoneStatus.AtRisk)]
    [InlineData(MilestoneState.InProgress, "2024-01-01", MilestoneStatus.OnTrack)]
    // Not started: at risk within 183 days (2025-07-01 is 183 days before 2025-12-31), not yet due before.
    [InlineData(MilestoneState.NotStarted, "2025-07-01", MilestoneStatus.AtRisk)]
    [InlineData(MilestoneState.NotStarted, "2025-06-30", MilestoneStatus.NotYetDue)]
    public void Rules(MilestoneState state, string date, MilestoneStatus expected)
    {
        var r = Milestones.Evaluate(Deadline, state, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, r.Status);
        Assert.False(string.IsNullOrEmpty(r.Rule));
    }

    [Fact]
    public void Not_reported_is_treated_like_not_started_and_maps_to_common_statuses()
    {
        Assert.Equal(MilestoneStatus.NotYetDue, Milestones.Evaluate(Deadline, null, new DateOnly(2024, 1, 1)).Status);
        var near = Milestones.Evaluate(Deadline, null, new DateOnly(2025, 11, 1));
        Assert.Equal(MilestoneStatus.AtRisk, near.Status);
        Assert.Equal(ProgressStatus.NeedsAttention, near.CommonStatus);
        Assert.Equal(60, near.DaysLeft);
        var overdue = Milestones.Evaluate(Deadline, null, new DateOnly(2026, 1, 10));
        Assert.Equal(ProgressStatus.OffTrack, overdue.CommonStatus);
        Assert.Equal(-10, overdue.DaysLeft);
    }

    [Fact]
    public void The_at_risk_window_is_an_option()
    {
        var r = Milestones.Evaluate(Deadline, MilestoneState.NotStarted, new DateOnly(2025, 6, 30), new MilestoneOptions(AtRiskWindowDays: 365));
        Assert.Equal(MilestoneStatus.AtRisk, r.Status);
    }

    [Theory]
    [InlineData("未开始", MilestoneState.NotStarted)]
    [InlineData("推进中", MilestoneState.InProgress)]
    [InlineData("已完成", MilestoneState.Done)]
    [InlineData("滞后", MilestoneState.Delayed)]
    [InlineData("delayed", MilestoneState.Delayed)]
    public void States_parse_from_the_reporting_words(string text, MilestoneState expected)
    {
        Assert.True(Milestones.TryParseState(text, out var state));
        Assert.Equal(expected, state);
        Assert.False(Milestones.TryParseState("完成了吗", out _));
    }
}
