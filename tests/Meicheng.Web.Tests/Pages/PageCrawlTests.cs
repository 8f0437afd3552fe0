using AngleSharp.Html.Parser;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Tests.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Meicheng.Web.Tests.Pages;

/// <summary>
/// Every page a role reaches by following links, over the demo data (real ids, not placeholders), answers without a server
/// error, on SQLite and on PostgreSQL. On PostgreSQL a static page renders once while its first query runs; a page whose
/// markup reads what that query has not yet set throws there, answers 500 and leaves its query running after the request
/// (which once broke a pooled connection for a later request). The authorization matrix checks every endpoint with
/// placeholder ids; this crawl checks the pages with the data they are built for.
/// </summary>
public sealed class PageCrawlTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Roles = ["anonymous", "admin", "reviewer", "department", "district", "evaluator", "leader", "bank"];

    private const int PagesPerRole = 60;
    private const int SamplesPerPattern = 2;

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Every_page_reachable_by_links_answers_every_role_without_a_server_error(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider).With("Demo:Enabled", "true");
        var failures = new List<string>();
        var visited = 0;
        foreach (var role in Roles)
        {
            var client = role == "anonymous"
                ? app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
                : await app.SignInAsync($"demo-{role}@meicheng.demo", DemoData.DefaultPassword);
            visited += await new SiteCrawl(PagesPerRole, SamplesPerPattern).RunAsync(["/", "/reporting"], async path =>
            {
                using var response = await client.GetAsync(path, Ct);
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{role} {path}: HTTP {(int)response.StatusCode}");
                    return [];
                }
                if ((int)response.StatusCode is >= 300 and < 400)
                    return response.Headers.Location?.OriginalString is { } location ? [location] : [];
                if (response.Content.Headers.ContentType?.MediaType != "text/html")
                    return [];
                var document = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync(Ct));
                return document.QuerySelectorAll("a[href]:not([download])").Select(a => a.GetAttribute("href")!).ToList();
            });
        }
        Assert.True(visited > 200, $"the crawl reached only {visited} pages");
        Assert.True(failures.Count == 0, $"{failures.Count} server errors on {visited} pages:\n" + string.Join("\n", failures));
    }
}
