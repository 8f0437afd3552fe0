using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Meicheng.Core.Environment.Air;
using Meicheng.Core.Environment.Hj212;
using Meicheng.Core.Environment.Ingestion;

namespace Meicheng.Cli;

/// <summary>
/// <c>meicheng hj212 send</c>: replays a station's hourly CSV as HJ 212-2017 packets to a receiver, as a station's data
/// logger would; <c>meicheng hj212 load</c>: many connections at a fixed rate, for the receiver's benchmark.
/// </summary>
internal static class Hj212Commands
{
    public static Command Create()
    {
        var hj212 = new Command("hj212", "HJ 212-2017 simulator: send a station's data to a receiver, or load-test one");
        hj212.Subcommands.Add(Send());
        hj212.Subcommands.Add(Load());
        return hj212;
    }

    private static Option<string> HostOption() => new("--host") { Description = "Receiver host", DefaultValueFactory = _ => "127.0.0.1" };

    private static Option<int> PortOption() => new("--port") { Description = "Receiver port (Hj212:Port)", Required = true };

    private static Command Send()
    {
        var host = HostOption();
        var port = PortOption();
        var mn = new Option<string>("--mn") { Description = "The station's MN, as registered", Required = true };
        var pw = new Option<string>("--pw") { Description = "The station's HJ 212 password", Required = true };
        var file = new Option<string>("--file") { Description = "Hourly CSV of one station (prsa or generic format)", Required = true };
        var format = new Option<string>("--format") { Description = "prsa (Beijing PRSA files) or generic", DefaultValueFactory = _ => "prsa" };
        format.AcceptOnlyFromAmong("prsa", "generic");
        var from = new Option<DateOnly?>("--from") { Description = "First label date to send (yyyy-MM-dd)" };
        var to = new Option<DateOnly?>("--to") { Description = "Last label date to send (yyyy-MM-dd)" };
        var cn = new Option<string>("--cn") { Description = "Command: 2061 hourly (default) or 2011 real-time", DefaultValueFactory = _ => Hj212Command.Hourly };
        cn.AcceptOnlyFromAmong(Hj212Command.Hourly, Hj212Command.RealTime);
        var command = new Command("send", "Replay an hourly CSV as HJ 212 packets (Flag asks for an answer); prints packets sent, answered and unanswered")
        {
            host, port, mn, pw, file, format, from, to, cn,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"error: {path} does not exist");
                return 2;
            }
            var sink = new Rows(parse.GetValue(from), parse.GetValue(to));
            using (var reader = new StreamReader(path))
                AirCsvReader.Read(parse.GetValue(format) == "prsa" ? AirCsvFormat.Prsa : AirCsvFormat.Generic, reader, Path.GetFileName(path),
                    new AirDatasetBuilder(HourLabelConvention.PeriodEnd), new IngestionReport(), rows: sink);
            var code = parse.GetValue(cn)!;
            var qn = DateTime.Now;
            var segments = sink.Hours.Select((h, i) => Hj212Writer.DataSegment(
                Hj212Writer.Qn(qn.AddMilliseconds(i)), "22", code, parse.GetValue(pw)!, parse.GetValue(mn)!, Hj212Writer.Version2017 | 1, h.Time,
                h.Values.Select((v, p) => (v, p)).Where(x => x.v is not null)
                    .Select(x => code == Hj212Command.RealTime
                        ? new Hj212Value(Hj212Codes.Of((AirPollutant)x.p), x.v, null, null, null, null, Hj212DataFlag.Normal)
                        : new Hj212Value(Hj212Codes.Of((AirPollutant)x.p), null, x.v, null, null, null, Hj212DataFlag.Normal)))).ToList();
            using var client = await Hj212Client.ConnectAsync(parse.GetValue(host)!, parse.GetValue(port), ct);
            var window = new SemaphoreSlim(64);
            client.Answered += () => window.Release();
            foreach (var segment in segments)
            {
                await window.WaitAsync(ct);
                await client.SendAsync(segment, ct);
            }
            var answered = await client.DrainAsync(segments.Count, TimeSpan.FromSeconds(10), ct);
            Console.WriteLine($"sent {segments.Count.ToString(CultureInfo.InvariantCulture)} packets ({code}), answered {answered.ToString(CultureInfo.InvariantCulture)}, unanswered {(segments.Count - answered).ToString(CultureInfo.InvariantCulture)}");
            return answered == segments.Count ? 0 : 1;
        });
        return command;
    }

    private static Command Load()
    {
        var host = HostOption();
        var port = PortOption();
        var mn = new Option<string>("--mn") { Description = "The MN every connection sends as (one registered station)", Required = true };
        var pw = new Option<string>("--pw") { Description = "Its HJ 212 password", Required = true };
        var connections = new Option<int>("--connections") { Description = "Concurrent connections", DefaultValueFactory = _ => 500 };
        var rate = new Option<int>("--rate") { Description = "Packets per second in all", DefaultValueFactory = _ => 5000 };
        var seconds = new Option<int>("--seconds") { Description = "Measured run time", DefaultValueFactory = _ => 30 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds of the same load before the measured run, not counted (JIT, pools, caches)", DefaultValueFactory = _ => 5 };
        var cn = new Option<string>("--cn") { Description = "Command of the packets: 2011 real-time (default) or 2061 hourly", DefaultValueFactory = _ => Hj212Command.RealTime };
        cn.AcceptOnlyFromAmong(Hj212Command.Hourly, Hj212Command.RealTime);
        var command = new Command("load", "Load-test a receiver: connections each send at rate/connections per second and wait for each answer; prints throughput and latency percentiles")
        {
            host, port, mn, pw, connections, rate, seconds, warmup, cn,
        };
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(connections);
            var perConnection = Math.Max(1e-3, parse.GetValue(rate) / (double)n);
            var warm = TimeSpan.FromSeconds(parse.GetValue(warmup));
            var duration = warm + TimeSpan.FromSeconds(parse.GetValue(seconds));
            var latencies = new ConcurrentBag<double>();
            long sent = 0, answered = 0, measuredSent = 0, measured = 0;
            var start = Stopwatch.GetTimestamp();
            var baseTime = new DateTime(2030, 1, 1);
            var code = parse.GetValue(cn)!;
            var tasks = Enumerable.Range(0, n).Select(async c =>
            {
                using var client = await Hj212Client.ConnectAsync(parse.GetValue(host)!, parse.GetValue(port), ct);
                var answer = new SemaphoreSlim(0);
                client.Answered += () => answer.Release();
                // Spread the connections' first packets over one interval, so the load is even from the start.
                var next = Stopwatch.GetElapsedTime(start).TotalSeconds + Random.Shared.NextDouble() / perConnection;
                for (var k = 0; ; k++)
                {
                    var wait = next - Stopwatch.GetElapsedTime(start).TotalSeconds;
                    if (wait > 0)
                        await Task.Delay(TimeSpan.FromSeconds(wait), ct);
                    if (Stopwatch.GetElapsedTime(start) >= duration)
                        break;
                    next += 1 / perConnection;
                    // Each packet has its own data time (distinct rows): connection c, packet k.
                    var time = code == Hj212Command.RealTime ? baseTime.AddSeconds(c * 1_000_000L + k) : baseTime.AddHours(c * 100_000L + k);
                    var segment = Hj212Writer.DataSegment(Hj212Writer.Qn(DateTime.Now), "22", code, parse.GetValue(pw)!, parse.GetValue(mn)!, Hj212Writer.Version2017 | 1, time,
                        [new("a34004", 35.2m, 35.2m, null, null, null, 'N'), new("a34002", 60m, 60m, null, null, null, 'N'), new("a21026", 8m, 8m, null, null, null, 'N'),
                         new("a21004", 30m, 30m, null, null, null, 'N'), new("a21005", 0.6m, 0.6m, null, null, null, 'N'), new("a05024", 80m, 80m, null, null, null, 'N')]);
                    var t0 = Stopwatch.GetTimestamp();
                    var counted = Stopwatch.GetElapsedTime(start) >= warm;
                    await client.SendAsync(segment, ct);
                    Interlocked.Increment(ref sent);
                    if (counted)
                        Interlocked.Increment(ref measuredSent);
                    if (!await answer.WaitAsync(TimeSpan.FromSeconds(5), ct))
                        continue;
                    Interlocked.Increment(ref answered);
                    if (!counted)
                        continue;
                    latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    Interlocked.Increment(ref measured);
                }
            }).ToList();
            await Task.WhenAll(tasks);
            // Packets sent in the measured window (and answered) over the window's length; the answers of its last packets and
            // each connection's wait past the window's end (up to one interval) are not part of it.
            var elapsed = (duration - warm).TotalSeconds;
            var sorted = latencies.Order().ToArray();
            double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"connections {n}, warm-up {warm.TotalSeconds:F0} s, then sent {measuredSent}, answered {measured} in {elapsed:F1} s: {measured / elapsed:F0} packets/s; latency send->answer p50 {P(0.5):F1} ms, p99 {P(0.99):F1} ms, max {P(1):F1} ms (all: sent {sent}, answered {answered})"));
            return answered == sent ? 0 : 1;
        });
        return command;
    }

    /// <summary>Collects the CSV's hours between two label dates: the DataTime of a packet is the row's label date and hour.</summary>
    private sealed class Rows(DateOnly? from, DateOnly? to) : IAirRowSink
    {
        public List<(DateTime Time, decimal?[] Values)> Hours { get; } = [];

        public void Accepted(ReadOnlySpan<char> station, DateOnly labelDate, int labelHour, ReadOnlySpan<decimal?> values, long line)
        {
            if ((from is { } f && labelDate < f) || (to is { } t && labelDate > t))
                return;
            Hours.Add((labelDate.ToDateTime(new TimeOnly(labelHour, 0)), values.ToArray()));
        }
    }
}

