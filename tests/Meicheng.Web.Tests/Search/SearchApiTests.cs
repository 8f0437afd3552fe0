using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Meicheng.Web.Data;

namespace Meicheng.Web.Tests.Search;

public sealed class SearchApiTests
{
    private static async Task<List<(string Type, string Id, string? PlanId)>> SearchAsync(MeichengApp app, string q)
    {
        var result = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/search?q={Uri.EscapeDataString(q)}", TestContext.Current.CancellationToken);
        return result.GetProperty("hits").EnumerateArray()
            .Select(h => (h.GetProperty("type").GetString()!, h.GetProperty("id").GetString()!, h.GetProperty("planId").GetString())).ToList();
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Chinese_text_finds_items_in_both_plans(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var hits = await SearchAsync(app, "人均公园绿地");

        Assert.Contains(hits, h => h.Type == "indicator" && h.Id == "park-green-area-per-capita");
        Assert.Contains(hits, h => h.Type == "target" && h.PlanId == "qingdao-green-city-pilot-2021");
        Assert.Contains(hits, h => h.Type == "target" && h.PlanId == "qingdao-beautiful-city-2025-2027");
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Terms_combine_and_case_and_width_do_not_matter(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var lower = await SearchAsync(app, "pm2.5");
        var fullWidth = await SearchAsync(app, "ＰＭ２．５");
        Assert.Contains(lower, h => h.Id == "pm25-annual-mean");
        Assert.Equal(lower, fullWidth);

        var both = await SearchAsync(app, "装配式 50");
        Assert.All(both, h => Assert.NotEqual("region", h.Type));
        Assert.Contains(both, h => h.Type == "target" && h.PlanId == "qingdao-green-city-pilot-2021");
        Assert.Empty(await SearchAsync(app, "装配式 火星"));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Units_and_districts_are_found_by_name(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        Assert.Contains(await SearchAsync(app, "住房城乡建设局"), h => h.Type == "department" && h.Id == "qd-housing");
        Assert.Contains(await SearchAsync(app, "西海岸新区"), h => h.Type == "region" && h.Id == "370211");
    }

    [Fact]
    public async Task An_empty_query_is_a_validation_problem()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var response = await app.CreateClient().GetAsync("/api/search?q=", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
