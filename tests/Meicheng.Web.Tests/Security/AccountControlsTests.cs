using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Tests.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Meicheng.Web.Tests.Security.SecurityClients;

namespace Meicheng.Web.Tests.Security;

/// <summary>
/// The 等保 2.0 controls added after the probe's findings: password history and maximum age, failure counts that survive
/// a restart, three-role separation (三员分立), audit retention and export, and client addresses behind a known proxy.
/// </summary>
public sealed class AccountControlsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Right = TestAccounts.Password;

    /// <summary>Posts the sign-in form as if from <paramref name="address"/>, optionally through a proxy that says whom it forwards.</summary>
    private static async Task<HttpContext> SignInFromAsync(WebApplicationFactory<Program> app, string address, string email, string password, string? forwardedFor = null)
    {
        var (cookie, token) = await AntiforgeryAsync(Bare(app));
        var bytes = await new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = password, ["returnUrl"] = "/reporting", ["__RequestVerificationToken"] = token,
        }).ReadAsByteArrayAsync(Ct);
        return await app.Server.SendAsync(ctx =>
        {
            ctx.Request.Method = "POST";
            ctx.Request.Path = "/account/login";
            ctx.Request.ContentType = "application/x-www-form-urlencoded";
            ctx.Request.Headers.Cookie = cookie;
            if (forwardedFor is not null)
                ctx.Request.Headers["X-Forwarded-For"] = forwardedFor;
            ctx.Request.Body = new MemoryStream(bytes);
            ctx.Connection.RemoteIpAddress = IPAddress.Parse(address);
        }, Ct);
    }

    private static bool SignedIn(HttpContext response) => response.Response.StatusCode == 302 && response.Response.Headers.Location == "/reporting";

    private static AngleSharp.Html.Dom.IHtmlDocument Html(string html) => new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);

    /// <summary>The message shown beside a field of a page's form, if any.</summary>
    private static string? FieldError(string html, string field) => Html(html).QuerySelector($".field-error[data-field='{field}']")?.TextContent;

    private static async Task<HttpResponseMessage> PostPageFormAsync(HttpClient client, string path, string handler, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(path, Ct);
        fields["_handler"] = handler;
        fields["__RequestVerificationToken"] = TestAccounts.AntiforgeryToken(page);
        return await client.PostAsync(path, new FormUrlEncodedContent(fields), Ct);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_password_among_the_last_n_is_refused_in_chinese_and_an_older_one_is_accepted(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider).With("Security:PasswordHistory", "2");
        var admin = await app.ClientForAsync(Roles.Admin);
        var id = await app.CreateUserAsync("history@example.cn", Roles.Leader);
        async Task<HttpResponseMessage> Reset(string password) =>
            await admin.PostAsJsonAsync($"/api/admin/users/{id}/password", new { password }, Ct);

        // The current password (set at creation) is one of the last two.
        using (var same = await Reset(Right))
        {
            Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
            Assert.Contains("新密码不能与最近 2 次使用过的密码相同", await same.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        (await Reset("Second-pass-2026")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.BadRequest, (await Reset(Right)).StatusCode);
        (await Reset("Third-pass-2026!")).EnsureSuccessStatusCode();
        // Now the last two are the second and third: the first may come back.
        (await Reset(Right)).EnsureSuccessStatusCode();

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(4, await db.PasswordHistory.CountAsync(h => h.UserId == id, Ct));
        Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.Action == "user.password-reset" && e.EntityId == id, Ct));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task An_expired_password_holds_the_person_at_the_change_page_until_changed_and_the_change_ends_other_sessions(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider).With("Security:PasswordMaxAgeDays", "90");
        await app.CreateUserAsync("aged@example.cn", Roles.Leader);
        var fresh = await app.SignInAsync("aged@example.cn");
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/me", Ct)).StatusCode);

        app.Clock.Advance(TimeSpan.FromDays(91));
        var client = await app.SignInAsync("aged@example.cn");
        var other = await app.SignInAsync("aged@example.cn");
        using (var page = await client.GetAsync("/reporting", Ct))
        {
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.Equal("/account/password?returnUrl=%2Freporting", page.Headers.Location?.OriginalString);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/me", Ct)).StatusCode);
        Assert.Contains("您的密码已到期", Html(await client.GetStringAsync("/account/password?returnUrl=%2Freporting", Ct)).Body!.TextContent, StringComparison.Ordinal);

        // The same password again is refused beside the field, in Chinese; a mistyped confirmation too.
        using (var reused = await PostPageFormAsync(client, "/account/password?returnUrl=%2Freporting", "password", new()
        {
            ["Form.Current"] = Right, ["Form.Password"] = Right, ["Form.Confirmation"] = Right, ["Form.ReturnUrl"] = "/reporting",
        }))
        {
            Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
            Assert.Equal("新密码不能与最近 5 次使用过的密码相同", FieldError(await reused.Content.ReadAsStringAsync(Ct), "password"));
        }
        using (var mistyped = await PostPageFormAsync(client, "/account/password?returnUrl=%2Freporting", "password", new()
        {
            ["Form.Current"] = Right, ["Form.Password"] = "Brand-new-2027!", ["Form.Confirmation"] = "Brand-new-2028!", ["Form.ReturnUrl"] = "/reporting",
        }))
            Assert.Equal("两次输入的新密码不一致", FieldError(await mistyped.Content.ReadAsStringAsync(Ct), "confirmation"));

        using (var changed = await PostPageFormAsync(client, "/account/password?returnUrl=%2Freporting", "password", new()
        {
            ["Form.Current"] = Right, ["Form.Password"] = "Brand-new-2027!", ["Form.Confirmation"] = "Brand-new-2027!", ["Form.ReturnUrl"] = "/reporting",
        }))
        {
            Assert.True(changed.StatusCode == HttpStatusCode.Redirect, Html(await changed.Content.ReadAsStringAsync(Ct)).QuerySelector("main")?.TextContent);
            Assert.EndsWith("/reporting", changed.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }
        // This session goes on with the new password; the other session of the account has ended.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/reporting", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync("/api/me", Ct)).StatusCode);
        await app.SignInAsync("aged@example.cn", "Brand-new-2027!");

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "password.change" && e.UserName == "aged@example.cn", Ct));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Failure_counts_survive_a_restart_and_still_lock_only_the_pair(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider).With("Security:LockoutFailures", "3");
        await app.CreateUserAsync("kept@example.cn", Roles.Admin);
        for (var i = 0; i < 3; i++)
            Assert.False(SignedIn(await SignInFromAsync(app, "203.0.113.9", "kept@example.cn", "Wrong-guess-" + i)));

        // A new host on the same database: nothing in memory carries over.
        using var restarted = app.WithWebHostBuilder(_ => { });
        Assert.False(SignedIn(await SignInFromAsync(restarted, "203.0.113.9", "kept@example.cn", Right)));
        Assert.True(SignedIn(await SignInFromAsync(restarted, "10.1.2.3", "kept@example.cn", Right)));

        using var scope = restarted.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.SignInFailures.AsNoTracking().SingleAsync(Ct);
        Assert.Equal(("KEPT@EXAMPLE.CN", "203.0.113.9", 3), (row.Account, row.Address, row.Failures));
        Assert.NotNull(row.LockedUntil);
        var actions = await db.AuditEntries.Where(e => e.UserName == "kept@example.cn").Select(e => e.Action).ToListAsync(Ct);
        Assert.Equal(3, actions.Count(a => a == "signin.failure"));
        Assert.Equal(1, actions.Count(a => a == "signin.lockout"));
        Assert.Equal(1, actions.Count(a => a == "signin.locked"));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task With_three_role_separation_the_security_admin_alone_manages_accounts_nobody_holds_two_duties_or_changes_their_own_roles(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider).With("Security:ThreeRoleSeparation", "true");
        var securityId = await app.CreateUserAsync("security@example.cn", Roles.Security);
        var security = await app.SignInAsync("security@example.cn");
        var admin = await app.ClientForAsync(Roles.Admin);
        object NewUser(string email, params string[] roles) => new { email, password = "Strong-pass-2026", displayName = "新账户", roles };

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync("/api/admin/users", NewUser("by-admin@example.cn", Roles.Auditor), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/admin/users", Ct)).StatusCode);
        using (var both = await security.PostAsJsonAsync("/api/admin/users", NewUser("both@example.cn", Roles.Admin, Roles.Auditor), Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
            Assert.Contains("三员分立", await both.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        var auditor = await (await security.PostAsJsonAsync("/api/admin/users", NewUser("auditor@example.cn", Roles.Auditor), Ct)).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<UserDto>(Ct);
        Assert.Equal([Roles.Auditor], auditor!.Roles);
        // Giving an existing admin a second duty is refused as well.
        var adminId = (await (await security.GetAsync("/api/admin/users", Ct)).Content.ReadFromJsonAsync<List<UserDto>>(Ct))!
            .Single(u => u.Roles.Contains(Roles.Admin)).Id;
        Assert.Equal(HttpStatusCode.BadRequest,
            (await security.PutAsJsonAsync($"/api/admin/users/{adminId}", new { displayName = "管理员", roles = new[] { Roles.Admin, Roles.Security } }, Ct)).StatusCode);
        using (var own = await security.PutAsJsonAsync($"/api/admin/users/{securityId}", new { displayName = "安全", roles = new[] { Roles.Security, Roles.Leader } }, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, own.StatusCode);
            Assert.Contains("不能修改自己的角色", await own.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        // The security admin does not read the audit log either.
        Assert.Equal(HttpStatusCode.Forbidden, (await security.GetAsync("/api/admin/audit/export", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/admin/audit/export", Ct)).StatusCode);
        var reader = await app.SignInAsync("auditor@example.cn", "Strong-pass-2026");
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/admin/audit/export", Ct)).StatusCode);
    }

    [Fact]
    public async Task With_three_role_separation_the_bootstrap_account_is_the_security_admin()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite).With("Security:ThreeRoleSeparation", "true")
            .With("Admin:Email", "first@example.cn").With("Admin:Password", "First-pass-2026");
        var first = await app.SignInAsync("first@example.cn", "First-pass-2026");
        var me = await first.GetFromJsonAsync<MeDto>("/api/me", Ct);
        Assert.Equal([Roles.Security], me!.Roles);
    }

    [Fact]
    public void An_audit_retention_under_180_days_stops_the_app_from_starting()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite).With("Security:AuditRetentionDays", "179");
        var thrown = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        var messages = new List<string>();
        for (var e = thrown; e is not null; e = e.InnerException)
            messages.Add(e.Message);
        Assert.Contains(messages, m => m.Contains("Security:AuditRetentionDays is 179", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task The_auditor_exports_the_audit_log_as_csv_and_xlsx_with_chinese_headers_filtered_by_date_person_and_object(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider).With("Security:AuditRetentionDays", "365");
        var admin = await app.ClientForAsync(Roles.Admin);
        var auditor = await app.ClientForAsync(Roles.Auditor);
        var id = await app.CreateUserAsync("exported@example.cn", Roles.Leader);
        (await admin.PutAsJsonAsync($"/api/admin/users/{id}", new { displayName = "导出", roles = new[] { Roles.Evaluator } }, Ct)).EnsureSuccessStatusCode();
        await app.SignInAsync("exported@example.cn");

        // 2026-11-22 08:00 UTC is 16:00 in Beijing.
        var bytes = await auditor.GetByteArrayAsync($"/api/admin/audit/export?format=csv&from=2026-11-22&to=2026-11-22&entityType=user&entityId={id}", Ct);
        // UTF-8 with a byte-order mark, so Excel opens the Chinese right.
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var csv = System.Text.Encoding.UTF8.GetString(bytes[3..]);
        var lines = csv.TrimEnd().Split("\r\n");
        Assert.Equal("编号,时间（北京时间）,操作人,操作人账户编号,操作,对象类型,对象编号,原值,新值,理由", lines[0]);
        var row = Assert.Single(lines[1..]);
        Assert.Contains(",2026-11-22 16:00:00,", row, StringComparison.Ordinal);
        Assert.Contains(",user.update,user,", row, StringComparison.Ordinal);
        Assert.Single((await auditor.GetStringAsync("/api/admin/audit/export?from=2026-11-23", Ct)).TrimEnd().Split("\r\n"));

        using var xlsx = await auditor.GetAsync("/api/admin/audit/export?format=xlsx&person=exported@example.cn", Ct);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        using var document = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync(Ct)), false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var rows = sheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.InnerText).ToList()).ToList();
        Assert.Equal(["编号", "时间（北京时间）", "操作人", "操作人账户编号", "操作", "对象类型", "对象编号", "原值", "新值", "理由"], rows[0]);
        // The person's own sign-in is in; the admin's change of their roles is the admin's, so it is not.
        Assert.NotEmpty(rows[1..]);
        Assert.All(rows[1..], r => Assert.Equal("exported@example.cn", r[2]));

        Assert.Equal(HttpStatusCode.BadRequest, (await auditor.GetAsync("/api/admin/audit/export?format=pdf", Ct)).StatusCode);
        // Nothing deletes an entry: the context refuses it.
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.AuditEntries.Remove(await db.AuditEntries.OrderByDescending(e => e.Id).FirstAsync(Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Behind_a_known_proxy_the_forwarded_client_address_is_locked_and_https_is_recognised(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider).With("Security:LockoutFailures", "3").With("Security:KnownProxies:0", "10.0.0.1");
        await app.CreateUserAsync("proxied@example.cn", Roles.Leader);
        for (var i = 0; i < 3; i++)
            Assert.False(SignedIn(await SignInFromAsync(app, "10.0.0.1", "proxied@example.cn", "Wrong-guess-" + i, forwardedFor: "203.0.113.7")));
        // Another client behind the same proxy is not locked out; the guessing client is.
        Assert.True(SignedIn(await SignInFromAsync(app, "10.0.0.1", "proxied@example.cn", Right, forwardedFor: "198.51.100.20")));
        Assert.False(SignedIn(await SignInFromAsync(app, "10.0.0.1", "proxied@example.cn", Right, forwardedFor: "203.0.113.7")));
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var lockout = await db.AuditEntries.SingleAsync(e => e.Action == "signin.lockout", Ct);
            Assert.Equal("203.0.113.7", JsonDocument.Parse(lockout.NewValue!).RootElement.GetProperty("ip").GetString());
        }
        Assert.True((await ViaProxyAsync(app, "10.0.0.1")).Response.Headers.ContainsKey("Strict-Transport-Security"));
        // From an address that is not the proxy, the same headers are not believed.
        Assert.False((await ViaProxyAsync(app, "192.0.2.50")).Response.Headers.ContainsKey("Strict-Transport-Security"));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Without_configured_proxies_forwarded_headers_are_ignored(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider).With("Security:LockoutFailures", "3");
        await app.CreateUserAsync("direct@example.cn", Roles.Leader);
        for (var i = 0; i < 3; i++)
            Assert.False(SignedIn(await SignInFromAsync(app, "10.0.0.1", "direct@example.cn", "Wrong-guess-" + i, forwardedFor: "203.0.113.7")));
        // A client cannot escape its lock by claiming another address.
        Assert.False(SignedIn(await SignInFromAsync(app, "10.0.0.1", "direct@example.cn", Right, forwardedFor: "198.51.100.20")));
        Assert.False((await ViaProxyAsync(app, "10.0.0.1")).Response.Headers.ContainsKey("Strict-Transport-Security"));
    }

    /// <summary>A page request the way a TLS-terminating proxy passes it on: plain HTTP, with the public scheme and host in headers.</summary>
    private static Task<HttpContext> ViaProxyAsync(WebApplicationFactory<Program> app, string from) => app.Server.SendAsync(ctx =>
    {
        ctx.Request.Method = "GET";
        ctx.Request.Path = "/plans";
        ctx.Request.Headers["X-Forwarded-For"] = "198.51.100.20";
        ctx.Request.Headers["X-Forwarded-Proto"] = "https";
        ctx.Request.Headers["X-Forwarded-Host"] = "meicheng.qingdao.gov.cn";
        ctx.Connection.RemoteIpAddress = IPAddress.Parse(from);
    }, Ct);
}
