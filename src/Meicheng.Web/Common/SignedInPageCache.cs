using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.OutputCaching;

namespace Meicheng.Web.Common;

/// <summary>
/// Output caching for a page that only signed-in people read (the live /evaluation page). The framework's default policy
/// never caches a signed-in request, because a page's layout carries the person's name, menu and antiforgery token.
/// This policy caches it per sign-in session instead: the key holds a hash of the request's whole Cookie header (the
/// authentication cookie and the antiforgery cookie the page's forms pair with), so an entry is only ever served back to
/// the browser session it was rendered for, and a new sign-in, a sign-out or a renewed cookie starts afresh. A response
/// that sets a cookie or is not 200 is never stored, and a bearer-token request is never cached. Authorization runs
/// before the cache (see Program.cs), so a hit is only served where the endpoint admits the caller.
/// Combine it with an expiry and <c>VaryByDataVersion</c> in a named policy built with <c>excludeDefaultPolicy: true</c>.
/// </summary>
public sealed class SignedInPageCache : IOutputCachePolicy
{
    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var cookies = request.Headers.Cookie.ToString();
        var attempt = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && string.IsNullOrEmpty(request.Headers.Authorization)
            && context.HttpContext.User.Identity?.IsAuthenticated == true
            && cookies.Length > 0;
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = attempt;
        context.AllowCacheStorage = attempt;
        context.AllowLocking = true;
        context.CacheVaryByRules.QueryKeys = "*";
        if (attempt)
            context.CacheVaryByRules.VaryByValues["session"] = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(cookies)));
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (!string.IsNullOrEmpty(response.Headers.SetCookie) || response.StatusCode != StatusCodes.Status200OK)
            context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }
}
