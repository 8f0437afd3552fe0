using System.Text.Json;
using Meicheng.Core.Projects;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using City = Meicheng.Web.Features.Regions.City;

namespace Meicheng.Web.Features.Projects;

/// <summary>The data/projects folder: projects the plans name, loaded at start.</summary>
public sealed class ProjectFilesOptions
{
    public string Directory { get; set; } = Path.Combine(AppContext.BaseDirectory, "data", "projects");
}

/// <summary>
/// What the library takes from the data files at start: the feed rules of the plan targets (data/plans, "feed") and the
/// projects the plans name (data/projects/*.json), each linked to its task, status unknown until reported. Loading again
/// changes nothing; a project someone has since edited keeps their edits (only its link to the plan is refreshed).
/// </summary>
public static class ProjectData
{
    private sealed record NamedFile(string Schema, List<NamedProject> Projects);

    private sealed record NamedProject(string Key, string Name, string Type, List<string>? PlanTasks, List<string>? Targets, string? Department,
        string? Region, string? Location, decimal? Capacity, decimal? Area, string? Content, string? Source);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task LoadProjectDataAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var plans = scope.ServiceProvider.GetRequiredService<IOptions<PlanFilesOptions>>().Value;
        var files = scope.ServiceProvider.GetRequiredService<IOptions<ProjectFilesOptions>>().Value;
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var city = scope.ServiceProvider.GetRequiredService<City>().Code;
        if (System.IO.Directory.Exists(plans.Directory) && LoadPlans(plans) is { } library)
            await SyncFeedsAsync(db, library, ct);
        if (System.IO.Directory.Exists(files.Directory))
        {
            foreach (var path in System.IO.Directory.GetFiles(files.Directory, "*.json").Order(StringComparer.Ordinal))
                await LoadNamedAsync(db, JsonSerializer.Deserialize<NamedFile>(await File.ReadAllTextAsync(path, ct), Json)
                    ?? throw new InvalidDataException($"{path}: empty"), path, city, clock.GetUtcNow(), ct);
        }
    }

    // A malformed plan file is the plan import's to report (on /health, keeping the last good plans); the feed rules then
    // stay as the last good files set them.
    private static PlanLibrary? LoadPlans(PlanFilesOptions plans)
    {
        try
        {
            return PlanLibrary.Load(plans.Directory, plans.ResolvedReferenceDirectory);
        }
        catch (Meicheng.Core.Plans.PlanFileException)
        {
            return null;
        }
    }

    internal static async Task SyncFeedsAsync(AppDbContext db, PlanLibrary library, CancellationToken ct)
    {
        var wanted = library.Plans.SelectMany(p => p.Plan.Targets).Where(t => t.Feed is not null).ToDictionary(t => t.Id, t => t.Feed!);
        var existing = await db.TargetFeeds.ToListAsync(ct);
        db.TargetFeeds.RemoveRange(existing.Where(e => !wanted.ContainsKey(e.TargetId)));
        foreach (var (id, rule) in wanted)
        {
            var row = existing.SingleOrDefault(e => e.TargetId == id);
            if (row is null)
                db.TargetFeeds.Add(row = new TargetFeed { TargetId = id, Measure = rule.Measure, Window = rule.Window });
            row.Measure = rule.Measure;
            row.Window = rule.Window;
            if (!row.Types.SequenceEqual(rule.Types))
                row.Types = [.. rule.Types];
            if (!row.Statuses.SequenceEqual(rule.Statuses))
                row.Statuses = [.. rule.Statuses];
        }
        await db.SaveChangesAsync(ct);
    }

    private static async Task LoadNamedAsync(AppDbContext db, NamedFile file, string path, string city, DateTimeOffset now, CancellationToken ct)
    {
        if (file.Schema != "meicheng.projects/1")
            throw new InvalidDataException($"{path}: schema should be meicheng.projects/1, found {file.Schema}");
        var keys = file.Projects.Select(p => p.Key).ToList();
        var existing = await db.Projects.Where(p => p.Key != null && keys.Contains(p.Key)).ToDictionaryAsync(p => p.Key!, ct);
        var tasks = (await db.PlanTasks.Select(t => t.Id).ToListAsync(ct)).ToHashSet();
        var targets = (await db.Targets.Select(t => t.Id).ToListAsync(ct)).ToHashSet();
        foreach (var n in file.Projects)
        {
            var planTasks = (n.PlanTasks ?? []).Where(tasks.Contains).ToList();
            var targetIds = (n.Targets ?? []).Where(targets.Contains).ToList();
            if (existing.TryGetValue(n.Key, out var p))
            {
                if (!p.PlanTaskIds.SequenceEqual(planTasks))
                    p.PlanTaskIds = planTasks;
                if (!p.TargetIds.SequenceEqual(targetIds))
                    p.TargetIds = targetIds;
                continue;
            }
            db.Projects.Add(new Project
            {
                Key = n.Key, Name = n.Name, Type = n.Type, Status = ProjectStatus.Unknown, Origin = "plan", PlanTaskIds = planTasks, TargetIds = targetIds,
                DepartmentId = n.Department, RegionCode = n.Region ?? city, Location = n.Location, Capacity = n.Capacity, Area = n.Area,
                Content = n.Content ?? n.Source, CreatedAt = now, UpdatedAt = now,
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
