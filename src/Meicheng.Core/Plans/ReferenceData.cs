using System.Text.Json;
using System.Text.Json.Serialization;

namespace Meicheng.Core.Plans;

/// <summary>An administrative region with its GB/T 2260 code.</summary>
public sealed record Region(string Code, string Name, string NameEn, string Kind, string? ParentCode, IReadOnlyList<string> AlsoKnownAs, string? Note)
{
    /// <summary>Where the region lies, for maps and for checking coordinates typed in (the city root states it).</summary>
    public GeoBounds? Bounds { get; init; }

    /// <summary>The city's district map: a GeoJSON file (features keyed by GB/T 2260 code), as a path the web host serves.</summary>
    public string? Map { get; init; }
}

/// <summary>A longitude/latitude box (WGS-84 degrees).</summary>
public sealed record GeoBounds(double West, double South, double East, double North)
{
    public bool ContainsLongitude(double longitude) => longitude >= West && longitude <= East;

    public bool ContainsLatitude(double latitude) => latitude >= South && latitude <= North;
}

/// <summary>A named place or functional zone the plans mention, with the regions it lies in.</summary>
public sealed record Zone(string Id, string Name, string NameEn, string Kind, IReadOnlyList<string> Regions);

/// <summary>A unit that plans make responsible for tasks.</summary>
public sealed record Department(string Id, string Name, string FullName, string NameEn, string Kind, IReadOnlyList<string> Aliases, string? RegionCode, string? Note);

/// <summary>The reference data plans point at: regions, zones and departments.</summary>
public sealed record ReferenceData(IReadOnlyList<Region> Regions, IReadOnlyList<Zone> Zones, IReadOnlyList<Department> Departments)
{
    /// <summary>
    /// The city this reference data describes, by its GB/T 2260 code: the one region of kind <c>city</c> (<see cref="Parse"/>
    /// refuses a file with none or several); its districts are the regions whose parent it is.
    /// </summary>
    public string City => CityRegion.Code;

    /// <summary>The city's root region: its code, Chinese and English names and, when stated, its bounds.</summary>
    public Region CityRegion => Regions.Single(r => r.Kind == "city");

    /// <summary>Reads <c>regions.json</c> and <c>departments.json</c> texts, validating codes and ids.</summary>
    public static ReferenceData Parse(string regionsFile, string regionsJson, string departmentsFile, string departmentsJson)
    {
        var regions = Deserialize<RegionsDto>(regionsFile, regionsJson);
        var departments = Deserialize<DepartmentsDto>(departmentsFile, departmentsJson);

        var regionList = new List<Region>();
        foreach (var r in regions.Regions ?? [])
        {
            var item = $"region {r.Code ?? "?"}";
            var code = Required(regionsFile, item, "code", r.Code);
            if (code.Length != 6 || !code.All(char.IsAsciiDigit))
                throw new PlanFileException(regionsFile, item, "code", "a GB/T 2260 code has six digits");
            if (r.Bounds is { } b && (b.West >= b.East || b.South >= b.North || b.West < -180 || b.East > 180 || b.South < -90 || b.North > 90))
                throw new PlanFileException(regionsFile, item, "bounds", "west < east and south < north, in degrees");
            regionList.Add(new Region(code, Required(regionsFile, item, "name", r.Name), r.NameEn ?? code,
                Required(regionsFile, item, "kind", r.Kind), r.Parent, r.AlsoKnownAs ?? [], r.Note)
            {
                Bounds = r.Bounds is { } box ? new GeoBounds(box.West, box.South, box.East, box.North) : null,
                Map = r.Map,
            });
        }
        Unique(regionsFile, "region", regionList.Select(r => r.Code));
        var cities = regionList.Where(r => r.Kind == "city").ToList();
        if (cities.Count != 1)
            throw new PlanFileException(regionsFile, "regions", "kind", $"exactly one region of kind city (the city's GB/T 2260 root) is required, found {cities.Count}");
        if (!cities[0].Code.EndsWith("00", StringComparison.Ordinal) || cities[0].ParentCode is not null)
            throw new PlanFileException(regionsFile, $"region {cities[0].Code}", "code", "the city's root code ends in 00 and has no parent");
        var codes = regionList.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var r in regionList.Where(r => r.ParentCode is not null && !codes.Contains(r.ParentCode)))
            throw new PlanFileException(regionsFile, $"region {r.Code}", "parent", $"unknown region code '{r.ParentCode}'");

