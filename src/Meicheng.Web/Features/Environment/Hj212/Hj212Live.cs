using Meicheng.Web.Components;
using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Environment.Hj212;

/// <summary>A transmitting station's live state: its last packet (China time) and the hourly completeness of today and this month.</summary>
public sealed record Hj212LiveDto(DateTimeOffset? LastPacketAt, int HoursToday, int ExpectedToday, int HoursThisMonth, int ExpectedThisMonth);

internal static class Hj212Live
{
    /// <summary>
    /// Hours stored for the station (from HJ 212 or files) against the hours elapsed, by China-time label date: today's
    /// labels 00..now-1, this month's days before today with 24 each.
    /// </summary>
    public static async Task<Hj212LiveDto> OfAsync(AppDbContext db, Station station, DateTimeOffset now, CancellationToken ct)
    {
        var today = Display.Today(now);
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var hours = db.AirHours.AsNoTracking().Where(h => h.StationId == station.Id);
        var todayCount = await hours.CountAsync(h => h.Date == today, ct);
        var monthCount = await hours.CountAsync(h => h.Date >= monthStart && h.Date <= today, ct);
        var elapsedToday = Display.ChinaTime(now).Hour;
        return new Hj212LiveDto(station.LastPacketAt, todayCount, elapsedToday, monthCount, (today.DayNumber - monthStart.DayNumber) * 24 + elapsedToday);
    }
}
