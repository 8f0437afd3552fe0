using System.Collections.Concurrent;
using System.Text.Json;
using Meicheng.Web.Data;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Meicheng.Web.Features.Projects;

/// <summary>
/// The project library's computed answers (the map layer, the totals) per caller scope and filter, each with its JSON as
/// the API writes it, kept under the data stamp (<see cref="DataVersion"/>): a project saved or imported, a progress report
/// approved, a region or department renamed renews the stamp in the same SaveChanges, so the next request computes afresh
/// and nobody has to evict anything. Entries of older stamps age out of a cache bounded in bytes (Projects:CacheMegabytes),
/// since one map of 10,000 projects is megabytes.
/// </summary>
public sealed class ProjectCache(DataVersion version, IOptions<ProjectsOptions> options, IOptions<JsonOptions> json) : IDisposable
{
    /// <summary>A computed answer and its JSON (served as it is, gzipped once, by <see cref="Evaluation.CachedJson{T}"/>).</summary>
    public sealed record Answer<T>(T Value, byte[] Json);

    private sealed record Key(string Kind, long Stamp, string Scope, object Arguments);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.CacheMegabytes) << 20, CompactionPercentage = 0.25 });

    // Answers being computed: however many ask at once, one computes.
    private readonly ConcurrentDictionary<Key, Lazy<Task<object>>> _building = new();

    /// <summary>
    /// The answer <paramref name="kind"/> for a caller's <paramref name="scope"/> (<see cref="ProjectScope.Key"/>) and
    /// <paramref name="arguments"/> (compared by value: a filter record, a year) under the current stamp, or what
    /// <paramref name="build"/> computes.
    /// </summary>
    public async Task<Answer<T>> GetAsync<T>(AppDbContext db, string kind, string scope, object arguments, Func<Task<T>> build, CancellationToken ct)
    {
        // The stamp is read before the data, so newer data may be kept under an older stamp but never older data under a newer one.
        var key = new Key(kind, await version.CurrentAsync(db, ct), scope, arguments);
        if (_cache.TryGetValue(key, out Answer<T>? hit) && hit is not null)
            return hit;
        var building = _building.GetOrAdd(key, _ => new Lazy<Task<object>>(async () =>
        {
            var value = await build();
            return new Answer<T>(value, JsonSerializer.SerializeToUtf8Bytes(value, json.Value.SerializerOptions));
        }));
        try
        {
            var answer = (Answer<T>)await building.Value;
            // The value, its JSON and the JSON's gzip form, roughly.
            _cache.Set(key, answer, new MemoryCacheEntryOptions { Size = Math.Max(1, answer.Json.Length * 3L) });
            return answer;
        }
        finally
        {
            _building.TryRemove(KeyValuePair.Create(key, building));
        }
    }

    public void Dispose() => _cache.Dispose();
}
