using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using AngleSharp.Html.Parser;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Tests.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using static Meicheng.Web.Tests.Evaluation.EvaluationWorld;

namespace Meicheng.Web.Tests.Evaluation;

/// <summary>The rounds' and assessments' operations refuse as the pages and the API rely on: not found, forbidden, conflict, invalid per field.</summary>
public sealed class RoundOperationsTests
{
    /// <summary>A request scope signed in as <paramref name="userId"/> (none: anonymous), as a page's operations see it.</summary>
    internal static AsyncServiceScope RequestAs(MeichengApp app, string? userId)
    {
        var scope = app.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        if (userId is not null)
            http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "test"));
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = http;
        return scope;
    }

    internal static Task<string> UserAsync(MeichengApp app, string role) => app.CreateUserAsync($"{role}-{Guid.NewGuid().ToString("N")[..8]}@example.cn", role);

    private static CreateRoundRequest Annual(int year) => new("annual", year, null, null, null, null, null, null);

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Only_the_plan_office_changes_a_round_and_a_missing_round_or_a_bad_request_is_refused(DatabaseProvider provider)
    {
        await using var w = await CreateAsync(provider);
        await w.ReportAsync(Enterprises, 2024, 40);
        var round = await w.FreezeAsync(RoundKinds.Annual, 2026);

        await using (var anonymous = RequestAs(w.App, null))
            Assert.Equal(OutcomeKind.Forbidden, (await anonymous.ServiceProvider.GetRequiredService<Rounds>().FreezeAsync(Annual(2026), Ct)).Kind);
        await using (var reviewer = RequestAs(w.App, await UserAsync(w.App, Roles.Reviewer)))
        {
            var rounds = reviewer.ServiceProvider.GetRequiredService<Rounds>();
            Assert.Equal(OutcomeKind.Forbidden, (await rounds.FreezeAsync(Annual(2026), Ct)).Kind);
            Assert.Equal(OutcomeKind.Forbidden, (await rounds.SetPublishedAsync(round.Id, true, Ct)).Kind);
            Assert.Equal(OutcomeKind.Forbidden, (await rounds.CloseAsync(round.Id, Ct)).Kind);
        }
        await using (var admin = RequestAs(w.App, await UserAsync(w.App, Roles.Admin)))
        {
            var rounds = admin.ServiceProvider.GetRequiredService<Rounds>();
            var missing = await rounds.SetPublishedAsync(999, true, Ct);
            Assert.Equal((OutcomeKind.NotFound, "评估轮次 999 不存在"), (missing.Kind, missing.Message));
            Assert.Equal(OutcomeKind.NotFound, (await rounds.CloseAsync(999, Ct)).Kind);
            Assert.Equal(OutcomeKind.NotFound, (await rounds.CompareAsync(round.Id, 999, null, null, Ct)).Kind);
            Assert.Equal(OutcomeKind.NotFound, (await rounds.ExplainAsync(round.Id, "no-such-target", null, null, Ct)).Kind);
            var invalid = await rounds.FreezeAsync(new CreateRoundRequest("weekly", 1999, null, null, "linear-ish", null, null, null), Ct);
            Assert.Equal(OutcomeKind.Invalid, invalid.Kind);
            Assert.Equal(["kind", "method", "year"], invalid.Errors.Keys.Order(StringComparer.Ordinal));
            Assert.Equal("区域 110000 不是青岛市或其所辖区（市）", (await rounds.ViewAsync(round.Id, null, "110000", null, Ct)).ErrorFor("region"));
            // Nothing was frozen by the refused requests.
            Assert.Equal([round.Id], (await rounds.ListAsync(Ct)).Select(r => r.Id));
        }

        // The API maps the same refusal to 404 with the sentence as the problem's detail.
        var response = await w.Admin.PostAsync("/api/evaluation/rounds/999/publish", null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("评估轮次 999 不存在", (await response.Content.ReadFromJsonAsync<ProblemDetails>(Ct))!.Detail);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Only_evaluators_assess_and_only_an_open_round_of_their_own_subjects(DatabaseProvider provider)
    {
        await using var w = await CreateAsync(provider);
        await w.ReportAsync(Enterprises, 2024, 40);
        var round = await w.FreezeAsync(RoundKinds.Annual, 2026);
        var request = new AssessmentRequest("target", Enterprises, 60, "进度偏慢");

        await using (var admin = RequestAs(w.App, await UserAsync(w.App, Roles.Admin)))
            Assert.Equal(OutcomeKind.Forbidden, (await admin.ServiceProvider.GetRequiredService<Assessments>().SaveAsync(round.Id, request, Ct)).Kind);
        await using (var evaluator = RequestAs(w.App, await UserAsync(w.App, Roles.Evaluator)))
        {
            var assessments = evaluator.ServiceProvider.GetRequiredService<Assessments>();
            Assert.Equal(OutcomeKind.NotFound, (await assessments.SaveAsync(999, request, Ct)).Kind);
            Assert.Equal(OutcomeKind.NotFound, (await assessments.ListAsync(999, Ct)).Kind);
            Assert.StartsWith("方法须为", (await assessments.CombineAsync(round.Id, "bogus", Ct)).ErrorFor("method"), StringComparison.Ordinal);
            var invalid = await assessments.SaveAsync(round.Id, new AssessmentRequest("plan", Enterprises, 101, " "), Ct);
            Assert.Equal(["comment", "score", "subjectType"], invalid.Errors.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(OutcomeKind.Created, (await assessments.SaveAsync(round.Id, request, Ct)).Kind);
            Assert.Equal(OutcomeKind.Ok, (await assessments.SaveAsync(round.Id, request with { Score = 65 }, Ct)).Kind);

            (await w.Admin.PostAsync($"/api/evaluation/rounds/{round.Id}/close", null, Ct)).EnsureSuccessStatusCode();
            var closed = await assessments.SaveAsync(round.Id, request, Ct);
            Assert.Equal((OutcomeKind.Conflict, "该评估轮次已关闭，不再接受评价"), (closed.Kind, closed.Message));
        }
    }

    [Fact]
    public async Task A_refused_freeze_on_the_rounds_page_shows_the_reason_beside_the_field_and_keeps_what_was_typed()
    {
        await using var w = await CreateAsync(DatabaseProvider.Sqlite);
        var page = await (await w.Admin.GetAsync("/evaluation/rounds", Ct)).Content.ReadAsStringAsync(Ct);
        var response = await w.Admin.PostAsync("/evaluation/rounds", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "freeze-round", ["__RequestVerificationToken"] = TestAccounts.AntiforgeryToken(page), ["Freeze.Kind"] = "annual", ["Freeze.Year"] = "1999",
            ["Freeze.PlanId"] = BeautifulCity,
        }), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync(Ct));
        var year = html.QuerySelector("input[name='Freeze.Year']")!;
        Assert.Equal("1999", year.GetAttribute("value"));
        Assert.Equal("年份须在 2000–2100 之间", year.ParentElement!.QuerySelector(".field-error")!.TextContent);
        Assert.Equal(BeautifulCity, html.QuerySelector("select[name='Freeze.PlanId'] option[selected]")!.GetAttribute("value"));
        Assert.Empty(html.QuerySelectorAll("table.rounds tbody tr"));
    }
}
