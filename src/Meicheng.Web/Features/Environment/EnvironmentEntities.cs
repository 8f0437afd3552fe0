using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Environment;

/// <summary>What a station measures.</summary>
public static class StationKind
{
    public const string Air = "air";
    public const string SurfaceWater = "surface-water";
    public const string Seawater = "seawater";

    public static readonly IReadOnlyList<string> All = [Air, SurfaceWater, Seawater];

    public static string Chinese(string kind) => kind switch
    {
        Air => "环境空气",
        SurfaceWater => "地表水",
        Seawater => "近岸海域",
        _ => kind,
    };
}

/// <summary>Who runs a station: 国控, 省控, 市控.</summary>
public static class StationType
{
    public const string National = "national";
    public const string Provincial = "provincial";
    public const string Municipal = "municipal";

    public static readonly IReadOnlyList<string> All = [National, Provincial, Municipal];

    public static string Chinese(string type) => type switch
    {
        National => "国控",
        Provincial => "省控",
        Municipal => "市控",
        _ => type,
    };
}

/// <summary>
/// An air monitoring station, a surface-water section or a seawater point. Rows come from the reviewed registry file
/// (<c>data/reference/stations.json</c>, <see cref="Source"/> "registry") or from an admin ("admin"); they are never
/// deleted, since measurements hang on them: a station dropped from the file is retired.
/// </summary>
public sealed class Station
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public required string Kind { get; set; }
    public required string Type { get; set; }
    /// <summary>GB/T 2260 code of the district the station is in; stations outside the city are allowed (the Beijing data).</summary>
    public required string RegionCode { get; set; }
    public string? RegionName { get; set; }
    public decimal? Longitude { get; set; }
    public decimal? Latitude { get; set; }
    /// <summary>The coordinates are an approximate position in the district, not the surveyed site.</summary>
    public bool Approximate { get; set; }
    /// <summary>A reference (对照) station: measured and shown, but not part of a city's mean.</summary>
    public bool IsReference { get; set; }
    /// <summary>Water: the class the section or point is assigned to meet (GB 3838 1..5, GB 3097 1..4).</summary>
    public int? TargetClass { get; set; }
    /// <summary>Surface water: "river" or "lake" (GB 3838's TP limits differ).</summary>
    public string? WaterBody { get; set; }
    /// <summary>The names a data feed uses for the station (the CSV <c>station</c> column).</summary>
    public List<string> FeedNames { get; set; } = [];
    public string? Note { get; set; }
    public required string Source { get; set; }
    public bool Retired { get; set; }
    public int SortOrder { get; set; }
    /// <summary>HJ 212 监测点编号 (MN) of the station's data logger, unique; null when the station does not transmit.</summary>
    public string? Mn { get; set; }
    /// <summary>The HJ 212 access password (PW), PBKDF2-hashed (<see cref="Hj212.Hj212Passwords"/>); never stored or shown in clear.</summary>
    public string? Hj212PasswordHash { get; set; }
    /// <summary>When the receiver last accepted a packet of this station.</summary>
    public DateTimeOffset? LastPacketAt { get; set; }
    /// <summary>The responsible department (an id of data/reference/departments.json): the station's alerts go to it.</summary>
    public string? OwnerDepartmentId { get; set; }
}

/// <summary>
/// One hour of a station as the feed labelled it: <see cref="Date"/> and <see cref="Hour"/> (0..23) are the label, read by
/// the hour-label convention when days are formed. Concentrations in ug/m3, CO in mg/m3; null where missing.
/// </summary>
public sealed class AirHour
{
    public int StationId { get; set; }
    public DateOnly Date { get; set; }
    public short Hour { get; set; }
    public decimal? So2 { get; set; }
    public decimal? No2 { get; set; }
    public decimal? Pm10 { get; set; }
    public decimal? Co { get; set; }
    public decimal? O3 { get; set; }
    public decimal? Pm25 { get; set; }
    public int ImportId { get; set; }
}

/// <summary>
/// An hour an import has read but not yet made visible: staged in short batches while the file is read, moved into
/// <see cref="AirHour"/> by the import's switch-over transaction, deleted when the import is refused, fails or is killed.
/// Nothing reads this table but the importer.
/// </summary>
public sealed class AirHourStaged
{
    public int ImportId { get; set; }
    public int StationId { get; set; }
    public DateOnly Date { get; set; }
    public short Hour { get; set; }
    public decimal? So2 { get; set; }
    public decimal? No2 { get; set; }
    public decimal? Pm10 { get; set; }
    public decimal? Co { get; set; }
    public decimal? O3 { get; set; }
    public decimal? Pm25 { get; set; }
}

/// <summary>
/// A station-day under the default hour-label convention (period end, CNEMC): the Core's station-day (means with hour
/// counts, O3 maximum 1-hour value, MDA8 with valid windows) and the daily AQI that the annual evaluation counts, under
/// each HJ 633 generation. Recomputed from <see cref="AirHour"/> rows whenever an import touches the day.
/// </summary>
public sealed class AirDay
{
    public int StationId { get; set; }
    public DateOnly Date { get; set; }
    public decimal? So2 { get; set; }
    public short So2Hours { get; set; }
    public decimal? No2 { get; set; }
    public short No2Hours { get; set; }
    public decimal? Pm10 { get; set; }
    public short Pm10Hours { get; set; }
    public decimal? Co { get; set; }
    public short CoHours { get; set; }
    public decimal? O3 { get; set; }
    public short O3Hours { get; set; }
    public decimal? Pm25 { get; set; }
    public short Pm25Hours { get; set; }
    public decimal? O3Max1h { get; set; }
    public decimal? Mda8 { get; set; }
    public short Mda8Windows { get; set; }
    /// <summary>Bit h-1 set when the hour ending at h (1..24) had a row.</summary>
    public int HoursSeen { get; set; }
    /// <summary>HJ 633-2012 daily AQI of the counted values with 2012 limits (null: no valid daily AQI).</summary>
    public int? Aqi2012 { get; set; }
    public string? Primary2012 { get; set; }
    /// <summary>HJ 633-2026 daily AQI of the counted values with the 2026 limits in force on the day (transitional before 2031).</summary>
    public int? Aqi2026 { get; set; }
    public string? Primary2026 { get; set; }
}

