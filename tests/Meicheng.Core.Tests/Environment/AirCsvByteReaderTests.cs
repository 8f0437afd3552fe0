using System.Globalization;
using System.Text;
using Meicheng.Core.Environment.Air;
using Meicheng.Core.Environment.Ingestion;

namespace Meicheng.Core.Tests.Environment;

/// <summary>
/// The generic format read from bytes on several threads (<see cref="AirCsvReader.Read(AirCsvFormat, Func{Stream}, string, AirDatasetBuilder, IngestionReport, int, IProgress{long}?)"/>)
/// against the text reader, the reference: the same rows, days (value and scale of every decimal) and refusals in the
/// same order, on files full of the faults and odd forms the text reader's rules judge.
/// </summary>
public sealed class AirCsvByteReaderTests
{
    private static readonly string[] Stations = ["S1", "S2", "万寿西宫", "\"Q1\"", " S1", "S1 ", "\u3000S3", "S3", "a b", "X\u00a0", "Y\u0085", "Z\u001f", "W\"x", "\"V", "😀E", ""];

    private static readonly string[] OddValues =
    [
        "-3", "1E2", "+5", " 5", "5 ", "\"5\"", "12345678901234567", "0000000000000000012.5", "5.", ".5", ".", "abc", "-0",
        "0.00000000000000001", "9999999999999999", "0.000000000000001", "N/A", "７", "0", "00.0", "3.0", "3.00", "NA ",
    ];

    private static readonly string[] OddTimes =
    [
        "2015-02-29 01:00", "2015-1-05 01:00", "2015-12-21 01:30", "2015-12-21 24:00", "yesterday", "", "\"2015-12-21 01:00\"",
        " 2015-12-21 01:00", "2015-12-21 1", "0000-01-01 00:00", "2015-12-21 01:00:00", "２015-12-21 01:00",
    ];

