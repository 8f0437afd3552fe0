using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Plans;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Tests.Evaluation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meicheng.Web.Tests.Plans;

public sealed class PlanVersionTests
{
    private const string Plan = EvaluationWorld.BeautifulCity;
    private const string Pm25 = EvaluationWorld.Pm25;
    private const string Pm25Final = "bc-goal-pm25-final-2027";
    private const string Removed = "bc-goal-green-factories-2027";
    private const string Added = "bc-goal-hydrogen-stations-2027";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The final text as an office would upload it: PM2.5 reworded with a new id and a new value, one target dropped,
    /// one added, and every task renumbered (+1).
    /// </summary>
    private static string FinalText()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "plans", Plan + ".json")))!.AsObject();
        json["status"] = "in-force";
        var targets = json["targets"]!.AsArray();
        var pm25 = targets.Single(t => (string)t!["id"]! == Pm25)!;
        pm25["id"] = Pm25Final;
        pm25["clause"] = "细颗粒物（PM2.5）年均浓度控制在27微克/立方米以下";
        pm25["value"] = 27;
        targets.Remove(targets.Single(t => (string)t!["id"]! == Removed));
        var added = targets.Single(t => (string)t!["id"]! == "bc-goal-energy-storage-2027")!.DeepClone().AsObject();
        added["id"] = Added;
        added["clause"] = "建成加氢站20座";
        added["value"] = 20;
        added["unit"] = "座";
        added["kind"] = "count";
        targets.Add(added);
        foreach (var area in json["areas"]!.AsArray())
            foreach (var task in area!["tasks"]!.AsArray())
                task!["number"] = (int)task["number"]! + 1;
        foreach (var item in targets.Concat(json["milestones"]!.AsArray()).Concat(json["facts"]!.AsArray()))
        {
            if (item!["task"] is JsonValue t)
                item["task"] = (int)t + 1;
        }
        return json.ToJsonString();
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task After_the_mapping_observations_evidence_and_owners_follow_their_items_and_a_frozen_round_keeps_its_version(DatabaseProvider provider)
    {
        await using var w = await EvaluationWorld.CreateAsync(provider);
        var observation = await w.ReportAsync(Pm25, 2026, 30m, approve: false);
        var file = new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.7 监测报告"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var evidence = await w.Admin.PostAsync($"/api/reporting/observations/{observation.Id}/evidence", new MultipartFormDataContent { { file, "file", "监测报告.pdf" } }, Ct);
        Assert.True(evidence.IsSuccessStatusCode, await evidence.Content.ReadAsStringAsync(Ct));
        var approved = await w.Reviewer.PostAsJsonAsync($"/api/reporting/observations/{observation.Id}/approve", new TransitionRequest(observation.Version, "核实无误"), Ct);
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync(Ct));
        (await w.Admin.PostAsJsonAsync("/api/admin/assignments", new AssignRequest("bc-task-9", "qd-water", "lead", "规划办指定"), Ct)).EnsureSuccessStatusCode();
        var round = await w.FreezeAsync("annual", 2026, Plan);

        var versions = (await w.Admin.GetFromJsonAsync<List<PlanVersionDto>>($"/api/plans/{Plan}/versions", Ct))!;
        var first = Assert.Single(versions);
        Assert.Equal(("征求意见稿", PlanVersionStates.Current, PlanVersionOrigins.File), (first.Label, first.State, first.Origin));

        var forbidden = await w.Reviewer.PostAsJsonAsync($"/api/plans/{Plan}/versions", new UploadVersionRequest("正式稿", "final", FinalText()), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var broken = await w.Admin.PostAsJsonAsync($"/api/plans/{Plan}/versions", new UploadVersionRequest("正式稿", "final", "{\"schema\":\"meicheng.plan/1\"}"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("文件不符合规划格式", await broken.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var uploaded = await w.Admin.PostAsJsonAsync($"/api/plans/{Plan}/versions", new UploadVersionRequest("正式稿", "final", FinalText()), Ct);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var second = (await uploaded.Content.ReadFromJsonAsync<PlanVersionDto>(Ct))!;
        Assert.Equal((2, PlanVersionStates.Pending), (second.Number, second.State));
        // A pending upload changes nothing the site shows, and the public does not see it.
        Assert.Single((await w.App.CreateClient().GetFromJsonAsync<List<PlanVersionDto>>($"/api/plans/{Plan}/versions", Ct))!);

        var diff = (await w.Admin.GetFromJsonAsync<VersionDiffDto>($"/api/plans/{Plan}/versions/2/diff", Ct))!;
        Assert.Equal([Added], diff.Added.Select(a => a.Key));
        Assert.Equal([Removed], diff.Removed.Select(r => r.Key));
        var pm25 = diff.Pairs.Single(p => p.OldKey == Pm25);
        Assert.Equal((Pm25Final, "similar-text"), (pm25.NewKey, pm25.Reason));
        Assert.Equal(["目标值", "原文"], pm25.Changes.Select(c => c.FieldName));
        Assert.Contains(diff.Pairs, p => p is { Kind: "task", OldKey: "9", NewKey: "10" });

        var adopted = await w.Admin.PostAsJsonAsync($"/api/plans/{Plan}/versions/2/adopt", new AdoptVersionRequest(null), Ct);
        Assert.True(adopted.IsSuccessStatusCode, await adopted.Content.ReadAsStringAsync(Ct));
        var result = (await adopted.Content.ReadFromJsonAsync<AdoptResultDto>(Ct))!;
        Assert.Equal((1, 1, 1), (result.ObservationsMoved, result.EvidenceFollowing, result.AssignmentsMoved));
        Assert.Equal(PlanVersionStates.Current, result.Version.State);

        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var moved = await db.Observations.AsNoTracking().SingleAsync(o => o.Id == observation.Id, Ct);
        Assert.Equal((Pm25Final, observation.Revision, 30m), (moved.TargetId, moved.Revision, moved.Value));
        Assert.Equal(observation.Id, (await db.Evidence.AsNoTracking().SingleAsync(Ct)).ObservationId);
        Assert.True((await db.Targets.AsNoTracking().SingleAsync(t => t.Id == Pm25, Ct)).Retired);
        Assert.True((await db.Targets.AsNoTracking().SingleAsync(t => t.Id == Removed, Ct)).Retired);
        Assert.Equal(27m, (await db.Targets.AsNoTracking().SingleAsync(t => t.Id == Pm25Final, Ct)).Value);
        Assert.True(await db.Responsibilities.AnyAsync(r => r.TaskId == "bc-task-10" && r.DepartmentId == "qd-water" && r.Source == "assigned", Ct));
        Assert.False(await db.Responsibilities.AnyAsync(r => r.TaskId == "bc-task-9" && r.DepartmentId == "qd-water", Ct));
        Assert.Equal([first.Id], (await db.EvaluationRounds.AsNoTracking().SingleAsync(r => r.Id == round.Id, Ct)).PlanVersionIds);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "plan.version.adopt" && a.EntityId == Plan, Ct));
        // The draft stays readable, and the start-up import no longer puts the file's draft back.
        var draft = await w.App.CreateClient().GetStringAsync($"/api/plans/{Plan}/versions/1/document", Ct);
        Assert.Contains(Removed, draft, StringComparison.Ordinal);
        await w.App.Services.ImportPlansAsync(Ct);
        Assert.True((await db.Targets.AsNoTracking().SingleAsync(t => t.Id == Pm25, Ct)).Retired);
        var again = await w.Admin.PostAsJsonAsync($"/api/plans/{Plan}/versions/2/adopt", new AdoptVersionRequest(null), Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_target_corrected_in_place_is_checked_by_the_plan_rules_audited_per_field_and_moves_the_data_stamp()
    {
        await using var w = await EvaluationWorld.CreateAsync(DatabaseProvider.Sqlite);
        long Stamp()
        {
            using var scope = w.App.Services.CreateScope();
            return scope.ServiceProvider.GetRequiredService<AppDbContext>().DataVersions.AsNoTracking().Single().Stamp;
        }
        var before = Stamp();

        var noReason = await w.Admin.PatchAsJsonAsync($"/api/targets/{Pm25}", new EditTargetRequest(27m, null, null, null, null, null, null, null), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("理由", await noReason.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var badYear = await w.Admin.PatchAsJsonAsync($"/api/targets/{Pm25}", new EditTargetRequest(null, 3027, null, null, null, null, null, "年份更正"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badYear.StatusCode);
        var badRegion = await w.Admin.PatchAsJsonAsync($"/api/targets/{Pm25}", new EditTargetRequest(null, null, null, "district", ["999999"], null, null, "范围更正"), Ct);
        Assert.Contains("scopeRegions", await badRegion.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await w.Reviewer.PatchAsJsonAsync($"/api/targets/{Pm25}", new EditTargetRequest(27m, null, null, null, null, null, null, "核对原文"), Ct)).StatusCode);
        Assert.Equal(before, Stamp());

        var ok = await w.Admin.PatchAsJsonAsync($"/api/targets/{Pm25}", new EditTargetRequest(27m, null, "<", null, null, null, null, "核对正式稿原文"), Ct);
        Assert.True(ok.IsSuccessStatusCode, await ok.Content.ReadAsStringAsync(Ct));
        var edit = (await ok.Content.ReadFromJsonAsync<ItemEditDto>(Ct))!;
        Assert.Equal([("value", "28", "27"), ("comparator", "<=", "<")], edit.Changes.Select(c => (c.Field, c.Old, c.New)));
        Assert.Equal(PlanVersionOrigins.Edited, edit.Version.Origin);
        Assert.NotEqual(before, Stamp());

        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var audit = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "plan.target.edit", Ct);
        Assert.Equal((Pm25, "核对正式稿原文"), (audit.EntityId, audit.Reason));
        Assert.Contains("\"value\":\"28\"", audit.OldValue, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"27\"", audit.NewValue, StringComparison.Ordinal);
        // The correction survives a restart: the file's value does not come back.
        await w.App.Services.ImportPlansAsync(Ct);
        Assert.Equal((27m, Meicheng.Core.Plans.Comparator.LessThan), await db.Targets.AsNoTracking().Where(t => t.Id == Pm25).Select(t => ValueTuple.Create(t.Value, t.Comparator)).SingleAsync(Ct));

        var milestone = await db.Milestones.AsNoTracking().Where(m => m.PlanId == Plan).OrderBy(m => m.SortOrder).FirstAsync(Ct);
        var moved = await w.Admin.PatchAsJsonAsync($"/api/milestones/{milestone.Id}", new EditMilestoneRequest(null, milestone.Year + 1, null, null, null, null, "时限推迟"), Ct);
        Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync(Ct));
        Assert.Equal(milestone.Year + 1, (await db.Milestones.AsNoTracking().SingleAsync(m => m.Id == milestone.Id, Ct)).Year);
    }
}
