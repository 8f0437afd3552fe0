using Meicheng.Web.Common;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Reporting;

public static class ReportingApi
{
    public static IServiceCollection AddReporting(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ReportingOptions>(configuration.GetSection("Reporting"));
        services.AddSingleton<EvidenceStore>();
        services.AddHttpClient(Reminders.HttpClientName);
        services.AddScoped<Reminders>();
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
        api.MapPost("/observations/{id:int}/submit", (int id, TransitionRequest request, ClaimsPrincipal principal, AppDbContext db, IOutputCacheStore showcase, TimeProvider clock, CancellationToken ct) =>
            TransitObservation(id, "submit", request, principal, db, showcase, clock, ct)).RequireAuthorization(Policies.Report).WithSummary("Submit a draft or returned observation for review; 409 when the version is stale");
        api.MapPost("/observations/{id:int}/approve", (int id, TransitionRequest request, ClaimsPrincipal principal, AppDbContext db, IOutputCacheStore showcase, TimeProvider clock, CancellationToken ct) =>
            TransitObservation(id, "approve", request, principal, db, showcase, clock, ct)).RequireAuthorization(Policies.Review).WithSummary("Approve a submitted observation (locks it); 409 when the version is stale");
        api.MapPost("/observations/{id:int}/return", (int id, TransitionRequest request, ClaimsPrincipal principal, AppDbContext db, IOutputCacheStore showcase, TimeProvider clock, CancellationToken ct) =>
            TransitObservation(id, "return", request, principal, db, showcase, clock, ct)).RequireAuthorization(Policies.Review).WithSummary("Return a submitted observation with a comment; 409 when the version is stale");
        api.MapPost("/observations/{id:int}/evidence", AddObservationEvidence).RequireAuthorization(Policies.Report).DisableAntiforgery()
            .WithSummary("Attach an evidence file (pdf, png, jpg, xlsx, docx, csv, txt; size-limited)");

        api.MapGet("/progress", ListProgress).WithSummary("Milestone and task progress reports the caller may see");
        api.MapGet("/progress/{id:int}", GetProgress).WithSummary("One progress report revision");
        api.MapPost("/progress", SaveProgress).RequireAuthorization(Policies.Report).WithSummary("Report progress of a milestone or a qualitative task");
        api.MapPost("/progress/{id:int}/submit", (int id, TransitionRequest request, ClaimsPrincipal principal, AppDbContext db, IOutputCacheStore showcase, TimeProvider clock, CancellationToken ct) =>
            TransitProgress(id, "submit", request, principal, db, showcase, clock, ct)).RequireAuthorization(Policies.Report).WithSummary("Submit a progress report for review");
        api.MapPost("/progress/{id:int}/approve", (int id, TransitionRequest request, ClaimsPrincipal principal, AppDbContext db, IOutputCacheStore showcase, TimeProvider clock, CancellationToken ct) =>
            TransitProgress(id, "approve", request, principal, db, showcase, clock, ct)).RequireAuthorization(Policies.Review).WithSummary("Approve a submitted progress report (locks it)");
        api.MapPost("/progress/{id:int}/return", (int id, TransitionRequest request, ClaimsPrincipal principal, AppDbContext db, IOutputCacheStore showcase, TimeProvider clock, CancellationToken ct) =>
            TransitProgress(id, "return", request, principal, db, showcase, clock, ct)).RequireAuthorization(Policies.Review).WithSummary("Return a submitted progress report with a comment");
        api.MapPost("/progress/{id:int}/evidence", AddProgressEvidence).RequireAuthorization(Policies.Report).DisableAntiforgery()
            .WithSummary("Attach an evidence file to a progress report");

        api.MapGet("/missing", Missing).RequireAuthorization(Policies.ReadAll).WithSummary("Who has not reported for a period (key such as 2026, 2026-Q3): by department and district, with overdue items");
        api.MapPost("/reminders", SendReminders).RequireAuthorization(Policies.Admin).WithSummary("Send reminders for a period's missing reports (webhook and/or e-mail, as configured)");

        api.MapGet("/workbook", DownloadWorkbook).RequireAuthorization(Policies.Report).WithSummary("The caller's pre-filled Excel workbook for a period (key such as 2026)");
        api.MapPost("/workbook", UploadWorkbook).RequireAuthorization(Policies.Report).DisableAntiforgery()
            .WithSummary("Upload a filled workbook: validated as a whole (every problem with sheet, row, column); saved only when all rows are valid; idempotent");

        api.MapGet("/evidence/{id:int}", GetEvidence).WithSummary("Download an evidence file (only for those who may read its report)");

        var open = app.MapGroup("/api/public").WithTags("Public").AllowAnonymous();
        open.MapGet("/observations", PublicObservations).WithSummary("Approved observations (latest approved revision per target, period and region); IsDemo marks demo data");
        open.MapGet("/progress", PublicProgress).WithSummary("Approved milestone and task progress");

        ReportingForms.Map(app);

        var audit = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(Policies.AuditRead);
        audit.MapGet("/audit", ListAudit).WithSummary("The audit log, newest first");
        audit.MapGet("/audit.csv", ExportAudit).WithSummary("The audit log as CSV (UTF-8)");
        return app;
    }

