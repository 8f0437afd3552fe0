using System.Buffers;
using System.Text;

namespace Meicheng.Core.Environment.Ingestion;

/// <summary>
/// <see cref="LineReader"/> over UTF-8 bytes: the same lines (LF or CRLF, a leading UTF-8 byte order mark dropped), the
/// same line numbers, and a line of <see cref="LineReader.MaxLineChars"/> characters or more skipped as
/// <see cref="Overlong"/>, counted in the characters a <see cref="StreamReader"/> would decode, without decoding the others.
/// </summary>
internal sealed class Utf8LineReader : IDisposable
{
    // UTF-8 takes at most three bytes per UTF-16 character (an invalid sequence decodes to one U+FFFD per at most three
    // bytes), so a line of this many bytes is overlong whatever it holds.
    private const int MaxLineBytes = 3 * LineReader.MaxLineChars;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;

    public Utf8LineReader(Stream stream)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        while (_end < 4 && !_eof)
            Fill();
        var start = _buffer.AsSpan(0, _end);
        if (start.StartsWith(Encoding.UTF8.Preamble))
            _start = 3;
        OtherByteOrderMark = start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])
            || start.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]);
    }

    /// <summary>The text starts with a UTF-16 or UTF-32 byte order mark, which a <see cref="StreamReader"/> would follow: not for this reader.</summary>
    public bool OtherByteOrderMark { get; }

    public long LineNumber { get; private set; }

    /// <summary>The line just read was too long: it was skipped and is returned empty.</summary>
    public bool Overlong { get; private set; }

    /// <summary>The next line, without its terminator; <paramref name="terminated"/> is false for a last line with none.</summary>
    public bool TryRead(out ReadOnlySpan<byte> line, out bool terminated)
    {
        Overlong = false;
        var scanFrom = _start;
        while (true)
        {
            var idx = _buffer.AsSpan(scanFrom, _end - scanFrom).IndexOf((byte)'\n');
            if (idx >= 0 || _eof)
            {
                if (idx < 0 && _start == _end)
                {
                    line = default;
                    terminated = false;
                    return false;
                }
                var stop = idx >= 0 ? scanFrom + idx : _end;
                terminated = idx >= 0;
                line = Take(stop);
                _start = terminated ? stop + 1 : _end;
                return true;
            }
            var pending = _end - _start;
            if (pending == _buffer.Length)
            {
                if (_buffer.Length >= MaxLineBytes)
                {
                    terminated = SkipRestOfLine();
                    line = default;
                    Overlong = true;
                    LineNumber++;
                    return true;
                }
                var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                _buffer.AsSpan(_start, pending).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
                _start = 0;
                _end = pending;
            }
            if (_start > 0)
            {
                _buffer.AsSpan(_start, pending).CopyTo(_buffer);
                _start = 0;
                _end = pending;
            }
            scanFrom = _end;
            Fill();
        }
    }

    private ReadOnlySpan<byte> Take(int stop)
    {
        LineNumber++;
        var raw = _buffer.AsSpan(_start, stop - _start);
        if (raw.Length >= LineReader.MaxLineChars && Encoding.UTF8.GetCharCount(raw) >= LineReader.MaxLineChars)
        {
            Overlong = true;
            return default;
        }
        return raw.Length > 0 && raw[^1] == '\r' ? raw[..^1] : raw;
    }

    private void Fill()
    {
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
            _eof = true;
        else
            _end += read;
    }

    /// <summary>Drops the held part of an overlong line and reads on past its end; false when the file ends first.</summary>
    private bool SkipRestOfLine()
    {
        while (true)
        {
            _start = 0;
            _end = _stream.Read(_buffer, 0, _buffer.Length);
            if (_end == 0)
            {
                _eof = true;
                return false;
            }
            var idx = _buffer.AsSpan(0, _end).IndexOf((byte)'\n');
            if (idx >= 0)
            {
                _start = idx + 1;
                return true;
            }
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
