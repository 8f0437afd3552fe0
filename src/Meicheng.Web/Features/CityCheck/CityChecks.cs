using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Common;
using System.Globalization;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Reporting;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.CityCheck;

/// <summary>Problem, task and project states, with their Chinese wording.</summary>
public static class CheckStates
{
    public const string Open = "open";
    public const string Rectifying = "rectifying";
    public const string Rectified = "rectified";
    public const string Resolved = "resolved";
    public const string CarriedOver = "carried-over";

    public static readonly IReadOnlyList<string> TaskStates = [ProgressState.NotStarted, ProgressState.InProgress, ProgressState.Done];
    public static readonly IReadOnlyList<string> ProjectStates = ["planned", "under-construction", "completed", "suspended"];
    public static readonly IReadOnlyList<string> Severities = ["off-track", "at-risk"];

    public static string Problem(string status) => status switch
    {
        Open => "待整改",
        Rectifying => "整改中",
        Rectified => "已整改待复核",
        Resolved => "已销号",
        CarriedOver => "转入下年",
        _ => status,
    };

    public static string Severity(string severity) => severity == "off-track" ? "问题（进度滞后）" : "风险（需关注）";

    public static string Task(string status) => ProgressState.Chinese(status);

    public static string Project(string status) => status switch
    {
        "planned" => "谋划中",
        "under-construction" => "在建",
        "completed" => "已建成",
        "suspended" => "暂停",
        _ => status,
    };

    public static bool IsClosed(string status) => status is Resolved or CarriedOver;
}

/// <summary>
/// The city health check loop (一年一体检): a check over an indicator set draws on a frozen annual round; off-track and
/// at-risk targets become problems (by region, with the department that leads the target's task); problems get
/// rectification tasks and projects; next year's check closes last year's open problems as resolved when the target is
/// now achieved or on track (hand-entered problems: when every rectification task is done), else carries them over.
/// </summary>
internal static class HealthChecks
{
    public static async Task<(HealthCheck? Check, Dictionary<string, string[]>? Errors, string? Conflict)> CreateAsync(
        AppDbContext db, Actor actor, CreateHealthCheckRequest request, EvaluationSettings settings, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.HealthChecks.AnyAsync(c => c.Year == request.Year, ct))
            return (null, null, $"{request.Year}年的城市体检已存在");
        var roundId = request.RoundId ?? await db.EvaluationRounds.Where(r => r.Kind == RoundKinds.Annual && r.Year == request.Year)
            .OrderBy(r => r.PlanId != null).ThenByDescending(r => r.Id).Select(r => (int?)r.Id).FirstOrDefaultAsync(ct);
        if (roundId is null || await EvaluationApi.LoadRoundAsync(db, roundId.Value, ct) is not ({ } round, { } snapshot))
            return (null, new() { ["roundId"] = [$"须先冻结{request.Year}年的年度监测轮次"] }, null);
        if (round.Year != request.Year)
            return (null, new() { ["roundId"] = [$"轮次 {round.Id} 是{round.Year}年的，不是{request.Year}年的"] }, null);

        var targetsInRound = snapshot.Results.SelectMany(r => r.Targets).Select(t => t.IndicatorId).ToHashSet();
        var wanted = request.IndicatorIds is { Count: > 0 } ? request.IndicatorIds : settings.HealthCheckIndicators;
        var unknown = wanted.Where(i => !targetsInRound.Contains(i)).ToList();
        if (unknown.Count > 0)
            return (null, new() { ["indicatorIds"] = [$"指标不在本轮评估的目标中：{string.Join("、", unknown)}"] }, null);
        var indicators = wanted.Count > 0 ? wanted.Distinct().Order(StringComparer.Ordinal).ToList() : targetsInRound.Order(StringComparer.Ordinal).ToList();

