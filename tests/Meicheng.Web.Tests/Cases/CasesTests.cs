using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Cases;
using Meicheng.Web.Tests.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Meicheng.Web.Tests.Cases;

public sealed class CasesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public const string TaskId = "bc-task-1";

    public static CaseRequest Sample(string title = "胶州湾岸线生态修复") => new(
        title, null, "拆除养殖围堰 3.2 公里，恢复自然岸线。\n修复后的滩涂向市民开放。", null, "370211", "唐岛湾滨海公园", null,
        120.1772, 35.9493, [TaskId], null);

    public static MultipartFormDataContent Photo(byte[] bytes, string name, string? altText, string? altTextEn = null, string? caption = null)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var form = new MultipartFormDataContent { { file, "file", name } };
        if (altText is not null)
            form.Add(new StringContent(altText), "altText");
        if (altTextEn is not null)
            form.Add(new StringContent(altTextEn), "altTextEn");
        if (caption is not null)
            form.Add(new StringContent(caption), "caption");
        return form;
    }

    public static async Task<IHtmlDocument> Page(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<AdminCaseDto> CreateAsync(HttpClient admin, CaseRequest request)
    {
        var response = await admin.PostAsJsonAsync("/api/admin/cases", request, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AdminCaseDto>(Ct))!;
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task An_admin_writes_a_case_with_a_photo_and_the_public_sees_it_only_while_it_is_published(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var admin = await app.ClientForAsync(Roles.Admin);
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });

        var created = await CreateAsync(admin, Sample());
        var id = created.Case.Id;
        Assert.False(created.Published);
        Assert.Equal("黄岛区", created.Case.DistrictName);
        var task = Assert.Single(created.Case.Tasks);
        Assert.Equal(("qingdao-beautiful-city-2025-2027", 1, "/plans/qingdao-beautiful-city-2025-2027/tasks/1"), (task.PlanId, task.Number, task.Url));

        var png = CaseImages.Png;
        var upload = await admin.PostAsync($"/api/admin/cases/{id}/photos", Photo(png, "岸线.png", "修复后的唐岛湾岸线，滩涂上有市民散步", "The restored Tangdao Bay shoreline", "2026 年 5 月"), Ct);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var photo = (await upload.Content.ReadFromJsonAsync<CasePhotoDto>(Ct))!;
        Assert.Equal(("image/png", png.Length), (photo.ContentType, photo.Size));
        // Stored under a random name in the photo folder (beside the evidence folder, outside wwwroot).
        var stored = Assert.Single(Directory.GetFiles(Path.Combine(app.Scratch, "case-photos")));
        Assert.Matches("^[0-9a-f]{32}$", Path.GetFileName(stored));

        // Unpublished: the public sees nothing, not even the photo; the admin previews it.
        var publicPhoto = CaseQueries.PhotoUrl(id, photo.Id);
        Assert.Empty((await anonymous.GetFromJsonAsync<List<CaseDto>>("/api/public/cases", Ct))!);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/public/cases/{id}", Ct)).StatusCode);
        var hiddenPhoto = await anonymous.GetAsync(publicPhoto, Ct);
        Assert.True(hiddenPhoto.StatusCode == HttpStatusCode.NotFound, $"{hiddenPhoto.StatusCode} {hiddenPhoto.Headers.Location}");
        var hidden = await anonymous.GetAsync($"/showcase/cases/{id}", Ct);
        Assert.True(hidden.StatusCode == HttpStatusCode.NotFound, $"{hidden.StatusCode} {hidden.Headers.Location}");
        Assert.Empty((await Page(anonymous, "/showcase/cases")).QuerySelectorAll(".case-card"));
        var preview = await admin.GetAsync(photo.Url, Ct);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal(png, await preview.Content.ReadAsByteArrayAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/cases/{id}/publish", null, Ct)).StatusCode);
        var published = Assert.Single((await anonymous.GetFromJsonAsync<List<CaseDto>>("/api/public/cases", Ct))!);
        Assert.Equal(id, published.Id);
        Assert.Equal(app.Clock.GetUtcNow(), published.PublishedAt);
        Assert.Equal(publicPhoto, Assert.Single(published.Photos).Url);
        var served = await anonymous.GetAsync(publicPhoto, Ct);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(served.Headers.CacheControl?.Public);
        Assert.Equal(png, await served.Content.ReadAsByteArrayAsync(Ct));
        using (var again = new HttpRequestMessage(HttpMethod.Get, publicPhoto))
        {
            again.Headers.IfNoneMatch.Add(served.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(again, Ct)).StatusCode);
        }

        // The pages: Chinese, and English falling back to Chinese (marked as such) where no English was written.
        var zh = await Page(anonymous, $"/showcase/cases/{id}");
        Assert.Equal("胶州湾岸线生态修复", zh.QuerySelector("h1")!.TextContent);
        Assert.Null(zh.QuerySelector("h1")!.GetAttribute("lang"));
        Assert.Equal(publicPhoto, zh.QuerySelector(".case-photos img")!.GetAttribute("src"));
        Assert.Equal("修复后的唐岛湾岸线，滩涂上有市民散步", zh.QuerySelector(".case-photos img")!.GetAttribute("alt"));
        Assert.Equal("2026 年 5 月", zh.QuerySelector(".case-photos figcaption")!.TextContent);
        Assert.NotNull(zh.QuerySelector("a[href='/plans/qingdao-beautiful-city-2025-2027/tasks/1']"));
        Assert.NotNull(zh.QuerySelector("#case-map[role=img][aria-label]"));
        Assert.Equal(2, zh.QuerySelectorAll(".case-narrative p").Length);
        var en = await Page(anonymous, $"/en/showcase/cases/{id}");
        Assert.Equal("en", en.DocumentElement.GetAttribute("lang"));
        Assert.Equal(("zh-CN", "胶州湾岸线生态修复"), (en.QuerySelector("h1")!.GetAttribute("lang"), en.QuerySelector("h1")!.TextContent));
        Assert.Equal("zh-CN", en.QuerySelector(".case-narrative")!.GetAttribute("lang"));
        Assert.Equal("The restored Tangdao Bay shoreline", en.QuerySelector(".case-photos img")!.GetAttribute("alt"));
        Assert.Null(en.QuerySelector(".case-photos img")!.GetAttribute("lang"));
        Assert.Contains("Huangdao District", en.QuerySelector(".case-location")!.TextContent, StringComparison.Ordinal);
        var list = await Page(anonymous, "/showcase/cases");
        Assert.Equal("胶州湾岸线生态修复", list.QuerySelector($".case-card a[href='/showcase/cases/{id}']")!.TextContent);
        Assert.Equal(publicPhoto, list.QuerySelector(".case-card img")!.GetAttribute("src"));

        // Withdrawn again: gone for the public, photo included.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/cases/{id}/unpublish", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(publicPhoto, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/public/cases/{id}", Ct)).StatusCode);

        // Every change is in the audit log.
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var actions = await db.AuditEntries.Where(e => e.EntityType == Features.Cases.Cases.EntityType || e.EntityType == Features.Cases.Cases.PhotoEntityType)
            .OrderBy(e => e.Id).Select(e => e.Action).ToListAsync(Ct);
        Assert.Equal(["case.create", "case.photo.add", "case.publish", "case.unpublish"], actions);

        // Deleting the case removes its photo file too.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/cases/{id}", Ct)).StatusCode);
        Assert.Empty(Directory.GetFiles(Path.Combine(app.Scratch, "case-photos")));
        Assert.Equal(0, await db.CasePhotos.CountAsync(Ct));
        Assert.Equal("case.delete", await db.AuditEntries.OrderByDescending(e => e.Id).Select(e => e.Action).FirstAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Uploads_that_are_not_images_or_too_large_or_lack_alt_text_are_refused_naming_the_field_and_nothing_is_written(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider).With("Cases:PhotoMaxBytes", "4096");
        var admin = await app.ClientForAsync(Roles.Admin);
        var id = (await CreateAsync(admin, Sample())).Case.Id;

        async Task<IDictionary<string, string[]>> Refused(MultipartFormDataContent form)
        {
            var response = await admin.PostAsync($"/api/admin/cases/{id}/photos", form, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct))!.Errors;
        }

        // An HTML page named .png, and a PDF: the bytes decide, not the name or the declared type.
        Assert.Contains("不是图片", Assert.Single((await Refused(Photo("<html><script>alert(1)</script>"u8.ToArray(), "photo.png", "说明")))["file"]), StringComparison.Ordinal);
        Assert.Contains("不是图片", Assert.Single((await Refused(Photo("%PDF-1.7"u8.ToArray(), "photo.jpg", "说明")))["file"]), StringComparison.Ordinal);
        var big = CaseImages.Make(SKEncodedImageFormat.Png, 100, 100, noise: true);
        Assert.True(big.Length > 4096, $"the large image is {big.Length} bytes");
        Assert.Contains("超过", Assert.Single((await Refused(Photo(big, "big.png", "说明")))["file"]), StringComparison.Ordinal);
        var noAlt = await Refused(Photo(CaseImages.Png, "ok.png", altText: "  "));
        Assert.Contains("替代文本（altText）不能为空", Assert.Single(noAlt["altText"]), StringComparison.Ordinal);
        Assert.False(noAlt.ContainsKey("file"));

        Assert.False(Directory.Exists(Path.Combine(app.Scratch, "case-photos")) && Directory.GetFiles(Path.Combine(app.Scratch, "case-photos")).Length > 0);
        using (var scope = app.Services.CreateScope())
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppDbContext>().CasePhotos.CountAsync(Ct));

        // JPEG and WebP are accepted, each served with its own type.
        foreach (var (format, type) in new[] { (SKEncodedImageFormat.Jpeg, "image/jpeg"), (SKEncodedImageFormat.Webp, "image/webp") })
        {
            var response = await admin.PostAsync($"/api/admin/cases/{id}/photos", Photo(CaseImages.Make(format), "photo.bin", "说明"), Ct);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal(type, (await response.Content.ReadFromJsonAsync<CasePhotoDto>(Ct))!.ContentType);
        }
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_case_with_problems_is_refused_with_each_field_and_reason_and_nothing_is_saved(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var admin = await app.ClientForAsync(Roles.Admin);
        var bad = new CaseRequest(" ", null, "", null, "110101", "地点", null, 116.4, null, [TaskId, "bc-task-999", "bc-measure-1"], null);
        var response = await admin.PostAsJsonAsync("/api/admin/cases", bad, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct))!.Errors;
        Assert.Equal(["districtCode", "latitude", "longitude", "narrative", "taskIds", "title"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("标题（title）不能为空", errors["title"][0], StringComparison.Ordinal);
        Assert.Contains("“110101”不是青岛市", errors["districtCode"][0], StringComparison.Ordinal);
        Assert.Contains("不在青岛市范围内", errors["longitude"][0], StringComparison.Ordinal);
        Assert.Contains("须同时填写", errors["latitude"][0], StringComparison.Ordinal);
        Assert.Contains("bc-task-999、bc-measure-1", errors["taskIds"][0], StringComparison.Ordinal);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(0, await db.TypicalCases.CountAsync(Ct));
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.EntityType == Features.Cases.Cases.EntityType, Ct));

        // A change that breaks a rule leaves the stored case as it was.
        var id = (await CreateAsync(admin, Sample())).Case.Id;
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/admin/cases/{id}", Sample() with { Title = new string('长', 201) }, Ct)).StatusCode);
        Assert.Equal("胶州湾岸线生态修复", (await admin.GetFromJsonAsync<AdminCaseDto>($"/api/admin/cases/{id}", Ct))!.Case.Title);
        var changed = await admin.PutAsJsonAsync($"/api/admin/cases/{id}", Sample("唐岛湾岸线修复") with { TitleEn = "Tangdao Bay shoreline", Longitude = null, Latitude = null }, Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var dto = (await changed.Content.ReadFromJsonAsync<AdminCaseDto>(Ct))!;
        Assert.Equal(("唐岛湾岸线修复", "Tangdao Bay shoreline", (double?)null), (dto.Case.Title, dto.Case.TitleEn, dto.Case.Longitude));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Only_the_plan_office_manages_cases(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var admin = await app.ClientForAsync(Roles.Admin);
        var id = (await CreateAsync(admin, Sample())).Case.Id;
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/admin/cases", Sample(), Ct)).StatusCode);
        foreach (var role in new[] { Roles.Reviewer, Roles.Department, Roles.Leader })
        {
            var client = await app.ClientForAsync(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/admin/cases", Sample(), Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/admin/cases/{id}/publish", null, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/admin/cases/{id}/photos", Photo(CaseImages.Png, "p.png", "说明"), Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync($"/api/admin/cases/{id}", Ct)).StatusCode);
            var page = await client.GetAsync("/admin/cases", Ct);
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.Contains("/account/denied", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(1, await db.TypicalCases.CountAsync(Ct));
        Assert.False(await db.TypicalCases.Select(c => c.Published).SingleAsync(Ct));
    }

    [Fact]
    public async Task The_admin_pages_keep_what_was_typed_when_a_case_is_refused_and_save_it_once_corrected()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var admin = await app.ClientForAsync(Roles.Admin);
        var form = await admin.GetStringAsync("/admin/cases/new", Ct);
        Assert.Contains("name=\"Form.TaskIds\"", form, StringComparison.Ordinal);
        var fields = new Dictionary<string, string>
        {
            ["_handler"] = "case", ["__RequestVerificationToken"] = TestAccounts.AntiforgeryToken(form),
            ["Form.Title"] = "大沽河生态廊道", ["Form.Narrative"] = "沿河建设生态廊道。", ["Form.DistrictCode"] = "370281",
            ["Form.PlaceName"] = "大沽河胶州段", ["Form.Longitude"] = "东经120度", ["Form.Latitude"] = "36.3",
        };
        var refused = await admin.PostAsync("/admin/cases/new", new FormUrlEncodedContent(fields), Ct);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await new HtmlParser().ParseDocumentAsync(await refused.Content.ReadAsStringAsync(Ct));
        Assert.Equal(["经度（longitude）“东经120度”不是数字"], html.QuerySelectorAll("#case-errors li").Select(li => li.TextContent));
        Assert.Equal("大沽河生态廊道", html.QuerySelector("#title")!.GetAttribute("value"));
        Assert.Equal("370281", html.QuerySelector("#districtCode option[selected]")!.GetAttribute("value"));
        Assert.Equal("true", html.QuerySelector("#longitude")!.GetAttribute("aria-invalid"));

        fields["Form.Longitude"] = "120.05";
        var content = new FormUrlEncodedContent([.. fields, new("Form.TaskIds", "gc-task-1"), new("Form.TaskIds", TaskId)]);
        var saved = await admin.PostAsync("/admin/cases/new", content, Ct);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var location = saved.Headers.Location!.IsAbsoluteUri ? saved.Headers.Location.PathAndQuery : saved.Headers.Location.OriginalString;
        Assert.StartsWith("/admin/cases/", location, StringComparison.Ordinal);
        var id = int.Parse(location["/admin/cases/".Length..location.IndexOf('?', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        var dto = (await admin.GetFromJsonAsync<AdminCaseDto>($"/api/admin/cases/{id}", Ct))!;
        Assert.Equal(("大沽河生态廊道", 120.05, 36.3), (dto.Case.Title, dto.Case.Longitude, dto.Case.Latitude));
        Assert.Equal([TaskId, "gc-task-1"], dto.Case.Tasks.Select(t => t.Id).Order(StringComparer.Ordinal));
        Assert.Contains("已保存（未发布）", (await Page(admin, location)).QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_edit_page_of_a_case_that_does_not_exist_says_so_in_Chinese()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var admin = await app.ClientForAsync(Roles.Admin);
        var response = await admin.GetAsync("/admin/cases/99999", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        var html = await new HtmlParser().ParseDocumentAsync(body);
        Assert.Equal("案例不存在", html.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task The_edit_page_publishes_uploads_and_removes_photos_and_deletes_through_its_own_forms()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var admin = await app.ClientForAsync(Roles.Admin);
        var id = (await CreateAsync(admin, Sample())).Case.Id;
        var url = $"/admin/cases/{id}";
        var token = TestAccounts.AntiforgeryToken(await admin.GetStringAsync(url, Ct));
        async Task<HttpResponseMessage> PostAsync(HttpContent content) => await admin.PostAsync(url, content, Ct);
        FormUrlEncodedContent Form(string handler, params (string Key, string Value)[] fields) =>
            new([new("_handler", handler), new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))]);
        async Task<string> FollowAsync(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var location = response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.PathAndQuery : response.Headers.Location.OriginalString;
            return (await Page(admin, location)).QuerySelector(".notice")?.TextContent ?? location;
        }
        MultipartFormDataContent Upload(byte[] bytes, string? altText, string caption)
        {
            var form = new MultipartFormDataContent { { new StringContent("photo"), "_handler" }, { new StringContent(token), "__RequestVerificationToken" } };
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, "file", "岸线.png");
            if (altText is not null)
                form.Add(new StringContent(altText), "Photo.AltText");
            form.Add(new StringContent(caption), "Photo.Caption");
            return form;
        }

        // A photo without its alternative text is refused beside the field; the caption typed is kept, and the page says to choose the file again.
        var refused = await PostAsync(Upload(CaseImages.Png, null, "修复后的岸线"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await new HtmlParser().ParseDocumentAsync(await refused.Content.ReadAsStringAsync(Ct));
        Assert.NotNull(page.QuerySelector(".photo-form .field-error[data-field=altText]"));
        Assert.Equal("修复后的岸线", page.QuerySelector("#caption")!.GetAttribute("value"));
        Assert.Contains("须重新选择照片文件", page.QuerySelector(".photo-form")!.TextContent, StringComparison.Ordinal);
        Assert.Empty((await admin.GetFromJsonAsync<AdminCaseDto>($"/api/admin/cases/{id}", Ct))!.Case.Photos);

        Assert.Contains("已添加照片", await FollowAsync(await PostAsync(Upload(CaseImages.Png, "修复后的唐岛湾岸线", "修复后的岸线"))), StringComparison.Ordinal);
        var photo = Assert.Single((await admin.GetFromJsonAsync<AdminCaseDto>($"/api/admin/cases/{id}", Ct))!.Case.Photos);
        Assert.Equal("修复后的唐岛湾岸线", photo.AltText);

        Assert.Contains("已发布", await FollowAsync(await PostAsync(Form("publish", ("PublishTo", "true")))), StringComparison.Ordinal);
        Assert.True((await admin.GetFromJsonAsync<AdminCaseDto>($"/api/admin/cases/{id}", Ct))!.Published);
        // The wanted state is posted: publishing twice (a page left open) keeps it published.
        await FollowAsync(await PostAsync(Form("publish", ("PublishTo", "true"))));
        Assert.True((await admin.GetFromJsonAsync<AdminCaseDto>($"/api/admin/cases/{id}", Ct))!.Published);
        Assert.Contains("已撤回", await FollowAsync(await PostAsync(Form("publish", ("PublishTo", "false")))), StringComparison.Ordinal);

        Assert.Contains("已删除照片", await FollowAsync(await PostAsync(Form($"photo-delete-{photo.Id}"))), StringComparison.Ordinal);
        Assert.Empty((await admin.GetFromJsonAsync<AdminCaseDto>($"/api/admin/cases/{id}", Ct))!.Case.Photos);

        Assert.Contains("已删除案例“胶州湾岸线生态修复”", await FollowAsync(await PostAsync(Form("delete"))), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/cases/{id}", Ct)).StatusCode);
    }

    /// <summary>Records which output-cache tags were evicted (the real store is registered by the showcase's output caching).</summary>
    private sealed class RecordingCacheStore : IOutputCacheStore
    {
        public List<string> Evicted { get; } = [];

        public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
        {
            lock (Evicted)
                Evicted.Add(tag);
            return ValueTask.CompletedTask;
        }

        public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => ValueTask.FromResult<byte[]?>(null);

        public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Every_change_to_a_case_evicts_the_showcase_pages_from_the_output_cache()
    {
        var cache = new RecordingCacheStore();
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        using var factory = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IOutputCacheStore>(cache)));
        var admin = await app.CreateUserAsync("office@example.cn", Roles.Admin);
        using var scope = factory.Services.CreateScope();
        // Outside a request the operations' actor comes from the principal on the request context, as in a request.
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, admin)], "test")),
        };
        var cases = scope.ServiceProvider.GetRequiredService<Features.Cases.Cases>();
        var id = (await cases.CreateAsync(Sample(), Ct)).Value!.Id;
        await cases.SetPublishedAsync(id, true, Ct);
        await cases.UpdateAsync(id, Sample("新标题"), Ct);
        await cases.DeleteAsync(id, Ct);
        Assert.Equal(["showcase", "showcase", "showcase", "showcase"], cache.Evicted);
    }
}
