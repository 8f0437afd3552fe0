using System.Net;
using System.Net.Sockets;
using Meicheng.Core.Environment.Hj212;

namespace Meicheng.Cli.Tests;

public sealed class Hj212CommandsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// A receiver in the test process: frames what the simulator sends, keeps every packet that parses, and answers each
    /// one whose Flag asks for it with the 9014 data answer, as Meicheng's receiver does after storing it.
    /// </summary>
    private static async Task<List<Hj212Packet>> ReceiveAsync(TcpListener listener, CancellationToken ct)
    {
        using var socket = await listener.AcceptSocketAsync(ct);
        return await ServeAsync(socket, ct);
    }

    private static async Task<List<Hj212Packet>> ServeAsync(Socket socket, CancellationToken ct)
    {
        var packets = new List<Hj212Packet>();
        using var stream = new NetworkStream(socket);
        var framer = new Hj212FrameReader();
        var buffer = new byte[8192];
        int n;
        while ((n = await stream.ReadAsync(buffer, ct)) > 0)
        {
            foreach (var framed in framer.Push(buffer.AsSpan(0, n)))
            {
                Assert.True(framed.IsPacket, framed.Rejection.ToString());
                Assert.True(Hj212Parser.TryParse(framed.Segment!, out var packet, out var error), error?.Reason);
                packets.Add(packet!);
                if (packet!.AnswerRequested)
                    await stream.WriteAsync(Hj212Writer.Packet(Hj212Writer.DataAnswer(packet)), ct);
            }
        }
        return packets;
    }

    [Fact]
    public async Task Send_replays_a_day_of_the_Beijing_file_as_hourly_packets_and_counts_the_answers()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var receiving = ReceiveAsync(listener, Ct);
        var file = Path.GetFullPath(Path.Combine(CliRunner.RepoRoot, "..", "shared", "data", "beijing-prsa", "PRSA_Data_Dongsi_20130301-20170228.csv"));

        var (exit, output, error) = await Task.Run(() => CliRunner.Run("hj212", "send", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--mn", "MCDONGSI01", "--pw", "123456", "--file", file, "--from", "2013-03-02", "--to", "2013-03-02"), Ct);
        Assert.True(exit == 0, error);
        Assert.Contains("sent 24 packets (2061), answered 24, unanswered 0", output, StringComparison.Ordinal);

        var packets = await receiving;
        Assert.Equal(24, packets.Count);
        Assert.All(packets, p => Assert.Equal(("2061", "MCDONGSI01", "123456", true), (p.Cn, p.Mn, p.Pw, p.AnswerRequested)));
        Assert.Equal(new DateTime(2013, 3, 2, 0, 0, 0), packets[0].DataTime);
        // Row 2013-03-02 00:00 of the Dongsi file: PM2.5 4, NO2 45, CO 500 ug/m3 sent as 0.5 mg/m3.
        var first = packets[0].Values.ToDictionary(v => v.Code);
        Assert.Equal(4m, first["a34004"].Avg);
        Assert.Equal(45m, first["a21004"].Avg);
        Assert.Equal(0.5m, first["a21005"].Avg);
    }

    [Fact]
    public async Task Load_paces_each_connection_waits_for_its_answers_and_writes_the_latency_second_by_second()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var connections = Enumerable.Range(0, 3).Select(async _ =>
        {
            var socket = await listener.AcceptSocketAsync(Ct);
            using (socket)
                return await ServeAsync(socket, Ct);
        }).ToList();
        var timeline = Path.Combine(Path.GetTempPath(), $"meicheng-hj212-timeline-{Guid.NewGuid():N}.csv");
        try
        {
            // 3 connections at 30 packets/s in all: 10 a second each, for 1 s of warm-up and 2 s measured.
            var (exit, output, error) = await Task.Run(() => CliRunner.Run("hj212", "load", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--mn", "MCLOAD0001", "--pw", "123456", "--connections", "3", "--rate", "30", "--seconds", "2", "--warmup", "1", "--timeline", timeline), Ct);
            Assert.True(exit == 0, error);
            Assert.Contains("connections 3, warm-up 1 s", output, StringComparison.Ordinal);
            var perConnection = await Task.WhenAll(connections);
            var all = perConnection.SelectMany(p => p).ToList();
            // About 10 packets a second per connection over 3 s, every one answered (the command fails otherwise), each with
            // its own data time and asking for an answer.
            Assert.All(perConnection, p => Assert.InRange(p.Count, 25, 32));
            Assert.Equal(all.Count, all.Select(p => p.DataTime).Distinct().Count());
            Assert.All(all, p => Assert.Equal(("2011", "MCLOAD0001", true, 6), (p.Cn, p.Mn, p.AnswerRequested, p.Values.Count)));
            Assert.Contains($"(all: sent {all.Count}, answered {all.Count})", output, StringComparison.Ordinal);

            // The timeline: a row per measured second, with the packets sent in it; together they are the measured answers.
            var lines = await File.ReadAllLinesAsync(timeline, Ct);
            Assert.Equal("second,utc,packets,p50_ms,p99_ms,max_ms", lines[0]);
            var rows = lines[1..].Select(l => l.Split(',')).ToList();
            Assert.Equal(["0", "1"], rows.Select(r => r[0]));
            var measured = rows.Sum(r => int.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains($"answered {measured} in 2.0 s", output, StringComparison.Ordinal);
            Assert.All(rows, r => Assert.True(double.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture) <= double.Parse(r[5], System.Globalization.CultureInfo.InvariantCulture)));
        }
        finally
        {
            File.Delete(timeline);
        }
    }
}
