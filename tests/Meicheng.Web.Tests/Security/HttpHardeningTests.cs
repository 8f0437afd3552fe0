using System.Net;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Tests.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static Meicheng.Web.Tests.Security.SecurityClients;

namespace Meicheng.Web.Tests.Security;

/// <summary>Issue 10 findings 8 (ProblemDetails, returnUrl) and 9 (security headers).</summary>
public sealed class HttpHardeningTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Every_response_carries_the_security_headers_and_the_api_reference_its_own_policy(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var path in new[] { "/", "/plans", "/api/plans", "/account/login", "/reporting", "/api/admin/users", "/no-such-page" })
        {
            using var response = await client.GetAsync(path, Ct);
            var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("base-uri 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
            Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
            Assert.True(response.Headers.Contains("Permissions-Policy"), path);
        }
        using var docs = await client.GetAsync("/api/docs", Ct);
        Assert.Contains("frame-ancestors 'none'", string.Join(" ", docs.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);

        using var off = new MeichengApp(provider).With("Security:Csp", "false");
        using var plain = await off.CreateClient().GetAsync("/", Ct);
        Assert.False(plain.Headers.Contains("Content-Security-Policy"));
        Assert.True(plain.Headers.Contains("X-Frame-Options"));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Api_errors_thrown_or_not_answer_problem_details_never_the_html_error_page(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        // An endpoint that fails as an unexpected bug would, behind everything the app's own pipeline does.
        using var failing = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(new Failing())));
        using (var scope = failing.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            var user = new AppUser { UserName = "bug@example.cn", Email = "bug@example.cn" };
            Assert.True((await users.CreateAsync(user, TestAccounts.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Leader)).Succeeded);
        }
        var cookie = await SessionCookieAsync(failing, "bug@example.cn");
        var bare = Bare(failing);
        foreach (var (path, status) in new[] { ("/api/test/failing", 500), ("/api/no-such-endpoint", 404), ("/api/admin/users", 403) })
        {
            using var response = await SendWithCookieAsync(bare, cookie, HttpMethod.Get, path);
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        using var anonymous = await bare.GetAsync("/api/admin/users", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// A test endpoint that fails as an unexpected bug would. It is set on the request before the app's pipeline runs
    /// (routing keeps an endpoint already chosen), so it meets every middleware of the app: authorization, the unknown-path
    /// 404, the exception handler.
    /// </summary>
    private sealed class Failing : IStartupFilter
    {
        private static readonly Endpoint Bug = new(_ => throw new InvalidOperationException("A bug"), EndpointMetadataCollection.Empty, "failing test endpoint");

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((ctx, nextMiddleware) =>
            {
                if (ctx.Request.Path == "/api/test/failing")
                    ctx.SetEndpoint(Bug);
                return nextMiddleware(ctx);
            });
            next(app);
        };
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_return_url_leading_off_the_site_sends_the_person_home_never_a_500(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider).With("Security:LockoutFailures", "100");
        await app.CreateUserAsync("return@example.cn", Roles.Leader);
        var bare = Bare(app);
        foreach (var evil in new[] { "/\\evil.example", "//evil.example", "/\\\\", "https://evil.example/", "http:/evil" })
        {
            using var good = await PostSignInAsync(bare, "return@example.cn", TestAccounts.Password, evil);
            Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
            Assert.Equal("/", good.Headers.Location?.OriginalString);
            using var bad = await PostSignInAsync(bare, "return@example.cn", "Wrong-password-1", evil);
            Assert.Equal(HttpStatusCode.Redirect, bad.StatusCode);
            Assert.StartsWith("/account/login?error=1", bad.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }
        using var local = await PostSignInAsync(bare, "return@example.cn", TestAccounts.Password, "/plans?x=1");
        Assert.Equal("/plans?x=1", local.Headers.Location?.OriginalString);
    }
}
