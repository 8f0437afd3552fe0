namespace Meicheng.Core.Finance;

/// <summary>统一社会信用代码 (GB 32100-2015): 18 characters from a 31-letter alphabet, the last a check character.</summary>
public static class CreditCodes
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Whether the code (case-insensitive, surrounding spaces ignored) is well formed and its check character right.</summary>
    public static bool IsValid(string? code)
    {
        if (code is null)
            return false;
        var c = code.Trim().ToUpperInvariant();
        if (c.Length != 18 || c.Any(ch => !Alphabet.Contains(ch, StringComparison.Ordinal)))
            return false;
        var sum = 0;
        for (var i = 0; i < 17; i++)
            sum += Alphabet.IndexOf(c[i], StringComparison.Ordinal) * Weights[i];
        var check = (31 - sum % 31) % 31;
        return c[17] == Alphabet[check];
    }
}
