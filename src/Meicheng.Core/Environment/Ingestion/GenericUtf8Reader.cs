using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Unicode;
using Meicheng.Core.Environment.Air;

namespace Meicheng.Core.Environment.Ingestion;

/// <summary>
/// The generic format read from its UTF-8 bytes, on one or more threads, with the results of reading its text.
/// <para>
/// Each thread opens its own stream, reads every line and takes the rows of its share of the stations (by a hash of the
/// station's name; rows without a station go to the first thread). A station's rows are therefore read in file order by
/// one thread, so its days, duplicates and out-of-order rows are exactly what one reader finds; the refusals of the
/// threads are merged by line at the end. Memory is one buffer per thread, whatever the file's size.
/// </para>
/// <para>
/// A row that is plainly well formed (eight fields; an ASCII or well-formed UTF-8 station without surrounding spaces or
/// quotes; a time <c>yyyy-MM-dd HH:mm</c>; values of digits and a point, empty or NA) is parsed from its bytes. Any other
/// row is decoded and handed to <see cref="AirCsvReader.GenericRow"/>, the text reader's own rules, so every refusal
/// and every unusual form is judged by that one code.
/// </para>
/// </summary>
internal sealed class GenericUtf8Reader
{
    private readonly AirCsvReader.GenericLayout _layout;
    private readonly string _file;
    private readonly AirDatasetBuilder _builder;
    private readonly int _index;
    private readonly int _count;
    private readonly AirCsvReader.GenericRow _text;
    private readonly Dictionary<string, AirDatasetBuilder.StationState> _stations = new(StringComparer.Ordinal);
    private readonly decimal?[] _values = new decimal?[6];
    private readonly long[] _mantissas = new long[6];
    private readonly byte[] _scales = new byte[6];
    private readonly bool _standardUnits;
    private readonly int[] _columns; // the generic column of each file column
    private readonly byte[] _lastTime = new byte[32];
    private int _lastTimeLength;
    private DateOnly _lastDate;
    private int _lastHour;
    private AirDatasetBuilder.StationState? _previous;
    private char[] _chars = new char[256];
    private byte[] _bytes = new byte[256];

    private GenericUtf8Reader(AirCsvReader.GenericLayout layout, string file, AirDatasetBuilder builder, IngestionReport report, int index, int count)
    {
        _layout = layout;
        _file = file;
        _builder = builder;
        _index = index;
        _count = count;
        _text = new AirCsvReader.GenericRow(layout, file);
        _standardUnits = layout.Multiplier.All(m => m == 1m);
        _columns = new int[8];
        for (var c = 0; c < 8; c++)
            _columns[layout.Position[c]] = c;
        Report = report;
    }

    private IngestionReport Report { get; }

