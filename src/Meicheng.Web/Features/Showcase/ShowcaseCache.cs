using Meicheng.Web.Data;
using Microsoft.AspNetCore.OutputCaching;

namespace Meicheng.Web.Features.Showcase;

/// <summary>
/// The public showcase pages are cached whole on the server (ASP.NET Core output caching) under one tag. They carry nothing
/// personal (the showcase layout has no account UI, the language comes from the path), and the default policy underneath
/// neither serves nor stores a response for a signed-in request or one that sets a cookie, so a page with a form is never
/// stored. The key carries the data stamp (<see cref="DataVersionCaching.VaryByDataVersion"/>), so whatever renews it (a
/// report approved or reopened, a round published or withdrawn, a plan imported) is seen at once without anyone evicting;
/// what is not an evaluation input (a typical case, a survey) evicts the tag.
/// </summary>
public static class ShowcaseCache
{
    public const string Tag = "showcase";
    public const string Policy = "showcase";

    /// <summary>
    /// The stamp and the tag keep the pages current; the expiry bounds how long a clock-dependent milestone status can go
    /// unseen, and how long entries of an old stamp stay in memory.
    /// </summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(10);

    public static IServiceCollection AddShowcase(this IServiceCollection services) =>
        services.AddOutputCache(o => o.AddPolicy(Policy, p => p.Expire(Expiry).Tag(Tag).VaryByDataVersion()));

    /// <summary>Drops every cached showcase page.</summary>
    public static ValueTask EvictShowcaseAsync(this IOutputCacheStore store, CancellationToken ct) => store.EvictByTagAsync(Tag, ct);
}
