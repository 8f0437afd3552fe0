using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Meicheng.Core.Environment.Outfalls;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using City = Meicheng.Web.Features.Regions.City;

namespace Meicheng.Web.Features.Environment.Outfalls;

/// <summary>
/// The registry workbook: a template to fill, and its import, validated as a whole (every problem listed by sheet, row,
/// column and reason; nothing saved unless every row is valid), an upsert by code so the same file twice changes nothing.
/// </summary>
public sealed class OutfallWorkbook(AppDbContext db, Outfalls outfalls, CurrentUser currentUser, TimeProvider clock, IOptions<OutfallOptions> options, City city)
{
    public const string Sheet = "排污口";
    public const string HelpSheet = "说明";

    public static readonly IReadOnlyList<string> Headers =
        ["排污口编码", "名称", "类型", "受纳水体类型", "受纳水体", "所在区（市）", "经度", "纬度", "责任单位", "备案状态", "备案日期", "排放标准", "在线监测站点代码", "监督性监测周期（天）", "备注"];

    // The request field each column fills, so a field error of the shared check lands on its column.
    private static readonly IReadOnlyList<string> Fields =
        ["code", "name", "type", "receivingKind", "receivingWater", "region", "longitude", "latitude", "responsibleUnit", "filing", "filedOn", "standardId", "monitorStationCode", "scheduleDays", "note"];

    private static string Col(int index) => ((char)('A' + index)).ToString();

    private sealed record Line(int Row, Outfall Wanted);

    public async Task<(OutfallImportResultDto? Result, List<WorkbookIssueDto> Issues)> ImportAsync(Stream content, long length, CancellationToken ct)
    {
        var max = options.Value.MaxImportBytes;
        if (length > max)
            return (null, [new("", 0, "", $"文件大小 {length / 1024} KB 超过上限 {max / 1024} KB")]);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        if (buffer.Length > max)
            return (null, [new("", 0, "", $"文件超过上限 {max / 1024} KB")]);
        buffer.Position = 0;
        var (table, problem) = XlsxSheetReader.Read(buffer, Sheet, options.Value.ImportLimits);
        if (table is null)
            return (null, [new(problem!.Sheet, problem.Row, problem.Column, problem.Reason)]);
        var issues = new List<WorkbookIssueDto>();
        var header = table.Count > 0 ? table[0] : [];
        for (var c = 0; c < Headers.Count; c++)
        {
            if (header.GetValueOrDefault(c)?.Trim() != Headers[c])
                issues.Add(new(Sheet, 1, Col(c), $"表头应为“{Headers[c]}”"));
        }
        if (issues.Count > 0)
            return (null, issues);

        var regions = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, StringComparer.Ordinal, ct);
        var stationCodes = (await db.Stations.AsNoTracking().Select(s => s.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var lines = new List<Line>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 1; i < table.Count; i++)
        {
            var cells = table[i];
            var row = i + 1;
            string? Get(int c) => cells.GetValueOrDefault(c) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
            if (Enumerable.Range(0, Headers.Count).All(c => Get(c) is null))
                continue;
            var before = issues.Count;
            decimal? Number(int c)
            {
                if (Get(c) is not { } text)
                    return null;
                if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                    return d;
                issues.Add(new(Sheet, row, Col(c), $"“{text}”不是数字"));
                return null;
            }
            DateOnly? Date(int c)
            {
                if (Get(c) is not { } text)
                    return null;
                if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                    return d;
                // A date cell arrives as Excel's serial day number.
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 20000 and < 80000 && serial == Math.Floor(serial))
                    return DateOnly.FromDateTime(DateTime.FromOADate(serial));
                issues.Add(new(Sheet, row, Col(c), $"“{text}”不是日期（如 2025-06-30）"));
                return null;
            }
            int? Days(int c)
            {
                var d = Number(c);
                if (d is { } x && x != Math.Floor(x))
                {
                    issues.Add(new(Sheet, row, Col(c), "周期须为整数天"));
                    return null;
                }
                return d is { } y && y is >= int.MinValue and <= int.MaxValue ? (int)y : d is null ? null : -1;
            }
            var request = new OutfallRequest(Get(0), Get(1), Get(2), Get(3), Get(4), Get(5), Number(6), Number(7), Get(8), Get(9), Date(10), Get(11), Get(12), Days(13), Get(14));
            var (errors, wanted) = Outfalls.Check(request, regions, stationCodes.Contains, outfalls.Catalogue, city);
            if (issues.Count == before)
            {
                foreach (var (field, messages) in errors.ToFailure().Errors ?? new Dictionary<string, string[]>())
                {
                    foreach (var message in messages)
                        issues.Add(new(Sheet, row, Col(Math.Max(0, Fields.ToList().IndexOf(field))), message));
                }
            }
            if (request.Code is { } code)
            {
                if (seen.TryGetValue(code, out var first))
                    issues.Add(new(Sheet, row, Col(0), $"与第 {first} 行的排污口编码重复"));
                else
                    seen[code] = row;
            }
            if (issues.Count == before)
                lines.Add(new Line(row, wanted));
        }
        if (issues.Count > 0)
            return (null, issues.OrderBy(x => x.Row).ThenBy(x => x.Column, StringComparer.Ordinal).ToList());
        if (lines.Count == 0)
            return (null, [new(Sheet, 2, "A", "工作表中没有排污口")]);

