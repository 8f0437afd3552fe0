using System.Globalization;
using Meicheng.Web.Common;
using Meicheng.Web.Features.CityCheck;
using Meicheng.Web.Features.Evaluation;

namespace Meicheng.Web.Features.Reports;

/// <summary>What a report is made from: the frozen round, its city view by the round's method, the assessments, and the year's health check.</summary>
public sealed record RoundReport(
    RoundSummaryDto Round, EvaluationSnapshot Snapshot, EvaluationViewDto City, CombinedResultDto Combined, IReadOnlyList<AssessmentDto> Assessments,
    HealthCheckDto? Check)
{
    public string FileName(string extension) => $"meicheng-round-{Round.Id}-{Round.Year}-{Round.Kind}.{extension}";

    public static string ChineseDate(DateTimeOffset at) => ChineseDate(DateOnly.FromDateTime(at.UtcDateTime.AddHours(8)));

    public static string ChineseDate(DateOnly date) => string.Create(CultureInfo.InvariantCulture, $"{date.Year}年{date.Month}月{date.Day}日");
}

/// <summary>A generated file: its bytes, content type and download name.</summary>
public sealed record ReportFile(byte[] Content, string ContentType, string FileName);

/// <summary>The reports of a frozen round: the monitoring report as Word or PDF, and every result as Excel.</summary>
public sealed class RoundReports(Rounds rounds, Assessments assessments, CityChecks checks, ReportFonts fonts)
{
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string PdfType = "application/pdf";

    public async Task<Outcome<ReportFile>> DocxAsync(int roundId, CancellationToken ct) =>
        (await LoadAsync(roundId, ct)).Map(r => new ReportFile(DocxReport.Build(r, fonts), DocxType, r.FileName("docx")));

    public async Task<Outcome<ReportFile>> PdfAsync(int roundId, CancellationToken ct) =>
        (await LoadAsync(roundId, ct)).Map(r => new ReportFile(PdfReport.Build(r, fonts), PdfType, r.FileName("pdf")));

    public async Task<Outcome<ReportFile>> XlsxAsync(int roundId, CancellationToken ct) =>
        (await LoadAsync(roundId, ct)).Map(r => new ReportFile(XlsxResults.Build(r), Reporting.Workbook.ContentType, r.FileName("xlsx")));

    public async Task<Outcome<RoundReport>> LoadAsync(int roundId, CancellationToken ct)
    {
        if (await rounds.FindAsync(roundId, ct) is not { } frozen)
            return Fail.NotFound($"评估轮次 {roundId} 不存在");
        var (round, snapshot) = frozen;
        var view = EvaluationViews.View(snapshot, round.Id, snapshot.City, round.PrimaryMethod, null);
        var combined = await assessments.CombineAsync(frozen, round.PrimaryMethod, ct);
        var rows = await assessments.RowsAsync(round.Id, ct);
        var check = await checks.ForRoundAsync(round.Id, ct);
        return new RoundReport(round.ToDto(), snapshot, view, combined, rows, check);
    }
}
