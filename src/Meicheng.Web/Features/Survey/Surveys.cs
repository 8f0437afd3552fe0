using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Features.Showcase;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using City = Meicheng.Web.Features.Regions.City;

namespace Meicheng.Web.Features.Survey;

/// <summary>
/// The plan office's operations on surveys, for the admin API and the admin pages alike, done by the request's signed-in
/// user: the rules live in <see cref="SurveyAdmin"/> and <see cref="SurveyResults"/>; publishing, closing and writing
/// the figure also drop the cached public pages that list surveys and show their results.
/// </summary>
internal sealed class Surveys(AppDbContext db, CurrentUser currentUser, TimeProvider clock, IOutputCacheStore cache, IOptions<ReportingOptions> reporting, City city)
{
    public async Task<Outcome<Survey>> CreateAsync(SurveyRequest request, CancellationToken ct) =>
        await SurveyAdmin.CreateAsync(db, await currentUser.GetAsync(ct), request, clock.GetUtcNow(), ct);

    public async Task<Outcome<Survey>> UpdateAsync(int id, SurveyRequest request, CancellationToken ct) =>
        await SurveyAdmin.UpdateAsync(db, await currentUser.GetAsync(ct), id, request, clock.GetUtcNow(), ct);

    public async Task<Outcome<Survey>> AddQuestionAsync(int id, QuestionRequest request, CancellationToken ct) =>
        await SurveyAdmin.AddQuestionAsync(db, await currentUser.GetAsync(ct), id, request, clock.GetUtcNow(), ct);

    public async Task<Outcome<Survey>> RemoveQuestionAsync(int id, int questionId, CancellationToken ct) =>
        await SurveyAdmin.RemoveQuestionAsync(db, await currentUser.GetAsync(ct), id, questionId, clock.GetUtcNow(), ct);

    public async Task<Outcome<Survey>> PublishAsync(int id, PublishRequest request, CancellationToken ct) =>
        await EvictingAsync(await SurveyAdmin.PublishAsync(db, await currentUser.GetAsync(ct), id, request, clock.GetUtcNow(), ct), ct);

    /// <summary>Closing freezes the responses: no answer is taken afterwards, whatever the dates say.</summary>
    public async Task<Outcome<Survey>> CloseAsync(int id, CancellationToken ct) =>
        await EvictingAsync(await SurveyAdmin.CloseAsync(db, await currentUser.GetAsync(ct), id, clock.GetUtcNow(), ct), ct);

    /// <summary>
    /// "写入满意度指标": the share of a closed survey becomes a submitted observation of its target (see
    /// <see cref="SurveyResults.WriteAsync"/>). Created or Ok (the same numbers again: nothing new) with what was written.
    /// </summary>
    public async Task<Outcome<IndicatorWriteDto>> WriteIndicatorAsync(int id, CancellationToken ct)
    {
        if (await SurveyAdmin.LoadAsync(db, id, ct) is not { } s)
            return Fail.NotFound(SurveyAdmin.NotFound);
        var written = await SurveyResults.WriteAsync(db, await currentUser.GetAsync(ct), city.Code, s, reporting.Value.DueDays, clock.GetUtcNow(), ct);
        switch (written.Outcome)
        {
            case "created":
                await cache.EvictShowcaseAsync(ct);
                return Outcomes.Created(written);
            case "unchanged":
                return written;
            case "conflict":
                return Fail.Conflict(written.Message ?? "冲突");
            default:
                return Fail.Invalid("survey", written.Message ?? "无法写入");
        }
    }

    private async Task<Outcome<Survey>> EvictingAsync(Outcome<Survey> outcome, CancellationToken ct)
    {
        if (outcome.Succeeded)
            await cache.EvictShowcaseAsync(ct);
        return outcome;
    }

    public async Task<SurveyDto> ToDtoAsync(Survey s, CancellationToken ct) =>
        s.ToDto(await db.SurveyResponses.CountAsync(r => r.SurveyId == s.Id, ct), clock.GetUtcNow());
}

/// <summary>What the public reads about surveys: the API and the public pages alike.</summary>
internal static class SurveyQueries
{
    public static async Task<List<(Survey Survey, int Responses)>> PublicSurveysAsync(AppDbContext db, CancellationToken ct)
    {
        var surveys = await db.Surveys.AsNoTracking().Where(s => s.Status != SurveyStatus.Draft).OrderByDescending(s => s.OpensOn).ThenByDescending(s => s.Id).ToListAsync(ct);
        var counts = await db.SurveyResponses.GroupBy(r => r.SurveyId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return surveys.Select(s => (s, counts.GetValueOrDefault(s.Id))).ToList();
    }

    /// <summary>The public results of a survey, or null when they are not public (a draft, or open without live results).</summary>
    public static async Task<SurveyResultsDto?> PublicResultsAsync(AppDbContext db, int id, CancellationToken ct) =>
        await SurveyAdmin.LoadAsync(db, id, ct) is { } s && SurveyAdmin.ResultsPublic(s) ? await SurveyResults.ComputeAsync(db, s, includeText: false, ct) : null;
}
