namespace Meicheng.Web.Features.Cases;

/// <summary>Text of a case in the page's language. English pages fall back to the Chinese text, marked lang="zh-CN" so a screen reader reads it as Chinese.</summary>
public readonly record struct CaseText(string Text, string? Lang)
{
    public static CaseText Pick(HttpContext? context, string chinese, string? english) =>
        !Meicheng.Web.Components.Lang.IsEnglish(context) ? new(chinese, null)
        : english is { Length: > 0 } ? new(english, null)
        : new(chinese, "zh-CN");

    /// <summary>Paragraphs of a narrative: one per line, blank lines dropped.</summary>
    public IEnumerable<string> Paragraphs => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string Date(HttpContext? context, DateTimeOffset? at) =>
        at is null ? "" : Meicheng.Web.Components.Lang.IsEnglish(context) ? at.Value.ToOffset(TimeSpan.FromHours(8)).ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)
            : at.Value.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture);
}
