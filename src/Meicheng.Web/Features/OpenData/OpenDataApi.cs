using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using City = Meicheng.Web.Features.Regions.City;

namespace Meicheng.Web.Features.OpenData;

/// <summary>Open data downloads (开放数据): the catalogue and each indicator's approved data as CSV and JSON, for anyone.</summary>
public static class OpenDataApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    public static IEndpointRouteBuilder MapOpenData(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/open-data").AllowAnonymous().ExcludeFromDescription();
        files.MapGet("/catalogue.csv", CatalogueCsv);
        files.MapGet("/catalogue.json", CatalogueJson);
        files.MapGet("/indicators/{id}.csv", IndicatorCsv);
        files.MapGet("/indicators/{id}.json", IndicatorJson);
        files.MapGet("/projects.csv", ProjectsCsv);
        files.MapGet("/projects.json", ProjectsJson);
        return app;
    }

    private static async Task<FileContentHttpResult> ProjectsCsv(Projects.ProjectOperations projects, HttpContext http, CancellationToken ct) =>
        File(http, OpenDataCatalogue.Csv(await projects.PublishedAsync(null, ct)), "text/csv; charset=utf-8", "meicheng-projects.csv", null);

    private static async Task<FileContentHttpResult> ProjectsJson(Projects.ProjectOperations projects, TimeProvider clock, HttpContext http, City city, CancellationToken ct)
    {
        var rows = await projects.PublishedAsync(null, ct);
        var body = new { generatedAt = clock.GetUtcNow(), licence = OpenDataCatalogue.Licence(city), columns = OpenDataCatalogue.ProjectColumns, projects = rows };
        return File(http, JsonSerializer.Serialize(body, Json), "application/json; charset=utf-8", "meicheng-projects.json", OpenDataCatalogue.Csv(rows));
    }

    private static async Task<FileContentHttpResult> CatalogueCsv(AppDbContext db, IConfiguration configuration, HttpContext http, City city, CancellationToken ct)
    {
        var indicators = await OpenDataCatalogue.IndicatorsAsync(db, city.Code, DemoData.Enabled(configuration), ct);
        return File(http, OpenDataCatalogue.Csv(indicators), "text/csv; charset=utf-8", "meicheng-open-data-catalogue.csv", null);
    }

    private static async Task<FileContentHttpResult> CatalogueJson(AppDbContext db, IConfiguration configuration, TimeProvider clock, HttpContext http, City city, CancellationToken ct)
    {
        var indicators = await OpenDataCatalogue.IndicatorsAsync(db, city.Code, DemoData.Enabled(configuration), ct);
        var body = new { generatedAt = clock.GetUtcNow(), licence = OpenDataCatalogue.Licence(city), columns = OpenDataCatalogue.CatalogueColumns, indicators };
        return File(http, JsonSerializer.Serialize(body, Json), "application/json; charset=utf-8", "meicheng-open-data-catalogue.json",
            OpenDataCatalogue.Csv(indicators));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> IndicatorCsv(string id, AppDbContext db, IConfiguration configuration, HttpContext http, CancellationToken ct)
    {
        if (!await db.Indicators.AnyAsync(i => i.Id == id, ct))
            return UnknownIndicator(id);
        var rows = await OpenDataCatalogue.RowsAsync(db, id, DemoData.Enabled(configuration), ct);
        return File(http, OpenDataCatalogue.Csv(rows), "text/csv; charset=utf-8", $"meicheng-{id}.csv", null, LastApproved(rows));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> IndicatorJson(string id, AppDbContext db, IConfiguration configuration, TimeProvider clock, HttpContext http, City city, CancellationToken ct)
    {
        var demo = DemoData.Enabled(configuration);
        if (await db.Indicators.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct) is not { } found)
            return UnknownIndicator(id);
        var rows = await OpenDataCatalogue.RowsAsync(db, id, demo, ct);
        var targets = await db.Targets.AsNoTracking().Where(t => !t.Retired && t.IndicatorId == id).ToListAsync(ct);
        var indicator = OpenDataCatalogue.Catalogue([found], targets, rows, city.Code).Single();
        var body = new { generatedAt = clock.GetUtcNow(), licence = OpenDataCatalogue.Licence(city), indicator, columns = OpenDataCatalogue.RowColumns, rows };
        return File(http, JsonSerializer.Serialize(body, Json), "application/json; charset=utf-8", $"meicheng-{id}.json",
            OpenDataCatalogue.Csv(rows), LastApproved(rows));
    }

    private static ProblemHttpResult UnknownIndicator(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "指标不存在", detail: $"没有标识为“{id}”的指标；全部指标见 /open-data/catalogue.json。");

    private static DateTimeOffset? LastApproved(List<OpenDataRow> rows) => rows.Max(r => r.ApprovedAt);

    /// <summary>
    /// The file with a download name, and an ETag from the data it carries (for JSON, the data without its generatedAt
    /// stamp, so an unchanged data set keeps its tag): a client that sends it back gets 304.
    /// </summary>
    private static FileContentHttpResult File(HttpContext http, string body, string contentType, string fileName, string? tagSource, DateTimeOffset? lastModified = null)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tagSource ?? body)))[..32];
        var etag = new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{hash}{(tagSource is null ? "" : "-json")}\"");
        http.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.File(Encoding.UTF8.GetBytes(body), contentType, fileName, lastModified: lastModified, entityTag: etag);
    }
}
