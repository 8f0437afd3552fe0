using Meicheng.Web.Common;
using System.Security.Cryptography;
using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Survey;

/// <summary>
/// The plan office's operations on surveys, shared by the admin API and the admin pages' forms. Every change is audited
/// in the same SaveChanges.
/// </summary>
internal static class SurveyAdmin
{
    public const string PublishedLocked = "问卷已发布，题目不能再修改（已收到的回答须与所答题目一致）；如需改题，请新建问卷。";
    public const string SatisfactionTarget = "bc-a6-public-satisfaction-2027";
    public const string NotFound = "问卷不存在";

    /// <summary>The calendar day in China Standard Time is UTC+8 all year.</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime);

    public static bool IsOpen(Survey s, DateTimeOffset now) => s.Status == SurveyStatus.Published && Today(now) >= s.OpensOn && Today(now) <= s.ClosesOn;

    /// <summary>Public results: after close, or while open if the plan office allows it.</summary>
    public static bool ResultsPublic(Survey s) => s.Status == SurveyStatus.Closed || (s.Status == SurveyStatus.Published && s.LiveResults);

    private static Dictionary<string, string[]> Error(string key, string message) => new() { [key] = [message] };

    public static Task<Survey?> LoadAsync(AppDbContext db, int id, CancellationToken ct) =>
        db.Surveys.Include(s => s.Questions.OrderBy(q => q.Order)).ThenInclude(q => q.Options.OrderBy(o => o.Order)).SingleOrDefaultAsync(s => s.Id == id, ct);

