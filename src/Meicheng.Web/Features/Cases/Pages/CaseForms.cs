using Meicheng.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Meicheng.Web.Features.Cases.Pages;

/// <summary>
/// The admin case pages' smaller forms (publish, delete, photo upload and removal) post here, antiforgery-checked and for
/// signed-in people only, and are redirected back with a message: the same Cases operations as the API. (The case text itself
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
        Cases cases, CancellationToken ct)
    {
        var result = await cases.SetPublishedAsync(id, published, ct);
        return result.Kind == OutcomeKind.NotFound ? Back("/admin/cases", "error", "案例不存在")
            : Back($"/admin/cases/{id}", "msg", published ? "已发布：公众现在可以看到这个案例" : "已撤回：公众不再看到这个案例");
    }

    private static async Task<RedirectHttpResult> Delete([FromForm] int id, Cases cases, CancellationToken ct)
    {
        var result = await cases.DeleteAsync(id, ct);
        return result.Kind == OutcomeKind.NotFound ? Back("/admin/cases", "error", "案例不存在") : Back("/admin/cases", "msg", $"已删除案例“{result.Value!.Title}”及其照片");
    }

    private static async Task<RedirectHttpResult> AddPhoto([FromForm] int id, IFormFile? file, [FromForm] string? altText, [FromForm] string? altTextEn,
        [FromForm] string? caption, [FromForm] string? captionEn, Cases cases, CancellationToken ct)
    {
        var result = await cases.AddPhotoAsync(id, file, altText, altTextEn, caption, captionEn, null, ct);
        return result.Kind switch
        {
            OutcomeKind.NotFound => Back("/admin/cases", "error", "案例不存在"),
            OutcomeKind.Invalid => Back($"/admin/cases/{id}", "error", "照片未保存：" + string.Join("；", result.Errors.SelectMany(e => e.Value))),
            _ => Back($"/admin/cases/{id}", "msg", $"已添加照片 {result.Value!.FileName}"),
        };
    }

    private static async Task<RedirectHttpResult> DeletePhoto([FromForm] int id, [FromForm] int photoId,
        Cases cases, CancellationToken ct)
    {
        var result = await cases.DeletePhotoAsync(id, photoId, ct);
        return result.Kind == OutcomeKind.NotFound ? Back($"/admin/cases/{id}", "error", "照片不存在") : Back($"/admin/cases/{id}", "msg", "已删除照片");
    }
}