/// <summary>One TCP connection to a receiver: sends packets, counts the data answers (9014) that come back.</summary>
internal sealed class Hj212Client : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly Task _reading;
    private int _answers;

    private Hj212Client(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reading = Task.Run(ReadAnswersAsync);
    }

    public event Action? Answered;

    public int Answers => Volatile.Read(ref _answers);

    public static async Task<Hj212Client> ConnectAsync(string host, int port, CancellationToken ct)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(host, port, ct);
        return new Hj212Client(tcp);
    }

    public Task SendAsync(string segment, CancellationToken ct) => _stream.WriteAsync(Hj212Writer.Packet(segment), ct).AsTask();

    /// <summary>Waits until <paramref name="expected"/> answers came, the receiver closed, or no answer came for <paramref name="quiet"/>.</summary>
    public async Task<int> DrainAsync(int expected, TimeSpan quiet, CancellationToken ct)
    {
        var seen = -1;
        while (Answers < expected && !_reading.IsCompleted && seen != Answers)
        {
            seen = Answers;
            await Task.WhenAny(_reading, Task.Delay(quiet, ct));
        }
        return Answers;
    }

    private async Task ReadAnswersAsync()
    {
        var framer = new Hj212FrameReader();
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = await _stream.ReadAsync(buffer)) > 0)
            {
                foreach (var framed in framer.Push(buffer.AsSpan(0, n)))
                {
                    if (framed.IsPacket && Hj212Parser.TryParse(framed.Segment!, out var p, out _) && p!.Cn == Hj212Command.DataAnswer)
                    {
                        Interlocked.Increment(ref _answers);
                        Answered?.Invoke();
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            // The connection closed: no more answers.
        }
    }

    public void Dispose()
    {
        _tcp.Dispose();
    }
}
