using System.Globalization;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meicheng.Web.Features.Reporting;

/// <summary>
/// Reporting periods: opened by the plan office, and by the features that write figures (survey, environment feeds, demo
/// seeding) for the year they write. A period is created once; each creation is audited in the same SaveChanges.
/// </summary>
internal sealed class ReportingPeriods(AppDbContext db, TimeProvider clock, CurrentUser currentUser, IOptions<ReportingOptions> options)
{
    /// <summary>The API's "open periods": validated, admins only, refusals audited.</summary>
    public async Task<Outcome<List<ReportingPeriod>>> CreateAsync(CreatePeriodsRequest request, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        var now = clock.GetUtcNow();
        var errors = new FieldErrors();
        if (PeriodOf(request.Frequency, request.Year, request.Number) is null)
            errors.Add("frequency", "频率须为 annual（Number=1）、quarterly（1–4）或 monthly（1–12）");
        var unknown = request.IndicatorIds?.Except(await db.Indicators.Select(i => i.Id).ToListAsync(ct)).ToList();
        if (unknown is { Count: > 0 })
            errors.Add("indicatorIds", $"指标不存在：{string.Join("、", unknown)}");
        var refused = !actor.Is(Roles.Admin) ? Fail.Forbidden("只有规划办可以开设填报期") : errors.Any ? errors.ToFailure() : null;
        if (refused is not null)
        {
            Audit.Record(db, actor, now, "period.create.refused", "period", $"{request.Frequency}/{request.Year}/{request.Number}", null,
                new { Outcome = refused.Kind.ToString(), refused.Errors, request });
            await db.SaveChangesAsync(ct);
            return refused;
        }
        return await EnsureAsync(db, actor, request, options.Value.DueDays, now, ct);
    }

    /// <summary>The periods the request names, created when missing (audited as period.create), existing ones returned as they are.</summary>
    public static async Task<List<ReportingPeriod>> EnsureAsync(AppDbContext db, Actor actor, CreatePeriodsRequest request, int dueDays, DateTimeOffset now, CancellationToken ct)
    {
        var (key, start, end) = PeriodOf(request.Frequency, request.Year, request.Number)
            ?? throw new ArgumentException($"No period {request.Frequency} {request.Year}/{request.Number}.", nameof(request));
        var indicators = request.IndicatorIds?.ToList()
            ?? await db.Targets.Where(t => !t.Retired).Select(t => t.IndicatorId).Distinct().OrderBy(i => i).ToListAsync(ct);
        var wanted = indicators.Select(i => (string?)i).ToList();
        if (request.Progress)
            wanted.Add(null);
        var result = new List<ReportingPeriod>();
        var created = new List<ReportingPeriod>();
        foreach (var indicator in wanted)
        {
            var period = await db.ReportingPeriods.SingleOrDefaultAsync(p => p.IndicatorId == indicator && p.Key == key, ct);
            if (period is null)
            {
                period = new ReportingPeriod { IndicatorId = indicator, Frequency = request.Frequency, Key = key, Start = start, End = end, Due = request.Due ?? end.AddDays(dueDays) };
                db.ReportingPeriods.Add(period);
                created.Add(period);
            }
            result.Add(period);
        }
        if (created.Count > 0)
            Audit.Record(db, actor, now, "period.create", "period", key, null,
                new { key, request.Frequency, Indicators = created.Select(p => p.IndicatorId ?? "progress").ToList(), Due = created[0].Due });
        await db.SaveChangesAsync(ct);
        return result;
    }

    internal static (string Key, DateOnly Start, DateOnly End)? PeriodOf(string frequency, int year, int number) => frequency switch
    {
        "annual" when number == 1 => (year.ToString(CultureInfo.InvariantCulture), new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)),
        "quarterly" when number is >= 1 and <= 4 => ($"{year}-Q{number}", new DateOnly(year, number * 3 - 2, 1), new DateOnly(year, number * 3, 1).AddMonths(1).AddDays(-1)),
        "monthly" when number is >= 1 and <= 12 => ($"{year}-{number:00}", new DateOnly(year, number, 1), new DateOnly(year, number, 1).AddMonths(1).AddDays(-1)),
        _ => null,
    };
}
