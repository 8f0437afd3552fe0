using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Regions;

/// <summary>An administrative region keyed by its GB/T 2260 code.</summary>
public sealed class Region
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string NameEn { get; set; }
    public required string Kind { get; set; }
    public string? ParentCode { get; set; }
    public List<string> AlsoKnownAs { get; set; } = [];
    public string? Note { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>A functional zone or named place (bay, river, mountain) and the regions it lies in.</summary>
public sealed class Zone
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string NameEn { get; set; }
    public required string Kind { get; set; }
    public List<string> Regions { get; set; } = [];
    public int SortOrder { get; set; }
}

internal static class RegionsModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Region>(e =>
        {
            e.HasKey(r => r.Code);
            e.Property(r => r.Code).HasMaxLength(6);
        });
        model.Entity<Zone>();
    }
}
