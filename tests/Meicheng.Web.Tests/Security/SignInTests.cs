using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Tests.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static Meicheng.Web.Tests.Security.SecurityClients;

namespace Meicheng.Web.Tests.Security;

/// <summary>Issue 10 finding 12 and the 等保 2.0 sign-in controls.</summary>
public sealed partial class SignInTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Posts the sign-in form from a given client address (TestServer lets the test set the connection's address).</summary>
    private static async Task<HttpContext> SignInFromAsync(MeichengApp app, string address, string email, string password)
    {
        var (cookie, token) = await AntiforgeryAsync(Bare(app));
        var body = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = password, ["returnUrl"] = "/reporting", ["__RequestVerificationToken"] = token,
        });
        var bytes = await body.ReadAsByteArrayAsync(Ct);
        return await app.Server.SendAsync(ctx =>
        {
            ctx.Request.Method = "POST";
            ctx.Request.Path = "/account/login";
            ctx.Request.ContentType = "application/x-www-form-urlencoded";
            ctx.Request.Headers.Cookie = cookie;
            ctx.Request.Body = new MemoryStream(bytes);
            ctx.Connection.RemoteIpAddress = IPAddress.Parse(address);
        }, Ct);
    }

    private static bool SignedIn(HttpContext response) =>
        response.Response.StatusCode == 302 && response.Response.Headers.Location == "/reporting";

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_stranger_guessing_the_admin_password_locks_only_the_stranger_out_and_every_step_is_audited(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        await app.CreateUserAsync("chief@example.cn", Roles.Admin);
        for (var i = 0; i < 12; i++)
            Assert.False(SignedIn(await SignInFromAsync(app, "203.0.113.66", "chief@example.cn", "wrong-guess-" + i)));
        // The right password from the stranger's address is refused now: the pair is locked.
        Assert.False(SignedIn(await SignInFromAsync(app, "203.0.113.66", "chief@example.cn", TestAccounts.Password)));
        // The admin, from their own address, is not locked out.
        Assert.True(SignedIn(await SignInFromAsync(app, "10.1.2.3", "chief@example.cn", TestAccounts.Password)));

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var actions = await db.AuditEntries.Where(e => e.EntityType == "account").Select(e => e.Action).ToListAsync(Ct);
        Assert.Equal(5, actions.Count(a => a == "signin.failure"));
        Assert.Equal(1, actions.Count(a => a == "signin.lockout"));
        Assert.Equal(8, actions.Count(a => a == "signin.locked"));
        Assert.Equal(1, actions.Count(a => a == "signin.success"));
    }

    private sealed class CountingHasher : PasswordHasher<AppUser>
    {
        public int Verifications;

        public override PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref Verifications);
            return base.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_wrong_password_for_an_unknown_account_does_the_same_hashing_work_as_for_a_known_one(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var hasher = new CountingHasher();
        using var counted = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.Replace(ServiceDescriptor.Singleton<IPasswordHasher<AppUser>>(hasher))));
        using (var scope = counted.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True((await users.CreateAsync(new AppUser { UserName = "known@example.cn", Email = "known@example.cn" }, TestAccounts.Password)).Succeeded);
        }
        var bare = Bare(counted);
        hasher.Verifications = 0;
        using (var known = await PostSignInAsync(bare, "known@example.cn", "wrong-Password-1"))
            Assert.Contains("error=1", known.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var forKnown = hasher.Verifications;
        hasher.Verifications = 0;
        using (var unknown = await PostSignInAsync(bare, "nobody@example.cn", "wrong-Password-1"))
            Assert.Contains("error=1", unknown.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(1, forKnown);
        Assert.Equal(forKnown, hasher.Verifications);
    }

    [GeneratedRegex("id=\"authenticator-key\">([A-Z2-7 ]+)<")]
    private static partial Regex KeyPattern();

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task An_admin_enrols_a_totp_authenticator_and_needs_its_code_after_the_password(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider).With("Security:RequireTwoFactor", "true");
        await app.CreateUserAsync("totp@example.cn", Roles.Admin);
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await client.GetStringAsync("/account/login", Ct);
        using var password = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "totp@example.cn", ["password"] = TestAccounts.Password, ["returnUrl"] = "/reporting", ["__RequestVerificationToken"] = TestAccounts.AntiforgeryToken(login),
        }), Ct);
        Assert.Equal("/account/two-factor?returnUrl=%2Freporting", password.Headers.Location?.OriginalString);
        // The password alone does not sign in.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me", Ct)).StatusCode);

        var page = await client.GetStringAsync("/account/two-factor?returnUrl=%2Freporting", Ct);
        var key = KeyPattern().Match(page).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        Assert.NotEmpty(key);
        Assert.Contains("otpauth://totp/", page, StringComparison.Ordinal);
        async Task<HttpResponseMessage> Code(string code) => await client.PostAsync("/account/two-factor", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = code, ["returnUrl"] = "/reporting", ["__RequestVerificationToken"] = TestAccounts.AntiforgeryToken(page),
        }), Ct);
        var right = Totp(key, DateTimeOffset.UtcNow);
        using (var wrong = await Code(right == "000000" ? "111111" : "000000"))
            Assert.Contains("error=1", wrong.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me", Ct)).StatusCode);
        using (var good = await Code(Totp(key, DateTimeOffset.UtcNow)))
            Assert.Equal("/reporting", good.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me", Ct)).StatusCode);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.True(await db.Users.Where(u => u.Email == "totp@example.cn").Select(u => u.TwoFactorEnabled).SingleAsync(Ct));
        var actions = await db.AuditEntries.Where(e => e.UserName == "totp@example.cn").Select(e => e.Action).ToListAsync(Ct);
        Assert.Contains("2fa.failure", actions);
        Assert.Contains("2fa.enrol", actions);
        Assert.Contains("signin.success", actions);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task In_demo_mode_the_demo_accounts_sign_in_with_their_password_alone(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider).With("Demo:Enabled", "true").With("Security:RequireTwoFactor", "true");
        var reviewer = await app.SignInAsync("demo-reviewer@meicheng.demo", DemoData.DefaultPassword);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync("/api/me", Ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task With_three_role_separation_only_the_auditor_reads_the_audit_log(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider).With("Security:ThreeRoleSeparation", "true");
        var admin = await app.ClientForAsync(Roles.Admin);
        var auditor = await app.ClientForAsync(Roles.Auditor);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/admin/audit", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/admin/audit.csv", Ct)).StatusCode);
        var entries = await auditor.GetFromJsonAsync<List<AuditEntryDto>>("/api/admin/audit", Ct);
        // The admin's refused reading is itself in the log.
        Assert.Contains(entries!, e => e.Action == "request.refused" && e.EntityId == "GET /api/admin/audit");
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/admin/audit.csv", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.GetAsync("/admin/audit", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/admin/audit", Ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_password_without_every_character_class_and_twelve_characters_is_refused(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var admin = await app.ClientForAsync(Roles.Admin);
        using var weak = await admin.PostAsJsonAsync("/api/admin/users", new
        {
            email = "weak@example.cn", password = "Abcdefgh1", displayName = "弱口令", roles = new[] { Roles.Leader },
        }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        using var strong = await admin.PostAsJsonAsync("/api/admin/users", new
        {
            email = "strong@example.cn", password = "Abcdefgh-2026", displayName = "强口令", roles = new[] { Roles.Leader },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, strong.StatusCode);
    }
}
