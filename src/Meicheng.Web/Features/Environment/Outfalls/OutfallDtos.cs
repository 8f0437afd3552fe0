using Meicheng.Core.Environment.Outfalls;

namespace Meicheng.Web.Features.Environment.Outfalls;

/// <summary>An outfall as registered or changed: type, filing status and receiving kind by their codes (wwtp, filed, river…).</summary>
public sealed record OutfallRequest(
    string? Code, string? Name, string? Type, string? ReceivingKind, string? ReceivingWater, string? Region, decimal? Longitude, decimal? Latitude,
    string? ResponsibleUnit, string? Filing, DateOnly? FiledOn, string? StandardId, string? MonitorStationCode, int? ScheduleDays, string? Note);

public sealed record OutfallDto(
    string Code, string Name, string Type, string TypeName, string ReceivingKind, string ReceivingKindName, string ReceivingWater, string RegionCode,
    string? RegionName, decimal? Longitude, decimal? Latitude, string? ResponsibleUnit, string Filing, string FilingName, DateOnly? FiledOn,
    string? StandardId, string? StandardName, string? MonitorStationCode, DateTimeOffset? LastPacketAt, int? ScheduleDays, DateOnly? LastResultOn,
    bool? LastResultComplies, bool Supervised, string SupervisionBasis, string SupervisionReason, string? Note);

/// <summary>A supervisory result: the day and the measured values by parameter (COD, BOD5, SS, NH3N, TP, PO4P, TN, PH, WaterTemperature).</summary>
public sealed record OutfallResultRequest(DateOnly? SampledOn, Dictionary<string, decimal>? Values);

public sealed record ExceedanceDto(string Parameter, string ParameterName, decimal Value, decimal? Min, decimal? Max, string Text);

public sealed record OutfallResultDto(string OutfallCode, DateOnly SampledOn, Dictionary<string, decimal> Values, string? StandardId, bool? Complies,
    string Judgment, IReadOnlyList<ExceedanceDto> Exceedances);

/// <summary>Registered outfalls and those under digital supervision, for one district (or the whole city).</summary>
public sealed record SupervisionShareDto(string RegionCode, string RegionName, int Registered, int Supervised, int Online, int Schedule, decimal? Share);

public sealed record OutfallImportResultDto(int Rows, int Created, int Updated, int Unchanged);

public sealed record DischargeStandardDto(string Id, string Name, string Source, string Clause, bool Checked, IReadOnlyList<DischargeLimitDto> Limits);

public sealed record DischargeLimitDto(string Parameter, string ParameterName, string Unit, decimal? Min, decimal? Max, decimal? MaxCold, string? Note);

internal static class OutfallMapping
{
    public static DischargeStandardDto ToDto(this DischargeStandard s) => new(s.Id, s.Name, s.Source, s.Clause, s.Checked,
        s.Limits.Select(l => new DischargeLimitDto(l.Parameter.ToString(), l.Parameter.Chinese(), l.Parameter.Unit(), l.Min, l.Max, l.MaxCold, l.Note)).ToList());

    public static ExceedanceDto ToDto(this Exceedance e) => new(e.Parameter.ToString(), e.Parameter.Chinese(), e.Value, e.Min, e.Max, e.Text);
}
