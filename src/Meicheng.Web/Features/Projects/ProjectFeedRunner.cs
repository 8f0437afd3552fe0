using System.Text.Json;
using Meicheng.Core.Projects;
using Meicheng.Web.Common;
using Meicheng.Web.Components;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using City = Meicheng.Web.Features.Regions.City;

namespace Meicheng.Web.Features.Projects;

/// <summary>A target fed by a rule over the project library, as the plan file states it (synchronised at start).</summary>
public sealed class TargetFeed
{
    public required string TargetId { get; set; }
    public required string Measure { get; set; }
    public List<string> Types { get; set; } = [];
    public List<string> Statuses { get; set; } = [];
    public required string Window { get; set; }

    public FeedRule Rule => new(Measure, Types, Statuses, Window);
}

/// <summary>What one feed did: the target, the year, the value and the projects it counted, or why nothing was written.</summary>
public sealed record ProjectFeedResultDto(string TargetId, int Year, string Outcome, decimal? Value, IReadOnlyList<int> ProjectIds, string Rule, string? Note);

/// <summary>
/// Computes the targets fed by the project library: for each, the rule over the library's projects for the target's year
/// (this year at the latest), written as a computed observation (submitted for review like any other) whose provenance
/// names the rule and the projects. Run whenever a project is created, imported or changes status. Identical values
/// add no revision; an approved (locked) figure is left alone until the office reopens it.
/// </summary>
public sealed class ProjectFeedRunner(AppDbContext db, TimeProvider clock, IOptions<ReportingOptions> reporting, City city)
{
    /// <summary>The computation writes as the system, so every person may review what it wrote (nobody entered it).</summary>
    internal static readonly Actor Computation = new("system", "system", "项目库计算", new HashSet<string> { Roles.Admin }, null, null);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<List<ProjectFeedResultDto>> RecomputeAsync(CancellationToken ct)
    {
        var feeds = await db.TargetFeeds.AsNoTracking().OrderBy(f => f.TargetId).ToListAsync(ct);
        if (feeds.Count == 0)
            return [];
        var ids = feeds.Select(f => f.TargetId).ToList();
        var targets = await db.Targets.AsNoTracking().Include(t => t.Indicator).Where(t => ids.Contains(t.Id) && !t.Retired).ToDictionaryAsync(t => t.Id, ct);
        var invested = (await db.ProjectProgress.AsNoTracking().Where(x => x.Status == ReportStatus.Approved && x.IsCurrent)
                .Select(x => new { x.ProjectId, x.PeriodId, x.InvestedToDate }).ToListAsync(ct))
            .GroupBy(x => x.ProjectId).ToDictionary(g => g.Key, g => g.MaxBy(x => x.PeriodId)!.InvestedToDate);
        var projects = (await db.Projects.AsNoTracking().ToListAsync(ct)).Select(p => ProjectOperations.Facts(p, invested.GetValueOrDefault(p.Id))).ToList();
        var now = clock.GetUtcNow();
        var thisYear = Display.Today(now).Year;
        var results = new List<ProjectFeedResultDto>();
        foreach (var feed in feeds)
        {
            var rule = feed.Rule;
            if (!targets.TryGetValue(feed.TargetId, out var target))
            {
                results.Add(new(feed.TargetId, thisYear, "skipped", null, [], rule.Describe(thisYear), "该目标不在当前规划数据中（或已停用）"));
                continue;
            }
            var year = Math.Min(thisYear, target.Year);
            // An empty library has nothing to say about a target: no project of its types, no figure (not a zero).
            if (!projects.Any(p => rule.Types.Count == 0 || rule.Types.Contains(p.Type)))
            {
                results.Add(new(feed.TargetId, year, "skipped", null, [], rule.Describe(year), "项目库中尚无该类型的项目"));
                continue;
            }
            var result = ProjectFeeds.Evaluate(rule, projects, year);
            var period = (await ReportingPeriods.EnsureAsync(db, Computation, new CreatePeriodsRequest("annual", year, 1, null, [target.IndicatorId], false),
                reporting.Value.DueDays, now, ct)).Single();
            var names = projects.Where(p => result.ProjectIds.Contains(p.Id)).Take(200).Select(p => p.Name).ToList();
            var provenance = JsonSerializer.Serialize(new { feed = "project-library", target = target.Id, year, rule = result.Rule, feedRule = rule, projects = result.ProjectIds, names }, Json);
            var saved = await Reporting.Reports.SaveObservationAsync(db, Computation,
                new ObservationRequest(target.Id, period.Id, city.Code, result.Value, target.Indicator!.Unit, "美城项目库", result.Rule, Submit: true,
                    Version: null, Source: "computed", Provenance: provenance), now, Supersede.SameSource, ct);
            results.Add(new(target.Id, year, saved.Kind switch
            {
                OutcomeKind.Created => "created",
                OutcomeKind.Ok => "unchanged",
                OutcomeKind.Conflict => "conflict",
                _ => "invalid",
            }, result.Value, result.ProjectIds, result.Rule, saved.Succeeded ? null : saved.Message ?? string.Join("；", saved.Errors.SelectMany(e => e.Value))));
            db.ChangeTracker.Clear();
        }
        return results;
    }
}
