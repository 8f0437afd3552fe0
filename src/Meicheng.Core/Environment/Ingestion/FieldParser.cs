using System.Globalization;

namespace Meicheng.Core.Environment.Ingestion;

/// <summary>Allocation-free field splitting and number parsing for the air CSV readers.</summary>
internal static class FieldParser
{
    /// <summary>Splits on commas into <paramref name="ranges"/>; returns the field count (may exceed ranges' length).</summary>
    public static int Split(ReadOnlySpan<char> line, Span<Range> ranges) => line.Split(ranges, ',');

    /// <summary>A field without surrounding double quotes and spaces.</summary>
    public static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> field)
    {
        field = field.Trim();
        return field.Length >= 2 && field[0] == '"' && field[^1] == '"' ? field[1..^1] : field;
    }

    /// <summary>
    /// A decimal in plain notation (optional sign, digits, optional point and digits), parsed exactly; other forms fall
    /// back to <see cref="decimal.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider?, out decimal)"/> (invariant).
    /// </summary>
    public static bool TryParseDecimal(ReadOnlySpan<char> s, out decimal value)
    {
        var i = 0;
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            i = 1;
        }
        long mantissa = 0;
        var digits = 0;
        var scale = -1;
        var sawDigit = false;
        for (; i < s.Length; i++)
        {
            var ch = s[i];
            if (ch is >= '0' and <= '9')
            {
                if (digits >= 17)
                    return Fallback(s, out value);
                sawDigit = true;
                mantissa = mantissa * 10 + (ch - '0');
                if (mantissa != 0 || scale >= 0)
                    digits++;
                if (scale >= 0)
                    scale++;
            }
            else if (ch == '.' && scale < 0)
                scale = 0;
            else
                return Fallback(s, out value);
        }
        if (!sawDigit)
        {
            value = 0;
            return false;
        }
        value = new decimal((int)(mantissa & 0xFFFFFFFF), (int)(mantissa >> 32), 0, negative, (byte)Math.Max(scale, 0));
        return true;
    }

    private static bool Fallback(ReadOnlySpan<char> s, out decimal value) =>
        decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    public static bool TryParseInt(ReadOnlySpan<char> s, out int value) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
}
