using System.Security.Claims;
using Meicheng.Web.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Meicheng.Web.Features.Cases.Pages;

/// <summary>
/// The admin case pages' smaller forms (publish, delete, photo upload and removal) post here, antiforgery-checked and for
/// signed-in people only, and are redirected back with a message: the same CaseEditor as the API. (The case text itself
/// is posted to its own page, so a refused form comes back with what was typed.)
/// </summary>
internal static class CaseForms
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/admin/cases/forms").ExcludeFromDescription().RequireAuthorization(Accounts.Policies.AdminPages);
        forms.MapPost("/publish", Publish);
        forms.MapPost("/delete", Delete);
        forms.MapPost("/photo", AddPhoto);
        forms.MapPost("/photo-delete", DeletePhoto);
    }

    private static RedirectHttpResult Back(string path, string key, string text) => TypedResults.LocalRedirect($"{path}?{key}={Uri.EscapeDataString(text)}");

    private static async Task<RedirectHttpResult> Publish([FromForm] int id, [FromForm] bool published,
        ClaimsPrincipal principal, AppDbContext db, CaseEditor editor, CancellationToken ct)
    {
        var result = await editor.SetPublishedAsync(await CasesApi.ActorAsync(principal, db, ct), id, published, ct);
        return result.Outcome == CaseOutcome.NotFound ? Back("/admin/cases", "error", "案例不存在")
            : Back($"/admin/cases/{id}", "msg", published ? "已发布：公众现在可以看到这个案例" : "已撤回：公众不再看到这个案例");
    }

    private static async Task<RedirectHttpResult> Delete([FromForm] int id, ClaimsPrincipal principal, AppDbContext db, CaseEditor editor, CancellationToken ct)
    {
        var result = await editor.DeleteAsync(await CasesApi.ActorAsync(principal, db, ct), id, ct);
        return result.Outcome == CaseOutcome.NotFound ? Back("/admin/cases", "error", "案例不存在") : Back("/admin/cases", "msg", $"已删除案例“{result.Case!.Title}”及其照片");
    }

    private static async Task<RedirectHttpResult> AddPhoto([FromForm] int id, IFormFile? file, [FromForm] string? altText, [FromForm] string? altTextEn,
        [FromForm] string? caption, [FromForm] string? captionEn, ClaimsPrincipal principal, AppDbContext db, CaseEditor editor, CancellationToken ct)
    {
        var result = await editor.AddPhotoAsync(await CasesApi.ActorAsync(principal, db, ct), id, file, altText, altTextEn, caption, captionEn, null, ct);
        return result.Outcome switch
        {
            CaseOutcome.NotFound => Back("/admin/cases", "error", "案例不存在"),
            CaseOutcome.Invalid => Back($"/admin/cases/{id}", "error", "照片未保存：" + result.ErrorText),
            _ => Back($"/admin/cases/{id}", "msg", $"已添加照片 {result.Photo!.FileName}"),
        };
    }

    private static async Task<RedirectHttpResult> DeletePhoto([FromForm] int id, [FromForm] int photoId,
        ClaimsPrincipal principal, AppDbContext db, CaseEditor editor, CancellationToken ct)
    {
        var result = await editor.DeletePhotoAsync(await CasesApi.ActorAsync(principal, db, ct), id, photoId, ct);
        return result.Outcome == CaseOutcome.NotFound ? Back($"/admin/cases/{id}", "error", "照片不存在") : Back($"/admin/cases/{id}", "msg", "已删除照片");
    }
}
