using System.Globalization;

namespace Meicheng.Core.Environment.Hj212;

/// <summary>The commands (CN) of HJ 212-2017 that the receiver handles.</summary>
public static class Hj212Command
{
    /// <summary>Real-time data (实时数据).</summary>
    public const string RealTime = "2011";
    /// <summary>Minute data (分钟数据).</summary>
    public const string Minute = "2051";
    /// <summary>Hourly data (小时数据).</summary>
    public const string Hourly = "2061";
    /// <summary>Daily data (日数据).</summary>
    public const string Daily = "2031";
    /// <summary>Request answer (请求应答), upper computer to device.</summary>
    public const string RequestAnswer = "9011";
    /// <summary>Execution result (执行结果), upper computer to device.</summary>
    public const string ExecutionResult = "9012";
    /// <summary>Notification answer (通知应答).</summary>
    public const string NotificationAnswer = "9013";
    /// <summary>Data answer (数据应答): the upper computer's reply to an upload whose Flag asks for one.</summary>
    public const string DataAnswer = "9014";

    /// <summary>The data uploads the receiver stores.</summary>
    public static IReadOnlyList<string> Data { get; } = [RealTime, Minute, Hourly, Daily];

    /// <summary>The Chinese name of a data command.</summary>
    public static string Chinese(string cn) => cn switch
    {
        RealTime => "实时数据",
        Minute => "分钟数据",
        Hourly => "小时数据",
        Daily => "日数据",
        _ => cn,
    };
}

/// <summary>The data flags of HJ 212-2017 (数据标记). Only <see cref="Normal"/> values enter statistics.</summary>
public static class Hj212DataFlag
{
    /// <summary>N: normal (正常).</summary>
    public const char Normal = 'N';

    /// <summary>Every flag the standard defines, with its Chinese name.</summary>
    public static IReadOnlyDictionary<char, string> All { get; } = new Dictionary<char, string>
    {
        ['N'] = "正常", ['F'] = "停运", ['M'] = "维护", ['S'] = "手工输入", ['D'] = "故障", ['C'] = "校准", ['T'] = "超测定上限", ['B'] = "通讯异常",
    };
}

/// <summary>One item of a packet's CP: a pollutant code with its values (<c>code-Rtd</c>, <c>-Avg</c>, <c>-Min</c>, <c>-Max</c>, <c>-Cou</c>) and flag.</summary>
public sealed record Hj212Value(string Code, decimal? Rtd, decimal? Avg, decimal? Min, decimal? Max, decimal? Cou, char? Flag)
{
    /// <summary>The value a statistic takes: the real-time value for 2011, the mean for 2051/2061/2031 (the real-time value when no mean is sent).</summary>
    public decimal? Value => Avg ?? Rtd;

    /// <summary>True when the value may enter statistics: no flag, or N.</summary>
    public bool IsNormal => Flag is null or Hj212DataFlag.Normal;
}

/// <summary>
/// A parsed HJ 212-2017 data segment: <c>QN=…;ST=…;CN=…;PW=…;MN=…;Flag=…;[PNUM=…;PNO=…;]CP=&amp;&amp;…&amp;&amp;</c>.
/// <see cref="DataTime"/> is the CP's DataTime as written (local time of the station, China time for Chinese stations).
/// </summary>
public sealed record Hj212Packet(
    string? Qn, string St, string Cn, string Pw, string Mn, int Flag, int? PacketCount, int? PacketNumber,
    DateTime? DataTime, IReadOnlyList<Hj212Value> Values, IReadOnlyDictionary<string, string> Cp)
{
    /// <summary>Flag bit 0 (A): the sender asks for an answer.</summary>
    public bool AnswerRequested => (Flag & 1) != 0;

    /// <summary>Flag bit 1 (D): the packet is one of a split message, with PNUM and PNO.</summary>
    public bool IsSplit => (Flag & 2) != 0;

    /// <summary>Flag bits 2..7 (V5..V0): the protocol version; 1 for HJ 212-2017, 0 for HJ/T 212-2005.</summary>
    public int Version => Flag >> 2;
}

/// <summary>A data segment that is not as the standard writes it: the field at fault and why.</summary>
public sealed record Hj212ParseError(string Field, string Reason);

/// <summary>Reads a data segment into an <see cref="Hj212Packet"/>, or says which field is at fault.</summary>
public static class Hj212Parser
{
    private const string CpStart = "CP=&&";

