using Meicheng.Core.Plans;
using Meicheng.Web.Features.Plans;

namespace Meicheng.Web.Features.Regions;

/// <summary>
/// The city this instance serves: the root region of the reference data it loads (data/reference/regions.json, or
/// <c>Plans:ReferenceDirectory</c>), with its GB/T 2260 code, its names and, when the file states them, its bounds and
/// its district map (a web asset path; a city without one gets no map, never another city's).
/// Pages and operations ask this, never a constant, so another city's reference data makes another city's site.
/// </summary>
public sealed record City(string Code, string Name, string NameEn, GeoBounds? Bounds, string? Map)
{
    /// <summary>The name without 市 (青岛市 → 青岛), as in 美丽青岛.</summary>
    public string ShortName => Name.Length > 2 && Name.EndsWith('市') ? Name[..^1] : Name;

    /// <summary>美丽 + the short name: the showcase's title.</summary>
    public string Beautiful => $"美丽{ShortName}";

    /// <summary>The platform's name for this city, as its pages and reports title it.</summary>
    public string PlatformName => $"{ShortName}美丽城市建设规划实施平台";

    /// <summary>The significant digits of the city's code ("3702" for 370200): every code in the city starts with them.</summary>
    public string CodePrefix => Code[..4];

    /// <summary>A code within the city: the city itself or a code below it (a district, a station's region).</summary>
    public bool Contains(string code) => code.StartsWith(CodePrefix, StringComparison.Ordinal);

    public static City From(ReferenceData reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var root = reference.CityRegion;
        return new City(root.Code, root.Name, root.NameEn, root.Bounds, root.Map);
    }

    /// <summary>
    /// Reads the city from the configured regions.json (the departments do not name it, and the plan import reports their
    /// problems); a missing or invalid regions file stops the start with its reason.
    /// </summary>
    public static City Load(PlanFilesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = Path.Combine(options.ResolvedReferenceDirectory, "regions.json");
        if (!File.Exists(path))
            throw new PlanFileException("regions.json", "file", "(file)", $"not found at {path}");
        return From(ReferenceData.Parse("regions.json", File.ReadAllText(path), "departments.json", """{ "departments": [] }"""));
    }
}