/// <summary>The states of an air data import.</summary>
public static class ImportStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    /// <summary>Stored (a lenient import may have refused some rows; they are listed).</summary>
    public const string Completed = "completed";
    /// <summary>A strict import with refused rows, or a bad header: nothing stored.</summary>
    public const string Refused = "refused";
    /// <summary>An error (or a restart) stopped it: nothing stored.</summary>
    public const string Failed = "failed";

    public static string Chinese(string status) => status switch
    {
        Queued => "排队中",
        Running => "导入中",
        Completed => "已完成",
        Refused => "已拒绝（未写入）",
        Failed => "失败（未写入）",
        _ => status,
    };
}

/// <summary>One uploaded hourly air CSV and what its import did. The content hash makes a re-upload of the same file a no-op.</summary>
public sealed class AirImport
{
    public int Id { get; set; }
    public required string FileName { get; set; }
    /// <summary>The upload's name in the import folder while it waits: random, so instances sharing a folder never collide.</summary>
    public required string StoredName { get; set; }
    public required string Sha256 { get; set; }
    public required string Format { get; set; }
    /// <summary>"strict": any refused row refuses the file; "lenient": valid rows are stored, refused rows listed.</summary>
    public required string Mode { get; set; }
    public required string Status { get; set; }
    public long Size { get; set; }
    public long RowsRead { get; set; }
    public long RowsAccepted { get; set; }
    public long RowsRejected { get; set; }
    public int DaysStored { get; set; }
    /// <summary>Refused rows per kind, as JSON ({"NotANumber": 2}).</summary>
    public string? RejectedByKind { get; set; }
    public List<string> StationCodes { get; set; } = [];
    public DateOnly? FirstDate { get; set; }
    public DateOnly? LastDate { get; set; }
    public string? Error { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>A row an import refused: nothing of it was stored.</summary>
public sealed class AirImportRejection
{
    public long Id { get; set; }
    public int ImportId { get; set; }
    public long Line { get; set; }
    public required string Field { get; set; }
    public required string Kind { get; set; }
    public required string Reason { get; set; }
}

/// <summary>A water sample of a section or seawater point on a day; its values are <see cref="WaterMeasurement"/> rows.</summary>
public sealed class WaterSample
{
    public int Id { get; set; }
    public int StationId { get; set; }
    public DateOnly SampledOn { get; set; }
    public string? Note { get; set; }
    public required string EnteredBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<WaterMeasurement> Values { get; set; } = [];
}

/// <summary>One item of a sample: the Core's item name (GB 3838 <c>WaterItem</c> or GB 3097 <c>SeaItem</c>) and its value in mg/L (pH unitless).</summary>
public sealed class WaterMeasurement
{
    public int Id { get; set; }
    public int SampleId { get; set; }
    public required string Item { get; set; }
    public decimal Value { get; set; }
}

internal static class EnvironmentModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Station>(e =>
        {
            e.HasIndex(s => s.Code).IsUnique();
            e.Property(s => s.Code).HasMaxLength(40);
            e.Property(s => s.Kind).HasMaxLength(20);
            e.Property(s => s.Type).HasMaxLength(20);
            e.Property(s => s.RegionCode).HasMaxLength(6);
            e.Property(s => s.Mn).HasMaxLength(24);
            e.HasIndex(s => s.Mn).IsUnique();
        });
        Hj212.Hj212Model.Configure(model);
        // The bulk writer (AirStore) addresses these three tables by name: keep the names fixed here.
        model.Entity<AirHourStaged>(e =>
        {
            e.ToTable("AirHourStaging");
            e.HasKey(h => new { h.ImportId, h.StationId, h.Date, h.Hour });
        });
        model.Entity<AirHour>(e =>
        {
            e.ToTable("AirHours");
            e.HasKey(h => new { h.StationId, h.Date, h.Hour });
            e.HasOne<Station>().WithMany().HasForeignKey(h => h.StationId);
            e.HasOne<AirImport>().WithMany().HasForeignKey(h => h.ImportId);
        });
        model.Entity<AirDay>(e =>
        {
            e.ToTable("AirDays");
            e.HasKey(d => new { d.StationId, d.Date });
            e.HasOne<Station>().WithMany().HasForeignKey(d => d.StationId);
        });
        model.Entity<AirImport>(e => e.HasIndex(i => i.Sha256));
        model.Entity<AirImportRejection>(e =>
        {
            e.HasOne<AirImport>().WithMany().HasForeignKey(r => r.ImportId);
            e.HasIndex(r => new { r.ImportId, r.Line });
        });
        model.Entity<WaterSample>(e =>
        {
            e.HasOne<Station>().WithMany().HasForeignKey(s => s.StationId);
            e.HasIndex(s => new { s.StationId, s.SampledOn }).IsUnique();
            e.HasMany(s => s.Values).WithOne().HasForeignKey(v => v.SampleId);
        });
        model.Entity<WaterMeasurement>(e => e.HasIndex(v => new { v.SampleId, v.Item }).IsUnique());
    }
}
