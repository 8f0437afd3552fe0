using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Meicheng.Web.Common;
using Meicheng.Web.Components;
using Meicheng.Web.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Accounts;

/// <summary>Which entries an export holds: Asia/Shanghai calendar days (inclusive), a person (e-mail or account id, part of it) and an object.</summary>
public sealed record AuditFilter(DateOnly? From, DateOnly? To, string? Person, string? EntityType, string? EntityId);

/// <summary>
/// The audit log exported for the auditor (等保 2.0: 审计记录的备份与导出): CSV (UTF-8 with BOM, for Excel) or XLSX, Chinese
/// headers, Beijing times, filtered by date, person and object. Readable by Policies.AuditRead only.
/// </summary>
public static class AuditExport
{
    /// <summary>Excel's limit, less the header row.</summary>
    public const int MaxRows = 1_048_575;


    public static readonly IReadOnlyList<string> Headers = ["编号", "时间（北京时间）", "操作人", "操作人账户编号", "操作", "对象类型", "对象编号", "原值", "新值", "理由"];

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/admin/audit/export", ExportAsync).WithTags("Admin").RequireAuthorization(Policies.AuditRead)
            .WithSummary("The audit log as CSV or XLSX (format=csv|xlsx) with Chinese headers and Beijing times; from/to (Asia/Shanghai dates, inclusive), person, entityType, entityId filter it");

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> ExportAsync(
        string? format, DateOnly? from, DateOnly? to, string? person, string? entityType, string? entityId, AppDbContext db, CancellationToken ct)
    {
        format = (format ?? "csv").ToLowerInvariant();
        if (format is not ("csv" or "xlsx"))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["格式须为 csv 或 xlsx"] });
        if (from > to)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["起始日期不能晚于截止日期"] });
        var rows = await QueryAsync(db, new AuditFilter(from, to, person, entityType, entityId), ct);
        var name = $"meicheng-audit-{from?.ToString("yyyyMMdd", CultureInfo.InvariantCulture) ?? "all"}-{to?.ToString("yyyyMMdd", CultureInfo.InvariantCulture) ?? "now"}";
        return format == "xlsx"
            ? TypedResults.File(Xlsx(rows), Reporting.Workbook.ContentType, name + ".xlsx")
            : TypedResults.File(Encoding.UTF8.GetBytes(Csv(rows)), "text/csv; charset=utf-8", name + ".csv");
    }

    /// <summary>
    /// The matching entries, oldest first. The date filter is applied while reading (SQLite cannot compare DateTimeOffset
    /// in SQL); entries are streamed, and at most <see cref="MaxRows"/> are kept.
    /// </summary>
    public static async Task<List<AuditEntry>> QueryAsync(AppDbContext db, AuditFilter filter, CancellationToken ct)
    {
        var q = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Person))
        {
            var person = filter.Person.Trim();
            q = q.Where(e => e.UserName.Contains(person) || e.UserId == person);
        }
        if (!string.IsNullOrWhiteSpace(filter.EntityType))
            q = q.Where(e => e.EntityType == filter.EntityType.Trim());
        if (!string.IsNullOrWhiteSpace(filter.EntityId))
            q = q.Where(e => e.EntityId == filter.EntityId.Trim());
        var rows = new List<AuditEntry>();
        await foreach (var e in q.OrderBy(e => e.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            var day = Display.Today(e.At);
            if ((filter.From is { } f && day < f) || (filter.To is { } t && day > t))
                continue;
            rows.Add(e);
            if (rows.Count == MaxRows)
                break;
        }
        return rows;
    }

    private static string[] Cells(AuditEntry e) =>
    [
        e.Id.ToString(CultureInfo.InvariantCulture), Display.ChinaTime(e.At).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), e.UserName, e.UserId,
        e.Action, e.EntityType, e.EntityId, e.OldValue ?? "", e.NewValue ?? "", e.Reason ?? "",
    ];

    public static string Csv(IEnumerable<AuditEntry> entries)
    {
        var csv = new StringBuilder("\uFEFF").AppendJoin(',', Headers.Select(Field)).Append("\r\n");
        foreach (var e in entries)
            csv.AppendJoin(',', Cells(e).Select(Field)).Append("\r\n");
        return csv.ToString();
    }

    // RFC 4180 quoting; a leading = + - @ is prefixed so a spreadsheet never runs a cell as a formula.
    private static string Field(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0]))
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    /// <summary>One sheet, "审计日志", every cell an inline string (nothing is ever evaluated as a formula).</summary>
    public static byte[] Xlsx(IEnumerable<AuditEntry> entries)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            document.PackageProperties.Title = "美城审计日志";
            document.PackageProperties.Creator = "美城 Meicheng";
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Row(Headers));
            foreach (var e in entries)
                data.Append(Row(Cells(e)));
            sheetPart.Worksheet = new Worksheet(
                new Columns([.. new double[] { 10, 20, 28, 38, 22, 12, 38, 50, 50, 30 }.Select((w, i) =>
                    new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w, CustomWidth = true })]),
                data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "审计日志" }));
        }
        return stream.ToArray();
    }

    private static Row Row(IEnumerable<string> values) => new([.. values.Select(v => new Cell
    {
        DataType = CellValues.InlineString,
        InlineString = new InlineString(new Text(v.Length > 32_767 ? v[..32_767] : v) { Space = SpaceProcessingModeValues.Preserve }),
    })]);
}
