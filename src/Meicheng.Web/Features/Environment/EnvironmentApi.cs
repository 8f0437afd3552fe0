using Meicheng.Web.Common;
using System.Security.Claims;
using Meicheng.Core.Environment.Air;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Plans;
using Meicheng.Web.Features.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meicheng.Web.Features.Environment;

public static class EnvironmentApi
{
    public static IServiceCollection AddEnvironment(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EnvironmentOptions>(configuration.GetSection("Environment"));
        services.AddSingleton<AirImportJobs>();
        services.AddSingleton<AirImporter>();
        services.AddHostedService<AirImportWorker>();
        return services;
    }

    /// <summary>
    /// At start: an import that was running when the app stopped rolled back with its transaction, so it is marked failed;
    /// queued imports whose file is still there are queued again.
    /// </summary>
    public static async Task ResumeAirImportsAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
        var options = services.GetRequiredService<IOptions<EnvironmentOptions>>().Value;
        var queue = services.GetRequiredService<AirImportJobs>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        foreach (var import in await db.AirImports.Where(i => i.Status == ImportStatus.Running || i.Status == ImportStatus.Queued).OrderBy(i => i.Id).ToListAsync(cancellationToken))
        {
            if (import.Status == ImportStatus.Queued && File.Exists(AirImporter.UploadPath(options, import)))
            {
                queue.Enqueue(import.Id);
                continue;
            }
            import.Status = ImportStatus.Failed;
            import.Error = "导入被应用重启中断，未写入任何数据；请重新上传。";
            import.FinishedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Seeds the station registry from data/reference/stations.json. A bad file is logged and changes nothing.</summary>
    public static async Task SeedStationsAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var folder = services.GetRequiredService<IOptions<PlanFilesOptions>>().Value.ResolvedReferenceDirectory;
        var path = Path.Combine(folder, StationRegistry.FileName);
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("Meicheng.Environment");
        if (!File.Exists(path))
        {
            log.LogWarning("No station registry at {Path}", path);
            return;
        }
        try
        {
            var entries = StationRegistry.Parse(await File.ReadAllTextAsync(path, cancellationToken));
            await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
            var (added, updated, retired) = await StationRegistry.SeedAsync(db, entries, cancellationToken);
            log.LogInformation("Stations from {Path}: {Added} added, {Updated} updated, {Retired} retired", path, added, updated, retired);
        }
        catch (StationRegistryException e)
        {
            log.LogError("Station registry refused, database unchanged: {Error}", e.Message);
        }
    }

