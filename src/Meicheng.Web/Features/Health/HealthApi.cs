using Meicheng.Web.Data;
using Meicheng.Web.Features.Environment.Hj212;
using Meicheng.Web.Features.Plans;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Health;

public sealed record HealthDto(string Status, string Database, bool DatabaseReachable, int Plans, DateTimeOffset? PlanImportAt, string? PlanImportError,
    Hj212HealthDto? Hj212 = null);

/// <summary>
/// The HJ 212 receiver since start (null when it is off): open connections, packets accepted and answered, values stored,
/// rejections per reason, and the receipt-to-answer latency over the last minute in milliseconds (p50, p99, max, over that
/// many packets; null when none came in that minute), and the store's batches over the last minute: how long each took to
/// write (p50, p99, max, over that many batches) and how many packets a batch held since start. A slow answer with fast
/// batches is the receiver's (or the machine's) time, not the database's.
/// </summary>
public sealed record Hj212HealthDto(int Port, long Connections, long Accepted, long Answered, long ValuesStored, IReadOnlyDictionary<string, long> Rejected,
    Hj212LatencyDto? LatencyMs, Hj212BatchesDto? BatchWriteMs = null, double PacketsPerBatch = 0);

public sealed record Hj212LatencyDto(double P50, double P99, double Max, long Packets);

public sealed record Hj212BatchesDto(double P50, double P99, double Max, long Batches);

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetHealth).AllowAnonymous().WithTags("Health").WithSummary("Database reachability and the outcome of the last plan import");
        return app;
    }

    // "Healthy" only when the database answers and the last plan import went through; a refused import is "Degraded":
    // the site still serves the plans as last imported.
    private static async Task<Results<Ok<HealthDto>, JsonHttpResult<HealthDto>>> GetHealth(
        AppDbContext db, DatabaseSettings settings, PlanImportStatus import, Hj212Metrics hj212, Hj212Receiver receiver, CancellationToken ct)
    {
        var reachable = await db.Database.CanConnectAsync(ct);
        var plans = reachable ? await db.Plans.CountAsync(ct) : 0;
        var status = !reachable ? "Unhealthy" : import.Error is not null || plans == 0 ? "Degraded" : "Healthy";
        var port = receiver.Port.IsCompletedSuccessfully ? receiver.Port.Result : 0;
        var feed = port == 0 ? null : new Hj212HealthDto(port, hj212.OpenConnections, hj212.Accepted, hj212.Answered, hj212.ValuesStored, hj212.Rejected,
            hj212.Latency() is { } l ? new Hj212LatencyDto(l.P50, l.P99, l.Max, l.Packets) : null,
            hj212.BatchWrites() is { } b ? new Hj212BatchesDto(b.P50, b.P99, b.Max, b.Batches) : null, hj212.PacketsPerBatch);
        var dto = new HealthDto(status, settings.Provider.ToString(), reachable, plans, import.At, import.Error, feed);
        return reachable ? TypedResults.Ok(dto) : TypedResults.Json(dto, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