    /// <summary>A generic file of <paramref name="days"/> days, time-major, with about one row in ten at fault or odd.</summary>
    private static byte[] File(int seed, int days, string[] columns, string newLine, bool bom, bool lastLineEnds)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        text.Append(string.Join(',', columns)).Append(newLine);
        var start = new DateTime(2015, 12, 20, 0, 0, 0, DateTimeKind.Unspecified);
        string Value()
        {
            var x = random.NextDouble();
            return x < 0.6 ? random.Next(0, 300).ToString(CultureInfo.InvariantCulture)
                : x < 0.75 ? (random.Next(0, 50) / 10m).ToString("0.0", CultureInfo.InvariantCulture)
                : x < 0.8 ? "NA"
                : x < 0.82 ? ""
                : x < 0.96 ? random.Next(0, 300).ToString(CultureInfo.InvariantCulture)
                : OddValues[random.Next(OddValues.Length)];
        }
        for (var h = 0; h < days * 24; h++)
        {
            foreach (var station in Stations)
            {
                if (random.NextDouble() < 0.03)
                    continue;
                var t = start.AddHours(h - (random.NextDouble() < 0.01 ? random.Next(1, 60) : 0));
                var form = random.NextDouble();
                var time = form < 0.9 ? t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
                    : form < 0.94 ? t.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture)
                    : form < 0.97 ? t.ToString("yyyy-MM-dd HH", CultureInfo.InvariantCulture)
                    : OddTimes[random.Next(OddTimes.Length)];
                var fields = columns.Select(c => c.StartsWith("station", StringComparison.Ordinal) ? station : c == "time" ? time : Value()).ToList();
                var fault = random.NextDouble();
                if (fault < 0.01)
                    fields.RemoveAt(fields.Count - 1);
                else if (fault < 0.02)
                    fields.Add("9");
                else if (fault < 0.025)
                    fields.AddRange(["9", "9", "9", "9"]);
                var line = string.Join(',', fields);
                text.Append(line).Append(newLine);
                if (random.NextDouble() < 0.01)
                    text.Append(line).Append(newLine); // a duplicate hour
                if (random.NextDouble() < 0.005)
                    text.Append(newLine);
                if (random.NextDouble() < 0.003)
                    text.Append("garbage;;").Append(newLine);
            }
        }
        if (!lastLineEnds)
            text.Length -= newLine.Length;
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        // Invalid UTF-8 in a few rows: a station and a value.
        var withFaults = new List<byte>(bytes.Length + 16);
        if (bom)
            withFaults.AddRange(Encoding.UTF8.Preamble.ToArray());
        for (var i = 0; i < bytes.Length; i++)
        {
            withFaults.Add(bytes[i]);
            if (bytes[i] == '\n' && i % 997 == 0)
                withFaults.AddRange([(byte)'S', 0xFF, (byte)'1', (byte)',']);
            if (bytes[i] == ',' && i % 1499 == 0)
                withFaults.AddRange([(byte)'1', 0xC3]);
        }
        return [.. withFaults];
    }

    private static (AirDataset Data, IngestionReport Report) ReadText(byte[] file, int? keep)
    {
        var builder = new AirDatasetBuilder(HourLabelConvention.PeriodEnd);
        var report = new IngestionReport { KeepAtMost = keep };
        using var reader = new StreamReader(new MemoryStream(file), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        AirCsvReader.Read(AirCsvFormat.Generic, reader, "f.csv", builder, report);
        return (builder.Build(), report);
    }

    private static (AirDataset Data, IngestionReport Report) ReadBytes(byte[] file, int? keep, int threads)
    {
        var builder = new AirDatasetBuilder(HourLabelConvention.PeriodEnd);
        var report = new IngestionReport { KeepAtMost = keep };
        AirCsvReader.Read(AirCsvFormat.Generic, () => new MemoryStream(file), "f.csv", builder, report, threads);
        return (builder.Build(), report);
    }

    /// <summary>Everything a read produced, every decimal written out with its scale.</summary>
    private static List<string> Describe((AirDataset Data, IngestionReport Report) read)
    {
        var (data, report) = read;
        var lines = new List<string> { $"{report.Files} {report.RowsRead} {report.RowsAccepted} {report.RowsRejected}" };
        lines.AddRange(report.CountsByKind.Select(kv => $"{kv.Key} {kv.Value}"));
        lines.AddRange(report.Rejected.Select(r => $"{r} [{r.Kind}]"));
        foreach (var s in data.Stations)
        {
            lines.Add($"station {s.Station}");
            foreach (var d in s.Days)
            {
                var values = AirPollutants.All.Select(p => d.Mean(p)).Append(d.O3Max1h).Append(d.Mda8)
                    .Select(v => $"{v.Value?.ToString(CultureInfo.InvariantCulture)}/{v.Count}");
                lines.Add($"{d.Date:yyyy-MM-dd} {d.HoursSeen:X} {string.Join(' ', values)}");
            }
        }
        return lines;
    }

    [Theory]
    [InlineData(1, "\n", false, true)]
    [InlineData(2, "\r\n", true, false)]
    [InlineData(3, "\n", true, true)]
    [InlineData(4, "\r\n", false, false)]
    public void Byte_reader_on_one_to_three_threads_gives_what_the_text_reader_gives(int seed, string newLine, bool bom, bool lastLineEnds)
    {
        string[] columns = seed % 2 == 0
            ? ["o3", "station", "pm25", "time", "co[ug/m3]", "so2", "pm10", "no2"]
            : ["station", "time", "pm25", "pm10", "so2", "no2", "co", "o3"];
        var file = File(seed, 20, columns, newLine, bom, lastLineEnds);
        foreach (var keep in new int?[] { null, 7 })
        {
            var expected = Describe(ReadText(file, keep));
            Assert.True(expected.Count(l => l.StartsWith("201", StringComparison.Ordinal)) > 200, "the file makes days");
            Assert.Contains(expected, l => l.Contains("DuplicateHour", StringComparison.Ordinal));
            for (var threads = 1; threads <= 3; threads++)
                Assert.Equal(expected, Describe(ReadBytes(file, keep, threads)));
        }
    }

    [Fact]
    public void A_file_in_UTF16_is_read_as_text()
    {
        var text = "station,time,pm25,pm10,so2,no2,co,o3\n万寿西宫,2015-01-01 01:00,30,50,5,20,0.5,60\n";
        var file = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray();
        Assert.Equal(Describe(ReadText(file, null)), Describe(ReadBytes(file, null, 2)));
        Assert.Equal("万寿西宫", ReadBytes(file, null, 2).Data.Stations.Single().Station);
    }

    [Fact]
    public void An_empty_file_and_a_bad_header_are_refused_as_by_the_text_reader()
    {
        foreach (var text in new[] { "", "station,time,pm25\n", "station,time,pm25,pm10,so2,no2,co[ppm],o3\nA,2015-01-01 01:00,1,1,1,1,1,1\n" })
        {
            var file = Encoding.UTF8.GetBytes(text);
            Assert.Equal(Describe(ReadText(file, null)), Describe(ReadBytes(file, null, 2)));
        }
    }

    [Fact]
    public void Sums_past_a_long_and_mixed_scales_give_the_decimals_of_decimal_addition()
    {
        // One station, one day: values of 16 digits at scale 0 and 15, which no long can hold at a common scale.
        var rows = new StringBuilder("station,time,pm25,pm10,so2,no2,co,o3\n");
        string[] values = ["9999999999999999", "0.000000000000001", "3", "3.0", "3.00", "12.5", "0.1", "7"];
        for (var h = 1; h <= 23; h++)
        {
            var v = values[h % values.Length];
            rows.Append(CultureInfo.InvariantCulture, $"A,2015-01-01 {h:00}:00,{v},{v},{v},{v},{v},{v}\n");
        }
        var file = Encoding.UTF8.GetBytes(rows.ToString());
        Assert.Equal(Describe(ReadText(file, null)), Describe(ReadBytes(file, null, 2)));
    }
}
