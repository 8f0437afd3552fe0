using Meicheng.Core.Environment.Air;
using Meicheng.Core.Environment.Ingestion;

namespace Meicheng.Core.Tests.Environment;

public sealed class IngestionTests
{
    private const string PrsaHeader = "\"No\",\"year\",\"month\",\"day\",\"hour\",\"PM2.5\",\"PM10\",\"SO2\",\"NO2\",\"CO\",\"O3\",\"TEMP\",\"PRES\",\"DEWP\",\"RAIN\",\"wd\",\"WSPM\",\"station\"";

    private static string PrsaRow(int no, int day, int hour, string pm25 = "10", string co = "500", string station = "\"Test\"") =>
        $"{no},2014,1,{day},{hour},{pm25},20,5,30,{co},40,-1,1020,-10,0,\"N\",2,{station}";

    private static (AirDataset Data, IngestionReport Report) Read(AirCsvFormat format, string text, HourLabelConvention convention = HourLabelConvention.PeriodEnd)
    {
        var builder = new AirDatasetBuilder(convention);
        var report = new IngestionReport();
        AirCsvReader.Read(format, new StringReader(text), "t.csv", builder, report);
        return (builder.Build(), report);
    }

    [Fact]
    public void PRSA_rows_are_read_with_CRLF_NA_and_CO_converted_to_mg()
    {
        var text = PrsaHeader + "\r\n" + PrsaRow(1, 1, 1) + "\r\n" + PrsaRow(2, 1, 2, pm25: "NA", co: "1500") + "\r\n";
        var (data, report) = Read(AirCsvFormat.Prsa, text);
        Assert.Equal((2L, 2L, 0L), (report.RowsRead, report.RowsAccepted, report.RowsRejected));
        var day = data.Stations.Single().Days.Single();
        Assert.Equal(new DateOnly(2014, 1, 1), day.Date);
        Assert.Equal(new DailyValue(10m, 1), day.Mean(AirPollutant.PM25));
        Assert.Equal(new DailyValue(1.0m, 2), day.Mean(AirPollutant.CO)); // (0.5 + 1.5) / 2 mg/m3
    }

    private sealed class Rows : IAirRowSink
    {
        public List<(string Station, DateOnly Date, int Hour, decimal?[] Values, long Line)> Seen { get; } = [];

        public void Accepted(ReadOnlySpan<char> station, DateOnly labelDate, int labelHour, ReadOnlySpan<decimal?> values, long line) =>
            Seen.Add((station.ToString(), labelDate, labelHour, values.ToArray(), line));
    }

    [Fact]
    public void A_row_sink_receives_exactly_the_accepted_rows_with_their_label_values_and_line()
    {
        var text = PrsaHeader + "\r\n" + PrsaRow(1, 1, 0) + "\r\n" + PrsaRow(2, 1, 1, pm25: "x") + "\r\n" + PrsaRow(3, 1, 2, pm25: "NA", co: "1500") + "\r\n"
            + PrsaRow(4, 1, 0) + "\r\n";
        var builder = new AirDatasetBuilder(HourLabelConvention.PeriodEnd);
        var report = new IngestionReport();
        var rows = new Rows();
        AirCsvReader.Read(AirCsvFormat.Prsa, new StringReader(text), "t.csv", builder, report, rows: rows);
        Assert.Equal((2L, 2L), (report.RowsAccepted, report.RowsRejected));
        Assert.Equal(report.RowsAccepted, rows.Seen.Count);
        // The label as written (hour 0 stays on its own date), values in AirPollutant order, CO in mg/m3.
        Assert.Equal(("Test", new DateOnly(2014, 1, 1), 0, 2L), (rows.Seen[0].Station, rows.Seen[0].Date, rows.Seen[0].Hour, rows.Seen[0].Line));
        Assert.Equal([5m, 30m, 20m, 0.5m, 40m, 10m], rows.Seen[0].Values);
        Assert.Equal([5m, 30m, 20m, 1.5m, 40m, null], rows.Seen[1].Values);
        Assert.Equal(4L, rows.Seen[1].Line);
    }

