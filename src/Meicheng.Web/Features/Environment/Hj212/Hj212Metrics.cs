using Meicheng.Core.Environment.Hj212;

namespace Meicheng.Web.Features.Environment.Hj212;

/// <summary>
/// What the receiver has done since start: packets accepted and answered, bytes and packets rejected per reason, and the
/// time from a packet's receipt (its bytes read from the socket) to its answer written back (or, when no answer was asked
/// for, to its values committed), over the last minute.
/// </summary>
public sealed class Hj212Metrics
{
    private readonly long[] _rejected = new long[Enum.GetValues<Hj212Rejection>().Length];
    private long _accepted;
    private long _answered;
    private long _values;
    private long _connections;

    public long Accepted => Interlocked.Read(ref _accepted);
    public long Answered => Interlocked.Read(ref _answered);
    public long ValuesStored => Interlocked.Read(ref _values);
    public long OpenConnections => Interlocked.Read(ref _connections);

    public IReadOnlyDictionary<string, long> Rejected =>
        Enum.GetValues<Hj212Rejection>().Where(r => Interlocked.Read(ref _rejected[(int)r]) > 0).ToDictionary(r => r.ToString(), r => Interlocked.Read(ref _rejected[(int)r]));

    public long RejectedOf(Hj212Rejection why) => Interlocked.Read(ref _rejected[(int)why]);

    internal void Reject(Hj212Rejection why) => Interlocked.Increment(ref _rejected[(int)why]);
    internal void Accept() => Interlocked.Increment(ref _accepted);
    internal void Answer() => Interlocked.Increment(ref _answered);
    internal void Stored(int values) => Interlocked.Add(ref _values, values);
    private readonly LatencyWindow _served = new();
    private readonly LatencyWindow _written = new();
    private long _batchPackets;
    private long _batchCount;

    /// <summary>
    /// Receipt-to-answer latency over the last minute, in milliseconds (p50 and p99 are the upper edges of 1 ms buckets;
    /// 1,000 ms and more share one bucket), with the packets counted; null when no packet was answered in that minute.
    /// </summary>
    public (double P50, double P99, double Max, long Packets)? Latency() => _served.Read();

    /// <summary>
    /// How long the store took to write a batch (build it, send it, PostgreSQL's commit) over the last minute, in
    /// milliseconds, with the batches counted; null when none was written in that minute. Beside <see cref="Latency"/> it
    /// tells the database's share of a slow answer from the receiver's own (waiting for the batch before, parsing, answering).
    /// </summary>
    public (double P50, double P99, double Max, long Batches)? BatchWrites() => _written.Read();

    /// <summary>Packets per written batch since start, on average.</summary>
    public double PacketsPerBatch => Interlocked.Read(ref _batchCount) is var n and > 0 ? Math.Round((double)Interlocked.Read(ref _batchPackets) / n, 1) : 0;

    internal void Served(TimeSpan sinceReceipt, int packets) => _served.Add(sinceReceipt, packets);

    internal void Written(TimeSpan took, int packets)
    {
        _written.Add(took, 1);
        Interlocked.Add(ref _batchPackets, packets);
        Interlocked.Increment(ref _batchCount);
    }

    internal void Opened() => Interlocked.Increment(ref _connections);
    internal void Closed() => Interlocked.Decrement(ref _connections);
}

/// <summary>
/// Durations over the last minute in 1 ms buckets (1,000 ms and more share one), each counted with a weight: six slots of
/// ten seconds, the oldest slot reused as time moves on.
/// </summary>
internal sealed class LatencyWindow
{
    private const int Buckets = 1_001;
    private const long SlotMs = 10_000;
    private readonly Slot[] _slots = [.. Enumerable.Range(0, 6).Select(_ => new Slot())];

    public void Add(TimeSpan took, int weight)
    {
        var bucket = Math.Clamp((int)took.TotalMilliseconds, 0, Buckets - 1);
        lock (_slots)
        {
            var epoch = System.Environment.TickCount64 / SlotMs;
            var slot = _slots[epoch % _slots.Length];
            if (slot.Epoch != epoch)
            {
                Array.Clear(slot.Counts);
                slot.Total = slot.MaxTicks = 0;
                slot.Epoch = epoch;
            }
            slot.Counts[bucket] += weight;
            slot.Total += weight;
            slot.MaxTicks = Math.Max(slot.MaxTicks, took.Ticks);
        }
    }

    /// <summary>p50 and p99 (upper edges of their buckets), the maximum, and the weight counted; null when nothing was.</summary>
    public (double P50, double P99, double Max, long Count)? Read()
    {
        var counts = new long[Buckets];
        long total = 0, maxTicks = 0;
        lock (_slots)
        {
            var now = System.Environment.TickCount64 / SlotMs;
            foreach (var slot in _slots)
            {
                if (now - slot.Epoch >= _slots.Length)
                    continue;
                for (var i = 0; i < Buckets; i++)
                    counts[i] += slot.Counts[i];
                total += slot.Total;
                maxTicks = Math.Max(maxTicks, slot.MaxTicks);
            }
        }
        if (total == 0)
            return null;
        double At(double q)
        {
            var rank = (long)Math.Ceiling(q * total);
            long seen = 0;
            for (var i = 0; i < Buckets; i++)
                if ((seen += counts[i]) >= rank)
                    return i + 1;
            return Buckets;
        }
        return (At(0.5), At(0.99), Math.Round(TimeSpan.FromTicks(maxTicks).TotalMilliseconds, 1), total);
    }

    private sealed class Slot
    {
        public long Epoch = -1;
        public readonly long[] Counts = new long[Buckets];
        public long Total;
        public long MaxTicks;
    }
}
