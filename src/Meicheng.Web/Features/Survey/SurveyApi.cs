using Meicheng.Web.Common;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Meicheng.Web.Components;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Survey.Pages;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;


namespace Meicheng.Web.Features.Survey;

public static class SurveyApi
{
    public static IServiceCollection AddSurvey(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SurveyOptions>(configuration.GetSection("Survey"));
        services.AddScoped<Surveys>();
        services.AddRateLimiter(o => o.AddPolicy<string, AnswerRateLimit>(SurveyAnswers.RateLimitPolicy));
        return services;
    }

    public static IEndpointRouteBuilder MapSurvey(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/surveys").WithTags("Survey").RequireAuthorization(Policies.Admin);
        admin.MapGet("/", List).WithSummary("Every survey, newest first, with its questions and number of responses");
        admin.MapPost("/", Create).WithSummary("Create a draft survey feeding a target of a % indicator (dates are Asia/Shanghai calendar days)");
        admin.MapGet("/{id:int}", Get).WithSummary("One survey with its questions");
        admin.MapPut("/{id:int}", Update).WithSummary("Change a draft's settings (a published survey: end date, live results and English texts only)");
        admin.MapPost("/{id:int}/questions", AddQuestion).WithSummary("Add a question (single | scale | text) to a draft; a published survey's questions cannot be changed");
        admin.MapDelete("/{id:int}/questions/{questionId:int}", RemoveQuestion).WithSummary("Remove a question from a draft");
        admin.MapPost("/{id:int}/publish", Publish).WithSummary("Publish for a period: the public may answer from the first to the last day (Asia/Shanghai)");
        admin.MapPost("/{id:int}/close", Close).WithSummary("Close: no more answers, the responses are frozen");
        admin.MapGet("/{id:int}/results", AdminResults).WithSummary("Per-question aggregates with the text answers, and the satisfaction share with n and its 95% Wilson interval");
        admin.MapPost("/{id:int}/indicator", WriteIndicator)
            .WithSummary("Write the satisfaction share of a closed survey to its target (Source survey, submitted for review); the same numbers again change nothing");

        var open = app.MapGroup("/api/public/surveys").WithTags("Survey").AllowAnonymous();
        open.MapGet("/", PublicList).WithSummary("Published and closed surveys; the number of responses where the results are public");
        open.MapGet("/{id:int}/results", PublicResults).WithSummary("Public aggregates (after close, or live if allowed): n, satisfaction share, 95% Wilson interval, method; no text answers");

        // The public form posts here (antiforgery-checked, rate-limited per client IP); an error re-renders the form with the answers kept.
        foreach (var prefix in new[] { "", Lang.EnglishPrefix })
        {
            app.MapPost(prefix + "/survey/{id:int}/answer", RuntimeBound.Handler(Answer)).AllowAnonymous().ExcludeFromDescription().RequireRateLimiting(SurveyAnswers.RateLimitPolicy);
        }
        return app;
    }

    private static async Task<Ok<List<SurveyDto>>> List(AppDbContext db, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await SurveyAdmin.ListAsync(db, clock.GetUtcNow(), ct));

    private static async Task<Results<Created<SurveyDto>, Ok<SurveyDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Reply(
        Outcome<Survey> outcome, Surveys surveys, CancellationToken ct)
    {
        var dto = outcome.Succeeded ? await surveys.ToDtoAsync(outcome.Value!, ct) : null;
        return outcome.ToHttpCreated(_ => dto!, d => $"/api/admin/surveys/{d.Id}");
    }

    private static async Task<Results<Created<SurveyDto>, Ok<SurveyDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Create(
        SurveyRequest request, Surveys surveys, CancellationToken ct) => await Reply(await surveys.CreateAsync(request, ct), surveys, ct);

    private static async Task<Results<Ok<SurveyDto>, NotFound>> Get(int id, AppDbContext db, Surveys surveys, CancellationToken ct) =>
        await SurveyAdmin.LoadAsync(db, id, ct) is { } s ? TypedResults.Ok(await surveys.ToDtoAsync(s, ct)) : TypedResults.NotFound();

