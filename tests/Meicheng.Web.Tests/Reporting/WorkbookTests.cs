using Meicheng.Web.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Reporting;

namespace Meicheng.Web.Tests.Reporting;

public sealed class WorkbookTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<byte[]> Download(ReportingWorld w)
    {
        var response = await w.Reporter.GetAsync($"/api/reporting/workbook?period={w.Period.Key}", Ct);
        response.EnsureSuccessStatusCode();
        Assert.Equal(Meicheng.Web.Features.Reporting.Workbook.ContentType, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    private static async Task<HttpResponseMessage> Upload(ReportingWorld w, byte[] bytes, string name = "填报.xlsx")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(Meicheng.Web.Features.Reporting.Workbook.ContentType);
        form.Add(file, "file", name);
        return await w.Reporter.PostAsync($"/api/reporting/workbook?period={w.Period.Key}", form, Ct);
    }

    private static async Task<List<WorkbookIssueDto>> Issues(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.True(json.TryGetProperty("errors", out _));
        return json.GetProperty("issues").Deserialize<List<WorkbookIssueDto>>(JsonSerializerOptions.Web)!;
    }

    private static async Task<(int Observations, int Audit)> Counts(ReportingWorld w) =>
        ((await w.Admin.GetFromJsonAsync<List<ObservationDto>>("/api/reporting/observations?all=true", Ct))!.Count,
         (await w.Admin.GetFromJsonAsync<List<AuditEntryDto>>("/api/admin/audit", Ct))!.Count);

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_reporter_fills_the_prefilled_workbook_and_uploading_it_twice_changes_nothing_the_second_time(DatabaseProvider provider)
    {
        await using var w = await ReportingWorld.CreateAsync(provider, unit: "万平方米");
        var bytes = await Download(w);
        var row = XlsxEditor.RowOf(bytes, w.Target.TargetId);
        Assert.Equal(["目标编号", "规划", "指标", "目标（原文）", "指标单位", "上期值", "区域代码", "本期数值", "填报单位", "数据来源", "统计口径"], XlsxEditor.Row(bytes, 1).Take(11));
        Assert.Equal(w.Target.TargetUnit, XlsxEditor.Cell(bytes, $"I{row}"));
        Assert.Equal("370200", XlsxEditor.Cell(bytes, $"G{row}"));
        Assert.True(XlsxEditor.HasListValidation(bytes, "I"), "the unit column validates against a list");

        var filled = XlsxEditor.Edit(bytes, (s, _) => { s.Set($"H{row}", 2_000_000m); s.Set($"I{row}", "平方米"); s.Set($"J{row}", "住建局台账"); });
        var first = await Upload(w, filled);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((1, 0, false), Shape((await first.Content.ReadFromJsonAsync<WorkbookResultDto>(Ct))!));
        var saved = Assert.Single((await w.Admin.GetFromJsonAsync<List<ObservationDto>>("/api/reporting/observations?all=true", Ct))!);
        Assert.Equal((200m, "万平方米", "submitted"), (saved.Value, saved.Unit, saved.Status));
        var counts = await Counts(w);

        // The same file again: recognised by its hash, nothing changes.
        var again = await (await Upload(w, filled)).Content.ReadFromJsonAsync<WorkbookResultDto>(Ct);
        Assert.True(again!.AlreadyImported);
        Assert.Equal(counts, await Counts(w));

        // A fresh download now carries the value; uploading it unchanged is a different file with identical values: no new revision.
        var redownloaded = await Download(w);
        Assert.Equal("2000000", XlsxEditor.Cell(redownloaded, $"H{row}"));
        var identical = await (await Upload(w, redownloaded)).Content.ReadFromJsonAsync<WorkbookResultDto>(Ct);
        Assert.Equal((0, 1, false), Shape(identical!));
        Assert.Equal(counts.Observations, (await Counts(w)).Observations);
    }

    private static (int Created, int Unchanged, bool Already) Shape(WorkbookResultDto r) => (r.Created, r.Unchanged, r.AlreadyImported);

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_malformed_workbook_is_refused_whole_with_every_problem_listed_and_nothing_saved(DatabaseProvider provider)
    {
        await using var w = await ReportingWorld.CreateAsync(provider, unit: "万平方米");
        var bytes = await Download(w);
        var before = await Counts(w);
        var n = XlsxEditor.Row(bytes, 1).Count == 0 ? 0 : XlsxEditor.LastRow(bytes);
        var target = w.Target.TargetId;
        var valid = XlsxEditor.RowOf(bytes, target);

        var bad = XlsxEditor.Edit(bytes, (s, _) =>
        {
            s.Set($"H{valid}", 12m); // a valid row: it must not be saved either
            s.SetRow(n + 1, target, "370202", "十二", "万平方米");   // text in a number cell
            s.SetRow(n + 2, "bc-nope", "370200", 5m, "万平方米");   // unknown target
            s.SetRow(n + 3, target, "370203", 5m, "%");            // a unit that does not convert
            s.SetRow(n + 4, target, "370211", 1m, "万平方米");
            s.SetRow(n + 5, target, "370211", 2m, "万平方米");      // the same target and region twice
            s.SetRow(n + 6, target, "999999", 3m, "万平方米");      // not a GB/T 2260 code
        });
        var issues = await Issues(await Upload(w, bad));
        Assert.Equal(
        [
            new("填报", n + 1, "H", "“十二”不是数字"),
            new("填报", n + 2, "A", "未知的目标编号 bc-nope"),
            new("填报", n + 3, "I", "单位“%”不能换算为指标单位“万平方米”"),
            new("填报", n + 5, "A", $"与第 {n + 4} 行重复（同一目标、同一区域）"),
            new("填报", n + 6, "G", "无效的行政区划代码 999999"),
        ], issues);
        Assert.Equal(before, await Counts(w));

        // The wrong sheet.
        var renamed = XlsxEditor.Edit(bytes, (_, sheets) => sheets.Elements<Sheet>().First().Name = "Sheet1");
        Assert.Equal([new WorkbookIssueDto("填报", 0, "", "工作簿中没有名为“填报”的工作表")], await Issues(await Upload(w, renamed)));

        // Not a workbook at all, and a file over the limit.
        Assert.Equal([new WorkbookIssueDto("", 0, "", "不是有效的 Excel（.xlsx）文件")], await Issues(await Upload(w, "目标编号,数值\n"u8.ToArray())));
        var huge = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(huge);
        Assert.Equal([new WorkbookIssueDto("", 0, "", "文件大小 3072 KB 超过上限 2048 KB")], await Issues(await Upload(w, huge)));

        // A changed header.
        var header = XlsxEditor.Edit(bytes, (s, _) => s.Set("H1", "数值"));
        Assert.Equal([new WorkbookIssueDto("填报", 1, "H", "表头应为“本期数值”")], await Issues(await Upload(w, header)));

        Assert.Equal(before, await Counts(w));
    }
}

