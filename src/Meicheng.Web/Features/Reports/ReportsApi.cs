using Meicheng.Web.Common;
using Meicheng.Web.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Meicheng.Web.Features.Reports;

/// <summary>A frozen round's reports (docx, pdf, xlsx), at the round's URLs.</summary>
public static class ReportsApi
{
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddSingleton<ReportFonts>();
        services.AddScoped<RoundReports>();
        return services;
    }

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        var rounds = app.MapGroup("/api/evaluation/rounds").WithTags("Evaluation rounds").RequireAuthorization(Policies.Staff);
        rounds.MapGet("/{id:int}/report.docx", ReportDocx).Produces<byte[]>(StatusCodes.Status200OK, RoundReports.DocxType)
            .WithSummary("The monitoring report from the frozen round, as Word (.docx)");
        rounds.MapGet("/{id:int}/report.pdf", ReportPdf).Produces<byte[]>(StatusCodes.Status200OK, RoundReports.PdfType)
            .WithSummary("The monitoring report from the frozen round, as PDF");
        rounds.MapGet("/{id:int}/results.xlsx", ResultsXlsx).Produces<byte[]>(StatusCodes.Status200OK, Reporting.Workbook.ContentType)
            .WithSummary("Every result of the round (each region, target and method), milestones, roll-ups, inputs, assessments and problems, as Excel");
        return app;
    }

    private static async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>>> ReportDocx(int id, RoundReports reports, CancellationToken ct) =>
        File(await reports.DocxAsync(id, ct));

    private static async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>>> ReportPdf(int id, RoundReports reports, CancellationToken ct) =>
        File(await reports.PdfAsync(id, ct));

    private static async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>>> ResultsXlsx(int id, RoundReports reports, CancellationToken ct) =>
        File(await reports.XlsxAsync(id, ct));

    // A report has one refusal: the round does not exist.
    private static Results<FileContentHttpResult, NotFound<ProblemDetails>> File(Outcome<ReportFile> outcome) =>
        outcome is { Succeeded: true, Value: { } file }
            ? TypedResults.File(file.Content, file.ContentType, file.FileName)
            : OutcomeHttp.NotFound(outcome.Message);
}
