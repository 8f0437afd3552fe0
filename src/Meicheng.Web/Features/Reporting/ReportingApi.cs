using Meicheng.Web.Common;
using System.Text;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using City = Meicheng.Web.Features.Regions.City;

namespace Meicheng.Web.Features.Reporting;

public static class ReportingApi
{
    public static IServiceCollection AddReporting(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ReportingOptions>(configuration.GetSection("Reporting"));
        services.AddSingleton<EvidenceStore>();
        services.AddHttpClient(Reminders.HttpClientName);
        services.AddScoped<ReminderChannels>();
        services.AddScoped<Reminders>();
        services.AddScoped<Reports>();
        services.AddScoped<ReportingPeriods>();
        return services;
    }

    public static IEndpointRouteBuilder MapReporting(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reporting").WithTags("Reporting").RequireAuthorization(Policies.Staff);
        api.MapGet("/periods", ListPeriods).WithSummary("Reporting periods: per indicator (monthly, quarterly, annual) and for milestone progress");
        api.MapPost("/periods", CreatePeriods).RequireAuthorization(Policies.Admin).WithSummary("Open periods for indicators (all with targets when none named) and, with Progress, for milestone progress");
        api.MapPost("/periods/{id:int}/reopen", Reopen).RequireAuthorization(Policies.Admin).WithSummary("Unlock a period's approved reports so they may be revised; the reason is audited");

        api.MapGet("/observations", ListObservations).WithSummary("Observations the caller may see (reporters: their scope and what is approved)");
        api.MapGet("/observations/{id:int}", GetObservation).WithSummary("One observation revision");
        api.MapGet("/observations/{id:int}/history", ObservationHistory).WithSummary("Every revision of the observation's cell, oldest first");
        api.MapPost("/observations", SaveObservation).RequireAuthorization(Policies.Report).WithSummary("Report a value (a revision when the cell has one; identical values change nothing)");
        api.MapPost("/observations/{id:int}/submit", (int id, TransitionRequest request, Reports reports, AppDbContext db, CancellationToken ct) =>
            TransitObservation(id, "submit", request, reports, db, ct)).RequireAuthorization(Policies.Report).WithSummary("Submit a draft or returned observation for review; 409 when the version is stale");
        api.MapPost("/observations/{id:int}/approve", (int id, TransitionRequest request, Reports reports, AppDbContext db, CancellationToken ct) =>
            TransitObservation(id, "approve", request, reports, db, ct)).RequireAuthorization(Policies.Review).WithSummary("Approve a submitted observation (locks it); 409 when the version is stale");
        api.MapPost("/observations/{id:int}/return", (int id, TransitionRequest request, Reports reports, AppDbContext db, CancellationToken ct) =>
            TransitObservation(id, "return", request, reports, db, ct)).RequireAuthorization(Policies.Review).WithSummary("Return a submitted observation with a comment; 409 when the version is stale");
        api.MapPost("/observations/{id:int}/evidence", RuntimeBound.Handler(AddObservationEvidence)).RequireAuthorization(Policies.Report).DisableAntiforgery()
            .WithSummary("Attach an evidence file (pdf, png, jpg, xlsx, docx, csv, txt; size-limited)");

        api.MapGet("/progress", ListProgress).WithSummary("Milestone and task progress reports the caller may see");
        api.MapGet("/progress/{id:int}", GetProgress).WithSummary("One progress report revision");
        api.MapPost("/progress", SaveProgress).RequireAuthorization(Policies.Report).WithSummary("Report progress of a milestone or a qualitative task");
        api.MapPost("/progress/{id:int}/submit", (int id, TransitionRequest request, Reports reports, AppDbContext db, CancellationToken ct) =>
            TransitProgress(id, "submit", request, reports, db, ct)).RequireAuthorization(Policies.Report).WithSummary("Submit a progress report for review");
        api.MapPost("/progress/{id:int}/approve", (int id, TransitionRequest request, Reports reports, AppDbContext db, CancellationToken ct) =>
            TransitProgress(id, "approve", request, reports, db, ct)).RequireAuthorization(Policies.Review).WithSummary("Approve a submitted progress report (locks it)");
        api.MapPost("/progress/{id:int}/return", (int id, TransitionRequest request, Reports reports, AppDbContext db, CancellationToken ct) =>
            TransitProgress(id, "return", request, reports, db, ct)).RequireAuthorization(Policies.Review).WithSummary("Return a submitted progress report with a comment");
        api.MapPost("/progress/{id:int}/evidence", RuntimeBound.Handler(AddProgressEvidence)).RequireAuthorization(Policies.Report).DisableAntiforgery()
            .WithSummary("Attach an evidence file to a progress report");

        api.MapGet("/missing", Missing).RequireAuthorization(Policies.ReadAll).WithSummary("Who has not reported for a period (key such as 2026, 2026-Q3): by department and district, with overdue items");
        api.MapPost("/reminders", SendReminders).RequireAuthorization(Policies.Admin).WithSummary("Send reminders for a period's missing reports (webhook and/or e-mail, as configured)");

        api.MapGet("/workbook", DownloadWorkbook).RequireAuthorization(Policies.Report).WithSummary("The caller's pre-filled Excel workbook for a period (key such as 2026)");
        api.MapPost("/workbook", RuntimeBound.Handler(UploadWorkbook)).RequireAuthorization(Policies.Report).DisableAntiforgery()
            .WithSummary("Upload a filled workbook: validated as a whole (every problem with sheet, row, column); saved only when all rows are valid; idempotent");

        api.MapGet("/evidence/{id:int}", GetEvidence).WithSummary("Download an evidence file (only for those who may read its report)");

        var open = app.MapGroup("/api/public").WithTags("Public").AllowAnonymous();
        open.MapGet("/observations", PublicObservations).WithSummary("Approved observations (latest approved revision per target, period and region); IsDemo marks demo data");
        open.MapGet("/progress", PublicProgress).WithSummary("Approved milestone and task progress");

        var audit = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(Policies.AuditRead);
        audit.MapGet("/audit", ListAudit).WithSummary("The audit log, newest first");
        audit.MapGet("/audit.csv", ExportAudit).WithSummary("The audit log as CSV (UTF-8)");
        return app;
    }
    /// <summary>
    /// An operation's outcome as HTTP: 201 for a new report (with Location), 200 for an existing one, 404/409 as
    /// ProblemDetails, 400 as ValidationProblem, and 403 as ProblemDetails carrying the refusal's reason in Chinese.
    /// </summary>
    private static async Task<Results<Created<TDto>, Ok<TDto>, NotFound<ProblemDetails>, ProblemHttpResult, Conflict<ProblemDetails>, ValidationProblem>> ToHttpAsync<T, TDto>(
        Outcome<T> outcome, Func<T, Task<TDto>> map, Func<TDto, string>? location = null)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok or OutcomeKind.Created:
                var dto = await map(outcome.Value!);
                return outcome.Kind == OutcomeKind.Created && location is not null ? TypedResults.Created(location(dto), dto) : TypedResults.Ok(dto);
            case OutcomeKind.NotFound:
                return OutcomeHttp.NotFound(outcome.Message);
            case OutcomeKind.Forbidden:
                return Forbidden(outcome.Message);
            case OutcomeKind.Conflict:
                return OutcomeHttp.Conflict(outcome.Message);
            default:
                return TypedResults.ValidationProblem(outcome.Errors.ToDictionary());
        }
    }

    internal static ProblemHttpResult Forbidden(string? message) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "无权操作", detail: message ?? "无权执行此操作");

    private static async Task<Ok<List<PeriodDto>>> ListPeriods(string? indicatorId, string? key, AppDbContext db, CancellationToken ct)
    {
        var q = db.ReportingPeriods.AsNoTracking();
        if (indicatorId is not null)
            q = q.Where(p => p.IndicatorId == indicatorId);
        if (key is not null)
            q = q.Where(p => p.Key == key);
        return TypedResults.Ok((await q.OrderBy(p => p.Id).ToListAsync(ct)).Select(p => p.ToDto()).ToList());
    }

    private static async Task<Results<Created<List<PeriodDto>>, Ok<List<PeriodDto>>, NotFound<ProblemDetails>, ProblemHttpResult, Conflict<ProblemDetails>, ValidationProblem>> CreatePeriods(
        CreatePeriodsRequest request, ReportingPeriods periods, CancellationToken ct) =>
        await ToHttpAsync(await periods.CreateAsync(request, ct), p => Task.FromResult(p.Select(x => x.ToDto()).ToList()));

    private static async Task<Results<Created<ReopenResultDto>, Ok<ReopenResultDto>, NotFound<ProblemDetails>, ProblemHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Reopen(
        int id, ReopenRequest request, Reports reports, CancellationToken ct) =>
        await ToHttpAsync(await reports.ReopenAsync(id, request, ct), count => Task.FromResult(new ReopenResultDto(id, count)));

    private static async Task<Ok<List<ObservationDto>>> ListObservations(
        string? period, string? targetId, string? status, bool? all, CurrentUser user, AppDbContext db, CancellationToken ct)
    {
        var actor = await user.GetAsync(ct);
        var q = ReportingQueries.Visible(db, actor, db.Observations);
        if (all != true)
            q = q.Where(o => o.IsCurrent);
        if (period is not null)
            q = q.Where(o => db.ReportingPeriods.Any(p => p.Id == o.PeriodId && p.Key == period));
        if (targetId is not null)
            q = q.Where(o => o.TargetId == targetId);
        if (status is not null)
            q = q.Where(o => o.Status == status);
        return TypedResults.Ok(await ReportingQueries.ObservationsAsync(db, q, ct));
    }

    private static async Task<Results<Ok<ObservationDto>, NotFound>> GetObservation(int id, CurrentUser user, AppDbContext db, CancellationToken ct)
    {
        var actor = await user.GetAsync(ct);
        var rows = await ReportingQueries.ObservationsAsync(db, ReportingQueries.Visible(db, actor, db.Observations.Where(o => o.Id == id)), ct);
        return rows.Count == 1 ? TypedResults.Ok(rows[0]) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<List<ObservationDto>>, NotFound>> ObservationHistory(int id, CurrentUser user, AppDbContext db, CancellationToken ct)
    {
        var actor = await user.GetAsync(ct);
        if (await db.Observations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct) is not { } row)
            return TypedResults.NotFound();
        var cell = db.Observations.Where(o => o.TargetId == row.TargetId && o.PeriodId == row.PeriodId && o.RegionCode == row.RegionCode);
        var rows = await ReportingQueries.ObservationsAsync(db, ReportingQueries.Visible(db, actor, cell), ct);
        return rows.Count > 0 ? TypedResults.Ok(rows) : TypedResults.NotFound();
    }
    private static async Task<Ok<List<ProgressDto>>> ListProgress(string? period, string? status, bool? all, CurrentUser user, AppDbContext db, CancellationToken ct)
    {
        var actor = await user.GetAsync(ct);
        var q = ReportingQueries.Visible(db, actor, db.MilestoneProgress);
        if (all != true)
            q = q.Where(o => o.IsCurrent);
        if (period is not null)
            q = q.Where(o => db.ReportingPeriods.Any(p => p.Id == o.PeriodId && p.Key == period));
        if (status is not null)
            q = q.Where(o => o.Status == status);
        return TypedResults.Ok(await ReportingQueries.ProgressAsync(db, q, ct));
    }

    private static async Task<Results<Ok<ProgressDto>, NotFound>> GetProgress(int id, CurrentUser user, AppDbContext db, CancellationToken ct)
    {
        var actor = await user.GetAsync(ct);
        var rows = await ReportingQueries.ProgressAsync(db, ReportingQueries.Visible(db, actor, db.MilestoneProgress.Where(o => o.Id == id)), ct);
        return rows.Count == 1 ? TypedResults.Ok(rows[0]) : TypedResults.NotFound();
    }


    private static async Task<Results<Created<ObservationDto>, Ok<ObservationDto>, NotFound<ProblemDetails>, ProblemHttpResult, Conflict<ProblemDetails>, ValidationProblem>> SaveObservation(
        ObservationRequest request, Reports reports, AppDbContext db, CancellationToken ct) =>
        await ToHttpAsync(await reports.SaveObservationAsync(request, ct), row => ObservationAsync(db, row.Id, ct), dto => $"/api/reporting/observations/{dto.Id}");

    private static async Task<Results<Created<ObservationDto>, Ok<ObservationDto>, NotFound<ProblemDetails>, ProblemHttpResult, Conflict<ProblemDetails>, ValidationProblem>> TransitObservation(
        int id, string action, TransitionRequest request, Reports reports, AppDbContext db, CancellationToken ct) =>
        await ToHttpAsync(await reports.TransitAsync<Observation>(id, action, request, ct), row => ObservationAsync(db, row.Id, ct));

    private static async Task<Results<Created<ProgressDto>, Ok<ProgressDto>, NotFound<ProblemDetails>, ProblemHttpResult, Conflict<ProblemDetails>, ValidationProblem>> SaveProgress(
        ProgressRequest request, Reports reports, AppDbContext db, CancellationToken ct) =>
        await ToHttpAsync(await reports.SaveProgressAsync(request, ct), row => ProgressAsync(db, row.Id, ct), dto => $"/api/reporting/progress/{dto.Id}");

    private static async Task<Results<Created<ProgressDto>, Ok<ProgressDto>, NotFound<ProblemDetails>, ProblemHttpResult, Conflict<ProblemDetails>, ValidationProblem>> TransitProgress(
        int id, string action, TransitionRequest request, Reports reports, AppDbContext db, CancellationToken ct) =>
        await ToHttpAsync(await reports.TransitAsync<MilestoneProgress>(id, action, request, ct), row => ProgressAsync(db, row.Id, ct));

    private static async Task<Results<Created<EvidenceDto>, Ok<EvidenceDto>, NotFound<ProblemDetails>, ProblemHttpResult, Conflict<ProblemDetails>, ValidationProblem>> AddObservationEvidence(
        int id, IFormFile file, Reports reports, CancellationToken ct) =>
        await ToHttpAsync(await reports.AttachAsync<Observation>(id, file, ct), e => Task.FromResult(EvidenceStore.ToDto(e)));

    private static async Task<Results<Created<EvidenceDto>, Ok<EvidenceDto>, NotFound<ProblemDetails>, ProblemHttpResult, Conflict<ProblemDetails>, ValidationProblem>> AddProgressEvidence(
        int id, IFormFile file, Reports reports, CancellationToken ct) =>
        await ToHttpAsync(await reports.AttachAsync<MilestoneProgress>(id, file, ct), e => Task.FromResult(EvidenceStore.ToDto(e)));

    private static async Task<ObservationDto> ObservationAsync(AppDbContext db, int id, CancellationToken ct) =>
        (await ReportingQueries.ObservationsAsync(db, db.Observations.Where(o => o.Id == id), ct)).Single();

    private static async Task<ProgressDto> ProgressAsync(AppDbContext db, int id, CancellationToken ct) =>
        (await ReportingQueries.ProgressAsync(db, db.MilestoneProgress.Where(o => o.Id == id), ct)).Single();

    /// <summary>409 with a Chinese sentence; other features' endpoints use it too.</summary>
    internal static Conflict<ProblemDetails> Conflict(string? message) => OutcomeHttp.Conflict(message);

    private static async Task<Results<PhysicalFileHttpResult, NotFound>> GetEvidence(
        int id, CurrentUser user, AppDbContext db, EvidenceStore store, HttpContext http, CancellationToken ct)
    {
        var actor = await user.GetAsync(ct);
        if (await db.Evidence.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct) is not { } evidence)
            return TypedResults.NotFound();
        var visible = evidence.ObservationId is { } o
            ? await ReportingQueries.Visible(db, actor, db.Observations.Where(x => x.Id == o)).AnyAsync(ct)
            : evidence.ProjectProgressId is { } pp
            ? await Projects.ProjectScope.MayReadProgressAsync(db, actor, pp, ct)
            : await ReportingQueries.Visible(db, actor, db.MilestoneProgress.Where(x => x.Id == evidence.ProgressId)).AnyAsync(ct);
        var path = store.PathOf(evidence);
        if (!visible || !File.Exists(path))
            return TypedResults.NotFound();
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.PhysicalFile(path, evidence.ContentType, evidence.FileName);
    }

    private static async Task<Ok<List<ObservationDto>>> PublicObservations(string? indicatorId, string? targetId, AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await ReportingQueries.ApprovedObservationsAsync(db, indicatorId, targetId, ct));

    private static async Task<Ok<List<ProgressDto>>> PublicProgress(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await ReportingQueries.ApprovedProgressAsync(db, ct));

    private static async Task<Ok<List<AuditEntryDto>>> ListAudit(string? entityType, string? entityId, int? take, AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await Audit.QueryAsync(db, entityType, entityId, Math.Clamp(take ?? 500, 1, 10_000), ct));

    private static async Task<FileContentHttpResult> ExportAudit(AppDbContext db, CancellationToken ct) =>
        TypedResults.File(Encoding.UTF8.GetBytes(Audit.ToCsv(await Audit.QueryAsync(db, null, null, int.MaxValue, ct))), "text/csv; charset=utf-8", "meicheng-audit.csv");

    private static async Task<Ok<MissingReportsDto>> Missing(string period, Reminders reminders, CancellationToken ct) =>
        TypedResults.Ok(await reminders.MissingAsync(period, ct));

    private static async Task<Ok<ReminderResultDto>> SendReminders(string period, Reminders reminders, CancellationToken ct) =>
        TypedResults.Ok(await reminders.SendAsync(period, ct));

    private static async Task<Results<FileContentHttpResult, NotFound>> DownloadWorkbook(string period, CurrentUser user, AppDbContext db, City city, CancellationToken ct)
    {
        if (!await db.ReportingPeriods.AnyAsync(p => p.Key == period, ct))
            return TypedResults.NotFound();
        var bytes = await Workbook.BuildAsync(db, await user.GetAsync(ct), city, period, ct);
        return TypedResults.File(bytes, Workbook.ContentType, $"meicheng-{period}.xlsx");
    }

    private static async Task<Results<Ok<WorkbookResultDto>, ValidationProblem>> UploadWorkbook(
        string period, IFormFile file, CurrentUser user, AppDbContext db, TimeProvider clock, City city,
        Microsoft.Extensions.Options.IOptions<ReportingOptions> options, CancellationToken ct)
    {
        await using var stream = file.OpenReadStream();
        var (result, issues) = await Workbook.ImportAsync(db, await user.GetAsync(ct), city, period, stream, file.Length, options.Value.WorkbookMaxBytes, options.Value.WorkbookLimits, clock.GetUtcNow(), ct);
        return result is not null ? TypedResults.Ok(result) : WorkbookProblems.From(issues);
    }
}
