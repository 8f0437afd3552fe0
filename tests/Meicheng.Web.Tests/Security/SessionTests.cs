using System.Net;
using System.Net.Http.Json;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Tests.Accounts;
using static Meicheng.Web.Tests.Security.SecurityClients;

namespace Meicheng.Web.Tests.Security;

/// <summary>Issue 10 finding 1: a session is checked against the database on every request, not trusted from its cookie.</summary>
public sealed class SessionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonContent NewUser(string email) => JsonContent.Create(new
    {
        email, password = TestAccounts.Password, displayName = "新管理员", roles = new[] { Roles.Admin },
    });

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_demoted_admin_cookie_can_no_longer_create_users_nor_read_the_audit_log(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var chief = await app.ClientForAsync(Roles.Admin);
        var probeId = await app.CreateUserAsync("probe-admin@example.cn", Roles.Admin);
        var probe = await SessionCookieAsync(app, "probe-admin@example.cn");
        var bare = Bare(app);
        using (var before = await SendWithCookieAsync(bare, probe, HttpMethod.Post, "/api/admin/users", NewUser("first@example.cn")))
            Assert.Equal(HttpStatusCode.Created, before.StatusCode);

        (await chief.PutAsJsonAsync($"/api/admin/users/{probeId}", new { displayName = "降为评估", roles = new[] { Roles.Evaluator } }, Ct)).EnsureSuccessStatusCode();

        using var create = await SendWithCookieAsync(bare, probe, HttpMethod.Post, "/api/admin/users", NewUser("second@example.cn"));
        Assert.True(create.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized, $"{create.StatusCode}");
        using var audit = await SendWithCookieAsync(bare, probe, HttpMethod.Get, "/api/admin/audit");
        Assert.True(audit.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized, $"{audit.StatusCode}");
        var users = await chief.GetFromJsonAsync<List<UserDto>>("/api/admin/users", Ct);
        Assert.DoesNotContain(users!, u => u.Email == "second@example.cn");
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Signing_out_ends_every_copy_of_the_session_cookie(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        await app.CreateUserAsync("leaving@example.cn", Roles.Reviewer);
        var cookie = await SessionCookieAsync(app, "leaving@example.cn");
        var copy = await SessionCookieAsync(app, "leaving@example.cn");
        var bare = Bare(app);
        using (var me = await SendWithCookieAsync(bare, copy, HttpMethod.Get, "/api/me"))
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);

        using (var signOut = await SendWithCookieAsync(bare, cookie, HttpMethod.Post, "/account/logout"))
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        foreach (var c in new[] { cookie, copy })
        {
            using var me = await SendWithCookieAsync(bare, c, HttpMethod.Get, "/api/me");
            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_session_ends_after_fifteen_idle_minutes_and_after_its_absolute_lifetime_however_busy(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider).With("Security:AbsoluteLifetimeMinutes", "40");
        await app.CreateUserAsync("idle@example.cn", Roles.Leader);
        var bare = Bare(app);

        var idle = await SessionCookieAsync(app, "idle@example.cn");
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        using (var me = await SendWithCookieAsync(bare, idle, HttpMethod.Get, "/api/me"))
            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);

        // Busy: a request every 10 minutes keeps the session alive (each renews the cookie) until 40 minutes after sign-in.
        var busy = await SessionCookieAsync(app, "idle@example.cn");
        for (var minutes = 10; minutes <= 50; minutes += 10)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(10));
            using var me = await SendWithCookieAsync(bare, busy, HttpMethod.Get, "/api/me");
            Assert.Equal(minutes <= 40 ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, me.StatusCode);
            if (CookiesOf(me).Split("; ").FirstOrDefault(c => c.StartsWith("meicheng.auth=", StringComparison.Ordinal)) is { } renewed)
                busy = renewed;
        }
    }
}
