using Meicheng.Web.Common;
using Meicheng.Core.Environment.Air;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Environment.Outfalls;
using Meicheng.Web.Features.Environment.Sponge;
using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Features.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using City = Meicheng.Web.Features.Regions.City;

namespace Meicheng.Web.Features.Environment;

public static class EnvironmentApi
{
    public static IServiceCollection AddEnvironment(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EnvironmentOptions>(configuration.GetSection("Environment"));
        services.AddSingleton<AirImportJobs>();
        services.AddSingleton<AirImportFolder>();
        services.AddSingleton<AirImporter>();
        services.AddScoped<AirImports>();
        services.AddScoped<Stations>();
        services.AddScoped<WaterSamples>();
        services.AddHostedService<AirImportWorker>();
        services.Configure<Hj212.Hj212Options>(configuration.GetSection("Hj212"));
        services.AddSingleton<Hj212.Hj212Metrics>();
        services.AddSingleton<Hj212.Hj212Registry>();
        services.AddSingleton<Hj212.Hj212Store>();
        services.AddSingleton<Hj212.Hj212Receiver>();
        services.AddHostedService(sp => sp.GetRequiredService<Hj212.Hj212Receiver>());
        services.AddSingleton<Hj212.StationAlerts>();
        services.AddScoped<Hj212.StationAlertNotices>();
        services.AddHostedService<Hj212.StationAlertNotifier>();
        services.AddOutfalls(configuration);
        services.AddSponge(configuration);
        return services;
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
        open.MapGet("/stations/{code}/water/samples", ListWaterSamples).WithSummary("A section's or point's samples with each sample's class");
        open.MapGet("/feeds", Feeds)
            .WithSummary("The mapping table: which computed statistic feeds which plan targets, for which region and stations");
        open.MapGet("/feeds/milestones", MilestoneFeeds)
            .WithSummary("The milestone feeds: which computed statistic becomes progress of which plan milestones");

        var admin = app.MapGroup("/api/environment").WithTags("Environment").RequireAuthorization(Policies.Admin);
        admin.MapPost("/stations", CreateStation).WithSummary("Register a station, section or point that the reviewed registry file does not list");
        admin.MapPost("/air/imports", RuntimeBound.Handler(UploadAir)).DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(EnvironmentUploadLimit)).WithFormOptions(multipartBodyLengthLimit: EnvironmentUploadLimit)
            .WithSummary("Upload an hourly air CSV (format prsa|generic; mode strict|lenient): queued and imported in one transaction; the same file again changes nothing");
        admin.MapGet("/air/imports", ListImports).WithSummary("Air imports, newest first");
        admin.MapGet("/air/imports/{id:int}", GetImport).WithSummary("An import's status, progress and counts (poll while queued or running)");
        admin.MapGet("/air/imports/{id:int}/rejections", ImportRejections).WithSummary("Every row an import refused: line, field, kind and reason");
        admin.MapPost("/water/samples", AddWaterSample).WithSummary("Enter a water sample of a section or point; returns its GB 3838 / GB 3097 class");
        admin.MapPost("/feeds/recompute", Recompute)
            .WithSummary("Compute the mapped statistics of a year and write them as computed observations; an unchanged value adds no revision");
        app.MapOutfalls();
        app.MapSponge();
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
            q = q.Where(s => s.RegionCode.StartsWith(StationQueries.RegionPrefix(region)));
        var rows = await q.OrderBy(s => s.Source).ThenBy(s => s.SortOrder).ThenBy(s => s.Code).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(s => s.ToDto()).ToList());
    }

    private static async Task<Results<Ok<StationDetailDto>, NotFound>> GetStation(string code, AppDbContext db, CancellationToken ct)
    {
        var station = await db.Stations.AsNoTracking().SingleOrDefaultAsync(s => s.Code == code, ct);
        if (station is null)
            return TypedResults.NotFound();
        return TypedResults.Ok(await StationQueries.DetailAsync(db, station, ct));
    }

    private static async Task<Results<Ok<List<HourlyAirDto>>, NotFound, ValidationProblem>> Hourly(
        string code, DateOnly from, DateOnly to, string? rules, AppDbContext db, CancellationToken ct)
    {
        if (await StationQueries.FindAsync(db, code, ct) is not { } station)
            return TypedResults.NotFound();
        if (!AirRules.TryParse(rules, null, out var chosen, out var error))
            return Invalid("rules", error!);
        if (to < from || to.DayNumber - from.DayNumber >= AirQueries.MaxHourlyDays)
            return Invalid("to", $"须满足 from ≤ to，且跨度不超过 {AirQueries.MaxHourlyDays} 天");
        return TypedResults.Ok(await AirQueries.HourlyAsync(db, station, from, to, chosen, ct));
    }

    private static async Task<Results<Ok<DailyAirSeriesDto>, NotFound, ValidationProblem>> Daily(string code, int year, string? rules, AppDbContext db, CancellationToken ct)
    {
        if (await StationQueries.FindAsync(db, code, ct) is not { } station)
            return TypedResults.NotFound();
        if (!AirRules.TryParse(rules, null, out var chosen, out var error))
            return Invalid("rules", error!);
        if (year is < 1900 or > 2200)
            return Invalid("year", "年份无效");
        return TypedResults.Ok(await AirQueries.DailyAsync(db, station, year, chosen, ct));
    }

    private static async Task<Results<Ok<AirEvaluationDto>, ValidationProblem>> Evaluate(
        int year, string? stations, string? region, string? rules, string? limits, string? hourLabels, string? city, AppDbContext db, City home, CancellationToken ct)
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
            region ??= home.Code;
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

    private static async Task<Results<Ok<List<WaterSampleDto>>, NotFound>> ListWaterSamples(string code, int? year, AppDbContext db, CancellationToken ct)
    {
        if (await StationQueries.FindAsync(db, code, ct) is not { } station || station.Kind == StationKind.Air)
            return TypedResults.NotFound();
        return TypedResults.Ok(await WaterQueries.SamplesAsync(db, station, year, ct));
    }

    private static async Task<Results<Created<StationDto>, Ok<StationDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> CreateStation(
        StationEntry request, Stations stations, CancellationToken ct) =>
        (await stations.RegisterAsync(request, ct)).ToHttpCreated(s => s.ToDto(), dto => $"/api/environment/stations/{dto.Code}");

    private static async Task<Results<Accepted<AirImportDto>, Ok<AirImportDto>, ValidationProblem>> UploadAir(
        IFormFile? file, [FromForm] string? format, [FromForm] string? mode, AirImports imports, CancellationToken ct)
    {
        var outcome = await imports.UploadAsync(file, format, mode, ct);
        return outcome.Kind switch
        {
            OutcomeKind.Created => TypedResults.Accepted($"/api/environment/air/imports/{outcome.Value!.Id}", outcome.Value),
            OutcomeKind.Ok => TypedResults.Ok(outcome.Value!),
            _ => TypedResults.ValidationProblem(outcome.Errors.ToDictionary()),
        };
    }

    private static async Task<Ok<List<AirImportDto>>> ListImports(AirImports imports, CancellationToken ct) => TypedResults.Ok(await imports.ListAsync(200, ct));

    private static async Task<Results<Ok<AirImportDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> GetImport(
        int id, AirImports imports, CancellationToken ct) => (await imports.GetAsync(id, ct)).ToHttp(i => i);

    private static async Task<Results<Ok<RejectionPageDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> ImportRejections(
        int id, int? skip, int? take, AirImports imports, CancellationToken ct) => (await imports.RejectionsAsync(id, skip, take, ct)).ToHttp(p => p);

    private static async Task<Results<Created<WaterSampleDto>, Ok<WaterSampleDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> AddWaterSample(
        WaterSampleRequest request, WaterSamples samples, CancellationToken ct) =>
        (await samples.AddAsync(request, ct)).ToHttpCreated(s => s, _ => $"/api/environment/stations/{request.StationCode}/water/samples");

    private static async Task<Results<Ok<List<FeedResultDto>>, ValidationProblem>> Recompute(
        RecomputeRequest request, CurrentUser currentUser, AppDbContext db, TimeProvider clock, IOptions<ReportingOptions> reporting,
        IOptions<OutfallOptions> outfalls, IOptions<SpongeOptions> sponge, City city, CancellationToken ct)
    {
        if (EvaluationQueryRules.YearError(request.Year) is { } yearError)
            return Invalid("year", yearError);
        if (!AirRules.TryParse(request.Rules, request.Limits, out var rules, out var error))
            return Invalid("rules", error!);
        var settings = new FeedSettings(TimeSpan.FromHours(outfalls.Value.OnlineWindowHours), sponge.Value.BaselineYear);
        return TypedResults.Ok(await EnvironmentFeeds.RecomputeAsync(db, await currentUser.GetAsync(ct), city, request, rules, reporting.Value.DueDays, clock.GetUtcNow(), settings, ct));
    }

    private static Ok<IReadOnlyList<FeedDefinition>> Feeds(City city) => TypedResults.Ok(EnvironmentFeeds.All(city));

    private static Ok<IReadOnlyList<MilestoneFeedDefinition>> MilestoneFeeds(City city) => TypedResults.Ok(EnvironmentFeeds.Milestones(city));

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