    /// <summary>Parses a data segment (as the framer returns it). Unknown top-level fields and unknown CP suffixes are ignored.</summary>
    public static bool TryParse(string segment, out Hj212Packet? packet, out Hj212ParseError? error)
    {
        packet = null;
        error = null;
        var cpAt = segment.IndexOf(CpStart, StringComparison.Ordinal);
        if (cpAt < 0)
            return Fail("CP", "missing CP=&&…&&", out error);
        if (cpAt > 0 && segment[cpAt - 1] != ';')
            return Fail("CP", "CP must follow a ';'", out error);
        var cpEnd = segment.LastIndexOf("&&", StringComparison.Ordinal);
        if (cpEnd < cpAt + CpStart.Length)
            return Fail("CP", "CP does not end with &&", out error);
        if (cpEnd + 2 != segment.Length)
            return Fail("CP", "text after CP's closing &&", out error);

        var head = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in segment[..cpAt].Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                return Fail(part, "field without '='", out error);
            if (!head.TryAdd(part[..eq], part[(eq + 1)..]))
                return Fail(part[..eq], "repeated", out error);
        }
        string? qn = head.GetValueOrDefault("QN");
        if (qn is not null && (qn.Length != 17 || !qn.All(char.IsAsciiDigit)
            || !DateTime.TryParseExact(qn, "yyyyMMddHHmmssfff", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
            return Fail("QN", "QN is a time to the millisecond: yyyyMMddHHmmsszzz", out error);
        if (!head.TryGetValue("ST", out var st) || st.Length != 2 || !st.All(char.IsAsciiDigit))
            return Fail("ST", "ST is two digits", out error);
        if (!head.TryGetValue("CN", out var cn) || cn.Length != 4 || !cn.All(char.IsAsciiDigit))
            return Fail("CN", "CN is four digits", out error);
        if (!head.TryGetValue("PW", out var pw) || pw.Length is 0 or > 9)
            return Fail("PW", "PW is 1 to 9 characters", out error);
        if (!head.TryGetValue("MN", out var mn) || mn.Length is 0 or > 24)
            return Fail("MN", "MN is 1 to 24 characters", out error);
        var flag = 0;
        if (head.TryGetValue("Flag", out var flagText)
            && (flagText.Length is 0 or > 3 || !flagText.All(char.IsAsciiDigit) || (flag = int.Parse(flagText, CultureInfo.InvariantCulture)) > 255))
            return Fail("Flag", "Flag is an integer 0..255", out error);
        int? pnum = null, pno = null;
        if ((flag & 2) != 0)
        {
            if (!TryCount(head, "PNUM", out pnum) || !TryCount(head, "PNO", out pno) || pno > pnum)
                return Fail("PNUM", "a split packet (Flag bit D) carries PNUM and PNO, 1 <= PNO <= PNUM", out error);
        }

        var cp = new Dictionary<string, string>(StringComparer.Ordinal);
        var items = new Dictionary<string, ValueBuilder>(StringComparer.Ordinal);
        var order = new List<string>();
        DateTime? dataTime = null;
        foreach (var pair in segment[(cpAt + CpStart.Length)..cpEnd].Split([';', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                return Fail("CP", $"'{pair}' has no '='", out error);
            var key = pair[..eq];
            var value = pair[(eq + 1)..];
            if (key == "DataTime")
            {
                if (value.Length != 14 || !DateTime.TryParseExact(value, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
                    return Fail("DataTime", "DataTime is yyyyMMddHHmmss", out error);
                dataTime = t;
                continue;
            }
            var dash = key.LastIndexOf('-');
            var suffix = dash > 0 ? key[(dash + 1)..] : null;
            if (suffix is not ("Rtd" or "Avg" or "Min" or "Max" or "Cou" or "Flag"))
            {
                // Other CP fields (RtdInterval, QnRtn, -ZsRtd, -SampleTime, …) are kept as written.
                cp[key] = value;
                continue;
            }
            var code = key[..dash];
            if (!items.TryGetValue(code, out var item))
            {
                items[code] = item = new ValueBuilder();
                order.Add(code);
            }
            if (suffix == "Flag")
            {
                if (value.Length != 1 || !Hj212DataFlag.All.ContainsKey(value[0]))
                    return Fail(key, $"flag '{value}' is not one of {string.Concat(Hj212DataFlag.All.Keys)}", out error);
                item.Flag = value[0];
                continue;
            }
            if (!decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                return Fail(key, $"'{value}' is not a number", out error);
            switch (suffix)
            {
                case "Rtd": item.Rtd = number; break;
                case "Avg": item.Avg = number; break;
                case "Min": item.Min = number; break;
                case "Max": item.Max = number; break;
                default: item.Cou = number; break;
            }
        }
        if (items.Count > 0 && dataTime is null)
            return Fail("DataTime", "values without a DataTime", out error);
        var values = order.Select(c => items[c]).Select((v, i) => new Hj212Value(order[i], v.Rtd, v.Avg, v.Min, v.Max, v.Cou, v.Flag)).ToList();
        packet = new Hj212Packet(qn, st, cn, pw, mn, flag, pnum, pno, dataTime, values, cp);
        return true;
    }

    private static bool TryCount(Dictionary<string, string> head, string name, out int? value)
    {
        value = null;
        if (!head.TryGetValue(name, out var text) || text.Length is 0 or > 4 || !text.All(char.IsAsciiDigit))
            return false;
        value = int.Parse(text, CultureInfo.InvariantCulture);
        return value >= 1;
    }

    private static bool Fail(string field, string reason, out Hj212ParseError? error)
    {
        error = new Hj212ParseError(field, reason);
        return false;
    }

    private sealed class ValueBuilder
    {
        public decimal? Rtd;
        public decimal? Avg;
        public decimal? Min;
        public decimal? Max;
        public decimal? Cou;
        public char? Flag;
    }
}
