namespace Meicheng.Web.Components;

/// <summary>
/// The public showcase is Chinese first with an English version: every public page answers at its Chinese path and at the
/// same path under <c>/en</c> (<c>/showcase</c> and <c>/en/showcase</c>). The language is read from the path, never from
/// a cookie or Accept-Language, so a cached page is the same for everyone who asks for that URL.
/// </summary>
public static class Lang
{
    public const string EnglishPrefix = "/en";

    public static bool IsEnglish(HttpContext? context) => context is not null && IsEnglish(context.Request.Path);

    public static bool IsEnglish(PathString path) => path.StartsWithSegments(EnglishPrefix);

    /// <summary>The BCP 47 tag for &lt;html lang&gt;.</summary>
    public static string Tag(HttpContext? context) => IsEnglish(context) ? "en" : "zh-CN";

    /// <summary>Chinese or English text for the page's language.</summary>
    public static string T(HttpContext? context, string chinese, string english) => IsEnglish(context) ? english : chinese;

    /// <summary>A link in the page's language: <c>/showcase/cases</c> or <c>/en/showcase/cases</c>.</summary>
    public static string Link(HttpContext? context, string chinesePath) => IsEnglish(context) ? EnglishPrefix + chinesePath : chinesePath;

    /// <summary>The same page in the other language, with its query string.</summary>
    public static string Other(HttpContext context)
    {
        var path = context.Request.Path;
        var other = path.StartsWithSegments(EnglishPrefix, out var rest) ? (rest.HasValue ? rest.Value! : "/") : EnglishPrefix + path.Value;
        return other + context.Request.QueryString;
    }
}
