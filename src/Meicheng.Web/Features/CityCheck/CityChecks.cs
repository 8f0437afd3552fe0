using System.Globalization;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Features.Projects;
using Meicheng.Web.Features.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProjectStatus = Meicheng.Core.Projects.ProjectStatus;
using ResponsibilityRole = Meicheng.Core.Plans.ResponsibilityRole;
using City = Meicheng.Web.Features.Regions.City;

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
        _ => ProjectStatus.Chinese(status),
    };

    public static bool IsClosed(string status) => status is Resolved or CarriedOver;
}

/// <summary>
/// The city health check loop (一年一体检): a check over an indicator set draws on a frozen annual round; off-track and
/// at-risk targets become problems (by region, with the department that leads the target's task); problems get
/// rectification tasks and projects; next year's check closes last year's open problems as resolved when the target is
/// now achieved or on track (hand-entered problems: when every rectification task is done), else carries them over.
/// Staff read; the plan office (admin) changes; a department's reporter reports the tasks its department owns.
/// </summary>
public sealed class CityChecks(AppDbContext db, CurrentUser currentUser, TimeProvider clock, IOptions<EvaluationSettings> settings, Rounds rounds, City city)
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private async Task<Actor?> PlanOfficeAsync(CancellationToken ct) =>
        await currentUser.FindAsync(ct) is { } actor && actor.Is(Roles.Admin) ? actor : null;

    private static Failure NoCheck(int id) => Fail.NotFound($"城市体检 {id} 不存在");

    private static Failure NoProblem(int id) => Fail.NotFound($"问题 {id} 不存在");

    // ---- Checks ----

    public async Task<List<HealthCheckSummaryDto>> SummariesAsync(CancellationToken ct)
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

    public async Task<Outcome<HealthCheckDto>> GetAsync(int id, CancellationToken ct) => await FindAsync(id, ct) is { } check ? check : NoCheck(id);

    /// <summary>The check drawn on a round, if any: what a round's report includes.</summary>
    internal async Task<HealthCheckDto?> ForRoundAsync(int roundId, CancellationToken ct) =>
        await db.HealthChecks.Where(c => c.RoundId == roundId).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct) is { } id ? await FindAsync(id, ct) : null;

    internal async Task<HealthCheckDto?> FindAsync(int id, CancellationToken ct)
    {
        var summary = (await SummariesAsync(ct)).SingleOrDefault(c => c.Id == id);
        if (summary is null)
            return null;
        var check = await db.HealthChecks.AsNoTracking().SingleAsync(c => c.Id == id, ct);
        var (_, snapshot) = (await rounds.FindAsync(check.RoundId, ct))!;
        var set = check.IndicatorIds.ToHashSet();
        var regionNames = snapshot.Regions.ToDictionary(r => r.Code, r => r.Name);
        var indicators = snapshot.Results.SelectMany(r => r.Targets).Where(t => set.Contains(t.IndicatorId)).Select(t =>
        {
            var r = t.Results.Single(x => x.Method == summary.Method);
            return new CheckIndicatorDto(t.TargetId, t.IndicatorId, t.IndicatorName, t.Clause, t.TargetText, t.RegionCode, regionNames.GetValueOrDefault(t.RegionCode, t.RegionCode),
                r.Status, r.StatusText, r.Ratio, r.AssessedValue, r.AssessedYear);
        }).ToList();
        var problems = await ProblemsAsync(db.CheckProblems.Where(p => p.CheckId == id), ct);
        var closed = await ProblemsAsync(db.CheckProblems.Where(p => p.ClosedByCheckId == id), ct);
        var problemIds = problems.Select(p => p.Id).ToList();
        var projects = await db.Projects.AsNoTracking().Where(p => p.ProblemId != null && problemIds.Contains(p.ProblemId.Value)).ToListAsync(ct);
        var totals = new ProjectTotalsDto(projects.Count, projects.Sum(p => p.Investment),
            projects.GroupBy(p => p.Status).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()));
        return new HealthCheckDto(summary, indicators, problems,
            closed.Where(p => p.Status == CheckStates.Resolved).ToList(), closed.Where(p => p.Status == CheckStates.CarriedOver).ToList(), totals);
    }

    /// <summary>Runs the year's check on its frozen annual round; one check per year.</summary>
    public async Task<Outcome<HealthCheckDto>> CreateAsync(CreateHealthCheckRequest request, CancellationToken ct)
    {
        if (await PlanOfficeAsync(ct) is not { } actor)
            return Fail.Forbidden("只有规划办管理员可以开展城市体检。");
        if (await db.HealthChecks.AnyAsync(c => c.Year == request.Year, ct))
            return Fail.Conflict($"{request.Year}年的城市体检已存在");
        var roundId = request.RoundId ?? await db.EvaluationRounds.Where(r => r.Kind == RoundKinds.Annual && r.Year == request.Year)
            .OrderBy(r => r.PlanId != null).ThenByDescending(r => r.Id).Select(r => (int?)r.Id).FirstOrDefaultAsync(ct);
        if (roundId is null || await rounds.FindAsync(roundId.Value, ct) is not ({ } round, { } snapshot))
            return Fail.Invalid("roundId", $"须先冻结{request.Year}年的年度监测轮次");
        if (round.Year != request.Year)
            return Fail.Invalid("roundId", $"轮次 {round.Id} 是{round.Year}年的，不是{request.Year}年的");

        var now = clock.GetUtcNow();
        var targetsInRound = snapshot.Results.SelectMany(r => r.Targets).Select(t => t.IndicatorId).ToHashSet();
        var wanted = request.IndicatorIds is { Count: > 0 } ? request.IndicatorIds : settings.Value.HealthCheckIndicators;
        var unknown = wanted.Where(i => !targetsInRound.Contains(i)).ToList();
        if (unknown.Count > 0)
        {
            var names = await db.Indicators.AsNoTracking().Where(i => unknown.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Name, ct);
            return Fail.Invalid("indicatorIds", $"指标不在{request.Year}年度监测轮次的评估目标中：{string.Join("、", unknown.Select(i => names.GetValueOrDefault(i, i)))}");
        }
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
        var leads = await LeadDepartmentsAsync(ct);

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
            await db.Projects.Where(x => x.ProblemId == from.Id && x.Status != ProjectStatus.Completed && x.Status != ProjectStatus.InOperation)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.ProblemId, to.Id), ct);
            await RefreshStatusAsync(to.Id, ct);
        }
        Audit.Record(db, actor, now, "health-check.create", "health-check", check.Id.ToString(CultureInfo.InvariantCulture), null,
            new { check.Year, check.RoundId, check.PreviousCheckId, Indicators = check.IndicatorIds.Count });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Outcomes.Created((await FindAsync(check.Id, ct))!);
    }

    private static string Describe(EvaluationSnapshot snapshot, string targetId, string region, MethodResultDto result, string method, int year)
    {
        var target = EvaluationViews.Results(snapshot, region)!.Targets.Single(t => t.TargetId == targetId);
        var value = result.AssessedValue is { } v ? $"最新值 {EvaluationText.Number(v)} {target.Unit}（{result.AssessedYear}年）" : "无最新值";
        return $"目标「{target.Clause}」（{target.TargetText}，{target.Year}年），{year}年按{EvaluationText.MethodShort(method)}判定为{result.StatusText}；"
            + $"进度比值 {EvaluationText.Ratio(result.Ratio)}，{value}。";
    }

    /// <summary>The department that leads each task (牵头), else the first responsible one.</summary>
    private async Task<Dictionary<string, string>> LeadDepartmentsAsync(CancellationToken ct) =>
        (await db.Responsibilities.AsNoTracking().ToListAsync(ct)).GroupBy(r => r.TaskId)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Role == ResponsibilityRole.Lead ? 0 : 1).ThenBy(r => r.Id).First().DepartmentId);

    /// <summary>A problem's state follows its tasks: none → open; some not done → rectifying; all done → rectified.</summary>
    private async Task RefreshStatusAsync(int problemId, CancellationToken ct)
    {
        var problem = await db.CheckProblems.SingleAsync(p => p.Id == problemId, ct);
        if (CheckStates.IsClosed(problem.Status))
            return;
        var states = await db.RectificationTasks.Where(t => t.ProblemId == problemId).Select(t => t.Status).ToListAsync(ct);
        problem.Status = states.Count == 0 ? CheckStates.Open : states.All(s => s == ProgressState.Done) ? CheckStates.Rectified : CheckStates.Rectifying;
    }

    private async Task<FieldErrors> ValidateRefsAsync(string? regionCode, string? departmentId, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (regionCode is not null && !await db.Regions.AnyAsync(r => r.Code == regionCode, ct))
            errors.Add("regionCode", "请选择区域");
        if (departmentId is not null && !await db.Departments.AnyAsync(d => d.Id == departmentId, ct))
            errors.Add("departmentId", "请选择责任单位");
        return errors;
    }

    // ---- Problems ----

    /// <summary>Problems, filtered by check, department, region or status.</summary>
    public Task<List<ProblemDto>> ProblemsAsync(int? checkId, string? department, string? region, string? status, CancellationToken ct)
    {
        var q = db.CheckProblems.AsQueryable();
        if (checkId is not null)
            q = q.Where(p => p.CheckId == checkId);
        if (department is not null)
            q = q.Where(p => p.DepartmentId == department);
        if (region is not null)
            q = q.Where(p => p.RegionCode == region);
        if (status is not null)
            q = q.Where(p => p.Status == status);
        return ProblemsAsync(q, ct);
    }

    public async Task<Outcome<ProblemDto>> GetProblemAsync(int id, CancellationToken ct) =>
        (await ProblemsAsync(db.CheckProblems.Where(p => p.Id == id), ct)).SingleOrDefault() is { } dto ? dto : NoProblem(id);

    private async Task<List<ProblemDto>> ProblemsAsync(IQueryable<CheckProblem> query, CancellationToken ct)
    {
        var rows = await query.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var names = await NamesAsync(ct);
        var today = Today;
        var tasks = (await db.RectificationTasks.AsNoTracking().Where(t => ids.Contains(t.ProblemId)).OrderBy(t => t.Id).ToListAsync(ct)).ToLookup(t => t.ProblemId);
        var projects = (await db.Projects.AsNoTracking().Where(p => p.ProblemId != null && ids.Contains(p.ProblemId.Value)).OrderBy(p => p.Id).ToListAsync(ct))
            .ToLookup(p => p.ProblemId);
        return rows.Select(p => new ProblemDto(
            p.Id, p.CheckId, names.CheckYears.GetValueOrDefault(p.CheckId), p.Origin, p.Severity, CheckStates.Severity(p.Severity), p.TargetId, p.IndicatorId,
            p.RegionCode, p.RegionCode is { } r ? names.Regions.GetValueOrDefault(r, r) : null,
            p.DepartmentId, p.DepartmentId is { } d ? names.Departments.GetValueOrDefault(d, d) : null,
            p.Title, p.Description, p.Status, CheckStates.Problem(p.Status), p.CarriedFromId, p.ClosedByCheckId, p.ClosingNote,
            tasks[p.Id].Select(t => t.ToDto(names, today)).ToList(), projects[p.Id].Select(x => x.ToDto(names)).ToList(), p.CreatedAt)).ToList();
    }

    /// <summary>Enters a problem by hand into a check.</summary>
    public async Task<Outcome<ProblemDto>> AddProblemAsync(int checkId, ProblemRequest request, CancellationToken ct)
    {
        if (await PlanOfficeAsync(ct) is not { } actor)
            return Fail.Forbidden("只有规划办管理员可以录入问题。");
        if (!await db.HealthChecks.AnyAsync(c => c.Id == checkId, ct))
            return NoCheck(checkId);
        var errors = await ValidateRefsAsync(request.RegionCode, request.DepartmentId, ct);
        if (!CheckStates.Severities.Contains(request.Severity))
            errors.Add("severity", "性质须为问题（进度滞后）或风险（需关注）");
        var target = request.TargetId is null ? null : await db.Targets.AsNoTracking().SingleOrDefaultAsync(t => t.Id == request.TargetId, ct);
        if (request.TargetId is not null && target is null)
            errors.Add("targetId", "请选择指标目标");
        if (errors.Any)
            return errors.ToFailure();
        var now = clock.GetUtcNow();
        var problem = new CheckProblem
        {
            CheckId = checkId, Origin = "manual", Severity = request.Severity, TargetId = target?.Id, IndicatorId = target?.IndicatorId,
            RegionCode = request.RegionCode ?? city.Code, DepartmentId = request.DepartmentId, Title = request.Title.Trim(),
            Description = request.Description.Trim(), Status = CheckStates.Open, CreatedAt = now, CreatedBy = actor.Email,
        };
        db.CheckProblems.Add(problem);
        await db.SaveChangesAsync(ct);
        Audit.Record(db, actor, now, "problem.create", "check-problem", problem.Id.ToString(CultureInfo.InvariantCulture), null,
            new { problem.CheckId, problem.Title, problem.Severity, problem.RegionCode, problem.DepartmentId });
        await db.SaveChangesAsync(ct);
        return Outcomes.Created((await ProblemsAsync(db.CheckProblems.Where(p => p.Id == problem.Id), ct)).Single());
    }

    // ---- Rectification tasks ----

    /// <summary>Rectification tasks by deadline, filtered by owner department or status.</summary>
    public async Task<List<RectificationTaskDto>> TasksAsync(string? department, string? status, CancellationToken ct)
    {
        var q = db.RectificationTasks.AsNoTracking();
        if (department is not null)
            q = q.Where(t => t.OwnerDepartmentId == department);
        if (status is not null)
            q = q.Where(t => t.Status == status);
        var names = await NamesAsync(ct);
        var today = Today;
        return (await q.OrderBy(t => t.Deadline).ThenBy(t => t.Id).ToListAsync(ct)).Select(t => t.ToDto(names, today)).ToList();
    }

    /// <summary>Gives an open problem a rectification task; a closed problem's work continues on the problem carried over.</summary>
    public async Task<Outcome<RectificationTaskDto>> AddTaskAsync(int problemId, RectificationTaskRequest request, CancellationToken ct)
    {
        if (await PlanOfficeAsync(ct) is not { } actor)
            return Fail.Forbidden("只有规划办管理员可以安排整改任务。");
        if (await db.CheckProblems.SingleOrDefaultAsync(p => p.Id == problemId, ct) is not { } problem)
            return NoProblem(problemId);
        if (CheckStates.IsClosed(problem.Status))
            return Fail.Conflict("该问题已销号或已转入下年，请在延续的问题上安排整改");
        if (await ValidateRefsAsync(null, request.OwnerDepartmentId, ct) is { Any: true } errors)
            return errors.ToFailure();
        var now = clock.GetUtcNow();
        var task = new RectificationTask
        {
            ProblemId = problemId, Title = request.Title.Trim(), OwnerDepartmentId = request.OwnerDepartmentId, Deadline = request.Deadline,
            Status = ProgressState.NotStarted, Note = request.Note, CreatedAt = now, UpdatedAt = now,
        };
        db.RectificationTasks.Add(task);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await RefreshStatusAsync(problemId, ct);
        Audit.Record(db, actor, now, "rectification.create", "rectification-task", task.Id.ToString(CultureInfo.InvariantCulture), null,
            new { task.ProblemId, task.Title, task.OwnerDepartmentId, task.Deadline });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Outcomes.Created(task.ToDto(await NamesAsync(ct), Today));
    }

    /// <summary>Reports a task's status: the plan office, or a reporter of the owner department; a closed problem's tasks are history.</summary>
    public async Task<Outcome<RectificationTaskDto>> UpdateTaskAsync(int id, TaskUpdateRequest request, CancellationToken ct)
    {
        if (await db.RectificationTasks.SingleOrDefaultAsync(t => t.Id == id, ct) is not { } task)
            return Fail.NotFound($"整改任务 {id} 不存在");
        if (await currentUser.FindAsync(ct) is not { } actor
            || !(actor.Is(Roles.Admin) || (actor.Is(Roles.Department) && actor.DepartmentId == task.OwnerDepartmentId)))
            return Fail.Forbidden("只有规划办或责任单位可以填报该整改任务。");
        if (!CheckStates.TaskStates.Contains(request.Status))
            return Fail.Invalid("status", "状态须为未开始、推进中或已完成");
        var problem = await db.CheckProblems.AsNoTracking().SingleAsync(p => p.Id == task.ProblemId, ct);
        if (CheckStates.IsClosed(problem.Status))
            return Fail.Conflict("该问题已由下年体检复核关闭，整改任务不能再修改");
        var now = clock.GetUtcNow();
        var old = new { task.Status, task.Note };
        task.Status = request.Status;
        task.Note = request.Note ?? task.Note;
        task.UpdatedAt = now;
        task.CompletedAt = request.Status == ProgressState.Done ? task.CompletedAt ?? now : null;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await RefreshStatusAsync(task.ProblemId, ct);
        Audit.Record(db, actor, now, "rectification.update", "rectification-task", id.ToString(CultureInfo.InvariantCulture), old, new { task.Status, task.Note });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return task.ToDto(await NamesAsync(ct), Today);
    }

    // ---- Projects ----

    /// <summary>
    /// The check's project list (项目清单): the library's projects entered for the check or linked to a problem, filtered by
    /// region, status, type, problem or department. The whole library is the Projects feature's.
    /// </summary>
    public async Task<List<ProjectDto>> ProjectsAsync(string? region, string? status, string? type, int? problemId, string? department, CancellationToken ct)
    {
        var q = db.Projects.AsNoTracking().Where(p => p.Origin == "check" || p.ProblemId != null);
        if (region is not null)
            q = q.Where(p => p.RegionCode == region);
        if (status is not null)
            q = q.Where(p => p.Status == status);
        if (type is not null)
            q = q.Where(p => p.Type == type);
        if (problemId is not null)
            q = q.Where(p => p.ProblemId == problemId);
        if (department is not null)
            q = q.Where(p => p.DepartmentId == department);
        var names = await NamesAsync(ct);
        return (await q.OrderBy(p => p.Id).ToListAsync(ct)).Select(p => p.ToDto(names)).ToList();
    }

    /// <summary>The rectification page in one read: a department's tasks and projects (all when none), with problem titles and department names.</summary>
    public async Task<RectificationListDto> RectificationAsync(string? department, CancellationToken ct)
    {
        var names = await NamesAsync(ct);
        return new RectificationListDto(
            await TasksAsync(department, null, ct), await ProjectsAsync(null, null, null, null, department, ct),
            await db.CheckProblems.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Title, ct), names.Departments);
    }

    private async Task<FieldErrors> ValidateProjectAsync(ProjectRequest request, CancellationToken ct)
    {
        var errors = await ValidateRefsAsync(request.RegionCode, request.DepartmentId, ct);
        if (!CheckStates.ProjectStates.Contains(request.Status))
            errors.Add("status", "状态须为谋划中、在建、已建成或暂停");
        if (request.ProblemId is { } p && !await db.CheckProblems.AnyAsync(x => x.Id == p, ct))
            errors.Add("problemId", "请选择问题");
        if (request.TaskId is { } t && !await db.RectificationTasks.AnyAsync(x => x.Id == t && (request.ProblemId == null || x.ProblemId == request.ProblemId), ct))
            errors.Add("taskId", "该整改任务不属于所选问题");
        if (request.StartYear is { } s && request.EndYear is { } e && e < s)
            errors.Add("endYear", "完成年份不能早于开工年份");
        return errors;
    }

    public async Task<Outcome<ProjectDto>> AddProjectAsync(ProjectRequest request, CancellationToken ct)
    {
        if (await PlanOfficeAsync(ct) is not { } actor)
            return Fail.Forbidden("只有规划办管理员可以添加项目。");
        if (await ValidateProjectAsync(request, ct) is { Any: true } errors)
            return errors.ToFailure();
        var now = clock.GetUtcNow();
        var problemId = request.ProblemId ?? (request.TaskId is { } t ? await db.RectificationTasks.Where(x => x.Id == t).Select(x => (int?)x.ProblemId).SingleAsync(ct) : null);
        var project = new Project { Name = "", Type = "", RegionCode = "", Status = "", CreatedAt = now, ProblemId = problemId, Origin = "check" };
        Apply(project, request, now);
        db.Projects.Add(project);
        await db.SaveChangesAsync(ct);
        Audit.Record(db, actor, now, "project.create", "check-project", project.Id.ToString(CultureInfo.InvariantCulture), null, request);
        await db.SaveChangesAsync(ct);
        return Outcomes.Created(project.ToDto(await NamesAsync(ct)));
    }

    public async Task<Outcome<ProjectDto>> UpdateProjectAsync(int id, ProjectRequest request, CancellationToken ct)
    {
        if (await PlanOfficeAsync(ct) is not { } actor)
            return Fail.Forbidden("只有规划办管理员可以修改项目。");
        if (await db.Projects.SingleOrDefaultAsync(p => p.Id == id, ct) is not { } project)
            return Fail.NotFound($"项目 {id} 不存在");
        if (await ValidateProjectAsync(request, ct) is { Any: true } errors)
            return errors.ToFailure();
        var now = clock.GetUtcNow();
        var old = project.ToDto(await NamesAsync(ct));
        Apply(project, request, now);
        if (request.ProblemId is not null)
            project.ProblemId = request.ProblemId;
        Audit.Record(db, actor, now, "project.update", "check-project", id.ToString(CultureInfo.InvariantCulture), old, request);
        await db.SaveChangesAsync(ct);
        return project.ToDto(await NamesAsync(ct));
    }

    private static void Apply(Project project, ProjectRequest request, DateTimeOffset now)
    {
        project.TaskId = request.TaskId;
        project.Name = request.Name.Trim();
        project.Type = request.Type.Trim();
        project.RegionCode = request.RegionCode;
        project.Location = string.IsNullOrWhiteSpace(request.Location) ? null : request.Location.Trim();
        project.Investment = request.Investment;
        project.Status = request.Status;
        project.DepartmentId = request.DepartmentId;
        // The check's form speaks in years; the library keeps dates: the year's first and last day.
        project.Start = request.StartYear is { } s ? new DateOnly(s, 1, 1) : null;
        project.Completion = request.EndYear is { } e ? new DateOnly(e, 12, 31) : null;
        project.UpdatedAt = now;
    }

    /// <summary>Regions, departments and check years by id: what the forms offer by name.</summary>
    internal async Task<CheckNames> NamesAsync(CancellationToken ct) => new(
        await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, ct),
        await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct),
        await db.HealthChecks.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Year, ct));
}

