namespace Meicheng.Web.Features.Environment;

public sealed record StationDto(
    string Code, string Name, string? NameEn, string Kind, string KindName, string Type, string TypeName, string RegionCode, string? RegionName,
    decimal? Longitude, decimal? Latitude, bool Approximate, bool IsReference, int? TargetClass, string? WaterBody,
    IReadOnlyList<string> FeedNames, string? Note, string Source, bool Retired, string? Mn = null, DateTimeOffset? LastPacketAt = null, string? Owner = null);

/// <summary>A station and what is stored for it: hourly rows, days (first and last), the years with data, water samples.</summary>
public sealed record StationDetailDto(StationDto Station, int AirHours, int AirDays, DateOnly? FirstDay, DateOnly? LastDay, IReadOnlyList<int> Years, int WaterSamples);

/// <summary>An air import: status, progress while it runs (percent of bytes read, phase), counts and refused rows per kind.</summary>
public sealed record AirImportDto(
    int Id, string FileName, string Sha256, string Format, string Mode, string Status, string StatusName, bool Duplicate, long Size, int Percent, string? Phase,
    long RowsRead, long RowsAccepted, long RowsRejected, int DaysStored, IReadOnlyDictionary<string, int> RejectedByKind, IReadOnlyList<string> StationCodes,
    DateOnly? FirstDate, DateOnly? LastDate, string? Error, string UploadedBy, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);

public sealed record RejectionDto(long Line, string Field, string Kind, string KindName, string Reason);

/// <param name="ImportId">The import.</param>
/// <param name="Total">Refused rows stored for the import (at most Environment:MaxStoredRejections).</param>
/// <param name="NotStored">Refused rows counted but not stored, beyond the cap.</param>
/// <param name="Rows">The page of stored refused rows, in line order.</param>
public sealed record RejectionPageDto(int ImportId, int Total, long NotStored, IReadOnlyList<RejectionDto> Rows);

internal static class EnvironmentMappings
{
    public static string KindName(string kind) => kind switch
    {
        "Header" => "表头不符",
        "WrongColumns" => "列数不符",
        "NotANumber" => "数值或日期无效",
        "Negative" => "浓度为负",
        "DuplicateHour" => "同一小时重复",
        "OutOfOrder" => "日期顺序错误",
        "Truncated" => "文件截断",
        AirImporter.UnknownStation => "未登记的站点",
        AirImporter.AlreadyStored => "该小时已入库",
        AirImporter.StationAlias => "同一站点混用多个名称",
        _ => kind,
    };

    public static RejectionDto ToDto(this AirImportRejection r) => new(r.Line, r.Field, r.Kind, KindName(r.Kind), r.Reason);

    public static AirImportDto ToDto(this AirImport i, AirImportJobs queue, bool duplicate)
    {
        var running = queue.Running.TryGetValue(i.Id, out var p) ? p : null;
        var percent = i.Status is ImportStatus.Completed or ImportStatus.Refused or ImportStatus.Failed ? 100
            : running is null || running.Size == 0 ? 0
            : running.Phase == "days" ? 99
            : (int)Math.Min(95, 95 * running.Bytes / running.Size);
        var byKind = i.RejectedByKind is null ? new Dictionary<string, int>()
            : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(i.RejectedByKind) ?? [];
        return new AirImportDto(i.Id, i.FileName, i.Sha256, i.Format, i.Mode, i.Status, ImportStatus.Chinese(i.Status), duplicate, i.Size, percent, running?.Phase,
            running?.Rows ?? i.RowsRead, i.RowsAccepted, i.RowsRejected, i.DaysStored, byKind, i.StationCodes, i.FirstDate, i.LastDate, i.Error, i.UploadedBy,
            i.CreatedAt, i.FinishedAt);
    }

    public static StationDto ToDto(this Station s) => new(
        s.Code, s.Name, s.NameEn, s.Kind, StationKind.Chinese(s.Kind), s.Type, StationType.Chinese(s.Type), s.RegionCode, s.RegionName,
        s.Longitude, s.Latitude, s.Approximate, s.IsReference, s.TargetClass, s.WaterBody, s.FeedNames, s.Note, s.Source, s.Retired, s.Mn, s.LastPacketAt,
        s.OwnerDepartmentId);
}
