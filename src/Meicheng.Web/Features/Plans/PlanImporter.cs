using System.Security.Cryptography;
using Meicheng.Core.Plans;
using Meicheng.Core.Plans.Versions;
using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using CorePlans = Meicheng.Core.Plans;
using Department = Meicheng.Web.Features.Departments.Department;
using Region = Meicheng.Web.Features.Regions.Region;
using Zone = Meicheng.Web.Features.Regions.Zone;

namespace Meicheng.Web.Features.Plans;

/// <summary>Where the plan files and the reference data are read from.</summary>
public sealed class PlanFilesOptions
{
    /// <summary>The folder of plan files; default: the data/plans copied beside the app.</summary>
    public string Directory { get; set; } = Path.Combine(AppContext.BaseDirectory, "data", "plans");

    /// <summary>The folder of regions.json and departments.json; default: data/reference beside the plans.</summary>
    public string? ReferenceDirectory { get; set; }

    public string ResolvedReferenceDirectory =>
        ReferenceDirectory ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Directory).TrimEnd(Path.DirectorySeparatorChar))!, "reference");
}

/// <summary>All plan files of a folder, parsed and validated together before anything touches the database.</summary>
public sealed record PlanLibrary(ReferenceData Reference, IReadOnlyList<PlanLibrary.Entry> Plans)
{
    /// <summary>One plan file; <paramref name="Bytes"/> is the file as read, kept as the plan's version document.</summary>
    public sealed record Entry(string File, string ContentHash, PlanDocument Plan, byte[]? Bytes = null);

