using Meicheng.Web.Common;
using System.Globalization;
using System.Text.Json;
using Meicheng.Core.Surveys;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Reporting;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Survey;

/// <summary>
/// Aggregates the answers of a survey, and writes its satisfaction share to the survey's target as an observation
/// (Source "survey") through the reporting workflow, like the environmental feeds: submitted, then approved by a reviewer.
/// </summary>
internal static class SurveyResults
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static double? Share(int count, int of) => of == 0 ? null : (double)count / of;

    public static async Task<SurveyResultsDto> ComputeAsync(AppDbContext db, Survey s, bool includeText, CancellationToken ct)
    {
        var responses = await db.SurveyResponses.CountAsync(r => r.SurveyId == s.Id, ct);
        var answers = await db.SurveyAnswers.AsNoTracking()
            .Where(a => db.SurveyResponses.Any(r => r.Id == a.ResponseId && r.SurveyId == s.Id))
            .Select(a => new { a.QuestionId, a.OptionId, a.ScaleValue, a.Text, a.ResponseId })
            .ToListAsync(ct);
        var byQuestion = answers.ToLookup(a => a.QuestionId);
        var questions = new List<QuestionResultDto>();
        foreach (var q in s.Questions.OrderBy(q => q.Order))
        {
            var mine = byQuestion[q.Id].ToList();
            switch (q.Kind)
            {
                case QuestionKind.SingleChoice:
                    var answered = mine.Count(a => a.OptionId is not null);
                    questions.Add(new QuestionResultDto(q.Id, q.Order, q.Kind, q.Text, q.TextEn, answered,
                        q.Options.OrderBy(o => o.Order).Select(o =>
                        {
                            var count = mine.Count(a => a.OptionId == o.Id);
                            return new OptionCountDto(o.Id, o.Text, o.TextEn, o.Satisfied, count, Share(count, answered));
                        }).ToList(), null, null, null, null, null));
                    break;
                case QuestionKind.Scale:
                    var values = mine.Where(a => a.ScaleValue is not null).Select(a => a.ScaleValue!.Value).ToList();
                    questions.Add(new QuestionResultDto(q.Id, q.Order, q.Kind, q.Text, q.TextEn, values.Count, null,
                        Enumerable.Range(q.ScaleMin!.Value, q.ScaleMax!.Value - q.ScaleMin.Value + 1)
                            .Select(v => new ScaleCountDto(v, values.Count(x => x == v), Share(values.Count(x => x == v), values.Count))).ToList(),
                        values.Count == 0 ? null : values.Average(), q.MinLabel, q.MaxLabel, null));
                    break;
                default:
                    var texts = mine.Where(a => !string.IsNullOrWhiteSpace(a.Text)).OrderBy(a => a.ResponseId).Select(a => a.Text!).ToList();
                    questions.Add(new QuestionResultDto(q.Id, q.Order, q.Kind, q.Text, q.TextEn, texts.Count, null, null, null, null, null, includeText ? texts : null));
                    break;
            }
        }
        return new SurveyResultsDto(s.Id, s.Title, s.TitleEn, s.Status, s.OpensOn, s.ClosesOn, responses, s.Method, s.MethodEn, s.TargetId, s.IndicatorId,
            Satisfaction(s, questions), questions);
    }

    private static SatisfactionDto? Satisfaction(Survey s, List<QuestionResultDto> results)
    {
        if (s.Questions.SingleOrDefault(q => q.Id == s.SatisfactionQuestionId) is not { } q)
            return null;
        var r = results.Single(x => x.QuestionId == q.Id);
        var (satisfied, rule) = q.Kind == QuestionKind.Scale
            ? (r.Scale!.Where(x => x.Value >= q.SatisfiedFrom).Sum(x => x.Count),
                $"{q.ScaleMin}–{q.ScaleMax} 分量表中选 {q.SatisfiedFrom} 分及以上为满意")
            : (r.Options!.Where(o => o.Satisfied).Sum(o => o.Count),
                $"选择“{string.Join("”“", q.Options.Where(o => o.Satisfied).OrderBy(o => o.Order).Select(o => o.Text))}”为满意");
        var p = Proportion.Wilson(satisfied, r.Answered);
        return new SatisfactionDto(q.Id, q.Text, rule, p.N, p.Successes, p.Share, p.Low, p.High);
    }

    /// <summary>The share in percent as written to the indicator: two decimals, half away from zero.</summary>
    public static decimal Percent(double share) => Math.Round((decimal)share * 100m, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// The year a survey's figure belongs to: the year it ran, read in China Standard Time (Asia/Shanghai), i.e. the year of
    /// the last day it took answers. A survey closed early (on 2026-12-05, planned to run into January) ran in 2026, not in
    /// the year its planned end date falls in.
    /// </summary>
    public static int Year(Survey s)
    {
        var lastDay = s.ClosedAt is { } closed && SurveyAdmin.Today(closed) < s.ClosesOn ? SurveyAdmin.Today(closed) : s.ClosesOn;
        return lastDay.Year;
    }

    /// <summary>
    /// "写入满意度指标": the satisfaction share of a closed survey becomes a submitted observation of the survey's target for
    /// the annual period of the year the survey ran (<see cref="Year"/>), with its sample in the provenance. The same numbers again add no
    /// revision (the sample size is part of the counting basis, so a different sample with the same share is a revision).
    /// </summary>
    public static async Task<IndicatorWriteDto> WriteAsync(AppDbContext db, Actor actor, string city, Survey s, int dueDays, DateTimeOffset now, CancellationToken ct)
    {
        var year = Year(s);
        IndicatorWriteDto Refused(string outcome, string message) => new(outcome, s.TargetId, year, null, null, null, message);
        if (s.Status != SurveyStatus.Closed)
            return Refused("invalid", "问卷结束后才能写入指标：结束即冻结样本，写入的是最终结果");
        var results = await ComputeAsync(db, s, includeText: false, ct);
        if (results.Satisfaction is not { Share: { } share } sat)
            return Refused("invalid", "没有度量满意度的有效回答，无可写入的数值");
        var target = await db.Targets.AsNoTracking().Include(t => t.Indicator).SingleOrDefaultAsync(t => t.Id == s.TargetId && !t.Retired, ct);
        if (target is null)
            return Refused("invalid", $"目标 {s.TargetId} 不在当前规划数据中（或已停用）");
        var value = Percent(share);
        var period = (await ReportingPeriods.EnsureAsync(db, actor, new CreatePeriodsRequest("annual", year, 1, null, [target.IndicatorId], false), dueDays, now, ct)).Single();
        var provenance = JsonSerializer.Serialize(new
        {
            surveyId = s.Id, n = sat.N, satisfied = sat.Satisfied, share, ci95 = new { low = sat.Low, high = sat.High, method = "Wilson score interval, z = 1.96" },
            method = s.Method, question = new { id = sat.QuestionId, text = sat.Question, rule = sat.Rule },
            period = new { opensOn = s.OpensOn, closesOn = s.ClosesOn, timeZone = "Asia/Shanghai" },
        }, Json);
        var basis = string.Create(CultureInfo.InvariantCulture,
            $"满意度调查第 {s.Id} 号：满意人数 / 有效回答数 × 100（{sat.Rule}）；n = {sat.N}，满意 {sat.Satisfied}；95% Wilson 区间 {Percent(sat.Low!.Value)}%–{Percent(sat.High!.Value)}%");
        var step = await Reporting.Reports.SaveObservationAsync(db, actor,
            new ObservationRequest(target.Id, period.Id, city /* the satisfaction target is city-wide */, value, target.Indicator!.Unit, $"美城公众满意度调查：{s.Title}（{s.OpensOn:yyyy-MM-dd} 至 {s.ClosesOn:yyyy-MM-dd}）",
                basis, Submit: true, Version: null, Source: "survey", Provenance: provenance), now, Supersede.SameSource, ct);
        var written = step.Kind switch
        {
            OutcomeKind.Created => new IndicatorWriteDto("created", target.Id, year, value, step.Value!.Id, step.Value.Revision, null),
            OutcomeKind.Ok => new IndicatorWriteDto("unchanged", target.Id, year, value, step.Value!.Id, step.Value.Revision, "数值与样本未变，未新增修订"),
            OutcomeKind.Conflict => new IndicatorWriteDto("conflict", target.Id, year, value, null, null, step.Message),
            _ => new IndicatorWriteDto("invalid", target.Id, year, value, null, null,
                step.Errors.Count == 0 ? step.Message ?? step.Kind.ToString() : string.Join("；", step.Errors.SelectMany(e => e.Value))),
        };
        if (written.Outcome == "created")
        {
            Audit.Record(db, actor, now, "survey.write-indicator", "survey", s.Id.ToString(CultureInfo.InvariantCulture), null,
                new { written.TargetId, written.Year, written.Value, written.ObservationId, written.Revision, sat.N, sat.Satisfied });
            await db.SaveChangesAsync(ct);
        }
        return written;
    }
}
