using System.Text.Json;
using System.Text.Json.Serialization;

namespace Meicheng.Core.Environment.Outfalls;

/// <summary>
/// One limit of a discharge standard: a maximum (and for pH a minimum); <see cref="MaxCold"/> replaces the maximum when
/// the water temperature is at or below 12 ℃ (GB 18918's bracketed NH3-N values).
/// </summary>
public sealed record DischargeLimit(DischargeParameter Parameter, decimal? Min, decimal? Max, decimal? MaxCold, string? Note);

/// <summary>A discharge standard as configured: its id, name, the document and clause the limits come from, the limits.</summary>
public sealed record DischargeStandard(string Id, string Name, string Source, string Clause, bool Checked, IReadOnlyList<DischargeLimit> Limits);

/// <summary>The configured standards and which one applies to an outfall type by default.</summary>
public sealed record DischargeCatalogue(IReadOnlyList<DischargeStandard> Standards, IReadOnlyDictionary<OutfallType, string> Defaults)
{
    public DischargeStandard? Find(string? id) => id is null ? null : Standards.FirstOrDefault(s => s.Id == id);

    public DischargeStandard? DefaultFor(OutfallType type) => Defaults.TryGetValue(type, out var id) ? Find(id) : null;
}

/// <summary>A standards file that cannot be used, with the entry at fault.</summary>
public sealed class DischargeStandardsException(string message) : Exception(message);

/// <summary>Reads <c>data/reference/discharge-standards.json</c> (schema meicheng.discharge-standards/1).</summary>
public static class DischargeStandards
{
    public const string FileName = "discharge-standards.json";
    public const string Schema = "meicheng.discharge-standards/1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip, Converters = { new JsonStringEnumConverter() },
    };

    private sealed record LimitShape(string? Parameter, decimal? Min, decimal? Max, decimal? MaxCold, string? Note);
    private sealed record StandardShape(string? Id, string? Name, string? Source, string? Clause, bool Checked, List<LimitShape>? Limits);
    private sealed record FileShape(string? Schema, List<StandardShape>? Standards, Dictionary<string, string>? Defaults);

    /// <summary>Parses and checks the file; every fault names the standard and limit.</summary>
    public static DischargeCatalogue Parse(string json)
    {
        FileShape? file;
        try
        {
            file = JsonSerializer.Deserialize<FileShape>(json, Json);
        }
        catch (JsonException e)
        {
            throw new DischargeStandardsException($"{FileName}: not valid JSON: {e.Message}");
        }
        if (file?.Schema != Schema)
            throw new DischargeStandardsException($"{FileName}: schema must be {Schema}");
        var standards = new List<DischargeStandard>();
        foreach (var (s, i) in (file.Standards ?? []).Select((s, i) => (s, i)))
        {
            var at = $"{FileName}: standards[{i}] ({s.Id})";
            if (string.IsNullOrWhiteSpace(s.Id) || string.IsNullOrWhiteSpace(s.Name) || string.IsNullOrWhiteSpace(s.Source) || string.IsNullOrWhiteSpace(s.Clause))
                throw new DischargeStandardsException($"{at}: id, name, source and clause are required");
            if (standards.Any(x => x.Id == s.Id))
                throw new DischargeStandardsException($"{at}: id repeated");
            var limits = new List<DischargeLimit>();
            foreach (var l in s.Limits ?? [])
            {
                if (!Enum.TryParse<DischargeParameter>(l.Parameter, out var p) || p == DischargeParameter.WaterTemperature)
                    throw new DischargeStandardsException($"{at}: unknown parameter {l.Parameter}");
                if (l.Min is null && l.Max is null)
                    throw new DischargeStandardsException($"{at}: {p}: min or max required");
                if (limits.Any(x => x.Parameter == p))
                    throw new DischargeStandardsException($"{at}: {p} repeated");
                limits.Add(new DischargeLimit(p, l.Min, l.Max, l.MaxCold, l.Note));
            }
            standards.Add(new DischargeStandard(s.Id, s.Name, s.Source, s.Clause, s.Checked, limits));
        }
        var defaults = new Dictionary<OutfallType, string>();
        foreach (var (typeCode, id) in file.Defaults ?? [])
        {
            if (OutfallNames.ParseType(typeCode) is not { } type)
                throw new DischargeStandardsException($"{FileName}: defaults: unknown outfall type {typeCode}");
            if (standards.All(s => s.Id != id))
                throw new DischargeStandardsException($"{FileName}: defaults: {typeCode}: unknown standard {id}");
            defaults[type] = id;
        }
        return new DischargeCatalogue(standards, defaults);
    }
}
