using Meicheng.Web.Common;
using System.Globalization;
using System.Security.Claims;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Reporting;

/// <summary>
/// The HTML forms of the static server-rendered pages post here (antiforgery-checked, cookie sign-in only) and are
/// redirected back with a message: the same workflow as the API, for people in a browser.
/// </summary>
internal static class ReportingForms
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/reporting/forms").ExcludeFromDescription();
        forms.MapPost("/observation", SaveObservation).RequireAuthorization(Policies.ReporterPages);
        forms.MapPost("/progress", SaveProgress).RequireAuthorization(Policies.ReporterPages);
        forms.MapPost("/review", Review).RequireAuthorization(Policies.ReviewPages);
        forms.MapPost("/reminders", SendReminders).RequireAuthorization(Policies.AdminPages);
        forms.MapPost("/reopen", Reopen).RequireAuthorization(Policies.AdminPages);
    }

    private static string Back(string path, string key, string text) => $"{path}{(path.Contains('?') ? '&' : '?')}{key}={Uri.EscapeDataString(text)}";

    private static async Task<RedirectHttpResult> SaveObservation(
        [FromForm] string period, [FromForm] string targetId, [FromForm] string? regionCode, [FromForm] string value, [FromForm] string unit,
        [FromForm] string? dataSource, [FromForm] string? basis, IFormFile? evidence,
        ClaimsPrincipal principal, AppDbContext db, EvidenceStore store, TimeProvider clock, CancellationToken ct)
    {
        var back = $"/reporting?period={Uri.EscapeDataString(period)}";
        var actor = (await Actor.LoadAsync(principal, db, ct))!;
        if (!decimal.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            return TypedResults.LocalRedirect(Back(back, "error", $"“{value}”不是数字"));
        var indicator = await db.Targets.Where(t => t.Id == targetId).Select(t => t.IndicatorId).SingleOrDefaultAsync(ct);
        var periodId = await db.ReportingPeriods.Where(p => p.Key == period && p.IndicatorId == indicator).Select(p => (int?)p.Id).SingleOrDefaultAsync(ct);
        if (periodId is null)
            return TypedResults.LocalRedirect(Back(back, "error", "该指标没有这一填报期"));
        var now = clock.GetUtcNow();
        var saved = await Workflow.SaveObservationAsync(db, actor,
            new ObservationRequest(targetId, periodId.Value, regionCode, number, unit, dataSource, basis, Submit: true, null, null, null), now, ct);
        var problem = saved.Outcome switch
        {
            Outcome.Invalid => string.Join("；", saved.Errors!.SelectMany(e => e.Value)),
            Outcome.Forbidden => "无权填报该目标或区域",
            Outcome.Conflict => saved.Message,
            _ => null,
        };
        if (problem is not null)
            return TypedResults.LocalRedirect(Back(back, "error", problem));
        if (evidence is { Length: > 0 })
        {
            var attached = await ReportingApi.AttachAsync(db, store, actor, saved.Row!, evidence, now, ct);
            if (attached.Result is ValidationProblem v)
                return TypedResults.LocalRedirect(Back(back, "error", "数值已报送，但佐证材料未保存：" + string.Join("；", v.ProblemDetails.Errors.SelectMany(e => e.Value))));
            if (attached.Result is Conflict<ProblemDetails> c)
                return TypedResults.LocalRedirect(Back(back, "error", "数值已报送，但佐证材料未保存：" + c.Value?.Detail));
        }
        var text = saved.Outcome == Outcome.Unchanged ? "数值与已报送的相同，未作更改" : $"已报送：{targetId} = {number.ToString(CultureInfo.InvariantCulture)} {unit}";
        return TypedResults.LocalRedirect(Back(back, "msg", text));
    }

    private static async Task<RedirectHttpResult> SaveProgress(
        [FromForm] string period, [FromForm] string milestoneId, [FromForm] string? regionCode, [FromForm] string state, [FromForm] string narrative,
        IFormFile? evidence, ClaimsPrincipal principal, AppDbContext db, EvidenceStore store, TimeProvider clock, CancellationToken ct)
    {
        var back = $"/reporting?period={Uri.EscapeDataString(period)}";
        var actor = (await Actor.LoadAsync(principal, db, ct))!;
        var periodId = await db.ReportingPeriods.Where(p => p.Key == period && p.IndicatorId == null).Select(p => (int?)p.Id).SingleOrDefaultAsync(ct);
        if (periodId is null)
            return TypedResults.LocalRedirect(Back(back, "error", "这一期没有进展填报"));
        var now = clock.GetUtcNow();
        var saved = await Workflow.SaveProgressAsync(db, actor,
            new ProgressRequest(milestoneId, null, periodId.Value, regionCode, state, narrative, Submit: true, null, null, null), now, ct);
        var problem = saved.Outcome switch
        {
            Outcome.Invalid => string.Join("；", saved.Errors!.SelectMany(e => e.Value)),
            Outcome.Forbidden => "无权填报该里程碑或区域",
            Outcome.Conflict => saved.Message,
            _ => null,
        };
        if (problem is not null)
            return TypedResults.LocalRedirect(Back(back, "error", problem));
        if (evidence is { Length: > 0 } && (await ReportingApi.AttachAsync(db, store, actor, saved.Row!, evidence, now, ct)).Result is ValidationProblem v)
            return TypedResults.LocalRedirect(Back(back, "error", "进展已报送，但佐证材料未保存：" + string.Join("；", v.ProblemDetails.Errors.SelectMany(e => e.Value))));
        return TypedResults.LocalRedirect(Back(back, "msg", saved.Outcome == Outcome.Unchanged ? "进展与已报送的相同，未作更改" : $"已报送进展：{ProgressState.Chinese(state)}"));
    }

    private static async Task<RedirectHttpResult> Review(
        [FromForm] int id, [FromForm] string? kind, [FromForm] Guid version, [FromForm] string decision, [FromForm] string? comment,
        ClaimsPrincipal principal, AppDbContext db, IOutputCacheStore showcase, TimeProvider clock, CancellationToken ct)
    {
        const string back = "/reporting/review";
        var actor = (await Actor.LoadAsync(principal, db, ct))!;
        if (decision is not ("approve" or "return"))
            return TypedResults.LocalRedirect(Back(back, "error", "未知的审核操作"));
        Report? row = kind == "progress" ? await db.MilestoneProgress.FindAsync([id], ct) : await db.Observations.FindAsync([id], ct);
        if (row is null)
            return TypedResults.LocalRedirect(Back(back, "error", "报告不存在"));
        var request = new TransitionRequest(version, string.IsNullOrWhiteSpace(comment) ? null : comment);
        var result = row is Observation o
            ? (await Workflow.TransitAsync(db, actor, o, decision, request, showcase, clock.GetUtcNow(), ct)) is var r1 ? (r1.Outcome, r1.Errors, r1.Message) : default
            : (await Workflow.TransitAsync(db, actor, (MilestoneProgress)row, decision, request, showcase, clock.GetUtcNow(), ct)) is var r2 ? (r2.Outcome, r2.Errors, r2.Message) : default;
        return result.Outcome switch
        {
            Outcome.Done => TypedResults.LocalRedirect(Back(back, "msg", decision == "approve" ? $"已审核通过（#{id}）" : $"已退回（#{id}）")),
            Outcome.Invalid => TypedResults.LocalRedirect(Back(back, "error", string.Join("；", result.Errors!.SelectMany(e => e.Value)))),
            _ => TypedResults.LocalRedirect(Back(back, "error", result.Message ?? "操作失败")),
        };
    }

    private static async Task<RedirectHttpResult> Reopen(
        [FromForm] int id, [FromForm] string reason, ClaimsPrincipal principal, AppDbContext db, IOutputCacheStore showcase, TimeProvider clock, CancellationToken ct)
    {
        const string back = "/reporting/review";
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 2)
            return TypedResults.LocalRedirect(Back(back, "error", "重新开放须说明理由"));
        if (await db.Observations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id && o.IsCurrent && o.Locked, ct) is not { } row
            || await db.ReportingPeriods.FindAsync([row.PeriodId], ct) is not { } period)
            return TypedResults.LocalRedirect(Back(back, "error", "该报告未锁定或不存在"));
        var actor = (await Actor.LoadAsync(principal, db, ct))!;
        var count = await Workflow.ReopenAsync(db, actor, period, new ReopenRequest(reason.Trim(), row.TargetId, row.RegionCode), showcase, clock.GetUtcNow(), ct);
        return TypedResults.LocalRedirect(Back(back, "msg", $"已重新开放 {count} 项报告（{row.TargetId}，{period.Key}）"));
    }

    private static async Task<RedirectHttpResult> SendReminders([FromForm] string period, Reminders reminders, CancellationToken ct)
    {
        var sent = await reminders.SendAsync(period, ct);
        return TypedResults.LocalRedirect(Back($"/reporting/missing?period={Uri.EscapeDataString(period)}", "msg",
            $"已生成 {sent.Reminders.Count} 份提醒{(sent.WebhookSent ? "，已推送 Webhook" : "")}{(sent.EmailsSent > 0 ? $"，已发送 {sent.EmailsSent} 封邮件" : "")}"));
    }
}
