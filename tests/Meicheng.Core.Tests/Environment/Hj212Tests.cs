using System.Buffers;
using System.Text;
using Meicheng.Core.Environment.Air;
using Meicheng.Core.Environment.Hj212;

namespace Meicheng.Core.Tests.Environment;

public sealed class Hj212Tests
{
    // The example packet of HJ 212-2017 (the CRC appendix), as quoted by open implementations: CRC 1C80.
    private const string StandardSegment = "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&";
    private const string StandardPacket = "##0101" + StandardSegment + "1C80\r\n";

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    private static string Hourly(decimal pm25 = 35.2m, char flag = 'N', int packetFlag = 5) => Hj212Writer.DataSegment(
        "20240101010000123", "22", Hj212Command.Hourly, "123456", "MC0001", packetFlag, new DateTime(2024, 1, 1, 1, 0, 0),
        [new Hj212Value("a34004", null, pm25, 20m, 50m, null, flag), new Hj212Value("a21005", null, 0.8m, null, null, null, 'N')]);

    [Fact]
    public void Crc_of_the_standards_example_is_1C80()
    {
        Assert.Equal(0x1C80, Hj212Crc.Compute(Bytes(StandardSegment)));
        Assert.Equal("1C80", Hj212Crc.Format(0x1C80));
        Assert.Equal(StandardPacket, Encoding.UTF8.GetString(Hj212Writer.Packet(StandardSegment)));
    }

    [Fact]
    public void Crc_agrees_with_the_standards_bitwise_rule_on_any_bytes()
    {
        // The rule as the standard states it, byte by byte and bit by bit; the implementation looks the shifts up in a table.
        static ushort Bitwise(ReadOnlySpan<byte> segment)
        {
            var crc = 0xFFFF;
            foreach (var b in segment)
            {
                crc = (crc >> 8) ^ b;
                for (var i = 0; i < 8; i++)
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1;
            }
            return (ushort)crc;
        }
        var random = new Random(212);
        for (var n = 0; n < 500; n++)
        {
            var bytes = new byte[random.Next(0, 1025)];
            random.NextBytes(bytes);
            Assert.Equal(Bitwise(bytes), Hj212Crc.Compute(bytes));
        }
    }

    [Fact]
    public void Crc_field_is_read_in_either_case_and_refused_when_not_hex()
    {
        Assert.True(Hj212Crc.TryParse("1c80"u8, out var crc));
        Assert.Equal(0x1C80, crc);
        Assert.False(Hj212Crc.TryParse("1G80"u8, out _));
        Assert.False(Hj212Crc.TryParse("1C8"u8, out _));
    }

    [Fact]
    public void The_standards_example_frames_and_parses()
    {
        Assert.True(Hj212Framer.TryRead(Bytes(StandardPacket), out var framed));
        Assert.True(framed.IsPacket);
        Assert.Equal(StandardPacket.Length, framed.Consumed);
        Assert.True(Hj212Parser.TryParse(framed.Segment!, out var p, out _));
        Assert.Equal("20160801085857223", p!.Qn);
        Assert.Equal("1062", p.Cn);
        Assert.Equal("010000A8900016F000169DC0", p.Mn);
        Assert.True(p.AnswerRequested);
        Assert.False(p.IsSplit);
        Assert.Equal(1, p.Version);
        Assert.Equal("30", p.Cp["RtdInterval"]);
    }

    [Fact]
    public void A_wrong_crc_drops_the_whole_packet()
    {
        var bad = StandardPacket.Replace("1C80", "1C81", StringComparison.Ordinal);
        Assert.True(Hj212Framer.TryRead(Bytes(bad), out var framed));
        Assert.False(framed.IsPacket);
        Assert.Equal(Hj212Rejection.BadCrc, framed.Rejection);
        Assert.Equal(bad.Length, framed.Consumed);
    }

    [Fact]
    public void A_packet_split_byte_by_byte_comes_out_once()
    {
        var reader = new Hj212FrameReader();
        var results = new List<Hj212Framed>();
        foreach (var b in Bytes(StandardPacket))
            results.AddRange(reader.Push([b]));
        var only = Assert.Single(results);
        Assert.Equal(StandardSegment, only.Segment);
        Assert.Equal(0, reader.Pending);
    }

