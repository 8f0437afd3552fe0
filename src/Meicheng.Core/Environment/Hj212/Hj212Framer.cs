using System.Buffers;
using System.Text;

namespace Meicheng.Core.Environment.Hj212;

/// <summary>What the framer took from the front of the input: a checked data segment, or rejected bytes.</summary>
/// <param name="Segment">The data segment of a packet whose length, CRC and terminator are right; null for a rejection.</param>
/// <param name="Rejection">Why the bytes were dropped, when <paramref name="Segment"/> is null.</param>
/// <param name="Consumed">How many input bytes this result used.</param>
public readonly record struct Hj212Framed(string? Segment, Hj212Rejection Rejection, int Consumed)
{
    /// <summary>True for a packet, false for dropped bytes.</summary>
    public bool IsPacket => Segment is not null;
}

/// <summary>
/// Cuts HJ 212-2017 packets out of a byte stream: <c>##</c>, a four-digit decimal length of the data segment (at most
/// 1024), the data segment, its CRC as four hexadecimal digits, CR LF. Packets may arrive split across reads or several in
/// one read. Bytes before a header are garbage, skipped up to the next <c>##</c>; a header whose length is not four digits
/// or over 1024, or whose packet does not end with CR LF, is dropped by skipping its <c>##</c> and resynchronising on the
/// next one. The framer never needs more than one packet's bytes (<see cref="MaxPacket"/>) to decide.
/// </summary>
public static class Hj212Framer
{
    /// <summary>The largest data segment the standard allows.</summary>
    public const int MaxSegment = 1024;

    /// <summary>The largest packet: header, length, data segment, CRC, CR LF.</summary>
    public const int MaxPacket = 2 + 4 + MaxSegment + 4 + 2;

    /// <summary>
    /// Takes one result from the front of <paramref name="buffer"/> and slices it off; false when the buffer holds only the
    /// start of a packet (or nothing) and more bytes are needed.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out Hj212Framed result)
    {
        Span<byte> window = stackalloc byte[MaxPacket];
        var length = (int)Math.Min(buffer.Length, MaxPacket);
        buffer.Slice(0, length).CopyTo(window);
        if (!TryRead(window[..length], out result))
            return false;
        buffer = buffer.Slice(result.Consumed);
        return true;
    }

    /// <summary>As <see cref="TryRead(ref ReadOnlySequence{byte}, out Hj212Framed)"/> over a span; the caller drops <see cref="Hj212Framed.Consumed"/> bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> input, out Hj212Framed result)
    {
        result = default;
        if (input.IsEmpty)
            return false;
        var start = HeaderStart(input);
        if (start != 0)
        {
            // No header at the front: everything before the next "##" (or a lone trailing '#') is garbage.
            result = new Hj212Framed(null, Hj212Rejection.Garbage, start < 0 ? input.Length : start);
            return true;
        }
        if (input.Length < 2)
            return false;
        var digits = Math.Min(4, input.Length - 2);
        var segmentLength = 0;
        for (var i = 0; i < digits; i++)
        {
            var b = input[2 + i];
            if (b is < (byte)'0' or > (byte)'9')
                return Drop(Hj212Rejection.BadLength, out result);
            segmentLength = segmentLength * 10 + (b - '0');
        }
        if (digits < 4)
            return false;
        if (segmentLength > MaxSegment)
            return Drop(Hj212Rejection.BadLength, out result);
        var total = 6 + segmentLength + 4 + 2;
        if (input.Length < total)
            return false;
        var segment = input.Slice(6, segmentLength);
        if (input[total - 2] != (byte)'\r' || input[total - 1] != (byte)'\n')
            return Drop(Hj212Rejection.BadTerminator, out result);
        if (!Hj212Crc.TryParse(input.Slice(6 + segmentLength, 4), out var crc) || crc != Hj212Crc.Compute(segment))
        {
            // The packet is whole (its terminator is where its length says): drop all of it.
            result = new Hj212Framed(null, Hj212Rejection.BadCrc, total);
            return true;
        }
        result = new Hj212Framed(Encoding.UTF8.GetString(segment), default, total);
        return true;
    }

    // Drops only the "##" of a bad header, so a real packet starting inside the bad one's claimed bytes is still found.
    private static bool Drop(Hj212Rejection why, out Hj212Framed result)
    {
        result = new Hj212Framed(null, why, 2);
        return true;
    }

    // The index of the first "##" (the last two of a run of '#'), or of a '#' at the very end (it may start one); -1 when there is neither.
    private static int HeaderStart(ReadOnlySpan<byte> input)
    {
        var from = 0;
        while (true)
        {
            var i = input[from..].IndexOf((byte)'#');
            if (i < 0)
                return -1;
            i += from;
            if (i == input.Length - 1)
                return i;
            if (input[i + 1] == (byte)'#')
            {
                // In a run of '#' ("noise#" then "##0101…") the header is the last two.
                while (i + 2 < input.Length && input[i + 2] == (byte)'#')
                    i++;
                return i;
            }
            from = i + 1;
        }
    }
}

/// <summary>
/// A framer with its own buffer, for callers that read a stream piece by piece (the simulator reading answers, tests):
/// push what was read, take the results. Holds at most one packet's bytes between pushes.
/// </summary>
public sealed class Hj212FrameReader
{
    private byte[] _buffer = new byte[Hj212Framer.MaxPacket * 2];
    private int _count;

    /// <summary>Bytes held for a packet not yet complete.</summary>
    public int Pending => _count;

    /// <summary>Adds bytes read from the stream and returns every result they complete.</summary>
    public List<Hj212Framed> Push(ReadOnlySpan<byte> bytes)
    {
        var results = new List<Hj212Framed>();
        while (!bytes.IsEmpty)
        {
            if (_count == _buffer.Length)
                Array.Resize(ref _buffer, _buffer.Length * 2);
            var n = Math.Min(bytes.Length, _buffer.Length - _count);
            bytes[..n].CopyTo(_buffer.AsSpan(_count));
            _count += n;
            bytes = bytes[n..];
            var offset = 0;
            while (Hj212Framer.TryRead(_buffer.AsSpan(offset, _count - offset), out var r))
            {
                results.Add(r);
                offset += r.Consumed;
            }
            _buffer.AsSpan(offset, _count - offset).CopyTo(_buffer);
            _count -= offset;
        }
        return results;
    }
}
