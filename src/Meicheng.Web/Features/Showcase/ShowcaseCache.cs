using Microsoft.AspNetCore.OutputCaching;

namespace Meicheng.Web.Features.Showcase;

/// <summary>
/// The public showcase pages are cached whole on the server (ASP.NET Core output caching) under one tag. They carry nothing
/// personal (the showcase layout has no account UI, the language comes from the path), and the default policy underneath
/// neither serves nor stores a response for a signed-in request or one that sets a cookie, so a page with a form is never
/// stored. Whatever changes public data evicts the tag: a round published or unpublished, a report approved or reopened.
/// </summary>
public static class ShowcaseCache
{
    public const string Tag = "showcase";
    public const string Policy = "showcase";

    /// <summary>
    /// Eviction is what keeps the pages current; the expiry only bounds how long a change made some other way (a plan file
    /// edited and imported at start, a clock-dependent milestone status) can go unseen.
    /// </summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(10);

    public static IServiceCollection AddShowcase(this IServiceCollection services) =>
        services.AddOutputCache(o => o.AddPolicy(Policy, p => p.Expire(Expiry).Tag(Tag)));

    /// <summary>Drops every cached showcase page.</summary>
    public static ValueTask EvictShowcaseAsync(this IOutputCacheStore store, CancellationToken ct) => store.EvictByTagAsync(Tag, ct);
}
