using Meicheng.Web.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Meicheng.Core.Surveys;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Features.Survey;
using Meicheng.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meicheng.Web.Tests.Survey;

public sealed class SurveyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateOnly Opens = new(2026, 11, 20);
    private static readonly DateOnly Closes = new(2026, 12, 20);

    [Fact]
    public void The_Wilson_interval_matches_Newcombes_published_examples()
    {
        // Newcombe (1998), Statistics in Medicine 17:857–872, Table I, method 3 (score, no continuity correction).
        foreach (var (x, n, low, high) in new[] { (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718), (29, 29, 0.8830, 1.0) })
        {
            var p = Proportion.Wilson(x, n);
            Assert.Equal((double)x / n, p.Share!.Value, 12);
            Assert.Equal((low, high), (Math.Round(p.Low!.Value, 4), Math.Round(p.High!.Value, 4)));
        }
        Assert.Equal(new ProportionEstimate(0, 0, null, null, null), Proportion.Wilson(0, 0));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_survey_answer_is_accepted_once_and_counted_and_its_satisfaction_share_becomes_an_approved_observation(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider).With("Survey:AnswersPerMinute", "1000");
        var admin = await app.ClientForAsync(Roles.Admin);
        var reviewer = await app.ClientForAsync(Roles.Reviewer);
        var survey = await SurveyWorld.PublishedAsync(admin, Opens, Closes);
        Assert.Equal(("published", true), (survey.Status, survey.IsOpen));

        // A published survey's questions cannot be changed.
        var late = await admin.PostAsJsonAsync($"/api/admin/surveys/{survey.Id}/questions",
            new QuestionRequest("text", "追加题", null, false, null, null, null, null, null, null, null, false, null), Ct);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("题目不能再修改", await late.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync($"/api/admin/surveys/{survey.Id}/questions/{survey.Questions[2].Id}", Ct)).StatusCode);

        // Browser A answers after reading for a while: accepted, thanked.
        var a = app.Browser();
        var form = await SurveyWorld.OpenFormAsync(a, survey.Id);
        Assert.Contains("您对青岛市生态文明建设的总体满意程度", form.Html, StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromSeconds(20));
        var answered = await SurveyWorld.PostAsync(a, survey, form, new Dictionary<int, string> { [0] = "5", [1] = "0", [2] = "海边更干净了" });
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        Assert.Equal($"/survey/{survey.Id}?thanks=1", answered.Headers.Location?.OriginalString);
        var thanks = await SurveyWorld.PageAsync(a, $"/survey/{survey.Id}?thanks=1");
        Assert.Contains("感谢参与", thanks, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"t\"", thanks, StringComparison.Ordinal);

        // The same browser again (with the form it was served before): refused, the count stays 1.
        app.Clock.Advance(TimeSpan.FromSeconds(20));
        var again = await SurveyWorld.PostAsync(a, survey, form, new Dictionary<int, string> { [0] = "1", [1] = "2" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("您已参与过本次调查", await again.HtmlAsync(), StringComparison.Ordinal);
        Assert.Contains("您已参与过本次调查", await SurveyWorld.PageAsync(a, $"/survey/{survey.Id}"), StringComparison.Ordinal);
        Assert.Equal(1, await ResponsesAsync(app, survey.Id));

        // Browser B sends its answer twice at once: the unique index lets exactly one in.
        var b = app.Browser();
        form = await SurveyWorld.OpenFormAsync(b, survey.Id);
        app.Clock.Advance(TimeSpan.FromSeconds(20));
        var race = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => SurveyWorld.PostAsync(b, survey, form, new Dictionary<int, string> { [0] = "4", [1] = "1" })));
        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Conflict], race.Select(r => r.StatusCode).Order());
        Assert.Equal(2, await ResponsesAsync(app, survey.Id));

        // A required question left out: the form comes back with the error under it and the answers kept.
        var c = app.Browser();
        form = await SurveyWorld.OpenFormAsync(c, survey.Id);
        app.Clock.Advance(TimeSpan.FromSeconds(20));
        var incomplete = await SurveyWorld.PostAsync(c, survey, form, new Dictionary<int, string> { [1] = "2", [2] = "希望多建公园" });
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        var page = await incomplete.HtmlAsync();
        Assert.Contains($"id=\"q{survey.Questions[0].Id}-error\"", page, StringComparison.Ordinal);
        Assert.Contains("请选择一项", page, StringComparison.Ordinal);
        Assert.Contains(">希望多建公园</textarea>", page, StringComparison.Ordinal);
        Assert.Matches($"value=\"{survey.Questions[1].Options[2].Id}\" checked", page);
        Assert.Contains("<html lang=\"zh-CN\"", page, StringComparison.Ordinal);
        // …and, corrected with the re-rendered form's tokens, it is accepted (a different browser from A).
        var corrected = SurveyWorld.Served(page);
        app.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.Redirect, (await SurveyWorld.PostAsync(c, survey, corrected, new Dictionary<int, string> { [0] = "2", [1] = "2", [2] = "希望多建公园" })).StatusCode);

        // Bots: the honeypot filled, or an answer sent before anyone could read the form.
        var bot = app.Browser();
        form = await SurveyWorld.OpenFormAsync(bot, survey.Id);
        app.Clock.Advance(TimeSpan.FromSeconds(20));
        var honeypot = await SurveyWorld.PostAsync(bot, survey, form, new Dictionary<int, string> { [0] = "5", [1] = "0" }, honeypot: "http://spam.example");
        Assert.Equal(HttpStatusCode.BadRequest, honeypot.StatusCode);
        Assert.Contains("自动程序", await honeypot.HtmlAsync(), StringComparison.Ordinal);
        var fast = app.Browser();
        form = await SurveyWorld.OpenFormAsync(fast, survey.Id);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var tooFast = await SurveyWorld.PostAsync(fast, survey, form, new Dictionary<int, string> { [0] = "5", [1] = "0" });
        Assert.Equal(HttpStatusCode.BadRequest, tooFast.StatusCode);
        Assert.Contains("提交过快", await tooFast.HtmlAsync(), StringComparison.Ordinal);
        // A form served for another survey, or a made-up timestamp, is refused too.
        var forged = await SurveyWorld.PostAsync(fast, survey, form with { Issued = "1764000000000" }, new Dictionary<int, string> { [0] = "5", [1] = "0" });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        // Without the antiforgery token the post is refused before anything is read.
        var noToken = await SurveyWorld.PostAsync(fast, survey, form with { Antiforgery = "x" }, new Dictionary<int, string> { [0] = "5", [1] = "0" });
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(3, await ResponsesAsync(app, survey.Id));

        // Results are not public while open (live results off); the plan office sees them.
        Assert.Equal(HttpStatusCode.NotFound, (await app.Browser().GetAsync($"/api/public/surveys/{survey.Id}/results", Ct)).StatusCode);
        // The indicator is written only once the sample is frozen.
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync($"/api/admin/surveys/{survey.Id}/indicator", null, Ct)).StatusCode);

        // Closing freezes the responses.
        Assert.Equal("closed", (await (await admin.PostAsync($"/api/admin/surveys/{survey.Id}/close", null, Ct)).Content.ReadFromJsonAsync<SurveyDto>(Ct))!.Status);
        var d = app.Browser();
        var closedPage = await SurveyWorld.PageAsync(d, $"/survey/{survey.Id}");
        Assert.Contains("本次调查已结束", closedPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await SurveyWorld.PostAsync(d, survey, form with { Antiforgery = TestAccounts.AntiforgeryToken(await d.GetStringAsync("/account/login", Ct)) },
            new Dictionary<int, string> { [0] = "5", [1] = "0" })).StatusCode);
        Assert.Equal(3, await ResponsesAsync(app, survey.Id));

        // n = 3 (scores 5, 4, 2): 2 satisfied. Wilson by hand, z = 1.96: (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n) = 0.2077 … 0.9385.
        var results = (await app.Browser().GetFromJsonAsync<SurveyResultsDto>($"/api/public/surveys/{survey.Id}/results", Ct))!;
        var sat = results.Satisfaction!;
        Assert.Equal((3, 3, 2), (results.Responses, sat.N, sat.Satisfied));
        Assert.Equal(2.0 / 3, sat.Share!.Value, 12);
        Assert.Equal((0.2077, 0.9385), (Math.Round(sat.Low!.Value, 4), Math.Round(sat.High!.Value, 4)));
        var scale = results.Questions[0];
        Assert.Equal([0, 1, 0, 1, 1], scale.Scale!.Select(v => v.Count));
        Assert.Equal(11.0 / 3, scale.Mean!.Value, 12);
        Assert.Equal([1, 1, 1], results.Questions[1].Options!.Select(o => o.Count));
        Assert.Null(results.Questions[2].TextAnswers);
        Assert.Equal(2, results.Questions[2].Answered);
        var adminResults = (await admin.GetFromJsonAsync<SurveyResultsDto>($"/api/admin/surveys/{survey.Id}/results", Ct))!;
        Assert.Equal(["海边更干净了", "希望多建公园"], adminResults.Questions[2].TextAnswers);
        var publicPage = await SurveyWorld.PageAsync(app.Browser(), $"/survey/{survey.Id}/results");
        Assert.Contains("66.7%", publicPage, StringComparison.Ordinal);
        Assert.Contains("20.8% – 93.9%", publicPage[publicPage.IndexOf("class=\"ci\"", StringComparison.Ordinal)..][..300], StringComparison.Ordinal);
        Assert.DoesNotContain("海边更干净了", publicPage, StringComparison.Ordinal);

        // 写入满意度指标: a submitted survey observation of the 2026 annual period with its sample in the provenance.
        var written = (await (await admin.PostAsync($"/api/admin/surveys/{survey.Id}/indicator", null, Ct)).Content.ReadFromJsonAsync<IndicatorWriteDto>(Ct))!;
        Assert.Equal(("created", SurveyWorld.Target, 2026, 66.67m, 1), (written.Outcome, written.TargetId, written.Year, written.Value, written.Revision));
        var o = Assert.Single((await admin.GetFromJsonAsync<List<ObservationDto>>($"/api/reporting/observations?targetId={SurveyWorld.Target}", Ct))!);
        Assert.Equal(("survey", "submitted", "2026", "370200", 66.67m, "%"), (o.Source, o.Status, o.PeriodKey, o.RegionCode, o.Value, o.Unit));
        using (var provenance = JsonDocument.Parse(o.Provenance!))
        {
            var root = provenance.RootElement;
            Assert.Equal((survey.Id, 3, 2), (root.GetProperty("surveyId").GetInt32(), root.GetProperty("n").GetInt32(), root.GetProperty("satisfied").GetInt32()));
            Assert.Equal(sat.Low!.Value, root.GetProperty("ci95").GetProperty("low").GetDouble(), 12);
            Assert.Equal(sat.High!.Value, root.GetProperty("ci95").GetProperty("high").GetDouble(), 12);
            Assert.Equal(2.0 / 3, root.GetProperty("share").GetDouble(), 12);
            Assert.Contains("4–5 分计为满意", root.GetProperty("method").GetString(), StringComparison.Ordinal);
            Assert.Equal(survey.Questions[0].Id, root.GetProperty("question").GetProperty("id").GetInt32());
            Assert.Equal(("2026-11-20", "2026-12-20"), (root.GetProperty("period").GetProperty("opensOn").GetString(), root.GetProperty("period").GetProperty("closesOn").GetString()));
        }

        // Not in the evaluation until a reviewer approves; then it is.
        var before = (await admin.GetFromJsonAsync<EvaluationViewDto>("/api/evaluation?year=2026", Ct))!.Targets.Single(t => t.TargetId == SurveyWorld.Target);
        Assert.DoesNotContain(o.Id, before.ObservationIds);
        var approved = await reviewer.PostAsJsonAsync($"/api/reporting/observations/{o.Id}/approve", new TransitionRequest(o.Version, "样本与方法已核"), Ct);
        Assert.True(approved.IsSuccessStatusCode, await approved.HtmlAsync());
        var after = (await admin.GetFromJsonAsync<EvaluationViewDto>("/api/evaluation?year=2026", Ct))!.Targets.Single(t => t.TargetId == SurveyWorld.Target);
        Assert.Contains(o.Id, after.ObservationIds);
        var explained = (await admin.GetFromJsonAsync<TargetExplainDto>($"/api/evaluation/targets/{SurveyWorld.Target}?year=2026", Ct))!;
        var used = Assert.Single(explained.Observations);
        Assert.Equal((o.Id, 66.67m, "2026", false), (used.Id, used.Value, used.PeriodKey, used.IsDemo));

        // The same numbers again: unchanged, no revision.
        var twice = (await (await admin.PostAsync($"/api/admin/surveys/{survey.Id}/indicator", null, Ct)).Content.ReadFromJsonAsync<IndicatorWriteDto>(Ct))!;
        Assert.Equal(("unchanged", o.Id, 1), (twice.Outcome, twice.ObservationId, twice.Revision));
        Assert.Single((await admin.GetFromJsonAsync<List<ObservationDto>>($"/api/reporting/observations/{o.Id}/history", Ct))!);

        // Every change is in the audit log.
        var audit = (await admin.GetFromJsonAsync<List<AuditEntryDto>>($"/api/admin/audit?entityType=survey&entityId={survey.Id}", Ct))!;
        Assert.Equal(["survey.close", "survey.create", "survey.publish", "survey.question.add", "survey.write-indicator"], audit.Select(e => e.Action).Distinct().Order());
    }

    [Fact]
    public async Task Answers_outside_the_open_period_are_refused_and_the_public_lists_only_published_surveys()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var admin = await app.ClientForAsync(Roles.Admin);
        var open = await SurveyWorld.PublishedAsync(admin, Opens, Closes, live: true);
        var later = await SurveyWorld.PublishedAsync(admin, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 31));
        var draft = (await (await admin.PostAsJsonAsync("/api/admin/surveys", new SurveyRequest("草稿问卷", null, null, null, SurveyWorld.Target, Opens, Closes, "方法", null, false), Ct))
            .Content.ReadFromJsonAsync<SurveyDto>(Ct))!;

        var browser = app.Browser();
        var listed = (await browser.GetFromJsonAsync<List<PublicSurveyDto>>("/api/public/surveys", Ct))!;
        Assert.Equal([later.Id, open.Id], listed.Select(s => s.Id));
        Assert.Equal([false, true], listed.Select(s => s.IsOpen));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/survey/{draft.Id}", Ct)).StatusCode);
        var notYet = await SurveyWorld.PageAsync(browser, $"/survey/{later.Id}");
        Assert.Contains("本次调查将于 2026-12-01 开始", notYet, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"t\"", notYet, StringComparison.Ordinal);

        // The English form at /en answers in English.
        var en = app.Browser();
        var enForm = await SurveyWorld.OpenFormAsync(en, open.Id, "/en");
        Assert.Contains("<html lang=\"en\"", enForm.Html, StringComparison.Ordinal);
        Assert.Contains("Overall satisfaction", enForm.Html, StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        var enMissing = await SurveyWorld.PostAsync(en, open, enForm, new Dictionary<int, string> { [1] = "1" }, prefix: "/en");
        Assert.Equal(HttpStatusCode.BadRequest, enMissing.StatusCode);
        Assert.Contains("Please choose one.", await enMissing.HtmlAsync(), StringComparison.Ordinal);

        // The last day ends at midnight in Qingdao: a form served a minute before is answered in time…
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 20, 15, 58, 0, TimeSpan.Zero));
        var form = await SurveyWorld.OpenFormAsync(browser, open.Id);
        var late = app.Browser();
        var lateForm = await SurveyWorld.OpenFormAsync(late, open.Id);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Redirect, (await SurveyWorld.PostAsync(browser, open, form, new Dictionary<int, string> { [0] = "5", [1] = "0" })).StatusCode);
        // …and one sent at 2026-12-21 00:00 Qingdao time is refused.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 20, 16, 0, 0, TimeSpan.Zero));
        var afterEnd = await SurveyWorld.PostAsync(late, open, lateForm, new Dictionary<int, string> { [0] = "5", [1] = "0" });
        Assert.Equal(HttpStatusCode.Conflict, afterEnd.StatusCode);
        Assert.Contains("本次调查已结束", await afterEnd.HtmlAsync(), StringComparison.Ordinal);
        // Live results were allowed: public although the plan office has not closed the survey.
        var live = (await browser.GetFromJsonAsync<SurveyResultsDto>($"/api/public/surveys/{open.Id}/results", Ct))!;
        Assert.Equal(("published", 1, 1), (live.Status, live.Satisfaction!.N, live.Satisfaction.Satisfied));
    }

    [Fact]
    public async Task The_answer_endpoint_is_rate_limited_per_client_with_a_Chinese_429_page()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite).With("Survey:AnswersPerMinute", "3").With("Survey:MinFillSeconds", "0");
        var admin = await app.ClientForAsync(Roles.Admin);
        var survey = await SurveyWorld.PublishedAsync(admin, Opens, Closes);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            var browser = app.Browser();
            var form = await SurveyWorld.OpenFormAsync(browser, survey.Id);
            last = await SurveyWorld.PostAsync(browser, survey, form, new Dictionary<int, string> { [0] = "4", [1] = "0" });
            statuses.Add(last.StatusCode);
        }
        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], statuses);
        Assert.Contains("提交过于频繁", await last!.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(3, await ResponsesAsync(app, survey.Id));
        // Reading is not limited.
        Assert.Equal(HttpStatusCode.OK, (await app.Browser().GetAsync($"/survey/{survey.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Only_the_browser_hash_is_stored_and_it_differs_between_surveys()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite).With("Survey:MinFillSeconds", "0");
        var admin = await app.ClientForAsync(Roles.Admin);
        var first = await SurveyWorld.PublishedAsync(admin, Opens, Closes);
        var second = await SurveyWorld.PublishedAsync(admin, Opens, Closes);
        var browser = app.Browser();
        foreach (var s in new[] { first, second })
        {
            var form = await SurveyWorld.OpenFormAsync(browser, s.Id);
            Assert.Equal(HttpStatusCode.Redirect, (await SurveyWorld.PostAsync(browser, s, form, new Dictionary<int, string> { [0] = "4", [1] = "0" })).StatusCode);
        }
        var cookie = app.Server.CreateHandler();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var hashes = await db.SurveyResponses.OrderBy(r => r.SurveyId).Select(r => r.BrowserHash).ToListAsync(Ct);
        Assert.Equal(2, hashes.Distinct().Count());
        Assert.All(hashes, h => Assert.Matches("^[0-9a-f]{64}$", h));
        // The page set the browser-id cookie HttpOnly and SameSite=Lax.
        var fresh = await app.Browser().GetAsync($"/survey/{first.Id}", Ct);
        var setCookie = Assert.Single(fresh.Headers.GetValues("Set-Cookie"), c => c.StartsWith(SurveyAnswers.BrowserCookie + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(hashes, h => setCookie.Contains(h, StringComparison.Ordinal));
        GC.KeepAlive(cookie);
    }

    [Fact]
    public async Task The_admin_survey_endpoints_refuse_everyone_else()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var reviewer = await app.ClientForAsync(Roles.Reviewer);
        var request = new SurveyRequest("问卷", null, null, null, SurveyWorld.Target, Opens, Closes, "方法", null, false);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PostAsJsonAsync("/api/admin/surveys", request, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Browser().PostAsJsonAsync("/api/admin/surveys", request, Ct)).StatusCode);
        var admin = await app.ClientForAsync(Roles.Admin);
        // A target whose indicator is not a percentage cannot be fed by a survey.
        var bad = await admin.PostAsJsonAsync("/api/admin/surveys", request with { TargetId = "bc-goal-pm25-2027" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        // A survey without a satisfaction question cannot be published.
        var created = (await (await admin.PostAsJsonAsync("/api/admin/surveys", request, Ct)).Content.ReadFromJsonAsync<SurveyDto>(Ct))!;
        await SurveyWorld.AddAsync(admin, created.Id, new QuestionRequest("text", "建议", null, false, null, null, null, null, null, null, null, false, null));
        var publish = await admin.PostAsJsonAsync($"/api/admin/surveys/{created.Id}/publish", new PublishRequest(null, null), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, publish.StatusCode);
        Assert.Contains("满意度", await publish.HtmlAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plan_office_runs_a_single_choice_survey_from_the_admin_pages()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite).With("Survey:MinFillSeconds", "0");
        var email = "office@example.cn";
        await app.CreateUserAsync(email, Roles.Admin);
        var admin = await app.SignInAsync(email);
        var token = TestAccounts.AntiforgeryToken(await admin.GetStringAsync("/admin/surveys", Ct));
        // The pages' own static SSR forms: the form's name in _handler; a success redirects back with the message, a refusal re-renders the page.
        async Task<HttpResponseMessage> SubmitAsync(string url, string handler, Dictionary<string, string> fields)
        {
            fields["__RequestVerificationToken"] = token;
            fields["_handler"] = handler;
            return await admin.PostAsync(url, new FormUrlEncodedContent(fields), Ct);
        }
        async Task<string> PostAsync(string url, string handler, Dictionary<string, string> fields)
        {
            var response = await SubmitAsync(url, handler, fields);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var location = response.Headers.Location!;
            return Uri.UnescapeDataString(location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);
        }

        var created = await PostAsync("/admin/surveys", "create", new()
        {
            ["Create.Title"] = "单选满意度调查", ["Create.TargetId"] = SurveyWorld.Target, ["Create.OpensOn"] = "2026-11-22", ["Create.ClosesOn"] = "2026-11-30",
            ["Create.Method"] = "网络问卷；选择“非常满意”或“比较满意”为满意。", ["Create.LiveResults"] = "true",
        });
        var id = int.Parse(System.Text.RegularExpressions.Regex.Match(created, @"^/admin/surveys/(\d+)\?msg=").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var added = await PostAsync($"/admin/surveys/{id}", "question", new()
        {
            ["Question.Kind"] = "single", ["Question.Text"] = "您对青岛生态环境的总体评价", ["Question.Required"] = "true", ["Question.MeasuresSatisfaction"] = "true",
            ["Question.Options"] = "*非常满意 | Very satisfied\n*比较满意 | Fairly satisfied\n一般\n不满意 | Dissatisfied\n",
        });
        Assert.Contains("题目已添加", added, StringComparison.Ordinal);
        Assert.Contains("已发布", await PostAsync($"/admin/surveys/{id}", "publish", new() { ["Publish.OpensOn"] = "2026-11-22", ["Publish.ClosesOn"] = "2026-11-30" }), StringComparison.Ordinal);
        var page = await SurveyWorld.PageAsync(admin, $"/admin/surveys/{id}");
        Assert.Contains("题目不能再修改", page, StringComparison.Ordinal);
        // A question posted from a page left open before the publish is refused beside the form, with what was typed kept.
        var late = await SubmitAsync($"/admin/surveys/{id}", "question", new() { ["Question.Kind"] = "text", ["Question.Text"] = "追加" });
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        var lateForm = (await new AngleSharp.Html.Parser.HtmlParser().ParseDocumentAsync(await late.Content.ReadAsStringAsync(Ct), Ct)).QuerySelector("form:has(input[name='Question.Text'])")!;
        Assert.Contains("题目不能再修改", lateForm.QuerySelector(".field-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("追加", lateForm.QuerySelector("input[name='Question.Text']")!.GetAttribute("value"));

        var survey = (await admin.GetFromJsonAsync<SurveyDto>($"/api/admin/surveys/{id}", Ct))!;
        var q = Assert.Single(survey.Questions);
        Assert.Equal([("非常满意", "Very satisfied", true), ("比较满意", "Fairly satisfied", true), ("一般", null, false), ("不满意", "Dissatisfied", false)],
            q.Options.Select(o => (o.Text, o.TextEn, o.Satisfied)));
        foreach (var choice in new[] { "0", "2", "1", "3" })
        {
            var browser = app.Browser();
            Assert.Equal(HttpStatusCode.Redirect, (await SurveyWorld.PostAsync(browser, survey, await SurveyWorld.OpenFormAsync(browser, id), new Dictionary<int, string> { [0] = choice })).StatusCode);
        }
        // Live results allowed: the public page shows them before the close, marked as live.
        var live = await SurveyWorld.PageAsync(app.Browser(), $"/en/survey/{id}/results");
        Assert.Contains("still open", live, StringComparison.Ordinal);

        Assert.Contains("回答已冻结", await PostAsync($"/admin/surveys/{id}", "close", []), StringComparison.Ordinal);
        var written = await PostAsync($"/admin/surveys/{id}/results", "indicator", []);
        Assert.Contains("已写入 bc-a6-public-satisfaction-2027 的 2026 年观测值 50%", written, StringComparison.Ordinal);
        Assert.Contains("未新增修订", await PostAsync($"/admin/surveys/{id}/results", "indicator", []), StringComparison.Ordinal);
        var results = await SurveyWorld.PageAsync(admin, $"/admin/surveys/{id}/results");
        Assert.Contains("选择“非常满意”“比较满意”为满意", results, StringComparison.Ordinal);
        var list = await SurveyWorld.PageAsync(app.Browser(), "/survey");
        Assert.Contains($"href=\"/survey/{id}/results\"", list, StringComparison.Ordinal);
        Assert.Contains("n = 4", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_new_survey_comes_back_with_the_reasons_beside_the_fields_and_what_was_typed()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var admin = await app.ClientForAsync(Roles.Admin);
        var token = TestAccounts.AntiforgeryToken(await admin.GetStringAsync("/admin/surveys", Ct));
        var refused = await admin.PostAsync("/admin/surveys", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "create", ["__RequestVerificationToken"] = token, ["Create.Title"] = "", ["Create.TargetId"] = "no-such-target",
            ["Create.OpensOn"] = "2026-11-30", ["Create.ClosesOn"] = "2026-11-22", ["Create.Method"] = "网络问卷", ["Create.IntroEn"] = "An online survey",
        }), Ct);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var form = (await new AngleSharp.Html.Parser.HtmlParser().ParseDocumentAsync(await refused.Content.ReadAsStringAsync(Ct), Ct)).QuerySelector("form.survey-admin-form")!;
        string? Error(string field) => form.QuerySelector($".field-error[data-field={field}]")?.TextContent;
        Assert.Equal("请填写问卷标题", Error("title"));
        Assert.Equal("目标 no-such-target 不存在", Error("targetId"));
        Assert.Equal("结束日期不能早于开始日期", Error("closesOn"));
        Assert.Equal("no-such-target", form.QuerySelector("input[name='Create.TargetId']")!.GetAttribute("value"));
        Assert.Equal("2026-11-30", form.QuerySelector("input[name='Create.OpensOn']")!.GetAttribute("value"));
        Assert.Equal("An online survey", form.QuerySelector("textarea[name='Create.IntroEn']")!.TextContent);
        Assert.Empty((await admin.GetFromJsonAsync<List<SurveyDto>>("/api/admin/surveys", Ct))!);
    }

    private static async Task<int> ResponsesAsync(MeichengApp app, int surveyId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().SurveyResponses.CountAsync(r => r.SurveyId == surveyId, Ct);
    }
}