    // A question added answers 200 with the survey, as before: the survey is what the client reads back.
    private static async Task<Results<Created<SurveyDto>, Ok<SurveyDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Step(
        Outcome<Survey> outcome, Surveys surveys, CancellationToken ct) =>
        await Reply(outcome.Kind == OutcomeKind.Created ? Outcomes.Ok(outcome.Value!) : outcome, surveys, ct);

    private static async Task<Results<Created<SurveyDto>, Ok<SurveyDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Update(
        int id, SurveyRequest request, Surveys surveys, CancellationToken ct) => await Step(await surveys.UpdateAsync(id, request, ct), surveys, ct);

    private static async Task<Results<Created<SurveyDto>, Ok<SurveyDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> AddQuestion(
        int id, QuestionRequest request, Surveys surveys, CancellationToken ct) => await Step(await surveys.AddQuestionAsync(id, request, ct), surveys, ct);

    private static async Task<Results<Created<SurveyDto>, Ok<SurveyDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> RemoveQuestion(
        int id, int questionId, Surveys surveys, CancellationToken ct) => await Step(await surveys.RemoveQuestionAsync(id, questionId, ct), surveys, ct);

    private static async Task<Results<Created<SurveyDto>, Ok<SurveyDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Publish(
        int id, PublishRequest request, Surveys surveys, CancellationToken ct) => await Step(await surveys.PublishAsync(id, request, ct), surveys, ct);

    private static async Task<Results<Created<SurveyDto>, Ok<SurveyDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Close(
        int id, Surveys surveys, CancellationToken ct) => await Step(await surveys.CloseAsync(id, ct), surveys, ct);

    private static async Task<Results<Ok<SurveyResultsDto>, NotFound>> AdminResults(int id, AppDbContext db, CancellationToken ct) =>
        await SurveyAdmin.LoadAsync(db, id, ct) is { } s ? TypedResults.Ok(await SurveyResults.ComputeAsync(db, s, includeText: true, ct)) : TypedResults.NotFound();

    private static async Task<Results<Ok<IndicatorWriteDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> WriteIndicator(
        int id, Surveys surveys, CancellationToken ct) => (await surveys.WriteIndicatorAsync(id, ct)).ToHttp(w => w);

    private static async Task<Ok<List<PublicSurveyDto>>> PublicList(AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return TypedResults.Ok((await SurveyQueries.PublicSurveysAsync(db, ct)).Select(x => x.Survey.ToPublicDto(x.Responses, now)).ToList());
    }

    private static async Task<Results<Ok<SurveyResultsDto>, NotFound>> PublicResults(int id, AppDbContext db, CancellationToken ct) =>
        await SurveyQueries.PublicResultsAsync(db, id, ct) is { } r ? TypedResults.Ok(r) : TypedResults.NotFound();

