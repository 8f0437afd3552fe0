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
        var packets = new List<Hj212Packet>();
        using var socket = await listener.AcceptSocketAsync(ct);
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
}
