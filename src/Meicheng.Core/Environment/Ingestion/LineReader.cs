namespace Meicheng.Core.Environment.Ingestion;

/// <summary>
/// Reads lines from a <see cref="TextReader"/> into a reused buffer (LF or CRLF), and tells whether the last line was
/// terminated, which is how a truncated file shows.
/// </summary>
internal sealed class LineReader(TextReader reader)
{
    private char[] _buffer = new char[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;

    public long LineNumber { get; private set; }

    /// <summary>The next line, without its terminator; <paramref name="terminated"/> is false for a last line with none.</summary>
    public bool TryRead(out ReadOnlySpan<char> line, out bool terminated)
    {
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
                Array.Resize(ref _buffer, _buffer.Length * 2);
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
}
