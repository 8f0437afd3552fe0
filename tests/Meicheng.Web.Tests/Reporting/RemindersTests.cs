using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Reporting;

namespace Meicheng.Web.Tests.Reporting;

public sealed class RemindersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Missing_reports_are_listed_by_department_with_overdue_items_and_reminders_reach_the_webhook(DatabaseProvider provider)
    {
        var url = $"http://127.0.0.1:{FreePort()}/hook/";
        using var listener = new HttpListener();
        listener.Prefixes.Add(url);
        listener.Start();
        await using var w = await ReportingWorld.CreateAsync(provider, configure: app => app.With("Reporting:ReminderWebhookUrl", url));
        // 2025's annual reports fell due on 2026-01-15; the test clock says 2026-11-22.
        var periods = await (await w.Admin.PostAsJsonAsync("/api/reporting/periods",
            new CreatePeriodsRequest("annual", 2025, 1, null, [w.Target.IndicatorId], Progress: false), Ct)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<List<PeriodDto>>(Ct);
        Assert.Equal(new DateOnly(2026, 1, 15), Assert.Single(periods!).Due);

        var missing = await w.Reviewer.GetFromJsonAsync<MissingReportsDto>("/api/reporting/missing?period=2025", Ct);
        var item = Assert.Single(missing!.Items, i => i.SubjectId == w.Target.TargetId && i.DepartmentId == w.Target.DepartmentId);
        Assert.True(item.Overdue);
        Assert.Equal("none", item.State);
        var summary = Assert.Single(missing.Summary, s => s.DepartmentId == w.Target.DepartmentId);
        Assert.True(summary.Overdue >= 1);

        // The listener answers while the app waits on it.
        var received = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            var body = await new StreamReader(context.Request.InputStream).ReadToEndAsync(Ct);
            context.Response.StatusCode = 204;
            context.Response.Close();
            return (context.Request.HttpMethod, Body: body);
        }, Ct);
        var sent = await w.Admin.PostAsync("/api/reporting/reminders?period=2025", null, Ct);
        var result = await sent.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ReminderResultDto>(Ct);
        Assert.True(result!.WebhookSent);
        Assert.Contains(w.ReporterEmail, Assert.Single(result.Reminders, r => r.DepartmentId == w.Target.DepartmentId).Recipients);
        var (method, body) = await received.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal("POST", method);
        var payload = JsonNode.Parse(body)!;
        Assert.Equal("meicheng.reporting.reminders", (string)payload["type"]!);
        Assert.Equal("2025", (string)payload["period"]!);
        Assert.Contains(payload["reminders"]!.AsArray(), r => (string?)r!["departmentId"] == w.Target.DepartmentId);

        // Once reported, the department is no longer missing for that target.
        var period = periods!.Single();
        Assert.Equal(HttpStatusCode.Created, (await w.Reporter.PostAsJsonAsync("/api/reporting/observations", w.Value(4) with { PeriodId = period.Id }, Ct)).StatusCode);
        missing = await w.Reviewer.GetFromJsonAsync<MissingReportsDto>("/api/reporting/missing?period=2025", Ct);
        Assert.DoesNotContain(missing!.Items, i => i.SubjectId == w.Target.TargetId && i.DepartmentId == w.Target.DepartmentId);
    }
}
