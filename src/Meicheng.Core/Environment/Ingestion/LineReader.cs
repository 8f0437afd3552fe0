namespace Meicheng.Core.Environment.Ingestion;

/// <summary>
/// Reads lines from a <see cref="TextReader"/> into a reused buffer (LF or CRLF), and tells whether the last line was
/// terminated, which is how a truncated file shows. A line longer than <see cref="MaxLineChars"/> is skipped and reported
/// as <see cref="Overlong"/>, so a file without line breaks cannot grow the buffer to its own size.
/// </summary>
internal sealed class LineReader(TextReader reader)
{
    public const int MaxLineChars = 1 << 20;

    private char[] _buffer = new char[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;

    public long LineNumber { get; private set; }

    /// <summary>The line just read was longer than <see cref="MaxLineChars"/>: it was skipped and is returned empty.</summary>
    public bool Overlong { get; private set; }

    /// <summary>The next line, without its terminator; <paramref name="terminated"/> is false for a last line with none.</summary>
    public bool TryRead(out ReadOnlySpan<char> line, out bool terminated)
    {
        Overlong = false;
        var scanFrom = _start;
        while (true)
        {
            var idx = Array.IndexOf(_buffer, '\n', scanFrom, _end - scanFrom);
            if (idx >= 0)
            {
                var len = idx - _start;
                if (len > 0 && _buffer[idx - 1] == '\r')
                    len--;
                line = _buffer.AsSpan(_start, len);
                _start = idx + 1;
                terminated = true;
                LineNumber++;
                return true;
            }
            if (_eof)
            {
                if (_start == _end)
                {
                    line = default;
                    terminated = false;
                    return false;
                }
                var len = _end - _start;
                if (_buffer[_end - 1] == '\r')
                    len--;
                line = _buffer.AsSpan(_start, len);
                _start = _end;
                terminated = false;
                LineNumber++;
                return true;
            }
            // Move the partial line to the front (growing the buffer if one line fills it), then read more.
            var pending = _end - _start;
            if (pending == _buffer.Length)
            {
                if (_buffer.Length >= MaxLineChars)
                {
                    terminated = SkipRestOfLine();
                    line = default;
                    Overlong = true;
                    LineNumber++;
                    return true;
                }
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
            if (_start > 0)
            {
                Array.Copy(_buffer, _start, _buffer, 0, pending);
                _start = 0;
                _end = pending;
            }
            scanFrom = _end;
            var read = reader.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
                _eof = true;
            else
                _end += read;
        }
    }

    /// <summary>Drops the held part of an overlong line and reads on past its end; false when the file ends first.</summary>
    private bool SkipRestOfLine()
    {
        while (true)
        {
            _start = 0;
            _end = reader.Read(_buffer, 0, _buffer.Length);
            if (_end == 0)
            {
                _eof = true;
                return false;
            }
            var idx = Array.IndexOf(_buffer, '\n', 0, _end);
            if (idx >= 0)
            {
                _start = idx + 1;
                return true;
            }
        }
    }
}