    [Fact]
    public void Malformed_rows_are_refused_whole_with_file_line_field_and_reason()
    {
        var lines = new[]
        {
            PrsaHeader,
            PrsaRow(1, 1, 1),
            "2,2014,1,1,2,10,20",                       // line 3: wrong columns
            PrsaRow(3, 1, 3, pm25: "abc"),              // line 4: text in a number
            PrsaRow(4, 1, 4, co: "-300"),               // line 5: negative
            PrsaRow(5, 1, 1, pm25: "999"),              // line 6: duplicate hour
            PrsaRow(6, 32, 5),                          // line 7: no such date
            PrsaRow(7, 1, 6),                           // line 8: fine
            "8,2014,1,1,7,10,20,5",                     // line 9: truncated (no final newline)
        };
        var (data, report) = Read(AirCsvFormat.Prsa, string.Join("\r\n", lines));
        Assert.Equal(8, report.RowsRead);
        Assert.Equal(2, report.RowsAccepted);
        Assert.Equal(6, report.RowsRejected);
        Assert.Equal(
        [
            "t.csv:3: row: 7 columns, expected 18",
            "t.csv:4: PM2.5: 'abc' is not a number",
            "t.csv:5: CO: negative concentration -300",
            "t.csv:6: row: duplicate hour: Test 2014-01-01 hour 1",
            "t.csv:7: day: 2014-1-32 is not a date",
            "t.csv:9: row: truncated file: the last line ends without a line break after 8 of 18 columns",
        ], report.Rejected.Select(r => r.ToString()));
        Assert.Equal([RejectionKind.WrongColumns, RejectionKind.NotANumber, RejectionKind.Negative, RejectionKind.DuplicateHour, RejectionKind.NotANumber, RejectionKind.Truncated],
            report.Rejected.Select(r => r.Kind));
        // Nothing of a refused row was imported: the duplicate's PM2.5 999 and the row with text are absent.
        var day = data.Stations.Single().Days.Single();
        Assert.Equal(new DailyValue(10m, 2), day.Mean(AirPollutant.PM25));
        Assert.Equal(2, day.Mean(AirPollutant.CO).Count);
    }

    [Fact]
    public void A_wrong_header_refuses_the_whole_file()
    {
        var (data, report) = Read(AirCsvFormat.Prsa, "No,year,month\r\n" + PrsaRow(1, 1, 1) + "\r\n");
        Assert.Empty(data.Stations);
        Assert.Equal(RejectionKind.Header, report.Rejected.Single().Kind);
        Assert.Equal(1, report.Rejected.Single().Line);
    }

    [Fact]
    public void All_or_nothing_imports_nothing_of_a_file_with_a_refused_row()
    {
        var bad = PrsaHeader + "\r\n" + PrsaRow(1, 1, 1) + "\r\n" + PrsaRow(2, 1, 2, pm25: "x") + "\r\n";
        var good = PrsaHeader + "\r\n" + PrsaRow(1, 2, 1, station: "\"Other\"") + "\r\n";
        var builder = new AirDatasetBuilder(HourLabelConvention.PeriodEnd);
        var report = new IngestionReport();
        Assert.False(AirCsvReader.ReadAllOrNothing(AirCsvFormat.Prsa, () => new StringReader(bad), "bad.csv", builder, report));
        Assert.True(AirCsvReader.ReadAllOrNothing(AirCsvFormat.Prsa, () => new StringReader(good), "good.csv", builder, report));
        var data = builder.Build();
        Assert.Equal(["Other"], data.Stations.Select(s => s.Station));
        Assert.Equal("bad.csv:3: PM2.5: 'x' is not a number", report.Rejected.Single().ToString());
        Assert.Equal((2, 3L, 1L), (report.Files, report.RowsRead, report.RowsAccepted));
    }

