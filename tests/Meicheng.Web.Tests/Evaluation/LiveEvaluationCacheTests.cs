using System.IO.Compression;
using System.Net.Http.Json;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Dashboard;
using Meicheng.Web.Features.Evaluation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Meicheng.Web.Tests.Evaluation.EvaluationWorld;

namespace Meicheng.Web.Tests.Evaluation;

/// <summary>The live evaluation is served from a cache keyed by the data stamp: the same answer until an input changes, then the new one.</summary>
public sealed class LiveEvaluationCacheTests
{
    private static async Task<long> StampAsync(MeichengApp app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.DataVersions.AsNoTracking().Select(v => v.Stamp).SingleAsync(Ct);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task The_evaluation_and_the_dashboard_stay_the_same_until_an_approval_changes_them(DatabaseProvider provider)
    {
        await using var w = await CreateAsync(provider);
        await w.ReportAsync(Enterprises, 2024, 40);
        const string url = $"/api/evaluation?planId={BeautifulCity}&year=2026&method=linear";

        var first = await w.Admin.GetStringAsync(url, Ct);
        var dashboard = await w.Leader.GetStringAsync("/api/dashboard?year=2026", Ct);
        var stamp = await StampAsync(w.App);
        Assert.Equal(first, await w.Admin.GetStringAsync(url, Ct));
        Assert.Equal(dashboard, await w.Leader.GetStringAsync("/api/dashboard?year=2026", Ct));
        Assert.Equal(stamp, await StampAsync(w.App));

        // A report that is only a draft changes no input of the evaluation... but it is an observation row, so the stamp
        // moves and the answer is recomputed: the same, because drafts never count.
        await w.ReportAsync(Enterprises, 2025, 79, submit: false);
        Assert.NotEqual(stamp, await StampAsync(w.App));
        Assert.Equal(first, await w.Admin.GetStringAsync(url, Ct));

        // An approval is seen at once, by the API and by the dashboard.
        var latest = await w.ReportAsync(Enterprises, 2026, 50);
        var after = await w.Admin.GetFromJsonAsync<EvaluationViewDto>(url, Ct);
        Assert.Contains(latest.Id, after!.Targets.Single(t => t.TargetId == Enterprises).ObservationIds);
        Assert.NotEqual(first, await w.Admin.GetStringAsync(url, Ct));
        var dashboardAfter = await w.Leader.GetFromJsonAsync<DashboardDto>("/api/dashboard?year=2026", Ct);
        Assert.NotEqual(dashboard, await w.Leader.GetStringAsync("/api/dashboard?year=2026", Ct));
        Assert.True(dashboardAfter!.ObservationsUsed >= 2);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task The_cached_view_is_the_one_a_fresh_full_run_gives(DatabaseProvider provider)
    {
        await using var w = await CreateAsync(provider);
        await w.ReportAsync(Enterprises, 2024, 40);
        await w.ReportAsync(Enterprises, 2026, 50);
        await w.ReportAsync(Enterprises, 2026, 45, region: "370211");

        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var live = scope.ServiceProvider.GetRequiredService<LiveEvaluation>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var full = await EvaluationEngine.RunAsync(db, "370200", 2026, null, EvaluationEngine.Parameters(live.Settings), live.Settings.PrimaryMethod, now, Ct);
        // Regions with inputs: a region without any is shown, when asked for, with its (empty) results, which a full run leaves out.
        foreach (var region in new[] { "370200", "370211" })
        {
            foreach (var method in EvaluationText.MethodTokens)
            {
                var expected = EvaluationViews.View(full, null, region, method, null);
                var cached = EvaluationViews.View(await live.SnapshotAsync(2026, null, region, method, Ct), null, region, method, null);
                Assert.Equal(live.Serialize(expected), live.Serialize(cached));
            }
        }
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_client_that_accepts_gzip_gets_the_same_json_compressed(DatabaseProvider provider)
    {
        await using var w = await CreateAsync(provider);
        await w.ReportAsync(Enterprises, 2024, 40);
        const string url = $"/api/evaluation?planId={BeautifulCity}&year=2026&method=linear";
        var plain = await w.Admin.GetByteArrayAsync(url, Ct);

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptEncoding.ParseAdd("gzip, br");
        using var response = await w.Admin.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var wire = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.True(wire.Length < plain.Length / 3, $"{wire.Length} gzip bytes for {plain.Length} bytes of JSON");
        await using var gzip = new GZipStream(new MemoryStream(wire), CompressionMode.Decompress);
        using var unpacked = new MemoryStream();
        await gzip.CopyToAsync(unpacked, Ct);
        Assert.Equal(plain, unpacked.ToArray());
    }

    [Fact]
    public async Task The_signed_in_page_is_cached_for_its_own_session_only_and_renewed_by_an_approval()
    {
        await using var w = await CreateAsync(DatabaseProvider.Sqlite);
        await w.ReportAsync(Enterprises, 2024, 40);
        const string url = "/evaluation?year=2026";

        using var first = await w.Leader.GetAsync(url, Ct);
        first.EnsureSuccessStatusCode();
        var firstPage = await first.Content.ReadAsStringAsync(Ct);
        Assert.Null(first.Headers.Age);
        using var again = await w.Leader.GetAsync(url, Ct);
        Assert.NotNull(again.Headers.Age);
        Assert.Equal(firstPage, await again.Content.ReadAsStringAsync(Ct));

        // Another person's session is rendered for them: never the leader's page, which names the leader.
        using var other = await w.Admin.GetAsync(url, Ct);
        Assert.Null(other.Headers.Age);
        var leader = SignedInName(firstPage);
        var admin = SignedInName(await other.Content.ReadAsStringAsync(Ct));
        Assert.StartsWith("leader-", leader, StringComparison.Ordinal);
        Assert.StartsWith("admin-", admin, StringComparison.Ordinal);

        // An approval renews the data stamp: the same session gets a freshly computed page.
        await w.ReportAsync(Enterprises, 2026, 50);
        using var after = await w.Leader.GetAsync(url, Ct);
        Assert.Null(after.Headers.Age);
    }

    private static string SignedInName(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "class=\"who\"[^>]*>([^<]+)<") is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No signed-in name on the page.");
}
