using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Meicheng.Web.Features.Cases;

/// <summary>Typical cases (典型案例): managed by the plan office, read by the public once published.</summary>
public static class CasesApi
{
    public static IServiceCollection AddCases(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CasesOptions>(configuration.GetSection("Cases"));
        services.AddSingleton<CasePhotoStore>();
        services.AddScoped<Cases>();
        return services;
    }

    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/cases").WithTags("Cases").RequireAuthorization(Policies.Admin);
        admin.MapGet("/", List).WithSummary("Every typical case, published or not, with who changed it when");
        admin.MapGet("/{id:int}", Get).WithSummary("One typical case");
        admin.MapPost("/", Create).WithSummary("Write a typical case (unpublished); each problem names the field and the reason");
        admin.MapPut("/{id:int}", Update).WithSummary("Change a typical case");
        admin.MapDelete("/{id:int}", Delete).WithSummary("Delete a typical case with its photos");
        admin.MapPost("/{id:int}/publish", (int id, AppDbContext db, Cases cases, CancellationToken ct) => Publish(id, true, db, cases, ct)).WithSummary("Publish a case: the public sees it from now on");
        admin.MapPost("/{id:int}/unpublish", (int id, AppDbContext db, Cases cases, CancellationToken ct) => Publish(id, false, db, cases, ct)).WithSummary("Withdraw a case from the public");
        admin.MapPost("/{id:int}/photos", RuntimeBound.Handler(AddPhoto)).DisableAntiforgery()
            .WithSummary("Add a photo (multipart: file — JPEG, PNG or WebP by content, size-limited; altText required; altTextEn, caption, captionEn, sortOrder)");
        admin.MapGet("/{id:int}/photos/{photoId:int}", AdminPhoto).WithSummary("A case's photo, published or not (for the plan office's preview)");
        admin.MapDelete("/{id:int}/photos/{photoId:int}", DeletePhoto).WithSummary("Delete a photo of a case");

        var open = app.MapGroup("/api/public/cases").WithTags("Public").AllowAnonymous();
        open.MapGet("/", PublicList).WithSummary("Published typical cases");
        open.MapGet("/{id:int}", PublicGet).WithSummary("One published typical case (404 when it is not published)");

        app.MapGet("/showcase/cases/{id:int}/photos/{photoId:int}", PublicPhoto).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<Ok<List<AdminCaseDto>>> List(AppDbContext db, CancellationToken ct) => TypedResults.Ok(await CaseQueries.AllAsync(db, null, ct));

    private static async Task<Results<Ok<AdminCaseDto>, NotFound>> Get(int id, AppDbContext db, CancellationToken ct) =>
        (await CaseQueries.AllAsync(db, id, ct)) is [var one] ? TypedResults.Ok(one) : TypedResults.NotFound();

    private static async Task<Results<Created<AdminCaseDto>, ValidationProblem>> Create(CaseRequest request, AppDbContext db, Cases cases, CancellationToken ct)
    {
        var result = await cases.CreateAsync(request, ct);
        if (!result.Succeeded)
            return TypedResults.ValidationProblem(result.Errors.ToDictionary());
        var dto = (await CaseQueries.AllAsync(db, result.Value!.Id, ct)).Single();
        return TypedResults.Created($"/api/admin/cases/{dto.Case.Id}", dto);
    }

    private static async Task<Results<Ok<AdminCaseDto>, NotFound, ValidationProblem>> Update(int id, CaseRequest request, AppDbContext db, Cases cases, CancellationToken ct) =>
        await Reply(await cases.UpdateAsync(id, request, ct), id, db, ct);

    private static async Task<Results<Ok<AdminCaseDto>, NotFound, ValidationProblem>> Publish(int id, bool published, AppDbContext db, Cases cases, CancellationToken ct) =>
        await Reply(await cases.SetPublishedAsync(id, published, ct), id, db, ct);