/// <summary>The names a check's rows are shown with: regions, departments, and each check's year.</summary>
public sealed record CheckNames(IReadOnlyDictionary<string, string> Regions, IReadOnlyDictionary<string, string> Departments, IReadOnlyDictionary<int, int> CheckYears);

internal static class CityCheckMapping
{
    public static RectificationTaskDto ToDto(this RectificationTask t, CheckNames names, DateOnly today) => new(
        t.Id, t.ProblemId, t.Title, t.OwnerDepartmentId, names.Departments.GetValueOrDefault(t.OwnerDepartmentId, t.OwnerDepartmentId), t.Deadline,
        t.Status, CheckStates.Task(t.Status), t.Status != ProgressState.Done && t.Deadline < today, t.Note, t.CreatedAt, t.CompletedAt);

    public static ProjectDto ToDto(this Project p, CheckNames names) => new(
        p.Id, p.ProblemId, p.TaskId, p.Name, p.Type, p.RegionCode, names.Regions.GetValueOrDefault(p.RegionCode, p.RegionCode), p.Location, p.Investment,
        p.Status, CheckStates.Project(p.Status), p.DepartmentId, p.DepartmentId is { } d ? names.Departments.GetValueOrDefault(d, d) : null, p.Start?.Year, p.Completion?.Year);
}
