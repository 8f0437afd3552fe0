using Meicheng.Web.Common;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Meicheng.Web.Features.Environment.Outfalls;

/// <summary>The outfall registry's endpoints: reads open like the other environment data, changes for admins.</summary>
public static class OutfallsApi
{
    public static IServiceCollection AddOutfalls(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<OutfallOptions>(configuration.GetSection("Outfalls"));
        services.AddSingleton<DischargeCatalogueSource>();
        services.AddScoped<Outfalls>();
        services.AddScoped<OutfallWorkbook>();
        return services;
    }

    public static IEndpointRouteBuilder MapOutfalls(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/environment").WithTags("Outfalls").AllowAnonymous();
        open.MapGet("/outfalls", List).WithSummary("Registered 入河、入海排污口 with their digital-supervision status (filters: region, type, filing, supervised)");
        open.MapGet("/outfalls/supervision", Shares).WithSummary("Registered outfalls and the share under digital supervision, per district and for the city");
        open.MapGet("/outfalls/standards", Standards).WithSummary("The configured discharge standards and limits, with the document and clause each comes from");
        open.MapGet("/outfalls/{code}", Get).WithSummary("One outfall with its supervision status");
        open.MapGet("/outfalls/{code}/results", Results).WithSummary("An outfall's supervisory-monitoring results, newest first, each judged against its standard");

        var admin = app.MapGroup("/api/environment").WithTags("Outfalls").RequireAuthorization(Policies.Admin);
        admin.MapPost("/outfalls", Create).WithSummary("Register an outfall");
        admin.MapPut("/outfalls/{code}", Update).WithSummary("Change an outfall's registry entry (the code stays)");
        admin.MapPost("/outfalls/{code}/results", AddResult).WithSummary("Enter a supervisory-monitoring result; returns the judgment (达标/超标 with the limit exceeded)");
        admin.MapGet("/outfalls/template", Template).WithSummary("The registry workbook template (.xlsx)");
        admin.MapPost("/outfalls/import", RuntimeBound.Handler(Import)).DisableAntiforgery()
            .WithSummary("Import the registry workbook: validated as a whole (sheet, row, column, reason); saved only when every row is valid; the same file again changes nothing");
        return app;
    }

    private static async Task<Ok<List<OutfallDto>>> List(string? region, string? type, string? filing, bool? supervised, Outfalls outfalls, CancellationToken ct) =>
        TypedResults.Ok(await outfalls.ListAsync(new OutfallFilter(region, type, filing, supervised), ct));

    private static async Task<Ok<List<SupervisionShareDto>>> Shares(Outfalls outfalls, CancellationToken ct) => TypedResults.Ok(await outfalls.SharesAsync(ct));

    private static Ok<List<DischargeStandardDto>> Standards(Outfalls outfalls) => TypedResults.Ok(outfalls.Catalogue.Standards.Select(s => s.ToDto()).ToList());

    private static async Task<Results<Ok<OutfallDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Get(
        string code, Outfalls outfalls, CancellationToken ct) => (await outfalls.GetAsync(code, ct)).ToHttp(o => o);

    private static async Task<Results<Ok<List<OutfallResultDto>>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Results(
        string code, Outfalls outfalls, CancellationToken ct) => (await outfalls.ResultsAsync(code, ct)).ToHttp(r => r);

    private static async Task<Results<Created<OutfallDto>, Ok<OutfallDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Create(
        OutfallRequest request, Outfalls outfalls, CancellationToken ct)
    {
        var outcome = await outfalls.CreateAsync(request, ct);
        var dto = outcome.Succeeded ? (await outfalls.GetAsync(outcome.Value!.Code, ct)).Value : null;
        return outcome.ToHttpCreated(_ => dto!, d => $"/api/environment/outfalls/{d.Code}");
    }

    private static async Task<Results<Ok<OutfallDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Update(
        string code, OutfallRequest request, Outfalls outfalls, CancellationToken ct)
    {
        var outcome = await outfalls.UpdateAsync(code, request, ct);
        var dto = outcome.Succeeded ? (await outfalls.GetAsync(code, ct)).Value : null;
        return outcome.ToHttp(_ => dto!);
    }

    private static async Task<Results<Created<OutfallResultDto>, Ok<OutfallResultDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> AddResult(
        string code, OutfallResultRequest request, Outfalls outfalls, CancellationToken ct) =>
        (await outfalls.AddResultAsync(code, request, ct)).ToHttpCreated(r => r, _ => $"/api/environment/outfalls/{code}/results");

    private static async Task<FileContentHttpResult> Template(OutfallWorkbook workbook, CancellationToken ct) =>
        TypedResults.File(await workbook.TemplateAsync(ct), Reporting.Workbook.ContentType, "meicheng-outfalls.xlsx");

    private static async Task<Results<Ok<OutfallImportResultDto>, ValidationProblem>> Import(IFormFile file, OutfallWorkbook workbook, CancellationToken ct)
    {
        await using var stream = file.OpenReadStream();
        var (result, issues) = await workbook.ImportAsync(stream, file.Length, ct);
        return result is not null ? TypedResults.Ok(result) : WorkbookProblems.From(issues);
    }
}
