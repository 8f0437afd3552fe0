using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Tests.Accounts;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meicheng.Web.Tests.Security;

/// <summary>
/// Issue 10 finding 5, the CSRF matrix: every state-changing endpoint the app maps (found from its EndpointDataSource,
/// so a new one is covered without being listed), sent with the admin's cookie as a browser sends a cross-site form, a
/// cross-site multipart upload and a cross-site body-less post: each is refused and the database does not change.
/// The same requests from the app's own origin are not refused by the check.
/// </summary>
public sealed partial class CrossSiteRequestTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z]+)(:[a-z]+)?\??\}")]
    private static partial Regex Parameter();

    private static string UrlOf(string pattern) => Parameter().Replace(pattern, m => m.Groups[2].Value == ":int" ? "1" : "x");

    private static async Task<string> FingerprintAsync(MeichengApp app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var counts = new List<string>();
        foreach (var table in db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().Order())
        {
            // The refusals themselves are audited; everything else must stay as it was.
            var sql = table == "AuditEntries"
                ? $"SELECT COUNT(*) AS \"Value\" FROM \"{table}\" WHERE \"Action\" <> 'request.refused'"
                : $"SELECT COUNT(*) AS \"Value\" FROM \"{table}\"";
            counts.Add($"{table}={await db.Database.SqlQueryRaw<int>(sql).SingleAsync(Ct)}");
        }
        var stamps = await db.Users.OrderBy(u => u.Id).Select(u => u.SecurityStamp).ToListAsync(Ct);
        return string.Join(";", counts) + "|" + string.Join(",", stamps);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Every_state_changing_endpoint_refuses_a_cross_site_request_carrying_the_admin_cookie(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var admin = await app.ClientForAsync(Roles.Admin);
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"])
                .Where(m => m is "POST" or "PUT" or "PATCH" or "DELETE")
                .Select(m => (Method: m, Url: UrlOf("/" + e.RoutePattern.RawText!.TrimStart('/')))))
            .Distinct().OrderBy(c => c.Url == "/account/logout").ToList();
        Assert.True(endpoints.Count > 60, $"only {endpoints.Count} state-changing endpoints found");
        Assert.Contains(endpoints, e => e.Url == "/api/admin/cases/1/publish");
        Assert.Contains(endpoints, e => e.Url == "/api/reporting/workbook");

        var before = await FingerprintAsync(app);
        var failures = new List<string>();
        foreach (var (method, url) in endpoints)
        {
            foreach (var (kind, siteHeader) in new[] { ("form", "cross-site"), ("multipart", "cross-site"), ("none", "cross-site"), ("form", null), ("none", "same-site") })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = Body(kind) };
                request.Headers.Add("Origin", "https://evil.example");
                if (siteHeader is not null)
                    request.Headers.Add("Sec-Fetch-Site", siteHeader);
                using var response = await admin.SendAsync(request, Ct);
                if (response.StatusCode != HttpStatusCode.Forbidden || !(await response.Content.ReadAsStringAsync(Ct)).Contains("跨站请求被拒绝", StringComparison.Ordinal))
                    failures.Add($"{method} {url} ({kind}, Sec-Fetch-Site {siteHeader ?? "absent"}): {(int)response.StatusCode}");
            }
        }
        Assert.True(failures.Count == 0, "Cross-site requests not refused:\n" + string.Join("\n", failures));
        Assert.Equal(before, await FingerprintAsync(app));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/me", Ct)).StatusCode);

        // From the app's own pages (what browsers send there) the check lets every one through.
        foreach (var (method, url) in endpoints)
        {
            foreach (var (origin, site) in new[] { ("http://localhost", "same-origin"), (null, "same-origin"), ("http://localhost", null), (null, "none") })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = Body("form") };
                if (origin is not null)
                    request.Headers.Add("Origin", origin);
                if (site is not null)
                    request.Headers.Add("Sec-Fetch-Site", site);
                using var response = await admin.SendAsync(request, Ct);
                Assert.False((await response.Content.ReadAsStringAsync(Ct)).Contains("跨站请求被拒绝", StringComparison.Ordinal), $"{method} {url} refused from {origin}/{site}");
            }
        }
    }

    private static HttpContent? Body(string kind) => kind switch
    {
        "form" => new FormUrlEncodedContent(new Dictionary<string, string> { ["period"] = "2026", ["name"] = "x" }),
        "multipart" => new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("x")) { Headers = { { "Content-Type", "application/pdf" } } }, "file", "x.pdf" } },
        _ => null,
    };

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_bearer_token_client_is_not_subject_to_the_browser_check(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var admin = await app.ClientForAsync(Roles.Admin);
        var owner = await app.CreateUserAsync("machine@example.cn", Roles.Admin);
        var machine = await app.TokenClientAsync(admin, owner);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/assignments") { Content = JsonContent() };
        request.Headers.Add("Origin", "https://elsewhere.example");
        using var response = await machine.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static StringContent JsonContent() => new("{\"taskId\":\"no-such-task\",\"departmentId\":\"x\"}", Encoding.UTF8, "application/json");
}
