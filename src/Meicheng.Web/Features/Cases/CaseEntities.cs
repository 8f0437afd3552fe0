using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Cases;

/// <summary>
/// A typical case (典型案例) of the plans at work: a place, what was done there, photos, and the plan tasks it carries out.
/// The plan office writes it; the public sees it only once it is published.
/// </summary>
public sealed class TypicalCase
{
    public int Id { get; set; }
    public required string Title { get; set; }
    public string? TitleEn { get; set; }
    public required string Narrative { get; set; }
    public string? NarrativeEn { get; set; }
    /// <summary>GB/T 2260 code of the district (or the city) the case lies in.</summary>
    public required string DistrictCode { get; set; }
    public required string PlaceName { get; set; }
    public string? PlaceNameEn { get; set; }
    public double? Longitude { get; set; }
    public double? Latitude { get; set; }
    /// <summary>Ids of the plan tasks the case carries out (checked against the imported plans when saved).</summary>
    public List<string> TaskIds { get; set; } = [];
    public bool Published { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public int SortOrder { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<CasePhoto> Photos { get; set; } = [];
}

/// <summary>A photo of a case, kept like evidence files: under a random name outside wwwroot, its type read from its first bytes.</summary>
public sealed class CasePhoto
{
    public int Id { get; set; }
    public int CaseId { get; set; }
    public required string FileName { get; set; }
    public required string StoredName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    /// <summary>The text alternative, required: the photo's content in words, in Chinese.</summary>
    public required string AltText { get; set; }
    public string? AltTextEn { get; set; }
    public string? Caption { get; set; }
    public string? CaptionEn { get; set; }
    public int SortOrder { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

internal static class CasesModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<TypicalCase>(e =>
        {
            e.Property(c => c.Title).HasMaxLength(CaseRules.TitleMax);
            e.Property(c => c.TitleEn).HasMaxLength(CaseRules.TitleMax);
            e.Property(c => c.Narrative).HasMaxLength(CaseRules.NarrativeMax);
            e.Property(c => c.NarrativeEn).HasMaxLength(CaseRules.NarrativeMax);
            e.Property(c => c.DistrictCode).HasMaxLength(6);
            e.Property(c => c.PlaceName).HasMaxLength(CaseRules.PlaceMax);
            e.Property(c => c.PlaceNameEn).HasMaxLength(CaseRules.PlaceMax);
            e.HasMany(c => c.Photos).WithOne().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => new { c.Published, c.SortOrder });
        });
        model.Entity<CasePhoto>(e =>
        {
            e.Property(p => p.FileName).HasMaxLength(200);
            e.Property(p => p.StoredName).HasMaxLength(64);
            e.Property(p => p.ContentType).HasMaxLength(50);
            e.Property(p => p.Sha256).HasMaxLength(64);
            e.Property(p => p.AltText).HasMaxLength(CaseRules.AltMax);
            e.Property(p => p.AltTextEn).HasMaxLength(CaseRules.AltMax);
            e.Property(p => p.Caption).HasMaxLength(CaseRules.CaptionMax);
            e.Property(p => p.CaptionEn).HasMaxLength(CaseRules.CaptionMax);
            e.HasIndex(p => new { p.CaseId, p.SortOrder });
        });
    }
}
