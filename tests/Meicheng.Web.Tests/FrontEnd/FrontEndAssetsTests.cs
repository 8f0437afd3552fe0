using System.Net.Http.Json;
using System.Text.Json;
using Meicheng.Web.Data;

namespace Meicheng.Web.Tests.FrontEnd;

/// <summary>The npm packages restored by the build are served: ECharts, and the Qingdao map matching the region registry.</summary>
public sealed class FrontEndAssetsTests
{
    [Fact]
    public async Task The_qingdao_map_has_one_feature_per_district_with_current_gb_t_2260_codes()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var client = app.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        var map = await client.GetFromJsonAsync<JsonElement>("/lib/maps/qingdao.geo.json", ct);
        var regions = await client.GetFromJsonAsync<JsonElement>("/api/regions", ct);

        var features = map.GetProperty("features").EnumerateArray()
            .ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("properties").GetProperty("name").GetString());
        var districts = regions.EnumerateArray().Where(r => r.GetProperty("parentCode").GetString() == "370200")
            .ToDictionary(r => r.GetProperty("code").GetString()!, r => r.GetProperty("name").GetString());
        Assert.Equal(districts.OrderBy(d => d.Key), features.OrderBy(f => f.Key));
        Assert.Equal("即墨区", features["370215"]);
        // Decoded to plain GeoJSON: coordinates are numbers within Qingdao's extent, not encoded strings.
        var ring = map.GetProperty("features")[0].GetProperty("geometry").GetProperty("coordinates")[0];
        var point = ring[0];
        Assert.InRange(point[0].GetDouble(), 119.5, 121.5);
        Assert.InRange(point[1].GetDouble(), 35.3, 37.2);
    }

    [Fact]
    public async Task Echarts_is_served_from_the_build()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var response = await app.CreateClient().GetAsync("/lib/echarts/echarts.min.js", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        Assert.Contains("echarts", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
