using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Meicheng.Web.Data;

namespace Meicheng.Web.Tests.Plans;

public sealed class PlansApiTests
{
    private const string Beautiful = "qingdao-beautiful-city-2025-2027";
    private const string Green = "qingdao-green-city-pilot-2021";

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Both_plans_are_served_with_their_counts(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var plans = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/plans", TestContext.Current.CancellationToken);

        var byId = plans.EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);
        Assert.Equal(8, byId[Beautiful].GetProperty("areas").GetInt32());
        Assert.Equal(37, byId[Beautiful].GetProperty("tasks").GetInt32());
        Assert.Equal(37, byId[Beautiful].GetProperty("unassignedTasks").GetInt32());
        Assert.Equal("draft-for-comment", byId[Beautiful].GetProperty("status").GetString());
        Assert.Equal(4, byId[Green].GetProperty("areas").GetInt32());
        Assert.Equal(27, byId[Green].GetProperty("tasks").GetInt32());
        Assert.Equal(0, byId[Green].GetProperty("unassignedTasks").GetInt32());
        Assert.Equal("青政字〔2021〕11号", byId[Green].GetProperty("documentNumber").GetString());
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Every_target_of_the_file_is_in_the_api_with_value_unit_and_year_as_written(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var ct = TestContext.Current.CancellationToken;
        foreach (var planId in new[] { Beautiful, Green })
        {
            using var file = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "data", "plans", planId + ".json"), ct));
            var expected = file.RootElement.GetProperty("targets").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!);

            var targets = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/plans/{planId}/targets", ct);

            Assert.Equal(expected.Count, targets.GetArrayLength());
            foreach (var t in targets.EnumerateArray())
            {
                var source = expected[t.GetProperty("id").GetString()!];
                Assert.Equal(planId, t.GetProperty("planId").GetString());
                // The number is served exactly as the file writes it: 1.6 stays 1.6 on both databases.
                Assert.Equal(source.GetProperty("value").GetRawText(), t.GetProperty("value").GetRawText());
                Assert.Equal(source.GetProperty("unit").GetString(), t.GetProperty("unit").GetString());
                Assert.Equal(source.GetProperty("comparator").GetString(), t.GetProperty("comparator").GetString());
                Assert.Equal(source.GetProperty("year").GetInt32(), t.GetProperty("year").GetInt32());
                Assert.Equal(source.GetProperty("yearImplied").GetBoolean(), t.GetProperty("yearImplied").GetBoolean());
                Assert.Equal(source.GetProperty("kind").GetString(), t.GetProperty("kind").GetString());
                Assert.Equal(source.GetProperty("clause").GetString(), t.GetProperty("citation").GetProperty("clause").GetString());
                Assert.False(string.IsNullOrEmpty(t.GetProperty("indicator").GetString()));
                Assert.True(t.TryGetProperty("taskNumber", out _));
            }
        }
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_task_shows_its_units_targets_and_milestones(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var ct = TestContext.Current.CancellationToken;
        var task = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/plans/{Green}/tasks/9", ct);

        Assert.Equal("实施城市生态修复工程", task.GetProperty("title").GetString());
        var units = task.GetProperty("responsibleUnits").EnumerateArray().Select(u => u.GetProperty("departmentId").GetString()).ToList();
        Assert.Equal(["qd-ocean", "qd-water", "qd-gardens-forestry", "qd-ecology-environment"], units);
        Assert.Contains(task.GetProperty("targets").EnumerateArray(), t => t.GetProperty("value").GetDecimal() == 90 && t.GetProperty("unit").GetString() == "个");

        var beautifulTask = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/plans/{Beautiful}/tasks/9", ct);
        Assert.True(beautifulTask.GetProperty("unassigned").GetBoolean());
        Assert.Contains(beautifulTask.GetProperty("milestones").EnumerateArray(), m => m.GetProperty("clause").GetString()!.Contains("全域供暖燃煤锅炉基本替代退出", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task One_indicator_links_targets_of_both_plans(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var indicator = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/indicators/park-green-area-per-capita", TestContext.Current.CancellationToken);

        var targets = indicator.GetProperty("targets").EnumerateArray().Select(t => (t.GetProperty("planId").GetString(), t.GetProperty("value").GetDecimal(), t.GetProperty("year").GetInt32())).ToList();
        Assert.Contains((Green, 15m, 2022), targets);
        Assert.Contains((Beautiful, 13m, 2027), targets);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Unknown_plans_targets_and_tasks_are_404(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var client = app.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/plans/nope", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/plans/nope/targets", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/plans/{Green}/tasks/99", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/targets/gc-nope", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/targets/gc-nope", ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Milestones_and_facts_are_served_apart_from_targets(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var client = app.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        var milestones = await client.GetFromJsonAsync<JsonElement>($"/api/plans/{Green}/milestones", ct);
        Assert.Contains(milestones.EnumerateArray(), m => m.GetProperty("clause").GetString()!.Contains("中期考核", StringComparison.Ordinal) && m.GetProperty("year").GetInt32() == 2021);
        var facts = await client.GetFromJsonAsync<JsonElement>($"/api/plans/{Beautiful}/facts", ct);
        Assert.Contains(facts.EnumerateArray(), f => f.GetProperty("value").ValueKind == JsonValueKind.Number && f.GetProperty("value").GetDecimal() == 66);
    }
}