        var zoneList = new List<Zone>();
        foreach (var z in regions.Zones ?? [])
        {
            var item = $"zone {z.Id ?? "?"}";
            var zoneRegions = z.Regions ?? [];
            foreach (var code in zoneRegions.Where(c => !codes.Contains(c)))
                throw new PlanFileException(regionsFile, item, "regions", $"unknown region code '{code}'");
            zoneList.Add(new Zone(Required(regionsFile, item, "id", z.Id), Required(regionsFile, item, "name", z.Name),
                z.NameEn ?? z.Id!, Required(regionsFile, item, "kind", z.Kind), zoneRegions));
        }
        Unique(regionsFile, "zone", zoneList.Select(z => z.Id));

        var departmentList = new List<Department>();
        foreach (var d in departments.Departments ?? [])
        {
            var item = $"department {d.Id ?? "?"}";
            if (d.Region is not null && !codes.Contains(d.Region))
                throw new PlanFileException(departmentsFile, item, "region", $"unknown region code '{d.Region}'");
            departmentList.Add(new Department(Required(departmentsFile, item, "id", d.Id), Required(departmentsFile, item, "name", d.Name),
                d.FullName ?? d.Name!, d.NameEn ?? d.Id!, Required(departmentsFile, item, "kind", d.Kind), d.Aliases ?? [], d.Region, d.Note));
        }
        Unique(departmentsFile, "department", departmentList.Select(d => d.Id));

        return new ReferenceData(regionList, zoneList, departmentList);
    }

    internal static T Deserialize<T>(string file, string json)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, JsonOptions)
                ?? throw new PlanFileException(file, "file", "(root)", "the file is empty");
        }
        catch (JsonException e)
        {
            throw new PlanFileException(file, "file", e.Path ?? "(root)", $"not valid JSON for this format: {FirstSentence(e.Message)}", e);
        }
    }

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }

    internal static string Required(string file, string item, string field, string? value) =>
        string.IsNullOrWhiteSpace(value) ? throw new PlanFileException(file, item, field, "is required") : value;

    internal static void Unique(string file, string what, IEnumerable<string> ids)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids.Where(id => !seen.Add(id)))
            throw new PlanFileException(file, $"{what} {id}", "id", "appears more than once");
    }

    private sealed class RegionsDto
    {
        public string? Schema { get; set; }
        public string? Source { get; set; }
        public List<RegionDto>? Regions { get; set; }
        public List<ZoneDto>? Zones { get; set; }
    }

    private sealed class RegionDto
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? NameEn { get; set; }
        public string? Kind { get; set; }
        public string? Parent { get; set; }
        public List<string>? AlsoKnownAs { get; set; }
        public string? Note { get; set; }
        public BoundsDto? Bounds { get; set; }
        public string? Map { get; set; }
    }

    private sealed class BoundsDto
    {
        public double West { get; set; }
        public double South { get; set; }
        public double East { get; set; }
        public double North { get; set; }
    }

    private sealed class ZoneDto
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public string? NameEn { get; set; }
        public string? Kind { get; set; }
        public List<string>? Regions { get; set; }
    }

    private sealed class DepartmentsDto
    {
        public string? Schema { get; set; }
        public List<DepartmentDto>? Departments { get; set; }
    }

    private sealed class DepartmentDto
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public string? FullName { get; set; }
        public string? NameEn { get; set; }
        public string? Kind { get; set; }
        public List<string>? Aliases { get; set; }
        public string? Region { get; set; }
        public string? Zone { get; set; }
        public string? Note { get; set; }
    }
}
