using System.Net;
using System.Net.Http.Json;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.CityCheck;
using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Tests.Accounts;
using static Meicheng.Web.Tests.Evaluation.EvaluationWorld;

namespace Meicheng.Web.Tests.Evaluation;

/// <summary>
/// Every evaluation endpoint × every role (and anonymous): allowed means the request got past authorization (any status
/// but 401 and 403); denied means 401 for anonymous and 403 for a signed-in role without the right.
/// </summary>
public sealed class EvaluationAuthorizationTests
{
    private const string Anonymous = "anonymous";
    private static readonly string[] Everyone = [Anonymous, .. Roles.All];
    private static readonly string[] Staff = [.. Roles.All];

    private sealed record Endpoint(string Method, string Url, object? Body, string[] Allowed);

    private static List<Endpoint> Table(int round, int problem, int task, int project) =>
    [
        new("GET", "/api/evaluation?year=2026", null, Staff),
        new("GET", $"/api/evaluation/targets/{Enterprises}?year=2026", null, Staff),
        new("GET", "/api/evaluation/rounds", null, Staff),
        new("POST", "/api/evaluation/rounds", new CreateRoundRequest("annual", 2026, null, BeautifulCity, null, null, null, null), [Roles.Admin]),
        new("GET", "/api/evaluation/rounds/compare?a=" + round + "&b=" + round, null, Staff),
        new("GET", $"/api/evaluation/rounds/{round}", null, Staff),
        new("GET", $"/api/evaluation/rounds/{round}/snapshot", null, Staff),
        new("GET", $"/api/evaluation/rounds/{round}/view", null, Staff),
        new("GET", $"/api/evaluation/rounds/{round}/targets/{Enterprises}", null, Staff),
        new("GET", $"/api/evaluation/rounds/{round}/assessments", null, Staff),
        new("POST", $"/api/evaluation/rounds/{round}/assessments", new AssessmentRequest("target", Enterprises, 70, "意见"), [Roles.Evaluator]),
        new("GET", $"/api/evaluation/rounds/{round}/combined", null, Staff),
        new("GET", $"/api/evaluation/rounds/{round}/report.docx", null, Staff),
        new("GET", $"/api/evaluation/rounds/{round}/report.pdf", null, Staff),
        new("GET", $"/api/evaluation/rounds/{round}/results.xlsx", null, Staff),
        new("GET", "/api/evaluation/health-checks", null, Staff),
        new("POST", "/api/evaluation/health-checks", new CreateHealthCheckRequest(2026, round, null, null), [Roles.Admin]),
        new("GET", "/api/evaluation/health-checks/1", null, Staff),
        new("POST", "/api/evaluation/health-checks/1/problems", new ProblemRequest("问题", "说明", "at-risk", null, null, null), [Roles.Admin]),
        new("GET", "/api/evaluation/problems", null, Staff),
        new("GET", $"/api/evaluation/problems/{problem}", null, Staff),
        new("POST", $"/api/evaluation/problems/{problem}/tasks", new RectificationTaskRequest("任务", "qd-ecology-environment", new DateOnly(2027, 6, 30), null), [Roles.Admin]),
        new("GET", "/api/evaluation/rectification-tasks", null, Staff),
        // Department reporters may report their own department's tasks: the world's department reporter owns this one.
        new("PUT", $"/api/evaluation/rectification-tasks/{task}", new TaskUpdateRequest("in-progress", null), [Roles.Admin, Roles.Department]),
        new("GET", "/api/evaluation/projects", null, Staff),
        new("POST", "/api/evaluation/projects", new ProjectRequest(problem, null, "项目", "其他", "370200", null, 1, "planned", null, null, null), [Roles.Admin]),
        new("PUT", $"/api/evaluation/projects/{project}", new ProjectRequest(problem, null, "项目", "其他", "370200", null, 2, "planned", null, null, null), [Roles.Admin]),
        new("POST", $"/api/evaluation/rounds/{round}/close", null, [Roles.Admin]),
    ];

    [Fact]
    public async Task Every_evaluation_endpoint_admits_exactly_the_roles_in_the_table()
    {
        await using var w = await CreateAsync(DatabaseProvider.Sqlite);
        await w.ReportAsync(Enterprises, 2024, 40);
        await w.ReportAsync(Enterprises, 2026, 50);
        var round = await w.FreezeAsync(RoundKinds.Annual, 2026);
        var indicator = (await w.TargetAsync(Enterprises)).IndicatorId;
        var check = await (await w.Admin.PostAsJsonAsync("/api/evaluation/health-checks", new CreateHealthCheckRequest(2026, round.Id, [indicator], null), Ct))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<HealthCheckDto>(Ct);
        var problem = check!.Problems.Single().Id;
        var task = await (await w.Admin.PostAsJsonAsync($"/api/evaluation/problems/{problem}/tasks",
            new RectificationTaskRequest("任务", "qd-ecology-environment", new DateOnly(2027, 6, 30), null), Ct)).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<RectificationTaskDto>(Ct);
        var project = await (await w.Admin.PostAsJsonAsync("/api/evaluation/projects",
            new ProjectRequest(problem, null, "项目", "其他", "370200", null, 1, "planned", null, null, null), Ct)).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<ProjectDto>(Ct);

        var clients = new Dictionary<string, HttpClient> { [Anonymous] = w.App.CreateClient() };
        foreach (var role in Roles.All)
            clients[role] = await w.App.ClientForAsync(role, departmentId: role == Roles.Department ? "qd-ecology-environment" : null, districtCode: role == Roles.District ? "370212" : null);

        var failures = new List<string>();
        foreach (var endpoint in Table(round.Id, problem, task!.Id, project!.Id))
        {
            foreach (var (who, client) in clients)
            {
                using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Url);
                if (endpoint.Body is not null)
                    request.Content = JsonContent.Create(endpoint.Body, endpoint.Body.GetType());
                var status = (await client.SendAsync(request, Ct)).StatusCode;
                var allowed = endpoint.Allowed.Contains(who);
                var expected = allowed ? "allowed" : who == Anonymous ? "401" : "403";
                var actual = status switch { HttpStatusCode.Unauthorized => "401", HttpStatusCode.Forbidden => "403", _ => "allowed" };
                if (expected != actual)
                    failures.Add($"{endpoint.Method} {endpoint.Url} as {who}: expected {expected}, got {(int)status}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
