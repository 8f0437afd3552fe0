using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Meicheng.Web.Tests.Plans;

/// <summary>Plan files are imported at start by stable ids: idempotent, updating in place, never losing user data.</summary>
public sealed class PlanImportTests
{
    private const string GreenFile = "qingdao-green-city-pilot-2021.json";

    private static async Task<IReadOnlyList<PlanImportSummary>> ImportAgainAsync(MeichengApp app)
    {
        var options = app.Services.GetRequiredService<IOptions<PlanFilesOptions>>().Value;
        var library = PlanLibrary.Load(options.Directory, options.ResolvedReferenceDirectory);
        return await app.Services.GetRequiredService<PlanImporter>().ImportAsync(library, TestContext.Current.CancellationToken);
    }

    private static AppDbContext Db(MeichengApp app) =>
        app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    private static void EditGreenPlan(string plansDirectory, Action<JsonObject> edit)
    {
        var path = Path.Combine(plansDirectory, GreenFile);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(json);
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Importing_the_same_files_again_changes_nothing(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        _ = app.Services; // start: migrate and import once
        await using var before = Db(app);
        var imports = await before.PlanImports.CountAsync(TestContext.Current.CancellationToken);

        var summaries = await ImportAgainAsync(app);

        Assert.All(summaries, s => Assert.False(s.Changed, $"{s.PlanId}: {s.Added} added, {s.Updated} updated, {s.Retired} retired"));
        await using var after = Db(app);
        Assert.Equal(imports, await after.PlanImports.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task An_edited_file_updates_in_place_retires_removed_items_and_keeps_user_assignments(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider, editablePlans: true);
        var plans = app.PlansDirectory!;
        var ct = TestContext.Current.CancellationToken;
        _ = app.Services;

        // The plan office assigns a unit by hand to a task; a later import must not drop it.
        await using (var db = Db(app))
        {
            db.Responsibilities.Add(new Responsibility { TaskId = "gc-task-14", DepartmentId = "licang-government", Role = Meicheng.Core.Plans.ResponsibilityRole.Responsible, Source = "assigned" });
            await db.SaveChangesAsync(ct);
        }
        string removedId = "", changedId = "";
        EditGreenPlan(plans, json =>
        {
            var targets = json["targets"]!.AsArray();
            changedId = targets[0]!["id"]!.GetValue<string>();
            targets[0]!["note"] = "口径更新";
            removedId = targets[^1]!["id"]!.GetValue<string>();
            targets.RemoveAt(targets.Count - 1);
        });

        var summaries = await ImportAgainAsync(app);

        var green = summaries.Single(s => s.PlanId == "qingdao-green-city-pilot-2021");
        // Updated: the edited target, and the plan row (its content hash).
        Assert.Equal((0, 2, 1), (green.Added, green.Updated, green.Retired));
        await using (var db = Db(app))
        {
            var removed = await db.Targets.SingleAsync(t => t.Id == removedId, ct);
            Assert.True(removed.Retired);
            Assert.Equal("口径更新", (await db.Targets.SingleAsync(t => t.Id == changedId, ct)).Note);
            Assert.Contains(await db.Responsibilities.Where(r => r.TaskId == "gc-task-14").ToListAsync(ct), r => r.DepartmentId == "licang-government" && r.Source == "assigned");
        }
        var served = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/plans/qingdao-green-city-pilot-2021/targets", ct);
        Assert.DoesNotContain(served.EnumerateArray(), t => t.GetProperty("id").GetString() == removedId);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_malformed_file_stops_the_import_and_leaves_the_database_as_it_was(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider, editablePlans: true);
        var plans = app.PlansDirectory!;
        var ct = TestContext.Current.CancellationToken;
        _ = app.Services;
        await using var before = Db(app);
        var snapshot = await before.Targets.OrderBy(t => t.Id).Select(t => t.Id + "=" + t.Value + t.Unit + t.Note).ToListAsync(ct);

        // One good edit and one bad one in the same file: neither may land.
        EditGreenPlan(plans, json =>
        {
            json["targets"]![0]!["note"] = "should not be saved";
            json["targets"]![1]!["comparator"] = "at-least";
        });
        var error = await Assert.ThrowsAsync<Meicheng.Core.Plans.PlanFileException>(() => ImportAgainAsync(app));
        Assert.Equal((GreenFile, "comparator"), (error.File, error.Field));
        Assert.StartsWith("target gc-", error.Item, StringComparison.Ordinal);

        await using var after = Db(app);
        Assert.Equal(snapshot, await after.Targets.OrderBy(t => t.Id).Select(t => t.Id + "=" + t.Value + t.Unit + t.Note).ToListAsync(ct));
    }

    [Fact]
    public async Task At_start_a_malformed_file_is_reported_by_health_while_the_last_good_plans_are_served()
    {
        // Two starts of the app on one database: the first imports good files, the second finds one broken.
        using var app = new MeichengApp(DatabaseProvider.Sqlite, editablePlans: true);
        var ct = TestContext.Current.CancellationToken;
        app.CreateClient().Dispose();
        EditGreenPlan(app.PlansDirectory!, json => json["areas"]![0]!["tasks"]![0]!["responsibleUnits"]![0]!["department"] = "qd-unknown-bureau");

        using var restarted = app.WithWebHostBuilder(_ => { });
        var client = restarted.CreateClient();
        var health = await client.GetFromJsonAsync<JsonElement>("/health", ct);

        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        Assert.Equal($"{GreenFile}: task 1 › responsibleUnits.department: unknown department 'qd-unknown-bureau' (see data/reference/departments.json)",
            health.GetProperty("planImportError").GetString());
        var served = await client.GetFromJsonAsync<JsonElement>("/api/plans", ct);
        Assert.Equal(2, served.GetArrayLength());
    }
}
