using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Environment.Hj212;

/// <summary>
/// One value an HJ 212 device sent and the receiver accepted: every code of every data command (2011 real-time, 2051 minute,
/// 2061 hourly, 2031 daily), air and water alike, with its flag. The key (station, command, data time, code) makes a re-sent
/// packet change nothing: the first value stored for a key stays. <see cref="Qn"/> names the packet it came from.
/// Hourly air values flagged N also go into <c>AirHours</c>, where the evaluations read them; water values are read from here
/// (outfall monitors, sponge-city flow).
/// </summary>
public sealed class Hj212Reading
{
    public long Id { get; set; }
    public int StationId { get; set; }
    /// <summary>The command: 2011, 2051, 2061 or 2031.</summary>
    public required string Cn { get; set; }
    /// <summary>The CP's DataTime (the device writes China time), as an instant.</summary>
    public DateTimeOffset DataTime { get; set; }
    /// <summary>The pollutant code of HJ 212-2017's appendix (a34004, w01018, …).</summary>
    public required string Code { get; set; }
    /// <summary>The value a statistic takes: -Avg, or -Rtd for real-time data.</summary>
    public decimal? Value { get; set; }
    public decimal? Min { get; set; }
    public decimal? Max { get; set; }
    /// <summary>-Cou: the period's cumulative amount (flow in m3).</summary>
    public decimal? Cou { get; set; }
    /// <summary>The data flag (N normal; F, M, S, D, C, T, B are kept and excluded from statistics); null when none was sent.</summary>
    public string? Flag { get; set; }
    /// <summary>The QN of the packet, its provenance.</summary>
    public string? Qn { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

internal static class Hj212Model
{
    public const string ReadingsTable = "Hj212Readings";

    public static void Configure(ModelBuilder model) =>
        model.Entity<Hj212Reading>(e =>
        {
            // The bulk writer (Hj212Store) addresses this table and its unique key by name: keep them fixed here.
            e.ToTable(ReadingsTable);
            e.Property(r => r.Cn).HasMaxLength(4);
            e.Property(r => r.Code).HasMaxLength(16);
            e.Property(r => r.Flag).HasMaxLength(1);
            e.Property(r => r.Qn).HasMaxLength(20);
            e.HasIndex(r => new { r.StationId, r.Cn, r.DataTime, r.Code }).IsUnique();
            // No foreign key to Stations: PostgreSQL checks one row by row (a trigger per inserted value), which cost more than
            // the insert itself at thousands of values a second. Only Hj212Store writes here, and only for a station it has
            // just authenticated from the registry; stations are retired, never deleted.
        });
}
