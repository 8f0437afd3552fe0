using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Meicheng.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meicheng.Web.Features.Accounts;

/// <summary>"Authorization: Bearer mc_…": a token an admin issued, looked up by its hash; the principal is the token's owner.</summary>
internal sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AppDbContext db, IUserClaimsPrincipalFactory<AppUser> principals, UserManager<AppUser> users, SignInGuard guard, SignIn signIn)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";
    private const string GuessingKey = "bearer-token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        // Guessing tokens from one address is throttled like guessing passwords, and every failure is audited.
        var address = SignIn.Address(Context);
        if (await guard.IsLockedAsync(GuessingKey, address, Context.RequestAborted))
            return AuthenticateResult.Fail("尝试次数过多，请稍后再试");
        var hash = Hash(header["Bearer ".Length..].Trim());
        var token = await db.ApiTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash && t.RevokedAt == null, Context.RequestAborted);
        if (token is null || await db.Users.FindAsync([token.UserId], Context.RequestAborted) is not { } user || await users.IsLockedOutAsync(user))
        {
            await guard.FailedAsync(GuessingKey, address, "token.failure", action => signIn.Entry(null, "bearer-token", action, address), Context.RequestAborted);
            return AuthenticateResult.Fail("无效的访问令牌");
        }
        if (guard.FirstUseThisHour($"{token.Id}|{address}"))
            await signIn.RecordAsync(user, $"{user.Email} ({token.Name})", "token.use", address, Context.RequestAborted);
        var principal = await principals.CreateAsync(user);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim("token", token.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(principal.Claims, SchemeName)), SchemeName));
    }

    public static string NewToken() => "mc_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