        var codes = lines.Select(l => l.Wanted.Code).ToList();
        var existing = await db.Outfalls.Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, StringComparer.Ordinal, ct);
        var actor = await currentUser.GetAsync(ct);
        var now = clock.GetUtcNow();
        int created = 0, updated = 0;
        var changes = new List<object>();
        foreach (var line in lines)
        {
            if (existing.TryGetValue(line.Wanted.Code, out var row))
            {
                var before = Outfalls.Snapshot(row);
                if (!Outfalls.Apply(row, line.Wanted))
                    continue;
                row.UpdatedAt = now;
                row.UpdatedBy = actor.Email;
                updated++;
                changes.Add(new { line.Row, before, after = Outfalls.Snapshot(row) });
            }
            else
            {
                line.Wanted.UpdatedAt = now;
                line.Wanted.UpdatedBy = actor.Email;
                db.Outfalls.Add(line.Wanted);
                created++;
                changes.Add(new { line.Row, after = Outfalls.Snapshot(line.Wanted) });
            }
        }
        var result = new OutfallImportResultDto(lines.Count, created, updated, lines.Count - created - updated);
        if (created + updated == 0)
            return (result, issues);
        // One SaveChanges: every row and the audit entry stand or fall together.
        Audit.Record(db, actor, now, "outfall.import", EntityType, $"{lines.Count} rows", null, new { created, updated, changes });
        await db.SaveChangesAsync(ct);
        return (result, issues);
    }

    private const string EntityType = Outfalls.EntityType;

    /// <summary>The template: the header row, one example row, a help sheet listing the accepted values.</summary>
    public async Task<byte[]> TemplateAsync(CancellationToken ct)
    {
        var regions = await db.Regions.AsNoTracking().Where(r => r.ParentCode == city.Code).OrderBy(r => r.Code).Select(r => r.Code + " " + r.Name).ToListAsync(ct);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook(new Sheets());
            var sheets = workbookPart.Workbook.Sheets!;
            AddSheet(workbookPart, sheets, Sheet, 1, [Headers,
                ["QD-WWTP-001", "示例污水处理厂排污口", "城镇污水处理厂", "入海", "胶州湾", "370203", "120.332", "36.109", "示例水务公司", "已备案", "2024-06-30", "gb18918-2002-1a", "", "30", "示例行，导入前请删除"]]);
            List<IReadOnlyList<string?>> help =
            [
                ["说明", "每行一个排污口；以排污口编码为准：编码已存在则更新，否则新增。任何一行有误则整份文件不保存，并逐行列出错误；同一文件重复导入不会产生任何变化。"],
                ["类型", string.Join("、", OutfallNames.Types.Select(t => t.Chinese()))],
                ["受纳水体类型", "入河、入海"],
                ["备案状态", "未备案、备案中、已备案（已备案须填备案日期）"],
                ["排放标准", "留空则按类型取默认标准；可填：" + string.Join("；", outfalls.Catalogue.Standards.Select(s => $"{s.Id}（{s.Name}）"))],
                ["在线监测站点代码", "站点登记中的在线监测设备代码（HJ 212）；留空表示无在线监测"],
                ["所在区（市）", string.Join("；", regions)],
            ];
            AddSheet(workbookPart, sheets, HelpSheet, 2, help);
            workbookPart.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static void AddSheet(WorkbookPart workbookPart, Sheets sheets, string name, uint id, List<IReadOnlyList<string?>> rows)
    {
        var part = workbookPart.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        for (var r = 0; r < rows.Count; r++)
        {
            var row = new Row { RowIndex = (uint)(r + 1) };
            for (var c = 0; c < rows[r].Count; c++)
            {
                row.Append(rows[r][c] is { } text
                    ? new Cell { CellReference = $"{Col(c)}{r + 1}", DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)) }
                    : new Cell { CellReference = $"{Col(c)}{r + 1}" });
            }
            data.Append(row);
        }
        part.Worksheet = new Worksheet(data);
        sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = id, Name = name });
    }
}