    [Fact]
    public void Generic_format_with_units_in_the_header_any_column_order_and_both_time_forms()
    {
        var text = "time,station,pm25[ug/m3],pm10,so2,no2,co[ug/m3],o3\n" +
                   "2014-01-01 01:00,A,10,20,5,30,800,40\n" +
                   "2014-01-01T02:00,A,NA,20,5,30,1200,\n" +
                   "2014-01-01 03,A,30,20,5,30,1000,40\n";
        var (data, report) = Read(AirCsvFormat.Generic, text);
        Assert.Equal(0, report.RowsRejected);
        var day = data.Stations.Single().Days.Single();
        Assert.Equal(new DailyValue(20m, 2), day.Mean(AirPollutant.PM25));
        Assert.Equal(new DailyValue(1.0m, 3), day.Mean(AirPollutant.CO));
        Assert.Equal(2, day.Mean(AirPollutant.O3).Count);
    }

    [Theory]
    [InlineData("2014-01-01 01:30,A,1,1,1,1,1,1", "time")]
    [InlineData("2014-13-01 01:00,A,1,1,1,1,1,1", "time")]
    [InlineData("2014-01-01 24:00,A,1,1,1,1,1,1", "time")]
    [InlineData("2014-01-01 01:00,,1,1,1,1,1,1", "station")]
    [InlineData("2014-01-01 01:00,A,1,1,1,1,1,1e", "o3")]
    [InlineData("2014-01-01 01:00,A,1,1,-0.1,1,1,1", "so2")]
    [InlineData("2014-01-01 01:00,A,1,1,1,1,1,1,1", "row")]
    public void Generic_format_refuses_bad_fields(string row, string field)
    {
        var (_, report) = Read(AirCsvFormat.Generic, "time,station,pm25,pm10,so2,no2,co,o3\n" + row + "\n");
        Assert.Equal(field, report.Rejected.Single().Field);
        Assert.Equal(2, report.Rejected.Single().Line);
    }

    [Fact]
    public void Generic_header_problems_are_reported()
    {
        Assert.Equal(RejectionKind.Header, Read(AirCsvFormat.Generic, "station,time,pm25,pm10,so2,no2,co\n").Report.Rejected.Single().Kind);
        Assert.Contains("unit 'ppm'", Read(AirCsvFormat.Generic, "station,time,pm25,pm10,so2,no2,co[ppm],o3\n").Report.Rejected.Single().Reason, StringComparison.Ordinal);
        Assert.Equal("empty file: no header", Read(AirCsvFormat.Generic, "").Report.Rejected.Single().Reason);
    }

    [Fact]
    public void Rows_of_a_closed_day_are_refused_as_out_of_order()
    {
        var text = "station,time,pm25,pm10,so2,no2,co,o3\nA,2014-01-05 01:00,1,1,1,1,1,1\nA,2014-01-01 01:00,1,1,1,1,1,1\nA,2014-01-05 01:00,1,1,1,1,1,1\n";
        var (_, report) = Read(AirCsvFormat.Generic, text);
        Assert.Equal([RejectionKind.OutOfOrder, RejectionKind.DuplicateHour], report.Rejected.Select(r => r.Kind));
    }

    [Fact]
    public void Duplicates_in_an_already_closed_day_are_still_called_duplicates()
    {
        var text = "station,time,pm25,pm10,so2,no2,co,o3\nA,2014-01-01 05:00,1,1,1,1,1,1\nA,2014-01-04 01:00,1,1,1,1,1,1\nA,2014-01-01 05:00,1,1,1,1,1,1\n";
        Assert.Equal(RejectionKind.DuplicateHour, Read(AirCsvFormat.Generic, text).Report.Rejected.Single().Kind);
    }