    private static async Task<IResult> Answer(int id, IFormCollection form, HttpContext http, AppDbContext db, IDataProtectionProvider protection,
        IOptions<SurveyOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var survey = await SurveyAdmin.LoadAsync(db, id, ct);
        if (survey is null || survey.Status == SurveyStatus.Draft)
            return TypedResults.NotFound();
        IResult Page(HttpStatusCode status, string? message, Dictionary<int, string>? values = null, Dictionary<int, string>? errors = null, bool open = true) =>
            new RazorComponentResult<SurveyAnswerDocument>(new
            {
                Form = new SurveyForm
                {
                    Survey = survey, Message = message, Values = values ?? [], Errors = errors ?? [], Open = open,
                    Token = open ? SurveyAnswers.IssueToken(protection, survey.Id, now) : null,
                },
            }) { StatusCode = (int)status };

        if (!SurveyAdmin.IsOpen(survey, now))
        {
            var why = survey.Status == SurveyStatus.Closed || SurveyAdmin.Today(now) > survey.ClosesOn
                ? Lang.T(http, "本次调查已结束，不再接受回答。", "This survey has closed and takes no more answers.")
                : Lang.T(http, $"本次调查将于 {survey.OpensOn:yyyy-MM-dd} 开始。", $"This survey opens on {survey.OpensOn:yyyy-MM-dd}.");
            return Page(HttpStatusCode.Conflict, why, open: false);
        }
        var (values, errors, answers) = SurveyAnswers.Read(http, survey, form);
        // Bots: the hidden field is left empty by people; a form answered faster than anyone can read is not a person's.
        if (form[SurveyAnswers.Honeypot].ToString().Length > 0)
            return Page(HttpStatusCode.BadRequest, Lang.T(http, "提交未通过自动程序检查，未予接受。如您不是自动程序，请刷新页面后重新填写。",
                "The answer did not pass the automated-sender check and was not accepted. If you are a person, reload the page and answer again."), values);
        if (SurveyAnswers.CheckToken(http, protection, form[SurveyAnswers.TokenField], survey.Id, now, options.Value) is { } tokenProblem)
            return Page(HttpStatusCode.BadRequest, tokenProblem, values);
        if (SurveyAnswers.BrowserId(http) is not { } browser)
            return Page(HttpStatusCode.BadRequest, Lang.T(http, "未能识别您的浏览器：请允许本站保存 Cookie（仅用于保证每个浏览器只回答一次），刷新页面后再提交。",
                "Your browser could not be recognised: please allow this site's cookie (used only to keep to one answer per browser), reload and send again."), values);
        var hash = SurveyAnswers.Hash(survey, browser, options.Value);
        if (errors.Count > 0)
        {
            return await db.SurveyResponses.AnyAsync(r => r.SurveyId == survey.Id && r.BrowserHash == hash, ct)
                ? Page(HttpStatusCode.Conflict, SurveyAnswers.AlreadyAnswered(http), open: false)
                : Page(HttpStatusCode.BadRequest, Lang.T(http, $"有 {errors.Count} 道题需要修改，见各题下方的提示。", $"{errors.Count} question(s) need attention: see the note under each."), values, errors);
        }
        if (!await SurveyAnswers.SaveAsync(db, survey, hash, answers, now, ct))
            return Page(HttpStatusCode.Conflict, SurveyAnswers.AlreadyAnswered(http), open: false);
        return TypedResults.Redirect(Lang.Link(http, $"/survey/{survey.Id.ToString(CultureInfo.InvariantCulture)}") + "?thanks=1");
    }

    /// <summary>
    /// 5 answers a minute and 50 a day per client IP (configurable): enough for a family or an office behind one address,
    /// too few to stuff the sample. Refusals get a Chinese (or English) page, not a bare status.
    /// </summary>
    private sealed class AnswerRateLimit(IOptions<SurveyOptions> options) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (context, ct) =>
        {
            var http = context.HttpContext;
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            http.Response.ContentType = "text/html; charset=utf-8";
            var title = Lang.T(http, "提交过于频繁", "Too many answers");
            var text = Lang.T(http, "同一网络地址在短时间内提交的回答过多，本次回答未被接受。请稍后再试。",
                "Too many answers have come from this network address in a short time; this one was not accepted. Please try again later.");
            await http.Response.WriteAsync($"<!DOCTYPE html><html lang=\"{Lang.Tag(http)}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>"
                + $"<body><main><h1>{title}</h1><p role=\"alert\">{text}</p><p><a href=\"{Lang.Link(http, "/survey")}\">{Lang.T(http, "返回调查列表", "Back to the surveys")}</a></p></main></body></html>", ct);
        };

        public RateLimitPartition<string> GetPartition(HttpContext httpContext)
        {
            var o = options.Value;
            return RateLimitPartition.Get(httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => RateLimiter.CreateChained(
                new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions { PermitLimit = o.AnswersPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }),
                new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions { PermitLimit = o.AnswersPerDay, Window = TimeSpan.FromDays(1), QueueLimit = 0 })));
        }
    }
}
