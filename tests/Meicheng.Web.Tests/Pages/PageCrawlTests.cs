using System.Net;
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
            var queue = new Queue<string>(["/", "/reporting"]);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var patterns = new Dictionary<string, int>(StringComparer.Ordinal);
            var pages = 0;
            while (queue.Count > 0 && pages < PagesPerRole)
            {
                var path = queue.Dequeue();
                if (!seen.Add(path))
                    continue;
                // A couple of each kind of page (/targets/{id}, /plans/{id}/tasks/{n}) is enough: the markup is the same.
                var pattern = Pattern(path);
                if (patterns.GetValueOrDefault(pattern) >= SamplesPerPattern)
                    continue;
                patterns[pattern] = patterns.GetValueOrDefault(pattern) + 1;
                using var response = await client.GetAsync(path, Ct);
                pages++;
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{role} {path}: HTTP {(int)response.StatusCode}");
                    continue;
                }
                if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther
                    && response.Headers.Location?.OriginalString is { } location && Crawlable(location))
                    queue.Enqueue(location);
                if (response.Content.Headers.ContentType?.MediaType != "text/html")
                    continue;
                var document = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync(Ct));
                foreach (var link in document.QuerySelectorAll("a[href]:not([download])").Select(a => a.GetAttribute("href")!))
                {
                    var href = link.Split('#')[0];
                    if (Crawlable(href))
                        queue.Enqueue(href);
                }
            }
            visited += pages;
        }
        Assert.True(visited > 200, $"the crawl reached only {visited} pages");
        Assert.True(failures.Count == 0, $"{failures.Count} server errors on {visited} pages:\n" + string.Join("\n", failures));
    }

    // Pages only: the API, downloads, sign-in and sign-out (which would end the session) are not followed.
    private static bool Crawlable(string path) =>
        path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal)
        && !path.StartsWith("/api", StringComparison.Ordinal) && !path.StartsWith("/openapi", StringComparison.Ordinal)
        && !path.StartsWith("/account/", StringComparison.Ordinal) && !path.StartsWith("/open-data/", StringComparison.Ordinal)
        && !path.Contains("/photos/", StringComparison.Ordinal) && !path.Contains("/evidence", StringComparison.Ordinal)
        && !System.Text.RegularExpressions.Regex.IsMatch(path, @"\.(csv|json|xlsx|docx|pdf|png|jpg|jpeg|zip|svg|ico|txt|geojson|css|js)(\?|$)",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    private static string Pattern(string path)
    {
        var (p, q) = path.IndexOf('?', StringComparison.Ordinal) is var i and >= 0 ? (path[..i], path[i..]) : (path, "");
        var segments = p.Split('/').Select((s, n) => n >= 2 && (s.Any(char.IsDigit) || s.Contains('-', StringComparison.Ordinal)) ? "{id}" : s);
        return string.Join('/', segments) + (q.Length > 0 ? "?" + string.Join('&', q.TrimStart('?').Split('&').Select(kv => kv.Split('=')[0]).Order(StringComparer.Ordinal)) : "");
    }
}
