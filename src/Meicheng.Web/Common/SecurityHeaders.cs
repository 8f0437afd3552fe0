namespace Meicheng.Web.Common;

/// <summary>
/// Headers every response carries (等保 2.0 / issue 10 finding 9): a Content-Security-Policy without inline script,
/// nosniff, no framing, a restrained Referer and no powerful browser features. Security:Csp=false turns the CSP off.
/// </summary>
public static class SecurityHeaders
{
    // Pages load only their own scripts (JSON data sits in <script type="application/json">, which never runs) and
    // their own style sheet: no page has a style attribute or element, and the chart library sets styles through the
    // CSSOM (element.style), which CSP does not restrict (ContentSecurityPolicyBrowserTests draws every chart under it).
    public const string Policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

    // The Scalar API reference boots with an inline script and loads its fonts from its CDN: only /api/docs gets this.
    public const string ApiDocsPolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline' https:; "
        + "img-src 'self' data: https:; font-src 'self' data: https:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, IConfiguration configuration)
    {
        var csp = configuration.GetValue("Security:Csp", true);
        return app.Use((context, next) =>
        {
            // Set when the response starts, so an error page written after the exception handler cleared the headers has them too.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                if (csp)
                    headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api/docs") ? ApiDocsPolicy : Policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
