using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Cases;

/// <summary>Cases shaped for reading: region names and task titles resolved, photos in order.</summary>
internal static class CaseQueries
{
    public static string PhotoUrl(int caseId, int photoId) => $"/showcase/cases/{caseId}/photos/{photoId}";

    public static string AdminPhotoUrl(int caseId, int photoId) => $"/api/admin/cases/{caseId}/photos/{photoId}";

    /// <summary>Published cases only (for the public), in the plan office's order.</summary>
    public static async Task<List<CaseDto>> PublishedAsync(AppDbContext db, int? id, CancellationToken ct)
    {
        var q = db.TypicalCases.Where(c => c.Published);
        if (id is not null)
            q = q.Where(c => c.Id == id);
        return (await LoadAsync(db, q, admin: false, ct)).Select(x => x.Case).ToList();
    }

    public static async Task<List<AdminCaseDto>> AllAsync(AppDbContext db, int? id, CancellationToken ct)
    {
        var q = db.TypicalCases.AsQueryable();
        if (id is not null)
            q = q.Where(c => c.Id == id);
        return await LoadAsync(db, q, admin: true, ct);
    }

    private static async Task<List<AdminCaseDto>> LoadAsync(AppDbContext db, IQueryable<TypicalCase> q, bool admin, CancellationToken ct)
    {
        var rows = await q.AsNoTracking().Include(c => c.Photos).OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(ct);
        var codes = rows.Select(r => r.DistrictCode).Distinct().ToList();
        var regions = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, ct);
        var taskIds = rows.SelectMany(r => r.TaskIds).Distinct().ToList();
        var tasks = await db.PlanTasks.AsNoTracking().Where(t => taskIds.Contains(t.Id))
            .Join(db.Plans, t => t.PlanId, p => p.Id, (t, p) => new { t.Id, t.PlanId, PlanTitle = p.Title, PlanTitleEn = p.TitleEn, t.Number, t.Title, t.TitleEn })
            .ToDictionaryAsync(t => t.Id, ct);
        return rows.Select(c =>
        {
            var region = regions.GetValueOrDefault(c.DistrictCode);
            var linked = c.TaskIds.Where(tasks.ContainsKey).Select(t => tasks[t])
                .Select(t => new CaseTaskDto(t.Id, t.PlanId, t.PlanTitle, t.PlanTitleEn, t.Number, t.Title, t.TitleEn, $"/plans/{t.PlanId}/tasks/{t.Number}")).ToList();
            var photos = c.Photos.OrderBy(p => p.SortOrder).ThenBy(p => p.Id)
                .Select(p => new CasePhotoDto(p.Id, admin ? AdminPhotoUrl(c.Id, p.Id) : PhotoUrl(c.Id, p.Id), p.ContentType, p.Size, p.AltText, p.AltTextEn,
                    p.Caption, p.CaptionEn, p.SortOrder)).ToList();
            var dto = new CaseDto(c.Id, c.Title, c.TitleEn, c.Narrative, c.NarrativeEn, c.DistrictCode, region?.Name ?? c.DistrictCode, region?.NameEn,
                c.PlaceName, c.PlaceNameEn, c.Longitude, c.Latitude, c.PublishedAt, linked, photos);
            return new AdminCaseDto(dto, c.Published, c.SortOrder, c.CreatedBy, c.CreatedAt, c.UpdatedBy, c.UpdatedAt);
        }).ToList();
    }
}
