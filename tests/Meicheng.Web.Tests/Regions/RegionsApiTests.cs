using System.Net.Http.Json;
using System.Text.Json;
using Meicheng.Web.Data;

namespace Meicheng.Web.Tests.Regions;

public sealed class RegionsApiTests
{
    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Qingdao_and_its_ten_districts_have_gb_t_2260_codes(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var regions = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/regions", TestContext.Current.CancellationToken);

        var codes = regions.EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString()!, r => r.GetProperty("name").GetString());
        Assert.Equal(11, codes.Count);
        Assert.Equal("青岛市", codes["370200"]);
        Assert.Equal("即墨区", codes["370215"]); // a district since 2017, no longer 370282
        Assert.Equal("黄岛区", codes["370211"]);
        Assert.Equal("莱西市", codes["370285"]);
        Assert.All(regions.EnumerateArray().Where(r => r.GetProperty("code").GetString() != "370200"),
            r => Assert.Equal("370200", r.GetProperty("parentCode").GetString()));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_district_page_lists_the_tasks_and_targets_scoped_to_it(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var huangdao = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/regions/370211", TestContext.Current.CancellationToken);

        Assert.Contains(huangdao.GetProperty("zones").EnumerateArray(), z => z.GetProperty("id").GetString() == "west-coast-new-area");
        // Task 15 of the 2021 opinions names 青岛西海岸新区 for near-zero-energy pilots.
        Assert.Contains(huangdao.GetProperty("tasks").EnumerateArray(),
            t => t.GetProperty("planId").GetString() == "qingdao-green-city-pilot-2021" && t.GetProperty("number").GetInt32() == 15);
    }
}
