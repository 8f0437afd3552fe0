using System.Collections.Concurrent;
using System.Security.Claims;

namespace Meicheng.Web.Features.Accounts;

/// <summary>
/// Sessions this process has just checked against the database: (user, security stamp) → the principal rebuilt from the
/// database, trusted for <see cref="Recheck"/> of real time. Every save that touches an account, a role or a claim clears it
/// (AppDbContext), so a demotion, a disable or a sign-out made here applies to the next request; one made by another
/// process of the same database applies within <see cref="Recheck"/>. Without it every signed-in request ran six queries
/// (user, claims, roles and each role's claims) before its own work.
/// </summary>
public sealed class SessionCache
{
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(5);

    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<(string UserId, string Stamp), (ClaimsPrincipal Principal, long Until)> _sessions = new();

    public ClaimsPrincipal? Find(string userId, string stamp) =>
        _sessions.TryGetValue((userId, stamp), out var entry) && System.Environment.TickCount64 < entry.Until ? entry.Principal.Clone() : null;

    public void Remember(string userId, string stamp, ClaimsPrincipal principal)
    {
        if (_sessions.Count >= MaxEntries)
            _sessions.Clear();
        _sessions[(userId, stamp)] = (principal.Clone(), System.Environment.TickCount64 + (long)Recheck.TotalMilliseconds);
    }

    public void Clear() => _sessions.Clear();
}
