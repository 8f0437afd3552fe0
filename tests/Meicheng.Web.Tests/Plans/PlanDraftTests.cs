using System.Text;
using Meicheng.Core.Plans;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Plans;
using Meicheng.Web.Tests.Evaluation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Meicheng.Web.Tests.Evaluation.RoundOperationsTests;

namespace Meicheng.Web.Tests.Plans;

/// <summary>A plan nobody here encoded, imported from its document: reviewed item by item, published, and reported against.</summary>
public sealed class PlanDraftTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A short plan in the genre, for a city whose plans Meicheng does not hold.</summary>
    public const string PlanText = """
        海滨市美丽城市建设实施方案
        （2025—2027年）

        一、总体要求
        坚持生态优先、绿色发展，全面推进美丽海滨建设。
        二、工作目标
        到2027年，细颗粒物（PM2.5）年均浓度控制在22微克/立方米以下，空气质量优良天数比例达到90%以上，城市生活污水集中收集率达到75%以上。
        三、重点任务
        （一）持续改善空气质量
        1.推进工业污染深度治理。2026年底前完成钢铁行业超低排放改造。到2027年，完成50家企业挥发性有机物深度治理。（牵头单位：市生态环境局；配合单位：市工业和信息化局、海滨市环保产业协会）
        （二）建设美丽河湖
        2.提升污水收集处理能力。新建污水管网200公里，到2027年，城市建成区黑臭水体保持动态清零。（牵头单位：市水务管理局）
        四、保障措施
        （一）加强组织领导。各区（市）建立工作机制，压实属地责任。
        """;

    private static MemoryStream Bytes(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    private static async Task<int> DraftCountAsync(MeichengApp app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<PlanDraft>().CountAsync(Ct);
    }

    [Fact]
    public async Task A_document_is_reviewed_item_by_item_published_once_as_a_plan_and_reported_against()
    {
        await using var w = await EvaluationWorld.CreateAsync(DatabaseProvider.Sqlite);
        await using (var reviewer = RequestAs(w.App, await UserAsync(w.App, Roles.Reviewer)))
            Assert.Equal(OutcomeKind.Forbidden, (await reviewer.ServiceProvider.GetRequiredService<PlanDrafts>().UploadAsync("方案.txt", Bytes(PlanText), 100, Ct)).Kind);
        await using var admin = RequestAs(w.App, await UserAsync(w.App, Roles.Admin));
        var drafts = admin.ServiceProvider.GetRequiredService<PlanDrafts>();

        // Malformed uploads change nothing and say why in Chinese, beside the file field.
        var empty = await drafts.UploadAsync("方案.txt", Bytes(""), 0, Ct);
        Assert.Equal(OutcomeKind.Invalid, empty.Kind);
        Assert.Contains("文件是空的", empty.ErrorFor("file"), StringComparison.Ordinal);
        var broken = await drafts.UploadAsync("方案.docx", new MemoryStream([0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5]), 9, Ct);
        Assert.Contains("无法打开这个 Word 文件", broken.ErrorFor("file"), StringComparison.Ordinal);
        var notText = await drafts.UploadAsync("方案.txt", new MemoryStream([0x00, 0x01, 0x02, 0xFF]), 4, Ct);
        Assert.Contains("无法识别", notText.ErrorFor("file"), StringComparison.Ordinal);
        var json = await drafts.UploadAsync("plan.json", Bytes("{}"), 2, Ct);
        Assert.Contains(".docx", json.ErrorFor("file"), StringComparison.Ordinal);
        Assert.Equal(0, await DraftCountAsync(w.App));

        var uploaded = await drafts.UploadAsync("海滨市美丽城市建设实施方案.txt", Bytes(PlanText), PlanText.Length, Ct);
        Assert.Equal(OutcomeKind.Created, uploaded.Kind);
        var draft = uploaded.Value!;
        Assert.StartsWith("海滨市美丽城市建设实施方案", draft.Meta.Title, StringComparison.Ordinal);
        Assert.Equal((2025, 2027), (draft.Meta.PeriodStart, draft.Meta.PeriodEnd));
        var targets = draft.Items.Where(i => i.Kind == DraftItemKinds.Target).ToList();
        Assert.All(targets, t => Assert.Equal(DraftItemStates.Proposed, t.State));
        // Every candidate's span is where its clause stands in the text, so the page can highlight it in place.
        Assert.All(draft.Items.Where(i => i.Kind is DraftItemKinds.Target or DraftItemKinds.Milestone),
            i => Assert.Equal(i.Clause, draft.SourceText.Substring(i.Start, i.Length)));
        var pm25 = targets.Single(t => t.Title.Contains("PM2.5", StringComparison.Ordinal));
        Assert.Equal(("22", "微克/立方米", "<=", 2027), (pm25.ValueText, pm25.Unit, pm25.Comparator, pm25.Year));
        var goodDays = targets.Single(t => t.Title.Contains("优良天数", StringComparison.Ordinal));
        var sewage = targets.Single(t => t.Title.Contains("污水集中收集率", StringComparison.Ordinal));
        var enterprises = targets.FirstOrDefault(t => t.Unit == "家") ?? targets.First(t => t.Id != pm25.Id && t.Id != goodDays.Id && t.Id != sewage.Id);

        Assert.Equal(DraftItemStates.Accepted, (await drafts.DecideAsync(draft.Id, pm25.Id, new DraftDecisionRequest("accept"), Ct)).Value!.State);
        Assert.Equal(DraftItemStates.Accepted, (await drafts.DecideAsync(draft.Id, enterprises.Id, new DraftDecisionRequest("accept"), Ct)).Value!.State);
        Assert.Equal(DraftItemStates.Rejected, (await drafts.DecideAsync(draft.Id, goodDays.Id, new DraftDecisionRequest("reject"), Ct)).Value!.State);

        // An edit is checked field by field and keeps nothing half-done; a good one marks the item edited.
        var badEdit = await drafts.EditAsync(draft.Id, sewage.Id, new DraftItemEditRequest(sewage.Title, "七十五", "%", ">=", "27", "share", null, "不在原文里的话", null), Ct);
        Assert.Equal(OutcomeKind.Invalid, badEdit.Kind);
        Assert.NotNull(badEdit.ErrorFor("value"));
        Assert.NotNull(badEdit.ErrorFor("year"));
        Assert.NotNull(badEdit.ErrorFor("clause"));
        var edited = await drafts.EditAsync(draft.Id, sewage.Id,
            new DraftItemEditRequest("城市生活污水集中收集率", "75", "%", ">=", "2027", "share", "城市建成区", sewage.Clause, null), Ct);
        Assert.Equal((DraftItemStates.Edited, "城市建成区"), (edited.Value!.State, edited.Value.Scope));

        // Added by selecting text: the clause and its offsets, as the page's script posts them.
        const string missed = "新建污水管网200公里";
        var at = draft.SourceText.IndexOf(missed, StringComparison.Ordinal);
        var badAdd = await drafts.AddAsync(draft.Id, new DraftAddRequest("target", "源文件里没有的句子", null, null, "管网", "1", "公里", ">=", null, "cumulative", null), Ct);
        Assert.NotNull(badAdd.ErrorFor("clause"));
        var added = await drafts.AddAsync(draft.Id, new DraftAddRequest("target", missed, at, missed.Length, "新建污水管网长度", "200", "公里", ">=", null, "cumulative", null), Ct);
        Assert.Equal(OutcomeKind.Created, added.Kind);
        Assert.Equal((DraftItemStates.Added, at, 2, 2027), (added.Value!.State, added.Value.Start, added.Value.TaskNumber, added.Value.Year));

        // Owners by name from the registry; a name the registry lacks is published once accepted as new.
        var task1 = draft.Items.Single(i => i.Kind == DraftItemKinds.Task && i.Number == 1);
        var owners = await drafts.SetOwnersAsync(draft.Id, task1.Id, new DraftOwnersRequest("市生态环境局", null, "市工业和信息化局、海滨市环保产业协会", false), Ct);
        Assert.Equal(["qd-ecology-environment", "qd-industry-it", null], owners.Value!.Owners.Select(o => o.DepartmentId));
        var meta = await drafts.UpdateMetaAsync(draft.Id, new DraftMetaRequest(draft.Meta.Title, "海滨市人民政府", null, "2025-03-01", "haibin-beautiful-city-2025-2027",
            "hb", draft.Meta.City, "2025", "2027", "2027", "final", null, null), Ct);
        Assert.True(meta.Succeeded, string.Join("；", meta.Errors.SelectMany(e => e.Value)));

        var refused = await drafts.PublishAsync(draft.Id, Ct);
        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Contains(refused.Errors["publish"], e => e.Contains("海滨市环保产业协会", StringComparison.Ordinal));
        await drafts.SetOwnersAsync(draft.Id, task1.Id, new DraftOwnersRequest("市生态环境局", null, "市工业和信息化局、海滨市环保产业协会", true), Ct);

        // The draft's JSON can be downloaded at any time, and the plan-file rules accept it.
        var planJson = (await drafts.PlanJsonAsync(draft.Id, Ct)).Value!;
        Assert.Contains("\"schema\": \"meicheng.plan/1\"", planJson, StringComparison.Ordinal);

        var published = await drafts.PublishAsync(draft.Id, Ct);
        Assert.True(published.Succeeded, string.Join("；", published.Errors.SelectMany(e => e.Value)) + published.Message);
        Assert.Equal(OutcomeKind.Created, published.Kind);
        Assert.Equal(("haibin-beautiful-city-2025-2027", 1, "/plans/haibin-beautiful-city-2025-2027"), (published.Value!.PlanId, published.Value.Version, published.Value.Next));
        var again = await drafts.PublishAsync(draft.Id, Ct);
        Assert.Equal((OutcomeKind.Ok, published.Value), (again.Kind, again.Value));
        Assert.Equal(OutcomeKind.Conflict, (await drafts.DecideAsync(draft.Id, goodDays.Id, new DraftDecisionRequest("accept"), Ct)).Kind);

        using (var scope = w.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var plan = await db.Plans.AsNoTracking().SingleAsync(p => p.Id == "haibin-beautiful-city-2025-2027", Ct);
            Assert.Equal((PlanStatus.InForce, "海滨市人民政府"), (plan.Status, plan.Issuer));
            var rows = await db.Targets.AsNoTracking().Where(t => t.PlanId == plan.Id).OrderBy(t => t.SortOrder).ToListAsync(Ct);
            Assert.Equal(4, rows.Count);
            Assert.DoesNotContain(rows, t => t.Clause.Contains("优良天数", StringComparison.Ordinal) && t.Unit == "%" && t.Value == 90);
            Assert.Contains(rows, t => t is { Value: 200, Unit: "公里", TaskNumber: 2 });
            Assert.Contains(rows, t => t is { Value: 75, ScopeText: "城市建成区" });
            var version = await db.PlanVersions.AsNoTracking().SingleAsync(v => v.PlanId == plan.Id, Ct);
            Assert.Equal((1, PlanVersionOrigins.Upload, PlanVersionStates.Current, "final"), (version.Number, version.Origin, version.State, version.Status));
            Assert.Single(await db.PlanImports.AsNoTracking().Where(i => i.PlanId == plan.Id).ToListAsync(Ct));
            Assert.True(await db.Departments.AnyAsync(d => d.Name == "海滨市环保产业协会", Ct));
            Assert.Equal(3, await db.Responsibilities.CountAsync(r => r.TaskId == "hb-task-1", Ct));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "plan.import.publish" && a.EntityId == draft.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Ct));
        }

        // Reporting works against an imported target as against a file plan's.
        var target = (await w.TargetAsync("hb-t1"));
        var observation = await w.ReportAsync(target.Id, 2026, 24m);
        Assert.Equal((target.Id, 24m), (observation.TargetId, observation.Value));

        // The same document again, published as a new version of that plan: a pending version whose diff the office maps.
        var second = (await drafts.UploadAsync("海滨市美丽城市建设实施方案（修订稿）.txt", Bytes(PlanText.Replace("22微克", "21微克", StringComparison.Ordinal)), PlanText.Length, Ct)).Value!;
        await drafts.UpdateMetaAsync(second.Id, new DraftMetaRequest(second.Meta.Title, null, null, null, second.Meta.PlanId, second.Meta.Code, second.Meta.City,
            "2025", "2027", "2027", "final", "haibin-beautiful-city-2025-2027", "修订稿"), Ct);
        await drafts.AcceptRemainingAsync(second.Id, Ct);
        var revised = second.Items.Single(i => i.Kind == DraftItemKinds.Task && i.Number == 1);
        await drafts.SetOwnersAsync(second.Id, revised.Id, new DraftOwnersRequest("市生态环境局", null, null, false), Ct);
        var asVersion = await drafts.PublishAsync(second.Id, Ct);
        Assert.True(asVersion.Succeeded, string.Join("；", asVersion.Errors.SelectMany(e => e.Value)) + asVersion.Message);
        Assert.Equal((true, 2, "/admin/plans/haibin-beautiful-city-2025-2027/versions/2/mapping"), (asVersion.Value!.NewVersion, asVersion.Value.Version, asVersion.Value.Next));
        var diff = await admin.ServiceProvider.GetRequiredService<PlanVersionOperations>().DiffAsync("haibin-beautiful-city-2025-2027", 2, Ct);
        var pm25Pair = diff.Value!.Pairs.Single(p => p.OldKey == target.Id);
        Assert.Contains(pm25Pair.Changes, c => c.Field == "value");
    }
}
