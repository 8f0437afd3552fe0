using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Meicheng.Web.Common;

/// <summary>
/// Behind the government cloud's reverse proxy the connection comes from the proxy: the client's address (for the
/// per-address lockout, the sign-in rate limit and the audit) and the scheme (for HSTS and the Secure cookie) travel in
/// X-Forwarded-For / X-Forwarded-Proto / X-Forwarded-Host. They are believed only from the proxies listed in
/// Security:KnownProxies (addresses) or Security:KnownNetworks (CIDR ranges); with neither listed the headers are
/// ignored, as anyone could send them.
/// </summary>
public static class ProxyHeaders
{
    public static IServiceCollection AddProxyHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection("Security:KnownProxies").Get<string[]>() ?? [];
        var networks = configuration.GetSection("Security:KnownNetworks").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // Only what is configured: the default (loopback) would trust any local process.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in networks)
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        return services;
    }

    /// <summary>First in the pipeline, so everything after sees the client's address and scheme; nothing when no proxy is configured.</summary>
    public static IApplicationBuilder UseProxyHeaders(this IApplicationBuilder app, IConfiguration configuration)
    {
        var configured = (configuration.GetSection("Security:KnownProxies").Get<string[]>()?.Length ?? 0)
            + (configuration.GetSection("Security:KnownNetworks").Get<string[]>()?.Length ?? 0) > 0;
        return configured ? app.UseForwardedHeaders() : app;
    }
}
