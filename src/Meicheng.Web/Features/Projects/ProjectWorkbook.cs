using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Meicheng.Core.Projects;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Reporting;
using Microsoft.EntityFrameworkCore;
using ReportingWorkbook = Meicheng.Web.Features.Reporting.Workbook;

namespace Meicheng.Web.Features.Projects;

/// <summary>
/// The project sheet in the layout plan offices use (项目名称、建设单位、建设地点、建设内容及规模、总投资、年度计划投资、开工时间、
/// 竣工时间、形象进度…): the template, the export of any filtered list, and the import, validated as a whole (sheet, row,
/// column, reason), saved only when every row is valid, matched to existing projects by 项目名称 and 建设单位 so the same
/// file twice changes nothing. Reads through the reporting workbook's bounded reader, row by row as the rows stream in, and
/// writes in batches (new projects by multi-row INSERT, <see cref="BulkInsert"/>), so an import holds its validated rows but
/// never the sheet's cells or thousands of tracked entities.
/// </summary>
internal static class ProjectWorkbook
{
    public const string DataSheet = "项目清单";
    public const string HelpSheet = "说明";
    public const string ListSheet = "选项";

    public static readonly IReadOnlyList<string> Headers =
    [
        "项目名称", "项目类型", "建设单位", "主管部门", "区（市）", "建设地点", "建设内容及规模", "总投资（万元）", "年度计划投资（万元）", "资金来源",
        "开工时间", "竣工时间", "项目状态", "形象进度", "入库情况", "入库编号", "经度", "纬度",
    ];

    /// <summary>The columns an uploaded sheet must have (the others may be left out).</summary>
    public static readonly IReadOnlyList<string> Required = ["项目名称", "项目类型", "建设单位", "区（市）", "总投资（万元）", "开工时间", "竣工时间", "项目状态"];

    private static string Col(int index) => index < 26 ? ((char)('A' + index)).ToString() : "A" + (char)('A' + index - 26);

    // ---- Out ----