    private static async Task<Results<NoContent, NotFound>> Delete(int id, Cases cases, CancellationToken ct) =>
        (await cases.DeleteAsync(id, ct)).Succeeded ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<AdminCaseDto>, NotFound, ValidationProblem>> Reply(Outcome<TypicalCase> result, int id, AppDbContext db, CancellationToken ct) =>
        result.Kind switch
        {
            OutcomeKind.NotFound => TypedResults.NotFound(),
            OutcomeKind.Invalid => TypedResults.ValidationProblem(result.Errors.ToDictionary()),
            _ => TypedResults.Ok((await CaseQueries.AllAsync(db, id, ct)).Single()),
        };

    private static async Task<Results<Created<CasePhotoDto>, NotFound, ValidationProblem>> AddPhoto(
        int id, IFormFile? file, [FromForm] string? altText, [FromForm] string? altTextEn, [FromForm] string? caption, [FromForm] string? captionEn,
        [FromForm] int? sortOrder, AppDbContext db, Cases cases, CancellationToken ct)
    {
        var result = await cases.AddPhotoAsync(id, file, altText, altTextEn, caption, captionEn, sortOrder, ct);
        switch (result.Kind)
        {
            case OutcomeKind.NotFound:
                return TypedResults.NotFound();
            case OutcomeKind.Invalid:
                return TypedResults.ValidationProblem(result.Errors.ToDictionary());
        }
        var dto = (await CaseQueries.AllAsync(db, id, ct)).Single().Case.Photos.Single(p => p.Id == result.Value!.Id);
        return TypedResults.Created(dto.Url, dto);
    }

    private static async Task<Results<NoContent, NotFound>> DeletePhoto(int id, int photoId, Cases cases, CancellationToken ct) =>
        (await cases.DeletePhotoAsync(id, photoId, ct)).Succeeded ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Ok<List<CaseDto>>> PublicList(AppDbContext db, CancellationToken ct) => TypedResults.Ok(await CaseQueries.PublishedAsync(db, null, ct));

    private static async Task<Results<Ok<CaseDto>, NotFound>> PublicGet(int id, AppDbContext db, CancellationToken ct) =>
        (await CaseQueries.PublishedAsync(db, id, ct)) is [var one] ? TypedResults.Ok(one) : TypedResults.NotFound();

    // A photo is public exactly while its case is published. Photos never change in place (a new upload is a new id), so
    // the content hash is a strong ETag; the short max-age bounds how long a withdrawn case's photo may linger in caches.
    private static async Task<Results<PhysicalFileHttpResult, NotFound>> PublicPhoto(
        int id, int photoId, AppDbContext db, CasePhotoStore store, HttpContext http, CancellationToken ct)
    {
        var photo = await db.CasePhotos.AsNoTracking()
            .SingleOrDefaultAsync(p => p.Id == photoId && p.CaseId == id && db.TypicalCases.Any(c => c.Id == id && c.Published), ct);
        return Serve(photo, store, http, "public, max-age=300");
    }

    private static async Task<Results<PhysicalFileHttpResult, NotFound>> AdminPhoto(
        int id, int photoId, AppDbContext db, CasePhotoStore store, HttpContext http, CancellationToken ct) =>
        Serve(await db.CasePhotos.AsNoTracking().SingleOrDefaultAsync(p => p.Id == photoId && p.CaseId == id, ct), store, http, "private, no-store");

    private static Results<PhysicalFileHttpResult, NotFound> Serve(CasePhoto? photo, CasePhotoStore store, HttpContext http, string cacheControl)
    {
        if (photo is null || !File.Exists(store.PathOf(photo)))
        {
            // A bare 404 for an image: re-executed into the Chinese not-found page it would meet the fallback policy
            // (the re-executed request has no endpoint) and send an anonymous reader to the sign-in page instead.
            http.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
            return TypedResults.NotFound();
        }
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = cacheControl;
        return TypedResults.PhysicalFile(store.PathOf(photo), photo.ContentType, lastModified: photo.UploadedAt,
            entityTag: new EntityTagHeaderValue($"\"{photo.Sha256}\""));
    }
}
