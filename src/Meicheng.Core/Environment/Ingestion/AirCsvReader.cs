using System.Globalization;
using System.Text;
using Meicheng.Core.Environment.Air;

namespace Meicheng.Core.Environment.Ingestion;

/// <summary>The hourly air CSV formats the readers understand.</summary>
public enum AirCsvFormat
{
    /// <summary>
    /// The Beijing PRSA files (UCI "Beijing Multi-Site Air-Quality Data"): quoted header of 18 columns
    /// <c>No,year,month,day,hour,PM2.5,PM10,SO2,NO2,CO,O3,TEMP,PRES,DEWP,RAIN,wd,WSPM,station</c>, CRLF, <c>NA</c> for
    /// missing, every pollutant in ug/m3 (CO is divided by 1000 into mg/m3).
    /// </summary>
    Prsa,

    /// <summary>
    /// Meicheng's generic hourly format: header <c>station,time,pm25,pm10,so2,no2,co,o3</c> (any order, case-insensitive),
    /// each pollutant optionally followed by its unit in brackets, <c>co[mg/m3]</c> or <c>pm25[ug/m3]</c>. Defaults: ug/m3,
    /// CO mg/m3. <c>time</c> is <c>yyyy-MM-dd HH:mm</c>, <c>yyyy-MM-ddTHH:mm</c> or <c>yyyy-MM-dd HH</c> with HH 0..23 and
    /// minutes 00. Missing: empty or <c>NA</c>.
    /// </summary>
    Generic,
}

/// <summary>
/// Receives each row a reader accepts, as it accepts it: a caller that must keep the hourly values themselves (a database
/// import) gets them from the one parser, while the <see cref="AirDatasetBuilder"/> keeps only the days.
/// </summary>
public interface IAirRowSink
{
    /// <summary>
    /// One accepted row: the station as written, the hour label as read (before the hour-label convention), the values in
    /// <see cref="AirPollutant"/> order in the standard units (CO mg/m3), null where missing, and the 1-based line.
    /// The spans are only valid during the call.
    /// </summary>
    void Accepted(ReadOnlySpan<char> station, DateOnly labelDate, int labelHour, ReadOnlySpan<decimal?> values, long line);
}

/// <summary>
/// Streaming readers for hourly air CSVs. A row is imported whole or not at all: any fault refuses the row, and the
/// refusal (file, line, field, reason) goes into the <see cref="IngestionReport"/>. Memory does not grow with the
/// file: rows are reduced into station-days by an <see cref="AirDatasetBuilder"/> as they are read.
/// </summary>
public static class AirCsvReader
{
    /// <summary>The PRSA header's column names.</summary>
    public static IReadOnlyList<string> PrsaColumns { get; } =
        ["No", "year", "month", "day", "hour", "PM2.5", "PM10", "SO2", "NO2", "CO", "O3", "TEMP", "PRES", "DEWP", "RAIN", "wd", "WSPM", "station"];

    /// <summary>The generic format's column names.</summary>
    public static IReadOnlyList<string> GenericColumns { get; } = ["station", "time", "pm25", "pm10", "so2", "no2", "co", "o3"];

    // Column order of the pollutants in both formats (PM2.5, PM10, SO2, NO2, CO, O3) mapped to AirPollutant slots.
    private static readonly AirPollutant[] CsvPollutants = [AirPollutant.PM25, AirPollutant.PM10, AirPollutant.SO2, AirPollutant.NO2, AirPollutant.CO, AirPollutant.O3];

    /// <summary>
    /// Reads one file of the given format into <paramref name="builder"/>, recording every refusal in <paramref name="report"/>.
    /// <paramref name="progress"/>, if given, receives the report's running count of rows read every 1,048,576 rows;
    /// <paramref name="rows"/>, if given, receives every accepted row.
    /// </summary>
    public static void Read(AirCsvFormat format, TextReader reader, string fileName, AirDatasetBuilder builder, IngestionReport report,
        IProgress<long>? progress = null, IAirRowSink? rows = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(report);
        report.Files++;
        if (format == AirCsvFormat.Prsa)
            ReadPrsa(reader, fileName, builder, report, null, progress, rows);
        else
            ReadGeneric(reader, fileName, builder, report, null, progress, rows);
    }

