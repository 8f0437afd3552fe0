using AngleSharp.Html.Parser;
using Meicheng.Web.Components;
using Meicheng.Web.Data;
using Microsoft.Extensions.Time.Testing;

namespace Meicheng.Web.Tests.Plans;

/// <summary>A plan in force whose period has ended is labelled 已到期 (ended), not 现行有效, on the plan pages and the showcase.</summary>
public sealed class PlanStatusPagesTests
{
    private const string Green = "qingdao-green-city-pilot-2021";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_pilot_plan_2021_2022_is_labelled_ended_in_2026()
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
    }

    [Fact]
    public void In_its_period_a_plan_is_in_force_and_the_year_is_qingdaos()
    {
        // 2022-12-31 15:00 UTC is still 2022 in Qingdao; an hour later it is 2023 there.
        Assert.Equal("in-force", Display.EffectiveStatus("in-force", 2022, new FakeTimeProvider(new DateTimeOffset(2022, 12, 31, 15, 0, 0, TimeSpan.Zero))));
        Assert.Equal("expired", Display.EffectiveStatus("in-force", 2022, new FakeTimeProvider(new DateTimeOffset(2022, 12, 31, 16, 0, 0, TimeSpan.Zero))));
        // A draft stays a draft.
        Assert.Equal("draft-for-comment", Display.EffectiveStatus("draft-for-comment", 2022, new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))));
    }
}
