using Meicheng.Core.Environment.Outfalls;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Environment.Outfalls;

/// <summary>Where an outfall discharges: into a river (入河) or a sea area (入海).</summary>
public static class ReceivingKind
{
    public const string River = "river";
    public const string Sea = "sea";

    public static string Chinese(string kind) => kind == Sea ? "入海" : "入河";

    /// <summary>A kind by its code or its Chinese name (河流、入河、海域、入海).</summary>
    public static string? Parse(string? text) => text?.Trim() switch
    {
        River or "入河" or "河流" => River,
        Sea or "入海" or "海域" => Sea,
        _ => null,
    };
}

/// <summary>
/// A registered 入河、入海排污口. Registered by an admin or imported from the registry workbook (upsert by code); never
/// deleted while results hang on it: an outfall that closes is retired.
/// </summary>
public sealed class Outfall
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public OutfallType Type { get; set; }
    public required string ReceivingKind { get; set; }
    /// <summary>The river or sea area the outfall discharges into, by name.</summary>
    public required string ReceivingWater { get; set; }
    public required string RegionCode { get; set; }
    public decimal? Longitude { get; set; }
    public decimal? Latitude { get; set; }
    public string? ResponsibleUnit { get; set; }
    public FilingStatus Filing { get; set; }
    public DateOnly? FiledOn { get; set; }
    /// <summary>The discharge standard it is judged against (an id of data/reference/discharge-standards.json), or null.</summary>
    public string? StandardId { get; set; }
    /// <summary>The code of the station (online monitor, HJ 212 MN registered) that measures the outfall, or null.</summary>
    public string? MonitorStationCode { get; set; }
    /// <summary>The supervisory-monitoring interval in days, or null when there is no schedule.</summary>
    public int? ScheduleDays { get; set; }
    public string? Note { get; set; }
    public bool Retired { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}

/// <summary>
/// One supervisory-monitoring result of an outfall on a day, with the judgment made when it was entered (the standard
/// then in force is kept beside it, so a later change of limits does not rewrite history).
/// </summary>
public sealed class OutfallResult
{
    public int Id { get; set; }
    public int OutfallId { get; set; }
    public DateOnly SampledOn { get; set; }
    public decimal? Cod { get; set; }
    public decimal? Bod5 { get; set; }
    public decimal? Ss { get; set; }
    public decimal? Nh3n { get; set; }
    public decimal? Tp { get; set; }
    public decimal? Po4p { get; set; }
    public decimal? Tn { get; set; }
    public decimal? Ph { get; set; }
    public decimal? WaterTemperature { get; set; }
    public string? StandardId { get; set; }
    public bool? Complies { get; set; }
    public required string Judgment { get; set; }
    public required string EnteredBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public Dictionary<DischargeParameter, decimal> Values()
    {
        var values = new Dictionary<DischargeParameter, decimal>();
        void Put(DischargeParameter p, decimal? v)
        {
            if (v is { } x)
                values[p] = x;
        }
        Put(DischargeParameter.COD, Cod);
        Put(DischargeParameter.BOD5, Bod5);
        Put(DischargeParameter.SS, Ss);
        Put(DischargeParameter.NH3N, Nh3n);
        Put(DischargeParameter.TP, Tp);
        Put(DischargeParameter.PO4P, Po4p);
        Put(DischargeParameter.TN, Tn);
        Put(DischargeParameter.PH, Ph);
        Put(DischargeParameter.WaterTemperature, WaterTemperature);
        return values;
    }

    public void Set(IReadOnlyDictionary<DischargeParameter, decimal> values)
    {
        decimal? Get(DischargeParameter p) => values.TryGetValue(p, out var v) ? v : null;
        Cod = Get(DischargeParameter.COD);
        Bod5 = Get(DischargeParameter.BOD5);
        Ss = Get(DischargeParameter.SS);
        Nh3n = Get(DischargeParameter.NH3N);
        Tp = Get(DischargeParameter.TP);
        Po4p = Get(DischargeParameter.PO4P);
        Tn = Get(DischargeParameter.TN);
        Ph = Get(DischargeParameter.PH);
        WaterTemperature = Get(DischargeParameter.WaterTemperature);
    }
}

internal static class OutfallsModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Outfall>(e =>
        {
            e.HasIndex(o => o.Code).IsUnique();
            e.Property(o => o.Code).HasMaxLength(40);
            e.Property(o => o.Name).HasMaxLength(200);
            e.Property(o => o.Type).HasConversion<string>().HasMaxLength(30);
            e.Property(o => o.Filing).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.ReceivingKind).HasMaxLength(10);
            e.Property(o => o.ReceivingWater).HasMaxLength(100);
            e.Property(o => o.RegionCode).HasMaxLength(6);
            e.Property(o => o.ResponsibleUnit).HasMaxLength(200);
            e.Property(o => o.StandardId).HasMaxLength(60);
            e.Property(o => o.MonitorStationCode).HasMaxLength(40);
            e.Property(o => o.Note).HasMaxLength(1000);
        });
        model.Entity<OutfallResult>(e =>
        {
            e.HasOne<Outfall>().WithMany().HasForeignKey(r => r.OutfallId);
            e.HasIndex(r => new { r.OutfallId, r.SampledOn }).IsUnique();
            e.Property(r => r.StandardId).HasMaxLength(60);
            e.Property(r => r.Judgment).HasMaxLength(2000);
        });
    }
}
