using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Showcase;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Cases;

/// <summary>
/// Every change to cases and their photos, for the admin API and the admin pages alike, done by the request's signed-in user: validated first, then written in
/// one SaveChanges with its audit entry, and the public showcase's cached pages evicted.
/// </summary>
internal sealed class Cases(AppDbContext db, CasePhotoStore store, CurrentUser currentUser, TimeProvider clock, IServiceProvider services, ILogger<Cases> log, Meicheng.Web.Features.Regions.City city)
{
    public const string EntityType = "TypicalCase";
    public const string PhotoEntityType = "CasePhoto";
    public const string NotFoundText = "案例不存在";

    public async Task<Outcome<TypicalCase>> CreateAsync(CaseRequest request, CancellationToken ct)
    {
        var (c, errors) = await CaseRules.CheckAsync(db, city, request, ct);
        if (errors.Count > 0)
            return Fail.Invalid(errors);
        var actor = await currentUser.GetAsync(ct);
        var now = clock.GetUtcNow();
        var row = new TypicalCase
        {
            Title = c.Title!, Narrative = c.Narrative!, DistrictCode = c.DistrictCode!, PlaceName = c.PlaceName!,
            CreatedBy = actor.Email, CreatedAt = now, UpdatedBy = actor.Email, UpdatedAt = now,
        };
        Apply(row, c);
        row.SortOrder = c.SortOrder ?? (await db.TypicalCases.MaxAsync(x => (int?)x.SortOrder, ct) ?? 0) + 10;
        // The id comes from the insert, and the audit entry names it: both in one transaction, so neither exists alone.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.TypicalCases.Add(row);
        await db.SaveChangesAsync(ct);
        Audit.Record(db, actor, now, "case.create", EntityType, Id(row), null, Snapshot(row));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await EvictAsync(ct);
        return Outcomes.Created(row);
    }

    public async Task<Outcome<TypicalCase>> UpdateAsync(int id, CaseRequest request, CancellationToken ct)
    {
        if (await db.TypicalCases.FindAsync([id], ct) is not { } row)
            return Fail.NotFound(NotFoundText);
        var (c, errors) = await CaseRules.CheckAsync(db, city, request, ct);
        if (errors.Count > 0)
            return Fail.Invalid(errors);
        var before = Snapshot(row);
        row.Title = c.Title!;
        row.Narrative = c.Narrative!;
        row.DistrictCode = c.DistrictCode!;
        row.PlaceName = c.PlaceName!;
        Apply(row, c);
        row.SortOrder = c.SortOrder ?? row.SortOrder;
        return await SaveAsync(await currentUser.GetAsync(ct), row, "case.update", before, ct);
    }

    public async Task<Outcome<TypicalCase>> SetPublishedAsync(int id, bool published, CancellationToken ct)
    {
        if (await db.TypicalCases.FindAsync([id], ct) is not { } row)
            return Fail.NotFound(NotFoundText);
        if (row.Published == published)
            return row;
        var before = Snapshot(row);
        row.Published = published;
        row.PublishedAt = published ? clock.GetUtcNow() : null;
        return await SaveAsync(await currentUser.GetAsync(ct), row, published ? "case.publish" : "case.unpublish", before, ct);
    }

    public async Task<Outcome<TypicalCase>> DeleteAsync(int id, CancellationToken ct)
    {
        if (await db.TypicalCases.Include(c => c.Photos).SingleOrDefaultAsync(c => c.Id == id, ct) is not { } row)
            return Fail.NotFound(NotFoundText);
        var files = row.Photos.Select(p => p.StoredName).ToList();
        Audit.Record(db, await currentUser.GetAsync(ct), clock.GetUtcNow(), "case.delete", EntityType, Id(row), new { @case = Snapshot(row), photos = row.Photos.Select(PhotoSnapshot) }, null);
        db.TypicalCases.Remove(row);
        await db.SaveChangesAsync(ct);
        // The rows are gone; the files follow. A file that cannot be removed is only an orphan on disk, never served.
        files.ForEach(RemoveFile);
        await EvictAsync(ct);
        return row;
    }

