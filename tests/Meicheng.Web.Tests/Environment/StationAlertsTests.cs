using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Meicheng.Core.Environment.Hj212;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Dashboard;
using Meicheng.Web.Features.Environment.Hj212;
using Meicheng.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meicheng.Web.Tests.Environment;

public sealed class StationAlertsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Owner = "qd-ecology-environment";

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    [Fact]
    public async Task A_stations_alerts_name_its_owner_reach_the_owner_through_the_reminder_webhook_once_and_head_the_attention_list()
    {
        var url = $"http://127.0.0.1:{FreePort()}/hook/";
        using var listener = new HttpListener();
        listener.Prefixes.Add(url);
        listener.Start();
        await using var app = new MeichengApp(DatabaseProvider.Sqlite).With("Reporting:ReminderWebhookUrl", url).With("Hj212:AlertCacheSeconds", "0").With("Hj212:PasswordIterations", "1000");
        var admin = await app.ClientForAsync(Roles.Admin);
        var email = "monitoring@example.cn";
        await app.CreateUserAsync(email, Roles.Department, Owner);

        // The owner must be a department of the registry.
        var unknown = await admin.PostAsJsonAsync("/api/environment/stations", new
        {
            code = "mc-alert-x", name = "测试站X", kind = "air", type = "municipal", region = "370202", feedNames = new List<string> { "mc-alert-x" }, mn = "MCALERTX", hj212Password = "pw1", owner = "no-such-department",
        }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("owner", await unknown.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var created = await admin.PostAsJsonAsync("/api/environment/stations", new
        {
            code = "mc-alert-a", name = "测试站甲", kind = "air", type = "municipal", region = "370202", feedNames = new List<string> { "mc-alert-a" }, mn = "MCALERTA", hj212Password = "pw1", owner = Owner,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(Owner, (string?)JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!["owner"]);

        // An hourly SO2 value above GB 3095's 1-hour limit (500), received a minute ago, as the receiver stores it.
        var start = app.Clock.GetUtcNow();
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var station = await db.Stations.SingleAsync(s => s.Code == "mc-alert-a", Ct);
            station.LastPacketAt = start.AddMinutes(-1);
            db.Hj212Readings.Add(new Hj212Reading
            {
                StationId = station.Id, Cn = Hj212Command.Hourly, Code = "a21026", DataTime = start.AddHours(-1), Value = 620m, Flag = "N", Qn = "20261122150001000", ReceivedAt = start.AddMinutes(-1),
            });
            await db.SaveChangesAsync(Ct);
        }
        var alerts = app.Services.GetRequiredService<StationAlerts>();
        var exceedance = Assert.Single((await alerts.CurrentAsync(Ct)).Items);
        Assert.Equal((Hj212Alerts.Exceedance, "mc-alert-a", Owner, "市生态环境局"), (exceedance.Kind, exceedance.Code, exceedance.OwnerId, exceedance.OwnerName));

        // The attention list of the dashboard leads with it, owner named.
        var leader = await app.ClientForAsync(Roles.Leader);
        var dashboard = (await leader.GetFromJsonAsync<DashboardDto>("/api/dashboard?year=2026", Ct))!;
        var item = dashboard.Attention[0];
        Assert.Equal(("station-alert", "测试站甲：小时值超标", "/environment/stations/mc-alert-a"), (item.Kind, item.Title, item.Url));
        Assert.Equal(["市生态环境局"], item.Owners);

        var received = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            var body = await new StreamReader(context.Request.InputStream).ReadToEndAsync(Ct);
            context.Response.StatusCode = 204;
            context.Response.Close();
            return body;
        }, Ct);
        StationAlertNoticesDto sent;
        using (var scope = app.Services.CreateScope())
            sent = await scope.ServiceProvider.GetRequiredService<StationAlertNotices>().SendAsync(start.AddMinutes(-5), start, Ct);
        Assert.Equal(1, sent.Alerts);
        Assert.True(sent.WebhookSent);
        var owner = Assert.Single(sent.Owners);
        Assert.Equal(Owner, owner.OwnerId);
        Assert.Equal([email], owner.Recipients);
        var payload = JsonNode.Parse(await received.WaitAsync(TimeSpan.FromSeconds(10), Ct))!;
        Assert.Equal(StationAlertNotices.PayloadType, (string)payload["type"]!);
        Assert.Equal(Owner, (string?)payload["owners"]![0]!["ownerId"]);
        Assert.Contains("二氧化硫小时浓度 620", (string)payload["owners"]![0]!["alerts"]![0]!["message"]!, StringComparison.Ordinal);

        // The next window has nothing new: the exceedance went out once.
        using (var scope = app.Services.CreateScope())
            Assert.Equal(0, (await scope.ServiceProvider.GetRequiredService<StationAlertNotices>().SendAsync(start, start.AddMinutes(5), Ct)).Alerts);

        // The sending round is audited with its window; a process started later begins where it ended, so what arose
        // while it was stopped is sent; only the round that sent is audited.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var audited = await db.AuditEntries.AsNoTracking().Where(a => a.Action == StationAlertNotices.SentAction).ToListAsync(Ct);
            Assert.Contains("测试站甲", Assert.Single(audited).NewValue ?? "", StringComparison.Ordinal);
            Assert.Equal(start, await StationAlertNotices.WindowStartAsync(db, start.AddHours(2), Ct));
        }
        // The audit log names the round in Chinese, not by its code.
        var log = WebUtility.HtmlDecode(await (await app.ClientForAsync(Roles.Auditor)).GetStringAsync("/admin/audit?type=station-alerts", Ct));
        Assert.Contains("发送实时监测提醒", log, StringComparison.Ordinal);
        Assert.Contains("提醒条数", log, StringComparison.Ordinal);
        Assert.DoesNotContain(StationAlertNotices.SentAction, log, StringComparison.Ordinal);
        Assert.DoesNotContain("webhookSent", log, StringComparison.Ordinal);

        // Four hours of silence: the station is stale from 3 hours after its last packet, and that is new in this window.
        app.Clock.Advance(TimeSpan.FromHours(4));
        var again = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            context.Response.StatusCode = 204;
            context.Response.Close();
        }, Ct);
        using (var scope = app.Services.CreateScope())
        {
            var stale = await scope.ServiceProvider.GetRequiredService<StationAlertNotices>().SendAsync(start.AddMinutes(5), app.Clock.GetUtcNow(), Ct);
            Assert.Equal([Hj212Alerts.Stale], Assert.Single(stale.Owners).Alerts.Select(a => a.Kind));
        }
        await again.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }
}
