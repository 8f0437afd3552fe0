using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Meicheng.Web.Features.Survey;
using Meicheng.Web.Tests.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Meicheng.Web.Tests.Survey;

/// <summary>Builds surveys through the admin API and answers them as browsers do: each anonymous client has its own cookies.</summary>
public static partial class SurveyWorld
{
    public const string Target = "bc-a6-public-satisfaction-2027";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A survey of three questions (a 1–5 satisfaction scale, satisfied from 4; a single choice; an optional text), published from <paramref name="opens"/>.</summary>
    public static async Task<SurveyDto> PublishedAsync(HttpClient admin, DateOnly opens, DateOnly closes, bool live = false)
    {
        var created = await admin.PostAsJsonAsync("/api/admin/surveys", new SurveyRequest("2026 年青岛市公众生态文明建设满意度调查", "Qingdao 2026 satisfaction survey",
            "请根据您的感受作答。", null, Target, opens, closes, "网络问卷，自愿匿名参与，每个浏览器一次；4–5 分计为满意。", "Online, voluntary, anonymous.", live), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var survey = (await created.Content.ReadFromJsonAsync<SurveyDto>(Ct))!;
        await AddAsync(admin, survey.Id, new QuestionRequest("scale", "您对青岛市生态文明建设的总体满意程度", "Overall satisfaction", true, null, 1, 5,
            "非常不满意", "very dissatisfied", "非常满意", "very satisfied", MeasuresSatisfaction: true, SatisfiedFrom: 4));
        await AddAsync(admin, survey.Id, new QuestionRequest("single", "近一年您身边的空气质量", "Air quality near you this year", true,
            [new("明显改善", "Much better", false), new("没有变化", "No change", false), new("变差", "Worse", false)], null, null, null, null, null, null, false, null));
        survey = await AddAsync(admin, survey.Id, new QuestionRequest("text", "您的建议", "Your suggestions", false, null, null, null, null, null, null, null, false, null));
        var published = await admin.PostAsJsonAsync($"/api/admin/surveys/{survey.Id}/publish", new PublishRequest(null, null), Ct);
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync(Ct));
        return (await published.Content.ReadFromJsonAsync<SurveyDto>(Ct))!;
    }

    public static async Task<SurveyDto> AddAsync(HttpClient admin, int surveyId, QuestionRequest question)
    {
        var response = await admin.PostAsJsonAsync($"/api/admin/surveys/{surveyId}/questions", question, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<SurveyDto>(Ct))!;
    }

    /// <summary>A new browser: its own cookie jar, no account, redirects not followed.</summary>
    public static HttpClient Browser(this MeichengApp app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = app.ClientOptions.BaseAddress });

    /// <summary>The form as served: the antiforgery token and the protected time it was served.</summary>
    public sealed record ServedForm(string Html, string Antiforgery, string Issued);

    public static async Task<ServedForm> OpenFormAsync(HttpClient browser, int surveyId, string prefix = "")
    {
        var html = await browser.GetStringAsync($"{prefix}/survey/{surveyId}", Ct);
        return Served(html);
    }

    public static ServedForm Served(string html)
    {
        var issued = IssuedPattern().Match(html);
        Assert.True(issued.Success, "the page has no answer form");
        return new ServedForm(WebUtility.HtmlDecode(html), TestAccounts.AntiforgeryToken(html), WebUtility.HtmlDecode(issued.Groups[1].Value));
    }

    /// <summary>Posts answers (question index → value: for the single choice the option's index) with the served form's tokens.</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient browser, SurveyDto survey, ServedForm form, IReadOnlyDictionary<int, string> answers,
        string honeypot = "", string prefix = "")
    {
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = form.Antiforgery, ["t"] = form.Issued, ["website"] = honeypot };
        foreach (var (index, value) in answers)
        {
            var q = survey.Questions[index];
            fields[$"q{q.Id}"] = q.Kind == "single" ? q.Options[int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : value;
        }
        return browser.PostAsync($"{prefix}/survey/{survey.Id}/answer", new FormUrlEncodedContent(fields), Ct);
    }

    /// <summary>A page as text: Blazor writes non-ASCII characters as character references.</summary>
    public static async Task<string> PageAsync(HttpClient client, string url) => WebUtility.HtmlDecode(await client.GetStringAsync(url, Ct));

    public static async Task<string> HtmlAsync(this HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));

    [GeneratedRegex("name=\"t\" value=\"([^\"]+)\"")]
    private static partial Regex IssuedPattern();
}
