using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Environment.Sponge;

/// <summary>
/// A drainage zone (排水分区) assessed for the sponge city: its area, optional geometry (GeoJSON), its planned annual runoff
/// volume capture ratio, and whether its area already counted as 达标 at the plan's baseline (then it is not "new").
/// </summary>
public sealed class DrainageZone
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string RegionCode { get; set; }
    public decimal AreaKm2 { get; set; }
    /// <summary>A GeoJSON Polygon or MultiPolygon of the zone, or null.</summary>
    public string? Geometry { get; set; }
    /// <summary>年径流总量控制率 planned for the zone, in percent.</summary>
    public decimal TargetCaptureRatio { get; set; }
    /// <summary>The zone already met its targets at the plan's baseline: its area is not new 达标面积.</summary>
    public bool CompliantAtBaseline { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}

/// <summary>One day of a zone's monitoring: rainfall depth (mm) at its gauge and volume discharged at its outfalls (m³); either may be missing.</summary>
public sealed class ZoneMonitoringDay
{
    public int ZoneId { get; set; }
    public DateOnly Date { get; set; }
    public decimal? RainfallMm { get; set; }
    public decimal? OutflowM3 { get; set; }
}

internal static class SpongeModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<DrainageZone>(e =>
        {
            e.HasIndex(z => z.Code).IsUnique();
            e.Property(z => z.Code).HasMaxLength(40);
            e.Property(z => z.Name).HasMaxLength(200);
            e.Property(z => z.RegionCode).HasMaxLength(6);
            e.Property(z => z.Note).HasMaxLength(1000);
        });
        model.Entity<ZoneMonitoringDay>(e =>
        {
            e.ToTable("ZoneMonitoringDays");
            e.HasKey(d => new { d.ZoneId, d.Date });
            e.HasOne<DrainageZone>().WithMany().HasForeignKey(d => d.ZoneId);
        });
    }
}
