using System.Globalization;
using System.Text;

namespace Meicheng.Core.Environment.Hj212;

/// <summary>Writes HJ 212-2017 data segments and packets: the receiver's answers, the simulator's uploads, tests.</summary>
public static class Hj212Writer
{
    /// <summary>The 2017 version bits (V0 = 1) with neither A nor D set.</summary>
    public const int Version2017 = 4;

    /// <summary>Wraps a data segment into a packet: <c>##</c>, length, segment, CRC, CR LF.</summary>
    public static byte[] Packet(string segment)
    {
        var body = Encoding.UTF8.GetBytes(segment);
        if (body.Length > Hj212Framer.MaxSegment)
            throw new ArgumentException($"a data segment is at most {Hj212Framer.MaxSegment} bytes; this one has {body.Length}", nameof(segment));
        var packet = new byte[body.Length + 12];
        Encoding.ASCII.GetBytes($"##{body.Length:D4}", packet);
        body.CopyTo(packet, 6);
        Encoding.ASCII.GetBytes(Hj212Crc.Format(Hj212Crc.Compute(body)), packet.AsSpan(6 + body.Length));
        packet[^2] = (byte)'\r';
        packet[^1] = (byte)'\n';
        return packet;
    }

    /// <summary>A QN for a moment: yyyyMMddHHmmsszzz.</summary>
    public static string Qn(DateTime time) => time.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);

    /// <summary>A data upload's segment (2011/2051/2061/2031): each value as code-Rtd (2011) or code-Avg/-Min/-Max (others), with its flag.</summary>
    public static string DataSegment(string? qn, string st, string cn, string pw, string mn, int flag, DateTime dataTime, IEnumerable<Hj212Value> values)
    {
        var cp = new StringBuilder();
        cp.Append(CultureInfo.InvariantCulture, $"DataTime={dataTime:yyyyMMddHHmmss}");
        foreach (var v in values)
        {
            cp.Append(';');
            var first = true;
            void Add(string suffix, string text)
            {
                if (!first)
                    cp.Append(',');
                first = false;
                cp.Append(v.Code).Append('-').Append(suffix).Append('=').Append(text);
            }
            if (v.Rtd is { } rtd) Add("Rtd", Number(rtd));
            if (v.Avg is { } avg) Add("Avg", Number(avg));
            if (v.Min is { } min) Add("Min", Number(min));
            if (v.Max is { } max) Add("Max", Number(max));
            if (v.Cou is { } cou) Add("Cou", Number(cou));
            if (v.Flag is { } f) Add("Flag", f.ToString());
        }
        return Segment(qn, st, cn, pw, mn, flag, cp.ToString());
    }

    /// <summary>A segment from its fields and the CP's content (without the &amp;&amp;).</summary>
    public static string Segment(string? qn, string st, string cn, string pw, string mn, int flag, string cp) =>
        (qn is null ? "" : $"QN={qn};") + $"ST={st};CN={cn};PW={pw};MN={mn};Flag={flag.ToString(CultureInfo.InvariantCulture)};CP=&&{cp}&&";

    /// <summary>
    /// The data answer (9014) to an upload that asked for one: the upload's QN, ST 91 (system interaction), its PW and MN,
    /// Flag with the 2017 version and no answer requested, empty CP.
    /// </summary>
    public static string DataAnswer(Hj212Packet upload) => Segment(upload.Qn, "91", Hj212Command.DataAnswer, upload.Pw, upload.Mn, Version2017, "");

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
