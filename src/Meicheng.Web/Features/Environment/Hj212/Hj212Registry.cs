using System.Collections.Concurrent;
using Meicheng.Core.Environment.Hj212;
using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Environment.Hj212;

/// <summary>A station as the receiver needs it: its id, code and kind, and its password hash.</summary>
internal sealed record Hj212Station(int Id, string Code, string Kind, string? PasswordHash);

/// <summary>
/// MN and PW against the station registry. Stations are looked up by MN once and remembered (an unknown MN for
/// <see cref="UnknownFor"/>, so a station registered later is found); a password, slow to verify by design, is verified once
/// per station, password and stored hash and then remembered in memory.
/// </summary>
internal sealed class Hj212Registry(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan UnknownFor = TimeSpan.FromSeconds(10);

    private const int MaxRemembered = 100_000;

    private readonly ConcurrentDictionary<string, (Hj212Station? Station, DateTimeOffset Until)> _byMn = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Mn, string Pw, string Hash), bool> _verified = new();

    public async ValueTask<(Hj212Station? Station, Hj212Rejection? Rejection)> AuthenticateAsync(string mn, string pw, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!_byMn.TryGetValue(mn, out var known) || (known.Station is null && known.Until <= now))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var station = await db.Stations.AsNoTracking().Where(s => s.Mn == mn && !s.Retired)
                .Select(s => new Hj212Station(s.Id, s.Code, s.Kind, s.Hj212PasswordHash)).SingleOrDefaultAsync(ct);
            if (_byMn.Count >= MaxRemembered)
                _byMn.Clear();
            _byMn[mn] = known = (station, now + UnknownFor);
        }
        if (known.Station is not { } s)
            return (null, Hj212Rejection.UnknownMn);
        // A station registered without a password cannot transmit: there is nothing to check its PW against.
        if (s.PasswordHash is not { } hash)
            return (null, Hj212Rejection.WrongPassword);
        var key = (mn, pw, hash);
        if (!_verified.TryGetValue(key, out var ok))
        {
            ok = Hj212Passwords.Verify(pw, hash);
            if (_verified.Count >= MaxRemembered)
                _verified.Clear();
            _verified[key] = ok;
        }
        return ok ? (s, null) : (null, Hj212Rejection.WrongPassword);
    }

    /// <summary>Forgets what is remembered of an MN: called when a station is registered or changed.</summary>
    public void Forget(string? mn)
    {
        if (mn is not null)
            _byMn.TryRemove(mn, out _);
    }
}

/// <summary>What the receiver has done since start: packets accepted and answered, bytes and packets rejected per reason.</summary>
public sealed class Hj212Metrics
{
    private readonly long[] _rejected = new long[Enum.GetValues<Hj212Rejection>().Length];
    private long _accepted;
    private long _answered;
    private long _values;
    private long _connections;

    public long Accepted => Interlocked.Read(ref _accepted);
    public long Answered => Interlocked.Read(ref _answered);
    public long ValuesStored => Interlocked.Read(ref _values);
    public long OpenConnections => Interlocked.Read(ref _connections);

    public IReadOnlyDictionary<string, long> Rejected =>
        Enum.GetValues<Hj212Rejection>().Where(r => Interlocked.Read(ref _rejected[(int)r]) > 0).ToDictionary(r => r.ToString(), r => Interlocked.Read(ref _rejected[(int)r]));

    public long RejectedOf(Hj212Rejection why) => Interlocked.Read(ref _rejected[(int)why]);

    internal void Reject(Hj212Rejection why) => Interlocked.Increment(ref _rejected[(int)why]);
    internal void Accept() => Interlocked.Increment(ref _accepted);
    internal void Answer() => Interlocked.Increment(ref _answered);
    internal void Stored(int values) => Interlocked.Add(ref _values, values);
    internal void Opened() => Interlocked.Increment(ref _connections);
    internal void Closed() => Interlocked.Decrement(ref _connections);
}
