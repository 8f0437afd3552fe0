using AngleSharp.Html.Parser;
using Meicheng.Web.Data;

namespace Meicheng.Web.Tests.Plans;

/// <summary>A plan in force whose period has ended is labelled 已到期 (ended), not 现行有效, on the plan pages and the showcase.</summary>
public sealed class PlanStatusPagesTests
{
    private const string Green = "qingdao-green-city-pilot-2021";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_pilot_plan_2021_2022_is_labelled_ended_in_2026_and_in_force_in_2022()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var client = app.CreateClient();
        var parser = new HtmlParser();

        // The app's clock says 2026-11-22.
        var index = await parser.ParseDocumentAsync(await client.GetStringAsync("/plans", Ct));
        var row = index.QuerySelectorAll("tbody tr").Single(tr => tr.QuerySelector($"a[href='/plans/{Green}']") is not null);
        Assert.Equal("已到期", row.QuerySelector(".badge")!.TextContent);
        Assert.DoesNotContain("现行有效", index.Body!.TextContent, StringComparison.Ordinal);
        var page = await parser.ParseDocumentAsync(await client.GetStringAsync($"/plans/{Green}", Ct));
        Assert.Equal("已到期", page.QuerySelector("p.meta .badge")!.TextContent);
        var home = await parser.ParseDocumentAsync(await client.GetStringAsync("/", Ct));
        Assert.Contains(home.QuerySelectorAll(".plan-card"), c => c.TextContent.Contains("已到期", StringComparison.Ordinal));
        var showcase = await parser.ParseDocumentAsync(await client.GetStringAsync("/showcase", Ct));
        Assert.Contains("（已到期）", showcase.Body!.TextContent, StringComparison.Ordinal);

        // During its period it is in force. 2022-12-31 16:00 UTC is already 2023 in Qingdao.
        app.Clock.SetUtcNow(new DateTimeOffset(2022, 12, 31, 15, 0, 0, TimeSpan.Zero));
        var during = await parser.ParseDocumentAsync(await client.GetStringAsync($"/plans/{Green}", Ct));
        Assert.Equal("现行有效", during.QuerySelector("p.meta .badge")!.TextContent);
        app.Clock.SetUtcNow(new DateTimeOffset(2022, 12, 31, 16, 0, 0, TimeSpan.Zero));
        var after = await parser.ParseDocumentAsync(await client.GetStringAsync($"/plans/{Green}", Ct));
        Assert.Equal("已到期", after.QuerySelector("p.meta .badge")!.TextContent);
    }
}
