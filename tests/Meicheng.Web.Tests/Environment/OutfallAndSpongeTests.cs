using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Environment;
using Meicheng.Web.Features.Environment.Outfalls;
using Meicheng.Web.Features.Environment.Sponge;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meicheng.Web.Tests.Environment;

public sealed class OutfallAndSpongeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<T> InDbAsync<T>(MeichengApp app, Func<AppDbContext, Task<T>> query)
    {
        using var scope = app.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>A registry workbook: the template's header row, then the given rows (text cells).</summary>
    private static byte[] Workbook(params string?[][] rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var part = document.AddWorkbookPart();
            part.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook(new Sheets());
            var sheetPart = part.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var all = rows.Prepend([.. OutfallWorkbook.Headers]).ToList();
            for (var r = 0; r < all.Count; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < all[r].Length; c++)
                {
                    if (all[r][c] is { } text)
                        row.Append(new Cell { CellReference = $"{(char)('A' + c)}{r + 1}", DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)) });
                }
                data.Append(row);
            }
            sheetPart.Worksheet = new Worksheet(data);
            part.Workbook.Sheets!.Append(new Sheet { Id = part.GetIdOfPart(sheetPart), SheetId = 1, Name = OutfallWorkbook.Sheet });
            part.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string url, byte[] content, string name)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", name } };
        return await client.PostAsync(url, form, Ct);
    }

    private static readonly string?[] Wwtp = ["QD-WWTP-01", "李村河污水处理厂排污口", "城镇污水处理厂", "入河", "李村河", "370213", "120.401", "36.162", "青岛水务集团", "已备案", "2024-05-20", null, null, "30", null];
    private static readonly string?[] Factory = ["QD-IND-01", "某化工企业排污口", "工业", "入海", "胶州湾", "黄岛区", null, null, "某化工有限公司", "备案中", null, null, null, null, null];
    private static readonly string?[] Storm = ["QD-RAIN-01", "海泊河雨洪排口", "雨洪", "入海", "胶州湾", "370203", null, null, null, "未备案", null, null, null, null, null];

    [Fact]
    public async Task A_registry_workbook_with_a_malformed_row_changes_nothing_and_the_same_valid_file_twice_changes_nothing()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var admin = await app.ClientForAsync(Roles.Admin);
        string?[] bad = ["QD-BAD-01", "坏行", "污水厂", "入江", "", "999999", "120.1", null, null, "已备案", "2024-13-01", "gb-none", null, "0", null];
        var refused = await UploadAsync(admin, "/api/environment/outfalls/import", Workbook(Wwtp, bad, Factory, Wwtp), "outfalls.xlsx");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct));
        var issues = problem.RootElement.GetProperty("issues").EnumerateArray()
            .Select(i => (i.GetProperty("sheet").GetString(), i.GetProperty("row").GetInt32(), i.GetProperty("column").GetString(), i.GetProperty("reason").GetString()!)).ToList();
        Assert.All(issues, i => Assert.Equal("排污口", i.Item1));
        Assert.Contains(issues, i => i is (_, 3, "K", _) && i.Item4.Contains("不是日期", StringComparison.Ordinal));
        // Row 5 repeats row 2's code.
        Assert.Contains(issues, i => i is (_, 5, "A", _) && i.Item4.Contains("与第 2 行", StringComparison.Ordinal));
        Assert.Equal(0, await InDbAsync(app, db => db.Outfalls.CountAsync(Ct)));
        // The date fixed, the row's other faults are listed by column.
        bad[10] = "2024-12-01";
        refused = await UploadAsync(admin, "/api/environment/outfalls/import", Workbook(Wwtp, bad, Factory), "outfalls.xlsx");
        using var second = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct));
        var columns = second.RootElement.GetProperty("issues").EnumerateArray().Where(i => i.GetProperty("row").GetInt32() == 3).Select(i => i.GetProperty("column").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "C", "D", "E", "F", "G", "L", "N" }, columns);
        Assert.Equal(0, await InDbAsync(app, db => db.Outfalls.CountAsync(Ct)));

        var file = Workbook(Wwtp, Factory, Storm);
        var ok = await UploadAsync(admin, "/api/environment/outfalls/import", file, "outfalls.xlsx");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(new OutfallImportResultDto(3, 3, 0, 0), await ok.Content.ReadFromJsonAsync<OutfallImportResultDto>(Ct));
        var audits = await InDbAsync(app, db => db.AuditEntries.CountAsync(Ct));
        var again = await UploadAsync(admin, "/api/environment/outfalls/import", file, "outfalls.xlsx");
        Assert.Equal(new OutfallImportResultDto(3, 0, 0, 3), await again.Content.ReadFromJsonAsync<OutfallImportResultDto>(Ct));
        Assert.Equal(audits, await InDbAsync(app, db => db.AuditEntries.CountAsync(Ct)));

        var list = (await admin.GetFromJsonAsync<List<OutfallDto>>("/api/environment/outfalls", Ct))!;
        var wwtp = Assert.Single(list, o => o.Code == "QD-WWTP-01");
        Assert.Equal(("wwtp", "gb18918-2002-1a", "filed", new DateOnly(2024, 5, 20)), (wwtp.Type, wwtp.StandardId, wwtp.Filing, wwtp.FiledOn));
        Assert.Equal("370211", list.Single(o => o.Code == "QD-IND-01").RegionCode);

        // The template downloads and its header is what the import reads.
        var template = await admin.GetAsync("/api/environment/outfalls/template", Ct);
        Assert.Equal(Meicheng.Web.Features.Reporting.Workbook.ContentType, template.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_supervisory_result_is_judged_against_the_outfalls_standard_and_only_admins_register()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var admin = await app.ClientForAsync(Roles.Admin);
        var request = new OutfallRequest("QD-WWTP-02", "团岛污水处理厂排污口", "wwtp", "sea", "胶州湾", "370202", 120.29m, 36.05m, "青岛水务集团", "filed",
            new DateOnly(2023, 3, 1), null, null, 30, null);
        foreach (var role in new[] { Roles.Reviewer, Roles.Department, Roles.District })
            Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientForAsync(role)).PostAsJsonAsync("/api/environment/outfalls", request, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/environment/outfalls", request, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/environment/outfalls", request, Ct)).StatusCode);

        var response = await admin.PostAsJsonAsync("/api/environment/outfalls/QD-WWTP-02/results",
            new OutfallResultRequest(new DateOnly(2026, 10, 9), new() { ["COD"] = 62m, ["NH3N"] = 3.1m, ["PH"] = 7.4m }), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<OutfallResultDto>(Ct))!;
        Assert.False(result.Complies);
        var exceedance = Assert.Single(result.Exceedances);
        Assert.Equal(("COD", 62m, (decimal?)50m), (exceedance.Parameter, exceedance.Value, exceedance.Max));
        Assert.StartsWith("超标：化学需氧量 62 mg/L，超过限值 50", result.Judgment, StringComparison.Ordinal);

        var bad = await admin.PostAsJsonAsync("/api/environment/outfalls/QD-WWTP-02/results", new OutfallResultRequest(new DateOnly(2026, 10, 10), new() { ["Lead"] = 1m }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task The_supervision_share_feeds_the_outfall_milestone_and_new_compliant_area_feeds_the_sponge_targets_with_provenance()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var admin = await app.ClientForAsync(Roles.Admin);
        // Clock: 2026-11-22. An online monitor that reported an hour ago, a schedule with a result in 2025, and an outfall with neither.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/environment/stations",
            new StationEntry("mc-outfall-monitor-1", "李村河污水处理厂在线监测", null, "surface-water", "municipal", "370213", null, null, null, false, false, null, "river", [], null), Ct)).StatusCode);
        await InDbAsync(app, db => db.Stations.Where(s => s.Code == "mc-outfall-monitor-1").ExecuteUpdateAsync(u => u.SetProperty(s => s.LastPacketAt, app.Clock.GetUtcNow().AddHours(-1)), Ct));
        OutfallRequest Outfall(string code, string name, string? monitor, int? days) =>
            new(code, name, "wwtp", "river", "李村河", "370213", null, null, null, "filed", new DateOnly(2024, 1, 5), null, monitor, days, null);
        foreach (var o in new[] { Outfall("QD-A", "甲排污口", "mc-outfall-monitor-1", null), Outfall("QD-B", "乙排污口", null, 90), Outfall("QD-C", "丙排污口", null, null) })
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/environment/outfalls", o, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/environment/outfalls/QD-B/results",
            new OutfallResultRequest(new DateOnly(2025, 11, 3), new() { ["COD"] = 30m }), Ct)).StatusCode);

        // Two zones: Z1 (2.5 km², target 75 %) reaches 76.0 %; Z2 (1.2 km², target 80 %) reaches 75.0 %.
        foreach (var z in new[] { new ZoneRequest("Z1", "李村河上游分区", "370213", 2.5m, 75m, false, null, null), new ZoneRequest("Z2", "海泊河分区", "370203", 1.2m, 80m, false, null, null) })
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/environment/sponge/zones", z, Ct)).StatusCode);
        var csv = Encoding.UTF8.GetBytes("zone,date,rainfall_mm,outflow_m3\nZ1,2025-06-01,30,20000\nZ1,2025-07-20,45.5,35000\nZ1,2025-08-03,24.5,\nZ1,2025-08-04,,5000\nZ2,2025-07-20,100,30000\n");
        var bad = Encoding.UTF8.GetBytes("zone,date,rainfall_mm,outflow_m3\nZ1,2025-06-01,30,20000\nZ9,2025-07-20,45.5,35000\nZ1,2025-07-32,1,1\n");
        var refused = await UploadAsync(admin, "/api/environment/sponge/monitoring/import", bad, "bad.csv");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(0, await InDbAsync(app, db => db.ZoneMonitoringDays.CountAsync(Ct)));
        var imported = await UploadAsync(admin, "/api/environment/sponge/monitoring/import", csv, "series.csv");
        Assert.Equal(new SeriesImportResultDto(5, 5, 0, 0), await imported.Content.ReadFromJsonAsync<SeriesImportResultDto>(Ct));
        Assert.Equal(new SeriesImportResultDto(5, 0, 0, 5), await (await UploadAsync(admin, "/api/environment/sponge/monitoring/import", csv, "series.csv")).Content.ReadFromJsonAsync<SeriesImportResultDto>(Ct));
        var zones = (await admin.GetFromJsonAsync<List<ZoneDto>>("/api/environment/sponge/zones?year=2025", Ct))!;
        Assert.Equal([("Z2", 75.0m, false), ("Z1", 76.0m, true)], zones.Select(z => (z.Code, z.CaptureRatio!.Value, z.Meets!.Value)));

        var response = await admin.PostAsJsonAsync("/api/environment/feeds/recompute", new RecomputeRequest(2025, null, null), Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        var results = (await response.Content.ReadFromJsonAsync<List<FeedResultDto>>(Ct))!;

        var sponge = results.Where(r => r.FeedId == EnvironmentFeeds.SpongeArea).ToList();
        Assert.Equal(3, sponge.Count);
        Assert.All(sponge, r => Assert.Equal(("created", (decimal?)2.5m), (r.Outcome, r.Value)));
        var observation = await InDbAsync(app, db => db.Observations.AsNoTracking().SingleAsync(o => o.TargetId == "bc-t17-sponge-city-area-2027" && o.IsCurrent, Ct));
        Assert.Equal(("computed", 2.5m, "370200"), (observation.Source, observation.Value, observation.RegionCode));
        using (var p = JsonDocument.Parse(observation.Provenance!))
        {
            Assert.Equal(["Z1"], p.RootElement.GetProperty("zones").EnumerateArray().Select(z => z.GetProperty("code").GetString()));
            Assert.Equal(["Z2"], p.RootElement.GetProperty("notCounted").EnumerateArray().Select(z => z.GetProperty("code").GetString()));
        }

        var milestone = Assert.Single(results, r => r.FeedId == EnvironmentFeeds.OutfallSupervision);
        Assert.Equal(("created", (decimal?)66.7m), (milestone.Outcome, milestone.Value));
        var progress = await InDbAsync(app, db => db.MilestoneProgress.AsNoTracking().SingleAsync(m => m.MilestoneId == "bc-t31-outfall-digital-supervision-2025" && m.IsCurrent, Ct));
        Assert.Equal((ProgressState.Delayed, "computed", ReportStatus.Submitted), (progress.State, progress.Source, progress.Status));
        Assert.Contains("数字化监管 2 个（66.7%）", progress.Narrative, StringComparison.Ordinal);
        using (var p = JsonDocument.Parse(progress.Provenance!))
        {
            Assert.Equal(["QD-A", "QD-B"], p.RootElement.GetProperty("supervised").EnumerateArray().Select(o => o.GetProperty("code").GetString()));
            Assert.Equal(["Online", "Schedule"], p.RootElement.GetProperty("supervised").EnumerateArray().Select(o => o.GetProperty("basis").GetString()));
            Assert.Equal(["QD-C"], p.RootElement.GetProperty("notSupervised").EnumerateArray().Select(o => o.GetProperty("code").GetString()));
        }

        // Nothing changed: a recomputation adds no revision.
        var again = (await (await admin.PostAsJsonAsync("/api/environment/feeds/recompute", new RecomputeRequest(2025, null, null), Ct)).Content.ReadFromJsonAsync<List<FeedResultDto>>(Ct))!;
        Assert.All(again.Where(r => r.FeedId is EnvironmentFeeds.SpongeArea or EnvironmentFeeds.OutfallSupervision), r => Assert.Equal("unchanged", r.Outcome));
    }
}
