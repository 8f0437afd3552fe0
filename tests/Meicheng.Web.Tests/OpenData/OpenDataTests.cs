using System.Net;
using AngleSharp.Html.Parser;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Meicheng.Web.Data;
using Meicheng.Web.Features.OpenData;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Tests.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meicheng.Web.Tests.OpenData;

public sealed class OpenDataTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>The body as text after checking that it starts with the UTF-8 BOM.</summary>
    private static async Task<string> CsvAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(Bom, bytes[..3]);
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
    }

    /// <summary>An approved value with awkward text, a submitted value and an approved demo value, all for the same indicator.</summary>
    private static async Task<ObservationDto> SeedAsync(ReportingWorld w)
    {
        var request = w.Value(42.5m) with { DataSource = "市统计局, \"年报\" 第2版", Basis = "=全市口径" };
        var submitted = (await (await w.Reporter.PostAsJsonAsync("/api/reporting/observations", request, Ct)).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<ObservationDto>(Ct))!;
        (await w.Reviewer.PostAsJsonAsync($"/api/reporting/observations/{submitted.Id}/approve", new TransitionRequest(submitted.Version, null), Ct)).EnsureSuccessStatusCode();
        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = w.App.Clock.GetUtcNow();
        Observation Row(string region, string status, bool demo) => new()
        {
            TargetId = w.Target.TargetId, IndicatorId = w.Target.IndicatorId, PeriodId = w.Period.Id, RegionCode = region, Value = 7, EnteredValue = 7,
            EnteredUnit = w.Target.Unit, Status = status, IsDemo = demo, CreatedBy = "seed@example.cn", CreatedAt = now,
            ReviewedAt = status == ReportStatus.Approved ? now : null,
        };
        db.Observations.AddRange(Row("370202", ReportStatus.Submitted, demo: false), Row("370203", ReportStatus.Approved, demo: true));
        await db.SaveChangesAsync(Ct);
        return (await w.App.CreateClient().GetFromJsonAsync<List<ObservationDto>>($"/api/public/observations?indicatorId={w.Target.IndicatorId}", Ct))!
            .Single(o => o.RegionCode == "370200");
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task The_downloads_hold_exactly_the_approved_rows_without_submitted_or_demo_rows_and_the_csv_parses_back(DatabaseProvider provider)
    {
        await using var w = await ReportingWorld.CreateAsync(provider);
        var approved = await SeedAsync(w);
        var indicator = w.Target.IndicatorId;
        var anonymous = w.App.CreateClient();

        var csvResponse = await anonymous.GetAsync(OpenDataCatalogue.CsvUrl(indicator), Ct);
        Assert.Equal($"meicheng-{indicator}.csv", csvResponse.Content.Headers.ContentDisposition?.FileName);
        var records = Rfc4180.Parse(await CsvAsync(csvResponse));
        Assert.Equal(OpenDataCatalogue.RowColumns.Select(c => c.Name), records[0]);
        var row = Assert.Single(records.Skip(1));
        var cell = records[0].Select((name, i) => (name, i)).ToDictionary(x => x.name, x => row[x.i]);
        Assert.Equal(indicator, cell["indicator_id"]);
        Assert.Equal(w.Target.TargetId, cell["target_id"]);
        Assert.Equal(("370200", "青岛市", "Qingdao"), (cell["region_code"], cell["region_name"], cell["region_name_en"]));
        Assert.Equal(("2026", "2026-01-01", "2026-12-31"), (cell["period_key"], cell["period_start"], cell["period_end"]));
        Assert.Equal(approved.Value, decimal.Parse(cell["value"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((approved.Unit, "reported", "false"), (cell["unit"], cell["source"], cell["is_demo"]));
        // Commas and quotes survive the quoting; a formula-like text is defused.
        Assert.Equal("市统计局, \"年报\" 第2版", cell["data_source"]);
        Assert.Equal("'=全市口径", cell["basis"]);
        Assert.Equal(approved.ReviewedAt!.Value.UtcDateTime, DateTime.Parse(cell["approved_at"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal));

        var jsonResponse = await anonymous.GetAsync(OpenDataCatalogue.JsonUrl(indicator), Ct);
        Assert.Equal(HttpStatusCode.OK, jsonResponse.StatusCode);
        Assert.Equal($"meicheng-{indicator}.json", jsonResponse.Content.Headers.ContentDisposition?.FileName);
        using var json = JsonDocument.Parse(await jsonResponse.Content.ReadAsStringAsync(Ct));
        Assert.Equal(w.App.Clock.GetUtcNow(), json.RootElement.GetProperty("generatedAt").GetDateTimeOffset());
        Assert.StartsWith("可自由下载使用，请注明来源", json.RootElement.GetProperty("licence").GetString(), StringComparison.Ordinal);
        Assert.Equal(indicator, json.RootElement.GetProperty("indicator").GetProperty("id").GetString());
        var jsonRow = Assert.Single(json.RootElement.GetProperty("rows").EnumerateArray());
        Assert.Equal(("370200", approved.Value, false),
            (jsonRow.GetProperty("regionCode").GetString(), jsonRow.GetProperty("value").GetDecimal(), jsonRow.GetProperty("isDemo").GetBoolean()));
        Assert.Equal("市统计局, \"年报\" 第2版", jsonRow.GetProperty("dataSource").GetString());

        // An unchanged data set answers 304 to its ETag.
        using (var again = new HttpRequestMessage(HttpMethod.Get, OpenDataCatalogue.CsvUrl(indicator)))
        {
            again.Headers.IfNoneMatch.Add(csvResponse.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(again, Ct)).StatusCode);
        }

        // The catalogue: every indicator once, this one with its one approved city value.
        var catalogue = Rfc4180.Parse(await CsvAsync(await anonymous.GetAsync("/open-data/catalogue.csv", Ct)));
        Assert.Equal(OpenDataCatalogue.CatalogueColumns.Select(c => c.Name), catalogue[0]);
        int indicators;
        using (var scope = w.App.Services.CreateScope())
            indicators = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Indicators.CountAsync(Ct);
        Assert.Equal(indicators, catalogue.Count - 1);
        var entry = catalogue.Single(r => r[0] == indicator);
        Assert.Equal((OpenDataCatalogue.Number(approved.Value), "2026", "1"), (entry[7], entry[8], entry[9]));
        Assert.Equal(OpenDataCatalogue.CsvUrl(indicator), entry[10]);
        Assert.Equal("0", catalogue.First(r => r[0] != indicator && r[0] != "indicator_id")[9]);
        using var catalogueJson = JsonDocument.Parse(await anonymous.GetStringAsync("/open-data/catalogue.json", Ct));
        Assert.Equal(indicators, catalogueJson.RootElement.GetProperty("indicators").GetArrayLength());

        // The page lists the same.
        var page = await anonymous.GetStringAsync("/showcase/open-data", Ct);
        Assert.Contains("可自由下载使用，请注明来源", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"{OpenDataCatalogue.CsvUrl(indicator)}\"", page, StringComparison.Ordinal);

        var unknown = await anonymous.GetAsync("/open-data/indicators/no-such-indicator.json", Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/open-data/indicators/no-such-indicator.csv", Ct)).StatusCode);
    }

    [Fact]
    public async Task In_demo_mode_the_demo_rows_are_included_and_marked()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite).With("Demo:Enabled", "true");
        var client = app.CreateClient();
        var approved = (await client.GetFromJsonAsync<List<ObservationDto>>("/api/public/observations", Ct))!;
        Assert.NotEmpty(approved);
        var indicator = approved.GroupBy(o => o.IndicatorId).OrderByDescending(g => g.Count()).First();
        var records = Rfc4180.Parse(await CsvAsync(await client.GetAsync(OpenDataCatalogue.CsvUrl(indicator.Key), Ct)));
        var isDemo = Array.IndexOf(records[0], "is_demo");
        Assert.Equal(indicator.Count(), records.Count - 1);
        Assert.All(records.Skip(1), r => Assert.Equal("true", r[isDemo]));
        var page = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync("/showcase/open-data", Ct));
        Assert.Contains("is_demo 为 true", page.QuerySelector("main .notice")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_with_commas_quotes_and_line_breaks_round_trips_through_the_csv()
    {
        var tricky = new OpenDataRow("i-1", "人均, \"公园\"\r\n绿地", null, "t-1", "p", "370200", "青岛市", "Qingdao", "2026", new DateOnly(2026, 1, 1),
            new DateOnly(2026, 12, 31), -3.25m, "平方米", "reported", "第一行\n第二行", "", null, false);
        var text = OpenDataCatalogue.Csv([tricky, tricky with { Value = 0.5m, DataSource = "@SUM(A1)" }]);
        Assert.Equal('\uFEFF', text[0]);
        var records = Rfc4180.Parse(text[1..]);
        Assert.Equal(3, records.Count);
        Assert.Equal(("人均, \"公园\"\r\n绿地", "-3.25", "第一行\n第二行", ""), (records[1][1], records[1][11], records[1][14], records[1][16]));
        Assert.Equal(("0.5", "'@SUM(A1)"), (records[2][11], records[2][14]));
    }
}
