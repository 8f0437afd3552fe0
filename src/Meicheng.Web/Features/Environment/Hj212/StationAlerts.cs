using System.Diagnostics;
using Meicheng.Web.Common;
using Meicheng.Web.Components;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Dashboard;
using Meicheng.Web.Features.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meicheng.Web.Features.Environment.Hj212;

/// <summary>The live-feed alerts computed at <see cref="At"/>; <see cref="Version"/> changes whenever the list does (cache keys use it).</summary>
public sealed record StationAlertSet(long Version, IReadOnlyList<StationAlertDto> Items, DateTimeOffset At)
{
    /// <summary>The alerts as items of the dashboard's attention list (需要推动的事项): a silent station or an exceedance, owner named.</summary>
    public List<AttentionItemDto> Attention()
    {
        var today = Display.Today(At);
        return Items.Select(a => new AttentionItemDto(
            "station-alert", $"{a.Code}:{a.Kind}:{a.At?.ToUnixTimeSeconds()}", "", $"{a.Name}：{StationAlerts.KindName(a.Kind)}", "off-track", StationAlerts.KindName(a.Kind),
            a.RegionCode, a.RegionName ?? a.RegionCode, a.OwnerName is null ? [] : [a.OwnerName], a.Since is { } s ? Display.Today(s) : today, a.Message,
            $"/environment/stations/{Uri.EscapeDataString(a.Code)}")).ToList();
    }
}

/// <summary>What one round of alert notices sent: the new alerts, per owner, and through which channels.</summary>
public sealed record StationAlertNoticesDto(int Alerts, IReadOnlyList<StationAlertOwnerDto> Owners, bool WebhookSent, int Emails);

/// <summary>The new alerts of one responsible department (null: the station has no owner) and the addresses they went to.</summary>
public sealed record StationAlertOwnerDto(string? OwnerId, string? OwnerName, IReadOnlyList<string> Recipients, IReadOnlyList<StationAlertDto> Alerts);

/// <summary>
/// The live-feed alerts (<see cref="Hj212Alerts"/>) as the environment page, the dashboard's attention list and the
/// notifier read them: computed at most once per <see cref="Hj212Options.AlertCacheSeconds"/>, and again sooner only when
/// the receiver has committed a batch since (its own data stamp, <see cref="Hj212Store.Batches"/>) or the clock has moved
/// to another minute (a station's silence grows with time alone). Not per request: a dashboard full of readers costs one
/// query every few seconds.
/// </summary>
internal sealed class StationAlerts(IDbContextFactory<AppDbContext> dbFactory, Hj212Store store, IOptions<Hj212Options> options, TimeProvider clock) : IDisposable
{
    // Even when batches arrive many times a second, the list is recomputed at most this often.
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Computed? _current;

    private sealed record Computed(StationAlertSet Set, long At, long Batches, long Minute);

    /// <summary>The current alerts; <paramref name="fresh"/> computes them now (the notifier must not miss a new one).</summary>
    public async Task<StationAlertSet> CurrentAsync(CancellationToken ct, bool fresh = false)
    {
        if (!fresh && Usable(Volatile.Read(ref _current)) is { } cached)
            return cached;
        await _gate.WaitAsync(ct);
        try
        {
            if (!fresh && Usable(_current) is { } again)
                return again;
            var batches = store.Batches;
            var now = clock.GetUtcNow();
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var items = await Hj212Alerts.ListAsync(db, now, options.Value.StaleAfterHours, ct);
            var previous = _current?.Set;
            var version = previous is not null && previous.Items.SequenceEqual(items) ? previous.Version : (previous?.Version ?? 0) + 1;
            var set = new StationAlertSet(version, items, now);
            Volatile.Write(ref _current, new Computed(set, Stopwatch.GetTimestamp(), batches, Minute(now)));
            return set;
        }
        finally
        {
            _gate.Release();
        }
    }

    private StationAlertSet? Usable(Computed? c)
    {
        if (c is null || Minute(clock.GetUtcNow()) != c.Minute)
            return null;
        var age = Stopwatch.GetElapsedTime(c.At);
        if (age >= TimeSpan.FromSeconds(options.Value.AlertCacheSeconds))
            return null;
        return store.Batches == c.Batches || age < MinInterval ? c.Set : null;
    }

    private static long Minute(DateTimeOffset t) => t.ToUnixTimeSeconds() / 60;

    public static string KindName(string kind) => kind == Hj212Alerts.Stale ? "数据中断" : "小时值超标";

    public void Dispose() => _gate.Dispose();
}

/// <summary>
/// Sends the alerts that arose in a window to their stations' owners through the reminder channels (webhook, e-mail to
/// the owner department's users), one message per department. An alert is new in the window its <c>Since</c> falls in,
/// so each goes out once; a station that never sent a packet is listed but not sent. A round that sent alerts is audited
/// (<see cref="SentAction"/>, with its window), and the next process starts its first window where that round ended
/// (<see cref="WindowStartAsync"/>): an alert that arose while the app was stopped goes out after the restart.
/// </summary>
internal sealed class StationAlertNotices(AppDbContext db, StationAlerts alerts, ReminderChannels channels, TimeProvider clock, ILogger<StationAlertNotices> log)
{
    public const string PayloadType = "meicheng.environment.station-alerts";
    public const string SentAction = "station-alerts.send";

