using System.Net;
using System.Net.Http.Json;
using System.Text;
using Meicheng.Core.Environment.Air;
using Meicheng.Core.Environment.Ingestion;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Environment;
using Meicheng.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meicheng.Web.Tests.Environment;

public sealed class AirImportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(int Hours, int Days, int Imports)> CountsAsync(MeichengApp app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (await db.AirHours.CountAsync(Ct), await db.AirDays.CountAsync(Ct), await db.AirImports.CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task All_twelve_real_PRSA_files_are_stored_hour_by_hour_re_imports_change_nothing_and_the_evaluation_from_the_database_equals_the_Core(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var admin = await app.ClientForAsync(Roles.Admin);
        var files = EnvironmentTestData.AllPrsa.Select(f => (Name: Path.GetFileName(f), Content: File.ReadAllBytes(f))).ToArray();
        Assert.Equal(12, files.Length);
        var core = EnvironmentTestData.ReadWithCore(AirCsvFormat.Prsa, files);

        var imports = new List<AirImportDto>();
        foreach (var (name, content) in files)
        {
            var (status, import) = await EnvironmentTestData.ImportAsync(admin, name, content, "prsa");
            Assert.Equal(HttpStatusCode.Accepted, status);
            Assert.True(import.Status == ImportStatus.Completed, $"{name}: {import.Status} {import.Error}");
            Assert.Equal((35064L, 35064L, 0L), (import.RowsRead, import.RowsAccepted, import.RowsRejected));
            Assert.Equal(100, import.Percent);
            imports.Add(import);
        }
        Assert.Equal(["1001A", "1002A", "1003A", "1004A", "1005A", "1006A", "1007A", "1008A", "1009A", "1010A", "1011A", "1012A"],
            imports.SelectMany(i => i.StationCodes).Order(StringComparer.Ordinal));
        Assert.Equal(new DateOnly(2013, 3, 1), imports[0].FirstDate);
        Assert.Equal(new DateOnly(2017, 2, 28), imports[0].LastDate);
        // Every row is a stored hour; the days are the Core's station-days (2013-02-28 gets the first label, 00:00 of 1 March).
        var counts = await CountsAsync(app);
        Assert.Equal(12 * 35064, counts.Hours);
        Assert.Equal(core.Data.Stations.Sum(s => s.Days.Count), counts.Days);
        Assert.Equal(core.Data.Stations.Sum(s => s.Days.Count), imports.Sum(i => i.DaysStored));

        // The same file again: recognised by its content, nothing written, not even a new import row.
        var again = await EnvironmentTestData.UploadAsync(admin, "renamed.csv", files[10].Content, "prsa");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var duplicate = (await again.Content.ReadFromJsonAsync<AirImportDto>(Ct))!;
        Assert.True(duplicate.Duplicate);
        Assert.Equal(imports[10].Id, duplicate.Id);
        Assert.Equal(counts, await CountsAsync(app));

        // The annual evaluation computed from the database equals the Core's evaluation of the same files, station by station and for the city.
        var anonymous = app.CreateClient();
        var codes = string.Join(',', Enumerable.Range(1, 12).Select(i => $"{1000 + i}A"));
        var byFeedName = new Dictionary<string, string>
        {
            ["Wanshouxigong"] = "1001A", ["Dingling"] = "1002A", ["Dongsi"] = "1003A", ["Tiantan"] = "1004A", ["Nongzhanguan"] = "1005A", ["Guanyuan"] = "1006A",
            ["Wanliu"] = "1007A", ["Shunyi"] = "1008A", ["Huairou"] = "1009A", ["Changping"] = "1010A", ["Aotizhongxin"] = "1011A", ["Gucheng"] = "1012A",
        };
        foreach (var (year, rules) in new[] { (2014, "2012"), (2016, "2026") })
        {
            var limits = rules == "2012" ? Gb3095Generation.V2012 : Gb3095Generation.V2026Transitional;
            var expected = AnnualEvaluation.Evaluate(core.Data, year, new AnnualEvaluationOptions { AqiRules = AqiRuleSet.Parse(rules), Limits = limits });
            var actual = (await anonymous.GetFromJsonAsync<AirEvaluationDto>($"/api/environment/air/evaluations/{year}?stations={codes}&rules={rules}", Ct))!;
            Assert.Equal(rules == "2012" ? "HJ 633-2012" : "HJ 633-2026", actual.Rules);
            Assert.Equal(12, actual.PerStation.Count);
            Assert.Empty(actual.StationsWithoutData);
            foreach (var station in expected.Stations)
                AssertSame(station, actual.PerStation.Single(s => s.Code == byFeedName[station.Name]));
            AssertSame(expected.City, actual.City!);
        }
    }

    private static void AssertSame(AreaAnnual expected, AirAreaDto actual)
    {
        Assert.Equal((expected.GoodDays, expected.DaysWithAqi, expected.ComprehensiveIndex, expected.Attains),
            (actual.GoodDays, actual.DaysWithAqi, actual.ComprehensiveIndex, actual.Attains));
        foreach (var p in expected.Pollutants)
        {
            foreach (var s in p.Statistics)
            {
                var a = actual.Statistics.Single(x => x.Pollutant == p.Pollutant.Code() && x.Statistic == s.Name);
                Assert.Equal((Math.Round(s.Value!.Value, 4), s.Reported, s.Days, s.Valid, s.Attains), (a.Value, a.Reported, a.Days, a.Valid, a.Attains));
            }
        }
    }

    private const string Header = "station,time,pm25,pm10,so2,no2,co,o3\n";

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_malformed_upload_lists_every_refused_row_precisely_and_a_strict_import_stores_nothing(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var admin = await app.ClientForAsync(Roles.Admin);
        var csv = Header
            + "1011A,2015-01-01 01:00,30,50,5,20,0.5,60\n"      // line 2: fine (by code)
            + "1011A,2015-01-01 02:00,x,50,5,20,0.5,60\n"        // line 3: not a number
            + "1011A,2015-01-01 03:00,30,50,5,-2,0.5,60\n"       // line 4: negative
            + "1011A,2015-01-01 25:00,30,50,5,20,0.5,60\n"       // line 5: no such hour
            + "1011A,2015-01-01 01:00,31,50,5,20,0.5,60\n"       // line 6: duplicate hour
            + "Atlantis,2015-01-01 01:00,30,50,5,20,0.5,60\n"    // line 7: unknown station
            + "1011A,2015-01-01 04:00,30,50\n"                   // line 8: wrong columns
            + "1011A,2015-01-01 05:00,NA,50,5,20,0.5,60\n"       // line 9: fine (PM2.5 missing)
            + "Aotizhongxin,2015-01-01 06:00,30,50,5,20,0.5,60\n"; // line 10: the same station under its feed name
        var content = Encoding.UTF8.GetBytes(csv);

        var (_, strict) = await EnvironmentTestData.ImportAsync(admin, "bad.csv", content, "generic");
        Assert.Equal(ImportStatus.Refused, strict.Status);
        Assert.Equal((9L, 0L, 7L), (strict.RowsRead, strict.RowsAccepted, strict.RowsRejected));
        Assert.Equal(new Dictionary<string, int> { ["DuplicateHour"] = 1, ["Negative"] = 1, ["NotANumber"] = 2, ["StationAlias"] = 1, ["UnknownStation"] = 1, ["WrongColumns"] = 1 },
            strict.RejectedByKind);
        var page = (await admin.GetFromJsonAsync<RejectionPageDto>($"/api/environment/air/imports/{strict.Id}/rejections", Ct))!;
        Assert.Equal(7, page.Total);
        Assert.Equal(
        [
            (3L, "pm25", "NotANumber", "'x' is not a number"),
            (4L, "no2", "Negative", "negative concentration -2"),
            (5L, "time", "NotANumber", "'2015-01-01 25:00' is not yyyy-MM-dd HH:mm with HH 0..23 and minutes 00"),
            (6L, "row", "DuplicateHour", "duplicate hour: 1011A 2015-01-01 hour 1"),
            (7L, "station", "UnknownStation", "unknown station 'Atlantis': not in the station registry (code or feed name)"),
            (8L, "row", "WrongColumns", "4 columns, expected 8"),
            (10L, "station", "StationAlias", "'Aotizhongxin' names station 1011A, which this file already calls '1011A': use one name per station"),
        ], page.Rows.Select(r => (r.Line, r.Field, r.Kind, r.Reason)));
        Assert.Equal("未登记的站点", page.Rows.Single(r => r.Kind == "UnknownStation").KindName);
        Assert.Equal((0, 0), ((await CountsAsync(app)).Hours, (await CountsAsync(app)).Days));

        // Lenient: the two good rows are stored, the same seven refusals listed.
        var (_, lenient) = await EnvironmentTestData.ImportAsync(admin, "bad.csv", content, "generic", "lenient");
        Assert.Equal(ImportStatus.Completed, lenient.Status);
        Assert.Equal((9L, 2L, 7L), (lenient.RowsRead, lenient.RowsAccepted, lenient.RowsRejected));
        Assert.Equal(2, (await CountsAsync(app)).Hours);
        Assert.Equal(1, (await CountsAsync(app)).Days);

        // A later file with an hour already stored: refused as such, never overwritten.
        var overlap = Encoding.UTF8.GetBytes(Header + "1011A,2015-01-01 01:00,99,50,5,20,0.5,60\n1011A,2015-01-01 06:00,30,50,5,20,0.5,60\n");
        var (_, second) = await EnvironmentTestData.ImportAsync(admin, "overlap.csv", overlap, "generic");
        Assert.Equal(ImportStatus.Refused, second.Status);
        var refused = (await admin.GetFromJsonAsync<RejectionPageDto>($"/api/environment/air/imports/{second.Id}/rejections", Ct))!.Rows.Single();
        Assert.Equal((2L, "AlreadyStored"), (refused.Line, refused.Kind));
        Assert.Equal(2, (await CountsAsync(app)).Hours);
        var hour = (await admin.GetFromJsonAsync<List<HourlyAirDto>>("/api/environment/stations/1011A/air/hourly?from=2015-01-01&to=2015-01-01", Ct))!;
        Assert.Equal([30m, null], hour.Select(h => h.Pm25));

        // A file that is not the format at all: the header is refused, nothing stored.
        var (_, header) = await EnvironmentTestData.ImportAsync(admin, "prsa.csv", Encoding.UTF8.GetBytes("a,b,c\n1,2,3\n"), "prsa");
        Assert.Equal((ImportStatus.Refused, 1L), (header.Status, header.RowsRejected));
        Assert.Equal(new Dictionary<string, int> { ["Header"] = 1 }, header.RejectedByKind);

        // Bad requests are refused before anything is queued.
        var badFormat = await EnvironmentTestData.UploadAsync(admin, "x.csv", content, "xlsx");
        Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
        Assert.Contains("format", await badFormat.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
