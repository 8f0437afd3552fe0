using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Meicheng.Core.Environment.Hj212;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Environment;
using Meicheng.Web.Features.Environment.Hj212;
using Meicheng.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meicheng.Web.Tests.Environment;

public sealed class Hj212ReceiverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Mn = "MC370202HJ0001";
    private const string Pw = "s3cret";

    private static async Task<(MeichengApp App, int Port)> StartAsync(DatabaseProvider provider, params (string Code, string Mn)[] stations)
    {
        // A cheap work factor for the test's station passwords: the same PBKDF2 code path, not 100,000 iterations per hash.
        var app = new MeichengApp(provider).With("Hj212:Port", "-1").With("Hj212:PasswordIterations", "1000");
        var admin = await app.ClientForAsync(Roles.Admin);
        foreach (var (code, mn) in stations)
        {
            var response = await admin.PostAsJsonAsync("/api/environment/stations", new
            {
                code, name = $"测试空气站{code[^1]}", kind = "air", type = "municipal", region = "370202", feedNames = new[] { code }, mn, hj212Password = Pw,
            }, Ct);
            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.DoesNotContain(Pw, body, StringComparison.Ordinal);
            Assert.DoesNotContain("assword", body, StringComparison.Ordinal);
        }
        var port = await app.Services.GetRequiredService<Hj212Receiver>().Port;
        return (app, port);
    }

    private static string Hourly(DateTime time, string qn, decimal pm25, char flag = 'N', int packetFlag = 5, string mn = Mn, string pw = Pw) =>
        Hj212Writer.DataSegment(qn, "22", Hj212Command.Hourly, pw, mn, packetFlag, time,
            [new Hj212Value("a34004", null, pm25, null, null, null, flag), new Hj212Value("a21005", null, 0.7m, null, null, null, 'N'),
             new Hj212Value("a01001", null, 12.5m, null, null, null, 'N')]);

    /// <summary>Sends the pieces one write each and collects the answers until <paramref name="answers"/> came or the receiver closed.</summary>
    private static async Task<(List<Hj212Packet> Answers, bool Closed)> ExchangeAsync(int port, int answers, params byte[][] pieces)
    {
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", port, Ct);
        var stream = tcp.GetStream();
        foreach (var piece in pieces)
        {
            await stream.WriteAsync(piece, Ct);
            await stream.FlushAsync(Ct);
            await Task.Delay(20, Ct);
        }
        var framer = new Hj212FrameReader();
        var got = new List<Hj212Packet>();
        var buffer = new byte[4096];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(answers == 0 ? 2 : 20));
        try
        {
            while (got.Count < answers || answers == 0)
            {
                var n = await stream.ReadAsync(buffer, timeout.Token);
                if (n == 0)
                    return (got, true);
                foreach (var f in framer.Push(buffer.AsSpan(0, n)))
                {
                    Assert.True(f.IsPacket);
                    Assert.True(Hj212Parser.TryParse(f.Segment!, out var p, out _));
                    got.Add(p!);
                }
            }
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
        }
        return (got, false);
    }

    private static byte[] P(string segment) => Hj212Writer.Packet(segment);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200 && !await condition(); i++)
            await Task.Delay(50, Ct);
        Assert.True(await condition());
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Packets_are_framed_checked_authenticated_stored_once_and_answered(DatabaseProvider provider)
    {
        var (app, port) = await StartAsync(provider, ("mc-hj212-a", Mn));
        using var _ = app;
        var metrics = app.Services.GetRequiredService<Hj212Metrics>();
        var t = new DateTime(2026, 11, 20, 10, 0, 0);
        var hourly = P(Hourly(t, "20261120100001000", 35.5m));
        var minute = P(Hj212Writer.DataSegment("20261120100102000", "22", Hj212Command.Minute, Pw, Mn, 5, t.AddMinutes(1),
            [new Hj212Value("a34004", null, 36m, 30m, 40m, null, 'N')]));
        var realTime = P(Hj212Writer.DataSegment("20261120100103000", "22", Hj212Command.RealTime, Pw, Mn, 5, t.AddMinutes(1).AddSeconds(30),
            [new Hj212Value("a34004", 37m, null, null, null, null, 'N')]));
        var daily = P(Hj212Writer.DataSegment("20261121000104000", "32", Hj212Command.Daily, Pw, Mn, 4, new DateTime(2026, 11, 20),
            [new Hj212Value("w00000", null, 12.5m, null, null, 1080m, 'N'), new Hj212Value("w21003", null, 0.42m, null, null, null, 'N')]));
        // A maintenance-flagged hour: kept with its flag, never in the hourly air store.
        var flagged = P(Hourly(t.AddHours(1), "20261120110001000", 999m, flag: 'M'));
        var badCrc = P(Hourly(t.AddHours(2), "20261120120001000", 40m));
        badCrc[^3] = badCrc[^3] == (byte)'0' ? (byte)'1' : (byte)'0';
        var malformed = P(Hourly(t.AddHours(3), "20261120130001000", 40m).Replace("ST=22", "ST=2", StringComparison.Ordinal));

        // The hourly packet split in two reads; the minute and real-time packets merged into one; garbage between; the daily
        // packet does not ask for an answer; the hourly packet is sent again at the end.
        var (answers, closed) = await ExchangeAsync(port, 5,
            hourly[..30], hourly[30..], [.. minute, .. realTime], Encoding.ASCII.GetBytes("\r\nnoise#"), badCrc, malformed, daily, flagged, hourly);
        Assert.False(closed);
        Assert.Equal(5, answers.Count);
        Assert.All(answers, a => Assert.Equal((Hj212Command.DataAnswer, "91", Mn, false), (a.Cn, a.St, a.Mn, a.AnswerRequested)));
        Assert.Equal(["20261120100001000", "20261120100102000", "20261120100103000", "20261120110001000", "20261120100001000"], answers.Select(a => a.Qn));
        Assert.Equal(1, metrics.RejectedOf(Hj212Rejection.BadCrc));
        Assert.Equal(1, metrics.RejectedOf(Hj212Rejection.Malformed));
        Assert.True(metrics.RejectedOf(Hj212Rejection.Garbage) >= 1);
        // Every accepted packet is timed from its receipt to its answer (or its commit, for the daily packet that asks none).
        var latency = Assert.NotNull(metrics.Latency());
        Assert.Equal(metrics.Accepted, latency.Packets);
        Assert.InRange(latency.P50, 1, latency.P99);
        // And each batch the store wrote: at least one, at most one per accepted packet, none slower than the slowest answer.
        var writes = Assert.NotNull(metrics.BatchWrites());
        Assert.InRange(writes.Batches, 1, metrics.Accepted);
        Assert.InRange(writes.P99, writes.P50, latency.P99);
        Assert.Equal(Math.Round((double)metrics.Accepted / writes.Batches, 1), metrics.PacketsPerBatch);

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var station = await db.Stations.AsNoTracking().SingleAsync(s => s.Code == "mc-hj212-a", Ct);
            Assert.Equal(Mn, station.Mn);
            Assert.NotNull(station.LastPacketAt);
            Assert.StartsWith("pbkdf2-sha256$", station.Hj212PasswordHash, StringComparison.Ordinal);
            var readings = await db.Hj212Readings.AsNoTracking().Where(r => r.StationId == station.Id).ToListAsync(Ct);
            // 3 hourly values + 1 minute + 1 real-time + 2 daily + 3 flagged hourly values; the re-sent packet added none.
            Assert.Equal(10, readings.Count);
            Assert.Equal(["2011", "2031", "2051", "2061"], readings.Select(r => r.Cn).Distinct().Order(StringComparer.Ordinal));
            Assert.Equal("M", readings.Single(r => r.Cn == "2061" && r.Code == "a34004" && r.Value == 999m).Flag);
            Assert.Equal(1080m, readings.Single(r => r.Code == "w00000").Cou);
            Assert.Equal("20261120100001000", readings.Single(r => r.Cn == "2061" && r.Code == "a34004" && r.Value == 35.5m).Qn);
            var hours = await db.AirHours.AsNoTracking().Where(h => h.StationId == station.Id).ToListAsync(Ct);
            // Only the N-flagged hour reaches the air store (the flagged hour has CO flagged N: that value alone is stored for 11:00).
            var ten = Assert.Single(hours, h => h.Hour == 10);
            Assert.Equal((new DateOnly(2026, 11, 20), 35.5m, 0.7m), (ten.Date, ten.Pm25, ten.Co));
            Assert.Null(Assert.Single(hours, h => h.Hour == 11).Pm25);
        }

        // The hourly API serves it like uploaded data, and the day is rebuilt within seconds.
        var anonymous = app.CreateClient();
        var served = await anonymous.GetStringAsync($"/api/environment/stations/mc-hj212-a/air/hourly?from=2026-11-20&to=2026-11-20", Ct);
        Assert.Contains("35.5", served, StringComparison.Ordinal);
        await WaitUntilAsync(async () =>
        {
            using var scope = app.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AirDays.AnyAsync(d => d.Date == new DateOnly(2026, 11, 20), Ct);
        });

        // Unknown MN and wrong password: rejected, counted, nothing stored, the connection closed.
        var (none, unknownClosed) = await ExchangeAsync(port, 0, P(Hourly(t, "20261120100001000", 1m, mn: "NOSUCHMN")));
        Assert.Empty(none);
        Assert.True(unknownClosed);
        var (none2, wrongClosed) = await ExchangeAsync(port, 0, P(Hourly(t.AddHours(5), "20261120150001000", 1m, pw: "wrong")));
        Assert.Empty(none2);
        Assert.True(wrongClosed);
        Assert.Equal(1, metrics.RejectedOf(Hj212Rejection.UnknownMn));
        Assert.Equal(1, metrics.RejectedOf(Hj212Rejection.WrongPassword));

        // A packet cut off by the closing connection is counted as truncated.
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync("127.0.0.1", port, Ct);
            await tcp.GetStream().WriteAsync(hourly.AsMemory(0, 40), Ct);
        }
        await WaitUntilAsync(() => Task.FromResult(metrics.RejectedOf(Hj212Rejection.Truncated) == 1));
        using (var scope = app.Services.CreateScope())
            Assert.Equal(10, await scope.ServiceProvider.GetRequiredService<AppDbContext>().Hj212Readings.CountAsync(Ct));

        // The station page (Chinese) shows the last packet in China time and the completeness of today and this month.
        var page = await anonymous.GetStringAsync("/environment/stations/mc-hj212-a", Ct);
        Assert.Contains("最近一包", page, StringComparison.Ordinal);
        Assert.Contains("小时数据完整率", page, StringComparison.Ordinal);

        // Alerts: an hourly SO2 value above GB 3095's 1-hour limit (500), then no hourly packet for more than 3 hours.
        var so2 = Hj212Writer.DataSegment("20261120160001000", "22", Hj212Command.Hourly, Pw, Mn, 5, t.AddHours(6), [new Hj212Value("a21026", null, 620m, null, null, null, 'N')]);
        Assert.Single((await ExchangeAsync(port, 1, P(so2))).Answers);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var alerts = await Hj212Alerts.ListAsync(db, app.Clock.GetUtcNow(), 3, Ct);
            Assert.Equal([Hj212Alerts.Exceedance], alerts.Select(a => a.Kind));
            Assert.Contains("二氧化硫小时浓度 620", alerts[0].Message, StringComparison.Ordinal);
            app.Clock.Advance(TimeSpan.FromHours(4));
            Assert.Contains(await Hj212Alerts.ListAsync(db, app.Clock.GetUtcNow(), 3, Ct), a => a.Kind == Hj212Alerts.Stale && a.Code == "mc-hj212-a");
        }
        Assert.Contains("实时数据提醒", await anonymous.GetStringAsync("/environment", Ct), StringComparison.Ordinal);

        var health = await anonymous.GetStringAsync("/health", Ct);
        Assert.Contains("\"hj212\"", health, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_day_of_hourly_packets_gives_the_same_daily_AQI_as_the_same_day_uploaded_as_CSV()
    {
        var (app, port) = await StartAsync(DatabaseProvider.Sqlite, ("mc-hj212-csv", "MCCSV0001"), ("mc-hj212-live", Mn));
        using var _ = app;
        var day = new DateOnly(2025, 6, 10);
        // Period-end labels: the day is its hours 01..23 and 00 of the next day.
        var labels = Enumerable.Range(1, 24).Select(h => day.ToDateTime(TimeOnly.MinValue).AddHours(h)).ToList();
        (decimal Pm25, decimal Pm10, decimal So2, decimal No2, decimal Co, decimal O3) Values(DateTime t) =>
            (20 + (t.Hour * 7) % 61, 50 + (t.Hour * 5) % 70, 5 + t.Hour % 4, 18 + t.Hour % 11, 0.4m + (t.Hour % 5) / 10m, 60 + (t.Hour * 13) % 150);

        var csv = new StringBuilder("station,time,pm25,pm10,so2,no2,co,o3\n");
        foreach (var t in labels)
        {
            var v = Values(t);
            csv.Append(CultureInfo.InvariantCulture, $"mc-hj212-csv,{t:yyyy-MM-dd HH:mm},{v.Pm25},{v.Pm10},{v.So2},{v.No2},{v.Co},{v.O3}\n");
        }
        var admin = await app.ClientForAsync(Roles.Admin);
        var (_, import) = await EnvironmentTestData.ImportAsync(admin, "day.csv", Encoding.UTF8.GetBytes(csv.ToString()), "generic");
        Assert.Equal(ImportStatus.Completed, import.Status);

        var packets = labels.Select((t, i) =>
        {
            var v = Values(t);
            return P(Hj212Writer.DataSegment($"20250610{i:D2}0000000", "22", Hj212Command.Hourly, Pw, Mn, 5, t,
            [
                new("a34004", null, v.Pm25, null, null, null, 'N'), new("a34002", null, v.Pm10, null, null, null, 'N'), new("a21026", null, v.So2, null, null, null, 'N'),
                new("a21004", null, v.No2, null, null, null, 'N'), new("a21005", null, v.Co, null, null, null, 'N'), new("a05024", null, v.O3, null, null, null, 'N'),
            ]));
        }).ToArray();
        var (answers, _) = await ExchangeAsync(port, 24, [.. packets.SelectMany(p => p)]);
        Assert.Equal(24, answers.Count);

        var anonymous = app.CreateClient();
        async Task<DailyAirDto?> DayOf(string code, string rules) =>
            (await anonymous.GetFromJsonAsync<DailyAirSeriesDto>($"/api/environment/stations/{code}/air/daily?year=2025&rules={rules}", Ct))!.Days.SingleOrDefault(d => d.Date == day);
        await WaitUntilAsync(async () => await DayOf("mc-hj212-live", "2012") is { Hours: 24 });
        foreach (var rules in new[] { "2012", "2026" })
        {
            var fromCsv = (await DayOf("mc-hj212-csv", rules))!;
            var fromHj212 = (await DayOf("mc-hj212-live", rules))!;
            Assert.NotNull(fromCsv.Aqi);
            Assert.Equal(fromCsv, fromHj212);
        }
    }
}