    public static IEndpointRouteBuilder MapEnvironment(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/environment").WithTags("Environment").AllowAnonymous();
        open.MapGet("/stations", ListStations).WithSummary("Air stations, surface-water sections and seawater points (kind, type, region, coordinates, target class)");
        open.MapGet("/stations/{code}", GetStation).WithSummary("One station with the span of its stored data");
        open.MapGet("/stations/{code}/air/hourly", Hourly)
            .WithSummary("A station's stored hours (labels as fed) with the hourly AQI (HJ 633; rules auto|2012|2026), at most 31 days from..to");
        open.MapGet("/stations/{code}/air/daily", Daily)
            .WithSummary("A station's days of a year (period-end hour labels) with the daily AQI the annual evaluation counts, levels and good-day share");
        open.MapGet("/air/evaluations/{year:int}", Evaluate)
            .WithSummary("HJ 663 annual evaluation from stored hours, per station and city, with attainment against GB 3095-2012, 2026 transitional and 2026 final");
        open.MapGet("/water/sections", WaterSections)
            .WithSummary("Surface-water sections (GB 3838) and seawater points (GB 3097) of a year by class: period means, target compliance, good shares");
        open.MapGet("/stations/{code}/water/samples", WaterSamples).WithSummary("A section's or point's samples with each sample's class");
        open.MapGet("/feeds", (Func<Ok<IReadOnlyList<FeedDefinition>>>)(() => TypedResults.Ok(EnvironmentFeeds.All)))
            .WithSummary("The mapping table: which computed statistic feeds which plan targets, for which region and stations");

        var admin = app.MapGroup("/api/environment").WithTags("Environment").RequireAuthorization(Policies.Admin);
        admin.MapPost("/stations", CreateStation).WithSummary("Register a station, section or point that the reviewed registry file does not list");
        admin.MapPost("/air/imports", UploadAir).DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(EnvironmentUploadLimit)).WithFormOptions(multipartBodyLengthLimit: EnvironmentUploadLimit)
            .WithSummary("Upload an hourly air CSV (format prsa|generic; mode strict|lenient): queued and imported in one transaction; the same file again changes nothing");
        admin.MapGet("/air/imports", ListImports).WithSummary("Air imports, newest first");
        admin.MapGet("/air/imports/{id:int}", GetImport).WithSummary("An import's status, progress and counts (poll while queued or running)");
        admin.MapGet("/air/imports/{id:int}/rejections", ImportRejections).WithSummary("Every row an import refused: line, field, kind and reason");
        admin.MapPost("/water/samples", AddWaterSample).WithSummary("Enter a water sample of a section or point; returns its GB 3838 / GB 3097 class");
        admin.MapPost("/feeds/recompute", Recompute)
            .WithSummary("Compute the mapped statistics of a year and write them as computed observations; an unchanged value adds no revision");
        return app;
    }

    /// <summary>The request-size ceiling of the upload endpoint; EnvironmentOptions.MaxUploadBytes is checked below it.</summary>
    private const long EnvironmentUploadLimit = 4L << 30;

    private static async Task<Ok<List<StationDto>>> ListStations(string? kind, string? region, bool? retired, AppDbContext db, CancellationToken ct)
    {
        var q = db.Stations.AsNoTracking();
        if (retired != true)
            q = q.Where(s => !s.Retired);
        if (kind is not null)
            q = q.Where(s => s.Kind == kind);
        if (region is not null)
            q = q.Where(s => s.RegionCode.StartsWith(RegionPrefix(region)));
        var rows = await q.OrderBy(s => s.Source).ThenBy(s => s.SortOrder).ThenBy(s => s.Code).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(s => s.ToDto()).ToList());
    }

    private static async Task<Results<Ok<StationDetailDto>, NotFound>> GetStation(string code, AppDbContext db, CancellationToken ct)
    {
        var station = await db.Stations.AsNoTracking().SingleOrDefaultAsync(s => s.Code == code, ct);
        if (station is null)
            return TypedResults.NotFound();
        return TypedResults.Ok(await StationDetailAsync(db, station, ct));
    }

    private static async Task<Results<Ok<List<HourlyAirDto>>, NotFound, ValidationProblem>> Hourly(
        string code, DateOnly from, DateOnly to, string? rules, AppDbContext db, CancellationToken ct)
    {
        if (await FindAsync(db, code, ct) is not { } station)
            return TypedResults.NotFound();
        if (!AirRules.TryParse(rules, null, out var chosen, out var error))
            return Invalid("rules", error!);
        if (to < from || to.DayNumber - from.DayNumber >= AirQueries.MaxHourlyDays)
            return Invalid("to", $"须满足 from ≤ to，且跨度不超过 {AirQueries.MaxHourlyDays} 天");
        return TypedResults.Ok(await AirQueries.HourlyAsync(db, station, from, to, chosen, ct));
    }

    private static async Task<Results<Ok<DailyAirSeriesDto>, NotFound, ValidationProblem>> Daily(string code, int year, string? rules, AppDbContext db, CancellationToken ct)
    {
        if (await FindAsync(db, code, ct) is not { } station)
            return TypedResults.NotFound();
        if (!AirRules.TryParse(rules, null, out var chosen, out var error))
            return Invalid("rules", error!);
        if (year is < 1900 or > 2200)
            return Invalid("year", "年份无效");
        return TypedResults.Ok(await AirQueries.DailyAsync(db, station, year, chosen, ct));
    }

    private static async Task<Results<Ok<AirEvaluationDto>, ValidationProblem>> Evaluate(
        int year, string? stations, string? region, string? rules, string? limits, string? hourLabels, string? city, AppDbContext db, CancellationToken ct)
    {
        if (!AirRules.TryParse(rules, limits, out var chosen, out var error))
            return Invalid("rules", error!);
        if (year is < 1900 or > 2200)
            return Invalid("year", "年份无效");
        var convention = hourLabels switch
        {
            null or "" or "period-end" => HourLabelConvention.PeriodEnd,
            "period-start" => HourLabelConvention.PeriodStart,
            _ => (HourLabelConvention?)null,
        };
        if (convention is null)
            return Invalid("hourLabels", "hourLabels 须为 period-end 或 period-start");
        var aggregation = city switch
        {
            null or "" or "mean-of-stations" => CityAggregation.MeanOfStationStatistics,
            "daily-series" => CityAggregation.CityDailySeries,
            _ => (CityAggregation?)null,
        };
        if (aggregation is null)
            return Invalid("city", "city 须为 mean-of-stations 或 daily-series");
        List<Station> chosenStations;
        if (!string.IsNullOrWhiteSpace(stations))
        {
            var codes = stations.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
            chosenStations = await db.Stations.AsNoTracking().Where(s => codes.Contains(s.Code) && s.Kind == StationKind.Air).ToListAsync(ct);
            var unknown = codes.Except(chosenStations.Select(s => s.Code)).ToList();
            if (unknown.Count > 0)
                return Invalid("stations", $"不是空气站点：{string.Join("、", unknown)}");
            region = null;
        }
        else
        {
            region ??= "370200";
            chosenStations = await AirQueries.CityStations(db, region).AsNoTracking().ToListAsync(ct);
        }
        chosenStations = chosenStations.OrderBy(s => s.Code, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(await AirQueries.EvaluateAsync(db, chosenStations, year, chosen, region, convention.Value, aggregation.Value, ct));
    }

    private static async Task<Results<Ok<WaterOverviewDto>, ValidationProblem>> WaterSections(int year, string? region, AppDbContext db, CancellationToken ct)
    {
        if (year is < 1900 or > 2200)
            return Invalid("year", "年份无效");
        return TypedResults.Ok(await WaterQueries.OverviewAsync(db, year, region, ct));
    }

    private static async Task<Results<Ok<List<WaterSampleDto>>, NotFound>> WaterSamples(string code, int? year, AppDbContext db, CancellationToken ct)
    {
        if (await FindAsync(db, code, ct) is not { } station || station.Kind == StationKind.Air)
            return TypedResults.NotFound();
        return TypedResults.Ok(await WaterQueries.SamplesAsync(db, station, year, ct));
    }

    private static async Task<Results<Created<StationDto>, ValidationProblem, Conflict<ProblemDetails>>> CreateStation(StationEntry request, AppDbContext db, CancellationToken ct)
    {
        var entry = request with { FeedNames = request.FeedNames ?? [] };
        if (StationRegistry.Check(entry) is { } error)
            return Invalid(error.Split(':')[0], error);
        if (await db.Stations.AnyAsync(s => s.Code == entry.Code, ct))
            return ReportingApi.Conflict($"站点代码 {entry.Code} 已存在");
        var feedNames = await db.Stations.Where(s => s.Kind == StationKind.Air).Select(s => s.FeedNames).ToListAsync(ct);
        if (entry.FeedNames.FirstOrDefault(f => feedNames.Any(n => n.Contains(f))) is { } taken)
            return ReportingApi.Conflict($"数据源站名 {taken} 已属于其他站点");
        var station = entry.ToStation("admin", await db.Stations.CountAsync(ct));
        db.Stations.Add(station);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/environment/stations/{station.Code}", station.ToDto());
    }

    private static async Task<Results<Accepted<AirImportDto>, Ok<AirImportDto>, ValidationProblem>> UploadAir(
        IFormFile file, [FromForm] string format, [FromForm] string? mode, ClaimsPrincipal principal, AppDbContext db, AirImportJobs queue,
        IOptions<EnvironmentOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (format is not ("prsa" or "generic"))
            return Invalid("format", "format 须为 prsa（北京 PRSA 文件）或 generic（station,time,pm25,pm10,so2,no2,co,o3）");
        mode ??= "strict";
        if (mode is not ("strict" or "lenient"))
            return Invalid("mode", "mode 须为 strict（任一行有误则整个文件不写入）或 lenient（写入有效行，列出被拒绝的行）");
        if (file.Length == 0)
            return Invalid("file", "文件为空");
        if (file.Length > options.Value.MaxUploadBytes)
            return Invalid("file", $"文件超过 {options.Value.MaxUploadBytes} 字节的上限");
        var actor = await Actor.LoadAsync(principal, db, ct) ?? throw new InvalidOperationException("An authorised request has no user.");
        string? temp = null;
        try
        {
            await using (var upload = file.OpenReadStream())
            {
                var (path, size, sha) = await AirImporter.SaveUploadAsync(upload, options.Value, ct);
                temp = path;
                // The same content already imported: nothing to do, and nothing changes.
                var done = await db.AirImports.AsNoTracking().Where(i => i.Sha256 == sha && i.Status == ImportStatus.Completed).OrderBy(i => i.Id).FirstOrDefaultAsync(ct);
                if (done is not null)
                    return TypedResults.Ok(done.ToDto(queue, duplicate: true));
                var import = new AirImport
                {
                    FileName = Path.GetFileName(file.FileName), StoredName = Path.GetFileName(path), Sha256 = sha, Format = format, Mode = mode,
                    Status = ImportStatus.Queued, Size = size, UploadedBy = actor.Email, CreatedAt = clock.GetUtcNow(),
                };
                db.AirImports.Add(import);
                await db.SaveChangesAsync(ct);
                temp = null;
                queue.Enqueue(import.Id);
                return TypedResults.Accepted($"/api/environment/air/imports/{import.Id}", import.ToDto(queue, duplicate: false));
            }
        }
        finally
        {
            if (temp is not null)
                File.Delete(temp);
        }
    }

    private static async Task<Ok<List<AirImportDto>>> ListImports(AppDbContext db, AirImportJobs queue, CancellationToken ct) =>
        TypedResults.Ok((await db.AirImports.AsNoTracking().OrderByDescending(i => i.Id).Take(200).ToListAsync(ct)).Select(i => i.ToDto(queue, false)).ToList());

    private static async Task<Results<Ok<AirImportDto>, NotFound>> GetImport(int id, AppDbContext db, AirImportJobs queue, CancellationToken ct) =>
        await db.AirImports.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct) is { } import ? TypedResults.Ok(import.ToDto(queue, false)) : TypedResults.NotFound();

    private static async Task<Results<Ok<RejectionPageDto>, NotFound>> ImportRejections(int id, int? skip, int? take, AppDbContext db, CancellationToken ct)
    {
        if (!await db.AirImports.AnyAsync(i => i.Id == id, ct))
            return TypedResults.NotFound();
        var q = db.AirImportRejections.AsNoTracking().Where(r => r.ImportId == id);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(r => r.Line).ThenBy(r => r.Id).Skip(Math.Max(0, skip ?? 0)).Take(Math.Clamp(take ?? 1000, 1, 10000)).ToListAsync(ct);
        return TypedResults.Ok(new RejectionPageDto(id, total, rows.Select(r => r.ToDto()).ToList()));
    }

    private static async Task<Results<Created<WaterSampleDto>, NotFound, ValidationProblem, Conflict<ProblemDetails>>> AddWaterSample(
        WaterSampleRequest request, ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(db, request.StationCode, ct) is not { } station)
            return TypedResults.NotFound();
        if (station.Kind == StationKind.Air)
            return Invalid("stationCode", $"{station.Code} 是空气站点，不是断面或海水点位");
        if (!WaterQueries.TryParseItems(station.Kind, request.Values ?? [], out var items, out var error))
            return Invalid("values", error!);
        if (await db.WaterSamples.AnyAsync(s => s.StationId == station.Id && s.SampledOn == request.SampledOn, ct))
            return ReportingApi.Conflict($"{station.Code} 在 {request.SampledOn:yyyy-MM-dd} 已有样品");
        var actor = await Actor.LoadAsync(principal, db, ct) ?? throw new InvalidOperationException("An authorised request has no user.");
        var sample = new WaterSample
        {
            StationId = station.Id, SampledOn = request.SampledOn, Note = request.Note, EnteredBy = actor.Email, CreatedAt = clock.GetUtcNow(),
            Values = items.Select(i => new WaterMeasurement { Item = i.Key, Value = i.Value }).ToList(),
        };
        db.WaterSamples.Add(sample);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/environment/stations/{station.Code}/water/samples", sample.ToDto(station));
    }

    private static async Task<Results<Ok<List<FeedResultDto>>, ValidationProblem>> Recompute(
        RecomputeRequest request, ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, IOptions<ReportingOptions> reporting, CancellationToken ct)
    {
        if (request.Year is < 2000 or > 2100)
            return Invalid("year", "年份须在 2000–2100 之间");
        if (!AirRules.TryParse(request.Rules, request.Limits, out var rules, out var error))
            return Invalid("rules", error!);
        var actor = await Actor.LoadAsync(principal, db, ct) ?? throw new InvalidOperationException("An authorised request has no user.");
        return TypedResults.Ok(await EnvironmentFeeds.RecomputeAsync(db, actor, request, rules, reporting.Value.DueDays, clock.GetUtcNow(), ct));
    }

    private static Task<Station?> FindAsync(AppDbContext db, string code, CancellationToken ct) =>
        db.Stations.AsNoTracking().SingleOrDefaultAsync(s => s.Code == code, ct);

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    internal static async Task<StationDetailDto> StationDetailAsync(AppDbContext db, Station station, CancellationToken ct)
    {
        var days = db.AirDays.Where(d => d.StationId == station.Id);
        var hours = await db.AirHours.CountAsync(h => h.StationId == station.Id, ct);
        var first = await days.OrderBy(d => d.Date).Select(d => (DateOnly?)d.Date).FirstOrDefaultAsync(ct);
        var last = await days.OrderByDescending(d => d.Date).Select(d => (DateOnly?)d.Date).FirstOrDefaultAsync(ct);
        var samples = await db.WaterSamples.CountAsync(s => s.StationId == station.Id, ct);
        var years = first is { } f && last is { } l ? Enumerable.Range(f.Year, l.Year - f.Year + 1).ToList() : [];
        return new StationDetailDto(station.ToDto(), hours, await days.CountAsync(ct), first, last, years, samples);
    }

    /// <summary>
    /// The significant digits of a GB/T 2260 code: a province ("110000") covers every code starting "11", a city
    /// ("370200") every code starting "3702", a district itself.
    /// </summary>
    public static string RegionPrefix(string code) =>
        code.Length == 6 && code.EndsWith("0000", StringComparison.Ordinal) ? code[..2]
        : code.Length == 6 && code.EndsWith("00", StringComparison.Ordinal) ? code[..4]
        : code;
}
