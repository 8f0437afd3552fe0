using Meicheng.Core.Evaluation;

namespace Meicheng.Web.Features.Evaluation;

/// <summary>The "Evaluation" configuration section (see docs/evaluation-web.md). A round may override the weights.</summary>
public sealed class EvaluationSettings
{
    /// <summary>The method whose statuses drive roll-ups, problems and reports unless a request names another.</summary>
    public string PrimaryMethod { get; set; } = "linear";

    public double AboutTolerance { get; set; } = EvaluationOptions.Default.AboutTolerance;
    public double LinearOnTrack { get; set; } = EvaluationOptions.Default.LinearOnTrack;
    public double LinearNeedsAttention { get; set; } = EvaluationOptions.Default.LinearNeedsAttention;
    public int MilestoneAtRiskWindowDays { get; set; } = MilestoneOptions.Default.AtRiskWindowDays;

    /// <summary>Weights by roll-up node id (a target id, <c>{plan}/task-9</c>, <c>{plan}/area-2</c>, <c>{plan}/goals</c>, a plan id, <c>dept:…</c>).</summary>
    public Dictionary<string, double> Weights { get; set; } = new(StringComparer.Ordinal);

    public double AspirationalWeight { get; set; } = 1;

    /// <summary>α in C = α·O + (1 − α)·S: the share of the objective index in the composite (以客观定量为主: 0.7).</summary>
    public double ObjectiveWeight { get; set; } = 0.7;

    /// <summary>The city health check's indicator set (indicator ids); empty means every indicator with a target.</summary>
    public List<string> HealthCheckIndicators { get; set; } = [];

    /// <summary>The CJK font for charts and PDF; the Noto Sans CJK collection Debian installs by default.</summary>
    public string FontPath { get; set; } = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

    public string BoldFontPath { get; set; } = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";
}