    private static readonly Actor Notifier = new("system", "system", "实时监测提醒", new HashSet<string>(), null, null);

    /// <summary>
    /// Where the first window of this process starts: the end of the last audited round. Rounds that found nothing new are
    /// not audited, and need not be: every alert whose <c>Since</c> fell in one would have made it a sending round. With no
    /// round ever sent, the window starts at <paramref name="now"/>: alerts already standing when the feed first starts are
    /// on the pages, not sent.
    /// </summary>
    public static async Task<DateTimeOffset> WindowStartAsync(AppDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var last = await db.AuditEntries.AsNoTracking().Where(a => a.Action == SentAction).OrderByDescending(a => a.Id).Select(a => a.NewValue).FirstOrDefaultAsync(ct);
        if (last is null)
            return now;
        using var json = System.Text.Json.JsonDocument.Parse(last);
        return json.RootElement.TryGetProperty("until", out var until) && until.TryGetDateTimeOffset(out var t) && t < now ? t : now;
    }

    public async Task<StationAlertNoticesDto> SendAsync(DateTimeOffset after, DateTimeOffset until, CancellationToken ct)
    {
        var set = await alerts.CurrentAsync(ct, fresh: true);
        var fresh = set.Items.Where(a => a.Since is { } s && s > after && s <= until).ToList();
        if (fresh.Count == 0)
            return new StationAlertNoticesDto(0, [], false, 0);
        var ownerIds = fresh.Select(a => a.OwnerId).OfType<string>().Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => u.Email != null && u.DepartmentId != null && ownerIds.Contains(u.DepartmentId))
            .Select(u => new { u.DepartmentId, u.Email }).ToListAsync(ct);
        var owners = fresh.GroupBy(a => (a.OwnerId, a.OwnerName)).OrderBy(g => g.Key.OwnerId, StringComparer.Ordinal)
            .Select(g => new StationAlertOwnerDto(g.Key.OwnerId, g.Key.OwnerName,
                users.Where(u => u.DepartmentId == g.Key.OwnerId).Select(u => u.Email!).Order(StringComparer.Ordinal).ToList(), g.ToList()))
            .ToList();
        var mails = owners.Where(o => o.OwnerId is not null).Select(o => new ReminderMail(o.Recipients,
            $"【美城】实时监测提醒：{o.Alerts.Count} 条",
            $"您好：\n\n贵单位负责的监测站点有以下 {o.Alerts.Count} 条实时监测提醒：\n"
            + string.Join("\n", o.Alerts.Select(a => $"- {a.Name}（{StationAlerts.KindName(a.Kind)}）：{a.Message}"))
            + "\n\n请登录美城平台查看站点详情。")).ToList();
        var payload = new { type = PayloadType, generatedAt = clock.GetUtcNow(), after, until, owners };
        var (webhookSent, emails) = await channels.SendAsync(payload, mails, ct);
        Audit.Record(db, Notifier, clock.GetUtcNow(), SentAction, "station-alerts", "live", null,
            new { after, until, alerts = fresh.Count, stations = fresh.Select(a => a.Name).Distinct().ToList(), owners = owners.Select(o => o.OwnerName ?? "未指定负责单位").ToList(), webhookSent, emails });
        await db.SaveChangesAsync(ct);
        log.LogInformation("Station alerts: {Count} new, {Owners} owners, webhook {Webhook}, {Emails} e-mails", fresh.Count, owners.Count, webhookSent, emails);
        return new StationAlertNoticesDto(fresh.Count, owners, webhookSent, emails);
    }
}

/// <summary>
/// Checks for new live-feed alerts every <see cref="Hj212Options.AlertCheckMinutes"/> while the receiver is on, and sends
/// them (<see cref="StationAlertNotices"/>). The window ends a little before now, so a packet accepted but not yet
/// committed is seen in the next round rather than missed.
/// </summary>
internal sealed class StationAlertNotifier(IServiceScopeFactory scopes, IOptions<Hj212Options> options, TimeProvider clock, ILogger<StationAlertNotifier> log)
    : BackgroundService
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Port == 0 || options.Value.AlertCheckMinutes <= 0)
            return;
        DateTimeOffset after;
        await using (var scope = scopes.CreateAsyncScope())
            after = await StationAlertNotices.WindowStartAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), clock.GetUtcNow() - Margin, stoppingToken);
        // Real time between rounds: the injected clock says what time it is, not when to wake.
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.AlertCheckMinutes));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var until = clock.GetUtcNow() - Margin;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<StationAlertNotices>().SendAsync(after, until, stoppingToken);
                    after = until;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The window is kept: the same alerts are tried again next round.
                    log.LogError(e, "Station alerts could not be sent; retried at the next check");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
