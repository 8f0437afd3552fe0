using System.Globalization;
using Meicheng.Web.Common;

namespace Meicheng.Web.Features.Survey.Pages;

/// <summary>A survey's settings as typed in the create and settings forms: text kept as posted, so a refused form comes back unchanged.</summary>
public sealed class SurveySettingsForm
{
    public string? Title { get; set; }
    public string? TitleEn { get; set; }
    public string? Intro { get; set; }
    public string? IntroEn { get; set; }
    public string? TargetId { get; set; }
    public string? OpensOn { get; set; }
    public string? ClosesOn { get; set; }
    public string? Method { get; set; }
    public string? MethodEn { get; set; }
    public bool LiveResults { get; set; }

    public static SurveySettingsForm From(SurveyDto s) => new()
    {
        Title = s.Title, TitleEn = s.TitleEn, Intro = s.Intro, IntroEn = s.IntroEn, TargetId = s.TargetId,
        OpensOn = Day(s.OpensOn), ClosesOn = Day(s.ClosesOn), Method = s.Method, MethodEn = s.MethodEn, LiveResults = s.LiveResults,
    };

    public static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The request, or the dates that are not dates (keyed like the operation's own field errors).</summary>
    public Outcome<SurveyRequest> ToRequest()
    {
        var errors = new FieldErrors();
        var opens = Date("opensOn", "开始日期", OpensOn, errors);
        var closes = Date("closesOn", "结束日期", ClosesOn, errors);
        if (errors.Any)
            return errors.ToFailure();
        return new SurveyRequest(Title ?? "", Blank(TitleEn), Blank(Intro), Blank(IntroEn), TargetId ?? "", opens, closes, Method ?? "", Blank(MethodEn), LiveResults);
    }

    internal static DateOnly Date(string field, string label, string? text, FieldErrors errors)
    {
        if (DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return day;
        errors.Add(field, $"{label}（{field}）“{text}”不是日期，请按 2026-11-22 的格式填写");
        return default;
    }

    internal static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