    [Fact]
    public void Several_packets_in_one_read_and_across_sequence_segments()
    {
        var one = Hj212Writer.Packet(Hourly());
        var all = one.Concat(Bytes(StandardPacket)).Concat(one).ToArray();
        var reader = new Hj212FrameReader();
        Assert.Equal(3, reader.Push(all).Count(r => r.IsPacket));

        // The same bytes as a multi-segment sequence, the way a pipe hands them over.
        var sequence = Segments(all, 7);
        var packets = 0;
        while (Hj212Framer.TryRead(ref sequence, out var r))
            packets += r.IsPacket ? 1 : 0;
        Assert.Equal(3, packets);
        Assert.Equal(0, sequence.Length);
    }

    [Fact]
    public void Garbage_before_a_packet_is_skipped_and_counted()
    {
        var reader = new Hj212FrameReader();
        var results = reader.Push(Bytes("hello # world #x###" + StandardPacket));
        Assert.Equal([Hj212Rejection.Garbage], results.Where(r => !r.IsPacket).Select(r => r.Rejection));
        Assert.Equal(StandardSegment, Assert.Single(results, r => r.IsPacket).Segment);
    }

    [Theory]
    [InlineData("##01a1")]
    [InlineData("##2000")]
    [InlineData("##-101")]
    public void A_bad_length_drops_the_header_and_resynchronises(string header)
    {
        var reader = new Hj212FrameReader();
        var results = reader.Push(Bytes(header + "QN=1;" + StandardPacket));
        Assert.Equal(Hj212Rejection.BadLength, results[0].Rejection);
        Assert.Equal(StandardSegment, Assert.Single(results, r => r.IsPacket).Segment);
    }

    [Fact]
    public void A_truncated_packet_followed_by_a_whole_one_loses_only_the_truncated_one()
    {
        var reader = new Hj212FrameReader();
        var results = reader.Push(Bytes(StandardPacket[..60] + StandardPacket + StandardPacket));
        Assert.Contains(results, r => r.Rejection == Hj212Rejection.BadTerminator);
        Assert.Equal(2, results.Count(r => r.IsPacket));
        Assert.All(results.Where(r => r.IsPacket), r => Assert.Equal(StandardSegment, r.Segment));
    }

    [Fact]
    public void Endless_garbage_is_never_buffered()
    {
        var reader = new Hj212FrameReader();
        var junk = new byte[100_000];
        Array.Fill(junk, (byte)'x');
        var results = reader.Push(junk);
        Assert.All(results, r => Assert.Equal(Hj212Rejection.Garbage, r.Rejection));
        Assert.Equal(100_000, results.Sum(r => r.Consumed));
        Assert.Equal(0, reader.Pending);
        // A header with a huge claimed length is refused at once, not waited for.
        Assert.Equal([Hj212Rejection.BadLength, Hj212Rejection.Garbage], reader.Push(Bytes("##9999")).Select(r => r.Rejection));
        Assert.Equal(0, reader.Pending);
    }

    [Fact]
    public void An_incomplete_packet_waits_for_more_bytes()
    {
        Assert.False(Hj212Framer.TryRead(Bytes("#"), out _));
        Assert.False(Hj212Framer.TryRead(Bytes("##01"), out _));
        Assert.False(Hj212Framer.TryRead(Bytes(StandardPacket[..^1]), out _));
    }

    [Fact]
    public void Hourly_values_parse_with_their_flags()
    {
        Assert.True(Hj212Parser.TryParse(Hourly(flag: 'M'), out var p, out var error), error?.Reason);
        Assert.Equal(new DateTime(2024, 1, 1, 1, 0, 0), p!.DataTime);
        var pm = p.Values[0];
        Assert.Equal(("a34004", 35.2m, 20m, 50m, (char?)'M'), (pm.Code, pm.Avg, pm.Min, pm.Max, pm.Flag));
        Assert.False(pm.IsNormal);
        Assert.True(p.Values[1].IsNormal);
        Assert.Equal(35.2m, pm.Value);
    }

    [Theory]
    [InlineData("2011", "a34004-Rtd=12.5,a34004-Flag=N")]
    [InlineData("2051", "a34004-Avg=12.5,a34004-Min=10,a34004-Max=15,a34004-Flag=N")]
    [InlineData("2061", "a34004-Avg=12.5,a34004-Flag=N")]
    [InlineData("2031", "w00000-Avg=12.5,w00000-Cou=1080,w00000-Flag=N")]
    public void Each_data_command_parses(string cn, string values)
    {
        var segment = Hj212Writer.Segment("20240101000000000", "22", cn, "123456", "MC0001", 4, $"DataTime=20240101000000;{values}");
        Assert.True(Hj212Parser.TryParse(segment, out var p, out var error), error?.Reason);
        Assert.Equal(cn, p!.Cn);
        Assert.Equal(12.5m, Assert.Single(p.Values).Value);
        Assert.False(p.AnswerRequested);
    }

