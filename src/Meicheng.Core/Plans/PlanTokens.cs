namespace Meicheng.Core.Plans;

/// <summary>
/// The one home of the words plan files, the database and the API use for the plan enums: <c>draft-for-comment</c>,
/// <c>up</c>, <c>annual-rate</c>, <c>clause</c>, <c>city</c>… (comparators: <see cref="Comparators"/>; responsibility
/// roles: <see cref="ResponsibilityRoles"/>). Plan files are read with <see cref="TryParse{TEnum}"/>, the database stores
/// <see cref="ToToken{TEnum}"/> through a value converter, and the API writes the same words.
/// </summary>
public static class PlanTokens
{
    private static readonly Dictionary<Type, (Dictionary<string, object> ByToken, Dictionary<object, string> ByValue)> Maps = new()
    {
        [typeof(PlanStatus)] = Map(
            (PlanStatus.DraftForComment, "draft-for-comment"), (PlanStatus.InForce, "in-force"), (PlanStatus.Expired, "expired")),
        [typeof(Direction)] = Map((Direction.Up, "up"), (Direction.Down, "down"), (Direction.None, "none")),
        [typeof(TargetKind)] = Map(
            (TargetKind.Level, "level"), (TargetKind.Cumulative, "cumulative"), (TargetKind.AnnualRate, "annual-rate"),
            (TargetKind.Share, "share"), (TargetKind.Count, "count"), (TargetKind.Change, "change")),
        [typeof(YearBasis)] = Map((YearBasis.Clause, "clause"), (YearBasis.Section, "section"), (YearBasis.Paragraph, "paragraph"), (YearBasis.Frame, "frame")),
        [typeof(ScopeLevel)] = Map((ScopeLevel.City, "city"), (ScopeLevel.District, "district"), (ScopeLevel.Place, "place")),
        [typeof(Comparator)] = Map(Enum.GetValues<Comparator>().Select(c => (c, c.ToToken())).ToArray()),
        [typeof(ResponsibilityRole)] = Map(
            (ResponsibilityRole.Lead, ResponsibilityRoles.LeadToken), (ResponsibilityRole.Responsible, ResponsibilityRoles.ResponsibleToken)),
    };

    private static (Dictionary<string, object>, Dictionary<object, string>) Map<TEnum>(params (TEnum Value, string Token)[] pairs) where TEnum : struct, Enum =>
        (pairs.ToDictionary(p => p.Token, p => (object)p.Value, StringComparer.Ordinal), pairs.ToDictionary(p => (object)p.Value, p => p.Token));

    private static (Dictionary<string, object> ByToken, Dictionary<object, string> ByValue) MapOf<TEnum>() where TEnum : struct, Enum =>
        Maps.TryGetValue(typeof(TEnum), out var map) ? map : throw new ArgumentException($"{typeof(TEnum).Name} has no plan tokens.");

    /// <summary>The word for a value: <c>PlanTokens.ToToken(TargetKind.AnnualRate)</c> is <c>annual-rate</c>.</summary>
    public static string ToToken<TEnum>(TEnum value) where TEnum : struct, Enum =>
        MapOf<TEnum>().ByValue.TryGetValue(value, out var token) ? token : throw new ArgumentOutOfRangeException(nameof(value), value, null);

    /// <summary>Reads a word written by <see cref="ToToken{TEnum}"/>; false when it is not one of <see cref="Tokens{TEnum}"/>.</summary>
    public static bool TryParse<TEnum>(string? token, out TEnum value) where TEnum : struct, Enum
    {
        if (token is not null && MapOf<TEnum>().ByToken.TryGetValue(token, out var v))
        {
            value = (TEnum)v;
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>Reads a stored word; an unknown one is a corrupt row, not bad input.</summary>
    public static TEnum Parse<TEnum>(string token) where TEnum : struct, Enum =>
        TryParse<TEnum>(token, out var value) ? value : throw new FormatException($"'{token}' is not a {typeof(TEnum).Name} token.");

    /// <summary>Every word of an enum, in declaration order, for error messages and documentation.</summary>
    public static IReadOnlyList<string> Tokens<TEnum>() where TEnum : struct, Enum => [.. MapOf<TEnum>().ByValue.Values];
}
