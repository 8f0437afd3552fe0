using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Meicheng.Web.Data;
using Meicheng.Web.Features.CityCheck;
using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Tests.Evaluation;
using static Meicheng.Web.Tests.Evaluation.EvaluationWorld;

namespace Meicheng.Web.Tests.Reports;

/// <summary>
/// Reports from a frozen round. Set MEICHENG_REPORT_OUT to a folder to keep the files for a human look
/// (e.g. libreoffice --headless --convert-to pdf, then pdftoppm -png).
/// </summary>
public sealed class ReportTests
{
    private sealed record Fixture(EvaluationWorld World, RoundSummaryDto Round, HealthCheckDto Check);

    private static async Task<Fixture> RoundWithEverythingAsync(DatabaseProvider provider)
    {
        var w = await CreateAsync(provider);
        await w.ReportAsync(Enterprises, 2024, 40);
        await w.ReportAsync(Enterprises, 2026, 50);
        await w.ReportAsync(Pm25, 2024, 30.5m);
        await w.ReportAsync(Pm25, 2026, 27.3m);
        await w.ReportAsync("bc-goal-green-factories-2027", 2024, 120);
        await w.ReportAsync("bc-goal-green-factories-2027", 2026, 171);
        await w.ReportAsync(Enterprises, 2024, 30, region: "370212");
        await w.ReportAsync(Enterprises, 2026, 81, region: "370212");
        var round = await w.FreezeAsync(RoundKinds.Annual, 2026);
        (await w.Evaluator.PostAsJsonAsync($"/api/evaluation/rounds/{round.Id}/assessments",
            new AssessmentRequest("target", Enterprises, 55, "绩效分级企业培育需加快，建议对重点行业逐户帮扶。"), Ct)).EnsureSuccessStatusCode();
        var indicator = (await w.TargetAsync(Enterprises)).IndicatorId;
        var check = await (await w.Admin.PostAsJsonAsync("/api/evaluation/health-checks", new CreateHealthCheckRequest(2026, round.Id, [indicator], null), Ct))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<HealthCheckDto>(Ct);
        var problem = check!.Problems.Single();
        var task = await (await w.Admin.PostAsJsonAsync($"/api/evaluation/problems/{problem.Id}/tasks",
            new RectificationTaskRequest("开展重点行业绩效提级帮扶", "qd-ecology-environment", new DateOnly(2027, 6, 30), null), Ct))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<RectificationTaskDto>(Ct);
        (await w.Admin.PostAsJsonAsync("/api/evaluation/projects",
            new ProjectRequest(problem.Id, task!.Id, "董家口片区企业绩效提级改造", "污染治理", "370211", "董家口经济区", 3560.75m, "under-construction", null, 2026, 2027), Ct))
            .EnsureSuccessStatusCode();
        check = await w.Admin.GetFromJsonAsync<HealthCheckDto>($"/api/evaluation/health-checks/{check.Summary.Id}", Ct);
        return new Fixture(w, round, check!);
    }

