namespace Meicheng.Core.Plans.Versions;

/// <summary>
/// How alike two passages of Chinese policy text are: the Dice coefficient over their character bigrams,
/// 2·|A∩B| / (|A| + |B|), with A and B counted as multisets. Only letters and digits count (every CJK character is
/// a letter), so punctuation, spaces and full-width/half-width differences in brackets do not move the score;
/// Latin letters are compared case-insensitively. A text of one character is its own single "bigram".
/// Two empty texts score 0: nothing to go on is not evidence of sameness. Deterministic and symmetric.
/// </summary>
public static class TextSimilarity
{
    /// <summary>The Dice coefficient of the two texts' character bigrams, from 0 (nothing shared) to 1 (the same).</summary>
    public static double Dice(string? a, string? b)
    {
        var x = Bigrams(a);
        var y = Bigrams(b);
        var total = x.Values.Sum() + y.Values.Sum();
        if (total == 0)
            return 0;
        var shared = x.Sum(pair => Math.Min(pair.Value, y.GetValueOrDefault(pair.Key)));
        return 2.0 * shared / total;
    }

    private static Dictionary<string, int> Bigrams(string? text)
    {
        var chars = (text ?? "").Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray();
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        if (chars.Length == 1)
            result[chars[0].ToString()] = 1;
        for (var i = 0; i + 1 < chars.Length; i++)
        {
            var key = new string(chars, i, 2);
            result[key] = result.GetValueOrDefault(key) + 1;
        }
        return result;
    }
}
