using System.Net;
using System.Net.Http.Json;
using Meicheng.Core.Evaluation;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Tests.Accounts;
using static Meicheng.Web.Tests.Evaluation.EvaluationWorld;

namespace Meicheng.Web.Tests.Evaluation;

public sealed class EvaluationApiTests
{
    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Approved_observations_evaluate_exactly_as_core_does_and_drafts_and_unapproved_reports_are_ignored(DatabaseProvider provider)
    {
        await using var w = await CreateAsync(provider);
        var baseline = await w.ReportAsync(Enterprises, 2024, 40);
        var latest = await w.ReportAsync(Enterprises, 2026, 50);
        // Neither a draft nor a submitted report awaiting review may count.
        await w.ReportAsync(Enterprises, 2025, 79, submit: false);
        await w.ReportAsync(Enterprises, 2025, 79, region: "370211", approve: false);

        var view = await w.Admin.GetFromJsonAsync<EvaluationViewDto>($"/api/evaluation?planId={BeautifulCity}&year=2026&method=linear", Ct);
        var row = view!.Targets.Single(t => t.TargetId == Enterprises);
        Assert.Equal([baseline.Id, latest.Id], row.ObservationIds);
        Assert.Equal(2, view.ObservationsUsed);

        var explain = await w.Admin.GetFromJsonAsync<TargetExplainDto>($"/api/evaluation/targets/{Enterprises}?year=2026", Ct);
        Assert.Equal([2024, 2026], explain!.Observations.Select(o => o.Year));
        var (target, direction, start) = CoreTarget(Enterprises);
        var expected = Progress.EvaluateAll(EvaluationTarget.FromPlan(target, direction, start), [new(2024, 40), new(2026, 50)], 2026);
        Assert.Equal(4, explain.Target.Results.Count);
        foreach (var (core, web) in expected.Zip(explain.Target.Results))
        {
            Assert.Equal(core.Method.Name, web.Method);
            Assert.Equal(core.Status.Token(), web.Status);
            Assert.Equal(core.MethodStatus, web.MethodStatus);
            Assert.Equal(core.Ratio, web.Ratio);
            Assert.Equal(core.Score, web.Score);
            Assert.Equal(core.AssessedValue, web.AssessedValue);
            Assert.Equal(core.Explanation.Steps.Select(s => (s.Symbol, s.Value)), web.Explanation!.Steps.Select(s => (s.Symbol, s.Value)));
            Assert.Equal(core.Explanation.Notes, web.Explanation.Notes);
        }
        // linear: E = 40 + 40·2/3 = 66.67, P = 10/26.67 = 0.375 → off track.
        Assert.Equal("off-track", row.Results.Single().Status);
        Assert.Null(row.Results.Single().Explanation);

        // The district's unapproved report gives it nothing to evaluate.
        var district = await w.Admin.GetFromJsonAsync<EvaluationViewDto>($"/api/evaluation?planId={BeautifulCity}&year=2026&region=370211", Ct);
        Assert.Empty(district!.Targets.Single(t => t.TargetId == Enterprises).ObservationIds);
        Assert.Equal("no-data", district.Targets.Single(t => t.TargetId == Enterprises).Results.Single().Status);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Roll_ups_reach_task_area_plan_department_and_district_with_configured_weights(DatabaseProvider provider)
    {
        await using var w = await CreateAsync(provider);
        await w.ReportAsync(Pm25, 2024, 30);
        await w.ReportAsync(Pm25, 2026, 27); // met → achieved (100)
        await w.ReportAsync(Enterprises, 2024, 40);
        await w.ReportAsync(Enterprises, 2026, 50); // off track (0)
        await w.ReportAsync(Enterprises, 2024, 40, region: "370212");
        await w.ReportAsync(Enterprises, 2026, 80, region: "370212"); // met in the district

        var view = (await w.Admin.GetFromJsonAsync<EvaluationViewDto>($"/api/evaluation?planId={BeautifulCity}&year=2026", Ct))!;
        var plan = Assert.Single(view.Plans);
        var goals = plan.Tree.Children.Single(c => c.Level == "goals");
        Assert.Equal(("achieved", 100d), (Leaf(goals, Pm25).Status, Leaf(goals, Pm25).Score!.Value));
        var task9 = plan.Tree.Children.SelectMany(a => a.Children).Single(c => c.Id == $"{BeautifulCity}/task-9");
        Assert.Equal(("off-track", 0d), (Leaf(task9, Enterprises).Status, Leaf(task9, Enterprises).Score!.Value));
        Assert.Equal(task9.Children.Count(c => c.Status == "off-track"), task9.Counts.OffTrack);
        Assert.Equal(view.CompositeIndex, plan.Index);
        AssertRecomputable(plan.Tree);
        var district = view.Districts.Single(d => d.Id == "region:370212");
        Assert.Equal("崂山区", district.Label);
        Assert.Equal("achieved", Leaf(district, Enterprises).Status);
        Assert.Equal(1, district.Counts.Achieved);
        Assert.All(view.Districts.Where(d => d.Id != "region:370212"), d => Assert.Equal(0, d.Counts.Achieved + d.Counts.OnTrack));

        // Weighting the goals group three times: recorded, applied, and the index still recomputes from the tree.
        var round = await w.FreezeAsync(RoundKinds.Annual, 2026, BeautifulCity, new Dictionary<string, double> { [$"{BeautifulCity}/goals"] = 3 });
        var weighted = (await w.Admin.GetFromJsonAsync<EvaluationViewDto>($"/api/evaluation/rounds/{round.Id}/view", Ct))!;
        Assert.Equal(3, weighted.Plans.Single().Tree.Children.Single(c => c.Level == "goals").Weight);
        Assert.Equal(3, weighted.Parameters.Weights[$"{BeautifulCity}/goals"]);
        AssertRecomputable(weighted.Plans.Single().Tree);
        Assert.NotEqual(view.CompositeIndex, weighted.CompositeIndex);
        Assert.Equal(weighted.CompositeIndex, round.CompositeIndex);
    }

    internal static RollupNodeDto Leaf(RollupNodeDto node, string id) =>
        node.Id == id ? node : node.Children.Select(c => Find(c, id)).FirstOrDefault(n => n is not null) ?? throw new InvalidOperationException($"{id} not under {node.Id}");

    private static RollupNodeDto? Find(RollupNodeDto node, string id) =>
        node.Id == id ? node : node.Children.Select(c => Find(c, id)).FirstOrDefault(n => n is not null);

    /// <summary>Every group's score is Σ wᵢ·sᵢ / Σ wᵢ over its scored children, and its counts the sum of theirs.</summary>
    private static void AssertRecomputable(RollupNodeDto node)
    {
        if (node.Children.Count == 0)
            return;
        var scored = node.Children.Where(c => c.Score is not null && c.Weight > 0).ToList();
        double? expected = scored.Count == 0 ? null : scored.Sum(c => c.Weight * c.Score!.Value) / scored.Sum(c => c.Weight);
        if (expected is { } e)
            Assert.Equal(e, node.Score!.Value, 3);
        else
            Assert.Null(node.Score);
        Assert.Equal(node.Children.Sum(c => c.Counts.Total), node.Counts.Total);
        foreach (var c in node.Children)
            AssertRecomputable(c);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_frozen_round_is_unchanged_after_new_data_is_approved(DatabaseProvider provider)
    {
        await using var w = await CreateAsync(provider);
        await w.ReportAsync(Enterprises, 2024, 40);
        await w.ReportAsync(Enterprises, 2025, 45);
        var round = await w.FreezeAsync(RoundKinds.Annual, 2026);
        var before = await w.Admin.GetStringAsync($"/api/evaluation/rounds/{round.Id}/snapshot", Ct);
        Assert.Equal(round.SnapshotSha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(before))));

        var added = await w.ReportAsync(Enterprises, 2026, 79);
        var after = await w.Admin.GetStringAsync($"/api/evaluation/rounds/{round.Id}/snapshot", Ct);
        Assert.Equal(before, after);

        var frozen = (await w.Admin.GetFromJsonAsync<TargetExplainDto>($"/api/evaluation/rounds/{round.Id}/targets/{Enterprises}", Ct))!;
        Assert.DoesNotContain(added.Id, frozen.Target.ObservationIds);
        Assert.Equal(45, frozen.Target.Results[0].AssessedValue);
        var live = (await w.Admin.GetFromJsonAsync<TargetExplainDto>($"/api/evaluation/targets/{Enterprises}?year=2026", Ct))!;
        Assert.Contains(added.Id, live.Target.ObservationIds);
        Assert.Equal(79, live.Target.Results[0].AssessedValue);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Two_rounds_compare_side_by_side(DatabaseProvider provider)
    {
        await using var w = await CreateAsync(provider);
        await w.ReportAsync(Enterprises, 2024, 40);
        await w.ReportAsync(Enterprises, 2025, 45);
        var first = await w.FreezeAsync(RoundKinds.Annual, 2025);
        await w.ReportAsync(Enterprises, 2026, 80);
        var second = await w.FreezeAsync(RoundKinds.Annual, 2026);

        var comparison = (await w.Leader.GetFromJsonAsync<RoundComparisonDto>($"/api/evaluation/rounds/compare?a={first.Id}&b={second.Id}", Ct))!;
        var row = comparison.Targets.Single(t => t.TargetId == Enterprises);
        Assert.Equal(("off-track", "achieved", "improved"), (row.StatusA, row.StatusB, row.Change));
        Assert.Equal((45d, 80d), (row.ValueA, row.ValueB));
        Assert.Equal(1, comparison.Improved);
        Assert.Equal(0, comparison.Worsened);
        var task = comparison.Nodes.Single(n => n.Id == $"{BeautifulCity}/task-9");
        Assert.True(task.ScoreB > task.ScoreA, $"{task.ScoreA} → {task.ScoreB}");
        Assert.Equal(Math.Round(task.ScoreB!.Value - task.ScoreA!.Value, 4), task.Delta);
        Assert.Equal(HttpStatusCode.NotFound, (await w.Leader.GetAsync($"/api/evaluation/rounds/compare?a={first.Id}&b=999", Ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Evaluators_assess_and_the_combination_follows_the_documented_formula(DatabaseProvider provider)
    {
        await using var w = await CreateAsync(provider);
        await w.ReportAsync(Enterprises, 2024, 40);
        await w.ReportAsync(Enterprises, 2026, 50);
        var round = await w.FreezeAsync(RoundKinds.Midterm, 2026, BeautifulCity);
        Assert.Equal(0.7, round.ObjectiveWeight);

        var request = new AssessmentRequest("target", Enterprises, 60, "企业绩效分级工作已全面铺开，但A级企业培育偏慢。");
        Assert.Equal(HttpStatusCode.Forbidden, (await w.Admin.PostAsJsonAsync($"/api/evaluation/rounds/{round.Id}/assessments", request, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await w.Evaluator.PostAsJsonAsync($"/api/evaluation/rounds/{round.Id}/assessments", request, Ct)).StatusCode);
        // The same evaluator revises rather than adds.
        Assert.Equal(HttpStatusCode.OK, (await w.Evaluator.PostAsJsonAsync($"/api/evaluation/rounds/{round.Id}/assessments", request with { Score = 40 }, Ct)).StatusCode);
        var second = await w.App.ClientForAsync(Features.Accounts.Roles.Evaluator);
        Assert.Equal(HttpStatusCode.Created, (await second.PostAsJsonAsync($"/api/evaluation/rounds/{round.Id}/assessments", request with { Score = 80 }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await second.PostAsJsonAsync($"/api/evaluation/rounds/{round.Id}/assessments", request with { SubjectId = "no-such-target" }, Ct)).StatusCode);

        var combined = (await w.Leader.GetFromJsonAsync<CombinedResultDto>($"/api/evaluation/rounds/{round.Id}/combined", Ct))!;
        var subject = combined.Subjects.Single(s => s.SubjectId == Enterprises);
        // O = 0 (off track), S = (40 + 80)/2 = 60, C = 0.7·0 + 0.3·60 = 18.
        Assert.Equal((0d, 60d, 2, 18d), (subject.Objective!.Value, subject.Subjective!.Value, subject.Assessments, subject.Combined!.Value));
        Assert.Equal(60, combined.SubjectiveIndex);
        Assert.Equal(Math.Round(0.7 * combined.ObjectiveIndex!.Value + 0.3 * 60, 4), combined.CompositeIndex);

        Assert.Equal(HttpStatusCode.OK, (await w.Admin.PostAsync($"/api/evaluation/rounds/{round.Id}/close", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await w.Evaluator.PostAsJsonAsync($"/api/evaluation/rounds/{round.Id}/assessments", request, Ct)).StatusCode);
    }
}
