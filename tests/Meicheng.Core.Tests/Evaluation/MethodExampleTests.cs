using Meicheng.Core.Evaluation;
using Meicheng.Core.Plans;
using static Meicheng.Core.Tests.Evaluation.Eval;

namespace Meicheng.Core.Tests.Evaluation;

/// <summary>Each method against examples worked by hand from its definition (arithmetic in the comments).</summary>
public sealed class MethodExampleTests
{
    // The CLI example: baseline 2015: 100, observed 2020: 80, target 2030: ≤ 50, direction down.
    private static readonly EvaluationTarget Down = Target(50, 2030, Comparator.AtMost, Direction.Down, baselineYear: 2015, baselineValue: 100);

    [Fact]
    public void Linear_down_example()
    {
        // E_2020 = 100 + (50 − 100)·(2020 − 2015)/(2030 − 2015) = 100 − 50/3 = 83.333…
        // P = (80 − 100)/(83.333… − 100) = −20/−16.666… = 1.2 → on track (≥ 0.95).
        var r = Run(Down, 2020, ProgressMethod.Linear, (2020, 80));
        AssertRecorded(r, ProgressMethod.Linear);
        Assert.Equal(1.2, r.Ratio!.Value, 9);
        Assert.Equal(83.333333333, Step(r, "E_t"), 6);
        Assert.Equal("on-track", r.MethodStatus);
        Assert.Equal(ProgressStatus.OnTrack, r.Status);
        Assert.Equal(Outcome.Open, r.Outcome);
    }

    [Fact]
    public void Eurostat_down_example()
    {
        // CAGR_a = (80/100)^(1/5) − 1 = 0.956352 − 1 = −0.043648
        // CAGR_r = (50/100)^(1/15) − 1 = 0.954842 − 1 = −0.045158
        // RR = −0.043648 / −0.045158 = 0.96654 → significant (≥ 0.95).
        var r = Run(Down, 2020, ProgressMethod.Eurostat, (2020, 80));
        AssertRecorded(r, ProgressMethod.Eurostat);
        Assert.Equal(-0.043648, Step(r, "CAGR_a"), 6);
        Assert.Equal(-0.045158, Step(r, "CAGR_r"), 6);
        Assert.Equal(0.96654, r.Ratio!.Value, 5);
        Assert.Equal("significant", r.MethodStatus);
        Assert.Equal(ProgressStatus.OnTrack, r.Status);
    }

    [Fact]
    public void Eurostat_ten_year_window_is_moderate()
    {
        // Same data, target year 2025: CAGR_r = 0.5^(1/10) − 1 = −0.066967; RR = −0.043648 / −0.066967 = 0.651776 → moderate.
        var target = Down with { Year = 2025 };
        var r = Run(target, 2020, ProgressMethod.Eurostat, (2020, 80));
        Assert.Equal(0.6517762, r.Ratio!.Value, 6);
        Assert.Equal("moderate", r.MethodStatus);
        Assert.Equal(ProgressStatus.NeedsAttention, r.Status);
    }

    // Up-targets on a 4-year window where the required CAGR is exactly 10%: y0 = 100 (2020), y* = 100·1.1⁴ = 146.41 (2024).
    private static readonly EvaluationTarget Up4 = Target(146.41, 2024, baselineYear: 2020, baselineValue: 100);

    [Theory]
    // 2022 value 100·1.095² = 119.9025 → CAGR_a = 0.095 → RR = 0.95 exactly: significant.
    [InlineData(119.9025, 0.95, "significant", ProgressStatus.OnTrack)]
    // 100·1.06² = 112.36 → CAGR_a = 0.06 → RR = 0.6 exactly: moderate.
    [InlineData(112.36, 0.6, "moderate", ProgressStatus.NeedsAttention)]
    // 100·1.059² = 112.1481 → RR = 0.59: insufficient.
    [InlineData(112.1481, 0.59, "insufficient", ProgressStatus.OffTrack)]
    // No change: CAGR_a = 0 → RR = 0 exactly: insufficient, not away.
    [InlineData(100, 0, "insufficient", ProgressStatus.OffTrack)]
    // 100·0.99² = 98.01 → CAGR_a = −0.01 → RR = −0.1: away.
    [InlineData(98.01, -0.1, "away", ProgressStatus.OffTrack)]
    public void Eurostat_thresholds(double observed, double ratio, string word, ProgressStatus status)
    {
        var r = Run(Up4, 2022, ProgressMethod.Eurostat, (2022, observed));
        Assert.Equal(ratio, r.Ratio!.Value, 9);
        Assert.Equal(word, r.MethodStatus);
        Assert.Equal(status, r.Status);
    }

