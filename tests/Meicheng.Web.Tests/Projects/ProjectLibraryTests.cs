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

public sealed class ProjectLibraryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Ecology = "qd-ecology-environment";
    private const string Housing = "qd-housing";

    internal static ProjectSaveRequest Request(string name, string type = "大气减排", string status = "planned", string? department = Ecology, string region = "370211") =>
        new(name, type, status, "青岛某公司", department, region, "董家口", """{"type":"Point","coordinates":[120.1,35.9]}""", "建设内容", new DateOnly(2025, 3, 1),
            new DateOnly(2026, 10, 31), 1000, null, null, null, null, null, false, false, null, true, [new FundingLineRequest(2026, "municipal", 200)]);

    internal static async Task<JsonElement> Created(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    internal static async Task<HttpResponseMessage> Upload(HttpClient client, byte[] bytes, string name = "项目清单.xlsx")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", name);
        return await client.PostAsync("/api/projects/import", form, Ct);
    }

    private static async Task<(int Projects, int Funding, int Audit)> Counts(MeichengApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (await db.Projects.CountAsync(p => p.Origin != "plan", Ct), await db.ProjectFunding.CountAsync(Ct),
            await db.AuditEntries.CountAsync(a => a.Action.StartsWith("project"), Ct));
    }

    [Fact]
    public async Task A_department_sees_and_changes_only_its_projects_and_the_plan_office_sees_all()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var admin = await app.ClientForAsync(Roles.Admin);
        var ecology = await app.ClientForAsync(Roles.Department, Ecology);
        var housing = await app.ClientForAsync(Roles.Department, Housing);

        var own = await Created(await ecology.PostAsJsonAsync("/api/projects", Request("董家口热电超低排放改造"), Ct));
        var ownId = own.GetProperty("summary").GetProperty("id").GetInt32();
        Assert.Equal("市生态环境局", own.GetProperty("summary").GetProperty("departmentName").GetString());
        // A department cannot register a project for another department.
        var refused = await ecology.PostAsJsonAsync("/api/projects", Request("别人的项目", department: Housing), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("只能登记本部门", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var other = await Created(await housing.PostAsJsonAsync("/api/projects", Request("公共建筑能效提升（市北区）", "建筑节能", department: Housing, region: "370203"), Ct));
        var otherId = other.GetProperty("summary").GetProperty("id").GetInt32();

        var mine = await ecology.GetFromJsonAsync<List<ProjectSummaryDto>>("/api/projects", Ct);
        Assert.Equal([ownId], mine!.Select(p => p.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await ecology.GetAsync($"/api/projects/{otherId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ecology.PutAsJsonAsync($"/api/projects/{otherId}", Request("改名"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ecology.PostAsJsonAsync($"/api/projects/{otherId}/progress",
            new ProjectProgressRequest(2026, 11, "进展", 10, 1, 1, null, null, true, null), Ct)).StatusCode);

        var all = await admin.GetFromJsonAsync<List<ProjectSummaryDto>>("/api/projects?type=大气减排", Ct);
        Assert.Contains(all!, p => p.Id == ownId);
        Assert.DoesNotContain(all!, p => p.Id == otherId);
        var text = await admin.GetFromJsonAsync<List<ProjectSummaryDto>>("/api/projects?q=能效", Ct);
        Assert.Contains(text!, p => p.Id == otherId);
        // The plans' named projects are in the library, linked to their task, status unknown until reported.
        var named = await admin.GetFromJsonAsync<List<ProjectSummaryDto>>("/api/projects?task=bc-task-6", Ct);
        Assert.Contains(named!, p => p.Name == "三峡300万千瓦海上风电（一期）项目" && p.Status == "unknown" && p.StatusText == "待报送");

        var totals = await admin.GetFromJsonAsync<ProjectLibraryTotalsDto>("/api/projects/totals?year=2026", Ct);
        var ecologyRow = totals!.ByDepartment.Single(r => r.Key == Ecology);
        Assert.Equal((1, 1000m, 200m), (ecologyRow.Projects, ecologyRow.Investment, ecologyRow.Planned));
        Assert.Equal(200m, ecologyRow.PlannedBySource["municipal"]);
    }

    [Fact]
    public async Task An_import_saves_every_row_or_none_and_the_same_file_twice_changes_nothing()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var admin = await app.ClientForAsync(Roles.Admin);
        var good = ProjectSheets.Build([ProjectSheets.Row("董家口热电超低排放改造"), ProjectSheets.Row("即墨印染废水深度处理", "水污染防治", "即墨某印染公司", "市生态环境局", "即墨区")]);

        var template = await admin.GetAsync("/api/projects/template.xlsx", Ct);
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        Assert.StartsWith("PK", System.Text.Encoding.ASCII.GetString((await template.Content.ReadAsByteArrayAsync(Ct))[..2]), StringComparison.Ordinal);

        var before = await Counts(app);
        var malformed = new (string Case, byte[] Bytes, string Reason)[]
        {
            ("missing column", ProjectSheets.Build([ProjectSheets.Row("甲")], ProjectSheets.Headers.Select(h => h == "竣工时间" ? "备注" : h).ToArray()), "缺少“竣工时间”列"),
            ("bad date", ProjectSheets.Build([ProjectSheets.Row("甲"), ProjectSheets.Row("乙", start: "明年春天")]), "“明年春天”不是日期"),
            ("negative money", ProjectSheets.Build([ProjectSheets.Row("甲", investment: "-5")]), "金额不能为负数"),
            ("unknown district", ProjectSheets.Build([ProjectSheets.Row("甲", district: "火星区")]), "未知的区（市）“火星区”"),
            ("duplicate rows", ProjectSheets.Build([ProjectSheets.Row("甲"), ProjectSheets.Row("甲")]), "与第 2 行重复"),
            ("unknown type", ProjectSheets.Build([ProjectSheets.Row("甲", type: "火箭")]), "未知的项目类型“火箭”"),
            ("not Excel", "项目名称,总投资\n甲,1"u8.ToArray(), XlsxSheetReader.NotAWorkbook),
        };
        foreach (var (name, bytes, reason) in malformed)
        {
            var response = await Upload(admin, bytes);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{name}: {response.StatusCode} {body}");
            Assert.True(body.Contains(reason, StringComparison.Ordinal), $"{name}: {body}");
        }
        // The bad date is placed: sheet, row, column.
        var dated = await (await Upload(admin, malformed[1].Bytes)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("项目清单!K3", dated.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(before, await Counts(app));

        using (var small = new MeichengApp(DatabaseProvider.Sqlite).With("Projects:WorkbookMaxBytes", "1024"))
        {
            var client = await small.ClientForAsync(Roles.Admin);
            var big = await Upload(client, ProjectSheets.Build(Enumerable.Range(1, 40).Select(i => ProjectSheets.Row($"项目{i}"))));
            Assert.Equal(HttpStatusCode.BadRequest, big.StatusCode);
            Assert.Contains("超过上限", await big.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        var first = await (await Upload(admin, good)).Content.ReadFromJsonAsync<ProjectImportResultDto>(Ct);
        Assert.Equal((2, 2, 0, 0), (first!.Rows, first.Created, first.Updated, first.Unchanged));
        var afterFirst = await Counts(app);
        Assert.Equal(before.Projects + 2, afterFirst.Projects);
        var again = await (await Upload(admin, good)).Content.ReadFromJsonAsync<ProjectImportResultDto>(Ct);
        Assert.Equal((2, 0, 0, 2), (again!.Rows, again.Created, again.Updated, again.Unchanged));
        Assert.Equal(afterFirst, await Counts(app));

        // A changed status updates the project it names (by name and owner), and the export carries the list back out.
        var changed = await (await Upload(admin, ProjectSheets.Build([ProjectSheets.Row("董家口热电超低排放改造", status: "完工")]))).Content.ReadFromJsonAsync<ProjectImportResultDto>(Ct);
        Assert.Equal((0, 1), (changed!.Created, changed.Updated));
        var export = await admin.GetAsync("/api/projects/export.xlsx?type=大气减排", Ct);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var reimport = await (await Upload(admin, await export.Content.ReadAsByteArrayAsync(Ct))).Content.ReadFromJsonAsync<ProjectImportResultDto>(Ct);
        Assert.Equal((1, 0, 0, 1), (reimport!.Rows, reimport.Created, reimport.Updated, reimport.Unchanged));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task The_map_and_totals_are_kept_per_scope_and_renewed_by_an_import_and_an_approval(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var admin = await app.ClientForAsync(Roles.Admin);
        var ecology = await app.ClientForAsync(Roles.Department, Ecology);
        var housing = await app.ClientForAsync(Roles.Department, Housing);
        var reviewer = await app.ClientForAsync(Roles.Reviewer);
        async Task<List<ProjectMapPointDto>> Map(HttpClient client) => (await client.GetFromJsonAsync<List<ProjectMapPointDto>>("/api/projects/map", Ct))!;
        async Task<ProjectLibraryTotalsDto> Totals(HttpClient client) => (await client.GetFromJsonAsync<ProjectLibraryTotalsDto>("/api/projects/totals", Ct))!;
        static string[] At(string[] row, string lng, string lat) => [.. row, lng, lat];
        var sheet = ProjectSheets.Build([
            At(ProjectSheets.Row("董家口热电超低排放改造"), "120.1", "35.9"),
            At(ProjectSheets.Row("市北区公共建筑节能改造", "建筑节能", "青岛某物业公司", "市住房城乡建设局", "市北区"), "120.37", "36.09"),
        ], [.. ProjectSheets.Headers, "经度", "纬度"]);

        // Each answer is computed (and kept) before the import, for the plan office and for each department's scope.
        var mapBefore = await Map(admin);
        var totalsBefore = await Totals(admin);
        var housingBefore = await Totals(housing);
        Assert.Empty(await Map(ecology));
        Assert.Empty(await Map(housing));

        var imported = await (await Upload(admin, sheet)).Content.ReadFromJsonAsync<ProjectImportResultDto>(Ct);
        Assert.Equal((2, 0), (imported!.Created, imported.Updated));
        Assert.Equal(mapBefore.Count + 2, (await Map(admin)).Count);
        Assert.Equal(["董家口热电超低排放改造"], (await Map(ecology)).Select(p => p.Name));
        Assert.Equal(["市北区公共建筑节能改造"], (await Map(housing)).Select(p => p.Name));
        var totals = await Totals(admin);
        Assert.Equal((totalsBefore.All.Projects + 2, totalsBefore.All.Planned + 600), (totals.All.Projects, totals.All.Planned));
        Assert.Equal(housingBefore.All.Projects + 1, (await Totals(housing)).All.Projects);
        // The same file again changes nothing, on either database (amounts read back as 1200.00 are still 1200).
        var again = await (await Upload(admin, sheet)).Content.ReadFromJsonAsync<ProjectImportResultDto>(Ct);
        Assert.Equal((0, 0, 2), (again!.Created, again.Updated, again.Unchanged));

        // A submitted report is not yet completed investment; its approval is, at once.
        var id = (await Map(ecology)).Single().Id;
        var report = await (await ecology.PostAsJsonAsync($"/api/projects/{id}/progress", new ProjectProgressRequest(2026, 11, "脱硝设备安装完成", 60, 120, 450, null, null, true, null), Ct))
            .Content.ReadFromJsonAsync<ProjectProgressDto>(Ct);
        Assert.Equal(totals.All.Completed, (await Totals(admin)).All.Completed);
        var approved = await reviewer.PostAsJsonAsync($"/api/projects/progress/{report!.Id}/approve", new TransitionRequest(report.Version, "同意"), Ct);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(totals.All.Completed + 450, (await Totals(admin)).All.Completed);
        Assert.Equal(450, (await Totals(ecology)).All.Completed);

        // Compressed when asked, as browsers ask: the same JSON.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/projects/map");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var zipped = await admin.SendAsync(request, Ct);
        Assert.Equal(["gzip"], zipped.Content.Headers.ContentEncoding);
        await using var unzipped = new System.IO.Compression.GZipStream(await zipped.Content.ReadAsStreamAsync(Ct), System.IO.Compression.CompressionMode.Decompress);
        Assert.Equal((await Map(admin)).Select(p => p.Id), (await JsonSerializer.DeserializeAsync<List<ProjectMapPointDto>>(unzipped, JsonSerializerOptions.Web, Ct))!.Select(p => p.Id));
    }

    [Fact]
    public async Task A_rule_fed_target_is_recomputed_when_a_projects_status_changes()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var admin = await app.ClientForAsync(Roles.Admin);
        const string target = "bc-t09-air-reduction-projects-2025";

        var project = await Created(await admin.PostAsJsonAsync("/api/projects", Request("董家口热电超低排放改造", status: "planned"), Ct));
        var id = project.GetProperty("summary").GetProperty("id").GetInt32();
        async Task<Observation?> Current()
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            return await db.Observations.AsNoTracking().SingleOrDefaultAsync(o => o.TargetId == target && o.IsCurrent, Ct);
        }
        var planned = await Current();
        Assert.Equal(0, planned!.Value);
        Assert.Equal(("computed", "submitted"), (planned.Source, planned.Status));

        var update = Request("董家口热电超低排放改造", status: "under-construction") with { Reason = "已开工" };
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/projects/{id}", update, Ct)).StatusCode);
        var building = await Current();
        Assert.Equal((1m, 2), (building!.Value, building.Revision));
        using var provenance = JsonDocument.Parse(building.Provenance!);
        Assert.Equal([id], provenance.RootElement.GetProperty("projects").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Contains("大气减排", provenance.RootElement.GetProperty("rule").GetString(), StringComparison.Ordinal);
        Assert.Equal(2025, provenance.RootElement.GetProperty("year").GetInt32());

        // Cancelled: the project no longer counts.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/projects/{id}", update with { Status = "cancelled" }, Ct)).StatusCode);
        Assert.Equal((0m, 3), ((await Current())!.Value, (await Current())!.Revision));
    }
}
