using System.Text.Json;
using System.Text.RegularExpressions;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meicheng.Web.Features.Environment;

/// <summary>One entry of <c>data/reference/stations.json</c>, as written.</summary>
public sealed record StationEntry(
    string Code, string Name, string? NameEn, string Kind, string Type, string Region, string? RegionName,
    decimal? Longitude, decimal? Latitude, bool Approximate, bool Reference, int? TargetClass, string? WaterBody,
    IReadOnlyList<string> FeedNames, string? Note)
{
    /// <summary>HJ 212 MN of the station's data logger (optional; letters and digits, at most 24).</summary>
    public string? Mn { get; init; }

    /// <summary>HJ 212 access password (PW), accepted on registration only: stored hashed, never echoed back.</summary>
    public string? Hj212Password { get; init; }

    /// <summary>The responsible department's id (departments.json): the station's live-data alerts are sent to it.</summary>
    public string? Owner { get; init; }
}

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

    [GeneratedRegex("^[A-Za-z0-9]{1,24}$")]
    private static partial Regex MnPattern();

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
        var mns = new HashSet<string>(StringComparer.Ordinal);
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
            if (s.Hj212Password is not null)
                throw new StationRegistryException($"{at}: hj212Password: never in the reviewed file; set it when registering the station through the API");
            if (s.Mn is not null && !mns.Add(s.Mn))
                throw new StationRegistryException($"{at}: mn: repeated");
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
        if (s.Mn is not null && !MnPattern().IsMatch(s.Mn))
            return "mn: letters and digits, at most 24 (HJ 212 MN)";
        if (s.Hj212Password is not null && (s.Hj212Password.Length is 0 or > 9 || s.Hj212Password.Any(c => c is ';' or '&' or '=' or ',' || char.IsWhiteSpace(c))))
            return "hj212Password: 1 to 9 characters, no ; & = , or spaces (HJ 212 PW)";
        if (s.Hj212Password is not null && s.Mn is null)
            return "hj212Password: only with an mn";
        return null;
    }

    public static Station ToStation(this StationEntry s, string source, int sortOrder) => new()
    {
        Code = s.Code, Name = s.Name.Trim(), NameEn = s.NameEn, Kind = s.Kind, Type = s.Type, RegionCode = s.Region, RegionName = s.RegionName,
        Longitude = s.Longitude, Latitude = s.Latitude, Approximate = s.Approximate, IsReference = s.Reference, TargetClass = s.TargetClass,
        WaterBody = s.WaterBody, FeedNames = [.. s.FeedNames], Note = s.Note, Source = source, SortOrder = sortOrder, Mn = s.Mn,
        OwnerDepartmentId = string.IsNullOrWhiteSpace(s.Owner) ? null : s.Owner.Trim(),
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
            // The file never holds passwords, and the receiver owns the last packet time: keep them (and an MN an admin set).
            wanted.Mn ??= row.Mn;
            wanted.OwnerDepartmentId ??= row.OwnerDepartmentId;
            wanted.Hj212PasswordHash = row.Hj212PasswordHash;
            wanted.LastPacketAt = row.LastPacketAt;
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

/// <summary>The environment work Program.cs runs at start: the station registry from its file, the air imports a restart interrupted.</summary>
public static class EnvironmentStartup
{
    /// <summary>At start: interrupted imports are marked failed, queued ones queued again, leftovers removed (see AirImports.ResumeAsync).</summary>
    public static Task ResumeAirImportsAsync(this IServiceProvider services, CancellationToken cancellationToken = default) =>
        AirImports.ResumeAsync(services, cancellationToken);

    /// <summary>Seeds the station registry from data/reference/stations.json. A bad file is logged and changes nothing.</summary>
    public static async Task SeedStationsAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var folder = services.GetRequiredService<IOptions<PlanFilesOptions>>().Value.ResolvedReferenceDirectory;
        var path = Path.Combine(folder, StationRegistry.FileName);
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("Meicheng.Environment");
        if (!File.Exists(path))
        {
            log.LogWarning("No station registry at {Path}", path);
            return;
        }
        try
        {
            var entries = StationRegistry.Parse(await File.ReadAllTextAsync(path, cancellationToken));
            await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
            var (added, updated, retired) = await StationRegistry.SeedAsync(db, entries, cancellationToken);
            log.LogInformation("Stations from {Path}: {Added} added, {Updated} updated, {Retired} retired", path, added, updated, retired);
        }
        catch (StationRegistryException e)
        {
            log.LogError("Station registry refused, database unchanged: {Error}", e.Message);
        }
    }
}
