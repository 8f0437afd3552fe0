using Meicheng.Core.Environment.Air;
using Meicheng.Core.Environment.Ingestion;

namespace Meicheng.Core.Tests.Environment;

/// <summary>Tests that measure the heap run alone, so no other test's objects are counted.</summary>
[CollectionDefinition(nameof(HeapMeasured), DisableParallelization = true)]
public sealed class HeapMeasured;

/// <summary>
/// Hostile air CSVs (issue 10, finding 11): the reader's memory stays bounded whatever the file holds, measured from the
/// process's heap and allocation counters.
/// </summary>
[Collection(nameof(HeapMeasured))]
public sealed class IngestionLimitsTests
{
    private const string Header = "station,time,pm25,pm10,so2,no2,co,o3\n";

    [Fact]
    public void A_million_garbage_rows_are_all_counted_but_only_the_first_ten_thousand_are_kept()
    {
        const int rows = 1_000_000;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var report = new IngestionReport { KeepAtMost = 10_000 };
        AirCsvReader.Read(AirCsvFormat.Generic, new GeneratedText(Header, rows, i => i % 2 == 0 ? $"garbage{i};;" : $"S{i},yesterday,{i},x,y,z,0,0"),
            "garbage.csv", new AirDatasetBuilder(HourLabelConvention.PeriodEnd), report);
        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;

        Assert.True(retained < 16L << 20, $"the report holds {retained >> 20} MB after a million refused rows");
        Assert.Equal((rows, 0L, rows), (report.RowsRead, report.RowsAccepted, report.RowsRejected));
        Assert.Equal(new Dictionary<RejectionKind, int> { [RejectionKind.WrongColumns] = rows / 2, [RejectionKind.NotANumber] = rows / 2 }, report.CountsByKind);
        Assert.Equal(10_000, report.Rejected.Count);
        Assert.Equal("garbage.csv:2: row: 1 columns, expected 8", report.Rejected[0].ToString());
        GC.KeepAlive(report);
    }

    [Fact]
    public void A_line_of_100_million_characters_is_refused_without_holding_it_and_the_next_line_is_read()
    {
        // Header, one line of 100,000,000 'x' (made as it is read), then a good row.
        var chunk = new string('x', 1000);
        var report = new IngestionReport();
        var builder = new AirDatasetBuilder(HourLabelConvention.PeriodEnd);
        var reader = new GeneratedText(Header, 100_002, i => i < 100_000 ? chunk : i == 100_000 ? "\n" : "1011A,2015-01-01 01:00,30,50,5,20,0.5,60\n", newLines: false);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        AirCsvReader.Read(AirCsvFormat.Generic, reader, "long.csv", builder, report);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.True(allocated < 32L << 20, $"the reader allocated {allocated >> 20} MB for one long line");
        Assert.Equal((2L, 1L, 1L), (report.RowsRead, report.RowsAccepted, report.RowsRejected));
        Assert.Equal("long.csv:2: row: line longer than 1048576 characters", report.Rejected.Single().ToString());
    }

    /// <summary>A CSV produced as it is read: the header, then <c>line(i)</c> for each row (with a line break unless told not), so a huge file costs no memory to make.</summary>
    private sealed class GeneratedText(string header, int count, Func<int, string> line, bool newLines = true) : TextReader
    {
        private string _pending = header;
        private int _offset;
        private int _next;

        public override int Read(char[] buffer, int index, int count1)
        {
            var written = 0;
            while (written < count1)
            {
                if (_offset == _pending.Length)
                {
                    if (_next == count)
                        break;
                    _pending = newLines ? line(_next++) + "\n" : line(_next++);
                    _offset = 0;
                }
                var n = Math.Min(count1 - written, _pending.Length - _offset);
                _pending.CopyTo(_offset, buffer, index + written, n);
                _offset += n;
                written += n;
            }
            return written;
        }

        public override int Peek() => -1;
    }
}
