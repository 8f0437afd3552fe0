using System.Net;
using System.Net.Http.Json;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Survey;
using Meicheng.Web.Tests.Accounts;

namespace Meicheng.Web.Tests.Survey;

/// <summary>Issue 10 #13: a survey closed on 2026-12-05 wrote its figure to 2027 (the year of its planned end date).</summary>
public sealed class SurveyYearTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_survey_closed_early_in_December_writes_its_figure_to_the_year_it_ran(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider).With("Survey:AnswersPerMinute", "1000");
        var admin = await app.ClientForAsync(Roles.Admin);
        // Planned to run into January, closed on 2026-12-05 (Beijing time).
        var survey = await SurveyWorld.PublishedAsync(admin, new DateOnly(2026, 11, 20), new DateOnly(2027, 1, 4));
        var browser = app.Browser();
        var form = await SurveyWorld.OpenFormAsync(browser, survey.Id);
        app.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.Redirect, (await SurveyWorld.PostAsync(browser, survey, form, new Dictionary<int, string> { [0] = "5", [1] = "0" })).StatusCode);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 5, 2, 0, 0, TimeSpan.Zero));
        // Two weeks on, the first sign-in has passed its idle timeout: the office signs in again.
        admin = await app.ClientForAsync(Roles.Admin);
        (await admin.PostAsync($"/api/admin/surveys/{survey.Id}/close", null, Ct)).EnsureSuccessStatusCode();

        var written = (await (await admin.PostAsync($"/api/admin/surveys/{survey.Id}/indicator", null, Ct)).Content.ReadFromJsonAsync<IndicatorWriteDto>(Ct))!;
        Assert.Equal(("created", 2026), (written.Outcome, written.Year));
    }

    [Fact]
    public void The_year_is_read_on_Qingdao_calendar_from_the_last_day_the_survey_took_answers()
    {
        static Features.Survey.Survey Closed(DateOnly closesOn, DateTimeOffset closedAt) => new()
        {
            Title = "t", TargetId = "x", IndicatorId = "x", Method = "m", Status = SurveyStatus.Closed, HashKey = [], CreatedBy = "a",
            OpensOn = new DateOnly(2026, 11, 1), ClosesOn = closesOn, ClosedAt = closedAt,
        };
        // 23:30 on 31 December in Qingdao is still 2026; half an hour later it is 2027 there, while UTC still says 2026.
        Assert.Equal(2026, SurveyResults.Year(Closed(new DateOnly(2027, 1, 31), new DateTimeOffset(2026, 12, 31, 15, 30, 0, TimeSpan.Zero))));
        Assert.Equal(2027, SurveyResults.Year(Closed(new DateOnly(2027, 1, 31), new DateTimeOffset(2026, 12, 31, 16, 30, 0, TimeSpan.Zero))));
        // Closed after its last day: the last day counts, not the day someone pressed the button.
        Assert.Equal(2026, SurveyResults.Year(Closed(new DateOnly(2026, 12, 31), new DateTimeOffset(2027, 1, 3, 2, 0, 0, TimeSpan.Zero))));
    }
}