    /// <summary>
    /// Reads one file from a source that can be opened more than once (a file on disk), with the same rows, days and
    /// refusals as <see cref="Read(AirCsvFormat, TextReader, string, AirDatasetBuilder, IngestionReport, IProgress{long}?, IAirRowSink?)"/>
    /// gives on its text. A generic-format file in UTF-8 is read from its bytes by up to <paramref name="parallelism"/>
    /// threads, each opening its own stream and taking the rows of its share of the stations; <paramref name="progress"/>
    /// then receives the first thread's count of rows read, which covers the whole file. Any other file is read as text
    /// on one thread. Memory stays one buffer per thread. A station's rows must come in day order, as for every reader.
    /// </summary>
    public static void Read(AirCsvFormat format, Func<Stream> open, string fileName, AirDatasetBuilder builder, IngestionReport report,
        int parallelism = 1, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        if (format == AirCsvFormat.Generic && GenericUtf8Reader.Read(open, fileName, builder, report, parallelism, progress))
            return;
        using var reader = new StreamReader(open(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        Read(format, reader, fileName, builder, report, progress);
    }

    /// <summary>
    /// Checks a file without importing it: the refusals a
    /// <see cref="Read(AirCsvFormat, TextReader, string, AirDatasetBuilder, IngestionReport, IProgress{long}?, IAirRowSink?)"/>
    /// would record (duplicates judged within the file only). For an all-or-nothing import, validate first and read only
    /// a clean file.
    /// </summary>
    public static IngestionReport Validate(AirCsvFormat format, TextReader reader, string fileName, HourLabelConvention convention)
    {
        var report = new IngestionReport();
        Read(format, reader, fileName, new AirDatasetBuilder(convention), report);
        return report;
    }

    /// <summary>
    /// All-or-nothing import of one file: it is validated first, on its own and against what <paramref name="builder"/>
    /// already holds (<paramref name="open"/> is called twice), and read into
    /// <paramref name="builder"/> only when no row is refused; otherwise its refusals go into <paramref name="report"/>
    /// and nothing of it is imported. Returns whether the file was imported.
    /// </summary>
    public static bool ReadAllOrNothing(AirCsvFormat format, Func<TextReader> open, string fileName, AirDatasetBuilder builder, IngestionReport report)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(report);
        var check = new IngestionReport();
        using (var first = open())
        {
            var scratch = new AirDatasetBuilder(builder.Convention);
            if (format == AirCsvFormat.Prsa)
                ReadPrsa(first, fileName, scratch, check, builder, null, null);
            else
                ReadGeneric(first, fileName, scratch, check, builder, null, null);
        }
        if (check.RowsRejected > 0)
        {
            report.Files++;
            report.RowsRead += check.RowsRead;
            foreach (var row in check.Rejected)
                report.Reject(row);
            return false;
        }
        using var second = open();
        var before = report.RowsRejected;
        Read(format, second, fileName, builder, report);
        return report.RowsRejected == before;
    }

    private static void ReadPrsa(TextReader reader, string file, AirDatasetBuilder builder, IngestionReport report, AirDatasetBuilder? existing,
        IProgress<long>? progress, IAirRowSink? rows)
    {
        var lines = new LineReader(reader);
        Span<Range> ranges = stackalloc Range[PrsaColumns.Count + 1];
        if (!lines.TryRead(out var header, out _))
        {
            report.Reject(new RejectedRow(file, 1, "header", RejectionKind.Header, "empty file: no header"));
            return;
        }
        var n = FieldParser.Split(header, ranges);
        var headerOk = n == PrsaColumns.Count;
        for (var i = 0; headerOk && i < n; i++)
            headerOk = FieldParser.Unquote(header[ranges[i]]).SequenceEqual(PrsaColumns[i]);
        if (!headerOk)
        {
            report.Reject(new RejectedRow(file, 1, "header", RejectionKind.Header, $"not a PRSA header: expected {string.Join(',', PrsaColumns)}"));
            return;
        }
        Span<decimal?> values = new decimal?[6];
        while (lines.TryRead(out var line, out var terminated))
        {
            if (lines.Overlong)
            {
                report.RowsRead++;
                report.Reject(new RejectedRow(file, lines.LineNumber, "row", RejectionKind.WrongColumns, $"line longer than {LineReader.MaxLineChars} characters"));
                continue;
            }
            if (line.IsEmpty && terminated)
                continue;
            if ((++report.RowsRead & 0xFFFFF) == 0)
                progress?.Report(report.RowsRead);
            var lineNo = lines.LineNumber;
            n = FieldParser.Split(line, ranges);
            if (n != PrsaColumns.Count)
            {
                report.Reject(ColumnFault(file, lineNo, n, PrsaColumns.Count, terminated));
                continue;
            }
            var fault = ParseDate(line, ranges, out var date, out var hour);
            if (fault is not null)
            {
                report.Reject(new RejectedRow(file, lineNo, fault.Value.Field, RejectionKind.NotANumber, fault.Value.Reason));
                continue;
            }
            if (ParseValues(line, ranges, 5, values, coDivisor: 1000m) is { } bad)
            {
                report.Reject(new RejectedRow(file, lineNo, PrsaColumns[5 + bad.Column], bad.Kind, bad.Reason));
                continue;
            }
            var stationField = FieldParser.Unquote(line[ranges[17]]);
            if (stationField.IsEmpty)
            {
                report.Reject(new RejectedRow(file, lineNo, "station", RejectionKind.NotANumber, "empty station name"));
                continue;
            }
            Accept(builder, report, file, lineNo, stationField, date, hour, values, existing, rows);
        }
    }

    private static void ReadGeneric(TextReader reader, string file, AirDatasetBuilder builder, IngestionReport report, AirDatasetBuilder? existing,
        IProgress<long>? progress, IAirRowSink? rows)
    {
        var lines = new LineReader(reader);
        if (!lines.TryRead(out var header, out _))
        {
            report.Reject(new RejectedRow(file, 1, "header", RejectionKind.Header, "empty file: no header"));
            return;
        }
        if (GenericLayout.Read(header, file, report) is not { } layout)
            return;
        var row = new GenericRow(layout, file);
        while (lines.TryRead(out var line, out var terminated))
        {
            if (lines.Overlong)
            {
                report.RowsRead++;
                report.Reject(new RejectedRow(file, lines.LineNumber, "row", RejectionKind.WrongColumns, $"line longer than {LineReader.MaxLineChars} characters"));
                continue;
            }
            if (line.IsEmpty && terminated)
                continue;
            if ((++report.RowsRead & 0xFFFFF) == 0)
                progress?.Report(report.RowsRead);
            var lineNo = lines.LineNumber;
            if (row.Parse(line, terminated, lineNo) is { } rejected)
            {
                report.Reject(rejected);
                continue;
            }
            Accept(builder, report, file, lineNo, row.Station(line), row.Date, row.Hour, row.Values, existing, rows);
        }
    }

    /// <summary>Where the generic columns are in a file, and the unit factor of each pollutant column, from its header.</summary>
    internal sealed class GenericLayout
    {
        private GenericLayout(int[] position, decimal[] multiplier)
        {
            Position = position;
            Multiplier = multiplier;
        }

        /// <summary>The file column of each generic column, in <see cref="GenericColumns"/> order (station, time, pm25, …).</summary>
        public int[] Position { get; }

        /// <summary>The factor into the standard unit of each pollutant column (PM2.5, PM10, SO2, NO2, CO, O3).</summary>
        public decimal[] Multiplier { get; }

        /// <summary>The slot in <see cref="AirPollutant"/> order of pollutant column k.</summary>
        public static int Slot(int k) => (int)CsvPollutants[k];

        /// <summary>The layout, or null after recording why the header is refused.</summary>
        public static GenericLayout? Read(ReadOnlySpan<char> header, string file, IngestionReport report)
        {
            Span<Range> ranges = stackalloc Range[GenericColumns.Count + 1];
            var n = FieldParser.Split(header, ranges);
            var position = new int[GenericColumns.Count];
            Array.Fill(position, -1);
            var multiplier = new decimal[6];
            for (var i = 0; i < Math.Min(n, GenericColumns.Count); i++)
            {
                var name = FieldParser.Unquote(header[ranges[i]]).ToString().Trim().ToLowerInvariant();
                string? unit = null;
                var bracket = name.IndexOf('[', StringComparison.Ordinal);
                if (bracket >= 0 && name.EndsWith(']'))
                {
                    unit = name[(bracket + 1)..^1].Trim();
                    name = name[..bracket].Trim();
                }
                var col = GenericColumns.ToList().IndexOf(name);
                if (col < 0 || position[col] >= 0)
                {
                    report.Reject(new RejectedRow(file, 1, name, RejectionKind.Header, $"unexpected or repeated column '{name}': expected {string.Join(',', GenericColumns)}"));
                    return null;
                }
                position[col] = i;
                if (col >= 2)
                {
                    var pollutant = CsvPollutants[col - 2];
                    var factor = UnitFactor(pollutant, unit);
                    if (factor is null)
                    {
                        report.Reject(new RejectedRow(file, 1, name, RejectionKind.Header, $"unit '{unit}' not understood (ug/m3 or mg/m3)"));
                        return null;
                    }
                    multiplier[col - 2] = factor.Value;
                }
            }
            if (n != GenericColumns.Count)
            {
                report.Reject(new RejectedRow(file, 1, "header", RejectionKind.Header, $"expected the {GenericColumns.Count} columns {string.Join(',', GenericColumns)}, found {n}"));
                return null;
            }
            return new GenericLayout(position, multiplier);
        }
    }

    /// <summary>
    /// One generic row at a time, as text: the rules every reader of the generic format applies (the UTF-8 reader
    /// hands a row here whenever it is not plainly well formed, so the refusals are always these).
    /// </summary>
    internal sealed class GenericRow(GenericLayout layout, string file)
    {
        private readonly Range[] _ranges = new Range[GenericColumns.Count + 1];
        private readonly decimal?[] _values = new decimal?[6];
        // Feeds are often time-major (every station for one hour): the last parsed time is reused while it repeats.
        private readonly char[] _lastTime = new char[32];
        private int _lastTimeLength;
        private DateOnly _lastDate;
        private int _lastHour;

        public DateOnly Date { get; private set; }

        public int Hour { get; private set; }

        /// <summary>The values of the row last parsed, in <see cref="AirPollutant"/> order.</summary>
        public ReadOnlySpan<decimal?> Values => _values;

        /// <summary>The station of the row last parsed (a slice of <paramref name="line"/>).</summary>
        public ReadOnlySpan<char> Station(ReadOnlySpan<char> line) => FieldParser.Unquote(line[_ranges[layout.Position[0]]]);

        /// <summary>Parses a row: null when it is well formed (its station, time and values are then read), else the refusal.</summary>
        public RejectedRow? Parse(ReadOnlySpan<char> line, bool terminated, long lineNo)
        {
            var position = layout.Position;
            var n = FieldParser.Split(line, _ranges);
            if (n != GenericColumns.Count)
                return ColumnFault(file, lineNo, n, GenericColumns.Count, terminated);
            if (Station(line).IsEmpty)
                return new RejectedRow(file, lineNo, "station", RejectionKind.NotANumber, "empty station name");
            var timeField = FieldParser.Unquote(line[_ranges[position[1]]]);
            if (_lastTimeLength > 0 && timeField.SequenceEqual(_lastTime.AsSpan(0, _lastTimeLength)))
                (Date, Hour) = (_lastDate, _lastHour);
            else if (TryParseTime(timeField, out var date, out var hour))
            {
                (Date, Hour) = (date, hour);
                if (timeField.Length <= _lastTime.Length)
                {
                    timeField.CopyTo(_lastTime);
                    _lastTimeLength = timeField.Length;
                    (_lastDate, _lastHour) = (date, hour);
                }
            }
            else
                return new RejectedRow(file, lineNo, "time", RejectionKind.NotANumber, $"'{line[_ranges[position[1]]]}' is not yyyy-MM-dd HH:mm with HH 0..23 and minutes 00");
            for (var k = 0; k < 6; k++)
            {
                var raw = FieldParser.Unquote(line[_ranges[position[2 + k]]]);
                var fault = ParseValue(raw, layout.Multiplier[k], out var v);
                if (fault is not null)
                    return new RejectedRow(file, lineNo, GenericColumns[2 + k], fault.Value.Kind, fault.Value.Reason);
                _values[(int)CsvPollutants[k]] = v;
            }
            return null;
        }
    }

    internal static void Accept(AirDatasetBuilder builder, IngestionReport report, string file, long lineNo, ReadOnlySpan<char> station, DateOnly date, int hour,
        ReadOnlySpan<decimal?> values, AirDatasetBuilder? existing, IAirRowSink? rows)
    {
        // When validating for an all-or-nothing import, the row must also fit what is already imported.
        var refused = existing?.Probe(station, date, hour);
        refused ??= builder.TryAdd(station, date, hour, values);
        if (refused is null)
        {
            report.RowsAccepted++;
            rows?.Accepted(station, date, hour, values, lineNo);
            return;
        }
        report.Reject(Refusal(refused, file, lineNo, station, date, hour));
    }

    /// <summary>The refusal of a row the <see cref="AirDatasetBuilder"/> would not take, for the reason it gave.</summary>
    internal static RejectedRow Refusal(string refused, string file, long lineNo, ReadOnlySpan<char> station, DateOnly date, int hour)
    {
        var kind = refused.StartsWith("duplicate", StringComparison.Ordinal) ? RejectionKind.DuplicateHour : RejectionKind.OutOfOrder;
        return new RejectedRow(file, lineNo, "row", kind, $"{refused}: {station} {date:yyyy-MM-dd} hour {hour}");
    }

    private static RejectedRow ColumnFault(string file, long line, int found, int expected, bool terminated) =>
        !terminated && found < expected
            ? new RejectedRow(file, line, "row", RejectionKind.Truncated, $"truncated file: the last line ends without a line break after {found} of {expected} columns")
            : new RejectedRow(file, line, "row", RejectionKind.WrongColumns, $"{found} columns, expected {expected}");

    private static (string Field, string Reason)? ParseDate(ReadOnlySpan<char> line, Span<Range> ranges, out DateOnly date, out int hour)
    {
        date = default;
        hour = 0;
        Span<int> parts = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            var raw = FieldParser.Unquote(line[ranges[1 + i]]);
            if (!FieldParser.TryParseInt(raw, out parts[i]))
                return (PrsaColumns[1 + i], $"'{raw}' is not an integer");
        }
        if (parts[0] is < 1 or > 9999 || parts[1] is < 1 or > 12 || parts[2] < 1 || parts[2] > DateTime.DaysInMonth(parts[0], parts[1]))
            return ("day", $"{parts[0]}-{parts[1]}-{parts[2]} is not a date");
        if (parts[3] is < 0 or > 23)
            return ("hour", $"hour {parts[3]} is not 0..23");
        date = new DateOnly(parts[0], parts[1], parts[2]);
        hour = parts[3];
        return null;
    }

