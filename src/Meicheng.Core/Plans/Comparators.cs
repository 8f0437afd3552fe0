namespace Meicheng.Core.Plans;

/// <summary>The comparator tokens used in plan files and the API (<c>&lt;=</c>, <c>about</c>, <c>reach</c>…).</summary>
public static class Comparators
{
    private static readonly Dictionary<string, Comparator> ByToken = new(StringComparer.Ordinal)
    {
        ["<="] = Comparator.AtMost,
        [">="] = Comparator.AtLeast,
        ["<"] = Comparator.LessThan,
        [">"] = Comparator.GreaterThan,
        ["="] = Comparator.EqualTo,
        ["about"] = Comparator.About,
        ["reach"] = Comparator.Reach,
    };

    /// <summary>All tokens, for error messages and documentation.</summary>
    public static IReadOnlyCollection<string> Tokens => ByToken.Keys;

    /// <summary>Parses a token; false when it is not one of <see cref="Tokens"/>.</summary>
    public static bool TryParse(string? token, out Comparator comparator) =>
        ByToken.TryGetValue(token ?? "", out comparator);

    /// <summary>The token for a comparator.</summary>
    public static string ToToken(this Comparator comparator) => comparator switch
    {
        Comparator.AtMost => "<=",
        Comparator.AtLeast => ">=",
        Comparator.LessThan => "<",
        Comparator.GreaterThan => ">",
        Comparator.EqualTo => "=",
        Comparator.About => "about",
        Comparator.Reach => "reach",
        _ => throw new ArgumentOutOfRangeException(nameof(comparator)),
    };

    /// <summary>The Chinese wording shown to users (≤, ≥, 左右, 达到…).</summary>
    public static string ToChinese(this Comparator comparator) => comparator switch
    {
        Comparator.AtMost => "≤",
        Comparator.AtLeast => "≥",
        Comparator.LessThan => "<",
        Comparator.GreaterThan => ">",
        Comparator.EqualTo => "=",
        Comparator.About => "约",
        Comparator.Reach => "达到",
        _ => throw new ArgumentOutOfRangeException(nameof(comparator)),
    };
}
