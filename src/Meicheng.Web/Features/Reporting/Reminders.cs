using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;
using ResponsibilityRole = Meicheng.Core.Plans.ResponsibilityRole;
using ScopeLevel = Meicheng.Core.Plans.ScopeLevel;
using City = Meicheng.Web.Features.Regions.City;

namespace Meicheng.Web.Features.Reporting;

/// <summary>
/// Who has not reported for a period: every target's lead departments (from the Responsibility table) and, for targets
/// scoped to districts, each district; every milestone's lead departments for progress. A report counts once submitted.
/// </summary>
internal sealed class Reminders(AppDbContext db, TimeProvider clock, CurrentUser currentUser, ReminderChannels channels, ILogger<Reminders> log, City city)
{
    public const string HttpClientName = "reminders";

    public async Task<MissingReportsDto> MissingAsync(string periodKey, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var periods = await db.ReportingPeriods.AsNoTracking().Where(p => p.Key == periodKey).ToListAsync(ct);
        var periodIds = periods.Select(p => p.Id).ToList();
        var reported = (await db.Observations.AsNoTracking().Where(o => periodIds.Contains(o.PeriodId) && o.IsCurrent)
            .Select(o => new { o.TargetId, o.PeriodId, o.RegionCode, o.Status }).ToListAsync(ct));
        var progress = (await db.MilestoneProgress.AsNoTracking().Where(o => periodIds.Contains(o.PeriodId) && o.IsCurrent)
            .Select(o => new { o.MilestoneId, o.PeriodId, o.RegionCode, o.Status }).ToListAsync(ct));
        var leads = (await db.Responsibilities.AsNoTracking().ToListAsync(ct)).GroupBy(r => r.TaskId)
            .ToDictionary(g => g.Key, g => (g.Any(r => r.Role == ResponsibilityRole.Lead) ? g.Where(r => r.Role == ResponsibilityRole.Lead) : g).Select(r => r.DepartmentId).ToList());
        var districts = await db.Regions.AsNoTracking().Where(r => r.Kind != "city").Select(r => r.Code).ToListAsync(ct);
        var items = new List<MissingReportDto>();

        foreach (var period in periods.Where(p => p.IndicatorId is not null))
        {
            var targets = await db.Targets.AsNoTracking().Where(t => t.IndicatorId == period.IndicatorId && !t.Retired).ToListAsync(ct);
            foreach (var target in targets)
            {
                string State(Func<string, bool> region) =>
                    reported.Where(r => r.TargetId == target.Id && r.PeriodId == period.Id && region(r.RegionCode)).Select(r => r.Status).FirstOrDefault() ?? "none";
                var title = $"{target.Clause}";
                foreach (var department in target.TaskId is { } task && leads.TryGetValue(task, out var d) ? d : [])
                {
                    var state = State(_ => true);
                    if (state is "none" or ReportStatus.Draft or ReportStatus.Returned)
                        items.Add(new("observation", target.Id, title, period.Id, period.Key, period.Due, today > period.Due, department, null, city.Code, state));
                }
                if (target.ScopeLevel == ScopeLevel.District)
                {
                    foreach (var code in target.ScopeRegions.Where(districts.Contains))
                    {
                        var state = State(r => r == code);
                        if (state is "none" or ReportStatus.Draft or ReportStatus.Returned)
                            items.Add(new("observation", target.Id, title, period.Id, period.Key, period.Due, today > period.Due, null, code, code, state));
                    }
                }
            }
        }
        foreach (var period in periods.Where(p => p.IndicatorId is null))
        {
            var milestones = await db.Milestones.AsNoTracking().Where(m => !m.Retired && m.TaskId != null && m.Year >= period.Start.Year).ToListAsync(ct);
            foreach (var milestone in milestones)
            {
                var state = progress.Where(p => p.MilestoneId == milestone.Id && p.PeriodId == period.Id).Select(p => p.Status).FirstOrDefault() ?? "none";
                if (state is not ("none" or ReportStatus.Draft or ReportStatus.Returned))
                    continue;
                foreach (var department in leads.TryGetValue(milestone.TaskId!, out var d) ? d : [])
                    items.Add(new("progress", milestone.Id, milestone.Title, period.Id, period.Key, period.Due, today > period.Due, department, null, city.Code, state));
            }
        }
        items.AddRange(await Projects.ProjectAttention.ReminderItemsAsync(db, periodKey, today, ct));
        var summary = items.GroupBy(i => (i.DepartmentId, i.DistrictCode))
            .Select(g => new MissingSummaryDto(g.Key.DepartmentId ?? g.Key.DistrictCode!, g.Key.DepartmentId, g.Key.DistrictCode, g.Count(), g.Count(i => i.Overdue)))
            .OrderByDescending(s => s.Overdue).ThenByDescending(s => s.Missing).ThenBy(s => s.Reporter).ToList();
        return new MissingReportsDto(periodKey, today, summary, items);
    }

    /// <summary>One reminder per department or district with missing reports; sent to the webhook and by e-mail when configured.</summary>
    public async Task<ReminderResultDto> SendAsync(string periodKey, CancellationToken ct)
    {
        var missing = await MissingAsync(periodKey, ct);
        var users = await db.Users.AsNoTracking().Where(u => u.Email != null).ToListAsync(ct);
        var reminders = missing.Summary.Select(s => new ReminderDto(s.DepartmentId, s.DistrictCode,
            users.Where(u => (s.DepartmentId != null && u.DepartmentId == s.DepartmentId) || (s.DistrictCode != null && u.DistrictCode == s.DistrictCode))
                .Select(u => u.Email!).Order().ToList(), s.Missing, s.Overdue)).ToList();
        var mails = reminders.Select(reminder => new ReminderMail(reminder.Recipients, $"【美城】{periodKey} 期填报提醒：{reminder.Missing} 项未报送",
            $"您好：\n\n{periodKey} 期尚有以下 {reminder.Missing} 项未报送（其中逾期 {reminder.Overdue} 项）：\n"
            + string.Join("\n", missing.Items.Where(i => i.DepartmentId == reminder.DepartmentId && i.DistrictCode == reminder.DistrictCode)
                .Select(i => $"- {i.SubjectTitle}（截止 {i.Due:yyyy-MM-dd}{(i.Overdue ? "，已逾期" : "")}）"))
            + "\n\n请登录美城平台填报。")).ToList();
        var payload = new { type = "meicheng.reporting.reminders", period = periodKey, generatedAt = clock.GetUtcNow(), reminders, items = missing.Items };
        var (webhookSent, emails) = reminders.Count > 0 ? await channels.SendAsync(payload, mails, ct) : (false, 0);
        // Who reminded whom, and how: the audit log answers "were we reminded?" (等保: every administrative action is recorded).
        Audit.Record(db, await currentUser.GetAsync(ct), clock.GetUtcNow(), "reminders.send", "period", periodKey, null,
            new { Reporters = reminders.Select(r => r.DepartmentId ?? r.DistrictCode).ToList(), Missing = missing.Items.Count, webhookSent, emails });
        await db.SaveChangesAsync(ct);
        log.LogInformation("Reminders for {Period}: {Count} reporters, webhook {Webhook}, {Emails} e-mails", periodKey, reminders.Count, webhookSent, emails);
        return new ReminderResultDto(periodKey, reminders, webhookSent, emails);
    }
}
