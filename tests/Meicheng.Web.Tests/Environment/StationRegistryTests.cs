using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Environment;
using Meicheng.Web.Tests.Accounts;

namespace Meicheng.Web.Tests.Environment;

public sealed class StationRegistryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string RegistryPath => Path.Combine(EnvironmentTestData.Root, "data", "reference", StationRegistry.FileName);

    [Fact]
    public void The_reviewed_registry_parses_and_every_PRSA_station_has_its_feed_name()
    {
        var entries = StationRegistry.Parse(File.ReadAllText(RegistryPath));
        Assert.Equal(12, entries.Count(e => e.Region.StartsWith("11", StringComparison.Ordinal)));
        Assert.Equal(9, entries.Count(e => e.Region.StartsWith("3702", StringComparison.Ordinal)));
        // Every PRSA file's station column names a registered station.
        foreach (var file in EnvironmentTestData.AllPrsa)
        {
            var name = Path.GetFileName(file).Split('_')[2];
            Assert.Single(entries, e => e.FeedNames.Contains(name));
        }
        // Qingdao's positions are approximate and say so; none of them is invented as a water section.
        Assert.All(entries.Where(e => e.Region.StartsWith("3702", StringComparison.Ordinal)), e => Assert.True(e.Approximate));
        Assert.All(entries, e => Assert.Equal(StationKind.Air, e.Kind));
    }

    [Theory]
    [InlineData("""{"schema":"meicheng.stations/1","stations":[{"code":"a","name":"A","kind":"air","type":"national","region":"370202","feedNames":[]},{"code":"a","name":"B","kind":"air","type":"national","region":"370202","feedNames":[]}]}""", "stations[1] (a): code: repeated")]
    [InlineData("""{"schema":"meicheng.stations/1","stations":[{"code":"a","name":"A","kind":"air","type":"national","region":"3702","feedNames":[]}]}""", "stations[0] (a): region: a six-digit GB/T 2260 code")]
    [InlineData("""{"schema":"meicheng.stations/1","stations":[{"code":"a","name":"A","kind":"air","type":"national","region":"370202","targetClass":3,"feedNames":[]}]}""", "stations[0] (a): targetClass, waterBody: only for water")]
    [InlineData("""{"schema":"meicheng.stations/1","stations":[{"code":"s","name":"S","kind":"surface-water","type":"national","region":"370202","targetClass":6,"waterBody":"river","feedNames":[]}]}""", "stations[0] (s): targetClass: GB 3838 class 1..5")]
    [InlineData("""{"schema":"meicheng.stations/1","stations":[{"code":"a","name":"A","kind":"air","type":"national","region":"370202","feedNames":["X"]},{"code":"b","name":"B","kind":"air","type":"national","region":"370202","feedNames":["X"]}]}""", "stations[1] (b): feedNames: 'X' is already the feed name of a")]
    [InlineData("""{"schema":"other","stations":[]}""", "stations.json: schema must be meicheng.stations/1")]
    public void A_bad_registry_is_refused_naming_the_entry_and_field(string json, string message)
    {
        var e = Assert.Throws<StationRegistryException>(() => StationRegistry.Parse(json));
        Assert.EndsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task The_registry_is_seeded_at_start_and_a_changed_file_updates_and_retires_without_deleting(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider, editablePlans: true);
        var anonymous = app.CreateClient();
        var qingdao = (await anonymous.GetFromJsonAsync<List<StationDto>>("/api/environment/stations?kind=air&region=370200", Ct))!;
        Assert.Equal(9, qingdao.Count);
        Assert.Single(qingdao, s => s.IsReference);
        var beijing = (await anonymous.GetFromJsonAsync<List<StationDto>>("/api/environment/stations?region=110000", Ct))!;
        Assert.Equal(12, beijing.Count);
        var detail = (await anonymous.GetFromJsonAsync<StationDetailDto>("/api/environment/stations/1011A", Ct))!;
        Assert.Equal(("奥体中心", "国控", 0), (detail.Station.Name, detail.Station.TypeName, detail.AirHours));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/environment/stations/nope", Ct)).StatusCode);

        // Edit the scratch copy of the registry: drop one station, rename another; then seed again.
        var path = Path.Combine(Path.GetDirectoryName(app.PlansDirectory)!, "reference", StationRegistry.FileName);
        var doc = JsonNode.Parse(await File.ReadAllTextAsync(path, Ct))!;
        var stations = doc["stations"]!.AsArray();
        stations.Remove(stations.Single(s => (string?)s!["code"] == "1012A"));
        stations.Single(s => (string?)s!["code"] == "1003A")!["name"] = "东四（改名）";
        await File.WriteAllTextAsync(path, doc.ToJsonString(), Ct);
        await app.Services.SeedStationsAsync(Ct);

        var active = (await anonymous.GetFromJsonAsync<List<StationDto>>("/api/environment/stations?region=110000", Ct))!;
        Assert.Equal(11, active.Count);
        Assert.Equal("东四（改名）", active.Single(s => s.Code == "1003A").Name);
        var all = (await anonymous.GetFromJsonAsync<List<StationDto>>("/api/environment/stations?region=110000&retired=true", Ct))!;
        Assert.True(all.Single(s => s.Code == "1012A").Retired);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task The_import_page_is_for_admins_and_the_public_pages_show_the_registry(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await anonymous.GetAsync("/environment/imports", Ct);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.StartsWith("/account/login", login.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var reviewer = await app.ClientForAsync(Roles.Reviewer);
        var denied = await reviewer.GetAsync("/environment/imports", Ct);
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/account/denied", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var admin = await app.ClientForAsync(Roles.Admin);
        var page = new HtmlParser().ParseDocument(await admin.GetStringAsync("/environment/imports", Ct));
        Assert.Equal("上传并导入", page.QuerySelector("#air-import-form button")!.TextContent);
        Assert.NotNull(page.QuerySelector("progress#import-progress"));

        var index = new HtmlParser().ParseDocument(await anonymous.GetStringAsync("/environment", Ct));
        var names = index.QuerySelectorAll("table.stations tbody tr td:nth-child(2) a").Select(a => a.TextContent).ToList();
        Assert.Equal(21, names.Count);
        Assert.Contains("市南区东部", names);
        Assert.Contains("奥体中心", names);
        // The map's data block lists the Qingdao stations (the Beijing ones are only in the list).
        var mapData = JsonNode.Parse(index.QuerySelector("#station-map-data")!.TextContent)!.AsArray();
        Assert.Equal(9, mapData.Count);
        var water = new HtmlParser().ParseDocument(await anonymous.GetStringAsync("/environment/water?year=2025", Ct));
        Assert.Contains("尚未登记地表水断面", water.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
    }
}