    [Theory]
    // 119.9025 → CR = 0.95: on-track.
    [InlineData(119.9025, 0.95, "on-track", ProgressStatus.OnTrack)]
    // 100·1.05² = 110.25 → CAGR_a = 0.05 → CR = 0.5 exactly: fair.
    [InlineData(110.25, 0.5, "fair", ProgressStatus.NeedsAttention)]
    // 100·1.049² = 110.0401 → CR = 0.49: limited.
    [InlineData(110.0401, 0.49, "limited", ProgressStatus.OffTrack)]
    // 98.01 → CR = −0.1 exactly: limited (deterioration is below −0.1).
    [InlineData(98.01, -0.1, "limited", ProgressStatus.OffTrack)]
    // 97 → CAGR_a = √0.97 − 1 = −0.0151142 → CR = −0.151142: deterioration.
    [InlineData(97, -0.151142198, "deterioration", ProgressStatus.OffTrack)]
    public void Un_thresholds(double observed, double ratio, string word, ProgressStatus status)
    {
        var r = Run(Up4, 2022, ProgressMethod.Un, (2022, observed));
        AssertRecorded(r, ProgressMethod.Un);
        Assert.Equal(ratio, r.Ratio!.Value, 8);
        Assert.Equal(word, r.MethodStatus);
        Assert.Equal(status, r.Status);
    }

    [Theory]
    // R = 0.95 → substantial; score = 7.1429·0.95 − 4.2857 = 2.500055 → 2.5001.
    [InlineData(119.9025, 0.95, "substantial", 2.5001)]
    // R = 0.6 → moderate; score = 7.1429·0.6 − 4.2857 = 0.00004 → 0.
    [InlineData(112.36, 0.6, "moderate", 0.0)]
    // R = 0 → limited; score = max(4.1667·0 − 2.5, −5) = −2.5.
    [InlineData(100, 0, "limited", -2.5)]
    // 100·0.95² = 90.25 → CAGR_o = −0.05 → R = −0.5 → deterioration; score = 4.1667·(−0.5) − 2.5 = −4.58335.
    [InlineData(90.25, -0.5, "deterioration", -4.5833)]
    // 100·0.9² = 81 → R = −1 → score = max(−6.6667, −5) = −5.
    [InlineData(81, -1, "deterioration", -5.0)]
    public void OpenSdg_thresholds_and_score(double observed, double ratio, string word, double score)
    {
        var r = Run(Up4, 2022, ProgressMethod.OpenSdg, (2022, observed));
        AssertRecorded(r, ProgressMethod.OpenSdg);
        Assert.Equal(ratio, r.Ratio!.Value, 9);
        Assert.Equal(word, r.MethodStatus);
        Assert.Equal(score, r.Score!.Value, 3);
    }

    [Fact]
    public void OpenSdg_down_example_uses_the_sense()
    {
        // d = −1 (≤ target below baseline). CAGR_o = −0.043648, CAGR_r = −0.045158.
        // R = d·CAGR_o/|CAGR_r| = 0.043648/0.045158 = 0.96654 → substantial; score = 7.1429·0.966542 − 4.2857 = 2.6182.
        var r = Run(Down, 2020, ProgressMethod.OpenSdg, (2020, 80));
        Assert.Equal(-1, Step(r, "d"));
        Assert.Equal(0.96654, r.Ratio!.Value, 5);
        Assert.Equal("substantial", r.MethodStatus);
        Assert.Equal(2.6182, r.Score!.Value, 3);
    }

    // Linear on y0 = 100 (2020) → y* = 200 (2030), judged in 2025: E_2025 = 150, expected progress 50.
    private static readonly EvaluationTarget Up10 = Target(200, 2030, baselineYear: 2020, baselineValue: 100);

