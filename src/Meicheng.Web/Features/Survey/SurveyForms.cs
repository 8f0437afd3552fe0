using System.Security.Claims;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Meicheng.Web.Features.Survey;

/// <summary>The admin survey pages' forms (static SSR, antiforgery-checked, cookie sign-in), running the same code as the admin API.</summary>
internal static class SurveyForms
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/admin/surveys/forms").ExcludeFromDescription().RequireAuthorization(Policies.AdminPages);
        forms.MapPost("/create", Create);
        forms.MapPost("/{id:int}/settings", Settings);
        forms.MapPost("/{id:int}/questions", AddQuestion);
        forms.MapPost("/{id:int}/questions/{questionId:int}/remove", RemoveQuestion);
        forms.MapPost("/{id:int}/publish", Publish);
        forms.MapPost("/{id:int}/close", Close);
        forms.MapPost("/{id:int}/indicator", WriteIndicator);
    }

    private static RedirectHttpResult Back(string path, string key, string text) => TypedResults.LocalRedirect($"{path}?{key}={Uri.EscapeDataString(text)}");

    private static string Page(int id) => $"/admin/surveys/{id}";

    private static RedirectHttpResult After(StepResult<Survey> step, string path, string done) => step.Outcome switch
    {
        Outcome.NotFound => Back("/admin/surveys", "error", "问卷不存在"),
        Outcome.Invalid => Back(path, "error", string.Join("；", step.Errors!.SelectMany(e => e.Value))),
        Outcome.Conflict => Back(path, "error", step.Message ?? "冲突"),
        _ => Back(path, "msg", done),
    };

    private static SurveyRequest Request(string title, string? titleEn, string? intro, string? introEn, string targetId, DateOnly opensOn, DateOnly closesOn,
        string method, string? methodEn, bool? liveResults) => new(title, titleEn, intro, introEn, targetId, opensOn, closesOn, method, methodEn, liveResults == true);

    private static async Task<RedirectHttpResult> Create(
        [FromForm] string title, [FromForm] string? titleEn, [FromForm] string? intro, [FromForm] string? introEn, [FromForm] string targetId,
        [FromForm] DateOnly opensOn, [FromForm] DateOnly closesOn, [FromForm] string method, [FromForm] string? methodEn, [FromForm] bool? liveResults,
        ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var step = await SurveyAdmin.CreateAsync(db, await SurveyApi.ActorAsync(principal, db, ct),
            Request(title, titleEn, intro, introEn, targetId, opensOn, closesOn, method, methodEn, liveResults), clock.GetUtcNow(), ct);
        return step.Outcome == Outcome.Created ? Back(Page(step.Row!.Id), "msg", "问卷已创建，请添加题目") : After(step, "/admin/surveys", "");
    }

    private static async Task<RedirectHttpResult> Settings(int id,
        [FromForm] string title, [FromForm] string? titleEn, [FromForm] string? intro, [FromForm] string? introEn, [FromForm] string targetId,
        [FromForm] DateOnly opensOn, [FromForm] DateOnly closesOn, [FromForm] string method, [FromForm] string? methodEn, [FromForm] bool? liveResults,
        ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
        After(await SurveyAdmin.UpdateAsync(db, await SurveyApi.ActorAsync(principal, db, ct), id,
            Request(title, titleEn, intro, introEn, targetId, opensOn, closesOn, method, methodEn, liveResults), clock.GetUtcNow(), ct), Page(id), "设置已保存");

    /// <summary>Options one per line, "中文 | English"; a leading * marks an option counted as satisfied.</summary>
    internal static List<OptionRequest> ParseOptions(string? lines) =>
        (lines ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var satisfied = line.StartsWith('*');
            var parts = line.TrimStart('*').Split('|', 2, StringSplitOptions.TrimEntries);
            return new OptionRequest(parts[0], parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null, satisfied);
        }).ToList();

    private static async Task<RedirectHttpResult> AddQuestion(int id,
        [FromForm] string kind, [FromForm] string text, [FromForm] string? textEn, [FromForm] bool? required, [FromForm] string? options,
        [FromForm] int? scaleMin, [FromForm] int? scaleMax, [FromForm] string? minLabel, [FromForm] string? minLabelEn, [FromForm] string? maxLabel,
        [FromForm] string? maxLabelEn, [FromForm] bool? measuresSatisfaction, [FromForm] int? satisfiedFrom,
        ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var request = new QuestionRequest(kind, text, textEn, required == true, ParseOptions(options), scaleMin, scaleMax, minLabel, minLabelEn, maxLabel, maxLabelEn,
            measuresSatisfaction == true, satisfiedFrom);
        return After(await SurveyAdmin.AddQuestionAsync(db, await SurveyApi.ActorAsync(principal, db, ct), id, request, clock.GetUtcNow(), ct), Page(id), "题目已添加");
    }

    private static async Task<RedirectHttpResult> RemoveQuestion(int id, int questionId, ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
        After(await SurveyAdmin.RemoveQuestionAsync(db, await SurveyApi.ActorAsync(principal, db, ct), id, questionId, clock.GetUtcNow(), ct), Page(id), "题目已删除");

    private static async Task<RedirectHttpResult> Publish(int id, [FromForm] DateOnly? opensOn, [FromForm] DateOnly? closesOn,
        ClaimsPrincipal principal, HttpContext http, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
        After(await SurveyApi.Public(http, SurveyAdmin.PublishAsync(db, await SurveyApi.ActorAsync(principal, db, ct), id, new PublishRequest(opensOn, closesOn), clock.GetUtcNow(), ct), ct),
            Page(id), "问卷已发布，公众可在开放期内作答");

    private static async Task<RedirectHttpResult> Close(int id, ClaimsPrincipal principal, HttpContext http, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
        After(await SurveyApi.Public(http, SurveyAdmin.CloseAsync(db, await SurveyApi.ActorAsync(principal, db, ct), id, clock.GetUtcNow(), ct), ct), Page(id), "问卷已结束，回答已冻结");

    private static async Task<RedirectHttpResult> WriteIndicator(int id, ClaimsPrincipal principal, HttpContext http, AppDbContext db, IOptions<ReportingOptions> reporting,
        TimeProvider clock, CancellationToken ct)
    {
        var results = $"/admin/surveys/{id}/results";
        var written = await SurveyApi.WriteIndicatorAsync(id, principal, http, db, reporting, clock, ct);
        return written?.Outcome switch
        {
            null => Back("/admin/surveys", "error", "问卷不存在"),
            "created" => Back(results, "msg", $"已写入 {written.TargetId} 的 {written.Year} 年观测值 {written.Value:0.##}%（第 {written.Revision} 版，已报送待审核）"),
            "unchanged" => Back(results, "msg", $"{written.Message}（观测值 {written.Value:0.##}%，第 {written.Revision} 版）"),
            _ => Back(results, "error", written.Message ?? "无法写入"),
        };
    }
}