    private static async Task<Actor> ActorAsync(ClaimsPrincipal principal, AppDbContext db, CancellationToken ct) =>
        await Actor.LoadAsync(principal, db, ct) ?? throw new InvalidOperationException("An authorised request has no user.");

    private static async Task<Ok<List<PeriodDto>>> ListPeriods(string? indicatorId, string? key, AppDbContext db, CancellationToken ct)
    {
        var q = db.ReportingPeriods.AsNoTracking();
        if (indicatorId is not null)
            q = q.Where(p => p.IndicatorId == indicatorId);
        if (key is not null)
            q = q.Where(p => p.Key == key);
        return TypedResults.Ok((await q.OrderBy(p => p.Id).ToListAsync(ct)).Select(p => p.ToDto()).ToList());
    }

    internal static (string Key, DateOnly Start, DateOnly End)? PeriodOf(string frequency, int year, int number) => frequency switch
    {
        "annual" when number == 1 => (year.ToString(CultureInfo.InvariantCulture), new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)),
        "quarterly" when number is >= 1 and <= 4 => ($"{year}-Q{number}", new DateOnly(year, number * 3 - 2, 1), new DateOnly(year, number * 3, 1).AddMonths(1).AddDays(-1)),
        "monthly" when number is >= 1 and <= 12 => ($"{year}-{number:00}", new DateOnly(year, number, 1), new DateOnly(year, number, 1).AddMonths(1).AddDays(-1)),
        _ => null,
    };

    internal static async Task<List<ReportingPeriod>> EnsurePeriodsAsync(AppDbContext db, CreatePeriodsRequest request, int dueDays, CancellationToken ct)
    {
        var (key, start, end) = PeriodOf(request.Frequency, request.Year, request.Number)!.Value;
        var indicators = request.IndicatorIds?.ToList()
            ?? await db.Targets.Where(t => !t.Retired).Select(t => t.IndicatorId).Distinct().OrderBy(i => i).ToListAsync(ct);
        var wanted = indicators.Select(i => (string?)i).ToList();
        if (request.Progress)
            wanted.Add(null);
        var result = new List<ReportingPeriod>();
        foreach (var indicator in wanted)
        {
            var period = await db.ReportingPeriods.SingleOrDefaultAsync(p => p.IndicatorId == indicator && p.Key == key, ct);
            if (period is null)
            {
                period = new ReportingPeriod { IndicatorId = indicator, Frequency = request.Frequency, Key = key, Start = start, End = end, Due = request.Due ?? end.AddDays(dueDays) };
                db.ReportingPeriods.Add(period);
            }
            result.Add(period);
        }
        await db.SaveChangesAsync(ct);
        return result;
    }

    private static async Task<Results<Ok<List<PeriodDto>>, ValidationProblem>> CreatePeriods(
        CreatePeriodsRequest request, AppDbContext db, Microsoft.Extensions.Options.IOptions<ReportingOptions> options, CancellationToken ct)
    {
        if (PeriodOf(request.Frequency, request.Year, request.Number) is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["frequency"] = ["频率须为 annual（Number=1）、quarterly（1–4）或 monthly（1–12）"] });
        var unknown = request.IndicatorIds?.Except(await db.Indicators.Select(i => i.Id).ToListAsync(ct)).ToList();
        if (unknown is { Count: > 0 })
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["indicatorIds"] = [$"指标不存在：{string.Join("、", unknown)}"] });
        var periods = await EnsurePeriodsAsync(db, request, options.Value.DueDays, ct);
        return TypedResults.Ok(periods.Select(p => p.ToDto()).ToList());
    }

    private static async Task<Results<Ok<ReopenResultDto>, NotFound>> Reopen(
        int id, ReopenRequest request, ClaimsPrincipal principal, AppDbContext db, IOutputCacheStore showcase, TimeProvider clock, CancellationToken ct)
    {
        if (await db.ReportingPeriods.FindAsync([id], ct) is not { } period)
            return TypedResults.NotFound();
        var count = await Workflow.ReopenAsync(db, await ActorAsync(principal, db, ct), period, request, showcase, clock.GetUtcNow(), ct);
        return TypedResults.Ok(new ReopenResultDto(id, count));
    }

    private static async Task<Ok<List<ObservationDto>>> ListObservations(
        string? period, string? targetId, string? status, bool? all, ClaimsPrincipal principal, AppDbContext db, CancellationToken ct)
    {
        var actor = await ActorAsync(principal, db, ct);
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

    private static async Task<Results<Ok<ObservationDto>, NotFound>> GetObservation(int id, ClaimsPrincipal principal, AppDbContext db, CancellationToken ct)
    {
        var actor = await ActorAsync(principal, db, ct);
        var rows = await ReportingQueries.ObservationsAsync(db, ReportingQueries.Visible(db, actor, db.Observations.Where(o => o.Id == id)), ct);
        return rows.Count == 1 ? TypedResults.Ok(rows[0]) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<List<ObservationDto>>, NotFound>> ObservationHistory(int id, ClaimsPrincipal principal, AppDbContext db, CancellationToken ct)
    {
        var actor = await ActorAsync(principal, db, ct);
        if (await db.Observations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct) is not { } row)
            return TypedResults.NotFound();
        var cell = db.Observations.Where(o => o.TargetId == row.TargetId && o.PeriodId == row.PeriodId && o.RegionCode == row.RegionCode);
        var rows = await ReportingQueries.ObservationsAsync(db, ReportingQueries.Visible(db, actor, cell), ct);
        return rows.Count > 0 ? TypedResults.Ok(rows) : TypedResults.NotFound();
    }

    private static async Task<Results<Created<ObservationDto>, Ok<ObservationDto>, ValidationProblem, ForbidHttpResult, Conflict<ProblemDetails>>> SaveObservation(
        ObservationRequest request, ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var result = await Workflow.SaveObservationAsync(db, await ActorAsync(principal, db, ct), request, clock.GetUtcNow(), ct);
        switch (result.Outcome)
        {
            case Outcome.Invalid:
                return TypedResults.ValidationProblem(result.Errors!);
            case Outcome.Forbidden:
                return TypedResults.Forbid();
            case Outcome.Conflict:
                return Conflict(result.Message);
        }
        var dto = (await ReportingQueries.ObservationsAsync(db, db.Observations.Where(o => o.Id == result.Row!.Id), ct)).Single();
        return result.Outcome == Outcome.Created ? TypedResults.Created($"/api/reporting/observations/{dto.Id}", dto) : TypedResults.Ok(dto);
    }

    internal static Conflict<ProblemDetails> Conflict(string? message) =>
        TypedResults.Conflict(new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "冲突", Detail = message });

    private static async Task<Results<Ok<ObservationDto>, NotFound, ValidationProblem, ForbidHttpResult, Conflict<ProblemDetails>>> TransitObservation(
        int id, string action, TransitionRequest request, ClaimsPrincipal principal, AppDbContext db, IOutputCacheStore showcase, TimeProvider clock, CancellationToken ct)
    {
        var actor = await ActorAsync(principal, db, ct);
        if (await db.Observations.FindAsync([id], ct) is not { } row)
            return TypedResults.NotFound();
        if (!await MayAct(db, actor, action, () => Scopes.MayReportAsync(db, actor, row, ct)))
            return TypedResults.Forbid();
        var result = await Workflow.TransitAsync(db, actor, row, action, request, showcase, clock.GetUtcNow(), ct);
        return result.Outcome switch
        {
            Outcome.Invalid => TypedResults.ValidationProblem(result.Errors!),
            Outcome.Conflict => Conflict(result.Message),
            _ => TypedResults.Ok((await ReportingQueries.ObservationsAsync(db, db.Observations.Where(o => o.Id == id), ct)).Single()),
        };
    }

    // Reporters submit within their scope; reviewers and admins approve and return.
    private static async Task<bool> MayAct(AppDbContext db, Actor actor, string action, Func<Task<bool>> inScope) => action switch
    {
        "submit" => (actor.Is(Roles.Admin) || actor.Is(Roles.Department) || actor.Is(Roles.District)) && await inScope(),
        _ => actor.Is(Roles.Admin) || actor.Is(Roles.Reviewer),
    };

    private static async Task<Results<Ok<EvidenceDto>, NotFound, ValidationProblem, ForbidHttpResult, Conflict<ProblemDetails>>> AddObservationEvidence(
        int id, IFormFile file, ClaimsPrincipal principal, AppDbContext db, EvidenceStore store, TimeProvider clock, CancellationToken ct)
    {
        var actor = await ActorAsync(principal, db, ct);
        if (await db.Observations.FindAsync([id], ct) is not { } row)
            return TypedResults.NotFound();
        if (!await Scopes.MayReportAsync(db, actor, row, ct))
            return TypedResults.Forbid();
        return await AttachAsync(db, store, actor, row, file, clock.GetUtcNow(), ct);
    }

    private static async Task<Results<Ok<EvidenceDto>, NotFound, ValidationProblem, ForbidHttpResult, Conflict<ProblemDetails>>> AddProgressEvidence(
        int id, IFormFile file, ClaimsPrincipal principal, AppDbContext db, EvidenceStore store, TimeProvider clock, CancellationToken ct)
    {
        var actor = await ActorAsync(principal, db, ct);
        if (await db.MilestoneProgress.FindAsync([id], ct) is not { } row)
            return TypedResults.NotFound();
        if (!await Scopes.MayReportAsync(db, actor, row, ct))
            return TypedResults.Forbid();
        return await AttachAsync(db, store, actor, row, file, clock.GetUtcNow(), ct);
    }

    internal static async Task<Results<Ok<EvidenceDto>, NotFound, ValidationProblem, ForbidHttpResult, Conflict<ProblemDetails>>> AttachAsync(
        AppDbContext db, EvidenceStore store, Actor actor, Report row, IFormFile file, DateTimeOffset now, CancellationToken ct)
    {
        if (!row.IsCurrent || row.Locked || row.Status == ReportStatus.Approved)
            return Conflict("已审核通过或已被取代的报告不能再添加佐证材料");
        var (evidence, error) = await store.StoreAsync(file, actor, now, ct);
        if (evidence is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [error!] });
        var kind = row is Observation ? "observation" : "progress";
        if (row is Observation)
            evidence.ObservationId = row.Id;
        else
            evidence.ProgressId = row.Id;
        db.Evidence.Add(evidence);
        Audit.Record(db, actor, now, $"{kind}.evidence", kind, Workflow.Id(row.Id), null, new { evidence.FileName, evidence.Size, evidence.Sha256, evidence.ContentType });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(EvidenceStore.ToDto(evidence));
    }

    private static async Task<Ok<List<ProgressDto>>> ListProgress(string? period, string? status, bool? all, ClaimsPrincipal principal, AppDbContext db, CancellationToken ct)
    {
        var actor = await ActorAsync(principal, db, ct);
        var q = ReportingQueries.Visible(db, actor, db.MilestoneProgress);
        if (all != true)
            q = q.Where(o => o.IsCurrent);
        if (period is not null)
            q = q.Where(o => db.ReportingPeriods.Any(p => p.Id == o.PeriodId && p.Key == period));
        if (status is not null)
            q = q.Where(o => o.Status == status);
        return TypedResults.Ok(await ReportingQueries.ProgressAsync(db, q, ct));
    }

    private static async Task<Results<Ok<ProgressDto>, NotFound>> GetProgress(int id, ClaimsPrincipal principal, AppDbContext db, CancellationToken ct)
    {
        var actor = await ActorAsync(principal, db, ct);
        var rows = await ReportingQueries.ProgressAsync(db, ReportingQueries.Visible(db, actor, db.MilestoneProgress.Where(o => o.Id == id)), ct);
        return rows.Count == 1 ? TypedResults.Ok(rows[0]) : TypedResults.NotFound();
    }

    private static async Task<Results<Created<ProgressDto>, Ok<ProgressDto>, ValidationProblem, ForbidHttpResult, Conflict<ProblemDetails>>> SaveProgress(
        ProgressRequest request, ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var result = await Workflow.SaveProgressAsync(db, await ActorAsync(principal, db, ct), request, clock.GetUtcNow(), ct);
        switch (result.Outcome)
        {
            case Outcome.Invalid:
                return TypedResults.ValidationProblem(result.Errors!);
            case Outcome.Forbidden:
                return TypedResults.Forbid();
            case Outcome.Conflict:
                return Conflict(result.Message);
        }
        var dto = (await ReportingQueries.ProgressAsync(db, db.MilestoneProgress.Where(o => o.Id == result.Row!.Id), ct)).Single();
        return result.Outcome == Outcome.Created ? TypedResults.Created($"/api/reporting/progress/{dto.Id}", dto) : TypedResults.Ok(dto);
    }

    private static async Task<Results<Ok<ProgressDto>, NotFound, ValidationProblem, ForbidHttpResult, Conflict<ProblemDetails>>> TransitProgress(
        int id, string action, TransitionRequest request, ClaimsPrincipal principal, AppDbContext db, IOutputCacheStore showcase, TimeProvider clock, CancellationToken ct)
    {
        var actor = await ActorAsync(principal, db, ct);
        if (await db.MilestoneProgress.FindAsync([id], ct) is not { } row)
            return TypedResults.NotFound();
        if (!await MayAct(db, actor, action, () => Scopes.MayReportAsync(db, actor, row, ct)))
            return TypedResults.Forbid();
        var result = await Workflow.TransitAsync(db, actor, row, action, request, showcase, clock.GetUtcNow(), ct);
        return result.Outcome switch
        {
            Outcome.Invalid => TypedResults.ValidationProblem(result.Errors!),
            Outcome.Conflict => Conflict(result.Message),
            _ => TypedResults.Ok((await ReportingQueries.ProgressAsync(db, db.MilestoneProgress.Where(o => o.Id == id), ct)).Single()),
        };
    }

    private static async Task<Results<PhysicalFileHttpResult, NotFound>> GetEvidence(
        int id, ClaimsPrincipal principal, AppDbContext db, EvidenceStore store, HttpContext http, CancellationToken ct)
    {
        var actor = await ActorAsync(principal, db, ct);
        if (await db.Evidence.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct) is not { } evidence)
            return TypedResults.NotFound();
        var visible = evidence.ObservationId is { } o
            ? await ReportingQueries.Visible(db, actor, db.Observations.Where(x => x.Id == o)).AnyAsync(ct)
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

    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static async Task<Results<FileContentHttpResult, NotFound>> DownloadWorkbook(string period, ClaimsPrincipal principal, AppDbContext db, CancellationToken ct)
    {
        if (!await db.ReportingPeriods.AnyAsync(p => p.Key == period, ct))
            return TypedResults.NotFound();
        var bytes = await Workbook.BuildAsync(db, await ActorAsync(principal, db, ct), period, ct);
        return TypedResults.File(bytes, XlsxType, $"meicheng-{period}.xlsx");
    }

    private static async Task<Results<Ok<WorkbookResultDto>, ValidationProblem>> UploadWorkbook(
        string period, IFormFile file, ClaimsPrincipal principal, AppDbContext db, TimeProvider clock,
        Microsoft.Extensions.Options.IOptions<ReportingOptions> options, CancellationToken ct)
    {
        await using var stream = file.OpenReadStream();
        var (result, issues) = await Workbook.ImportAsync(db, await ActorAsync(principal, db, ct), period, stream, file.Length, options.Value.WorkbookMaxBytes, options.Value.WorkbookLimits, clock.GetUtcNow(), ct);
        return result is not null ? TypedResults.Ok(result) : WorkbookProblem(issues);
    }

    /// <summary>ValidationProblem-style: errors keyed "填报!H5", plus the same issues as a list with sheet, row, column and reason.</summary>
    internal static ValidationProblem WorkbookProblem(IReadOnlyList<WorkbookIssueDto> issues) => TypedResults.ValidationProblem(
        issues.GroupBy(i => i.Row == 0 ? (i.Sheet.Length == 0 ? "file" : i.Sheet) : $"{i.Sheet}!{i.Column}{i.Row}").ToDictionary(g => g.Key, g => g.Select(i => i.Reason).ToArray()),
        title: "工作簿有错误，未保存任何数据",
        extensions: new Dictionary<string, object?> { ["issues"] = issues });
}