        var previous = await db.HealthChecks.Where(c => c.Year < request.Year).OrderByDescending(c => c.Year).FirstOrDefaultAsync(ct);
        var check = new HealthCheck
        {
            Year = request.Year, RoundId = round.Id, IndicatorIds = indicators, PreviousCheckId = previous?.Id, CreatedAt = now, CreatedBy = actor.Email,
            Title = string.IsNullOrWhiteSpace(request.Title) ? $"{request.Year}年度城市体检" : request.Title.Trim(),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.HealthChecks.Add(check);
        await db.SaveChangesAsync(ct);

        var method = round.PrimaryMethod;
        var set = indicators.ToHashSet();
        var regionNames = snapshot.Regions.ToDictionary(r => r.Code, r => r.Name);
        var current = snapshot.Results.SelectMany(r => r.Targets).Where(t => set.Contains(t.IndicatorId))
            .ToDictionary(t => (t.TargetId, t.RegionCode), t => t.Results.Single(x => x.Method == method));
        var leads = await LeadDepartmentsAsync(db, ct);

        // Last year's problems first: each is closed by this check, as resolved or carried over.
        var carried = new HashSet<(string, string)>();
        var continued = new List<(CheckProblem From, CheckProblem To)>();
        if (previous is not null)
        {
            var open = await db.CheckProblems.Where(p => p.CheckId == previous.Id && p.Status != CheckStates.Resolved && p.Status != CheckStates.CarriedOver)
                .OrderBy(p => p.Id).ToListAsync(ct);
            var tasksDone = await db.RectificationTasks.Where(t => open.Select(p => p.Id).Contains(t.ProblemId)).GroupBy(t => t.ProblemId)
                .Select(g => new { g.Key, All = g.All(t => t.Status == ProgressState.Done) }).ToDictionaryAsync(g => g.Key, g => g.All, ct);
            foreach (var problem in open)
            {
                string? nowStatus = null;
                bool resolved;
                if (problem.Origin == "generated" && problem.TargetId is not null && problem.RegionCode is not null)
                {
                    nowStatus = current.TryGetValue((problem.TargetId, problem.RegionCode), out var r) ? r.Status : null;
                    resolved = nowStatus is "achieved" or "on-track";
                }
                else
                {
                    resolved = tasksDone.GetValueOrDefault(problem.Id);
                }
                problem.ClosedByCheckId = check.Id;
                if (resolved)
                {
                    problem.Status = CheckStates.Resolved;
                    problem.ClosingNote = problem.Origin == "generated"
                        ? $"{request.Year}年体检复核：目标{EvaluationText.Status(nowStatus)}，予以销号"
                        : $"{request.Year}年体检复核：整改任务全部完成，予以销号";
                    continue;
                }
                problem.Status = CheckStates.CarriedOver;
                problem.ClosingNote = problem.Origin == "generated"
                    ? $"{request.Year}年体检复核：目标仍为{EvaluationText.Status(nowStatus ?? "no-data")}，转入{request.Year}年继续整改"
                    : $"{request.Year}年体检复核：整改任务尚未全部完成，转入{request.Year}年继续整改";
                var stillJudged = problem.Origin == "generated" && current.TryGetValue((problem.TargetId!, problem.RegionCode!), out var again) ? again : null;
                var next = new CheckProblem
                {
                    CheckId = check.Id, Origin = problem.Origin, TargetId = problem.TargetId, IndicatorId = problem.IndicatorId,
                    RegionCode = problem.RegionCode, DepartmentId = problem.DepartmentId, Title = problem.Title, CarriedFromId = problem.Id,
                    Severity = stillJudged is null ? problem.Severity : stillJudged.Status == "off-track" ? "off-track" : "at-risk",
                    Description = stillJudged is null
                        ? problem.Description
                        : Describe(snapshot, problem.TargetId!, problem.RegionCode!, stillJudged, method, request.Year) + $"（延续自{previous.Year}年体检）",
                    Status = CheckStates.Open, CreatedAt = now, CreatedBy = actor.Email,
                };
                db.CheckProblems.Add(next);
                continued.Add((problem, next));
                if (problem.TargetId is not null && problem.RegionCode is not null)
                    carried.Add((problem.TargetId, problem.RegionCode));
            }
        }

        var targets = snapshot.Results.SelectMany(r => r.Targets).ToDictionary(t => (t.TargetId, t.RegionCode));
        foreach (var ((targetId, region), result) in current.OrderBy(c => c.Key.RegionCode, StringComparer.Ordinal).ThenBy(c => c.Key.TargetId, StringComparer.Ordinal))
        {
            if (result.Status is not ("off-track" or "needs-attention") || carried.Contains((targetId, region)))
                continue;
            var target = targets[(targetId, region)];
            var severity = result.Status == "off-track" ? "off-track" : "at-risk";
            db.CheckProblems.Add(new CheckProblem
            {
                CheckId = check.Id, Origin = "generated", Severity = severity, TargetId = targetId, IndicatorId = target.IndicatorId, RegionCode = region,
                DepartmentId = target.TaskId is { } task ? leads.GetValueOrDefault(task) : null,
                Title = $"{regionNames.GetValueOrDefault(region, region)}：{target.IndicatorName}{(severity == "off-track" ? "进度滞后" : "存在风险")}",
                Description = Describe(snapshot, targetId, region, result, method, request.Year),
                Status = CheckStates.Open, CreatedAt = now, CreatedBy = actor.Email,
            });
        }
        await db.SaveChangesAsync(ct);
        // Unfinished work moves on with its problem: open rectification tasks and projects not yet built now belong to
        // the continuing problem; what was finished stays with last year's, as its record.
        foreach (var (from, to) in continued)
        {
            await db.RectificationTasks.Where(t => t.ProblemId == from.Id && t.Status != ProgressState.Done)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.ProblemId, to.Id), ct);
            await db.CheckProjects.Where(x => x.ProblemId == from.Id && x.Status != "completed")
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.ProblemId, to.Id), ct);
            await RefreshStatusAsync(db, to.Id, ct);
        }
        Audit.Record(db, actor, now, "health-check.create", "health-check", check.Id.ToString(CultureInfo.InvariantCulture), null,
            new { check.Year, check.RoundId, check.PreviousCheckId, Indicators = check.IndicatorIds.Count });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (check, null, null);
    }

    private static string Describe(EvaluationSnapshot snapshot, string targetId, string region, MethodResultDto result, string method, int year)
    {
        var target = EvaluationViews.Results(snapshot, region)!.Targets.Single(t => t.TargetId == targetId);
        var value = result.AssessedValue is { } v ? $"最新值 {EvaluationText.Number(v)} {target.Unit}（{result.AssessedYear}年）" : "无最新值";
        return $"目标「{target.Clause}」（{target.TargetText}，{target.Year}年），{year}年按{EvaluationText.MethodShort(method)}判定为{result.StatusText}；"
            + $"进度比值 {EvaluationText.Ratio(result.Ratio)}，{value}。";
    }

    /// <summary>The department that leads each task (牵头), else the first responsible one.</summary>
    internal static async Task<Dictionary<string, string>> LeadDepartmentsAsync(AppDbContext db, CancellationToken ct) =>
        (await db.Responsibilities.AsNoTracking().ToListAsync(ct)).GroupBy(r => r.TaskId)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Role == "lead" ? 0 : 1).ThenBy(r => r.Id).First().DepartmentId);

    /// <summary>A problem's state follows its tasks: none → open; some not done → rectifying; all done → rectified.</summary>
    public static async Task RefreshStatusAsync(AppDbContext db, int problemId, CancellationToken ct)
    {
        var problem = await db.CheckProblems.SingleAsync(p => p.Id == problemId, ct);
        if (CheckStates.IsClosed(problem.Status))
            return;
        var states = await db.RectificationTasks.Where(t => t.ProblemId == problemId).Select(t => t.Status).ToListAsync(ct);
        problem.Status = states.Count == 0 ? CheckStates.Open : states.All(s => s == ProgressState.Done) ? CheckStates.Rectified : CheckStates.Rectifying;
    }

    // ---- Reads ----

    public sealed record Names(IReadOnlyDictionary<string, string> Regions, IReadOnlyDictionary<string, string> Departments, IReadOnlyDictionary<int, int> CheckYears);

    public static async Task<Names> NamesAsync(AppDbContext db, CancellationToken ct) => new(
        await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, ct),
        await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct),
        await db.HealthChecks.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Year, ct));

    public static RectificationTaskDto ToDto(this RectificationTask t, Names names, DateOnly today) => new(
        t.Id, t.ProblemId, t.Title, t.OwnerDepartmentId, names.Departments.GetValueOrDefault(t.OwnerDepartmentId, t.OwnerDepartmentId), t.Deadline,
        t.Status, CheckStates.Task(t.Status), t.Status != ProgressState.Done && t.Deadline < today, t.Note, t.CreatedAt, t.CompletedAt);

    public static ProjectDto ToDto(this CheckProject p, Names names) => new(
        p.Id, p.ProblemId, p.TaskId, p.Name, p.Type, p.RegionCode, names.Regions.GetValueOrDefault(p.RegionCode, p.RegionCode), p.Location, p.Investment,
        p.Status, CheckStates.Project(p.Status), p.DepartmentId, p.DepartmentId is { } d ? names.Departments.GetValueOrDefault(d, d) : null, p.StartYear, p.EndYear);

    public static async Task<List<ProblemDto>> ProblemsAsync(AppDbContext db, IQueryable<CheckProblem> query, DateOnly today, CancellationToken ct)
    {
        var rows = await query.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var names = await NamesAsync(db, ct);
        var tasks = (await db.RectificationTasks.AsNoTracking().Where(t => ids.Contains(t.ProblemId)).OrderBy(t => t.Id).ToListAsync(ct)).ToLookup(t => t.ProblemId);
        var projects = (await db.CheckProjects.AsNoTracking().Where(p => p.ProblemId != null && ids.Contains(p.ProblemId.Value)).OrderBy(p => p.Id).ToListAsync(ct))
            .ToLookup(p => p.ProblemId);
        return rows.Select(p => new ProblemDto(
            p.Id, p.CheckId, names.CheckYears.GetValueOrDefault(p.CheckId), p.Origin, p.Severity, CheckStates.Severity(p.Severity), p.TargetId, p.IndicatorId,
            p.RegionCode, p.RegionCode is { } r ? names.Regions.GetValueOrDefault(r, r) : null,
            p.DepartmentId, p.DepartmentId is { } d ? names.Departments.GetValueOrDefault(d, d) : null,
            p.Title, p.Description, p.Status, CheckStates.Problem(p.Status), p.CarriedFromId, p.ClosedByCheckId, p.ClosingNote,
            tasks[p.Id].Select(t => t.ToDto(names, today)).ToList(), projects[p.Id].Select(x => x.ToDto(names)).ToList(), p.CreatedAt)).ToList();
    }

    public static async Task<List<HealthCheckSummaryDto>> SummariesAsync(AppDbContext db, CancellationToken ct)
    {
        var checks = await db.HealthChecks.AsNoTracking().OrderByDescending(c => c.Year).ToListAsync(ct);
        var problems = await db.CheckProblems.AsNoTracking().Select(p => new { p.CheckId, p.Status, p.CarriedFromId, p.ClosedByCheckId }).ToListAsync(ct);
        var methods = await db.EvaluationRounds.AsNoTracking().Select(r => new { r.Id, r.PrimaryMethod }).ToDictionaryAsync(r => r.Id, r => r.PrimaryMethod, ct);
        return checks.Select(c => new HealthCheckSummaryDto(
            c.Id, c.Year, c.Title, c.RoundId, methods.GetValueOrDefault(c.RoundId, ""), c.PreviousCheckId, c.IndicatorIds.Count,
            problems.Count(p => p.CheckId == c.Id), problems.Count(p => p.CheckId == c.Id && !CheckStates.IsClosed(p.Status)),
            problems.Count(p => p.ClosedByCheckId == c.Id && p.Status == CheckStates.Resolved),
            problems.Count(p => p.CheckId == c.Id && p.CarriedFromId != null), c.CreatedAt, c.CreatedBy)).ToList();
    }

    public static async Task<HealthCheckDto?> GetAsync(AppDbContext db, int id, DateOnly today, CancellationToken ct)
    {
        var summary = (await SummariesAsync(db, ct)).SingleOrDefault(c => c.Id == id);
        if (summary is null)
            return null;
        var check = await db.HealthChecks.AsNoTracking().SingleAsync(c => c.Id == id, ct);
        var (_, snapshot) = (await EvaluationApi.LoadRoundAsync(db, check.RoundId, ct))!.Value;
        var set = check.IndicatorIds.ToHashSet();
        var regionNames = snapshot.Regions.ToDictionary(r => r.Code, r => r.Name);
        var indicators = snapshot.Results.SelectMany(r => r.Targets).Where(t => set.Contains(t.IndicatorId)).Select(t =>
        {
            var r = t.Results.Single(x => x.Method == summary.Method);
            return new CheckIndicatorDto(t.TargetId, t.IndicatorId, t.IndicatorName, t.Clause, t.TargetText, t.RegionCode, regionNames.GetValueOrDefault(t.RegionCode, t.RegionCode),
                r.Status, r.StatusText, r.Ratio, r.AssessedValue, r.AssessedYear);
        }).ToList();
        var problems = await ProblemsAsync(db, db.CheckProblems.Where(p => p.CheckId == id), today, ct);
        var closed = await ProblemsAsync(db, db.CheckProblems.Where(p => p.ClosedByCheckId == id), today, ct);
        var problemIds = problems.Select(p => p.Id).ToList();
        var projects = await db.CheckProjects.AsNoTracking().Where(p => p.ProblemId != null && problemIds.Contains(p.ProblemId.Value)).ToListAsync(ct);
        var totals = new ProjectTotalsDto(projects.Count, projects.Sum(p => p.Investment),
            projects.GroupBy(p => p.Status).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()));
        return new HealthCheckDto(summary, indicators, problems,
            closed.Where(p => p.Status == CheckStates.Resolved).ToList(), closed.Where(p => p.Status == CheckStates.CarriedOver).ToList(), totals);
    }
}
