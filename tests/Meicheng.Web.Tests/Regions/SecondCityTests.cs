using System.Net;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Features.Reports;
using ReportOperations = Meicheng.Web.Features.Reporting.Reports;
using Meicheng.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Meicheng.Web.Tests.Evaluation.RoundOperationsTests;
using City = Meicheng.Web.Features.Regions.City;

namespace Meicheng.Web.Tests.Regions;

/// <summary>
/// Another city's site: the app pointed at 烟台's reference data and a two-target plan for it (SecondCity/, a fixture), a city
/// bureau reports a value for its city, a reviewer approves it, and the evaluation, the round, its report and the pages speak
/// of 烟台市, never of 青岛.
/// </summary>
public sealed class SecondCityTests
{
    private const string Pm25 = "yt-t01-pm25-2027";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Fixture(string folder, [System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "SecondCity", folder);

    private static MeichengApp YantaiApp()
    {
        var app = new MeichengApp(DatabaseProvider.Sqlite)
            .With("Plans:Directory", Fixture("plans"))
            .With("Plans:ReferenceDirectory", Fixture("reference"));
        // Qingdao's project library names Qingdao's departments and tasks: this city has none yet.
        return app.With("ProjectFiles:Directory", Path.Combine(app.Scratch, "no-projects"));
    }

    [Fact]
    public async Task A_second_citys_bureau_reports_a_value_that_is_approved_and_evaluated_under_its_own_name()
    {
        using var app = YantaiApp();
        var city = app.Services.GetRequiredService<City>();
        Assert.Equal(("370600", "烟台市", "Yantai", "美丽烟台"), (city.Code, city.Name, city.NameEn, city.Beautiful));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var plan = await db.Plans.AsNoTracking().SingleAsync(Ct);
            Assert.Equal(("yantai-beautiful-city-test", "370600"), (plan.Id, plan.City));
            Assert.Equal(2, await db.Targets.CountAsync(Ct));
        }

        var admin = await UserAsync(app, Roles.Admin);
        var reviewer = await UserAsync(app, Roles.Reviewer);
        var bureau = await app.CreateUserAsync($"yt-{Guid.NewGuid().ToString("N")[..8]}@example.cn", Roles.Department, departmentId: "yt-ecology-environment");

        int period2024, period2026;
        await using (var office = RequestAs(app, admin))
        {
            var periods = office.ServiceProvider.GetRequiredService<ReportingPeriods>();
            period2024 = (await periods.CreateAsync(new CreatePeriodsRequest("annual", 2024, 1, null, ["yt-pm25-annual-mean"], false), Ct)).Value!.Single().Id;
            period2026 = (await periods.CreateAsync(new CreatePeriodsRequest("annual", 2026, 1, null, ["yt-pm25-annual-mean"], false), Ct)).Value!.Single().Id;
        }

        var ids = new List<(int Id, Guid Version)>();
        await using (var reporter = RequestAs(app, bureau))
        {
            var reports = reporter.ServiceProvider.GetRequiredService<ReportOperations>();
            foreach (var (period, value) in new[] { (period2024, 30m), (period2026, 26m) })
            {
                // No region named: a city bureau reports for its city, 370600.
                var saved = await reports.SaveObservationAsync(new ObservationRequest(Pm25, period, null, value, "微克/立方米", "烟台市生态环境局", null, true, null, null, null), Ct);
                Assert.Equal(OutcomeKind.Created, saved.Kind);
                Assert.Equal("370600", saved.Value!.RegionCode);
                ids.Add((saved.Value.Id, saved.Value.Version));
            }
            // A district's figure is the district's to report, not the bureau's.
            var district = await reports.SaveObservationAsync(new ObservationRequest(Pm25, period2026, "370602", 24, "微克/立方米", null, null, true, null, null, null), Ct);
            Assert.Equal(OutcomeKind.Forbidden, district.Kind);
            Assert.DoesNotContain("青岛", district.Message, StringComparison.Ordinal);
        }
        await using (var review = RequestAs(app, reviewer))
        {
            var reports = review.ServiceProvider.GetRequiredService<ReportOperations>();
            foreach (var (id, version) in ids)
                Assert.Equal(OutcomeKind.Ok, (await reports.ApproveAsync<Observation>(id, new TransitionRequest(version, "核实无误"), Ct)).Kind);
        }

        await using (var office = RequestAs(app, admin))
        {
            var live = office.ServiceProvider.GetRequiredService<LiveEvaluation>();
            var snapshot = await live.SnapshotAsync(2026, null, null, "linear", Ct);
            Assert.Equal("370600", snapshot.City);
            var view = EvaluationViews.View(snapshot, null, snapshot.City, "linear", null);
            Assert.Equal(("370600", "烟台市"), (view.RegionCode, view.RegionName));
            var pm25 = view.Targets.Single(t => t.TargetId == Pm25);
            Assert.Equal([ids[0].Id, ids[1].Id], pm25.ObservationIds.Order());
            Assert.Equal("on-track", pm25.Results.Single().Status);
            Assert.Equal(["370602", "370611", "370613"], view.Districts.Select(d => d.Id.Replace("region:", "", StringComparison.Ordinal)).Order());

            // The round and its report are the second city's.
            var round = (await office.ServiceProvider.GetRequiredService<Rounds>().FreezeAsync(new CreateRoundRequest("annual", 2026, null, null, null, null, null, null), Ct)).Value!;
            Assert.Equal("烟台市各项规划2026年度实施监测", round.Title);
            var report = (await office.ServiceProvider.GetRequiredService<RoundReports>().LoadAsync(round.Id, Ct)).Value!;
            var document = ReportContent.Build(report);
            Assert.Equal("烟台市规划实施监测评估", document.Cover.Kicker);
            Assert.Equal("烟台市", report.City.RegionName);
        }

        // The pages: the signed-in home and dashboard, the public showcase and open data.
        var leader = await app.ClientForAsync(Roles.Leader);
        foreach (var path in new[] { "/", "/dashboard", "/evaluation", "/regions" })
        {
            var html = WebUtility.HtmlDecode(await leader.GetStringAsync(path, Ct));
            Assert.True(html.Contains("烟台", StringComparison.Ordinal), path);
            Assert.False(html.Contains("青岛", StringComparison.Ordinal), path);
        }
        var anonymous = app.CreateClient();
        foreach (var path in new[] { "/showcase", "/showcase/open-data", "/en/showcase" })
        {
            var html = WebUtility.HtmlDecode(await anonymous.GetStringAsync(path, Ct));
            Assert.True(html.Contains(path.StartsWith("/en", StringComparison.Ordinal) ? "Beautiful Yantai" : "美丽烟台", StringComparison.Ordinal), path);
            Assert.False(html.Contains("青岛", StringComparison.Ordinal), path);
            Assert.False(html.Contains("Qingdao", StringComparison.Ordinal), path);
        }
    }
}
