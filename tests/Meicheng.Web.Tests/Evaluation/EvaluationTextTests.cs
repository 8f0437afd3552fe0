using Meicheng.Core.Evaluation;
using Meicheng.Core.Plans;
using Meicheng.Web.Features.Evaluation;

namespace Meicheng.Web.Tests.Evaluation;

/// <summary>What reaches a Chinese page is Chinese: every note, input, formula and status word Core produces has a rendering.</summary>
public sealed class EvaluationTextTests
{
    private static bool Chinese(string text) => text.Any(c => c is >= '\u4e00' and <= '\u9fff');

    private static IEnumerable<ProgressResult> ManyResults()
    {
        var random = new Random(14);
        var comparators = Enum.GetValues<Comparator>();
        var kinds = Enum.GetValues<TargetKind>();
        var directions = Enum.GetValues<Direction>();
        for (var i = 0; i < 3000; i++)
        {
            var kind = kinds[random.Next(kinds.Length)];
            var start = 2018 + random.Next(4);
            var year = start + random.Next(6);
            double? baseline = random.Next(3) == 0 ? random.Next(-5, 100) : null;
            var target = new EvaluationTarget(random.Next(3) == 0 ? 0 : random.Next(1, 150), comparators[random.Next(comparators.Length)],
                directions[random.Next(directions.Length)], kind, year, random.Next(5) == 0, random.Next(2) == 0 ? start - 1 : null, baseline,
                random.Next(2) == 0 ? start : null);
            var observations = Enumerable.Range(start - 2, 10).Where(_ => random.Next(3) == 0)
                .Select(y => new Observation(y, random.Next(8) == 0 ? double.NaN : random.Next(-10, 160))).ToList();
            foreach (var r in Progress.EvaluateAll(target, observations, start + random.Next(9)))
                yield return r;
        }
        foreach (var method in Enum.GetValues<ProgressMethod>())
        {
            yield return Progress.EvaluateTrend([new(2020, 10), new(2022, 12)], Direction.Up, 2023, method, 20);
            yield return Progress.EvaluateTrend([new(2020, 0), new(2022, 12)], Direction.None, 2023, method);
            yield return Progress.EvaluateTrend([new(2020, 0)], Direction.Up, 2023, method);
            yield return Progress.EvaluateTrend([new(2020, 0), new(2022, 3)], Direction.Up, 2023, method);
        }
    }

    [Fact]
    public void Every_explanation_Core_writes_reads_in_Chinese()
    {
        var untranslated = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var r in ManyResults())
        {
            foreach (var n in r.Explanation.Notes.Where(n => !Chinese(EvaluationText.Note(n)) || EvaluationText.Note(n) == n))
                untranslated.Add("note: " + n);
            foreach (var i in r.Explanation.Inputs)
            {
                if (!Chinese(EvaluationText.InputName(i.Name)))
                    untranslated.Add("input: " + i.Name);
                if (i.Text is { } text && EvaluationText.InputText(i.Name, text) == text && text.Any(char.IsAsciiLetter))
                    untranslated.Add($"input text: {i.Name} = {text}");
            }
            foreach (var s in r.Explanation.Steps.Where(s => System.Text.RegularExpressions.Regex.IsMatch(EvaluationText.Formula(s.Formula), "[a-z]{3,} [a-z]{2,}")))
                untranslated.Add("formula: " + s.Formula);
            if (!Chinese(EvaluationText.MethodStatus(r.MethodStatus)))
                untranslated.Add("word: " + r.MethodStatus);
            foreach (var p in r.Method.Parameters.Where(p => !Chinese(EvaluationText.ParameterName(p.Name))))
                untranslated.Add("parameter: " + p.Name);
        }
        Assert.Empty(untranslated);
    }

    [Fact]
    public void Statuses_say_the_post_evaluation_verdict_and_what_is_missing()
    {
        Assert.Equal("按期达成", EvaluationText.StatusText("achieved", new DeadlineDto("achieved-on-time", 2022, 10, null, null, null), null));
        Assert.Equal("未达成", EvaluationText.StatusText("off-track", new DeadlineDto("missed", 2022, 8, null, null, null), null));
        Assert.Equal("逾期达成", EvaluationText.StatusText("achieved", new DeadlineDto("achieved-late", 2022, null, 2025, 11, true), null));
        Assert.Equal("仍未达到", EvaluationText.StatusText("off-track", new DeadlineDto("still-short", 2022, null, 2025, 8, false), null));
        Assert.Equal("无数据（缺目标年2022年的数值）", EvaluationText.StatusText("no-data", null, new MissingDto("target-year-value", 2022, 2022, null)));
        Assert.Equal("无数据（缺2026年的数值（仅有2025年基准值，一个年度不能判断趋势））",
            EvaluationText.StatusText("no-data", null, new MissingDto("value-after-baseline", 2026, 2026, 2025)));
        Assert.Equal("无数据（缺基准值和2025—2026年的数值）", EvaluationText.StatusText("no-data", null, new MissingDto("any-value", 2025, 2026, null)));
        Assert.Equal("进度正常", EvaluationText.StatusText("on-track", null, null));
        Assert.Equal("已过截止日期仍未完成", EvaluationText.MilestoneRule("deadline passed and not done"));
        Assert.Equal("未报告进展，距截止不足183天", EvaluationText.MilestoneRule("not reported, deadline within 183 days"));
        Assert.Equal("未开始，距截止超过183天", EvaluationText.MilestoneRule("not started (未开始), deadline more than 183 days away"));
    }
}
