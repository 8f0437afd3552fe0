using System.IO.Compression;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using City = Meicheng.Web.Features.Regions.City;

namespace Meicheng.Web.Features.Evaluation;

/// <summary>
/// The process's cache of live evaluations: a bounded store (least recently used entries go first) of what was computed
/// for a data stamp. An entry is never invalidated: a new stamp makes new keys, and the old entries age out.
/// </summary>
public sealed class EvaluationCache : IDisposable
{
    /// <summary>How many entries (data sets, snapshots, views, serialized responses) are kept at most.</summary>
    public const int Capacity = 512;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });

    /// <summary>The cached value of <paramref name="key"/>, or what <paramref name="build"/> makes (once, however many ask at the same time).</summary>
    public Task<T> GetOrAddAsync<T>(object key, Func<Task<T>> build)
    {
        if (!_cache.TryGetValue(key, out Lazy<Task<T>>? entry) || entry is null)
        {
            entry = new Lazy<Task<T>>(build);
            using (var created = _cache.CreateEntry(key))
            {
                created.Size = 1;
                created.Value = entry;
            }
        }
        var task = entry.Value;
        if (!task.IsCompletedSuccessfully)
            _ = task.ContinueWith(t => _cache.Remove(key), CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion, TaskScheduler.Default);
        return task;
    }

    public void Dispose() => _cache.Dispose();
}

/// <summary>A cache key: what was asked, for which data stamp and evaluation date.</summary>
internal readonly record struct LiveKey(string Kind, long Stamp, int Year, DateOnly Date, string? Plan, string? Region, string? Method, string? Extra = null);

/// <summary>
/// The live evaluation as pages and endpoints read it: computed by Core's <see cref="Core.Evaluation.Evaluator"/> for the one
/// region and method asked, and served from <see cref="EvaluationCache"/> until an approval, a reopening, a plan import or
/// an assignment changes the data stamp (<see cref="DataVersion"/>). Rounds are not read here: they are frozen snapshots.
/// </summary>
public sealed class LiveEvaluation(
    AppDbContext db, EvaluationCache cache, DataVersion version, IOptions<EvaluationSettings> settings, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
    TimeProvider clock, City city)
{
    public EvaluationSettings Settings => settings.Value;

    /// <summary>The city evaluated: the default region of every view.</summary>
    public City City => city;

    /// <summary>The current data stamp and what the evaluation reads, loaded once per stamp.</summary>
    public async Task<(long Stamp, EvaluationData Data)> DataAsync(CancellationToken ct)
    {
        var stamp = await version.CurrentAsync(db, ct);
        // Read after the stamp, so data newer than the stamp can be cached under it but never older data under a newer stamp.
        var data = await cache.GetOrAddAsync(new LiveKey("data", stamp, 0, default, null, null, null), () => EvaluationData.LoadAsync(db, city.Code, ct));
        return (stamp, data);
    }

    public async Task<PlanCatalogue> CatalogueAsync(CancellationToken ct) => (await DataAsync(ct)).Data.Catalogue;

    /// <summary>
    /// The live snapshot for <paramref name="year"/>: every method when <paramref name="method"/> is null, and the results of
    /// <paramref name="region"/> only (every region with inputs when null). Roll-ups cover every region.
    /// </summary>
    public async Task<EvaluationSnapshot> SnapshotAsync(int year, string? planId, string? region, string? method, CancellationToken ct)
    {
        var (stamp, data) = await DataAsync(ct);
        var now = clock.GetUtcNow();
        var key = new LiveKey("snapshot", stamp, year, EvaluationEngine.EvaluationDate(year, now), planId, region, method);
        return await cache.GetOrAddAsync(key, () => Task.Run(() => EvaluationEngine.Snapshot(
            data, year, planId, EvaluationEngine.Parameters(Settings), Settings.PrimaryMethod, now, method is null ? null : EvaluationEngine.Method(method), region), ct));
    }

    /// <summary>The view of one region and method, serialized as GET /api/evaluation answers it.</summary>
    public async Task<byte[]> ViewJsonAsync(int year, string? planId, string region, string method, CancellationToken ct)
    {
        var stamp = await version.CurrentAsync(db, ct);
        var key = new LiveKey("view.json", stamp, year, EvaluationEngine.EvaluationDate(year, clock.GetUtcNow()), planId, region, method);
        return await cache.GetOrAddAsync(key, async () =>
        {
            var snapshot = await SnapshotAsync(year, planId, region, method, ct);
            return JsonSerializer.SerializeToUtf8Bytes(EvaluationViews.View(snapshot, null, region, method, planId), json.Value.SerializerOptions);
        });
    }

    /// <summary>
    /// Something else computed from the live evaluation (the dashboard), cached under the same stamp: <paramref name="kind"/>
    /// and <paramref name="extra"/> name it, with the year, plan, region and method asked.
    /// </summary>
    public async Task<T> CachedAsync<T>(string kind, int year, string? planId, string? region, string? method, string? extra, Func<Task<T>> build, CancellationToken ct)
    {
        var stamp = await version.CurrentAsync(db, ct);
        var key = new LiveKey(kind, stamp, year, EvaluationEngine.EvaluationDate(year, clock.GetUtcNow()), planId, region, method, extra);
        return await cache.GetOrAddAsync(key, build);
    }

    /// <summary>JSON as the endpoints write it (the app's serializer options).</summary>
    public byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, json.Value.SerializerOptions);
}

