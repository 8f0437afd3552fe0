using System.Net.Http.Json;
using System.Text.Json;
using Meicheng.Web.Data;

namespace Meicheng.Web.Tests.Health;

public sealed class HealthApiTests
{
    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Health_reports_the_database_and_a_clean_import(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var health = await app.CreateClient().GetFromJsonAsync<JsonElement>("/health", TestContext.Current.CancellationToken);

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Equal(provider.ToString(), health.GetProperty("database").GetString());
        Assert.Equal(2, health.GetProperty("plans").GetInt32());
        Assert.Equal(JsonValueKind.Null, health.GetProperty("planImportError").ValueKind);
        // The import time comes from the injected clock.
        Assert.Equal(app.Clock.GetUtcNow(), health.GetProperty("planImportAt").GetDateTimeOffset());
    }
}
