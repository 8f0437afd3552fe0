using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meicheng.Web.Tests.Accounts;

/// <summary>Accounts for tests, created through the app's own UserManager, signed in through the real sign-in form.</summary>
public static partial class TestAccounts
{
    public const string Password = "Test-2026-pass";

    /// <summary>A target whose task the department leads, so a department reporter may report it.</summary>
    public sealed record ReportableTarget(string TargetId, string IndicatorId, string Unit, string TargetUnit, string DepartmentId, string TaskId);

    public static async Task<ReportableTarget> ReportableTargetAsync(this MeichengApp app, string? unit = null)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.Targets.AsNoTracking().Include(t => t.Indicator)
            .Where(t => t.TaskId != null && !t.Retired && (unit == null || t.Indicator!.Unit == unit))
            .Join(db.Responsibilities.Where(r => r.Role == Meicheng.Core.Plans.ResponsibilityRole.Lead), t => t.TaskId, r => r.TaskId, (t, r) => new { t, r.DepartmentId })
            .ToListAsync();
        var pick = rows.OrderBy(x => x.t.PlanId).ThenBy(x => x.t.SortOrder).First();
        return new ReportableTarget(pick.t.Id, pick.t.IndicatorId, pick.t.Indicator!.Unit, pick.t.Unit, pick.DepartmentId, pick.t.TaskId!);
    }

    public static async Task<string> CreateUserAsync(this MeichengApp app, string email, string role, string? departmentId = null, string? districtCode = null)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = role, DepartmentId = departmentId, DistrictCode = districtCode };
        AssertOk(await users.CreateAsync(user, Password));
        AssertOk(await users.AddToRoleAsync(user, role));
        return user.Id;
    }

    private static void AssertOk(IdentityResult result) => Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));

    /// <summary>A client that signed in through the Chinese sign-in page (antiforgery token included).</summary>
    public static async Task<HttpClient> SignInAsync(this MeichengApp app, string email, string password = Password)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = app.ClientOptions.BaseAddress });
        var page = await client.GetStringAsync("/account/login");
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = password, ["returnUrl"] = "/reporting", ["__RequestVerificationToken"] = AntiforgeryToken(page),
        }));
        // In memory the client stops at the redirect; on a Kestrel socket (browser tests) its own handler follows it.
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.Equal("/reporting", response.RequestMessage?.RequestUri?.AbsolutePath);
            return client;
        }
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/reporting", response.Headers.Location?.OriginalString);
        return client;
    }

    public static string AntiforgeryToken(string html) => AntiforgeryPattern().Match(html) is { Success: true } m
        ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("No antiforgery token on the page.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryPattern();

    public static async Task<HttpClient> ClientForAsync(this MeichengApp app, string role, string? departmentId = null, string? districtCode = null)
    {
        var email = $"{role}-{Guid.NewGuid().ToString("N")[..8]}@example.cn";
        await app.CreateUserAsync(email, role, departmentId, districtCode);
        return await app.SignInAsync(email);
    }

    /// <summary>A machine client: a token the admin issued through the API for a user, sent as a bearer token.</summary>
    public static async Task<HttpClient> TokenClientAsync(this MeichengApp app, HttpClient admin, string userId)
    {
        var issued = await (await admin.PostAsJsonAsync("/api/admin/tokens", new { userId, name = "机器客户端" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<IssuedTokenDto>();
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = app.ClientOptions.BaseAddress });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", issued!.Token);
        return client;
    }
}
