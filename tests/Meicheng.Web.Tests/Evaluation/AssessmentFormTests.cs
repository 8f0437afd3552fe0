using Meicheng.Web.Data;
using Meicheng.Web.Features.Evaluation;
using static Meicheng.Web.Tests.Evaluation.EvaluationWorld;
using static Meicheng.Web.Tests.Pages.PageForms;

namespace Meicheng.Web.Tests.Evaluation;

/// <summary>An evaluator scores a target on the round page: targets offered by indicator name and clause, refusals beside the fields.</summary>
public sealed class AssessmentFormTests
{
    [Fact]
    public async Task An_evaluator_scores_a_target_of_an_open_round_on_its_page_and_a_refused_score_keeps_the_comment()
    {
        await using var w = await CreateAsync(DatabaseProvider.Sqlite);
        await w.ReportAsync(Enterprises, 2024, 40);
        await w.ReportAsync(Enterprises, 2026, 50);
        var round = await w.FreezeAsync(RoundKinds.Annual, 2026);
        var target = await w.TargetAsync(Enterprises);
        var url = $"/evaluation/rounds/{round.Id}";

        // Only an evaluator gets the form; nobody is told to call the API.
        var leaderPage = await GetAsync(w.Leader, url);
        Assert.Null(leaderPage.QuerySelector("form.assess"));
        Assert.DoesNotContain("POST", leaderPage.Body!.TextContent, StringComparison.Ordinal);
        var page = await GetAsync(w.Evaluator, url);
        var option = page.QuerySelector($"#assess-subject option[value='target:{Enterprises}']")!;
        Assert.Equal($"{target.Indicator!.Name} · {target.Clause}", option.TextContent);
        Assert.NotEmpty(page.QuerySelectorAll("#assess-subject option[value^='task:']"));

        var refused = await RefusedAsync(await PostAsync(w.Evaluator, url, "assess",
            ("Assess.Subject", $"target:{Enterprises}"), ("Assess.Score", "120"), ("Assess.Comment", "企业培育进度偏慢")));
        Assert.Equal("评分须在 0–100 之间", refused.QuerySelector("form.assess .field-error")!.TextContent);
        Assert.Equal("企业培育进度偏慢", refused.QuerySelector("#assess-comment")!.TextContent);
        Assert.Equal("120", refused.QuerySelector("#assess-score")!.GetAttribute("value"));
        Assert.NotNull(refused.QuerySelector($"#assess-subject option[value='target:{Enterprises}'][selected]"));

        var back = await RedirectedAsync(await PostAsync(w.Evaluator, url, "assess",
            ("Assess.Subject", $"target:{Enterprises}"), ("Assess.Score", "65"), ("Assess.Comment", "企业培育进度偏慢")));
        var saved = await GetAsync(w.Evaluator, back);
        Assert.Contains("65 分", saved.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
        var row = saved.QuerySelector("table.assessments tbody tr")!;
        Assert.Contains(target.Clause, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("企业培育进度偏慢", row.TextContent, StringComparison.Ordinal);
    }
}
