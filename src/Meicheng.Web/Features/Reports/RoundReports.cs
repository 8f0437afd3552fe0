using Meicheng.Web.Features.Evaluation;
using System.Globalization;
using Meicheng.Web.Data;
using Meicheng.Web.Features.CityCheck;
using Microsoft.EntityFrameworkCore;

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

public static class RoundReports
{
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static async Task<RoundReport?> LoadAsync(AppDbContext db, int roundId, DateOnly today, CancellationToken ct)
    {
        if (await EvaluationApi.LoadRoundAsync(db, roundId, ct) is not ({ } round, { } snapshot))
            return null;
        var view = EvaluationViews.View(snapshot, round.Id, EvaluationText.City, round.PrimaryMethod, null);
        var combined = await Assessments.CombineAsync(db, round, snapshot, round.PrimaryMethod, ct);
        var assessments = await Assessments.ListAsync(db, round.Id, ct);
        var checkId = await db.HealthChecks.Where(c => c.RoundId == round.Id).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);
        var check = checkId is { } id ? await HealthChecks.GetAsync(db, id, today, ct) : null;
        return new RoundReport(round.ToDto(), snapshot, view, combined, assessments, check);
    }
}
