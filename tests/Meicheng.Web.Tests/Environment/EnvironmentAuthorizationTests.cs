using System.Net;
using System.Net.Http.Json;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Environment;
using Meicheng.Web.Tests.Accounts;

namespace Meicheng.Web.Tests.Environment;

/// <summary>Every environment endpoint against every role: the public reads stations and results, only an admin writes.</summary>
public sealed class EnvironmentAuthorizationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] PublicReads =
    [
        "/api/environment/stations",
        "/api/environment/stations?kind=air&region=370200",
        "/api/environment/stations/1011A",
        "/api/environment/stations/1011A/air/hourly?from=2015-01-01&to=2015-01-02",
        "/api/environment/stations/1011A/air/daily?year=2015",
        "/api/environment/air/evaluations/2015",
        "/api/environment/air/evaluations/2015?stations=1011A,1001A&rules=2026&limits=2026-final",
        "/api/environment/water/sections?year=2025",
        "/api/environment/feeds",
        "/environment",
        "/environment/stations/1011A?year=2015",
        "/environment/air/evaluation?year=2015",
        "/environment/water?year=2025",
    ];

    private static IEnumerable<(HttpMethod Method, string Path, Func<HttpContent?> Body)> AdminEndpoints() =>
    [
        (HttpMethod.Get, "/api/environment/air/imports", () => null),
        (HttpMethod.Get, "/api/environment/air/imports/1", () => null),
        (HttpMethod.Get, "/api/environment/air/imports/1/rejections", () => null),
        (HttpMethod.Post, "/api/environment/air/imports", () =>
        {
            var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent("station,time,pm25,pm10,so2,no2,co,o3\n1011A,2015-01-01 01:00,1,2,3,4,0.5,6\n"u8.ToArray()), "file", "a.csv");
            form.Add(new StringContent("generic"), "format");
            return form;
        }),
        (HttpMethod.Post, "/api/environment/stations", () => JsonContent.Create(
            new StationEntry("mc-auth-test", "授权测试断面", null, "surface-water", "municipal", "370202", null, null, null, false, false, 3, "river", [], null))),
        (HttpMethod.Post, "/api/environment/water/samples", () => JsonContent.Create(
            new WaterSampleRequest("mc-auth-test", new DateOnly(2025, 5, 1), new() { ["PH"] = 7.5m }, null))),
        (HttpMethod.Post, "/api/environment/feeds/recompute", () => JsonContent.Create(new RecomputeRequest(2025, null, null))),
    ];

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Anyone_reads_stations_and_results_only_an_admin_imports_registers_enters_samples_or_recomputes(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var path in PublicReads)
        {
            var response = await anonymous.GetAsync(path, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"anonymous GET {path}: {response.StatusCode}");
        }

        var clients = new Dictionary<string, HttpClient> { ["anonymous"] = anonymous };
        foreach (var role in Roles.All)
            clients[role] = await app.ClientForAsync(role);
        foreach (var (name, client) in clients)
        {
            foreach (var (method, path, body) in AdminEndpoints())
            {
                using var request = new HttpRequestMessage(method, path) { Content = body() };
                var status = (await client.SendAsync(request, Ct)).StatusCode;
                var expected = name switch
                {
                    "anonymous" => "401",
                    Roles.Admin => "allowed",
                    _ => "403",
                };
                var actual = status switch
                {
                    HttpStatusCode.Unauthorized => "401",
                    HttpStatusCode.Forbidden => "403",
                    _ => "allowed",
                };
                Assert.True(expected == actual, $"{name} {method} {path}: {status}");
            }
        }
    }
}
