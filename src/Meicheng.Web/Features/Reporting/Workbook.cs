using Meicheng.Web.Common;
using System.Globalization;
using System.Security.Cryptography;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using City = Meicheng.Web.Features.Regions.City;

namespace Meicheng.Web.Features.Reporting;

/// <summary>
/// The reporter's Excel round trip. The workbook has a sheet 填报 (one row per target the reporter may report, pre-filled
/// with units, region and the last approved value), a sheet 说明, and a hidden sheet 选项 holding the lists that the unit
/// and region columns validate against. An upload is checked as a whole and saved only when every row is valid.
/// </summary>
internal static class Workbook
{
    /// <summary>The media type of an .xlsx workbook, for every download and upload check that names it.</summary>
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public const string DataSheet = "填报";
    public const string HelpSheet = "说明";
    public const string ListSheet = "选项";

    /// <summary>The columns of 填报, in order. Only 本期数值, 填报单位, 区域代码, 数据来源 and 统计口径 are read back.</summary>
    public static readonly IReadOnlyList<string> Headers = ["目标编号", "规划", "指标", "目标（原文）", "指标单位", "上期值", "区域代码", "本期数值", "填报单位", "数据来源", "统计口径"];

    private static string Col(int index) => ((char)('A' + index)).ToString();

    private const int TargetCol = 0, RegionCol = 6, ValueCol = 7, UnitCol = 8, SourceCol = 9, BasisCol = 10;

