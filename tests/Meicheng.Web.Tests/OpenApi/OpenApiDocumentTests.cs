using System.Text.Json;
using System.Text.Json.Nodes;
using Meicheng.Web.Data;

namespace Meicheng.Web.Tests.OpenApi;

/// <summary>
/// The OpenAPI document is the API's contract: it is compared with the reviewed snapshot in Snapshots/openapi.json.
/// After an intended API change, run the tests with UPDATE_SNAPSHOTS=1 and review the diff.
/// </summary>
public sealed class OpenApiDocumentTests
{
    private static string SnapshotPath([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "..", "Snapshots", "openapi.json");

    [Fact]
    public async Task The_openapi_document_matches_the_reviewed_snapshot()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var text = await app.CreateClient().GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        var actual = JsonNode.Parse(text)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

        if (System.Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
            await File.WriteAllTextAsync(SnapshotPath(), actual, TestContext.Current.CancellationToken);

        Assert.Equal(await File.ReadAllTextAsync(SnapshotPath(), TestContext.Current.CancellationToken), actual);
    }

    [Fact]
    public async Task The_documented_endpoints_include_the_plan_api_and_the_interactive_page_is_served()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var client = app.CreateClient();
        var doc = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken))!;
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var path in new[] { "/api/plans", "/api/plans/{planId}", "/api/plans/{planId}/targets", "/api/regions", "/api/departments", "/health" })
            Assert.Contains(path, paths);

        var page = await client.GetStringAsync("/api/docs", TestContext.Current.CancellationToken);
        Assert.Contains("openapi/v1.json", page, StringComparison.Ordinal);
    }
}
