using Meicheng.Core.Environment.Air;
using Meicheng.Core.Environment.Hj212;
using Meicheng.Web.Components;
using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Environment.Hj212;

/// <summary>
/// A transmitting station that needs attention: it stopped sending hourly data, or an hourly value exceeded its GB 3095 limit.
/// <paramref name="Since"/> is when the alert arose (the last packet plus the silence allowed; an exceedance's receipt), by
/// which the notifier tells a new alert from one already sent; the owner is the station's responsible department.
/// </summary>
public sealed record StationAlertDto(
    string Code, string Name, string Kind, string Message, DateTimeOffset? At, string RegionCode = "", string? RegionName = null,
    string? OwnerId = null, string? OwnerName = null, DateTimeOffset? Since = null);

/// <summary>
/// The live-feed alerts, computed when asked (no state): every air station with an MN whose last packet is
/// older than <see cref="Hj212Options.StaleAfterHours"/> (or that never sent one), and every N-flagged hourly value received
/// in the last 24 hours above the grade-2 1-hour limit of GB 3095 in force on its date (SO2, NO2, CO, O3: the pollutants
/// with a 1-hour limit).
/// </summary>
internal static class Hj212Alerts
{
    public const string Stale = "stale";
    public const string Exceedance = "exceedance";

    public static async Task<List<StationAlertDto>> ListAsync(AppDbContext db, DateTimeOffset now, int staleAfterHours, CancellationToken ct)
    {
        var stations = await db.Stations.AsNoTracking().Where(s => s.Mn != null && !s.Retired && s.Kind == StationKind.Air)
            .Select(s => new AlertStation(s.Id, s.Code, s.Name, s.LastPacketAt, s.RegionCode, s.RegionName, s.OwnerDepartmentId)).ToListAsync(ct);
        if (stations.Count == 0)
            return [];
        var ownerIds = stations.Select(s => s.OwnerId).OfType<string>().Distinct().ToList();
        var owners = await db.Departments.AsNoTracking().Where(d => ownerIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        StationAlertDto Alert(AlertStation s, string kind, string message, DateTimeOffset? at, DateTimeOffset? since) =>
            new(s.Code, s.Name, kind, message, at, s.RegionCode, s.RegionName, s.OwnerId, s.OwnerId is null ? null : owners.GetValueOrDefault(s.OwnerId, s.OwnerId), since);
        var ids = stations.Select(s => s.Id).ToList();
        var alerts = new List<StationAlertDto>();
        var silence = TimeSpan.FromHours(staleAfterHours);
        // SQLite cannot compare or aggregate DateTimeOffset in SQL: the times are compared here, on few rows.
        foreach (var s in stations)
        {
            if (s.LastPacketAt is not { } last)
                alerts.Add(Alert(s, Stale, "尚未收到数据", null, null));
            else if (now - last > silence)
                alerts.Add(Alert(s, Stale, $"已 {(int)(now - last).TotalHours} 小时未收到数据（最近一次 {Display.Time(last)}）", last, last + silence));
        }
        var limited = Hj212Codes.All.Where(c => c.Air is { } p && Gb3095.Limit(Gb3095Generation.V2012, p, AveragingTime.Hour) is not null).Select(c => c.Code).ToList();
        var since = now.AddHours(-24);
        // The newest hourly values of the limited pollutants (ids grow with arrival), those received in the last 24 hours kept.
        var recent = (await db.Hj212Readings.AsNoTracking()
            .Where(r => ids.Contains(r.StationId) && r.Cn == Hj212Command.Hourly && limited.Contains(r.Code) && (r.Flag == null || r.Flag == "N") && r.Value != null)
            .OrderByDescending(r => r.Id).Take(ids.Count * 24 * limited.Count).ToListAsync(ct)).Where(r => r.ReceivedAt >= since).ToList();
        foreach (var r in recent.OrderBy(r => r.DataTime))
        {
            var code = Hj212Codes.Find(r.Code)!;
            var date = Display.Today(r.DataTime);
            if (Gb3095.Limit(Gb3095.ForDate(date), code.Air!.Value, AveragingTime.Hour) is not { } limit || r.Value <= limit)
                continue;
            alerts.Add(Alert(stations.First(x => x.Id == r.StationId), Exceedance,
                $"{Display.Time(r.DataTime)} {code.Name}小时浓度 {r.Value} {code.Unit}，超过 GB 3095 二级 1 小时限值 {limit}", r.DataTime, r.ReceivedAt));
        }
        return alerts;
    }

    private sealed record AlertStation(int Id, string Code, string Name, DateTimeOffset? LastPacketAt, string RegionCode, string? RegionName, string? OwnerId);
}