    public static async Task<byte[]> BuildAsync(AppDbContext db, Actor actor, City city, string periodKey, CancellationToken ct)
    {
        var targets = await Scopes.ReportableTargetsAsync(db, actor, ct);
        var periods = await db.ReportingPeriods.AsNoTracking().Where(p => p.Key == periodKey && p.IndicatorId != null).ToListAsync(ct);
        targets = targets.Where(t => periods.Any(p => p.IndicatorId == t.IndicatorId)).ToList();
        var region = Scopes.DefaultRegion(actor, city);
        var targetIds = targets.Select(t => t.Id).ToList();
        var periodIds = periods.Select(p => p.Id).ToList();
        var observations = await db.Observations.AsNoTracking().Where(o => targetIds.Contains(o.TargetId) && o.RegionCode == region).ToListAsync(ct);
        var regions = await db.Regions.AsNoTracking().OrderBy(r => r.Code).Select(r => r.Code + " " + r.Name).ToListAsync(ct);
        var units = targets.SelectMany(t => Units.Compatible(t.Indicator!.Unit).Append(t.Unit)).Distinct().ToList();

        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook(new Sheets());
            var sheets = workbookPart.Workbook.Sheets!;

            var rows = new List<IReadOnlyList<object?>> { Headers };
            foreach (var t in targets)
            {
                var current = observations.Where(o => o.TargetId == t.Id && periodIds.Contains(o.PeriodId) && o.IsCurrent).MaxBy(o => o.Revision);
                var previous = observations.Where(o => o.TargetId == t.Id && !periodIds.Contains(o.PeriodId) && o.Status == ReportStatus.Approved).MaxBy(o => o.Id);
                rows.Add([t.Id, t.PlanId, t.Indicator!.Name, t.Clause, t.Unit,
                    previous is null ? null : Units.Convert(previous.Value, t.Indicator.Unit, t.Unit), region,
                    current?.EnteredValue, current?.EnteredUnit ?? t.Unit, current?.DataSource, current?.Basis]);
            }
            var data = AddSheet(workbookPart, sheets, DataSheet, 1, rows, [18, 30, 24, 50, 12, 12, 16, 12, 14, 24, 30]);
            var last = Math.Max(rows.Count, 2);
            data.Worksheet.Append(new DataValidations(
                ListValidation($"{Col(UnitCol)}2:{Col(UnitCol)}{last}", $"'{ListSheet}'!$A$1:$A${Math.Max(units.Count, 1)}", "单位须从列表中选择"),
                ListValidation($"{Col(RegionCol)}2:{Col(RegionCol)}{last}", $"'{ListSheet}'!$B$1:$B${Math.Max(regions.Count, 1)}", "区域须为行政区划代码"),
                new DataValidation(new Formula1("-1E+15"), new Formula2("1E+15"))
                {
                    Type = DataValidationValues.Decimal, Operator = DataValidationOperatorValues.Between, AllowBlank = true, ShowErrorMessage = true,
                    ErrorTitle = "数值", Error = "本期数值须为数字", SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{Col(ValueCol)}2:{Col(ValueCol)}{last}" },
                }) { Count = 3 });
            AddSheet(workbookPart, sheets, HelpSheet, 2, [
                ["填报期", periodKey], ["填报人", actor.Email], ["区域", region],
                ["说明", "在“填报”表的“本期数值”列填写数值，可改“填报单位”（可换算的单位）与“区域代码”；空白行视为本期不报送。不要修改“目标编号”。"],
                ["上传", "同一文件重复上传不会产生任何变化；任何一行有误则整份文件不保存，并逐行列出错误。"],
            ], [12, 100]);
            var maxList = Math.Max(units.Count, regions.Count);
            var list = Enumerable.Range(0, maxList).Select(i => (IReadOnlyList<object?>)[i < units.Count ? units[i] : null, i < regions.Count ? regions[i].Split(' ')[0] : null, i < regions.Count ? regions[i] : null]).ToList();
            AddSheet(workbookPart, sheets, ListSheet, 3, list, [14, 10, 20]);
            sheets.Elements<Sheet>().Last().State = SheetStateValues.Hidden;
            workbookPart.Workbook.Save();
        }
        return stream.ToArray();
    }

    internal static DataValidation ListValidation(string range, string source, string error) => new(new Formula1(source))
    {
        Type = DataValidationValues.List, AllowBlank = true, ShowErrorMessage = true, ErrorTitle = "无效的值", Error = error,
        SequenceOfReferences = new ListValue<StringValue> { InnerText = range },
    };

    internal static WorksheetPart AddSheet(WorkbookPart workbookPart, Sheets sheets, string name, uint id, List<IReadOnlyList<object?>> rows, double[] widths)
    {
        var part = workbookPart.AddNewPart<WorksheetPart>();
        var columns = new Columns(widths.Select((w, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = w, CustomWidth = true }));
        var sheetData = new SheetData();
        for (var r = 0; r < rows.Count; r++)
        {
            var row = new Row { RowIndex = (uint)(r + 1) };
            for (var c = 0; c < rows[r].Count; c++)
            {
                var reference = $"{Col(c)}{r + 1}";
                row.Append(rows[r][c] switch
                {
                    null => new Cell { CellReference = reference },
                    decimal d => new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(d.ToString(CultureInfo.InvariantCulture)) },
                    var v => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Convert.ToString(v, CultureInfo.InvariantCulture)!)) },
                });
            }
            sheetData.Append(row);
        }
        part.Worksheet = new Worksheet(columns, sheetData);
        sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = id, Name = name });
        return part;
    }

    private sealed record Line(int Row, string TargetId, string Region, decimal Value, string Unit, string? Source, string? Basis);

    /// <summary>Validates the whole upload; saves nothing unless every row is valid; the same file (or the same values) again changes nothing.</summary>
    public static async Task<(WorkbookResultDto? Result, List<WorkbookIssueDto> Issues)> ImportAsync(
        AppDbContext db, Actor actor, City city, string periodKey, Stream content, long length, long maxBytes, XlsxLimits limits, DateTimeOffset now, CancellationToken ct)
    {
        var issues = new List<WorkbookIssueDto>();
        if (length > maxBytes)
            return (null, [new("", 0, "", $"文件大小 {length / 1024} KB 超过上限 {maxBytes / 1024} KB")]);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        if (buffer.Length > maxBytes)
            return (null, [new("", 0, "", $"文件超过上限 {maxBytes / 1024} KB")]);
        var sha = Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
        buffer.Position = 0;

        var periods = await db.ReportingPeriods.AsNoTracking().Where(p => p.Key == periodKey && p.IndicatorId != null).ToListAsync(ct);
        if (periods.Count == 0)
            return (null, [new("", 0, "", $"没有填报期 {periodKey}")]);

        var (table, problem) = XlsxSheetReader.Read(buffer, DataSheet, limits);
        if (table is null)
            return (null, [new(problem!.Sheet, problem.Row, problem.Column, problem.Reason)]);
        var header = table.Count > 0 ? table[0] : [];
        for (var c = 0; c < Headers.Count; c++)
        {
            if (header.GetValueOrDefault(c)?.Trim() != Headers[c])
                issues.Add(new(DataSheet, 1, Col(c), $"表头应为“{Headers[c]}”"));
        }
        if (issues.Count > 0)
            return (null, issues);

        var reportable = (await Scopes.ReportableTargetsAsync(db, actor, ct)).ToDictionary(t => t.Id);
        var allTargets = await db.Targets.AsNoTracking().Where(t => !t.Retired).Select(t => t.Id).ToListAsync(ct);
        var regionCodes = (await db.Regions.AsNoTracking().Select(r => r.Code).ToListAsync(ct)).ToHashSet();
        var lines = new List<Line>();
        var seen = new Dictionary<(string, string), int>();
        for (var i = 1; i < table.Count; i++)
        {
            var cells = table[i];
            var rowNumber = i + 1;
            string? Get(int c) => cells.GetValueOrDefault(c) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
            var targetId = Get(TargetCol);
            var valueText = Get(ValueCol);
            if (targetId is null && valueText is null)
                continue;
            if (valueText is null)
                continue; // Not reported this period.
            var before = issues.Count;
            if (targetId is null)
                issues.Add(new(DataSheet, rowNumber, Col(TargetCol), "缺少目标编号"));
            else if (!allTargets.Contains(targetId))
                issues.Add(new(DataSheet, rowNumber, Col(TargetCol), $"未知的目标编号 {targetId}"));
            else if (!reportable.TryGetValue(targetId, out var reportableTarget))
                issues.Add(new(DataSheet, rowNumber, Col(TargetCol), $"无权填报目标 {targetId}"));
            else if (periods.All(p => p.IndicatorId != reportableTarget.IndicatorId))
                issues.Add(new(DataSheet, rowNumber, Col(TargetCol), $"目标 {targetId} 的指标没有 {periodKey} 填报期"));
            if (!decimal.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                issues.Add(new(DataSheet, rowNumber, Col(ValueCol), $"“{valueText}”不是数字"));
            var unit = Get(UnitCol);
            if (unit is null)
                issues.Add(new(DataSheet, rowNumber, Col(UnitCol), "缺少填报单位"));
            else if (targetId is not null && reportable.TryGetValue(targetId, out var t) && Units.Convert(1, unit, t.Indicator!.Unit) is null)
                issues.Add(new(DataSheet, rowNumber, Col(UnitCol), $"单位“{unit}”不能换算为指标单位“{t.Indicator.Unit}”"));
            var region = Get(RegionCol) ?? Scopes.DefaultRegion(actor, city);
            if (!regionCodes.Contains(region))
                issues.Add(new(DataSheet, rowNumber, Col(RegionCol), $"无效的行政区划代码 {region}"));
            else if (actor.Is(Roles.District) && !actor.Is(Roles.Admin) && region != actor.DistrictCode)
                issues.Add(new(DataSheet, rowNumber, Col(RegionCol), $"只能填报本区（市）{actor.DistrictCode}"));
            if (targetId is not null)
            {
                if (seen.TryGetValue((targetId, region), out var first))
                    issues.Add(new(DataSheet, rowNumber, Col(TargetCol), $"与第 {first} 行重复（同一目标、同一区域）"));
                else
                    seen[(targetId, region)] = rowNumber;
            }
            if (issues.Count == before)
                lines.Add(new Line(rowNumber, targetId!, region, value, unit!, Get(SourceCol), Get(BasisCol)));
        }
        if (issues.Count > 0)
            return (null, issues);

        if (await db.WorkbookImports.AnyAsync(w => w.UserId == actor.UserId && w.PeriodKey == periodKey && w.Sha256 == sha, ct))
            return (new WorkbookResultDto(sha, lines.Count, 0, lines.Count, AlreadyImported: true), issues);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        int created = 0, unchanged = 0;
        foreach (var line in lines)
        {
            var period = periods.Single(p => p.IndicatorId == reportable[line.TargetId].IndicatorId);
            // Within the file's transaction; a row may replace only the uploader's own earlier entry (Supersede.OwnEntry).
            var result = await Reports.SaveObservationAsync(db, actor,
                new ObservationRequest(line.TargetId, period.Id, line.Region, line.Value, line.Unit, line.Source, line.Basis, Submit: true, null, null, null),
                now, Supersede.OwnEntry, ct);
            switch (result.Kind)
            {
                case OutcomeKind.Created:
                    created++;
                    break;
                case OutcomeKind.Ok:
                    unchanged++;
                    break;
                default:
                    issues.Add(new(DataSheet, line.Row, Col(ValueCol), result.Message ?? string.Join("；", result.Errors.SelectMany(e => e.Value))));
                    break;
            }
        }
        if (issues.Count > 0)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return (null, issues);
        }
        db.WorkbookImports.Add(new WorkbookImport { Sha256 = sha, PeriodKey = periodKey, UserId = actor.UserId, At = now, Created = created, Unchanged = unchanged });
        Audit.Record(db, actor, now, "workbook.import", "workbook", sha, null, new { periodKey, rows = lines.Count, created, unchanged });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (new WorkbookResultDto(sha, lines.Count, created, unchanged, AlreadyImported: false), issues);
    }
}