/// <summary>
/// A 200 response whose JSON was serialized once and cached: declared to OpenAPI exactly as <see cref="Ok{TValue}"/> is, so
/// clients see the same contract.
/// </summary>
public sealed class CachedJson<T>(byte[] utf8) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => "application/json; charset=utf-8";

    // The gzip form of each cached body, made once per body and dropped with it: these responses are 100–350 KB of JSON,
    // so writing the bytes, not computing them, is what limits throughput once the result is cached.
    private static readonly ConditionalWeakTable<byte[], byte[]> Gzipped = new();

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.Vary = "Accept-Encoding";
        var body = utf8;
        if (AcceptsGzip(httpContext.Request))
        {
            body = Gzipped.GetValue(utf8, Gzip);
            response.Headers.ContentEncoding = "gzip";
        }
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.GetTypedHeaders().AcceptEncoding.Any(e => e.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) && e.Quality is not 0);

    private static byte[] Gzip(byte[] raw)
    {
        using var buffer = new MemoryStream(raw.Length / 4);
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(raw);
        return buffer.ToArray();
    }

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Populate<Ok<T>>(method, builder);

    private static void Populate<TResult>(MethodInfo method, EndpointBuilder builder) where TResult : IEndpointMetadataProvider =>
        TResult.PopulateMetadata(method, builder);
}

public static class LiveEvaluationServices
{
    /// <summary>
    /// The output-cache policy of the /evaluation page (signed-in staff only): keyed by the data stamp, so an approval, a
    /// reopening, an assignment or a plan import is seen at once, and by the sign-in session (<see cref="SignedInPageCache"/>),
    /// because the layout carries the person's menu and antiforgery token; the short expiry bounds how long a new day
    /// (milestone statuses) goes unseen.
    /// </summary>
    public const string OutputCachePolicy = "live-evaluation";

    public static IServiceCollection AddLiveEvaluation(this IServiceCollection services)
    {
        services.AddSingleton<EvaluationCache>();
        services.AddScoped<LiveEvaluation>();
        services.AddOutputCache(o => o.AddPolicy(OutputCachePolicy,
            p => p.AddPolicy<SignedInPageCache>().Expire(TimeSpan.FromSeconds(30)).VaryByDataVersion(), excludeDefaultPolicy: true));
        return services;
    }
}
