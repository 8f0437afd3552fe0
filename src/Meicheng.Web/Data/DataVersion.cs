using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Data;

/// <summary>
/// The one row that says "the evaluation's inputs changed": every SaveChanges that adds, changes or removes a plan, a
/// responsibility, a region, a department, a reporting period, an observation, a progress report or a round writes a fresh
/// stamp into it, in the same transaction (<see cref="AppDbContext"/>). Cached evaluations are keyed by the stamp.
/// </summary>
/// <remarks>
/// A fresh random stamp rather than a counter: two writers committing at once each write their own value, so neither can
/// leave the other's change under a stamp a reader has already cached (a read-increment-write counter could).
/// </remarks>
public sealed class DataVersionRow
{
    public const int SingleId = 1;

    public int Id { get; set; }

    public long Stamp { get; set; }

    internal static long NewStamp() => Random.Shared.NextInt64(1, long.MaxValue);

    internal static void Configure(ModelBuilder builder) =>
        builder.Entity<DataVersionRow>(e =>
        {
            e.ToTable("DataVersions");
            e.Property(v => v.Id).ValueGeneratedNever();
            e.HasData(new DataVersionRow { Id = SingleId, Stamp = 0 });
        });
}

/// <summary>
/// The current data stamp, as cheap to read as a field. This process's own writes are seen at once (the DbContext calls
/// <see cref="Changed"/> after saving); writes by another process (a second instance, the CLI) within <see cref="Freshness"/>.
/// </summary>
/// <remarks>
/// Output-cached pages computed from the inputs (the showcase, /evaluation) are keyed by the stamp too
/// (<see cref="DataVersionCaching.VaryByDataVersion"/>), so no writer has to evict them: a new stamp makes new keys.
/// </remarks>
public sealed class DataVersion
{
    /// <summary>How long a stamp read from the database is trusted before it is read again.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);

    // After this process writes, read the database on every request for a while: a write inside an explicit transaction is
    // saved before it commits, and a reader in between would otherwise trust the old stamp for a whole Freshness period.
    private static readonly TimeSpan AfterWrite = TimeSpan.FromSeconds(2);

    private long _stamp;
    private long _freshUntil;
    private long _readEveryTimeUntil;

    /// <summary>The current stamp: the last one read unless it is older than <see cref="Freshness"/> or this process wrote since.</summary>
    public async ValueTask<long> CurrentAsync(AppDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = Stopwatch.GetTimestamp();
        if (now < Volatile.Read(ref _freshUntil))
            return Volatile.Read(ref _stamp);
        var stamp = await db.DataVersions.AsNoTracking().Where(v => v.Id == DataVersionRow.SingleId).Select(v => v.Stamp).SingleAsync(ct);
        Volatile.Write(ref _stamp, stamp);
        if (now >= Volatile.Read(ref _readEveryTimeUntil))
            Volatile.Write(ref _freshUntil, now + (long)(Freshness.TotalSeconds * Stopwatch.Frequency));
        return stamp;
    }

    /// <summary>This process has just saved a change to the inputs: read the stamp again.</summary>
    public void Changed()
    {
        Volatile.Write(ref _readEveryTimeUntil, Stopwatch.GetTimestamp() + (long)(AfterWrite.TotalSeconds * Stopwatch.Frequency));
        Volatile.Write(ref _freshUntil, 0);
    }
}

/// <summary>Output caching keyed by the data stamp: a page computed from the evaluation's inputs is cached per stamp.</summary>
public static class DataVersionCaching
{
    /// <summary>
    /// Adds the current data stamp to the cache key, so an approval, a reopening, a plan import, an assignment or a round
    /// published (anything that renews the stamp, in this process or another) is seen without an explicit eviction; the old
    /// entries age out with the policy's expiry.
    /// </summary>
    public static OutputCachePolicyBuilder VaryByDataVersion(this OutputCachePolicyBuilder policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.VaryByValue(async (context, ct) =>
        {
            var services = context.RequestServices;
            var stamp = await services.GetRequiredService<DataVersion>().CurrentAsync(services.GetRequiredService<AppDbContext>(), ct);
            return new KeyValuePair<string, string>("data-version", stamp.ToString(CultureInfo.InvariantCulture));
        });
    }
}
