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
        var timeline = new Option<string?>("--timeline") { Description = "CSV file for the measured window's latency second by second (packets, p50, p99, max by send time): shows whether the tail is spread or comes in bursts" };
        var command = new Command("load", "Load-test a receiver: connections each send at rate/connections per second and wait for each answer; prints throughput and latency percentiles")
        {
            host, port, mn, pw, connections, rate, seconds, warmup, cn, timeline,
        };
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(connections);
            var perConnection = Math.Max(1e-3, parse.GetValue(rate) / (double)n);
            var interval = (long)(Stopwatch.Frequency / perConnection);
            var code = parse.GetValue(cn)!;
            var (deviceMn, devicePw) = (parse.GetValue(mn)!, parse.GetValue(pw)!);
            var clients = await Task.WhenAll(Enumerable.Range(0, n).Select(_ => Hj212Client.ConnectAsync(parse.GetValue(host)!, parse.GetValue(port), ct)));
            var start = Stopwatch.GetTimestamp();
            var measuredFrom = start + parse.GetValue(warmup) * Stopwatch.Frequency;
            var end = measuredFrom + parse.GetValue(seconds) * Stopwatch.Frequency;
            // Spread the connections' first packets over one interval, so the load is even from the start.
            var devices = clients.Select((client, c) => new LoadDevice(client, c, start + (long)(Random.Shared.NextDouble() * interval), measuredFrom)).ToArray();
            var baseTime = new DateTime(2030, 1, 1);
            // One pacer sends for every connection, each at its own times and only once its last packet was answered (as a
            // device waits for the answer): no timer and no waiting task per packet, so the simulator, which shares the
            // machine with the receiver and PostgreSQL, spends its CPU on the sockets. Each connection's reader times the
            // answer as it parses it.
            while (Stopwatch.GetTimestamp() is var now && now < end)
            {
                foreach (var d in devices)
                {
                    if (Volatile.Read(ref d.Waiting) == 1)
                    {
                        // No answer within 5 s: the packet stays unanswered and the device goes on, as a data logger re-sends.
                        if (now - d.SentAt < 5 * Stopwatch.Frequency)
                            continue;
                        Volatile.Write(ref d.Waiting, 0);
                    }
                    if (d.Next > now)
                        continue;
                    d.Next += interval;
                    // Each packet has its own data time (distinct rows): connection c, packet k.
                    var time = code == Hj212Command.RealTime ? baseTime.AddSeconds(d.Index * 1_000_000L + d.Sent) : baseTime.AddHours(d.Index * 100_000L + d.Sent);
                    var packet = Hj212Writer.Packet(Hj212Writer.DataSegment(Hj212Writer.Qn(DateTime.Now), "22", code, devicePw, deviceMn, Hj212Writer.Version2017 | 1, time,
                        [new("a34004", 35.2m, 35.2m, null, null, null, 'N'), new("a34002", 60m, 60m, null, null, null, 'N'), new("a21026", 8m, 8m, null, null, null, 'N'),
                         new("a21004", 30m, 30m, null, null, null, 'N'), new("a21005", 0.6m, 0.6m, null, null, null, 'N'), new("a05024", 80m, 80m, null, null, null, 'N')]));
                    d.SentAt = Stopwatch.GetTimestamp();
                    d.Sent++;
                    if (d.SentAt >= measuredFrom)
                        d.MeasuredSent++;
                    Volatile.Write(ref d.Waiting, 1);
                    d.Client.Send(packet);
                }
                await Task.Delay(1, ct);
            }
            // The last packets' answers, for up to 5 s.
            var drainUntil = Stopwatch.GetTimestamp() + 5 * Stopwatch.Frequency;
            while (devices.Any(d => Volatile.Read(ref d.Waiting) == 1) && Stopwatch.GetTimestamp() < drainUntil)
                await Task.Delay(10, ct);
            foreach (var client in clients)
                client.Dispose();
            // Packets sent in the measured window (and answered) over the window's length; the answers of its last packets and
            // each connection's wait past the window's end (up to one interval) are not part of it.
            var elapsed = (double)parse.GetValue(seconds);
            var sorted = devices.SelectMany(d => d.Latencies).Select(l => l.Ms).Order().ToArray();
            static double Q(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
            if (parse.GetValue(timeline) is { } file)
            {
                // The wall-clock time of each second too, to line it up with the server's and PostgreSQL's logs.
                var utcAtStart = DateTime.UtcNow - Stopwatch.GetElapsedTime(measuredFrom);
                var lines = devices.SelectMany(d => d.Latencies).GroupBy(l => (l.SentAt - measuredFrom) / Stopwatch.Frequency).OrderBy(g => g.Key)
                    .Select(g => g.Select(l => l.Ms).Order().ToArray() is var s
                        ? string.Create(CultureInfo.InvariantCulture, $"{g.Key},{utcAtStart.AddSeconds(g.Key):HH:mm:ss.fff},{s.Length},{Q(s, 0.5):F1},{Q(s, 0.99):F1},{Q(s, 1):F1}") : "");
                await File.WriteAllLinesAsync(file, ["second,utc,packets,p50_ms,p99_ms,max_ms", .. lines], ct);
            }
            long sent = devices.Sum(d => d.Sent), answered = devices.Sum(d => d.Answered), measuredSent = devices.Sum(d => d.MeasuredSent);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"connections {n}, warm-up {parse.GetValue(warmup)} s, then sent {measuredSent}, answered {sorted.Length} in {elapsed:F1} s: {sorted.Length / elapsed:F0} packets/s; latency send->answer p50 {Q(sorted, 0.5):F1} ms, p99 {Q(sorted, 0.99):F1} ms, max {Q(sorted, 1):F1} ms (all: sent {sent}, answered {answered})"));
            return answered == sent ? 0 : 1;
        });
        return command;
    }

    /// <summary>One simulated device of <c>hj212 load</c>: its connection, when it sends next, and what it sent and got back.</summary>
    private sealed class LoadDevice
    {
        public LoadDevice(Hj212Client client, int index, long next, long measuredFrom)
        {
            Client = client;
            Index = index;
            Next = next;
            // The reader calls this as it parses an answer: the latency runs from the packet's send to here.
            client.Answered += () =>
            {
                var at = Stopwatch.GetTimestamp();
                if (Interlocked.Exchange(ref Waiting, 0) != 1)
                    return;
                Answered++;
                if (SentAt >= measuredFrom)
                    Latencies.Add((SentAt, Stopwatch.GetElapsedTime(SentAt, at).TotalMilliseconds));
            };
        }

        public Hj212Client Client { get; }
        public int Index { get; }
        public long Next;
        public long SentAt;
        public int Waiting;
        public long Sent;
        public long MeasuredSent;
        public long Answered;
        public List<(long SentAt, double Ms)> Latencies { get; } = [];
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

    /// <summary>Writes a whole packet (<see cref="Hj212Writer.Packet"/>) at once.</summary>
    public void Send(byte[] packet) => _stream.Write(packet);

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
