using System.Net.Http.Json;
using System.Text.Json;
using Meicheng.Web.Data;

namespace Meicheng.Web.Tests.Departments;

public sealed class DepartmentsApiTests
{
    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Each_unit_named_by_the_2021_opinions_carries_its_tasks(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var client = app.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        var departments = await client.GetFromJsonAsync<JsonElement>("/api/departments", ct);
        var housing = departments.EnumerateArray().Single(d => d.GetProperty("id").GetString() == "qd-housing");
        Assert.Equal("青岛市住房和城乡建设局", housing.GetProperty("fullName").GetString());
        Assert.True(housing.GetProperty("leadTasks").GetInt32() >= 10);

        var finance = await client.GetFromJsonAsync<JsonElement>("/api/departments/qd-finance", ct);
        var numbers = finance.GetProperty("tasks").EnumerateArray()
            .Where(t => !t.GetProperty("isMeasure").GetBoolean()).Select(t => t.GetProperty("number").GetInt32()).ToList();
        Assert.Contains(7, numbers);   // 加大财政税收政策支持（责任单位：市财政局）
        Assert.Contains(18, numbers);  // 推动绿色建材普及应用（市财政局、市住房城乡建设局分别牵头）
    }
}