    public async Task<Outcome<CasePhoto>> AddPhotoAsync(int id, IFormFile? file, string? altText, string? altTextEn, string? caption, string? captionEn,
        int? sortOrder, CancellationToken ct)
    {
        if (await db.TypicalCases.FindAsync([id], ct) is not { } row)
            return Fail.NotFound(NotFoundText);
        (altText, altTextEn, caption, captionEn) = (CaseRules.Clean(altText), CaseRules.Clean(altTextEn), CaseRules.Clean(caption), CaseRules.Clean(captionEn));
        var errors = CaseRules.CheckPhoto(altText, altTextEn, caption, captionEn);
        var (bytes, type, fileError) = await store.ReadAsync(file, ct);
        if (fileError is not null)
            errors["file"] = [fileError];
        if (errors.Count > 0)
            return Fail.Invalid(errors);
        var actor = await currentUser.GetAsync(ct);
        var now = clock.GetUtcNow();
        var name = Path.GetFileName(file!.FileName);
        var order = sortOrder ?? (await db.CasePhotos.Where(p => p.CaseId == id).MaxAsync(p => (int?)p.SortOrder, ct) ?? 0) + 10;
        var photo = new CasePhoto
        {
            CaseId = id, FileName = name.Length > 200 ? name[^200..] : name, StoredName = await store.WriteAsync(bytes!, ct), ContentType = type!,
            Size = bytes!.Length, Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)),
            AltText = altText!, AltTextEn = altTextEn, Caption = caption, CaptionEn = captionEn,
            SortOrder = order,
            UploadedBy = actor.Email, UploadedAt = now,
        };
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.CasePhotos.Add(photo);
            row.UpdatedAt = now;
            row.UpdatedBy = actor.Email;
            await db.SaveChangesAsync(ct);
            Audit.Record(db, actor, now, "case.photo.add", PhotoEntityType, photo.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, PhotoSnapshot(photo));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch
        {
            // Nothing half-written: a file whose row was not saved is removed again.
            RemoveFile(photo.StoredName);
            throw;
        }
        await EvictAsync(ct);
        return Outcomes.Created(photo);
    }

    public async Task<Outcome<CasePhoto>> DeletePhotoAsync(int id, int photoId, CancellationToken ct)
    {
        if (await db.CasePhotos.SingleOrDefaultAsync(p => p.Id == photoId && p.CaseId == id, ct) is not { } photo
            || await db.TypicalCases.FindAsync([id], ct) is not { } row)
            return Fail.NotFound("照片不存在");
        var actor = await currentUser.GetAsync(ct);
        var now = clock.GetUtcNow();
        Audit.Record(db, actor, now, "case.photo.delete", PhotoEntityType, photo.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), PhotoSnapshot(photo), null);
        db.CasePhotos.Remove(photo);
        row.UpdatedAt = now;
        row.UpdatedBy = actor.Email;
        await db.SaveChangesAsync(ct);
        RemoveFile(photo.StoredName);
        await EvictAsync(ct);
        return photo;
    }

    private async Task<Outcome<TypicalCase>> SaveAsync(Actor actor, TypicalCase row, string action, object before, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        row.UpdatedAt = now;
        row.UpdatedBy = actor.Email;
        Audit.Record(db, actor, now, action, EntityType, Id(row), before, Snapshot(row));
        await db.SaveChangesAsync(ct);
        await EvictAsync(ct);
        return row;
    }

    private static void Apply(TypicalCase row, CaseRequest c)
    {
        row.TitleEn = c.TitleEn;
        row.NarrativeEn = c.NarrativeEn;
        row.PlaceNameEn = c.PlaceNameEn;
        row.Longitude = c.Longitude;
        row.Latitude = c.Latitude;
        row.TaskIds = [.. c.TaskIds ?? []];
    }

    private static string Id(TypicalCase row) => row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static object Snapshot(TypicalCase c) => new
    {
        c.Title, c.TitleEn, c.Narrative, c.NarrativeEn, c.DistrictCode, c.PlaceName, c.PlaceNameEn, c.Longitude, c.Latitude,
        TaskIds = c.TaskIds.ToList(), c.Published, c.PublishedAt, c.SortOrder,
    };

    private static object PhotoSnapshot(CasePhoto p) => new { p.CaseId, p.FileName, p.ContentType, p.Size, p.Sha256, p.AltText, p.AltTextEn, p.Caption, p.CaptionEn, p.SortOrder };

    private void RemoveFile(string storedName)
    {
        try
        {
            store.Delete(storedName);
        }
        catch (IOException e)
        {
            log.LogWarning(e, "Case photo file {File} could not be removed", storedName);
        }
    }

    /// <summary>Public pages are output-cached (see ShowcaseCache); a change to a case must not wait for them to expire.</summary>
    private ValueTask EvictAsync(CancellationToken ct) => services.GetRequiredService<IOutputCacheStore>().EvictShowcaseAsync(ct);
}
