using System.Globalization;

namespace Meicheng.Core.Plans.Extraction;

/// <summary>Reads numbers written in Chinese characters (两个, 百个, 三十五, 二〇二一) and in digits.</summary>
public static class ChineseNumerals
{
    private const string Digits = "零〇一二两三四五六七八九";

    /// <summary>The value of a number as written: Arabic digits (with full-width forms) or Chinese numerals; null when it is neither.</summary>
    public static decimal? Parse(string written)
    {
        if (string.IsNullOrWhiteSpace(written))
            return null;
        var ascii = ToAsciiDigits(written.Trim());
        if (decimal.TryParse(ascii, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
            return d;
        return ParseChinese(ascii);
    }

    /// <summary>A year written digit by digit in Chinese (二〇二一 → 2021), or in Arabic digits.</summary>
    public static int? ParseYear(string written)
    {
        var s = ToAsciiDigits(written.Trim());
        if (s.Length == 4 && s.All(char.IsAsciiDigit))
            return int.Parse(s, CultureInfo.InvariantCulture);
        if (s.Length != 4)
            return null;
        var year = 0;
        foreach (var c in s)
        {
            var v = DigitValue(c);
            if (v < 0)
                return null;
            year = year * 10 + v;
        }
        return year;
    }

    /// <summary>Full-width digits and point (１２．５) as ASCII.</summary>
    public static string ToAsciiDigits(string s)
    {
        if (!s.Any(c => c is >= '０' and <= '９' or '．'))
            return s;
        return string.Concat(s.Select(c => c switch
        {
            >= '０' and <= '９' => (char)('0' + (c - '０')),
            '．' => '.',
            _ => c,
        }));
    }

    private static int DigitValue(char c) => c switch
    {
        '零' or '〇' => 0,
        '一' => 1,
        '二' or '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => -1,
    };

    private static decimal? ParseChinese(string s)
    {
        decimal total = 0, section = 0, digit = 0;
        var any = false;
        foreach (var c in s)
        {
            var v = DigitValue(c);
            if (v >= 0)
            {
                digit = v;
                any = true;
                continue;
            }
            switch (c)
            {
                case '十':
                    section += (digit == 0 ? 1 : digit) * 10;
                    break;
                case '百':
                    section += (digit == 0 ? 1 : digit) * 100;
                    break;
                case '千':
                    section += (digit == 0 ? 1 : digit) * 1000;
                    break;
                case '万':
                    total += (section + digit == 0 ? 1 : section + digit) * 10000;
                    section = 0;
                    break;
                case '亿':
                    total = (total + section + digit == 0 ? 1 : total + section + digit) * 100000000;
                    section = 0;
                    break;
                default:
                    return null;
            }
            digit = 0;
            any = true;
        }
        return any ? total + section + digit : null;
    }

    /// <summary>True when every character is a Chinese numeral character.</summary>
    public static bool IsChineseNumeral(string s) => s.Length > 0 && s.All(c => Digits.Contains(c) || "十百千万亿".Contains(c));
}