    /// <summary>
    /// Reads the file <paramref name="open"/> opens (once per thread) into <paramref name="builder"/>. Returns false, having
    /// read nothing, when the file starts with a UTF-16 or UTF-32 byte order mark: the caller reads it as text.
    /// </summary>
    public static bool Read(Func<Stream> open, string file, AirDatasetBuilder builder, IngestionReport report, int parallelism, IProgress<long>? progress)
    {
        var first = open();
        Utf8LineReader? lines = null;
        try
        {
            lines = new Utf8LineReader(first);
            if (lines.OtherByteOrderMark)
                return false;
            report.Files++;
            if (!lines.TryRead(out var headerBytes, out _))
            {
                report.Reject(new RejectedRow(file, 1, "header", RejectionKind.Header, "empty file: no header"));
                return true;
            }
            if (AirCsvReader.GenericLayout.Read(Encoding.UTF8.GetString(headerBytes), file, report) is not { } layout)
                return true;
            var count = Math.Max(1, parallelism);
            var readers = new GenericUtf8Reader[count];
            for (var i = 0; i < count; i++)
                readers[i] = new GenericUtf8Reader(layout, file, builder, count == 1 ? report : new IngestionReport { KeepAtMost = report.KeepAtMost }, i, count);
            if (count == 1)
                readers[0].Run(lines, progress);
            else
            {
                var firstLines = lines;
                try
                {
                    Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = count }, i =>
                    {
                        if (i == 0)
                        {
                            readers[0].Run(firstLines, progress);
                            return;
                        }
                        using var stream = open();
                        using var own = new Utf8LineReader(stream);
                        own.TryRead(out _, out _); // the header
                        readers[i].Run(own, null);
                    });
                }
                catch (AggregateException e) when (e.InnerExceptions.Count == 1)
                {
                    ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
                }
                report.Merge(readers.Select(r => r.Report));
            }
            return true;
        }
        finally
        {
            lines?.Dispose();
            first.Dispose();
        }
    }

    private void Run(Utf8LineReader lines, IProgress<long>? progress)
    {
        long seen = 0;
        while (lines.TryRead(out var line, out var terminated))
        {
            if (lines.Overlong)
            {
                seen++;
                if (_index == 0)
                {
                    Report.RowsRead++;
                    Report.Reject(new RejectedRow(_file, lines.LineNumber, "row", RejectionKind.WrongColumns, $"line longer than {LineReader.MaxLineChars} characters"));
                }
                continue;
            }
            if (line.IsEmpty && terminated)
                continue;
            if ((++seen & 0xFFFFF) == 0)
                progress?.Report(seen);
            if (_count > 1 && Owner(line) != _index)
                continue;
            Report.RowsRead++;
            if (!TryPlainRow(line, lines.LineNumber))
                TextRow(line, terminated, lines.LineNumber);
        }
    }

    /// <summary>Which thread takes a row: by the station's name, the first thread when the row has no station field.</summary>
    private int Owner(ReadOnlySpan<byte> line)
    {
        var rest = line;
        for (var i = 0; i < _layout.Position[0]; i++)
        {
            var comma = rest.IndexOf((byte)',');
            if (comma < 0)
                return 0;
            rest = rest[(comma + 1)..];
        }
        // FNV-1a over the name's UTF-8 bytes, the same for every spelling of the field that names the same station:
        // the field's own bytes when the text reader would take it as it stands, else the name it would take from it.
        var hash = 2166136261u;
        var high = 0;
        var length = 0;
        for (; length < rest.Length; length++)
        {
            var b = rest[length];
            if (b == ',')
                break;
            hash = (hash ^ b) * 16777619u;
            high |= b & 0x80;
        }
        var field = rest[..length];
        var plain = high == 0 && length > 0 && field[0] > ' ' && field[^1] > ' ' && field[0] != '"' && field[^1] != '"';
        if (!plain && !IsPlainName(field))
        {
            hash = 2166136261u;
            foreach (var b in CanonicalName(field))
                hash = (hash ^ b) * 16777619u;
        }
        return (int)(hash % (uint)_count);
    }

    // The UTF-8 of the name the text reader would take from the field (decoded, trimmed, unquoted).
    private ReadOnlySpan<byte> CanonicalName(ReadOnlySpan<byte> field)
    {
        var name = FieldParser.Unquote(Decode(field));
        var size = Encoding.UTF8.GetMaxByteCount(name.Length);
        if (_bytes.Length < size)
            _bytes = new byte[size];
        return _bytes.AsSpan(0, Encoding.UTF8.GetBytes(name, _bytes));
    }

    private ReadOnlySpan<char> Decode(ReadOnlySpan<byte> bytes)
    {
        if (_chars.Length < bytes.Length)
            _chars = new char[Math.Max(bytes.Length, _chars.Length * 2)];
        return _chars.AsSpan(0, Encoding.UTF8.GetChars(bytes, _chars));
    }

    /// <summary>A station field the text reader would take as it stands: well-formed UTF-8, no surrounding white space or quote.</summary>
    private static bool IsPlainName(ReadOnlySpan<byte> field)
    {
        if (field.IsEmpty)
            return false;
        if (Ascii.IsValid(field))
            return field[0] > ' ' && field[^1] > ' ' && field[0] != '"' && field[^1] != '"';
        if (!Utf8.IsValid(field))
            return false;
        Rune.DecodeFromUtf8(field, out var head, out _);
        Rune.DecodeLastFromUtf8(field, out var tail, out _);
        return !Rune.IsWhiteSpace(head) && !Rune.IsWhiteSpace(tail) && head.Value > ' ' && tail.Value > ' ' && head.Value != '"' && tail.Value != '"';
    }

    /// <summary>Reads a plainly well-formed row from its bytes; false, having changed nothing, for any other row.</summary>
    private bool TryPlainRow(ReadOnlySpan<byte> line, long lineNo)
    {
        // One pass over the fields in file order: a value is parsed up to its comma, station and time are sliced.
        ReadOnlySpan<byte> station = default;
        ReadOnlySpan<byte> time = default;
        var at = 0;
        for (var i = 0; i < 8; i++)
        {
            var rest = line[at..];
            var column = _columns[i];
            int length;
            if (column >= 2)
            {
                var slot = AirCsvReader.GenericLayout.Slot(column - 2);
                if (!TryParsePlainValue(rest, out _mantissas[slot], out _scales[slot], out length))
                    return false;
            }
            else
            {
                length = rest.IndexOf((byte)',');
                if (length < 0)
                    length = rest.Length;
                if (column == 0)
                    station = rest[..length];
                else
                    time = rest[..length];
            }
            at += length;
            if (i < 7)
            {
                if (at >= line.Length)
                    return false; // too few fields
                at++; // the comma
            }
            else if (at != line.Length)
                return false; // more than eight fields
        }

        if (!IsPlainName(station))
            return false;
        DateOnly date;
        int hour;
        if (_lastTimeLength > 0 && time.SequenceEqual(_lastTime.AsSpan(0, _lastTimeLength)))
            (date, hour) = (_lastDate, _lastHour);
        else if (TryParsePlainTime(time, out date, out hour))
        {
            time.CopyTo(_lastTime);
            _lastTimeLength = time.Length;
            (_lastDate, _lastHour) = (date, hour);
        }
        else
            return false;

        var state = _previous?.Successor is { } guess && station.SequenceEqual(guess.Utf8Name) ? guess : Station(Decode(station));
        if (_previous is not null)
            _previous.Successor = state;
        _previous = state;
        if (_standardUnits)
        {
            var (day, endHour) = _builder.ToDay(date, hour);
            if (state.Add(day.DayNumber, endHour, _mantissas, _scales) is { } refused)
                Report.Reject(AirCsvReader.Refusal(refused, _file, lineNo, state.Name, date, hour));
            else
                Report.RowsAccepted++;
            return true;
        }
        for (var k = 0; k < 6; k++)
        {
            var slot = AirCsvReader.GenericLayout.Slot(k);
            if (_mantissas[slot] < 0)
            {
                _values[slot] = null;
                continue;
            }
            var v = DecimalSum.ToDecimal(_mantissas[slot], _scales[slot]);
            _values[slot] = _layout.Multiplier[k] == 1m ? v : v * _layout.Multiplier[k];
        }
        Add(state, state.Name, date, hour, _values, lineNo);
        return true;
    }

    /// <summary>A row that is not plainly well formed: decoded and judged by the text reader's rules.</summary>
    private void TextRow(ReadOnlySpan<byte> line, bool terminated, long lineNo)
    {
        var text = Decode(line);
        if (_text.Parse(text, terminated, lineNo) is { } rejected)
        {
            Report.Reject(rejected);
            return;
        }
        var station = _text.Station(text);
        Add(Station(station), station, _text.Date, _text.Hour, _text.Values, lineNo);
    }

    private void Add(AirDatasetBuilder.StationState state, ReadOnlySpan<char> station, DateOnly date, int hour, ReadOnlySpan<decimal?> values, long lineNo)
    {
        var (day, endHour) = _builder.ToDay(date, hour);
        if (state.Add(day.DayNumber, endHour, values) is { } refused)
            Report.Reject(AirCsvReader.Refusal(refused, _file, lineNo, station, date, hour));
        else
            Report.RowsAccepted++;
    }

    private AirDatasetBuilder.StationState Station(ReadOnlySpan<char> name)
    {
        var lookup = _stations.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(name, out var state))
        {
            state = _builder.SharedStation(name);
            _stations[state.Name] = state;
        }
        return state;
    }

    /// <summary><c>yyyy-MM-dd HH:mm</c> (minutes 00), <c>yyyy-MM-ddTHH:mm</c> or <c>yyyy-MM-dd HH</c> in ASCII digits naming a real date and an hour 0..23.</summary>
    private static bool TryParsePlainTime(ReadOnlySpan<byte> s, out DateOnly date, out int hour)
    {
        date = default;
        hour = 0;
        if (s.Length is not (13 or 16) || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T'))
            return false;
        if (s.Length == 16 && (s[13] != ':' || s[14] != '0' || s[15] != '0'))
            return false;
        if (!Digits(s[..4], out var year) || !Digits(s.Slice(5, 2), out var month) || !Digits(s.Slice(8, 2), out var day) || !Digits(s.Slice(11, 2), out hour))
            return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23)
            return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        foreach (var b in s)
        {
            var d = b - '0';
            if ((uint)d > 9)
                return false;
            value = value * 10 + d;
        }
        return true;
    }

    /// <summary>
    /// The field at the start of <paramref name="s"/> (up to a comma or the end, <paramref name="length"/> bytes): empty or
    /// NA (mantissa -1), or digits with at most one point and fewer than 17 significant digits, giving the mantissa and
    /// scale of the decimal <see cref="FieldParser.TryParseDecimal"/> makes of it. False for anything else.
    /// </summary>
    private static bool TryParsePlainValue(ReadOnlySpan<byte> s, out long mantissa, out byte scale, out int length)
    {
        mantissa = -1;
        scale = 0;
        if (s.Length >= 2 && s[0] == 'N' && s[1] == 'A' && (s.Length == 2 || s[2] == ','))
        {
            length = 2;
            return true;
        }
        long m = 0;
        var digits = 0;
        var decimals = -1;
        var sawDigit = false;
        length = 0;
        for (; length < s.Length; length++)
        {
            var b = s[length];
            var d = b - '0';
            if ((uint)d <= 9)
            {
                if (digits >= 17)
                    return false;
                sawDigit = true;
                m = m * 10 + d;
                if (m != 0 || decimals >= 0)
                    digits++;
                if (decimals >= 0)
                    decimals++;
            }
            else if (b == '.' && decimals < 0)
                decimals = 0;
            else if (b == ',')
                break;
            else
                return false;
        }
        if (length == 0)
            return true; // empty: missing
        if (!sawDigit)
            return false;
        mantissa = m;
        scale = (byte)Math.Max(decimals, 0);
        return true;
    }
}
