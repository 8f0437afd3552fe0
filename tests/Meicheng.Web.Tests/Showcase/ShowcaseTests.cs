using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Features.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Meicheng.Web.Tests.Evaluation.EvaluationWorld;

namespace Meicheng.Web.Tests.Showcase;

/// <summary>The public showcase: published rounds only, approved data only, demo data only in demo mode, and cached until data changes.</summary>
public sealed class ShowcaseTests
{
    private static async Task<IHtmlDocument> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}");
        return await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync(Ct));
    }

    private static string Row(IHtmlDocument page, string targetId) =>
        page.QuerySelectorAll("table.showcase-targets tbody tr").Single(tr => tr.QuerySelector($"a[href$='/showcase/targets/{targetId}']") is not null).TextContent;

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Statuses_are_those_of_the_latest_published_round_and_publishing_is_the_admins_audited_act(DatabaseProvider provider)
    {
        await using var w = await CreateAsync(provider);
        await w.ReportAsync(Enterprises, 2024, 40);
        await w.ReportAsync(Enterprises, 2026, 50);
        var anonymous = w.App.CreateClient();

        // Nothing published: the page says so and shows the approved value without a status; a frozen round stays private.
        var round = await w.FreezeAsync(RoundKinds.Annual, 2026);
        var before = await PageAsync(anonymous, "/showcase");
        Assert.Contains("尚未发布评估结果", before.QuerySelector(".round-note")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("50 家", Row(before, Enterprises), StringComparison.Ordinal);
        Assert.Contains("未评价", Row(before, Enterprises), StringComparison.Ordinal);
        Assert.DoesNotContain(round.Title, before.Body!.TextContent, StringComparison.Ordinal);
        // One wording for "nothing published", said once: the target page does not also claim a published round left it out.
        var targetBefore = await PageAsync(anonymous, $"/showcase/targets/{Enterprises}");
        Assert.Single(targetBefore.QuerySelectorAll(".round-note"), n => n.TextContent.StartsWith("尚未发布评估结果", StringComparison.Ordinal));
        Assert.Null(targetBefore.QuerySelector(".explain"));
        Assert.DoesNotContain("已发布的评估轮次", targetBefore.Body!.TextContent, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Forbidden, (await w.Reviewer.PostAsync($"/api/evaluation/rounds/{round.Id}/publish", null, Ct)).StatusCode);
        var published = await (await w.Admin.PostAsync($"/api/evaluation/rounds/{round.Id}/publish", null, Ct)).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<RoundSummaryDto>(Ct);
        Assert.Equal(w.App.Clock.GetUtcNow(), published!.PublishedAt);
        Assert.StartsWith("admin-", published.PublishedBy, StringComparison.Ordinal);

        // The cached page was dropped on publishing: the round's title, date and method and its status appear at once.
        var after = await PageAsync(anonymous, "/showcase");
        var note = after.QuerySelector(".round-note")!.TextContent;
        Assert.Contains(round.Title, note, StringComparison.Ordinal);
        Assert.Contains("2026-11-22", note, StringComparison.Ordinal);
        Assert.Contains("线性进度法", note, StringComparison.Ordinal);
        Assert.Contains("进度滞后", Row(after, Enterprises), StringComparison.Ordinal);
        var english = await PageAsync(anonymous, "/en/showcase");
        Assert.Equal("en", english.DocumentElement.GetAttribute("lang"));
        Assert.Contains("Off track", Row(english, Enterprises), StringComparison.Ordinal);

        var target = await PageAsync(anonymous, $"/showcase/targets/{Enterprises}");
        Assert.Contains("进度滞后", target.QuerySelector(".headline")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("实际进度为应有进度的 37.5%", target.QuerySelector(".explain")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["2024", "2026"], target.QuerySelectorAll("table.series tbody th").Select(th => th.TextContent));
        Assert.Equal(2, target.QuerySelectorAll("table.projections tbody tr").Length);
        Assert.NotNull(target.QuerySelector("div.chart.trend[role='img'][aria-label][data-export]"));

        using (var scope = w.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "round.publish" && a.EntityId == round.Id.ToString(), Ct));
        }

        // Withdrawn: back to "not published".
        (await w.Admin.PostAsync($"/api/evaluation/rounds/{round.Id}/unpublish", null, Ct)).EnsureSuccessStatusCode();
        Assert.Contains("尚未发布评估结果", (await PageAsync(anonymous, "/showcase")).QuerySelector(".round-note")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_met_only_after_its_year_is_shown_as_achieved_late_not_achieved()
    {
        const string communities = "gc-t27-green-communities";
        await using var w = await CreateAsync(DatabaseProvider.Sqlite);
        await w.ReportAsync(communities, 2021, 4);
        await w.ReportAsync(communities, 2022, 8);
        await w.ReportAsync(communities, 2024, 11);
        var round = await w.FreezeAsync(RoundKinds.Annual, 2026);
        (await w.Admin.PostAsync($"/api/evaluation/rounds/{round.Id}/publish", null, Ct)).EnsureSuccessStatusCode();
        var anonymous = w.App.CreateClient();

        var target = await PageAsync(anonymous, $"/showcase/targets/{communities}");
        var headline = target.QuerySelector(".headline")!.TextContent;
        Assert.Contains("逾期达成", headline, StringComparison.Ordinal);
        Assert.DoesNotContain("已实现", headline, StringComparison.Ordinal);
        Assert.Contains("Achieved late", (await PageAsync(anonymous, $"/en/showcase/targets/{communities}")).QuerySelector(".headline")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_home_is_a_summary_per_area_with_a_few_headline_targets_sparklines_only_for_trends_and_one_export_per_plan()
    {
        await using var w = await CreateAsync(DatabaseProvider.Sqlite);
        await w.ReportAsync(Enterprises, 2024, 40);
        await w.ReportAsync(Enterprises, 2026, 50);
        await w.ReportAsync(Pm25, 2025, 30);
        var round = await w.FreezeAsync(RoundKinds.Annual, 2026);
        (await w.Admin.PostAsync($"/api/evaluation/rounds/{round.Id}/publish", null, Ct)).EnsureSuccessStatusCode();
        var home = await PageAsync(w.App.CreateClient(), "/showcase");

        // A card per area of each plan (and one for the plan's main goals), each with at most three headline targets.
        using (var scope = w.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var areas = await db.PlanAreas.CountAsync(a => !a.Retired, Ct);
            Assert.Equal(areas, home.QuerySelectorAll(".area-card:not([data-area='goals'])").Length);
        }
        Assert.All(home.QuerySelectorAll(".area-card"), c => Assert.InRange(c.QuerySelectorAll(".headline-targets li").Length, 0, 3));
        // The judged target leads its area's headlines, with the published status in the counts and a sparkline of its two years.
        var card = home.QuerySelectorAll(".area-card").Single(c => c.QuerySelector($".headline-targets a[href='/showcase/targets/{Enterprises}']") is not null);
        Assert.Equal($"/showcase/targets/{Enterprises}", card.QuerySelector(".headline-targets li a")!.GetAttribute("href"));
        Assert.Contains("进度滞后", card.QuerySelector(".status-counts")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(card.QuerySelector($"#spark-{Enterprises}.chart.spark[role='img'][aria-label]"));
        // One approved year is no trend: no chart for it, and none for targets without data.
        var pm25 = home.QuerySelectorAll(".headline-targets li").Single(li => li.QuerySelector($"a[href='/showcase/targets/{Pm25}']") is not null);
        Assert.Contains("30", pm25.TextContent, StringComparison.Ordinal);
        Assert.Null(pm25.QuerySelector(".chart"));
        Assert.Equal(["spark-" + Enterprises], home.QuerySelectorAll(".chart").Select(c => c.Id));
        // Exports per section: each plan's table (folded under its cards) and nothing else; no chart on the page exports.
        var plans = home.QuerySelectorAll("section.showcase-plan");
        Assert.Equal(plans.Length, home.QuerySelectorAll("[data-export]").Length);
        Assert.All(plans, p => Assert.Single(p.QuerySelectorAll("details.all-targets table[data-export]")));
        // The page is a summary: every city-wide target once in the tables, three at most per card, far fewer rows than before.
        Assert.True(home.QuerySelectorAll(".headline-targets li").Length < home.QuerySelectorAll("table.showcase-targets tbody tr").Length / 2);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task In_production_the_public_pages_never_show_a_submitted_or_demo_value(DatabaseProvider provider)
    {
        await using var w = await CreateAsync(provider);
        await w.ReportAsync(Enterprises, 2024, 41.25m);
        await w.ReportAsync(Enterprises, 2025, 77.75m, approve: false);
        await w.ReportAsync(Enterprises, 2026, 66.5m, submit: false);
        await InsertApprovedDemoAsync(w.App, Enterprises, 2023, 55.125m);
        await w.FreezeAsync(RoundKinds.Annual, 2026);
        var round = (await w.Admin.GetFromJsonAsync<List<RoundSummaryDto>>("/api/evaluation/rounds", Ct))!.Single();
        (await w.Admin.PostAsync($"/api/evaluation/rounds/{round.Id}/publish", null, Ct)).EnsureSuccessStatusCode();

        var anonymous = w.App.CreateClient();
        foreach (var url in new[] { "/showcase", "/en/showcase", $"/showcase/targets/{Enterprises}", $"/en/showcase/targets/{Enterprises}", $"/targets/{Enterprises}" })
        {
            var text = (await PageAsync(anonymous, url)).Body!.TextContent;
            Assert.Contains("41.25", text, StringComparison.Ordinal);
            Assert.DoesNotContain("77.75", text, StringComparison.Ordinal);
            Assert.DoesNotContain("66.5", text, StringComparison.Ordinal);
            Assert.DoesNotContain("55.125", text, StringComparison.Ordinal);
            Assert.DoesNotContain(DemoData.Label, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task In_demo_mode_demo_values_are_labelled()
    {
        await using var app = new MeichengApp(DatabaseProvider.Sqlite).With("Demo:Enabled", "true");
        var anonymous = app.CreateClient();
        var home = await PageAsync(anonymous, "/showcase");
        var rows = home.QuerySelectorAll("table.showcase-targets tbody tr").ToList();
        var withValue = rows.Where(tr => tr.QuerySelector("td.num .value") is not null).ToList();
        Assert.NotEmpty(withValue);
        // Every value shown is a demo value here, and each says so.
        Assert.All(withValue, tr => Assert.Contains(DemoData.Label, tr.QuerySelector("td.num")!.TextContent, StringComparison.Ordinal));
        Assert.NotNull(home.QuerySelector(".demo-banner"));

        var link = withValue[0].QuerySelector("a")!.GetAttribute("href")!;
        var target = await PageAsync(anonymous, link);
        Assert.All(target.QuerySelectorAll("table.series tbody tr"), tr => Assert.Contains(DemoData.Label, tr.TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_page_is_served_from_the_cache_until_an_approval_evicts_it()
    {
        await using var w = await CreateAsync(DatabaseProvider.Sqlite);
        await w.ReportAsync(Enterprises, 2024, 40);
        var anonymous = w.App.CreateClient();
        var url = $"/showcase/targets/{Enterprises}";
        Assert.DoesNotContain("63.375", (await PageAsync(anonymous, url)).Body!.TextContent, StringComparison.Ordinal);

        // Written behind the application's back (the data stamp that keys the cached pages left as it was): the cached page does not know.
        await InsertApprovedAsync(w.App, Enterprises, 2025, 63.375m, keepStamp: true);
        Assert.DoesNotContain("63.375", (await PageAsync(anonymous, url)).Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("63.375", (await PageAsync(anonymous, url)).Body!.TextContent, StringComparison.Ordinal);

        // An approval through the workflow renews the stamp, so the next request misses the cache and reads the database again.
        await w.ReportAsync(Enterprises, 2026, 70);
        var fresh = (await PageAsync(anonymous, url)).Body!.TextContent;
        Assert.Contains("63.375", fresh, StringComparison.Ordinal);
        Assert.Contains("70", fresh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_visitor_gets_a_fresh_page_and_nothing_personal_reaches_the_cached_one()
    {
        await using var w = await CreateAsync(DatabaseProvider.Sqlite);
        var anonymous = w.App.CreateClient();
        var warm = await (await anonymous.GetAsync("/showcase", Ct)).Content.ReadAsStringAsync(Ct);
        var signedIn = await (await w.Admin.GetAsync("/showcase", Ct)).Content.ReadAsStringAsync(Ct);
        var again = await (await anonymous.GetAsync("/showcase", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Equal(warm, again);
        foreach (var html in new[] { warm, signedIn, again })
        {
            Assert.DoesNotContain("@example.cn", html, StringComparison.Ordinal);
            Assert.DoesNotContain("__RequestVerificationToken", html, StringComparison.Ordinal);
        }
        var response = await anonymous.GetAsync("/showcase", Ct);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Area_and_methods_pages_answer_in_both_languages_and_unknown_ids_are_not_found()
    {
        await using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var anonymous = app.CreateClient();
        var area = await PageAsync(anonymous, $"/showcase/areas/{BeautifulCity}/1");
        Assert.Contains("发展新质生产力", area.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(area.QuerySelectorAll("table.showcase-targets"));
        var areaEn = await PageAsync(anonymous, $"/en/showcase/areas/{BeautifulCity}/1");
        Assert.Equal("en", areaEn.DocumentElement.GetAttribute("lang"));
        Assert.Contains("Develop new quality productive forces", areaEn.QuerySelector("h1")!.TextContent, StringComparison.OrdinalIgnoreCase);

        var methods = await PageAsync(anonymous, "/showcase/methods");
        var parameters = methods.QuerySelector("table.parameters")!.TextContent;
        Assert.Contains("0.95", parameters, StringComparison.Ordinal);
        Assert.Contains("0.85", parameters, StringComparison.Ordinal);
        Assert.Contains("How each status is computed", (await PageAsync(anonymous, "/en/showcase/methods")).QuerySelector("h1")!.TextContent, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/showcase/targets/no-such-target", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/showcase/areas/{BeautifulCity}/99", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_round_page_has_the_admins_publish_button_and_it_publishes_the_round()
    {
        await using var w = await CreateAsync(DatabaseProvider.Sqlite);
        var round = await w.FreezeAsync(RoundKinds.Annual, 2026);
        var url = $"/evaluation/rounds/{round.Id}";
        Assert.DoesNotContain("发布到成果展示平台", (await PageAsync(w.Reviewer, url)).Body!.TextContent, StringComparison.Ordinal);

        var page = await PageAsync(w.Admin, url);
        var form = page.QuerySelector("form.publication")!;
        Assert.Contains("发布到成果展示平台", form.TextContent, StringComparison.Ordinal);
        var fields = form.QuerySelectorAll("input[name]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        var posted = await w.Admin.PostAsync(url, new FormUrlEncodedContent(fields), Ct);
        Assert.True(posted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, posted.StatusCode.ToString());

        var summary = await w.Admin.GetFromJsonAsync<RoundSummaryDto>($"/api/evaluation/rounds/{round.Id}", Ct);
        Assert.NotNull(summary!.PublishedAt);
        Assert.Contains("从成果展示平台撤回", (await PageAsync(w.Admin, url)).QuerySelector("form.publication")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(round.Title, (await PageAsync(w.App.CreateClient(), "/showcase")).QuerySelector(".round-note")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_text_keeps_chinese_as_utf8_and_still_escapes_markup()
    {
        Assert.Equal("美丽 &lt;script&gt;&amp;&quot;&#x27;", Meicheng.Web.Features.Showcase.ShowcaseText.Html("美丽 <script>&\"'").Value);
    }

    private static Task InsertApprovedDemoAsync(MeichengApp app, string targetId, int year, decimal value) => InsertApprovedAsync(app, targetId, year, value, isDemo: true);

    /// <summary>An approved city-wide observation written straight into the database, as demo seeding or another process would.</summary>
    /// <remarks>With <paramref name="keepStamp"/> the data stamp is put back afterwards, as a write that bypasses the app would leave it.</remarks>
    private static async Task InsertApprovedAsync(MeichengApp app, string targetId, int year, decimal value, bool isDemo = false, bool keepStamp = false)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stamp = await db.DataVersions.AsNoTracking().Select(v => v.Stamp).SingleAsync(Ct);
        var target = await db.Targets.AsNoTracking().Include(t => t.Indicator).SingleAsync(t => t.Id == targetId, Ct);
        var period = await db.ReportingPeriods.SingleOrDefaultAsync(p => p.IndicatorId == target.IndicatorId && p.Key == year.ToString(), Ct);
        if (period is null)
        {
            period = new ReportingPeriod
            {
                IndicatorId = target.IndicatorId, Frequency = "annual", Key = year.ToString(), Start = new DateOnly(year, 1, 1), End = new DateOnly(year, 12, 31),
                Due = new DateOnly(year + 1, 1, 15),
            };
            db.ReportingPeriods.Add(period);
            await db.SaveChangesAsync(Ct);
        }
        db.Observations.Add(new Observation
        {
            TargetId = targetId, IndicatorId = target.IndicatorId, PeriodId = period.Id, RegionCode = "370200", Value = value, EnteredValue = value,
            EnteredUnit = target.Indicator!.Unit, Status = ReportStatus.Approved, Locked = true, IsDemo = isDemo, CreatedBy = "test", CreatedAt = app.Clock.GetUtcNow(),
            ReviewedBy = "test", ReviewedAt = app.Clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(Ct);
        if (keepStamp)
            await db.DataVersions.ExecuteUpdateAsync(s => s.SetProperty(v => v.Stamp, stamp), Ct);
    }
}