    public static PlanLibrary Load(string plansDirectory, string referenceDirectory)
    {
        var regionsPath = Path.Combine(referenceDirectory, "regions.json");
        var departmentsPath = Path.Combine(referenceDirectory, "departments.json");
        foreach (var path in new[] { regionsPath, departmentsPath }.Where(p => !File.Exists(p)))
            throw new PlanFileException(Path.GetFileName(path), "file", "(file)", $"not found at {path}");
        var reference = ReferenceData.Parse("regions.json", File.ReadAllText(regionsPath), "departments.json", File.ReadAllText(departmentsPath));

        if (!System.IO.Directory.Exists(plansDirectory))
            throw new PlanFileException(plansDirectory, "folder", "(folder)", "the plans folder does not exist");
        var entries = new List<Entry>();
        foreach (var path in System.IO.Directory.GetFiles(plansDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(path);
            var file = Path.GetFileName(path);
            var plan = PlanFile.Parse(file, System.Text.Encoding.UTF8.GetString(bytes), reference);
            entries.Add(new Entry(file, Convert.ToHexStringLower(SHA256.HashData(bytes)), plan, bytes));
        }
        PlanFile.ValidateSet(entries.Select(e => (e.File, e.Plan)).ToList());
        return new PlanLibrary(reference, entries);
    }
}

/// <summary>What a start-up import did to one plan; <see cref="ManagedInBrowser"/> when the file was left aside because the plan's current version was uploaded or corrected in the browser.</summary>
public sealed record PlanImportSummary(string PlanId, string File, int Added, int Updated, int Retired, bool ManagedInBrowser = false)
{
    public bool Changed => Added + Updated + Retired > 0;
}

/// <summary>The last import's outcome, for /health and the logs.</summary>
public sealed class PlanImportStatus
{
    public DateTimeOffset? At { get; set; }
    public string? Error { get; set; }
    public IReadOnlyList<PlanImportSummary> Summaries { get; set; } = [];
}

/// <summary>
/// Writes a validated <see cref="PlanLibrary"/> into the database in one transaction, by stable ids:
/// rows are updated in place, items no longer in a file are retired (kept, with the user data attached
/// to them), and importing the same files again changes nothing.
/// </summary>
public sealed class PlanImporter(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<PlanImportSummary>> ImportAsync(PlanLibrary library, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();

        await ImportReferenceAsync(db, library.Reference, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        var summaries = new List<PlanImportSummary>();
        var indicatorsWritten = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in library.Plans)
        {
            var current = await db.PlanVersions.SingleOrDefaultAsync(v => v.PlanId == entry.Plan.Id && v.State == PlanVersionStates.Current, cancellationToken);
            if (current is not null && current.Origin != PlanVersionOrigins.File)
            {
                // The office has moved this plan on in the browser (a new version, a correction): the file is its past.
                indicatorsWritten.UnionWith(entry.Plan.Indicators.Select(i => i.Id));
                summaries.Add(new PlanImportSummary(entry.Plan.Id, entry.File, 0, 0, 0, ManagedInBrowser: true));
                continue;
            }
            await WritePlanAsync(db, entry.Plan, entry.File, entry.ContentHash, now, indicatorsWritten, cancellationToken);
            var added = db.ChangeTracker.Entries().Count(e => e.State == EntityState.Added);
            var retired = db.ChangeTracker.Entries().Count(e => e.State == EntityState.Modified && e.Properties.Any(p => p.Metadata.Name == "Retired" && p.IsModified && (bool)p.CurrentValue!));
            var updated = db.ChangeTracker.Entries().Count(e => e.State is EntityState.Modified or EntityState.Deleted) - retired;
            var summary = new PlanImportSummary(entry.Plan.Id, entry.File, added, updated, retired);
            if (summary.Changed)
            {
                db.PlanImports.Add(new PlanImport
                {
                    PlanId = entry.Plan.Id, File = entry.File, ContentHash = entry.ContentHash, ImportedAt = now,
                    Added = added, Updated = updated, Retired = retired,
                });
                db.Plans.Local.Single(p => p.Id == entry.Plan.Id).ImportedAt = now;
            }
            var document = entry.Bytes is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : PlanJson.Write(entry.Plan);
            if (current is null)
                db.PlanVersions.Add(PlanVersionOrigins.FromFile(entry.Plan, document, entry.ContentHash, now));
            else if (current.ContentHash != entry.ContentHash)
            {
                current.Document = document;
                current.ContentHash = entry.ContentHash;
            }
            await db.SaveChangesAsync(cancellationToken);
            summaries.Add(summary);
        }

        await transaction.CommitAsync(cancellationToken);
        return summaries;
    }

    private static async Task ImportReferenceAsync(AppDbContext db, ReferenceData reference, CancellationToken ct)
    {
        // Reference rows are never deleted: plans and user data refer to them.
        var regions = await db.Regions.ToDictionaryAsync(r => r.Code, ct);
        foreach (var (r, i) in reference.Regions.Select((r, i) => (r, i)))
        {
            Upsert(db, regions, r.Code, new Region
            {
                Code = r.Code, Name = r.Name, NameEn = r.NameEn, Kind = r.Kind, ParentCode = r.ParentCode,
                AlsoKnownAs = [.. r.AlsoKnownAs], Note = r.Note, SortOrder = i,
            });
        }
        var zones = await db.Zones.ToDictionaryAsync(z => z.Id, ct);
        foreach (var (z, i) in reference.Zones.Select((z, i) => (z, i)))
            Upsert(db, zones, z.Id, new Zone { Id = z.Id, Name = z.Name, NameEn = z.NameEn, Kind = z.Kind, Regions = [.. z.Regions], SortOrder = i });
        var departments = await db.Departments.ToDictionaryAsync(d => d.Id, ct);
        foreach (var (d, i) in reference.Departments.Select((d, i) => (d, i)))
        {
            Upsert(db, departments, d.Id, new Department
            {
                Id = d.Id, Name = d.Name, FullName = d.FullName, NameEn = d.NameEn, Kind = d.Kind,
                Aliases = [.. d.Aliases], RegionCode = d.RegionCode, Note = d.Note, SortOrder = i,
            });
        }
    }

    /// <summary>
    /// Writes one plan document into the plan's rows by stable ids (the start-up import and the adoption of a new version
    /// share it): rows are updated in place, rows the document no longer has are retired.
    /// </summary>
    internal static async Task WritePlanAsync(AppDbContext db, PlanDocument p, string sourceFile, string contentHash, DateTimeOffset now,
        HashSet<string> indicatorsWritten, CancellationToken ct)
    {
        var plans = await db.Plans.Where(x => x.Id == p.Id).ToDictionaryAsync(x => x.Id, ct);
        var existingPlan = plans.GetValueOrDefault(p.Id);
        // A document read by PlanFile.Parse names its city; one built otherwise belongs to the city of the reference data imported.
        var city = p.City ?? await db.Regions.Where(r => r.Kind == "city").OrderBy(r => r.SortOrder).Select(r => r.Code).FirstAsync(ct);
        Upsert(db, plans, p.Id, new Plan
        {
            Id = p.Id, Code = p.Code, Title = p.Title, TitleEn = p.TitleEn, Issuer = p.Issuer, DocumentNumber = p.DocumentNumber,
            Date = p.Date, Status = p.Status, PeriodStart = p.PeriodStart, PeriodEnd = p.PeriodEnd, FrameYear = p.FrameYear, City = city,
            Source = p.Source, SourceFile = sourceFile, ContentHash = contentHash, ImportedAt = existingPlan?.ImportedAt ?? now,
        });

        var indicators = await db.Indicators.ToDictionaryAsync(i => i.Id, ct);
        // An indicator shared by several plans is written by the first plan (in file order) that defines it;
        // PlanFile.ValidateSet has already checked that the definitions agree on unit and direction.
        foreach (var i in p.Indicators.Where(i => indicatorsWritten.Add(i.Id)))
        {
            Upsert(db, indicators, i.Id, new Indicator
            {
                Id = i.Id, Name = i.Name, NameEn = i.NameEn, Unit = i.Unit, Direction = i.Direction, Category = i.Category,
            });
        }

        var areas = await db.PlanAreas.Where(a => a.PlanId == p.Id).ToDictionaryAsync(a => a.Id, ct);
        var tasks = await db.PlanTasks.Where(t => t.PlanId == p.Id).Include(t => t.Responsibilities).ToDictionaryAsync(t => t.Id, ct);
        foreach (var a in p.Areas)
        {
            var areaId = AreaId(p, a.Number);
            Upsert(db, areas, areaId, new PlanArea
            {
                Id = areaId, PlanId = p.Id, Number = a.Number, Label = a.Label, Title = a.Title, TitleEn = a.TitleEn, Text = a.Text,
            });
            foreach (var t in a.Tasks)
            {
                var task = Upsert(db, tasks, TaskId(p, t.Number), new PlanTask
                {
                    Id = TaskId(p, t.Number), PlanId = p.Id, AreaId = areaId, Number = t.Number, Title = t.Title, TitleEn = t.TitleEn,
                    Text = t.Text, ResponsibilityText = t.ResponsibilityText, Regions = [.. t.Regions], Zones = [.. t.Zones],
                });
                SyncResponsibilities(db, task, t.ResponsibleUnits);
            }
        }
        foreach (var m in p.Measures)
        {
            var task = Upsert(db, tasks, MeasureId(p, m.Number), new PlanTask
            {
                Id = MeasureId(p, m.Number), PlanId = p.Id, IsMeasure = true, Number = m.Number, Label = m.Label, Title = m.Title,
                Text = m.Text, ResponsibilityText = m.ResponsibilityText,
            });
            SyncResponsibilities(db, task, m.ResponsibleUnits);
        }
        Retire(areas.Values, a => a.Retired = true);
        Retire(tasks.Values, t => t.Retired = true);

        var targets = await db.Targets.Where(t => t.PlanId == p.Id).ToDictionaryAsync(t => t.Id, ct);
        foreach (var (t, i) in p.Targets.Select((t, i) => (t, i)))
        {
            Upsert(db, targets, t.Id, new Target
            {
                Id = t.Id, PlanId = p.Id, IndicatorId = t.IndicatorId,
                AreaId = t.Citation.AreaNumber is { } an ? AreaId(p, an) : null, TaskId = t.Citation.TaskNumber is { } tn ? TaskId(p, tn) : null,
                AreaNumber = t.Citation.AreaNumber, TaskNumber = t.Citation.TaskNumber, Section = t.Citation.Section, Clause = t.Citation.Clause,
                Value = t.Value, Unit = t.Unit, Comparator = t.Comparator, Year = t.Year, YearBasis = t.YearBasis,
                YearImplied = t.YearImplied, Kind = t.Kind, Aspirational = t.Aspirational,
                ScopeLevel = t.Scope.Level, ScopeRegions = [.. t.Scope.Regions], ScopeZones = [.. t.Scope.Zones], ScopeText = t.Scope.Text,
                BaselineYear = t.BaselineYear, BaselineValue = t.BaselineValue, PeriodFrom = t.PeriodFrom, PeriodTo = t.PeriodTo,
                Note = t.Note, SortOrder = i,
            });
        }
        Retire(targets.Values, t => t.Retired = true);

        var milestones = await db.Milestones.Where(m => m.PlanId == p.Id).ToDictionaryAsync(m => m.Id, ct);
        foreach (var (m, i) in p.Milestones.Select((m, i) => (m, i)))
        {
            Upsert(db, milestones, m.Id, new Milestone
            {
                Id = m.Id, PlanId = p.Id, AreaId = m.Citation.AreaNumber is { } an ? AreaId(p, an) : null,
                TaskId = m.Citation.TaskNumber is { } tn ? TaskId(p, tn) : null, AreaNumber = m.Citation.AreaNumber, TaskNumber = m.Citation.TaskNumber,
                Title = m.Title, Section = m.Citation.Section, Clause = m.Citation.Clause, Year = m.Year, YearBasis = m.YearBasis,
                YearImplied = m.YearImplied, DeadlineText = m.DeadlineText, Aspirational = m.Aspirational, ScopeLevel = m.Scope.Level,
                ScopeRegions = [.. m.Scope.Regions], ScopeZones = [.. m.Scope.Zones], ScopeText = m.Scope.Text, Note = m.Note, SortOrder = i,
            });
        }
        Retire(milestones.Values, m => m.Retired = true);

        var facts = await db.PlanFacts.Where(f => f.PlanId == p.Id).ToDictionaryAsync(f => f.Id, ct);
        foreach (var (f, i) in p.Facts.Select((f, i) => (f, i)))
        {
            Upsert(db, facts, f.Id, new PlanFact
            {
                Id = f.Id, PlanId = p.Id, AreaNumber = f.Citation.AreaNumber, TaskNumber = f.Citation.TaskNumber, Section = f.Citation.Section,
                Clause = f.Citation.Clause, Subject = f.Subject, Value = f.Value, Unit = f.Unit, Note = f.Note, SortOrder = i,
            });
        }
        Retire(facts.Values, f => f.Retired = true);
    }

    /// <summary>
    /// Adds the incoming row, or copies its values onto the existing one (EF then writes only what changed).
    /// Matched rows leave <paramref name="existing"/>, so what remains there is what the file no longer has.
    /// </summary>
    private static T Upsert<T>(AppDbContext db, Dictionary<string, T> existing, string id, T incoming) where T : class
    {
        if (!existing.Remove(id, out var current))
        {
            db.Add(incoming);
            return incoming;
        }
        db.Entry(current).CurrentValues.SetValues(incoming);
        // Primitive collections are not scalar values for SetValues: copy them where they differ.
        foreach (var collection in db.Entry(current).Properties.Where(p => p.Metadata.IsPrimitiveCollection))
        {
            var incomingList = (List<string>)db.Entry(incoming).Property(collection.Metadata.Name).CurrentValue!;
            if (!((List<string>)collection.CurrentValue!).SequenceEqual(incomingList))
                collection.CurrentValue = incomingList;
        }
        return current;
    }

    private static void Retire<T>(IEnumerable<T> left, Action<T> retire)
    {
        foreach (var item in left)
            retire(item);
    }

    private static void SyncResponsibilities(AppDbContext db, PlanTask task, IReadOnlyList<CorePlans.Responsibility> units)
    {
        var fromPlan = task.Responsibilities.Where(r => r.Source == "plan").ToList();
        foreach (var stale in fromPlan.Where(r => units.All(u => u.DepartmentId != r.DepartmentId)))
            db.Responsibilities.Remove(stale);
        foreach (var unit in units)
        {
            var role = unit.Role;
            var row = task.Responsibilities.FirstOrDefault(r => r.DepartmentId == unit.DepartmentId);
            if (row is null)
            {
                task.Responsibilities.Add(new Responsibility { TaskId = task.Id, DepartmentId = unit.DepartmentId, Role = role, Source = "plan" });
            }
            else
            {
                // The document now names a unit the plan office had assigned by hand: the document wins.
                row.Role = role;
                row.Source = "plan";
            }
        }
    }

    public static string AreaId(PlanDocument p, int number) => $"{p.Code}-area-{number}";

    public static string TaskId(PlanDocument p, int number) => $"{p.Code}-task-{number}";

    public static string MeasureId(PlanDocument p, int number) => $"{p.Code}-measure-{number}";
}

/// <summary>The plan import Program.cs runs at start.</summary>
public static class PlanImportStartup
{
    /// <summary>Imports the plan files at start. A bad file stops the import and leaves the database as it was.</summary>
    public static async Task ImportPlansAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<IOptions<PlanFilesOptions>>().Value;
        var status = services.GetRequiredService<PlanImportStatus>();
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("Meicheng.Plans");
        status.At = services.GetRequiredService<TimeProvider>().GetUtcNow();
        try
        {
            var library = PlanLibrary.Load(options.Directory, options.ResolvedReferenceDirectory);
            status.Summaries = await services.GetRequiredService<PlanImporter>().ImportAsync(library, cancellationToken);
            status.Error = null;
            foreach (var s in status.Summaries)
                log.LogInformation("Plan {PlanId} from {File}: {Added} added, {Updated} updated, {Retired} retired", s.PlanId, s.File, s.Added, s.Updated, s.Retired);
        }
        catch (PlanFileException e)
        {
            // The site keeps serving the plans as last imported; /health reports the refusal.
            status.Error = e.Message;
            log.LogError("Plan import refused, database unchanged: {Error}", e.Message);
        }
    }
}
