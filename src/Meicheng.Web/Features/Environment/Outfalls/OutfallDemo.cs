using Meicheng.Web.Components;

namespace Meicheng.Web.Features.Environment.Outfalls;

/// <summary>
/// Demo mode's outfalls: five illustrative 入河、入海排污口 in the demo city's districts, registered and sampled through the
/// operations as the demo plan office, so /environment/outfalls, its map and the 2025 digital-supervision milestone show
/// something. Names say 演示 and 示意, codes start with DEMO-, positions are approximate (近似位置) and the note says
/// so: none of them is a real outfall.
/// </summary>
internal static class OutfallDemo
{
    public const string Note = "演示数据：名称、位置和监测结果均为示意（近似位置），不是真实排污口。";

    /// <summary>Registers the demo outfalls and their supervisory results; the caller has set the demo admin as the actor.</summary>
    public static async Task SeedAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        var outfalls = services.GetRequiredService<Outfalls>();
        var today = Display.Today(now);
        var demo = new (OutfallRequest Outfall, (int DaysAgo, Dictionary<string, decimal> Values)? Result)[]
        {
            (new("DEMO-PWK-001", "演示·团岛污水处理厂排污口（示意）", "wwtp", "入海", "胶州湾", "370202", 120.29m, 36.05m, "演示·团岛污水处理厂", "filed",
                new DateOnly(2024, 6, 1), "gb18918-2002-1a", null, 30, Note),
             (12, new() { ["COD"] = 32m, ["NH3N"] = 2.1m, ["TP"] = 0.3m, ["SS"] = 8m, ["PH"] = 7.2m })),
            (new("DEMO-PWK-002", "演示·李村河污水处理厂排污口（示意）", "wwtp", "入河", "李村河", "370213", 120.40m, 36.16m, "演示·李村河污水处理厂", "filed",
                new DateOnly(2024, 9, 15), "gb18918-2002-1a", null, 30, Note),
             (20, new() { ["COD"] = 41m, ["NH3N"] = 6.2m, ["TP"] = 0.4m, ["PH"] = 7.5m })),
            (new("DEMO-PWK-003", "演示·城阳区某企业排污口（示意）", "industrial", "入河", "白沙河", "370214", 120.39m, 36.30m, "演示·某工业企业", "pending",
                null, "gb8978-1996-grade1", null, null, Note), null),
            (new("DEMO-PWK-004", "演示·崂山区雨水排口（示意）", "stormwater", "入海", "黄海", "370212", 120.47m, 36.10m, "演示·区城市管理局", "not-filed",
                null, null, null, null, Note), null),
            (new("DEMO-PWK-005", "演示·即墨区养殖尾水排口（示意）", "aquaculture", "入海", "丁字湾", "370215", 120.62m, 36.45m, "演示·某养殖场", "filed",
                new DateOnly(2025, 3, 1), null, null, 90, Note),
             (35, new() { ["COD"] = 28m, ["NH3N"] = 1.2m, ["PH"] = 7.9m })),
        };
        foreach (var (request, result) in demo)
        {
            var created = await outfalls.CreateAsync(request, ct);
            if (created.Value is null)
                throw new InvalidOperationException($"Demo outfall {request.Code} was refused: {created.Message} {string.Join("; ", created.Errors.SelectMany(e => e.Value))}");
            if (result is { } r)
            {
                var added = await outfalls.AddResultAsync(request.Code!, new OutfallResultRequest(today.AddDays(-r.DaysAgo), r.Values), ct);
                if (added.Value is null)
                    throw new InvalidOperationException($"Demo result of {request.Code} was refused: {added.Message}");
            }
        }
    }
}
