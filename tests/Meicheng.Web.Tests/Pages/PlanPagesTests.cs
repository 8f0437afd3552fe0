using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Meicheng.Web.Data;

namespace Meicheng.Web.Tests.Pages;

/// <summary>The server-rendered pages, read as HTML documents.</summary>
public sealed class PlanPagesTests
{
    private static async Task<IHtmlDocument> GetPageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_home_page_is_in_simplified_chinese_and_links_both_plans()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var page = await GetPageAsync(app.CreateClient(), "/");

        Assert.Equal("zh-CN", page.DocumentElement.GetAttribute("lang"));
        var publicLinks = page.QuerySelectorAll(".home-public a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/showcase", "/showcase/cases", "/showcase/open-data", "/survey", "/en/showcase"], publicLinks);
        Assert.Contains(page.QuerySelectorAll("header nav a"), a => a.GetAttribute("href") == "/showcase" && a.TextContent == "成果展示");
        var links = page.QuerySelectorAll(".plan-card h2 a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/plans/qingdao-beautiful-city-2025-2027", links);
        Assert.Contains("/plans/qingdao-green-city-pilot-2021", links);
    }

    [Fact]
    public async Task The_plan_browser_goes_from_plan_to_task_to_target()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var client = app.CreateClient();

        var plan = await GetPageAsync(client, "/plans/qingdao-beautiful-city-2025-2027");
        Assert.Equal(8, plan.QuerySelectorAll("section.area[id^=area-]").Length);
        Assert.Equal(37, plan.QuerySelectorAll("ol.tasks > li").Length);
        Assert.Equal(37, plan.QuerySelectorAll("ol.tasks .badge.warn").Length); // no units named in this draft

        var task = await GetPageAsync(client, "/plans/qingdao-beautiful-city-2025-2027/tasks/7");
        var row = task.QuerySelectorAll("table.targets tbody tr").First(r => r.TextContent.Contains("亿平方米", StringComparison.Ordinal));
        Assert.Contains("≥ 1.6 亿平方米", row.QuerySelector("td.value")!.TextContent, StringComparison.Ordinal);

        var targetHref = row.QuerySelector("a")!.GetAttribute("href")!;
        var target = await GetPageAsync(client, targetHref);
        Assert.Equal("1.6", target.QuerySelector("dl.facts .value")!.TextContent);
        Assert.Contains("累计建成绿色建筑面积不低于1.6亿平方米", target.QuerySelector("blockquote.clause")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_regions_and_departments_pages_render()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var client = app.CreateClient();

        var search = await GetPageAsync(client, "/search?q=" + Uri.EscapeDataString("口袋公园"));
        Assert.NotEmpty(search.QuerySelectorAll("ul.hits li"));
        var regions = await GetPageAsync(client, "/regions");
        Assert.Contains("370215", regions.QuerySelector("table.grid")!.TextContent, StringComparison.Ordinal);
        var department = await GetPageAsync(client, "/departments/qd-housing");
        Assert.Contains("青岛市住房和城乡建设局", department.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_target_page_is_a_404_in_chinese()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var response = await app.CreateClient().GetAsync("/targets/bc-nope", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("未找到", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stylesheet_and_icon_the_layout_links_are_served()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var client = app.CreateClient();
        var page = await GetPageAsync(client, "/");
        foreach (var link in page.QuerySelectorAll("link[rel=stylesheet], link[rel=icon]"))
        {
            var response = await client.GetAsync(link.GetAttribute("href"), TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, $"{link.GetAttribute("href")}: {(int)response.StatusCode}");
            Assert.NotNull(response.Content.Headers.ContentType);
        }
    }
}