    private static (int Column, RejectionKind Kind, string Reason)? ParseValues(ReadOnlySpan<char> line, Span<Range> ranges, int first, Span<decimal?> values, decimal coDivisor)
    {
        for (var k = 0; k < 6; k++)
        {
            var raw = FieldParser.Unquote(line[ranges[first + k]]);
            var fault = ParseValue(raw, CsvPollutants[k] == AirPollutant.CO ? 1m / coDivisor : 1m, out var v);
            if (fault is not null)
                return (k, fault.Value.Kind, fault.Value.Reason);
            values[(int)CsvPollutants[k]] = v;
        }
        return null;
    }

    private static (RejectionKind Kind, string Reason)? ParseValue(ReadOnlySpan<char> raw, decimal multiplier, out decimal? value)
    {
        value = null;
        if (raw.IsEmpty || raw.SequenceEqual("NA"))
            return null;
        if (!FieldParser.TryParseDecimal(raw, out var v))
            return (RejectionKind.NotANumber, $"'{raw}' is not a number");
        if (v < 0)
            return (RejectionKind.Negative, $"negative concentration {raw}");
        value = multiplier == 1m ? v : v * multiplier;
        return null;
    }

    private static decimal? UnitFactor(AirPollutant pollutant, string? unit)
    {
        var native = pollutant.Unit();
        if (unit is null || unit == native)
            return 1m;
        return (unit, native) switch
        {
            ("ug/m3", "mg/m3") => 0.001m,
            ("mg/m3", "ug/m3") => 1000m,
            _ => null,
        };
    }

    private static bool TryParseTime(ReadOnlySpan<char> s, out DateOnly date, out int hour)
    {
        date = default;
        hour = 0;
        if (s.Length < 13 || (s[10] != ' ' && s[10] != 'T'))
            return false;
        if (!DateOnly.TryParseExact(s[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            return false;
        var rest = s[11..];
        if (rest.Length == 5 && rest[2] == ':' && rest[3..].SequenceEqual("00"))
            rest = rest[..2];
        if (rest.Length != 2 || !FieldParser.TryParseInt(rest, out hour))
            return false;
        return hour is >= 0 and <= 23;
    }
}
