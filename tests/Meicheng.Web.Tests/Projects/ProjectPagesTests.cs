using System.Net;
using System.Net.Http.Json;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Tests.Accounts;

namespace Meicheng.Web.Tests.Projects;

public sealed class ProjectPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_list_shows_names_and_the_progress_form_keeps_what_was_typed_beside_its_error()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var reporter = await app.ClientForAsync(Roles.Department, "qd-ecology-environment");
        var project = await ProjectLibraryTests.Created(await reporter.PostAsJsonAsync("/api/projects",
            ProjectLibraryTests.Request("董家口热电超低排放改造", status: "under-construction"), Ct));
        var id = project.GetProperty("summary").GetProperty("id").GetInt32();

        var list = WebUtility.HtmlDecode(await reporter.GetStringAsync("/projects", Ct));
        Assert.Contains("董家口热电超低排放改造", list, StringComparison.Ordinal);
        Assert.Contains("市生态环境局", list, StringComparison.Ordinal);
        Assert.Contains("黄岛区", list, StringComparison.Ordinal);
        Assert.Contains("在建", list, StringComparison.Ordinal);

        var page = await reporter.GetStringAsync($"/projects/{id}", Ct);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TestAccounts.AntiforgeryToken(page), ["_handler"] = "progress", ["Progress.Month"] = "2026-11",
            ["Progress.Narrative"] = "脱硝设备安装中", ["Progress.Percent"] = "150", ["Progress.ThisMonth"] = "10", ["Progress.ToDate"] = "100",
        });
        var response = await reporter.PostAsync($"/projects/{id}", form, Ct);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("完成比例须在 0 到 100 之间", html, StringComparison.Ordinal);
        Assert.Contains("脱硝设备安装中</textarea>", html, StringComparison.Ordinal);
    }
}