    [Theory]
    [InlineData(HourLabelConvention.PeriodEnd, 2013, 12, 31)]
    [InlineData(HourLabelConvention.PeriodStart, 2014, 1, 1)]
    public void Label_zero_belongs_to_the_previous_day_only_with_hour_ending_labels(HourLabelConvention convention, int y, int m, int d)
    {
        var (data, _) = Read(AirCsvFormat.Generic, "station,time,pm25,pm10,so2,no2,co,o3\nA,2014-01-01 00:00,1,1,1,1,1,1\n", convention);
        Assert.Equal(new DateOnly(y, m, d), data.Stations.Single().Days.Single().Date);
    }

    [Fact]
    public void Decimal_values_are_parsed_exactly()
    {
        var (data, _) = Read(AirCsvFormat.Generic, "station,time,pm25,pm10,so2,no2,co,o3\nA,2014-01-01 01:00,0.1,0.2,0.3,75.000,1.05,1E2\n");
        var day = data.Stations.Single().Days.Single();
        Assert.Equal(0.1m, day.Mean(AirPollutant.PM25).Value);
        Assert.Equal(75m, day.Mean(AirPollutant.NO2).Value);
        Assert.Equal(1.05m, day.Mean(AirPollutant.CO).Value);
        Assert.Equal(100m, day.Mean(AirPollutant.O3).Value);
    }
}

public sealed class AllOrNothingAcrossFilesTests
{
    [Fact]
    public void A_file_repeating_hours_already_imported_from_another_file_imports_nothing()
    {
        const string header = "station,time,pm25,pm10,so2,no2,co,o3\n";
        var first = header + "A,2015-01-01 01:00,10,20,5,30,0.5,40\nA,2015-01-01 02:00,10,20,5,30,0.5,40\n";
        var second = header + "A,2015-01-01 03:00,99,20,5,30,0.5,40\nA,2015-01-01 02:00,99,20,5,30,0.5,40\n";
        var builder = new AirDatasetBuilder(HourLabelConvention.PeriodEnd);
        var report = new IngestionReport();
        Assert.True(AirCsvReader.ReadAllOrNothing(AirCsvFormat.Generic, () => new StringReader(first), "1.csv", builder, report));
        Assert.False(AirCsvReader.ReadAllOrNothing(AirCsvFormat.Generic, () => new StringReader(second), "2.csv", builder, report));
        var day = builder.Build().Stations.Single().Days.Single();
        Assert.Equal(new DailyValue(10m, 2), day.Mean(AirPollutant.PM25)); // neither of 2.csv's rows, not even the new hour 3
        Assert.Equal("2.csv:3: row: duplicate hour: A 2015-01-01 hour 2", report.Rejected.Single().ToString());
    }
}

public sealed class StreamingTests
{
    [Fact]
    public void Ingestion_allocates_per_station_day_not_per_row()
    {
        // 4 stations x one year, time-major. Per row, the reader must allocate (almost) nothing: what it keeps is one
        // StationDay per station-day. Measured as allocated bytes on this thread, per row.
        var sb = new System.Text.StringBuilder("station,time,pm25,pm10,so2,no2,co,o3\n");
        for (var t = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Unspecified); t.Year == 2015; t = t.AddHours(1))
        {
            for (var s = 0; s < 4; s++)
                sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"Station{s},{t:yyyy-MM-dd HH:mm},{t.Hour + 10},{t.Day + 40},{s + 3},{t.Month + 20},0.{t.Hour % 10},{60 + t.Hour}\n");
        }
        var text = sb.ToString();
        long Allocated()
        {
            var builder = new AirDatasetBuilder(HourLabelConvention.PeriodEnd);
            var report = new IngestionReport();
            var before = GC.GetAllocatedBytesForCurrentThread();
            AirCsvReader.Read(AirCsvFormat.Generic, new StringReader(text), "g.csv", builder, report);
            var data = builder.Build();
            Assert.Equal(4 * 8760, report.RowsAccepted);
            Assert.Equal(4 * 366, data.Stations.Sum(s => s.Days.Count)); // 2014-12-31 gets the first hour
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Allocated(); // warm up
        var perRow = Allocated() / (4.0 * 8760);
        Assert.True(perRow < 32, $"{perRow:F1} bytes allocated per row");
    }
}