    [Theory]
    [InlineData("QN=2024;ST=22;CN=2061;PW=1;MN=M;Flag=4;CP=&&DataTime=20240101000000&&", "QN")]
    [InlineData("ST=2;CN=2061;PW=1;MN=M;Flag=4;CP=&&&&", "ST")]
    [InlineData("ST=22;CN=261;PW=1;MN=M;Flag=4;CP=&&&&", "CN")]
    [InlineData("ST=22;CN=2061;PW=1234567890;MN=M;Flag=4;CP=&&&&", "PW")]
    [InlineData("ST=22;CN=2061;PW=1;Flag=4;CP=&&&&", "MN")]
    [InlineData("ST=22;CN=2061;PW=1;MN=M;Flag=x;CP=&&&&", "Flag")]
    [InlineData("ST=22;CN=2061;PW=1;MN=M;Flag=4", "CP")]
    [InlineData("ST=22;CN=2061;PW=1;MN=M;Flag=4;CP=&&DataTime=20240101000000;a34004-Avg=1.2.3&&", "a34004-Avg")]
    [InlineData("ST=22;CN=2061;PW=1;MN=M;Flag=4;CP=&&DataTime=20240101000000;a34004-Avg=1,a34004-Flag=Q&&", "a34004-Flag")]
    [InlineData("ST=22;CN=2061;PW=1;MN=M;Flag=4;CP=&&DataTime=2024010100;a34004-Avg=1&&", "DataTime")]
    [InlineData("ST=22;CN=2061;PW=1;MN=M;Flag=4;CP=&&a34004-Avg=1&&", "DataTime")]
    [InlineData("ST=22;CN=2061;PW=1;MN=M;Flag=6;CP=&&&&", "PNUM")]
    [InlineData("ST=22;ST=22;CN=2061;PW=1;MN=M;Flag=4;CP=&&&&", "ST")]
    public void Malformed_fields_are_named(string segment, string field)
    {
        Assert.False(Hj212Parser.TryParse(segment, out _, out var error));
        Assert.Equal(field, error!.Field);
    }

    [Fact]
    public void A_split_packet_carries_its_number()
    {
        Assert.True(Hj212Parser.TryParse("ST=22;CN=2061;PW=1;MN=M;Flag=7;PNUM=3;PNO=2;CP=&&&&", out var p, out _));
        Assert.True(p!.IsSplit);
        Assert.Equal((3, 2), (p.PacketCount, p.PacketNumber));
    }

    [Fact]
    public void The_data_answer_echoes_QN_and_clears_the_answer_flag()
    {
        Assert.True(Hj212Parser.TryParse(Hourly(), out var p, out _));
        var answer = Hj212Writer.DataAnswer(p!);
        Assert.Equal("QN=20240101010000123;ST=91;CN=9014;PW=123456;MN=MC0001;Flag=4;CP=&&&&", answer);
        Assert.True(Hj212Parser.TryParse(answer, out var back, out _));
        Assert.False(back!.AnswerRequested);
    }

    [Fact]
    public void The_code_table_knows_the_six_GB3095_pollutants_and_the_water_items()
    {
        Assert.Equal(6, Hj212Codes.All.Count(c => c.Air is not null));
        Assert.Equal("a34004", Hj212Codes.Of(AirPollutant.PM25));
        Assert.Equal("mg/m3", Hj212Codes.Find("a21005")!.Unit);
        Assert.Equal("氨氮", Hj212Codes.Find("w21003")!.Name);
        Assert.Null(Hj212Codes.Find("x99999"));
    }

    private static ReadOnlySequence<byte> Segments(byte[] bytes, int size)
    {
        Chunk? first = null, last = null;
        for (var i = 0; i < bytes.Length; i += size)
        {
            var chunk = new Chunk(bytes.AsMemory(i, Math.Min(size, bytes.Length - i)), i);
            if (last is null)
                first = chunk;
            else
                last.SetNext(chunk);
            last = chunk;
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Chunk : ReadOnlySequenceSegment<byte>
    {
        public Chunk(ReadOnlyMemory<byte> memory, long index)
        {
            Memory = memory;
            RunningIndex = index;
        }

        public void SetNext(Chunk next) => Next = next;
    }
}