    private static async Task<Dictionary<string, string[]>> CheckAsync(AppDbContext db, SurveyRequest r, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(r.Title))
            errors["title"] = ["请填写问卷标题"];
        if (string.IsNullOrWhiteSpace(r.Method))
            errors["method"] = ["请说明调查方法（对象、方式、满意的判定）"];
        if (r.ClosesOn < r.OpensOn)
            errors["closesOn"] = ["结束日期不能早于开始日期"];
        var target = await db.Targets.Include(t => t.Indicator).AsNoTracking().SingleOrDefaultAsync(t => t.Id == r.TargetId && !t.Retired, ct);
        if (target is null)
            errors["targetId"] = [$"目标 {r.TargetId} 不存在"];
        else if (target.Indicator!.Unit != "%")
            errors["targetId"] = [$"目标 {r.TargetId} 的指标单位为 {target.Indicator.Unit}，满意度调查只能写入以 % 计的指标"];
        return errors;
    }

    public static async Task<Outcome<Survey>> CreateAsync(AppDbContext db, Actor actor, SurveyRequest r, DateTimeOffset now, CancellationToken ct)
    {
        var errors = await CheckAsync(db, r, ct);
        if (errors.Count > 0)
            return Fail.Invalid(errors);
        var indicator = await db.Targets.Where(t => t.Id == r.TargetId).Select(t => t.IndicatorId).SingleAsync(ct);
        var survey = new Survey
        {
            Title = r.Title.Trim(), TitleEn = Clean(r.TitleEn), Intro = Clean(r.Intro), IntroEn = Clean(r.IntroEn), TargetId = r.TargetId, IndicatorId = indicator,
            OpensOn = r.OpensOn, ClosesOn = r.ClosesOn, Status = SurveyStatus.Draft, Method = r.Method.Trim(), MethodEn = Clean(r.MethodEn), LiveResults = r.LiveResults,
            HashKey = RandomNumberGenerator.GetBytes(32), CreatedBy = actor.Email, CreatedAt = now,
        };
        db.Surveys.Add(survey);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        Audit.Record(db, actor, now, "survey.create", "survey", Id(survey), null, Snapshot(survey));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Outcomes.Created(survey);
    }

    /// <summary>Title, texts, target, dates and method of a draft; of a published survey only the end date, live results and English texts.</summary>
    public static async Task<Outcome<Survey>> UpdateAsync(AppDbContext db, Actor actor, int id, SurveyRequest r, DateTimeOffset now, CancellationToken ct)
    {
        if (await LoadAsync(db, id, ct) is not { } s)
            return Fail.NotFound(NotFound);
        if (s.Status == SurveyStatus.Closed)
            return Fail.Conflict("问卷已结束，不能修改");
        var errors = await CheckAsync(db, r, ct);
        if (s.Status == SurveyStatus.Published && (r.Title.Trim() != s.Title || Clean(r.Intro) != s.Intro || r.TargetId != s.TargetId || r.OpensOn != s.OpensOn
                || r.Method.Trim() != s.Method))
            errors["status"] = ["问卷已发布：标题、说明、目标、开始日期和调查方法不能再修改（可延长结束日期、切换实时结果、补充英文）"];
        if (errors.Count > 0)
            return Fail.Invalid(errors);
        var before = Snapshot(s);
        s.Title = r.Title.Trim();
        s.TitleEn = Clean(r.TitleEn);
        s.Intro = Clean(r.Intro);
        s.IntroEn = Clean(r.IntroEn);
        s.TargetId = r.TargetId;
        s.IndicatorId = await db.Targets.Where(t => t.Id == r.TargetId).Select(t => t.IndicatorId).SingleAsync(ct);
        s.OpensOn = r.OpensOn;
        s.ClosesOn = r.ClosesOn;
        s.Method = r.Method.Trim();
        s.MethodEn = Clean(r.MethodEn);
        s.LiveResults = r.LiveResults;
        Audit.Record(db, actor, now, "survey.update", "survey", Id(s), before, Snapshot(s));
        await db.SaveChangesAsync(ct);
        return s;
    }

    public static async Task<Outcome<Survey>> AddQuestionAsync(AppDbContext db, Actor actor, int id, QuestionRequest r, DateTimeOffset now, CancellationToken ct)
    {
        if (await LoadAsync(db, id, ct) is not { } s)
            return Fail.NotFound(NotFound);
        if (s.Status != SurveyStatus.Draft)
            return Fail.Conflict(PublishedLocked);
        var errors = new Dictionary<string, string[]>();
        if (!QuestionKind.All.Contains(r.Kind))
            errors["kind"] = ["题型须为 single（单选）、scale（量表）或 text（文字）"];
        if (string.IsNullOrWhiteSpace(r.Text))
            errors["text"] = ["请填写题目"];
        var options = (r.Options ?? []).Where(o => !string.IsNullOrWhiteSpace(o.Text)).ToList();
        if (r.Kind == QuestionKind.SingleChoice && options.Count < 2)
            errors["options"] = ["单选题至少需要两个选项"];
        if (r.Kind == QuestionKind.SingleChoice && options.Count > 20)
            errors["options"] = ["单选题最多 20 个选项"];
        if (r.Kind == QuestionKind.Scale && (r.ScaleMin is not { } min || r.ScaleMax is not { } max || min >= max || max - min > 10))
            errors["scaleMax"] = ["量表须给出最小值和最大值（最小值小于最大值，最多 11 级）"];
        if (r.MeasuresSatisfaction)
        {
            if (r.Kind == QuestionKind.Text)
                errors["measuresSatisfaction"] = ["文字题不能度量满意度；请用量表或单选题"];
            if (!r.Required)
                errors["required"] = ["度量满意度的题目须为必答，样本量才等于有效回答数"];
            if (r.Kind == QuestionKind.Scale && (r.SatisfiedFrom is not { } from || from <= r.ScaleMin || from > r.ScaleMax))
                errors["satisfiedFrom"] = ["请给出“满意”的起点（大于最小值、不超过最大值，如 1–5 分量表的 4）"];
            if (r.Kind == QuestionKind.SingleChoice && (!options.Any(o => o.Satisfied) || options.All(o => o.Satisfied)))
                errors["options"] = ["度量满意度的单选题须有标为“满意”的选项，也须有不满意的选项"];
        }
        if (errors.Count > 0)
            return Fail.Invalid(errors);
        var question = new SurveyQuestion
        {
            Order = s.Questions.Count == 0 ? 1 : s.Questions.Max(q => q.Order) + 1, Kind = r.Kind, Text = r.Text.Trim(), TextEn = Clean(r.TextEn), Required = r.Required,
            ScaleMin = r.Kind == QuestionKind.Scale ? r.ScaleMin : null, ScaleMax = r.Kind == QuestionKind.Scale ? r.ScaleMax : null,
            MinLabel = r.Kind == QuestionKind.Scale ? Clean(r.MinLabel) : null, MinLabelEn = r.Kind == QuestionKind.Scale ? Clean(r.MinLabelEn) : null,
            MaxLabel = r.Kind == QuestionKind.Scale ? Clean(r.MaxLabel) : null, MaxLabelEn = r.Kind == QuestionKind.Scale ? Clean(r.MaxLabelEn) : null,
            SatisfiedFrom = r.MeasuresSatisfaction && r.Kind == QuestionKind.Scale ? r.SatisfiedFrom : null,
            Options = r.Kind == QuestionKind.SingleChoice
                ? options.Select((o, i) => new SurveyOption { Order = i + 1, Text = o.Text.Trim(), TextEn = Clean(o.TextEn), Satisfied = o.Satisfied }).ToList()
                : [],
        };
        var before = Snapshot(s);
        s.Questions.Add(question);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (r.MeasuresSatisfaction)
            s.SatisfactionQuestionId = question.Id;
        Audit.Record(db, actor, now, "survey.question.add", "survey", Id(s), before, Snapshot(s));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Outcomes.Created(s);
    }

    public static async Task<Outcome<Survey>> RemoveQuestionAsync(AppDbContext db, Actor actor, int id, int questionId, DateTimeOffset now, CancellationToken ct)
    {
        if (await LoadAsync(db, id, ct) is not { } s || s.Questions.SingleOrDefault(q => q.Id == questionId) is not { } question)
            return Fail.NotFound(NotFound);
        if (s.Status != SurveyStatus.Draft)
            return Fail.Conflict(PublishedLocked);
        var before = Snapshot(s);
        s.Questions.Remove(question);
        db.SurveyQuestions.Remove(question);
        if (s.SatisfactionQuestionId == questionId)
            s.SatisfactionQuestionId = null;
        Audit.Record(db, actor, now, "survey.question.remove", "survey", Id(s), before, Snapshot(s));
        await db.SaveChangesAsync(ct);
        return s;
    }

    public static async Task<Outcome<Survey>> PublishAsync(AppDbContext db, Actor actor, int id, PublishRequest r, DateTimeOffset now, CancellationToken ct)
    {
        if (await LoadAsync(db, id, ct) is not { } s)
            return Fail.NotFound(NotFound);
        if (s.Status != SurveyStatus.Draft)
            return Fail.Conflict($"问卷状态为“{SurveyStatus.Chinese(s.Status)}”，不能再次发布");
        var (opens, closes) = (r.OpensOn ?? s.OpensOn, r.ClosesOn ?? s.ClosesOn);
        var errors = new Dictionary<string, string[]>();
        if (closes < opens)
            errors["closesOn"] = ["结束日期不能早于开始日期"];
        if (closes < Today(now))
            errors["closesOn"] = ["结束日期已过，发布后无人能作答"];
        if (s.Questions.Count == 0)
            errors["questions"] = ["问卷还没有题目"];
        if (s.SatisfactionQuestionId is null)
            errors["satisfactionQuestionId"] = ["须指定一道度量满意度的题目（量表或单选），结果才能写入满意度指标"];
        if (errors.Count > 0)
            return Fail.Invalid(errors);
        var before = Snapshot(s);
        s.OpensOn = opens;
        s.ClosesOn = closes;
        s.Status = SurveyStatus.Published;
        s.PublishedAt = now;
        Audit.Record(db, actor, now, "survey.publish", "survey", Id(s), before, Snapshot(s));
        await db.SaveChangesAsync(ct);
        return s;
    }

    /// <summary>Closing freezes the responses: no answer is taken afterwards, whatever the dates say.</summary>
    public static async Task<Outcome<Survey>> CloseAsync(AppDbContext db, Actor actor, int id, DateTimeOffset now, CancellationToken ct)
    {
        if (await LoadAsync(db, id, ct) is not { } s)
            return Fail.NotFound(NotFound);
        if (s.Status != SurveyStatus.Published)
            return Fail.Conflict($"问卷状态为“{SurveyStatus.Chinese(s.Status)}”，只有已发布的问卷可以结束");
        var before = Snapshot(s);
        s.Status = SurveyStatus.Closed;
        s.ClosedAt = now;
        var responses = await db.SurveyResponses.CountAsync(x => x.SurveyId == s.Id, ct);
        Audit.Record(db, actor, now, "survey.close", "survey", Id(s), before, Snapshot(s), $"结束时共 {responses} 份回答");
        await db.SaveChangesAsync(ct);
        return s;
    }

    public static async Task<List<SurveyDto>> ListAsync(AppDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var surveys = await db.Surveys.AsNoTracking().Include(s => s.Questions).ThenInclude(q => q.Options).OrderByDescending(s => s.Id).ToListAsync(ct);
        var counts = await db.SurveyResponses.GroupBy(r => r.SurveyId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return surveys.Select(s => s.ToDto(counts.GetValueOrDefault(s.Id), now)).ToList();
    }

    public static SurveyDto ToDto(this Survey s, int responses, DateTimeOffset now) => new(
        s.Id, s.Title, s.TitleEn, s.Intro, s.IntroEn, s.IndicatorId, s.TargetId, s.OpensOn, s.ClosesOn, s.Status, SurveyStatus.Chinese(s.Status), IsOpen(s, now),
        s.Method, s.MethodEn, s.SatisfactionQuestionId, s.LiveResults, responses, s.CreatedAt, s.PublishedAt, s.ClosedAt,
        s.Questions.OrderBy(q => q.Order).Select(q => new QuestionDto(q.Id, q.Order, q.Kind, q.Text, q.TextEn, q.Required, q.ScaleMin, q.ScaleMax,
            q.MinLabel, q.MinLabelEn, q.MaxLabel, q.MaxLabelEn, q.SatisfiedFrom, q.Id == s.SatisfactionQuestionId,
            q.Options.OrderBy(o => o.Order).Select(o => new OptionDto(o.Id, o.Order, o.Text, o.TextEn, o.Satisfied)).ToList())).ToList());

    public static PublicSurveyDto ToPublicDto(this Survey s, int responses, DateTimeOffset now) => new(
        s.Id, s.Title, s.TitleEn, s.Intro, s.IntroEn, s.OpensOn, s.ClosesOn, s.Status, IsOpen(s, now), ResultsPublic(s), ResultsPublic(s) ? responses : null,
        s.Method, s.MethodEn);

    private static string Id(Survey s) => s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // The audit keeps what the survey was: settings and the question list, never the hash key.
    private static object Snapshot(Survey s) => new
    {
        s.Title, s.TitleEn, s.TargetId, s.IndicatorId, s.OpensOn, s.ClosesOn, s.Status, s.Method, s.LiveResults, s.SatisfactionQuestionId,
        Questions = s.Questions.OrderBy(q => q.Order).Select(q => new
        {
            q.Id, q.Order, q.Kind, q.Text, q.Required, q.ScaleMin, q.ScaleMax, q.SatisfiedFrom,
            Options = q.Options.OrderBy(o => o.Order).Select(o => new { o.Text, o.Satisfied }),
        }),
    };

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
