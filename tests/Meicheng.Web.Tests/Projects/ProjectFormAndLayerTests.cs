using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Projects;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meicheng.Web.Tests.Projects;

/// <summary>The project form, evidence and reopening of progress, behind-schedule attention and reminders, the public layer.</summary>
public sealed class ProjectFormAndLayerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Ecology = "qd-ecology-environment";

    private static async Task<HttpResponseMessage> PostForm(HttpClient client, string url, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(url, Ct);
        fields["__RequestVerificationToken"] = TestAccounts.AntiforgeryToken(page);
        fields["_handler"] = "project";
        using var form = new FormUrlEncodedContent(fields);
        return await client.PostAsync(url, form, Ct);
    }

    [Fact]
    public async Task The_form_registers_a_project_by_names_keeps_what_was_typed_beside_errors_and_an_edit_needs_an_audited_reason()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var reporter = await app.ClientForAsync(Roles.Department, Ecology);

        var blank = WebUtility.HtmlDecode(await reporter.GetStringAsync("/projects/new", Ct));
        Assert.Contains("市生态环境局", blank, StringComparison.Ordinal);
        Assert.Contains("黄岛区", blank, StringComparison.Ordinal);
        Assert.Contains("专项债", blank, StringComparison.Ordinal);
        Assert.Contains("在建", blank, StringComparison.Ordinal);

        var fields = new Dictionary<string, string>
        {
            ["Form.Name"] = "董家口热电超低排放改造", ["Form.Type"] = "大气减排", ["Form.Status"] = "under-construction", ["Form.DepartmentId"] = Ecology,
            ["Form.RegionCode"] = "370211", ["Form.Lng"] = "120.1", ["Form.Investment"] = "十万", ["Form.Start"] = "2026-03-01",
            ["Form.Completion"] = "2027-10-31", ["Form.FundingYear"] = "2026", ["Funding.special-bonds"] = "300", ["Form.Published"] = "true",
        };
        var refused = await PostForm(reporter, "/projects/new", fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct));
        Assert.Contains("总投资须为数字", html, StringComparison.Ordinal);
        Assert.Contains("点位须同时填写经度和纬度", html, StringComparison.Ordinal);
        Assert.Contains("value=\"董家口热电超低排放改造\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"十万\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"300\"", html, StringComparison.Ordinal);

        fields["Form.Investment"] = "1000";
        fields["Form.Lat"] = "35.9";
        Assert.Equal(HttpStatusCode.Redirect, (await PostForm(reporter, "/projects/new", fields)).StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var project = await db.Projects.AsNoTracking().Include(p => p.Funding).SingleAsync(p => p.Name == "董家口热电超低排放改造", Ct);
        Assert.Equal(("under-construction", Ecology, 1000m, true), (project.Status, project.DepartmentId, project.Investment, project.Published));
        Assert.Equal("""{"type":"Point","coordinates":[120.1,35.9]}""", project.Geometry);
        Assert.Equal([(2026, "special-bonds", 300m)], project.Funding.Select(f => (f.Year, f.Source, f.Amount)));

        var edit = $"/projects/{project.Id}/edit";
        var editPage = WebUtility.HtmlDecode(await reporter.GetStringAsync(edit, Ct));
        Assert.Contains("value=\"120.1\"", editPage, StringComparison.Ordinal);
        fields["Form.Status"] = "completed";
        var noReason = WebUtility.HtmlDecode(await (await PostForm(reporter, edit, fields)).Content.ReadAsStringAsync(Ct));
        Assert.Contains("修改项目须说明理由", noReason, StringComparison.Ordinal);
        fields["Form.Reason"] = "已竣工验收";
        Assert.Equal(HttpStatusCode.Redirect, (await PostForm(reporter, edit, fields)).StatusCode);
        db.ChangeTracker.Clear();
        Assert.Equal("completed", (await db.Projects.AsNoTracking().SingleAsync(p => p.Id == project.Id, Ct)).Status);
        Assert.Equal("已竣工验收", (await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "project.update", Ct)).Reason);
    }

    [Fact]
    public async Task Progress_takes_evidence_and_an_approved_month_reopens_only_with_a_reason()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var admin = await app.ClientForAsync(Roles.Admin);
        var reporter = await app.ClientForAsync(Roles.Department, Ecology);
        var reviewer = await app.ClientForAsync(Roles.Reviewer);
        var other = await app.ClientForAsync(Roles.Department, "qd-housing");
        var project = await ProjectLibraryTests.Created(await reporter.PostAsJsonAsync("/api/projects", ProjectLibraryTests.Request("董家口热电超低排放改造", status: "under-construction"), Ct));
        var id = project.GetProperty("summary").GetProperty("id").GetInt32();

        var created = await reporter.PostAsJsonAsync($"/api/projects/{id}/progress", new ProjectProgressRequest(2026, 11, "脱硝设备安装", 60, 120, 600, null, null, true, null), Ct);
        var progress = (await created.Content.ReadFromJsonAsync<ProjectProgressDto>(Ct))!;
        async Task<HttpResponseMessage> Attach(HttpClient client, string text)
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            form.Add(file, "file", "验收记录.txt");
            return await client.PostAsync($"/api/projects/progress/{progress.Id}/evidence", form, Ct);
        }
        var attached = await Attach(reporter, "脱硝设备安装验收记录");
        Assert.Equal(HttpStatusCode.Created, attached.StatusCode);
        var evidence = (await attached.Content.ReadFromJsonAsync<EvidenceDto>(Ct))!;
        Assert.Equal(HttpStatusCode.Forbidden, (await Attach(other, "不是我的项目")).StatusCode);
        Assert.Equal("脱硝设备安装验收记录", await reviewer.GetStringAsync(evidence.Url, Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(evidence.Url, Ct)).StatusCode);
        var listed = (await reviewer.GetFromJsonAsync<List<ProjectProgressDto>>($"/api/projects/{id}/progress", Ct))!.Single();
        Assert.Equal(["验收记录.txt"], listed.Evidence.Select(e => e.FileName));

        var approved = (await (await reviewer.PostAsJsonAsync($"/api/projects/progress/{progress.Id}/approve", new TransitionRequest(listed.Version, null), Ct))
            .Content.ReadFromJsonAsync<ProjectProgressDto>(Ct))!;
        Assert.True(approved.Locked);
        Assert.Equal(HttpStatusCode.Conflict, (await Attach(reporter, "晚到的材料")).StatusCode);
        var reopen = $"/api/projects/progress/{progress.Id}/reopen";
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PostAsJsonAsync(reopen, new ProjectReopenRequest("更正"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync(reopen, new { reason = "" }, Ct)).StatusCode);
        var reopened = (await (await admin.PostAsJsonAsync(reopen, new ProjectReopenRequest("累计投资填报有误"), Ct)).Content.ReadFromJsonAsync<ProjectProgressDto>(Ct))!;
        Assert.False(reopened.Locked);
        var revised = await reporter.PostAsJsonAsync($"/api/projects/{id}/progress", new ProjectProgressRequest(2026, 11, "脱硝设备安装", 60, 120, 620, null, null, true, reopened.Version), Ct);
        Assert.Equal(HttpStatusCode.Created, revised.StatusCode);
        Assert.Equal(2, (await revised.Content.ReadFromJsonAsync<ProjectProgressDto>(Ct))!.Revision);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal("累计投资填报有误", (await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "project-progress.reopen", Ct)).Reason);
    }

    [Fact]
    public async Task A_project_behind_schedule_reaches_the_attention_list_and_its_department_s_reminders_and_published_ones_the_public()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var admin = await app.ClientForAsync(Roles.Admin);
        // Planned completion 2026-10-31, the clock says 2026-11-22, not built: behind schedule.
        var late = await ProjectLibraryTests.Created(await admin.PostAsJsonAsync("/api/projects", ProjectLibraryTests.Request("董家口热电超低排放改造", status: "under-construction"), Ct));
        var lateId = late.GetProperty("summary").GetProperty("id").GetInt32();
        await ProjectLibraryTests.Created(await admin.PostAsJsonAsync("/api/projects",
            ProjectLibraryTests.Request("内部谋划项目", status: "planned") with { Published = false, Completion = new DateOnly(2028, 12, 31) }, Ct));

        var missing = (await admin.GetFromJsonAsync<MissingReportsDto>("/api/reporting/missing?period=2026", Ct))!;
        var reminder = Assert.Single(missing.Items, i => i.Kind == "project");
        Assert.Equal((lateId.ToString(System.Globalization.CultureInfo.InvariantCulture), Ecology, "behind-schedule"), (reminder.SubjectId, reminder.DepartmentId, reminder.State));
        Assert.Contains("已逾期", reminder.SubjectTitle, StringComparison.Ordinal);

        var dashboard = WebUtility.HtmlDecode(await admin.GetStringAsync("/dashboard?year=2026", Ct));
        Assert.Contains("id=\"chart-projects\"", dashboard, StringComparison.Ordinal);
        Assert.Contains("项目：董家口热电超低排放改造", dashboard, StringComparison.Ordinal);
        Assert.Contains("项目进度滞后", dashboard, StringComparison.Ordinal);

        using var anonymous = app.CreateClient();
        var showcase = WebUtility.HtmlDecode(await anonymous.GetStringAsync("/showcase/projects", Ct));
        Assert.Contains("董家口热电超低排放改造", showcase, StringComparison.Ordinal);
        Assert.Contains("在建", showcase, StringComparison.Ordinal);
        Assert.DoesNotContain("内部谋划项目", showcase, StringComparison.Ordinal);
        Assert.Contains("under construction", await anonymous.GetStringAsync("/en/showcase/projects", Ct), StringComparison.Ordinal);
        var csv = await anonymous.GetStringAsync("/open-data/projects.csv", Ct);
        Assert.StartsWith("project_id,name,type,status", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("董家口热电超低排放改造,大气减排,under-construction,在建,黄岛区,董家口,1000", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("内部谋划项目", csv, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await anonymous.GetStringAsync("/open-data/projects.json", Ct));
        Assert.Equal(["董家口热电超低排放改造"], json.RootElement.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        var district = WebUtility.HtmlDecode(await anonymous.GetStringAsync("/regions/370211", Ct));
        Assert.Contains("黄岛区的公开项目（1）", district, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_imported_row_with_longitude_and_latitude_lands_on_the_map()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var reporter = await app.ClientForAsync(Roles.Department, Ecology);
        string[] headers = [.. ProjectSheets.Headers, "经度", "纬度"];

        var half = await ProjectLibraryTests.Upload(reporter, ProjectSheets.Build([[.. ProjectSheets.Row("董家口热电超低排放改造"), "120.1", ""]], headers));
        Assert.Equal(HttpStatusCode.BadRequest, half.StatusCode);
        Assert.Contains("填写经度时须同时填写纬度", await half.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await ProjectLibraryTests.Upload(reporter, ProjectSheets.Build([[.. ProjectSheets.Row("董家口热电超低排放改造"), "120.1", "35.9"]], headers))).StatusCode);
        var point = Assert.Single((await reporter.GetFromJsonAsync<List<ProjectMapPointDto>>("/api/projects/map", Ct))!);
        Assert.Equal(("董家口热电超低排放改造", "under-construction", """{"type":"Point","coordinates":[120.1,35.9]}"""), (point.Name, point.Status, point.Geometry));
    }
}
