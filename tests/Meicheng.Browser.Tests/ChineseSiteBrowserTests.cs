using System.Text.RegularExpressions;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Tests;
using Meicheng.Web.Tests.Pages;
using Microsoft.Playwright;

namespace Meicheng.Browser.Tests;

/// <summary>
/// The Chinese site as each demo role meets it: where sign-in lands, every main page on a 390 px phone without sideways
/// scrolling, and a crawl of the pages reachable by links that fails on raw ids, English and API instructions.
/// </summary>
public sealed partial class ChineseSiteBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly string[] Roles = ["anonymous", "admin", "reviewer", "department", "district", "evaluator", "leader"];

    /// <summary>Where each role lands after signing in without asking for a page, and the pages of its daily work.</summary>
    private static readonly Dictionary<string, (string Landing, string[] Pages)> Work = new()
    {
        ["anonymous"] = ("/", ["/", "/plans", "/plans/qingdao-beautiful-city-2025-2027", "/plans/qingdao-beautiful-city-2025-2027/targets", "/indicators", "/regions", "/departments",
            "/evaluation", "/environment", "/environment/water", "/showcase", "/showcase/cases", "/showcase/open-data", "/survey", "/search?q=绿色", "/account/login", "/no-such-page"]),
        ["admin"] = ("/reporting/missing", ["/reporting/missing", "/reporting", "/reporting/review", "/reporting/workbook", "/admin/users", "/admin/assignments", "/admin/audit", "/admin/cases", "/admin/surveys", "/dashboard", "/evaluation/rounds"]),
        ["reviewer"] = ("/reporting/review", ["/reporting/review", "/dashboard", "/reporting/missing"]),
        ["department"] = ("/reporting", ["/reporting", "/reporting/workbook"]),
        ["district"] = ("/reporting", ["/reporting", "/reporting/workbook"]),
        ["evaluator"] = ("/evaluation/rounds/1", ["/evaluation/rounds", "/dashboard", "/evaluation/health-checks"]),
        ["leader"] = ("/dashboard", ["/dashboard", "/reporting/missing", "/dashboard/targets"]),
    };

    [Fact]
    public async Task Every_role_lands_where_its_work_is_and_its_main_pages_fit_a_390_px_phone()
    {
        using var app = StartDemo();
        var failures = new List<string>();
        foreach (var role in Roles)
        {
            await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = app.ClientOptions.BaseAddress.ToString(), Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
            });
            var page = await context.NewPageAsync();
            if (role != "anonymous")
            {
                var landed = await SignInAsync(page, role);
                if (landed != Work[role].Landing)
                    failures.Add($"{role} landed on {landed}, expected {Work[role].Landing}");
            }
            foreach (var path in Work[role].Pages)
            {
                await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Load });
                var width = await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth");
                if (width > 391)
                {
                    var widest = await page.EvaluateAsync<string>(WidestElementScript);
                    failures.Add($"{role} {path}: the page is {width} px wide on a 390 px screen ({widest})");
                }
            }
            // The menu is folded on a phone and opens on a tap.
            var menu = page.Locator("details.nav-menu");
            if (await menu.CountAsync() == 1)
            {
                if (await page.Locator("details.nav-menu nav a[href='/plans']").IsVisibleAsync())
                    failures.Add($"{role}: the main menu is open on a phone before it is tapped");
                await menu.Locator("summary").ClickAsync();
                await Assertions.Expect(page.Locator("details.nav-menu nav a[href='/plans']")).ToBeVisibleAsync();
            }
            await page.GotoAsync(Work[role].Pages[0]);
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, $"phone-{role}.png"), FullPage = false });
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_page_reachable_by_links_speaks_chinese_to_every_role()
    {
        using var app = StartDemo();
        var failures = new List<string>();
        var visited = 0;
        foreach (var role in Roles)
        {
            await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.ClientOptions.BaseAddress.ToString(), Locale = "zh-CN" });
            // Text is what is checked: the chart library and the map are not needed to read it.
            await context.RouteAsync("**/lib/**", route => route.AbortAsync());
            var page = await context.NewPageAsync();
            var start = role == "anonymous" ? "/" : await SignInAsync(page, role);
            visited += await new SiteCrawl(PagesPerRole, SamplesPerPattern).RunAsync([start, "/"], async path =>
            {
                var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.DOMContentLoaded });
                if (response is null || !page.Url.StartsWith(app.ClientOptions.BaseAddress.ToString(), StringComparison.Ordinal))
                    return [];
                if (response.Status >= 500)
                    failures.Add($"{role} {path}: HTTP {response.Status}");
                var text = await page.EvaluateAsync<string>(TextScript);
                foreach (var problem in Problems(text))
                    failures.Add($"{role} {path}: {problem}");
                // The English pages are not read here: this crawl is about the Chinese ones.
                return (await page.EvaluateAsync<string[]>(LinksScript)).Where(link => !link.StartsWith("/en/", StringComparison.Ordinal) && link != "/en");
            });
        }
        Assert.True(visited > 50, $"the crawl reached only {visited} pages");
        await File.WriteAllLinesAsync(Path.Combine(BrowserFixture.Screenshots, "..", "chinese-crawl-problems.txt"), failures.Distinct(), TestContext.Current.CancellationToken);
        Assert.True(failures.Count == 0, $"{failures.Count} problems on {visited} pages:\n" + string.Join("\n", failures.Distinct().Take(300)));
    }

    private const int PagesPerRole = 30;
    private const int SamplesPerPattern = 2;

    private static MeichengApp StartDemo()
    {
        var app = new MeichengApp(DatabaseProvider.Sqlite).With("Demo:Enabled", "true");
        app.UseKestrel(0);
        app.StartServer();
        return app;
    }

    /// <summary>Signs in as the demo account of the role without a return URL; the path it lands on.</summary>
    private static async Task<string> SignInAsync(IPage page, string role)
    {
        await page.GotoAsync("/account/login");
        await page.Locator("#email").FillAsync($"demo-{role}@meicheng.demo");
        await page.Locator("#password").FillAsync(DemoData.DefaultPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        // The landing page may be slow to finish loading (the dashboard) on a busy machine: its address is what counts here.
        await page.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        return new Uri(page.Url).PathAndQuery;
    }

    /// <summary>Chinese pages only: not the English showcase, the API, its reference or a download.</summary>
    /// <summary>What a person must not meet on a Chinese page.</summary>
    internal static IEnumerable<string> Problems(string text)
    {
        // E-mail addresses are how accounts are named (the signed-in user, reporters, the audit log).
        text = EmailPattern().Replace(text, " ");
        foreach (Match m in IdPattern().Matches(text))
            yield return $"raw id “{m.Value}” in “{Around(text, m)}”";
        foreach (Match m in ApiPattern().Matches(text))
            yield return $"API instruction “{m.Value}” in “{Around(text, m)}”";
        foreach (Match m in EnglishPattern().Matches(text))
        {
            // Acronyms (CIM, GDP, UTC) are written in Latin capitals in Chinese text too.
            var words = WordPattern().Matches(m.Value).Select(w => w.Value).Where(w => !AllowedWords.Contains(w) && !(w.Length <= 6 && w.All(char.IsUpper))).ToList();
            if (words.Count > 0)
                yield return $"English “{m.Value.Trim()}” in “{Around(text, m)}”";
        }
    }

    private static string Around(string text, Match m)
    {
        var from = Math.Max(0, m.Index - 20);
        return text.Substring(from, Math.Min(text.Length, m.Index + m.Length + 20) - from).ReplaceLineEndings(" ");
    }

    /// <summary>Names, units, standards and file formats that are written in Latin letters in Chinese too.</summary>
    private static readonly HashSet<string> AllowedWords = new(StringComparer.Ordinal)
    {
        "Meicheng", "ECharts", "Excel", "Word", "PDF", "CSV", "JSON", "XLSX", "xlsx", "docx", "pdf", "txt", "csv", "png", "jpg", "SHA", "API", "URL", "CC", "BY",
        "PM", "AQI", "NO", "SO", "CO", "O", "NH", "TP", "TN", "COD", "DO", "BOD", "CODMn", "pH", "GB", "HJ", "km", "kg", "mg", "kWh", "kV", "MW", "GW", "ha", "m", "t", "L",
        "TOTP", "IP", "Open", "OpenStreetMap", "GeoJSON", "Qingdao", "Beautiful", "English",
    };

    [GeneratedRegex(@"[\w.+-]+@[\w-]+(\.[\w-]+)+")]
    private static partial Regex EmailPattern();

    // Target and plan ids (gc-t14-…, bc-a6-…, qingdao-…-2025-2027), department ids (qd-housing), Shandong region codes
    // shown as text (370202), record numbers (#267).
    [GeneratedRegex(@"\b(?:(?:gc|bc)-[a-z0-9]+(?:-[a-z0-9]+)+|(?<![\w-])qd-[a-z]+(?:-[a-z]+)*|qingdao-[a-z-]+-\d{4}(?:-\d{4})?)\b|(?<![\d.])37\d{4}(?![\d.])|#\d+\b")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"\b(?:POST|PUT|DELETE|GET)\s+/|/api/")]
    private static partial Regex ApiPattern();

    // A run of Latin words (with the spaces, digits and punctuation between them).
    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9.,:;'’()/ -]*[A-Za-z]|\b[A-Za-z]{2,}\b")]
    private static partial Regex EnglishPattern();

    [GeneratedRegex(@"[A-Za-z]+")]
    private static partial Regex WordPattern();


    private const string LinksScript = """
        () => Array.from(document.querySelectorAll('a[href]:not([download])'))
            .map(a => new URL(a.getAttribute('href'), document.baseURI))
            .filter(u => u.origin === location.origin)
            .map(u => u.pathname + u.search)
        """;

    // Every text a person can meet, options of a dropdown included; not what the page itself marks as code or as English
    // (<code>, lang="en": a station's official code, an indicator's English name beside the Chinese one).
    private const string TextScript = """
        () => {
          const skip = 'code, kbd, samp, script, style, noscript, template, [lang="en"], [lang="en-US"]';
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          const parts = [];
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (!n.parentElement.closest(skip) && n.nodeValue.trim().length > 0) parts.push(n.nodeValue.trim());
          }
          return parts.join('\n');
        }
        """;

    // The element that sticks out furthest to the right, to say what makes a page too wide.
    private const string WidestElementScript = """
        () => {
          let worst = null, right = 0;
          const clipped = e => { for (let p = e.parentElement; p; p = p.parentElement) { if (getComputedStyle(p).overflowX !== 'visible') return true; } return false; };
          for (const e of document.querySelectorAll('body *')) {
            const r = e.getBoundingClientRect().right;
            if (r > right + 1 && clipped(e)) continue;
            if (r > right + 1) { right = r; worst = e; }
          }
          if (!worst) return '';
          const path = []; for (let p = worst; p && p !== document.body; p = p.parentElement) path.unshift(p.tagName.toLowerCase() + (p.className ? '.' + String(p.className).split(' ').join('.') : ''));
          return `${path.join(' > ')} “${(worst.textContent || '').trim().slice(0, 30)}” reaches ${Math.round(right)} px`;
        }
        """;
}
