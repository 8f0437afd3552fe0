using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Environment;
using Meicheng.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meicheng.Web.Tests.Environment;

/// <summary>Issue 10: imports never block other writers (#4), keep their files private and their refusals bounded (#11), and are audited (#7).</summary>
public sealed class AirImportSafetyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Header = "station,time,pm25,pm10,so2,no2,co,o3\n";

    private static byte[] Hours(DateOnly from, int days)
    {
        var csv = new StringBuilder(Header);
        for (var d = 0; d < days; d++)
        {
            for (var h = 0; h < 24; h++)
                csv.Append(CultureInfo.InvariantCulture, $"1011A,{from.AddDays(d):yyyy-MM-dd} {h:00}:00,30,50,5,20,0.5,60\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static async Task<T> InDbAsync<T>(MeichengApp app, Func<AppDbContext, Task<T>> query)
    {
        using var scope = app.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task While_an_import_is_held_between_batches_other_writes_succeed_and_none_of_its_rows_are_visible_until_it_completes(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider).With("Environment:BatchSize", "10");
        var admin = await app.ClientForAsync(Roles.Admin);
        var jobs = app.Services.GetRequiredService<AirImportJobs>();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var held = 0;
        jobs.BatchCommitted = _ =>
        {
            // Hold the importer after its second committed batch, as a long file would between its batches.
            if (Interlocked.Increment(ref held) != 2)
                return;
            entered.Set();
            release.Wait(TimeSpan.FromMinutes(2));
        };

        var upload = await EnvironmentTestData.UploadAsync(admin, "long.csv", Hours(new DateOnly(2015, 3, 1), 3), "generic");
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var import = (await upload.Content.ReadFromJsonAsync<AirImportDto>(Ct))!;
        Assert.True(entered.Wait(TimeSpan.FromMinutes(1), Ct), "the import never reached its second batch");
        try
        {
            // Other writers go ahead while the import runs (before: "database is locked" after the busy timeout on SQLite).
            var station = await admin.PostAsJsonAsync("/api/environment/stations",
                new StationEntry("mc-during-import", "导入期间登记的断面", null, "surface-water", "municipal", "370202", null, null, null, false, false, 3, "river", [], null), Ct);
            Assert.Equal(HttpStatusCode.Created, station.StatusCode);
            var sample = await admin.PostAsJsonAsync("/api/environment/water/samples",
                new WaterSampleRequest("mc-during-import", new DateOnly(2025, 5, 1), new() { ["PH"] = 7.5m }, null), Ct);
            Assert.Equal(HttpStatusCode.Created, sample.StatusCode);
            // Twenty rows are staged, none visible: the import is still all or nothing.
            Assert.Equal(20, await InDbAsync(app, db => db.AirHoursStaged.CountAsync(h => h.ImportId == import.Id, Ct)));
            Assert.Equal(0, await InDbAsync(app, db => db.AirHours.CountAsync(Ct)));
            Assert.Equal(0, await InDbAsync(app, db => db.AirDays.CountAsync(Ct)));
        }
        finally
        {
            release.Set();
        }

        var done = await EnvironmentTestData.WaitAsync(admin, import.Id);
        Assert.Equal((ImportStatus.Completed, 72L), (done.Status, done.RowsAccepted));
        Assert.Equal(72, await InDbAsync(app, db => db.AirHours.CountAsync(Ct)));
        Assert.Equal(0, await InDbAsync(app, db => db.AirHoursStaged.CountAsync(Ct)));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_refused_strict_import_leaves_no_staged_row_and_an_interrupted_one_is_cleaned_at_start(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider).With("Environment:BatchSize", "10");
        var admin = await app.ClientForAsync(Roles.Admin);
        // Thirty good rows are staged in batches, then a bad row refuses the whole strict file.
        var csv = Encoding.UTF8.GetString(Hours(new DateOnly(2015, 3, 1), 2)) + "1011A,2015-03-03 00:00,x,50,5,20,0.5,60\n";
        var (_, strict) = await EnvironmentTestData.ImportAsync(admin, "strict.csv", Encoding.UTF8.GetBytes(csv), "generic");
        Assert.Equal(ImportStatus.Refused, strict.Status);
        Assert.Equal((0, 0), (await InDbAsync(app, db => db.AirHours.CountAsync(Ct)), await InDbAsync(app, db => db.AirHoursStaged.CountAsync(Ct))));

        // An import killed between batches leaves staged rows and a running import: the next start fails it and removes them.
        var running = await InDbAsync(app, async db =>
        {
            var row = new AirImport
            {
                FileName = "killed.csv", StoredName = "air-killed.csv", Sha256 = "00", Format = "generic", Mode = "strict", Status = ImportStatus.Running,
                UploadedBy = "admin@meicheng.test", CreatedAt = app.Clock.GetUtcNow(),
            };
            db.AirImports.Add(row);
            await db.SaveChangesAsync(Ct);
            db.AirHoursStaged.Add(new AirHourStaged { ImportId = row.Id, StationId = await db.Stations.Where(s => s.Code == "1011A").Select(s => s.Id).SingleAsync(Ct), Date = new DateOnly(2016, 1, 1), Hour = 1 });
            await db.SaveChangesAsync(Ct);
            return row.Id;
        });
        await AirImports.ResumeAsync(app.Services, Ct);
        Assert.Equal(0, await InDbAsync(app, db => db.AirHoursStaged.CountAsync(Ct)));
        Assert.Equal(ImportStatus.Failed, await InDbAsync(app, db => db.AirImports.Where(i => i.Id == running).Select(i => i.Status).SingleAsync(Ct)));
    }

    [Fact]
    public async Task The_import_folder_is_private_to_the_app_and_emptied_of_leftovers_at_start()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        // A world-readable folder with a killed upload in it, as the shared temp folder had.
        var folder = Directory.CreateDirectory(Path.Combine(app.Scratch, "air-imports")).FullName;
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        var leftover = Path.Combine(folder, "air-0123456789abcdef.csv");
        await File.WriteAllTextAsync(leftover, Header + "1011A,2015-01-01 01:00,30,50,5,20,0.5,60\n", Ct);

        var admin = await app.ClientForAsync(Roles.Admin);
        Assert.False(File.Exists(leftover));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        var (_, import) = await EnvironmentTestData.ImportAsync(admin, "ok.csv", Hours(new DateOnly(2015, 1, 1), 1), "generic");
        Assert.Equal(ImportStatus.Completed, import.Status);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_garbage_file_stores_at_most_the_cap_of_refused_rows_and_counts_the_rest(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var admin = await app.ClientForAsync(Roles.Admin);
        var csv = new StringBuilder(Header);
        for (var i = 0; i < 2500; i++)
            csv.Append(CultureInfo.InvariantCulture, $"garbage-{i},not a time,x\n");
        var (_, import) = await EnvironmentTestData.ImportAsync(admin, "garbage.csv", Encoding.UTF8.GetBytes(csv.ToString()), "generic", "lenient");

        Assert.Equal(ImportStatus.Refused, import.Status);
        Assert.Equal(2500L, import.RowsRejected);
        Assert.Equal(2500, import.RejectedByKind.Values.Sum());
        Assert.Equal(1000, await InDbAsync(app, db => db.AirImportRejections.CountAsync(r => r.ImportId == import.Id, Ct)));
        var page = (await admin.GetFromJsonAsync<RejectionPageDto>($"/api/environment/air/imports/{import.Id}/rejections?take=5", Ct))!;
        Assert.Equal((1000, 1500L), (page.Total, page.NotStored));
        Assert.Equal([2L, 3L, 4L, 5L, 6L], page.Rows.Select(r => r.Line));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Air_imports_station_registration_and_water_samples_are_audited(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var admin = await app.ClientForAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/environment/stations",
            new StationEntry("mc-audit", "审计测试断面", null, "surface-water", "municipal", "370202", null, null, null, false, false, 3, "river", [], null), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/environment/water/samples",
            new WaterSampleRequest("mc-audit", new DateOnly(2025, 5, 1), new() { ["PH"] = 7.5m }, null), Ct)).StatusCode);
        var (_, import) = await EnvironmentTestData.ImportAsync(admin, "audited.csv", Hours(new DateOnly(2015, 1, 1), 1), "generic");
        Assert.Equal(ImportStatus.Completed, import.Status);

        var entries = await InDbAsync(app, db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).Select(e => new { e.Action, e.EntityType, e.EntityId, e.UserName }).ToListAsync(Ct));
        var id = import.Id.ToString(CultureInfo.InvariantCulture);
        var expected = new[] { ("station.register", "Station", "mc-audit"), ("water-sample.add", "WaterSample", "mc-audit/2025-05-01"),
            ("air-import.upload", "AirImport", id), ("air-import.completed", "AirImport", id) };
        foreach (var (action, type, entityId) in expected)
        {
            var entry = Assert.Single(entries, e => e.Action == action && e.EntityType == type && e.EntityId == entityId);
            // The uploader is named on the import's outcome too, although a background worker wrote it.
            Assert.StartsWith("admin-", entry.UserName, StringComparison.Ordinal);
        }
    }
}
