using System.Text.Json;
using System.Text.RegularExpressions;
using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Environment;

/// <summary>One entry of <c>data/reference/stations.json</c>, as written.</summary>
public sealed record StationEntry(
    string Code, string Name, string? NameEn, string Kind, string Type, string Region, string? RegionName,
    decimal? Longitude, decimal? Latitude, bool Approximate, bool Reference, int? TargetClass, string? WaterBody,
    IReadOnlyList<string> FeedNames, string? Note);

/// <summary>A registry file that cannot be used, with the entry and field at fault.</summary>
public sealed class StationRegistryException(string message) : Exception(message);

/// <summary>
/// The reviewed registry of stations, sections and points. Seeding upserts by code, so a changed file updates rows in
/// place; a station no longer in the file is retired, never deleted (its measurements stay).
/// </summary>
public static partial class StationRegistry
{
    public const string FileName = "stations.json";
    public const string Schema = "meicheng.stations/1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip };

    private sealed record FileShape(string? Schema, string? Source, List<StationEntry?>? Stations);

    [GeneratedRegex("^[0-9]{6}$")]
    private static partial Regex RegionCode();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")]
    private static partial Regex CodePattern();

    /// <summary>Parses and checks a registry file; every fault names the entry and field.</summary>
    public static IReadOnlyList<StationEntry> Parse(string json)
    {
        FileShape? file;
        try
        {
            file = JsonSerializer.Deserialize<FileShape>(json, Json);
        }
        catch (JsonException e)
        {
            throw new StationRegistryException($"{FileName}: not valid JSON: {e.Message}");
        }
        if (file?.Schema != Schema)
            throw new StationRegistryException($"{FileName}: schema must be {Schema}");
        var entries = file.Stations ?? [];
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var feedNames = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var s = entries[i] ?? throw new StationRegistryException($"{FileName}: stations[{i}] is empty");
            var at = $"{FileName}: stations[{i}] ({s.Code})";
            var error = Check(s);
            if (error is not null)
                throw new StationRegistryException($"{at}: {error}");
            if (!codes.Add(s.Code))
                throw new StationRegistryException($"{at}: code: repeated");
            foreach (var feed in s.FeedNames ?? [])
            {
                if (!feedNames.TryAdd(feed, s.Code))
                    throw new StationRegistryException($"{at}: feedNames: '{feed}' is already the feed name of {feedNames[feed]}");
            }
        }
        return entries.Select(s => s! with { FeedNames = s.FeedNames ?? [] }).ToList();
    }

    /// <summary>Why an entry (from the file or an admin) is not a valid station, or null.</summary>
    public static string? Check(StationEntry s)
    {
        if (string.IsNullOrWhiteSpace(s.Code) || !CodePattern().IsMatch(s.Code))
            return "code: letters, digits and '-', at most 40";
        if (string.IsNullOrWhiteSpace(s.Name))
            return "name: required";
        if (!StationKind.All.Contains(s.Kind))
            return $"kind: one of {string.Join(", ", StationKind.All)}";
        if (!StationType.All.Contains(s.Type))
            return $"type: one of {string.Join(", ", StationType.All)}";
        if (s.Region is null || !RegionCode().IsMatch(s.Region))
            return "region: a six-digit GB/T 2260 code";
        if ((s.Longitude is null) != (s.Latitude is null))
            return "longitude, latitude: both or neither";
        if (s.Longitude is { } lon && (lon < -180 || lon > 180))
            return "longitude: -180..180";
        if (s.Latitude is { } lat && (lat < -90 || lat > 90))
            return "latitude: -90..90";
        switch (s.Kind)
        {
            case StationKind.Air when s.TargetClass is not null || s.WaterBody is not null:
                return "targetClass, waterBody: only for water";
            case StationKind.SurfaceWater when s.TargetClass is not (null or (>= 1 and <= 5)):
                return "targetClass: GB 3838 class 1..5";
            case StationKind.SurfaceWater when s.WaterBody is not ("river" or "lake"):
                return "waterBody: river or lake";
            case StationKind.Seawater when s.TargetClass is not (null or (>= 1 and <= 4)):
                return "targetClass: GB 3097 class 1..4";
            case StationKind.Seawater when s.WaterBody is not null:
                return "waterBody: only for surface water";
        }
        if (s.FeedNames?.Any(string.IsNullOrWhiteSpace) == true)
            return "feedNames: no empty name";
        return null;
    }

    public static Station ToStation(this StationEntry s, string source, int sortOrder) => new()
    {
        Code = s.Code, Name = s.Name.Trim(), NameEn = s.NameEn, Kind = s.Kind, Type = s.Type, RegionCode = s.Region, RegionName = s.RegionName,
        Longitude = s.Longitude, Latitude = s.Latitude, Approximate = s.Approximate, IsReference = s.Reference, TargetClass = s.TargetClass,
        WaterBody = s.WaterBody, FeedNames = [.. s.FeedNames], Note = s.Note, Source = source, SortOrder = sortOrder,
    };

    /// <summary>Writes the file's stations into the database: insert new codes, update changed ones, retire the missing.</summary>
    public static async Task<(int Added, int Updated, int Retired)> SeedAsync(AppDbContext db, IReadOnlyList<StationEntry> entries, CancellationToken ct)
    {
        var existing = await db.Stations.ToDictionaryAsync(s => s.Code, StringComparer.Ordinal, ct);
        int added = 0, updated = 0, retired = 0;
        foreach (var (entry, i) in entries.Select((e, i) => (e, i)))
        {
            var wanted = entry.ToStation("registry", i);
            if (!existing.TryGetValue(entry.Code, out var row))
            {
                db.Stations.Add(wanted);
                added++;
                continue;
            }
            wanted.Id = row.Id;
            wanted.LastPacketAt = row.LastPacketAt; // the feed's, not the file's
            var entityEntry = db.Entry(row);
            entityEntry.CurrentValues.SetValues(wanted);
            if (!row.FeedNames.SequenceEqual(wanted.FeedNames))
                row.FeedNames = wanted.FeedNames;
            if (entityEntry.State == EntityState.Modified)
                updated++;
        }
        var inFile = entries.Select(e => e.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var row in existing.Values.Where(s => s.Source == "registry" && !s.Retired && !inFile.Contains(s.Code)))
        {
            row.Retired = true;
            retired++;
        }
        await db.SaveChangesAsync(ct);
        return (added, updated, retired);
    }
}
