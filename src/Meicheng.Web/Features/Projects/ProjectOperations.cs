using System.Globalization;
using System.Text.Json;
using Meicheng.Core.Projects;
using Meicheng.Web.Common;
using Meicheng.Web.Components;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meicheng.Web.Features.Projects;

/// <summary>The "Projects" configuration section: the office's list of project types and the import's limits.</summary>
public sealed class ProjectsOptions
{
    public List<string> Types { get; set; } = [.. ProjectTypes.Defaults];
    /// <summary>Bytes of an uploaded project workbook.</summary>
    public long WorkbookMaxBytes { get; set; } = 8L << 20;
    public XlsxLimits WorkbookLimits { get; set; } = new() { MaxRows = 10_000, MaxColumns = 32 };
    /// <summary>
    /// "Completed investment far below plan": with at least half its planned time gone, a project is behind schedule when its
    /// completed investment is under this share of the time-proportional part of its total (0.5: under half).
    /// </summary>
    public decimal BehindScheduleShare { get; set; } = ProjectFeeds.DefaultBehindShare;
    /// <summary>Megabytes the computed maps and totals (<see cref="ProjectCache"/>) may take together.</summary>
    public int CacheMegabytes { get; set; } = 64;
}

/// <summary>
/// What the project library does: list (in the caller's scope), read, create and change projects, import and export the
/// office's sheet, total investment by department and district, find projects behind schedule, and take monthly progress
/// through the reporting workflow (<see cref="Reporting.Reports"/>: the reporter never approves their own report).
/// </summary>
internal sealed class ProjectOperations(
    AppDbContext db, CurrentUser currentUser, TimeProvider clock, IOptions<ProjectsOptions> options, ProjectFeedRunner feeds, Reporting.Reports reports,
    ProjectCache cache)
{
    internal IReadOnlyList<string> Types => options.Value.Types;

    private static Failure NoProject(int id) => Fail.NotFound($"项目 {id} 不存在");

    /// <summary>Regions and departments by id: what lists and forms show by name.</summary>
    internal async Task<(Dictionary<string, string> Regions, Dictionary<string, string> Departments)> NamesAsync(CancellationToken ct) => (
        await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, ct),
        await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct));

    internal IQueryable<Project> Filtered(Actor actor, ProjectFilter filter)
    {
        var q = ProjectScope.Visible(db.Projects.AsNoTracking(), actor);
        if (!string.IsNullOrWhiteSpace(filter.Task))
            q = q.Where(p => p.PlanTaskIds.Contains(filter.Task));
        if (!string.IsNullOrWhiteSpace(filter.Target))
            q = q.Where(p => p.TargetIds.Contains(filter.Target));
        if (!string.IsNullOrWhiteSpace(filter.Type))
            q = q.Where(p => p.Type == filter.Type);
        if (!string.IsNullOrWhiteSpace(filter.Status))
            q = q.Where(p => p.Status == filter.Status);
        if (!string.IsNullOrWhiteSpace(filter.District))
            q = q.Where(p => p.RegionCode == filter.District);
        if (!string.IsNullOrWhiteSpace(filter.Department))
            q = q.Where(p => p.DepartmentId == filter.Department);
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var text = filter.Q.Trim();
            q = q.Where(p => p.Name.Contains(text) || (p.OwnerUnit != null && p.OwnerUnit.Contains(text)) || (p.Location != null && p.Location.Contains(text)));
        }
        return q;
    }

    /// <summary>The latest approved progress of each project: completed investment to date and % complete.</summary>
    internal async Task<Dictionary<int, (decimal InvestedToDate, decimal Percent, string Narrative)>> LatestApprovedAsync(IQueryable<Project> projects, CancellationToken ct)
    {
        var ids = projects.Select(p => p.Id);
        var rows = await db.ProjectProgress.AsNoTracking()
            .Where(x => x.Status == ReportStatus.Approved && x.IsCurrent && ids.Contains(x.ProjectId))
            .Select(x => new { x.ProjectId, x.PeriodId, x.InvestedToDate, x.PercentComplete, x.Narrative }).ToListAsync(ct);
        return rows.GroupBy(r => r.ProjectId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.PeriodId) is var r ? (r!.InvestedToDate, r.PercentComplete, r.Narrative) : default);
    }

    public async Task<List<ProjectSummaryDto>> ListAsync(ProjectFilter filter, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        var q = Filtered(actor, filter);
        var rows = await q.OrderBy(p => p.Id).ToListAsync(ct);
        var progress = await LatestApprovedAsync(q, ct);
        var names = await NamesAsync(ct);
        var today = Display.Today(clock.GetUtcNow());
        return rows.Select(p => Summary(p, names, progress, today, options.Value.BehindScheduleShare)).ToList();
    }

    internal static ProjectSummaryDto Summary(Project p, (Dictionary<string, string> Regions, Dictionary<string, string> Departments) names,
        IReadOnlyDictionary<int, (decimal InvestedToDate, decimal Percent, string Narrative)> progress, DateOnly today, decimal behindShare)
    {
        var latest = progress.TryGetValue(p.Id, out var l) ? l : ((decimal InvestedToDate, decimal Percent, string Narrative)?)null;
        return new ProjectSummaryDto(
            p.Id, p.Name, p.Type, p.Status, ProjectStatus.Chinese(p.Status), p.OwnerUnit, p.DepartmentId,
            p.DepartmentId is { } d ? names.Departments.GetValueOrDefault(d, d) : null, p.RegionCode, names.Regions.GetValueOrDefault(p.RegionCode, p.RegionCode),
            p.Location, p.Investment, latest?.InvestedToDate ?? 0, latest?.Percent, p.Start, p.Completion, p.CentralLibrary, p.ProvincialLibrary,
            p.LibraryCode, p.Published, ProjectFeeds.BehindSchedule(Facts(p, latest?.InvestedToDate ?? 0), today, behindShare), p.Geometry);
    }

    internal static ProjectFacts Facts(Project p, decimal investedToDate) =>
        new(p.Id, p.Name, p.Type, p.Status, p.Start, p.Completion, p.Investment, investedToDate, p.Capacity, p.Area);

    public async Task<Outcome<ProjectDetailDto>> GetAsync(int id, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        var q = ProjectScope.Visible(db.Projects.AsNoTracking(), actor).Where(p => p.Id == id);
        if (await q.Include(p => p.Funding).SingleOrDefaultAsync(ct) is not { } p)
            return NoProject(id);
        var names = await NamesAsync(ct);
        var summary = Summary(p, names, await LatestApprovedAsync(q, ct), Display.Today(clock.GetUtcNow()), options.Value.BehindScheduleShare);
        var progress = await db.ProjectProgress.AsNoTracking().Where(x => x.ProjectId == id).OrderByDescending(x => x.PeriodId).ThenByDescending(x => x.Revision).ToListAsync(ct);
        return new ProjectDetailDto(summary, p.Content, p.Capacity, p.Area, p.PlanTaskIds, p.TargetIds, p.ProblemId, p.TaskId, p.Origin,
            p.Funding.OrderBy(f => f.Year).ThenBy(f => FundingSourceOrder(f.Source)).Select(f => new FundingLineDto(f.Year, f.Source, FundingSource.Chinese(f.Source), f.Amount)).ToList(),
            await WithEvidenceAsync(progress, ct), ProjectScope.MayEdit(actor, p.DepartmentId, p.RegionCode));
    }

    private static int FundingSourceOrder(string source) => FundingSource.All.ToList().IndexOf(source);

    internal static ProjectProgressDto ToDto(ProjectProgress x, IReadOnlyList<EvidenceDto>? evidence = null) => new(
        x.Id, x.ProjectId, x.MonthKey, x.Narrative, x.PercentComplete, x.InvestedThisMonth, x.InvestedToDate, x.Issues, x.Coordination, x.Status,
        ReportStatus.Chinese(x.Status), x.Revision, x.IsCurrent, x.CreatedBy, x.CreatedAt, x.ReviewedBy, x.ReviewComment, x.Version, x.Locked, evidence ?? []);

    /// <summary>The progress rows with their evidence files.</summary>
    private async Task<List<ProjectProgressDto>> WithEvidenceAsync(List<ProjectProgress> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var files = (await db.Evidence.AsNoTracking().Where(e => e.ProjectProgressId != null && ids.Contains(e.ProjectProgressId.Value)).OrderBy(e => e.Id)
            .ToListAsync(ct)).ToLookup(e => e.ProjectProgressId!.Value);
        return rows.Select(r => ToDto(r, files[r.Id].Select(EvidenceStore.ToDto).ToList())).ToList();
    }

    // ---- Create and change ----

    internal async Task<FieldErrors> ValidateAsync(Actor actor, ProjectSaveRequest r, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(r.Name))
            errors.Add("name", "请填写项目名称");
        if (!Types.Contains(r.Type?.Trim() ?? ""))
            errors.Add("type", $"项目类型须为：{string.Join("、", Types)}");
        if (!ProjectStatus.All.Contains(r.Status))
            errors.Add("status", "请选择项目状态");
        if (!await db.Regions.AnyAsync(x => x.Code == r.RegionCode, ct))
            errors.Add("regionCode", "请选择区（市）");
        if (r.DepartmentId is { Length: > 0 } d && !await db.Departments.AnyAsync(x => x.Id == d, ct))
            errors.Add("departmentId", "请选择主管部门");
        if (r.Start is { } s && r.Completion is { } e && e < s)
            errors.Add("completion", "竣工时间不能早于开工时间");
        if (r.Investment < 0)
            errors.Add("investment", "总投资不能为负数");
        if (r.Capacity < 0)
            errors.Add("capacity", "规模不能为负数");
        if (r.Area < 0)
            errors.Add("area", "面积不能为负数");
        if (GeometryError(r.Geometry) is { } g)
            errors.Add("geometry", g);
        if (r.PlanTaskIds is { Count: > 0 } tasks && await UnknownAsync(tasks, db.PlanTasks.Select(t => t.Id), ct) is { Count: > 0 } unknownTasks)
            errors.Add("planTaskIds", $"规划任务不存在：{string.Join("、", unknownTasks)}");
        if (r.TargetIds is { Count: > 0 } targets && await UnknownAsync(targets, db.Targets.Select(t => t.Id), ct) is { Count: > 0 } unknownTargets)
            errors.Add("targetIds", $"目标不存在：{string.Join("、", unknownTargets)}");
        if (r.ProblemId is { } problem && !await db.CheckProblems.AnyAsync(x => x.Id == problem, ct))
            errors.Add("problemId", "体检问题不存在");
        foreach (var f in r.Funding ?? [])
        {
            if (!FundingSource.All.Contains(f.Source))
                errors.Add("funding", $"资金来源须为：{string.Join("、", FundingSource.All.Select(FundingSource.Chinese))}");
            else if (f.Amount < 0)
                errors.Add("funding", "年度计划投资不能为负数");
        }
        if (r.Funding is { } lines && lines.GroupBy(f => (f.Year, f.Source)).Any(g => g.Count() > 1))
            errors.Add("funding", "同一年度、同一资金来源只能有一行");
        if (!errors.Any && !ProjectScope.MayEdit(actor, r.DepartmentId, r.RegionCode))
            errors.Add(actor.Is(Roles.District) ? "regionCode" : "departmentId", "只能登记本部门主管或本区（市）的项目");
        return errors;
    }

    private static async Task<List<string>> UnknownAsync(IReadOnlyList<string> ids, IQueryable<string> known, CancellationToken ct)
    {
        var found = await known.Where(k => ids.Contains(k)).ToListAsync(ct);
        return ids.Except(found).ToList();
    }

    /// <summary>A GeoJSON Point or Polygon with numeric coordinates, or why not.</summary>
    internal static string? GeometryError(string? geometry)
    {
        if (string.IsNullOrWhiteSpace(geometry))
            return null;
        try
        {
            using var doc = JsonDocument.Parse(geometry);
            var root = doc.RootElement;
            var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type is not ("Point" or "Polygon") || !root.TryGetProperty("coordinates", out var c) || c.ValueKind != JsonValueKind.Array)
                return "位置须为 GeoJSON 的 Point 或 Polygon";
            var ok = type == "Point"
                ? c.GetArrayLength() >= 2 && c.EnumerateArray().All(x => x.ValueKind == JsonValueKind.Number)
                : c.GetArrayLength() >= 1 && c.EnumerateArray().All(ring => ring.ValueKind == JsonValueKind.Array && ring.GetArrayLength() >= 4
                    && ring.EnumerateArray().All(pt => pt.ValueKind == JsonValueKind.Array && pt.GetArrayLength() >= 2 && pt.EnumerateArray().All(x => x.ValueKind == JsonValueKind.Number)));
            return ok ? null : "位置的坐标无效（经度、纬度）";
        }
        catch (JsonException)
        {
            return "位置须为 GeoJSON（如 {\"type\":\"Point\",\"coordinates\":[120.38,36.07]}）";
        }
    }

    public async Task<Outcome<ProjectDetailDto>> CreateAsync(ProjectSaveRequest request, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        if (!(actor.Is(Roles.Admin) || actor.Is(Roles.Department) || actor.Is(Roles.District)))
            return Fail.Forbidden("只有规划办或责任单位可以登记项目");
        if (await ValidateAsync(actor, request, ct) is { Any: true } errors)
            return errors.ToFailure();
        var now = clock.GetUtcNow();
        var project = new Project { Name = "", Type = "", Status = "", RegionCode = "", CreatedAt = now };
        Apply(project, request, now);
        db.Projects.Add(project);
        await db.SaveChangesAsync(ct);
        Audit.Record(db, actor, now, "project.create", "project", Reporting.Reports.Id(project.Id), null, request);
        await db.SaveChangesAsync(ct);
        await feeds.RecomputeAsync(ct);
        var created = await GetAsync(project.Id, ct);
        return Outcomes.Created(created.Value!);
    }

    public async Task<Outcome<ProjectDetailDto>> UpdateAsync(int id, ProjectSaveRequest request, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        if (await ProjectScope.Visible(db.Projects, actor).Include(p => p.Funding).SingleOrDefaultAsync(p => p.Id == id, ct) is not { } project)
            return NoProject(id);
        if (!ProjectScope.MayEdit(actor, project.DepartmentId, project.RegionCode))
            return Fail.Forbidden("无权修改该项目");
        var errors = await ValidateAsync(actor, request, ct);
        if (string.IsNullOrWhiteSpace(request.Reason))
            errors.Add("reason", "修改项目须说明理由");
        if (errors.Any)
            return errors.ToFailure();
        var now = clock.GetUtcNow();
        var before = Snapshot(project);
        var statusChanged = project.Status != request.Status;
        Apply(project, request, now);
        Audit.Record(db, actor, now, "project.update", "project", Reporting.Reports.Id(id), before, Snapshot(project), request.Reason!.Trim());
        await db.SaveChangesAsync(ct);
        if (statusChanged)
            await feeds.RecomputeAsync(ct);
        return await GetAsync(id, ct);
    }

    internal static object Snapshot(Project p) => new
    {
        p.Name, p.Type, p.Status, p.OwnerUnit, p.DepartmentId, p.RegionCode, p.Location, p.Geometry, p.Content, p.Start, p.Completion, p.Investment,
        p.Capacity, p.Area, p.PlanTaskIds, p.TargetIds, p.ProblemId, p.CentralLibrary, p.ProvincialLibrary, p.LibraryCode, p.Published,
        Funding = p.Funding.Select(f => new { f.Year, f.Source, f.Amount }).ToList(),
    };

    internal static void Apply(Project p, ProjectSaveRequest r, DateTimeOffset now)
    {
        static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        p.Name = r.Name.Trim();
        p.Type = r.Type.Trim();
        p.Status = r.Status;
        p.OwnerUnit = Clean(r.OwnerUnit);
        p.DepartmentId = Clean(r.DepartmentId);
        p.RegionCode = r.RegionCode;
        p.Location = Clean(r.Location);
        p.Geometry = Clean(r.Geometry);
        p.Content = Clean(r.Content);
        p.Start = r.Start;
        p.Completion = r.Completion;
        p.Investment = r.Investment;
        p.Capacity = r.Capacity;
        p.Area = r.Area;
        p.PlanTaskIds = r.PlanTaskIds?.Distinct().ToList() ?? [];
        p.TargetIds = r.TargetIds?.Distinct().ToList() ?? [];
        p.ProblemId = r.ProblemId;
        p.CentralLibrary = r.CentralLibrary;
        p.ProvincialLibrary = r.ProvincialLibrary;
        p.LibraryCode = Clean(r.LibraryCode);
        p.Published = r.Published;
        if (r.Funding is not null)
        {
            p.Funding.RemoveAll(f => !r.Funding.Any(x => x.Year == f.Year && x.Source == f.Source));
            foreach (var line in r.Funding)
            {
                if (p.Funding.FirstOrDefault(f => f.Year == line.Year && f.Source == line.Source) is { } existing)
                    existing.Amount = line.Amount;
                else
                    p.Funding.Add(new ProjectFunding { Year = line.Year, Source = line.Source, Amount = line.Amount });
            }
        }
        p.UpdatedAt = now;
    }

    /// <summary>What the form offers by name: plan tasks, targets and open health-check problems.</summary>
    internal async Task<ProjectFormChoices> FormChoicesAsync(CancellationToken ct)
    {
        var tasks = await db.PlanTasks.AsNoTracking().OrderBy(t => t.PlanId).ThenBy(t => t.Number)
            .Select(t => new { t.Id, t.PlanId, t.Label, t.Title }).ToListAsync(ct);
        var targets = await db.Targets.AsNoTracking().Where(t => !t.Retired).OrderBy(t => t.PlanId).ThenBy(t => t.Id)
            .Select(t => new { t.Id, t.PlanId, t.Clause }).ToListAsync(ct);
        var problems = await db.CheckProblems.AsNoTracking().OrderByDescending(p => p.Id).Select(p => new { p.Id, p.Title }).ToListAsync(ct);
        var plans = await db.Plans.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Title, ct);
        return new(
            tasks.Select(t => new ProjectChoice(t.Id, $"{plans.GetValueOrDefault(t.PlanId, "")}：{t.Label}{t.Title}")).ToList(),
            targets.Select(t => new ProjectChoice(t.Id, $"{plans.GetValueOrDefault(t.PlanId, "")}：{t.Clause}")).ToList(),
            problems.Select(p => new ProjectChoice(p.Id.ToString(CultureInfo.InvariantCulture), p.Title)).ToList());
    }

    // ---- Totals and attention ----

    /// <summary>
    /// Projects and investment by department and by district in the caller's scope: 总投资, the year's planned investment
    /// (by source) and the completed investment to date from approved progress. Computed once per data stamp, scope, filter
    /// and year (<see cref="ProjectCache"/>).
    /// </summary>
    public async Task<ProjectLibraryTotalsDto> TotalsAsync(ProjectFilter filter, int? year, CancellationToken ct) =>
        (await TotalsAnswerAsync(filter, year, ct)).Value;

    /// <inheritdoc cref="TotalsAsync"/>
    public async Task<ProjectCache.Answer<ProjectLibraryTotalsDto>> TotalsAnswerAsync(ProjectFilter filter, int? year, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        var y = year ?? Display.Today(clock.GetUtcNow()).Year;
        return await cache.GetAsync(db, "totals", ProjectScope.Key(actor), (filter, y), () => ComputeTotalsAsync(actor, filter, y, ct), ct);
    }

    private async Task<ProjectLibraryTotalsDto> ComputeTotalsAsync(Actor actor, ProjectFilter filter, int y, CancellationToken ct)
    {
        var q = Filtered(actor, filter);
        var rows = await q.Select(p => new { p.Id, p.DepartmentId, p.RegionCode, p.Status, p.Investment }).ToListAsync(ct);
        var ids = q.Select(p => p.Id);
        var funding = (await db.ProjectFunding.AsNoTracking().Where(f => f.Year == y && ids.Contains(f.ProjectId)).Select(f => new { f.ProjectId, f.Source, f.Amount }).ToListAsync(ct))
            .ToLookup(f => f.ProjectId);
        var progress = await LatestApprovedAsync(q, ct);
        var names = await NamesAsync(ct);
        // One pass over the projects, each added to the whole, its department and its district.
        var all = new Totals();
        var byDepartment = new Dictionary<string, Totals>(StringComparer.Ordinal);
        var byDistrict = new Dictionary<string, Totals>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            var completed = progress.TryGetValue(r.Id, out var p) ? p.InvestedToDate : 0;
            var built = ProjectStatus.IsBuilt(r.Status);
            var lines = funding[r.Id].Select(f => (f.Source, f.Amount)).ToList();
            if (!byDepartment.TryGetValue(r.DepartmentId ?? "", out var department))
                byDepartment[r.DepartmentId ?? ""] = department = new();
            if (!byDistrict.TryGetValue(r.RegionCode, out var district))
                byDistrict[r.RegionCode] = district = new();
            all.Add(built, r.Investment, completed, lines);
            department.Add(built, r.Investment, completed, lines);
            district.Add(built, r.Investment, completed, lines);
        }
        return new ProjectLibraryTotalsDto(y, all.Row("", "合计"),
            byDepartment.OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Value.Row(g.Key, g.Key == "" ? "未指定主管部门" : names.Departments.GetValueOrDefault(g.Key, g.Key))).ToList(),
            byDistrict.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Value.Row(g.Key, names.Regions.GetValueOrDefault(g.Key, g.Key))).ToList());
    }

    /// <summary>The running totals of one group of projects.</summary>
    private sealed class Totals
    {
        private int _projects, _built;
        private decimal _investment, _planned, _completed;
        private readonly Dictionary<string, decimal> _bySource = [];

        public void Add(bool built, decimal investment, decimal completed, List<(string Source, decimal Amount)> lines)
        {
            _projects++;
            _built += built ? 1 : 0;
            _investment += investment;
            _completed += completed;
            foreach (var (source, amount) in lines)
            {
                _planned += amount;
                _bySource[source] = _bySource.GetValueOrDefault(source) + amount;
            }
        }

        public ProjectTotalsRowDto Row(string key, string name) => new(key, name, _projects, _built, _investment, _planned, _completed,
            _bySource.OrderBy(s => FundingSourceOrder(s.Key)).ToDictionary(s => s.Key, s => s.Value));
    }

    /// <summary>Projects behind schedule in the caller's scope (past planned completion, or completed investment far below plan).</summary>
    public async Task<List<ProjectSummaryDto>> BehindScheduleAsync(CancellationToken ct) =>
        (await ListAsync(new ProjectFilter(), ct)).Where(p => p.BehindSchedule is not null).ToList();

    /// <summary>Published projects for the public map, showcase and open data: name, type, place, status, investment.</summary>
    public async Task<List<ProjectMapPointDto>> PublishedAsync(string? region, CancellationToken ct)
    {
        var regions = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        return (await db.Projects.AsNoTracking().Where(p => p.Published && (region == null || p.RegionCode == region)).OrderBy(p => p.Id)
                .Select(p => new { p.Id, p.Name, p.Type, p.Status, p.RegionCode, p.Location, p.Investment, p.Geometry }).ToListAsync(ct))
            .Select(p => new ProjectMapPointDto(p.Id, p.Name, p.Type, p.Status, ProjectStatus.Chinese(p.Status), regions.GetValueOrDefault(p.RegionCode, p.RegionCode),
                p.Location, p.Investment, p.Geometry)).ToList();
    }

    /// <summary>
    /// The map layer in the caller's scope: every project with a location, by type and status. Computed once per data stamp,
    /// scope and filter (<see cref="ProjectCache"/>).
    /// </summary>
    public async Task<IReadOnlyList<ProjectMapPointDto>> MapAsync(ProjectFilter filter, CancellationToken ct) => (await MapAnswerAsync(filter, ct)).Value;

    /// <inheritdoc cref="MapAsync"/>
    public async Task<ProjectCache.Answer<IReadOnlyList<ProjectMapPointDto>>> MapAnswerAsync(ProjectFilter filter, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        return await cache.GetAsync(db, "map", ProjectScope.Key(actor), filter, async () =>
        {
            var regions = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, ct);
            return (IReadOnlyList<ProjectMapPointDto>)(await Filtered(actor, filter).Where(p => p.Geometry != null).OrderBy(p => p.Id)
                    .Select(p => new { p.Id, p.Name, p.Type, p.Status, p.RegionCode, p.Location, p.Investment, p.Geometry }).ToListAsync(ct))
                .Select(p => new ProjectMapPointDto(p.Id, p.Name, p.Type, p.Status, ProjectStatus.Chinese(p.Status), regions.GetValueOrDefault(p.RegionCode, p.RegionCode),
                    p.Location, p.Investment, p.Geometry)).ToList();
        }, ct);
    }

    // ---- Monthly progress ----

    public async Task<Outcome<List<ProjectProgressDto>>> ProgressAsync(int id, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        if (!await ProjectScope.Visible(db.Projects, actor).AnyAsync(p => p.Id == id, ct))
            return NoProject(id);
        return await WithEvidenceAsync(await db.ProjectProgress.AsNoTracking().Where(x => x.ProjectId == id).OrderByDescending(x => x.PeriodId)
            .ThenByDescending(x => x.Revision).ToListAsync(ct), ct);
    }

    /// <summary>
    /// Saves a month's progress as a draft or submits it: a new revision of the month's report, through the reporting
    /// workflow's one save path (identical values change nothing; an approved month is locked; a stale version conflicts).
    /// </summary>
    public async Task<Outcome<ProjectProgressDto>> SaveProgressAsync(int id, ProjectProgressRequest request, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        if (await ProjectScope.Visible(db.Projects.AsNoTracking(), actor).SingleOrDefaultAsync(p => p.Id == id, ct) is not { } project)
            return NoProject(id);
        if (!ProjectScope.MayEdit(actor, project.DepartmentId, project.RegionCode))
            return Fail.Forbidden("无权填报该项目的进展");
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.Narrative))
            errors.Add("narrative", "请填写形象进度");
        if (request.PercentComplete is < 0 or > 100)
            errors.Add("percentComplete", "完成比例须在 0 到 100 之间");
        if (request.InvestedThisMonth < 0)
            errors.Add("investedThisMonth", "本月完成投资不能为负数");
        if (request.InvestedToDate < 0)
            errors.Add("investedToDate", "累计完成投资不能为负数");
        else if (request.InvestedToDate < request.InvestedThisMonth)
            errors.Add("investedToDate", "累计完成投资不能少于本月完成投资");
        if (request.Month is < 1 or > 12 || request.Year is < 2000 or > 2100)
            errors.Add("month", "请选择月份");
        if (errors.Any)
            return errors.ToFailure();
        static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        var now = clock.GetUtcNow();
        var month = ProjectProgress.MonthOf(request.Year, request.Month);
        var current = await db.ProjectProgress.SingleOrDefaultAsync(x => x.ProjectId == id && x.PeriodId == month && x.IsCurrent, ct);
        var row = new ProjectProgress
        {
            ProjectId = id, PeriodId = month, RegionCode = project.RegionCode, Narrative = request.Narrative.Trim(), PercentComplete = request.PercentComplete,
            InvestedThisMonth = request.InvestedThisMonth, InvestedToDate = request.InvestedToDate, Issues = Clean(request.Issues),
            Coordination = Clean(request.Coordination), Status = request.Submit ? ReportStatus.Submitted : ReportStatus.Draft, CreatedBy = actor.Email,
            CreatedAt = now, SubmittedBy = request.Submit ? actor.Email : null, SubmittedAt = request.Submit ? now : null,
        };
        var same = current is not null && current.Narrative == row.Narrative && current.PercentComplete == row.PercentComplete
            && current.InvestedThisMonth == row.InvestedThisMonth && current.InvestedToDate == row.InvestedToDate && current.Issues == row.Issues
            && current.Coordination == row.Coordination;
        var saved = await Reporting.Reports.ReviseAsync(db, actor, current, row, same, request.Submit, request.Version, Supersede.WithVersion, now, ct);
        return saved.Succeeded ? saved.Kind == OutcomeKind.Created ? Outcomes.Created(ToDto(saved.Value!)) : ToDto(saved.Value!) : saved.AsFailure();
    }

    /// <summary>
    /// submit, approve or return a month's report: the reporting workflow's one step (the reporter never approves their
    /// own report; a stale version conflicts; every step audited). An approval may change completed investment, which
    /// feed rules over investment read.
    /// </summary>
    public async Task<Outcome<ProjectProgressDto>> TransitAsync(int progressId, string action, TransitionRequest request, CancellationToken ct)
    {
        var result = await reports.TransitAsync<ProjectProgress>(progressId, action, request, ct);
        if (!result.Succeeded)
            return result.AsFailure();
        if (action == "approve")
            await feeds.RecomputeAsync(ct);
        return ToDto(result.Value!);
    }

    /// <summary>
    /// Attaches an evidence file to a month's report while it is open (the reporting workflow's one attach path: scope,
    /// the file's type, size and content checked, audited).
    /// </summary>
    public async Task<Outcome<EvidenceDto>> AttachAsync(int progressId, IFormFile file, CancellationToken ct)
    {
        var attached = await reports.AttachAsync<ProjectProgress>(progressId, file, ct);
        return attached.Succeeded ? Outcomes.Created(EvidenceStore.ToDto(attached.Value!)) : attached.AsFailure();
    }

    /// <inheritdoc cref="AttachAsync(int, IFormFile, CancellationToken)"/>
    public async Task<Outcome<EvidenceDto>> AttachAsync(ProjectProgressDto progress, IFormFile file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return await AttachAsync(progress.Id, file, ct);
    }

    /// <summary>
    /// Opens an approved (locked) month again so the department can revise it, as the plan office reopens a reporting
    /// period: the plan office only, with a reason audited beside the change.
    /// </summary>
    public async Task<Outcome<ProjectProgressDto>> ReopenAsync(int progressId, string? reason, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        if (await db.ProjectProgress.SingleOrDefaultAsync(x => x.Id == progressId, ct) is not { } row)
            return Fail.NotFound("报告不存在");
        if (!actor.Is(Roles.Admin))
            return Fail.Forbidden("只有规划办可以重新开放");
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 2)
            return Fail.Invalid("reason", "重新开放须说明理由");
        if (!row.IsCurrent || !row.Locked)
            return Fail.Conflict("只有已审核通过并锁定的当前报告可以重新开放");
        var before = new { row.Status, row.Locked, row.Version };
        row.Locked = false;
        row.Version = Guid.NewGuid();
        Audit.Record(db, actor, clock.GetUtcNow(), "project-progress.reopen", "project-progress", Reporting.Reports.Id(row.Id), before,
            new { row.Status, row.Locked, row.Version }, reason.Trim());
        await db.SaveChangesAsync(ct);
        return ToDto(row);
    }

    /// <summary>The monthly reports waiting for review (submitted), for reviewers and the plan office.</summary>
    public async Task<List<(ProjectProgressDto Progress, string ProjectName)>> ReviewQueueAsync(CancellationToken ct)
    {
        // Oldest first, ordered here: SQLite cannot order by a DateTimeOffset column (the queue is the reports awaiting review).
        var rows = await db.ProjectProgress.AsNoTracking().Where(x => x.Status == ReportStatus.Submitted && x.IsCurrent)
            .Join(db.Projects, x => x.ProjectId, p => p.Id, (x, p) => new { x, p.Name }).ToListAsync(ct);
        return rows.OrderBy(r => r.x.SubmittedAt).ThenBy(r => r.x.Id).Select(r => (ToDto(r.x), r.Name)).ToList();
    }

    // ---- Excel ----

    /// <summary>The office's sheet with the filtered list in the caller's scope (an empty filter and no rows: the template).</summary>
    public async Task<byte[]> WorkbookAsync(ProjectFilter? filter, CancellationToken ct)
    {
        var year = Display.Today(clock.GetUtcNow()).Year;
        var rows = filter is null ? [] : await ListAsync(filter, ct);
        var ids = rows.Select(r => r.Id).ToList();
        var content = await db.Projects.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Content }).ToDictionaryAsync(p => p.Id, p => p.Content, ct);
        var funding = (await db.ProjectFunding.AsNoTracking().Where(f => f.Year == year && ids.Contains(f.ProjectId)).ToListAsync(ct)).ToLookup(f => f.ProjectId);
        var extra = ids.ToDictionary(id => id, id => (content.GetValueOrDefault(id), funding[id].Sum(f => f.Amount),
            funding[id].OrderByDescending(f => f.Amount).Select(f => f.Source).FirstOrDefault()));
        var (regions, departments) = await NamesAsync(ct);
        return ProjectWorkbook.Build(rows, extra, Types, regions.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Value).ToList(),
            departments.Values.Order(StringComparer.Ordinal).ToList(), year);
    }

    /// <summary>Imports the office's sheet as a whole (see <see cref="ProjectWorkbook"/>); targets fed by the library are recomputed after.</summary>
    public async Task<(ProjectImportResultDto? Result, List<WorkbookIssueDto> Issues)> ImportAsync(Stream content, long length, int? year, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        if (!(actor.Is(Roles.Admin) || actor.Is(Roles.Department) || actor.Is(Roles.District)))
            return (null, [new("", 0, "", "只有规划办或责任单位可以导入项目")]);
        var now = clock.GetUtcNow();
        var result = await ProjectWorkbook.ImportAsync(db, actor, options.Value, content, length, year ?? Display.Today(now).Year, now, ct);
        if (result.Result is { StatusChanged: true })
            await feeds.RecomputeAsync(ct);
        return result;
    }

    internal static string Number(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);
}