    private static async Task<byte[]> DownloadAsync(HttpClient client, string url, string contentType)
    {
        var response = await client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        if (System.Environment.GetEnvironmentVariable("MEICHENG_REPORT_OUT") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition!.FileName!.Trim('"')), bytes, Ct);
        }
        return bytes;
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task The_word_report_passes_the_open_xml_validator_and_carries_the_rounds_content(DatabaseProvider provider)
    {
        var f = await RoundWithEverythingAsync(provider);
        await using var w = f.World;
        var bytes = await DownloadAsync(w.Leader, $"/api/evaluation/rounds/{f.Round.Id}/report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var errors = new OpenXmlValidator().Validate(document, Ct).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(20).Select(e => $"{e.Path?.XPath}: {e.Description}")));
        var text = document.MainDocumentPart!.Document!.Body!.InnerText;
        Assert.Contains(f.Round.Title, text, StringComparison.Ordinal);
        Assert.Contains(f.Round.SnapshotSha256, text, StringComparison.Ordinal);
        Assert.Contains("全市规划实施综合指数为 " + EvaluationText.Score(f.Round.CompositeIndex), text, StringComparison.Ordinal);
        Assert.Contains("27.3（2026）", text, StringComparison.Ordinal);
        Assert.Contains(f.Check.Problems.Single().Title, text, StringComparison.Ordinal);
        Assert.Contains("董家口片区企业绩效提级改造", text, StringComparison.Ordinal);
        Assert.Contains("绩效分级企业培育需加快", text, StringComparison.Ordinal);
        // Charts as PNG (status by plan, areas of each of the two plans, districts), the East Asian fonts set, page numbers in the footer.
        Assert.Equal(4, document.MainDocumentPart.ImageParts.Count());
        Assert.All(document.MainDocumentPart.ImageParts, p => Assert.Equal("image/png", p.ContentType));
        var styles = document.MainDocumentPart.StyleDefinitionsPart!.Styles!.OuterXml;
        Assert.Contains("w:eastAsia=\"宋体\"", styles, StringComparison.Ordinal);
        Assert.Contains("w:eastAsia=\"黑体\"", styles, StringComparison.Ordinal);
        Assert.Contains("PAGE", document.MainDocumentPart.FooterParts.Single().Footer!.OuterXml, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task The_pdf_report_is_real_text_holding_the_rounds_figures(DatabaseProvider provider)
    {
        var f = await RoundWithEverythingAsync(provider);
        await using var w = f.World;
        var bytes = await DownloadAsync(w.Leader, $"/api/evaluation/rounds/{f.Round.Id}/report.pdf", "application/pdf");
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(bytes, 0, 8), StringComparison.Ordinal);

        var text = PdfToText(bytes, w.App.Scratch);
        var flat = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        // The figures: the composite index, an observation, the investment, the page count.
        Assert.Contains("全市规划实施综合指数为" + EvaluationText.Score(f.Round.CompositeIndex), flat, StringComparison.Ordinal);
        Assert.Contains("27.3（2026）", flat, StringComparison.Ordinal);
        Assert.Contains("3560.75", flat, StringComparison.Ordinal);
        Assert.Contains(f.Round.SnapshotSha256[..32], flat, StringComparison.Ordinal);
        Assert.Matches(@"第1页共(\d+)页", flat);
        // Characters whose glyph a CJK radical shares extract as the ideograph (青, not ⻘).
        Assert.Contains("青岛市", flat, StringComparison.Ordinal);
        Assert.DoesNotContain(flat, c => c is >= '\u2E80' and <= '\u2FDF');
        var view = (await w.Leader.GetFromJsonAsync<EvaluationViewDto>($"/api/evaluation/rounds/{f.Round.Id}/view", Ct))!;
        foreach (var plan in view.Plans)
            Assert.Contains(EvaluationText.Score(plan.Index), flat, StringComparison.Ordinal);
        // Table cells wrap, so a long title is split across lines: its first words are on the page.
        Assert.Contains(f.Check.Problems.Single().Title[..8], flat, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task The_workbook_opens_and_holds_every_target(DatabaseProvider provider)
    {
        var f = await RoundWithEverythingAsync(provider);
        await using var w = f.World;
        var bytes = await DownloadAsync(w.Leader, $"/api/evaluation/rounds/{f.Round.Id}/results.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        Assert.Empty(new OpenXmlValidator().Validate(document, Ct));
        var sheets = document.WorkbookPart!.Workbook!.Sheets!.Elements<Sheet>().ToDictionary(s => s.Name!.Value!, s => (WorksheetPart)document.WorkbookPart.GetPartById(s.Id!));
        Assert.Equal(["概况", "目标评价", "时间节点", "逐级汇总", "监测数据", "专家评价", "问题清单", "项目清单"], sheets.Keys);
        var rows = Rows(sheets["目标评价"]);
        var header = rows[0];
        var city = rows.Skip(1).Where(r => r[0] == "370200").ToList();
        var library = Library();
        var allTargets = library.Plans.SelectMany(p => p.Plan.Targets).Select(t => t.Id).ToHashSet();
        Assert.Equal(allTargets.Order(), city.Select(r => r[header.IndexOf("目标编号")]).Distinct().Order());
        Assert.Equal(allTargets.Count * 4, city.Count);
        var enterprises = city.Single(r => r[header.IndexOf("目标编号")] == Enterprises && r[header.IndexOf("方法")] == EvaluationText.MethodShort("linear"));
        Assert.Equal("50", enterprises[header.IndexOf("评价值")]);
        Assert.Equal("进度滞后", enterprises[header.IndexOf("状态")]);
        Assert.Contains(rows, r => r[0] == "370212" && r[header.IndexOf("目标编号")] == Enterprises);
        Assert.Equal(8, Rows(sheets["监测数据"]).Count - 1);
        Assert.Contains(Rows(sheets["项目清单"]), r => r.Contains("3560.75"));
    }

    private static List<List<string>> Rows(WorksheetPart part) =>
        part.Worksheet!.GetFirstChild<SheetData>()!.Elements<Row>()
            .Select(r => r.Elements<Cell>().Select(c => c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text ?? "").ToList()).ToList();

    /// <summary>The PDF's text as poppler's pdftotext reads it (Debian poppler-utils, installed by scripts/test.sh).</summary>
    private static string PdfToText(byte[] pdf, string scratch)
    {
        var path = Path.Combine(scratch, "report.pdf");
        File.WriteAllBytes(path, pdf);
        using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", path, "-"]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("pdftotext did not start");
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
        return text;
    }
}
