using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Meicheng.Core.Environment.Air;
using Meicheng.Core.Environment.Ingestion;
using Meicheng.Core.Environment.Seawater;
using Meicheng.Core.Environment.Water;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Environment;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Tests.Accounts;

namespace Meicheng.Web.Tests.Environment;

public sealed class FeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<FeedResultDto>> RecomputeAsync(HttpClient admin, int year)
    {
        var response = await admin.PostAsJsonAsync("/api/environment/feeds/recompute", new RecomputeRequest(year, null, null), Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<List<FeedResultDto>>(Ct))!;
    }

    private static decimal CityPm25(int year, params (string Name, byte[] Content)[] files)
    {
        var core = EnvironmentTestData.ReadWithCore(AirCsvFormat.Generic, files);
        var e = AnnualEvaluation.Evaluate(core.Data, year, new AnnualEvaluationOptions { AqiRules = AqiRuleSet.Hj633_2012, Limits = Gb3095Generation.V2012 });
        Assert.True(e.City[AirPollutant.PM25]["annualMean"]!.Valid);
        return e.City[AirPollutant.PM25]["annualMean"]!.Reported!.Value;
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Qingdao_PM25_becomes_a_computed_observation_of_the_PM25_targets_and_a_recomputation_adds_a_revision_only_when_the_value_changes(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var admin = await app.ClientForAsync(Roles.Admin);
        // Test input for two Qingdao stations (named by their feed names) and, later, a third.
        var first = EnvironmentTestData.GenericYear(2025, "市南区东部", "李沧区");
        var (_, import) = await EnvironmentTestData.ImportAsync(admin, "qd-2025.csv", first, "generic");
        Assert.Equal(ImportStatus.Completed, import.Status);
        var expected = CityPm25(2025, ("qd-2025.csv", first));

        var results = await RecomputeAsync(admin, 2025);
        var pm25 = results.Where(r => r.FeedId == "qingdao-pm25-annual-mean").ToList();
        Assert.Equal(["bc-a2-pm25-2027", "bc-goal-pm25-2027"], pm25.Select(r => r.TargetId));
        Assert.All(pm25, r => Assert.Equal(("created", expected, 1), (r.Outcome, r.Value, r.Revision)));
        // No section has samples: that feed says why it wrote nothing.
        var sections = Assert.Single(results, r => r.FeedId == "qingdao-national-sections-compliance");
        Assert.Equal("skipped", sections.Outcome);

        var observations = (await admin.GetFromJsonAsync<List<ObservationDto>>("/api/reporting/observations?targetId=bc-goal-pm25-2027&period=2025", Ct))!;
        var o = Assert.Single(observations);
        Assert.Equal(("computed", false, "submitted", "370200", expected, "pm25-annual-mean"), (o.Source, o.IsDemo, o.Status, o.RegionCode, o.Value, o.IndicatorId));
        using var provenance = JsonDocument.Parse(o.Provenance!);
        var root = provenance.RootElement;
        Assert.Equal("HJ 633-2012", root.GetProperty("aqiRules").GetString());
        Assert.Equal("2012", root.GetProperty("limits").GetString());
        Assert.Equal(["mc-qd-licang", "mc-qd-shinan-east"], root.GetProperty("stations").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("mc-qd-huangdao", root.GetProperty("stationsWithoutData").EnumerateArray().Select(s => s.GetString()));
        Assert.DoesNotContain("mc-qd-yangkou", root.GetProperty("stationsWithoutData").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("2025-01-01", root.GetProperty("firstDay").GetString());
        Assert.Equal("2025-12-31", root.GetProperty("lastDay").GetString());
        Assert.Equal(2 * 8760, root.GetProperty("hours").GetInt64());

        // The same data again: nothing new.
        var again = await RecomputeAsync(admin, 2025);
        Assert.Equal(pm25.Select(r => ("unchanged", r.ObservationId, 1)), again.Where(r => r.FeedId == "qingdao-pm25-annual-mean").Select(r => (r.Outcome, r.ObservationId, r.Revision!.Value)));
        var history = (await admin.GetFromJsonAsync<List<ObservationDto>>($"/api/reporting/observations/{o.Id}/history", Ct))!;
        Assert.Single(history);

        // A third station's year changes the city mean: one new revision superseding the first.
        var onlyChengyang = EnvironmentTestData.GenericYear(2025, 30, "mc-qd-chengyang");
        Assert.Equal(ImportStatus.Completed, (await EnvironmentTestData.ImportAsync(admin, "qd-2025-chengyang.csv", onlyChengyang, "generic")).Import.Status);
        var changed = CityPm25(2025, ("qd-2025.csv", first), ("qd-2025-chengyang.csv", onlyChengyang));
        Assert.NotEqual(expected, changed);
        var revised = await RecomputeAsync(admin, 2025);
        Assert.All(revised.Where(r => r.FeedId == "qingdao-pm25-annual-mean"), r => Assert.Equal(("created", changed, 2), (r.Outcome, r.Value, r.Revision)));
        history = (await admin.GetFromJsonAsync<List<ObservationDto>>($"/api/reporting/observations/{o.Id}/history", Ct))!;
        Assert.Equal([(1, expected, false), (2, changed, true)], history.Select(h => (h.Revision, h.Value, h.IsCurrent)));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Entered_section_samples_are_classified_and_the_share_meeting_their_target_feeds_the_national_section_indicator(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var admin = await app.ClientForAsync(Roles.Admin);
        // Two sections registered by the admin for this test (the reviewed registry names none).
        foreach (var (code, target) in new[] { ("mc-test-a", 3), ("mc-test-b", 2) })
        {
            var created = await admin.PostAsJsonAsync("/api/environment/stations",
                new StationEntry(code, $"测试断面{code[^1]}", null, "surface-water", "national", "370214", "城阳区", 120.4m, 36.3m, true, false, target, "river", [], null), Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var samples = new (string Code, DateOnly Day, Dictionary<string, decimal> Values)[]
        {
            ("mc-test-a", new(2025, 3, 10), new() { ["PH"] = 7.5m, ["DissolvedOxygen"] = 6.5m, ["CODMn"] = 3.5m, ["NH3N"] = 0.4m, ["TP"] = 0.12m }),
            ("mc-test-a", new(2025, 9, 10), new() { ["PH"] = 7.8m, ["DissolvedOxygen"] = 5.5m, ["CODMn"] = 5.0m, ["NH3N"] = 0.8m, ["TP"] = 0.18m }),
            ("mc-test-b", new(2025, 3, 11), new() { ["PH"] = 7.2m, ["DissolvedOxygen"] = 5.2m, ["CODMn"] = 4.5m, ["NH3N"] = 0.6m, ["TP"] = 0.15m }),
        };
        foreach (var (code, day, values) in samples)
        {
            var response = await admin.PostAsJsonAsync("/api/environment/water/samples", new WaterSampleRequest(code, day, values, null), Ct);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var dto = (await response.Content.ReadFromJsonAsync<WaterSampleDto>(Ct))!;
            var core = WaterQuality.Classify(values.ToDictionary(v => Enum.Parse<WaterItem>(v.Key), v => v.Value));
            Assert.Equal(core.Class.Label(), dto.Classification.Class);
        }
        var bad = await admin.PostAsJsonAsync("/api/environment/water/samples", new WaterSampleRequest("mc-test-a", new(2025, 4, 1), new() { ["Unobtainium"] = 1m }, null), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var twice = await admin.PostAsJsonAsync("/api/environment/water/samples", new WaterSampleRequest(samples[0].Code, samples[0].Day, samples[0].Values, null), Ct);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);

        // The sections by class, from the period means, and the compliance rate the Core gives for them.
        var overview = (await app.CreateClient().GetFromJsonAsync<WaterOverviewDto>("/api/environment/water/sections?year=2025", Ct))!;
        var coreSections = samples.GroupBy(s => s.Code).Select(g => new WaterSection(g.Key,
            WaterQuality.PeriodMean(g.Select(s => (IReadOnlyDictionary<WaterItem, decimal>)s.Values.ToDictionary(v => Enum.Parse<WaterItem>(v.Key), v => v.Value))),
            (WaterClass)(g.Key == "mc-test-a" ? 3 : 2))).ToList();
        var rate = WaterQuality.SectionsMeetingTarget(coreSections);
        Assert.Equal((rate.Compliant, rate.Assessed), (overview.TargetsMet, overview.TargetsAssessed));
        foreach (var s in coreSections)
            Assert.Equal(WaterQuality.Classify(s.Concentrations).Class.Label(), overview.Sections.Single(x => x.Station.Code == s.Name).Classification!.Class);

        // A seawater point is classified by GB 3097 and counted in the point share, never in the section rate.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/environment/stations",
            new StationEntry("mc-test-sea", "测试海水点位", null, "seawater", "national", "370202", "市南区", 120.35m, 36.05m, true, false, 2, null, [], null), Ct)).StatusCode);
        var seaValues = new Dictionary<string, decimal> { ["PH"] = 8.1m, ["DissolvedOxygen"] = 6.5m, ["COD"] = 1.5m, ["InorganicNitrogen"] = 0.25m, ["ActivePhosphate"] = 0.012m };
        var sea = (await (await admin.PostAsJsonAsync("/api/environment/water/samples", new WaterSampleRequest("mc-test-sea", new(2025, 5, 20), seaValues, null), Ct))
            .Content.ReadFromJsonAsync<WaterSampleDto>(Ct))!;
        var seaCore = SeawaterQuality.Classify(seaValues.ToDictionary(v => Enum.Parse<SeaItem>(v.Key), v => v.Value));
        Assert.Equal(("GB 3097-1997", seaCore.Class.Label(), seaCore.Good), (sea.Classification.Standard, sea.Classification.Class, sea.Classification.Good));
        overview = (await app.CreateClient().GetFromJsonAsync<WaterOverviewDto>("/api/environment/water/sections?year=2025", Ct))!;
        Assert.Equal(seaCore.Good ? 100m : 0m, overview.SeaPointGoodShare);
        Assert.Equal((rate.Compliant, rate.Assessed), (overview.TargetsMet, overview.TargetsAssessed));

        var results = await RecomputeAsync(admin, 2025);
        var fed = Assert.Single(results, r => r.FeedId == "qingdao-national-sections-compliance");
        Assert.Equal(("bc-t10-national-sections-compliance-2025", "created", Math.Round(100m * rate.Rate!.Value, 2)), (fed.TargetId, fed.Outcome, fed.Value));
        var o = Assert.Single((await admin.GetFromJsonAsync<List<ObservationDto>>("/api/reporting/observations?targetId=bc-t10-national-sections-compliance-2025", Ct))!);
        Assert.Equal(("computed", false), (o.Source, o.IsDemo));
        Assert.Contains("mc-test-b", o.Provenance, StringComparison.Ordinal);
        Assert.Equal("unchanged", Assert.Single(await RecomputeAsync(admin, 2025), r => r.FeedId == "qingdao-national-sections-compliance").Outcome);
    }
}