    [Theory]
    // P = 47.5/50 = 0.95 exactly: on track.
    [InlineData(147.5, 0.95, "on-track", ProgressStatus.OnTrack)]
    // P = 42.5/50 = 0.85 exactly: needs attention.
    [InlineData(142.5, 0.85, "needs-attention", ProgressStatus.NeedsAttention)]
    // P = 42.4/50 = 0.848: off track.
    [InlineData(142.4, 0.848, "off-track", ProgressStatus.OffTrack)]
    // P = −10/50 = −0.2 (wrong direction): off track.
    [InlineData(90, -0.2, "off-track", ProgressStatus.OffTrack)]
    // P = 60/50 = 1.2: ahead of the line is on track.
    [InlineData(160, 1.2, "on-track", ProgressStatus.OnTrack)]
    public void Linear_thresholds(double observed, double ratio, string word, ProgressStatus status)
    {
        var r = Run(Up10, 2025, ProgressMethod.Linear, (2025, observed));
        Assert.Equal(ratio, r.Ratio!.Value, 9);
        Assert.Equal(word, r.MethodStatus);
        Assert.Equal(status, r.Status);
    }

    [Theory]
    [InlineData(ProgressMethod.Linear)]
    [InlineData(ProgressMethod.Eurostat)]
    [InlineData(ProgressMethod.Un)]
    [InlineData(ProgressMethod.OpenSdg)]
    public void A_target_already_met_is_achieved_by_every_method(ProgressMethod method)
    {
        // 2025 value 210 ≥ 200: achieved before the target year (open: 2030 is not observed yet); Open SDG scores 5.
        var r = Run(Up10, 2025, method, (2025, 210));
        Assert.Equal(ProgressStatus.Achieved, r.Status);
        Assert.Equal("achieved", r.MethodStatus);
        Assert.Equal(Outcome.Open, r.Outcome);
        if (method == ProgressMethod.OpenSdg)
            Assert.Equal(5, r.Score);
        else
            Assert.Null(r.Score);
    }

    [Fact]
    public void Methods_disagree_near_the_boundaries_and_say_which_ran()
    {
        // STANDARDS.md §6: a ratio of 0.56 is "fair" for the UN and "insufficient" for Eurostat.
        // 0.56 = CAGR_a/0.1 → CAGR_a = 0.056 → 2022 value 100·1.056² = 111.5136.
        var eurostat = Run(Up4, 2022, ProgressMethod.Eurostat, (2022, 111.5136));
        var un = Run(Up4, 2022, ProgressMethod.Un, (2022, 111.5136));
        Assert.Equal(0.56, eurostat.Ratio!.Value, 9);
        Assert.Equal(0.56, un.Ratio!.Value, 9);
        Assert.Equal("insufficient", eurostat.MethodStatus);
        Assert.Equal("fair", un.MethodStatus);
    }
}

/// <summary>The table of docs/evaluation-methods.md §3.2: one 2022 value, three growth methods.</summary>
public sealed class ThresholdTableTests
{
    [Theory]
    [InlineData(119.9025, "significant", "on-track", "substantial")]
    [InlineData(112.36, "moderate", "fair", "moderate")]
    [InlineData(110.25, "insufficient", "fair", "limited")]
    [InlineData(100, "insufficient", "limited", "limited")]
    [InlineData(98.01, "away", "limited", "deterioration")]
    [InlineData(90.25, "away", "deterioration", "deterioration")]
    public void Documented_table(double observed, string eurostat, string un, string openSdg)
    {
        var target = Eval.Target(146.41, 2024, baselineYear: 2020, baselineValue: 100);
        Assert.Equal(eurostat, Eval.Run(target, 2022, ProgressMethod.Eurostat, (2022, observed)).MethodStatus);
        Assert.Equal(un, Eval.Run(target, 2022, ProgressMethod.Un, (2022, observed)).MethodStatus);
        Assert.Equal(openSdg, Eval.Run(target, 2022, ProgressMethod.OpenSdg, (2022, observed)).MethodStatus);
    }
}
