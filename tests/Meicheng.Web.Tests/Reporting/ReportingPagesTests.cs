using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Departments;
using Meicheng.Web.Tests.Accounts;

namespace Meicheng.Web.Tests.Reporting;

/// <summary>The reporting pages name departments, districts and targets as people know them, not by id or code.</summary>
public sealed class ReportingPagesTests
{
    private static async Task<IHtmlDocument> PageAsync(HttpClient client, string url) =>
        await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(url, TestContext.Current.CancellationToken));

    [Fact]
    public async Task The_reporting_page_names_the_department_the_region_and_the_target()
    {
        await using var world = await ReportingWorld.CreateAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        (await world.Reporter.PostAsJsonAsync("/api/reporting/observations", world.Value(42.5m), ct)).EnsureSuccessStatusCode();
        var department = (await world.App.CreateClient().GetFromJsonAsync<DepartmentDetailDto>($"/api/departments/{world.Target.DepartmentId}", ct))!.Department;

        var page = await PageAsync(world.Reporter, "/reporting?period=2026");

        var who = page.QuerySelector("main p")!.TextContent;
        Assert.Contains($"责任单位 {department.Name}", who, StringComparison.Ordinal);
        Assert.DoesNotContain(world.Target.DepartmentId, who, StringComparison.Ordinal);
        // The region is chosen by name; a department reporter (a city bureau) reports for the city only (issue 10: districts report their own).
        var options = page.QuerySelectorAll("#regionCode option").Cast<IHtmlOptionElement>().ToList();
        Assert.Equal("青岛市", Assert.Single(options, o => o.IsSelected).Text);
        Assert.Equal(["370200"], options.Select(o => o.Value));
        // The report's row shows the target as its threshold and year, and the region by name.
        var link = page.QuerySelector($"table.observations a[href='/targets/{world.Target.TargetId}']")!;
        Assert.Matches(@"（\d{4} 年）$", link.TextContent);
        Assert.Equal(world.Target.TargetId, link.GetAttribute("title"));
        Assert.Contains(link.Closest("tr")!.QuerySelectorAll("td"), td => td.TextContent == "青岛市");
    }

    [Fact]
    public async Task A_district_reporter_can_only_choose_their_district()
    {
        await using var world = await ReportingWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var district = await world.App.ClientForAsync(Roles.District, districtCode: "370215");

        var page = await PageAsync(district, "/reporting?period=2026");

        Assert.Contains("区划 即墨区", page.QuerySelector("main p")!.TextContent, StringComparison.Ordinal);
        var option = Assert.Single(page.QuerySelectorAll("#regionCode option").Cast<IHtmlOptionElement>());
        Assert.Equal("370215", option.Value);
        Assert.Equal("即墨区", option.Text);
    }
}
