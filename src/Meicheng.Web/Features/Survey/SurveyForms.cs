using Meicheng.Web.Common;
using Meicheng.Web.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

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

    private static RedirectHttpResult After(Outcome<Survey> step, string path, string done) => step.Kind switch
    {
        OutcomeKind.NotFound => Back("/admin/surveys", "error", SurveyAdmin.NotFound),
        OutcomeKind.Invalid => Back(path, "error", string.Join("；", step.Errors.SelectMany(e => e.Value))),
        OutcomeKind.Conflict => Back(path, "error", step.Message ?? "冲突"),
        _ => Back(path, "msg", done),
    };

    private static SurveyRequest Request(string title, string? titleEn, string? intro, string? introEn, string targetId, DateOnly opensOn, DateOnly closesOn,
        string method, string? methodEn, bool? liveResults) => new(title, titleEn, intro, introEn, targetId, opensOn, closesOn, method, methodEn, liveResults == true);

    private static async Task<RedirectHttpResult> Create(
        [FromForm] string title, [FromForm] string? titleEn, [FromForm] string? intro, [FromForm] string? introEn, [FromForm] string targetId,
        [FromForm] DateOnly opensOn, [FromForm] DateOnly closesOn, [FromForm] string method, [FromForm] string? methodEn, [FromForm] bool? liveResults,
        Surveys surveys, CancellationToken ct)
    {
        var step = await surveys.CreateAsync(Request(title, titleEn, intro, introEn, targetId, opensOn, closesOn, method, methodEn, liveResults), ct);
        return step.Kind == OutcomeKind.Created ? Back(Page(step.Value!.Id), "msg", "问卷已创建，请添加题目") : After(step, "/admin/surveys", "");
    }

    private static async Task<RedirectHttpResult> Settings(int id,
        [FromForm] string title, [FromForm] string? titleEn, [FromForm] string? intro, [FromForm] string? introEn, [FromForm] string targetId,
        [FromForm] DateOnly opensOn, [FromForm] DateOnly closesOn, [FromForm] string method, [FromForm] string? methodEn, [FromForm] bool? liveResults,
        Surveys surveys, CancellationToken ct) =>
        After(await surveys.UpdateAsync(id, Request(title, titleEn, intro, introEn, targetId, opensOn, closesOn, method, methodEn, liveResults), ct), Page(id), "设置已保存");

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
        Surveys surveys, CancellationToken ct)
    {
        var request = new QuestionRequest(kind, text, textEn, required == true, ParseOptions(options), scaleMin, scaleMax, minLabel, minLabelEn, maxLabel, maxLabelEn,
            measuresSatisfaction == true, satisfiedFrom);
        return After(await surveys.AddQuestionAsync(id, request, ct), Page(id), "题目已添加");
    }

    private static async Task<RedirectHttpResult> RemoveQuestion(int id, int questionId, Surveys surveys, CancellationToken ct) =>
        After(await surveys.RemoveQuestionAsync(id, questionId, ct), Page(id), "题目已删除");

    private static async Task<RedirectHttpResult> Publish(int id, [FromForm] DateOnly? opensOn, [FromForm] DateOnly? closesOn,
        Surveys surveys, CancellationToken ct) =>
        After(await surveys.PublishAsync(id, new PublishRequest(opensOn, closesOn), ct),
            Page(id), "问卷已发布，公众可在开放期内作答");

    private static async Task<RedirectHttpResult> Close(int id, Surveys surveys, CancellationToken ct) =>
        After(await surveys.CloseAsync(id, ct), Page(id), "问卷已结束，回答已冻结");

    private static async Task<RedirectHttpResult> WriteIndicator(int id, Surveys surveys, CancellationToken ct)
    {
        var results = $"/admin/surveys/{id}/results";
        var written = await surveys.WriteIndicatorAsync(id, ct);
        var w = written.Value;
        return written.Kind switch
        {
            OutcomeKind.NotFound => Back("/admin/surveys", "error", SurveyAdmin.NotFound),
            OutcomeKind.Created => Back(results, "msg", $"已写入 {w!.TargetId} 的 {w.Year} 年观测值 {w.Value:0.##}%（第 {w.Revision} 版，已报送待审核）"),
            OutcomeKind.Ok => Back(results, "msg", $"{w!.Message}（观测值 {w.Value:0.##}%，第 {w.Revision} 版）"),
            OutcomeKind.Invalid => Back(results, "error", written.ErrorFor("survey") ?? "无法写入"),
            _ => Back(results, "error", written.Message ?? "无法写入"),
        };
    }
}