/// <summary>Reads and edits .xlsx bytes with the Open XML SDK, as a person would in Excel.</summary>
internal static class XlsxEditor
{
    public sealed class SheetEditor(SheetData data)
    {
        public void Set(string reference, object value)
        {
            var rowIndex = uint.Parse(new string(reference.SkipWhile(char.IsLetter).ToArray()), System.Globalization.CultureInfo.InvariantCulture);
            var row = data.Elements<Row>().FirstOrDefault(r => r.RowIndex?.Value == rowIndex);
            if (row is null)
            {
                row = new Row { RowIndex = rowIndex };
                data.Append(row);
            }
            var cell = row.Elements<Cell>().FirstOrDefault(c => c.CellReference?.Value == reference);
            if (cell is null)
            {
                cell = new Cell { CellReference = reference };
                var after = row.Elements<Cell>().LastOrDefault(c => string.CompareOrdinal(c.CellReference?.Value, reference) < 0 && c.CellReference!.Value!.Length == reference.Length);
                if (after is null)
                    row.PrependChild(cell);
                else
                    after.InsertAfterSelf(cell);
            }
            cell.RemoveAllChildren();
            if (value is decimal d)
            {
                cell.DataType = CellValues.Number;
                cell.CellValue = new CellValue(d.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                cell.DataType = CellValues.InlineString;
                cell.InlineString = new InlineString(new Text((string)value));
            }
        }

        public void SetRow(int row, string target, string region, object value, string unit)
        {
            Set($"A{row}", target);
            Set($"G{row}", region);
            Set($"H{row}", value);
            Set($"I{row}", unit);
        }
    }

    public static byte[] Edit(byte[] bytes, Action<SheetEditor, Sheets> edit)
    {
        using var stream = new MemoryStream();
        stream.Write(bytes);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var wb = document.WorkbookPart!;
            var sheet = wb.Workbook.Sheets!.Elements<Sheet>().First();
            var data = ((WorksheetPart)wb.GetPartById(sheet.Id!)).Worksheet.GetFirstChild<SheetData>()!;
            edit(new SheetEditor(data), wb.Workbook.Sheets!);
            wb.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static SheetData Data(SpreadsheetDocument document, out WorksheetPart part)
    {
        var wb = document.WorkbookPart!;
        part = (WorksheetPart)wb.GetPartById(wb.Workbook.Sheets!.Elements<Sheet>().First().Id!);
        return part.Worksheet.GetFirstChild<SheetData>()!;
    }

    public static List<string> Row(byte[] bytes, int row)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var r = Data(document, out _).Elements<Row>().FirstOrDefault(x => x.RowIndex?.Value == row);
        return r?.Elements<Cell>().Select(Text).ToList() ?? [];
    }

    public static string Cell(byte[] bytes, string reference)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        return Data(document, out _).Descendants<Cell>().Where(c => c.CellReference?.Value == reference).Select(Text).SingleOrDefault() ?? "";
    }

    public static int RowOf(byte[] bytes, string targetId)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        return (int)Data(document, out _).Descendants<Cell>().First(c => c.CellReference!.Value!.StartsWith('A') && Text(c) == targetId).Ancestors<Row>().First().RowIndex!.Value;
    }

    public static int LastRow(byte[] bytes)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        return (int)Data(document, out _).Elements<Row>().Max(r => r.RowIndex!.Value);
    }

    public static bool HasListValidation(byte[] bytes, string column)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        Data(document, out var part);
        return part.Worksheet.Descendants<DataValidation>().Any(v => v.Type?.Value == DataValidationValues.List
            && (v.SequenceOfReferences?.InnerText ?? "").StartsWith(column + "2:", StringComparison.Ordinal));
    }

    private static string Text(Cell c) => c.DataType?.Value == CellValues.InlineString ? c.InlineString?.InnerText ?? "" : c.CellValue?.Text ?? "";
}
