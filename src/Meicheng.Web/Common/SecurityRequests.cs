using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Meicheng.Web.Data;

namespace Meicheng.Web.Common;

/// <summary>
/// Cross-site request refusal (issue 10 finding 5): a state-changing request a browser sends from another site is
/// refused before it reaches any endpoint, whatever its body (JSON, form, multipart or none). Browsers say where a
/// request comes from in Sec-Fetch-Site and Origin, and a page cannot forge either; a client that sends neither is not a
/// browser acting for someone else. Bearer-token calls carry no ambient credential and pass untouched.
/// </summary>
public static class SecurityRequests
{
    public const string RefusedFlag = "meicheng.refused";

    public static bool IsStateChanging(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    /// <summary>Whether a browser sent the request from a page of another origin.</summary>
    public static bool IsCrossOrigin(HttpRequest request, IReadOnlyCollection<string> allowedOrigins)
    {
        var origin = request.Headers.Origin.ToString();
        var originMatches = origin.Length > 0 && (SameAuthority(origin, request.Host) || allowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase));
        switch (request.Headers["Sec-Fetch-Site"].ToString().ToLowerInvariant())
        {
            case "cross-site":
                return true;
            // A sibling subdomain is "same-site" but another origin: only a matching Origin lets it through.
            case "same-site":
                return !originMatches;
        }
        return origin.Length > 0 && !originMatches;
    }

    // The scheme is not compared: behind a TLS-terminating proxy the app sees http while the browser says https.
    private static bool SameAuthority(string origin, HostString host) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, host.Value, StringComparison.OrdinalIgnoreCase);

    /// <summary>Refuses cross-origin state changes with 403 ProblemDetails; Security:AllowedOrigins lists extra origins (a proxy's public name).</summary>
    public static IApplicationBuilder UseCrossSiteRefusal(this IApplicationBuilder app, IConfiguration configuration)
    {
        var allowed = configuration.GetSection("Security:AllowedOrigins").Get<string[]>() ?? [];
        return app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (IsStateChanging(request.Method)
                && !request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                && IsCrossOrigin(request, allowed))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                context.Items[RefusedFlag] = "cross-site";
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = 403, Title = "跨站请求被拒绝", Detail = "该操作只能从本系统自己的页面发起。" },
                });
                return;
            }
            await next(context);
        });
    }

    /// <summary>
    /// Every refused request (401, 403, or a page's redirect to sign-in or "denied") is written to the audit log, in its
    /// own context and SaveChanges: nothing the refused request may have left in its own context is committed with it.
    /// </summary>
    public static IApplicationBuilder UseRefusalAudit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        var status = context.Response.StatusCode;
        if (status is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden) && !context.Items.ContainsKey(RefusedFlag))
            return;
        var factory = context.RequestServices.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
        var user = context.User;
        db.AuditEntries.Add(new AuditEntry
        {
            At = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
            UserId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
            UserName = user.FindFirstValue(ClaimTypes.Email) ?? user.FindFirstValue(ClaimTypes.Name) ?? "anonymous",
            Action = "request.refused", EntityType = "request", EntityId = $"{context.Request.Method} {context.Request.Path}",
            NewValue = JsonSerializer.Serialize(new
            {
                status, reason = context.Items[RefusedFlag]?.ToString(), ip = context.Connection.RemoteIpAddress?.ToString(),
                token = user.FindFirstValue("token"),
            }),
        });
        await db.SaveChangesAsync(CancellationToken.None);
    });
}
