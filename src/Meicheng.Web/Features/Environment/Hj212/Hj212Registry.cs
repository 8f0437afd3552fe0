using System.Collections.Concurrent;
using Meicheng.Core.Environment.Hj212;
using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Environment.Hj212;

/// <summary>A station as the receiver needs it: its id, code and kind, and its password hash.</summary>
internal sealed record Hj212Station(int Id, string Code, string Kind, string? PasswordHash);

/// <summary>
/// MN and PW against the station registry, from memory after the first packet: a station is looked up by MN once and
/// remembered (an unknown MN for <see cref="UnknownFor"/>, so a station registered later is found); a password, slow to
/// verify by design, is verified once per MN, password and stored hash. Both are single-flight: when 500 devices reconnect
/// at once after a restart, one lookup and one verification run per MN and the other connections await them, instead of
/// 500 database queries and 500 PBKDF2 runs (seconds of CPU each time on a 2-core machine). <see cref="Forget"/> (a station
/// registered or changed) drops what is remembered of an MN.
/// </summary>
internal sealed class Hj212Registry(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan UnknownFor = TimeSpan.FromSeconds(10);

    private const int MaxRemembered = 100_000;

    private readonly ConcurrentDictionary<string, Lazy<Task<(Hj212Station? Station, DateTimeOffset Until)>>> _byMn = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Mn, string Pw, string Hash), Lazy<Task<bool>>> _verified = new();

    public async ValueTask<(Hj212Station? Station, Hj212Rejection? Rejection)> AuthenticateAsync(string mn, string pw, CancellationToken ct)
    {
        var known = await LookUpAsync(mn);
        if (known.Station is not { } s)
            return (null, Hj212Rejection.UnknownMn);
        // A station registered without a password cannot transmit: there is nothing to check its PW against.
        if (s.PasswordHash is not { } hash)
            return (null, Hj212Rejection.WrongPassword);
        var key = (mn, pw, hash);
        if (_verified.Count >= MaxRemembered)
            _verified.Clear();
        var verify = _verified.GetOrAdd(key, k => new Lazy<Task<bool>>(() => Task.Run(() => Hj212Passwords.Verify(k.Pw, k.Hash), CancellationToken.None)));
        var ok = await verify.Value.WaitAsync(ct);
        return ok ? (s, null) : (null, Hj212Rejection.WrongPassword);
    }

    private async Task<(Hj212Station? Station, DateTimeOffset Until)> LookUpAsync(string mn)
    {
        var now = clock.GetUtcNow();
        if (_byMn.TryGetValue(mn, out var remembered) && remembered.Value.IsCompletedSuccessfully
            && remembered.Value.Result is var r && (r.Station is not null || r.Until > now))
            return r;
        if (remembered is not null && remembered.Value.IsCompleted)
            _byMn.TryRemove(new KeyValuePair<string, Lazy<Task<(Hj212Station?, DateTimeOffset)>>>(mn, remembered));
        if (_byMn.Count >= MaxRemembered)
            _byMn.Clear();
        var lookup = _byMn.GetOrAdd(mn, m => new Lazy<Task<(Hj212Station?, DateTimeOffset)>>(() => QueryAsync(m)));
        try
        {
            return await lookup.Value;
        }
        catch
        {
            // A failed query (the database away for a moment) is not remembered: the next packet asks again.
            _byMn.TryRemove(new KeyValuePair<string, Lazy<Task<(Hj212Station?, DateTimeOffset)>>>(mn, lookup));
            throw;
        }
    }

    // Not cancelled by one connection's token: other connections may be awaiting the same lookup.
    private async Task<(Hj212Station?, DateTimeOffset)> QueryAsync(string mn)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var station = await db.Stations.AsNoTracking().Where(s => s.Mn == mn && !s.Retired)
            .Select(s => new Hj212Station(s.Id, s.Code, s.Kind, s.Hj212PasswordHash)).SingleOrDefaultAsync();
        return (station, clock.GetUtcNow() + UnknownFor);
    }

    /// <summary>Forgets what is remembered of an MN: called when a station is registered or changed.</summary>
    public void Forget(string? mn)
    {
        if (mn is not null)
            _byMn.TryRemove(mn, out _);
    }
}