    public static byte[] Build(IReadOnlyList<ProjectSummaryDto> rows, IReadOnlyDictionary<int, (string? Content, decimal Planned, string? Source)> extra,
        IReadOnlyList<string> types, IReadOnlyList<string> regions, IReadOnlyList<string> departments, int year)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook(new Sheets());
            var sheets = workbookPart.Workbook.Sheets!;
            var table = new List<IReadOnlyList<object?>> { Headers };
            foreach (var p in rows)
            {
                var x = extra.GetValueOrDefault(p.Id);
                table.Add([p.Name, p.Type, p.OwnerUnit, p.DepartmentName, p.RegionName, p.Location, x.Content, p.Investment, x.Planned == 0 ? null : x.Planned,
                    x.Source is null ? null : FundingSource.Chinese(x.Source), Date(p.Start), Date(p.Completion), p.StatusText,
                    p.PercentComplete is { } pc ? $"{ProjectOperations.Number(pc)}%" : null, Filing(p.CentralLibrary, p.ProvincialLibrary), p.LibraryCode,
                    .. PointOf(p.Geometry)]);
            }
            var data = ReportingWorkbook.AddSheet(workbookPart, sheets, DataSheet, 1, table, [36, 12, 24, 20, 10, 24, 40, 12, 14, 12, 12, 12, 10, 30, 10, 18, 11, 11]);
            var last = Math.Max(table.Count + 200, 500);
            var statuses = ProjectStatus.All.Where(s => s != ProjectStatus.Unknown).Select(ProjectStatus.Chinese).ToList();
            var sources = FundingSource.All.Select(FundingSource.Chinese).ToList();
            data.Worksheet.Append(new DataValidations(
                ReportingWorkbook.ListValidation($"B2:B{last}", $"'{ListSheet}'!$A$1:$A${Math.Max(types.Count, 1)}", "项目类型须从列表中选择"),
                ReportingWorkbook.ListValidation($"E2:E{last}", $"'{ListSheet}'!$B$1:$B${Math.Max(regions.Count, 1)}", "区（市）须从列表中选择"),
                ReportingWorkbook.ListValidation($"M2:M{last}", $"'{ListSheet}'!$C$1:$C${statuses.Count}", "项目状态须从列表中选择"),
                ReportingWorkbook.ListValidation($"J2:J{last}", $"'{ListSheet}'!$D$1:$D${sources.Count}", "资金来源须从列表中选择"),
                ReportingWorkbook.ListValidation($"D2:D{last}", $"'{ListSheet}'!$E$1:$E${Math.Max(departments.Count, 1)}", "主管部门须从列表中选择")) { Count = 5 });
            ReportingWorkbook.AddSheet(workbookPart, sheets, HelpSheet, 2, [
                ["用途", "美城项目库：项目清单导入导出（与各部门现用台账同一版式）"],
                ["年度计划投资", $"“年度计划投资（万元）”为{year}年计划，按“资金来源”记入；导入时须同时填写资金来源"],
                ["必填列", string.Join("、", Required)],
                ["日期", "开工、竣工时间写作 2026-03-01、2026/3/1、2026年3月 或 2026-03"],
                ["入库情况", "中央、省、中央和省，或留空"],
                ["经度、纬度", "项目点位（WGS84，如 120.38、36.07），用于地图；两列同时填写，或都留空（留空时保留系统中已有的位置）"],
                ["形象进度", "形象进度按月在系统中填报并审核，导入时不读取此列"],
                ["上传", "以项目名称和建设单位识别项目：已有的项目按表更新，没有的新建；同一文件重复上传不会产生任何变化；任何一行有误则整份文件不保存，并逐行列出错误。"],
            ], [14, 100]);
            var n = new[] { types.Count, regions.Count, statuses.Count, sources.Count, departments.Count }.Max();
            var lists = Enumerable.Range(0, n).Select(i => (IReadOnlyList<object?>)[
                i < types.Count ? types[i] : null, i < regions.Count ? regions[i] : null, i < statuses.Count ? statuses[i] : null,
                i < sources.Count ? sources[i] : null, i < departments.Count ? departments[i] : null]).ToList();
            ReportingWorkbook.AddSheet(workbookPart, sheets, ListSheet, 3, lists, [14, 10, 10, 14, 30]);
            sheets.Elements<Sheet>().Last().State = SheetStateValues.Hidden;
            workbookPart.Workbook.Save();
        }
        return stream.ToArray();
    }

    /// <summary>A point's longitude and latitude for the sheet (a polygon or nothing: two empty cells).</summary>
    private static object?[] PointOf(string? geometry)
    {
        if (geometry is null)
            return [null, null];
        using var doc = JsonDocument.Parse(geometry);
        return doc.RootElement.GetProperty("type").GetString() == "Point" && doc.RootElement.GetProperty("coordinates") is var c
            ? [c[0].GetDecimal(), c[1].GetDecimal()] : [null, null];
    }

    private static string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Filing(bool central, bool provincial) => (central, provincial) switch
    {
        (true, true) => "中央和省",
        (true, false) => "中央",
        (false, true) => "省",
        _ => null,
    };

    // ---- In ----

    /// <summary>A date as offices write it, or an Excel serial day number; null when it cannot be read.</summary>
    internal static DateOnly? ParseDate(string text)
    {
        var t = text.Trim().Replace('年', '-').Replace('月', '-').Replace('日', ' ').Replace('/', '-').Replace('.', '-').Trim().TrimEnd('-');
        string[] formats = ["yyyy-M-d", "yyyy-M"];
        if (DateOnly.TryParseExact(t, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return d;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 20_000 and < 80_000)
            return DateOnly.FromDateTime(new DateTime(1899, 12, 30).AddDays(Math.Floor(serial)));
        return null;
    }


    private sealed record Row(int Number, ProjectSaveRequest Request, decimal? Planned, string? Source);

    /// <summary>A row and the existing project it names (by 项目名称 and 建设单位).</summary>
    private sealed record Match(Row Row, int Id);

    /// <summary>
    /// Projects written at a time (new ones inserted, existing ones read, compared and saved, the change tracker cleared
    /// after each), and the length of the queue from the sheet reader to the writer: what the import holds at once stays the
    /// same whatever the sheet's length. The whole import is still one transaction.
    /// </summary>
    private const int Batch = 500;

    public static async Task<(ProjectImportResultDto? Result, List<WorkbookIssueDto> Issues)> ImportAsync(
        AppDbContext db, Actor actor, ProjectsOptions options, Stream content, long length, int year, DateTimeOffset now, CancellationToken ct)
    {
        static List<WorkbookIssueDto> One(string reason) => [new("", 0, "", reason)];
        if (length > options.WorkbookMaxBytes)
            return (null, One($"文件大小 {length / 1024} KB 超过上限 {options.WorkbookMaxBytes / 1024} KB"));
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        if (buffer.Length > options.WorkbookMaxBytes)
            return (null, One($"文件超过上限 {options.WorkbookMaxBytes / 1024} KB"));
        var sha = Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        buffer.Position = 0;

        // Each row is checked as the sheet reader reaches it (on its own thread) and, while every row so far is valid, handed
        // through a small bounded queue to the writer here, which writes it with its batch into one transaction. The
        // transaction commits only when the whole sheet was valid and every row may be written by the importer; otherwise it
        // is rolled back and the issues are the answer. The import holds one batch and the (name, owner) keys of the rows
        // seen (for the duplicate check), never the rows of the sheet: its memory does not grow with their number.
        var regions = await db.Regions.AsNoTracking().Select(r => new { r.Code, r.Name }).ToListAsync(ct);
        var departments = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.Name }).ToListAsync(ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var queue = Channel.CreateBounded<Row>(new BoundedChannelOptions(Batch) { SingleReader = true, SingleWriter = true });
        var reader = new RowReader(actor, options,
            regions.SelectMany(r => new[] { (r.Code, r.Code), (r.Name, r.Code) }).DistinctBy(x => x.Item1).ToDictionary(x => x.Item1, x => x.Item2),
            departments.SelectMany(d => new[] { (d.Id, d.Id), (d.Name, d.Id) }).DistinctBy(x => x.Item1).ToDictionary(x => x.Item1, x => x.Item2),
            row => queue.Writer.WriteAsync(row, stop.Token).AsTask().GetAwaiter().GetResult());
        var reading = Task.Factory.StartNew(() =>
        {
            try
            {
                var problem = XlsxSheetReader.ReadRows(buffer, DataSheet, options.WorkbookLimits, reader.Read);
                reader.Finish();
                return problem;
            }
            finally
            {
                queue.Writer.TryComplete();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var rows = 0;
        var created = 0;
        var updated = 0;
        var matched = 0;
        var statusChanged = false;
        var refused = new List<WorkbookIssueDto>();
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        // Changes are detected once per batch, not on every Add and every SaveChanges.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var batch = new List<Row>(Batch);
            await foreach (var row in queue.Reader.ReadAllAsync(ct))
            {
                batch.Add(row);
                if (batch.Count == Batch)
                {
                    await WriteBatchAsync();
                    batch.Clear();
                }
            }
            if (batch.Count > 0)
                await WriteBatchAsync();
            if (await reading is { } problem)
                return (null, [new(problem.Sheet, problem.Row, problem.Column, problem.Reason)]);
            if (reader.Issues.Count > 0)
                return (null, reader.Issues);
            if (refused.Count > 0)
                return (null, refused);
            if (created + updated > 0)
            {
                Audit.Record(db, actor, now, "project.import", "project-workbook", sha, null,
                    new { rows, created, updated, unchanged = matched - updated, year });
                await db.SaveChangesAsync(ct);
            }
            await transaction.CommitAsync(ct);

            async Task WriteBatchAsync()
            {
                rows += batch.Count;
                // Existing projects by name and owner: their keys only, one query per batch (not one per row); a row may
                // change only a project the importer may edit.
                var names = batch.Select(r => r.Request.Name).Distinct().ToList();
                var existing = new Dictionary<(string, string), (int Id, string Name, string? DepartmentId, string RegionCode)>();
                foreach (var p in await db.Projects.AsNoTracking().Where(p => names.Contains(p.Name)).OrderBy(p => p.Id)
                             .Select(p => new { p.Id, p.Name, p.OwnerUnit, p.DepartmentId, p.RegionCode }).ToListAsync(ct))
                    existing.TryAdd((p.Name, p.OwnerUnit ?? ""), (p.Id, p.Name, p.DepartmentId, p.RegionCode));
                var fresh = new List<Row>();
                var known = new List<Match>();
                foreach (var r in batch)
                {
                    if (!existing.TryGetValue((r.Request.Name, r.Request.OwnerUnit ?? ""), out var p))
                        fresh.Add(r);
                    else if (!ProjectScope.MayEdit(actor, p.DepartmentId, p.RegionCode))
                        refused.Add(new(DataSheet, r.Number, "A", $"项目“{p.Name}”已由其他部门或区（市）登记，无权修改"));
                    else
                        known.Add(new(r, p.Id));
                }
                // Once a row is refused nothing will be committed: the rest is only checked for more refusals.
                if (refused.Count > 0)
                    return;
                created += fresh.Count;
                matched += known.Count;
                statusChanged |= fresh.Count > 0;
                await InsertAsync(fresh);
                var (changed, statusMoved) = await UpdateAsync(known);
                updated += changed;
                statusChanged |= statusMoved;
            }
        }
        finally
        {
            // The reader must not be left waiting on a full queue when the writer stopped early (an error, a cancellation).
            await stop.CancelAsync();
            try
            {
                await reading;
            }
            catch (OperationCanceledException)
            {
            }
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
        return (new ProjectImportResultDto(rows, created, updated, matched - updated) { StatusChanged = statusChanged }, []);

        // New projects and their funding lines by multi-row INSERT (SaveChanges would send a command per row on SQLite); the
        // ids come back with each project's name and owner, unique among the new rows.
        async Task InsertAsync(List<Row> fresh)
        {
            if (fresh.Count == 0)
                return;
            var projects = fresh.Select(r =>
            {
                var project = new Project { Name = "", Type = "", Status = "", RegionCode = "", Origin = "import", CreatedAt = now };
                ProjectOperations.Apply(project, r.Request with { Funding = [] }, now);
                return (Row: r, Project: project);
            }).ToList();
            var ids = (await BulkInsert.InsertAsync(db, projects.Select(x => x.Project).ToList(), [nameof(Project.Id), nameof(Project.Name), nameof(Project.OwnerUnit)], ct))
                .ToDictionary(v => ((string)v[1]!, (string?)v[2]), v => (int)v[0]!);
            var funding = projects.Where(x => x.Row.Planned is not null)
                .Select(x => new ProjectFunding { ProjectId = ids[(x.Project.Name, x.Project.OwnerUnit)], Year = year, Source = x.Row.Source!, Amount = x.Row.Planned!.Value })
                .ToList();
            await BulkInsert.InsertAsync(db, funding, [], ct);
            db.InputsChangedOutsideTracker();
        }

        // Existing projects read, changed as the sheet says, compared and saved: how many changed, and whether a status did.
        async Task<(int Changed, bool StatusMoved)> UpdateAsync(List<Match> known)
        {
            if (known.Count == 0)
                return (0, false);
            var ids = known.Select(m => m.Id).ToList();
            var projects = await db.Projects.Include(p => p.Funding).Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
            var statuses = projects.Values.ToDictionary(p => p.Id, p => p.Status);
            foreach (var (r, id) in known)
            {
                var p = projects[id];
                var funding = p.Funding.Where(f => f.Year != year || r.Planned is null).Select(f => new FundingLineRequest(f.Year, f.Source, f.Amount))
                    .Concat(r.Planned is { } amount ? [new FundingLineRequest(year, r.Source!, amount)] : []).ToList();
                // What the sheet does not hold (plan links, capacity, publication; the location when its cells are empty) stays as it was.
                ProjectOperations.Apply(p, r.Request with
                {
                    Geometry = r.Request.Geometry ?? p.Geometry, PlanTaskIds = p.PlanTaskIds, TargetIds = p.TargetIds, ProblemId = p.ProblemId, Capacity = p.Capacity,
                    Area = p.Area, Published = p.Published, Funding = funding,
                }, p.UpdatedAt);
            }
            // The change tracker decides what changed, comparing values as the database holds them (100 and 100.00 万元 are the
            // same amount), so the same file twice changes nothing on either provider.
            db.ChangeTracker.DetectChanges();
            var changed = db.ChangeTracker.Entries().Where(e => e.State != EntityState.Unchanged)
                .Select(e => e.Entity switch { Project p => p.Id, ProjectFunding f => f.ProjectId, _ => 0 }).Where(id => id != 0).ToHashSet();
            var moved = false;
            if (changed.Count > 0)
            {
                foreach (var id in changed)
                {
                    projects[id].UpdatedAt = now;
                    moved |= statuses[id] != projects[id].Status;
                }
                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync(ct);
            }
            db.ChangeTracker.Clear();
            return (changed.Count, moved);
        }
    }

    /// <summary>
    /// Checks the sheet's rows one by one as <see cref="XlsxSheetReader.ReadRows"/> gives them: the header row first (the
    /// required columns), then each row (sheet, row, column and reason for every problem), handing on each valid row as its request while no row was wrong.
    /// </summary>
    private sealed class RowReader(Actor actor, ProjectsOptions options, Dictionary<string, string> regionByText, Dictionary<string, string> departmentByText,
        Action<Row> accepted)
    {
        private static readonly Dictionary<string, string> SourceByText = SourcesByText();
        private static readonly IReadOnlyDictionary<int, string> NoCells = new Dictionary<int, string>();

        private readonly Dictionary<(string, string), int> _seen = [];
        private Dictionary<string, int>? _columns;
        private bool _readable;

        public List<WorkbookIssueDto> Issues { get; } = [];

        private static Dictionary<string, string> SourcesByText()
        {
            var sources = FundingSource.All.SelectMany(s => new[] { (s, s), (FundingSource.Chinese(s), s) }).ToDictionary(x => x.Item1, x => x.Item2);
            sources.TryAdd("区市财政", FundingSource.District);
            sources.TryAdd("区财政", FundingSource.District);
            return sources;
        }

        /// <summary>After the last row: a sheet with no rows at all still lacks its columns.</summary>
        public void Finish() => _columns ??= Header(NoCells);

        /// <summary>The header is the sheet's first row (row 1; when row 1 is missing, an empty header).</summary>
        private Dictionary<string, int> Header(IReadOnlyDictionary<int, string> cells)
        {
            var columns = new Dictionary<string, int>();
            foreach (var (index, text) in cells)
            {
                if (Headers.Contains(text.Trim()))
                    columns.TryAdd(text.Trim(), index);
            }
            foreach (var missing in Required.Where(h => !columns.ContainsKey(h)))
                Issues.Add(new(DataSheet, 1, "", $"缺少“{missing}”列"));
            _readable = Issues.Count == 0;
            return columns;
        }

        public void Read(int number, IReadOnlyDictionary<int, string> cells)
        {
            if (_columns is null)
            {
                _columns = Header(number == 1 ? cells : NoCells);
                if (number == 1)
                    return;
            }
            // Without the required columns the rows cannot be read: the missing columns are the answer.
            if (!_readable)
                return;
            var columns = _columns;
            string? Get(string h) => columns.TryGetValue(h, out var c) && cells.GetValueOrDefault(c) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
            string At(string h) => columns.TryGetValue(h, out var c) ? Col(c) : "";
            if (cells.Values.All(string.IsNullOrWhiteSpace))
                return;
            var issues = Issues;
            var before = issues.Count;
            void Issue(string h, string reason) => issues.Add(new(DataSheet, number, At(h), reason));
            decimal? Money(string h)
            {
                if (Get(h) is not { } text)
                    return null;
                if (!decimal.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var m))
                {
                    Issue(h, $"“{text}”不是数字");
                    return null;
                }
                if (m < 0)
                {
                    Issue(h, $"金额不能为负数（{text}）");
                    return null;
                }
                return m;
            }
            DateOnly? When(string h)
            {
                if (Get(h) is not { } text)
                {
                    Issue(h, $"缺少{h}");
                    return null;
                }
                var d = ParseDate(text);
                if (d is null)
                    Issue(h, $"“{text}”不是日期（应写作 2026-03-01、2026/3/1 或 2026年3月）");
                return d;
            }

            var name = Get("项目名称");
            if (name is null)
                Issue("项目名称", "缺少项目名称");
            else if (name.Length > 300)
                Issue("项目名称", "项目名称超过300字");
            var type = Get("项目类型");
            if (type is null || !options.Types.Contains(type))
                Issue("项目类型", type is null ? "缺少项目类型" : $"未知的项目类型“{type}”（应为：{string.Join("、", options.Types)}）");
            var owner = Get("建设单位");
            if (owner is null)
                Issue("建设单位", "缺少建设单位");
            string? region = null;
            if (Get("区（市）") is not { } regionText)
                Issue("区（市）", "缺少区（市）");
            else if (!regionByText.TryGetValue(regionText, out region))
                Issue("区（市）", $"未知的区（市）“{regionText}”");
            string? department = null;
            if (Get("主管部门") is { } departmentText && !departmentByText.TryGetValue(departmentText, out department))
                Issue("主管部门", $"未知的主管部门“{departmentText}”");
            department ??= actor.Is(Roles.Department) ? actor.DepartmentId : null;
            var investment = Money("总投资（万元）");
            if (investment is null && Get("总投资（万元）") is null)
                Issue("总投资（万元）", "缺少总投资");
            var planned = Money("年度计划投资（万元）");
            string? source = null;
            if (Get("资金来源") is { } sourceText && !SourceByText.TryGetValue(sourceText, out source))
                Issue("资金来源", $"未知的资金来源“{sourceText}”（应为：{string.Join("、", FundingSource.All.Select(FundingSource.Chinese))}）");
            else if (planned is not null && source is null)
                Issue("资金来源", "填写年度计划投资时须填写资金来源");
            var start = When("开工时间");
            var completion = When("竣工时间");
            if (start is { } s && completion is { } e && e < s)
                Issue("竣工时间", "竣工时间早于开工时间");
            string? status = null;
            if (Get("项目状态") is not { } statusText)
                Issue("项目状态", "缺少项目状态");
            else if ((status = ProjectStatus.Parse(statusText)) is null)
                Issue("项目状态", $"未知的项目状态“{statusText}”（应为：{string.Join("、", ProjectStatus.All.Skip(1).Select(ProjectStatus.Chinese))}）");
            string? geometry = null;
            var (lngText, latText) = (Get("经度"), Get("纬度"));
            if (lngText is not null || latText is not null)
            {
                static decimal? Coordinate(string? text) =>
                    decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
                var (lng, lat) = (Coordinate(lngText), Coordinate(latText));
                if (lng is not (>= -180 and <= 180))
                    Issue("经度", lngText is null ? "填写纬度时须同时填写经度" : $"“{lngText}”不是经度（-180 到 180 之间的数字）");
                else if (lat is not (>= -90 and <= 90))
                    Issue("纬度", latText is null ? "填写经度时须同时填写纬度" : $"“{latText}”不是纬度（-90 到 90 之间的数字）");
                else
                    geometry = FormattableString.Invariant($$"""{"type":"Point","coordinates":[{{lng}},{{lat}}]}""");
            }
            var filing = Get("入库情况");
            if (filing is not null && filing is not ("中央" or "省" or "中央和省" or "中央、省" or "否" or "未入库"))
                Issue("入库情况", $"入库情况应为 中央、省、中央和省 或留空，而不是“{filing}”");
            if (name is not null && owner is not null)
            {
                if (_seen.TryGetValue((name, owner), out var first))
                    Issue("项目名称", $"与第 {first} 行重复（同一项目名称、同一建设单位）");
                else
                    _seen[(name, owner)] = number;
            }
            if (issues.Count == before && region is not null && !ProjectScope.MayEdit(actor, department, region))
                Issue(actor.Is(Roles.District) ? "区（市）" : "主管部门", "只能导入本部门主管或本区（市）的项目");
            // Once any row is wrong nothing is saved: only the issues of the later rows are still wanted.
            if (issues.Count != before || issues.Count > 0)
                return;
            accepted(new Row(number, new ProjectSaveRequest(name!, type!, status!, owner, department, region!, Get("建设地点"), geometry, Get("建设内容及规模"),
                start, completion, investment!.Value, null, null, null, null, null, filing is "中央" or "中央和省" or "中央、省", filing is "省" or "中央和省" or "中央、省",
                Get("入库编号"), false, null), planned, source));
        }
    }
}
