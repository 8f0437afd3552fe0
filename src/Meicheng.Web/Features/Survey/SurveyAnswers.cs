using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Meicheng.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Survey;

public sealed class SurveyOptions
{
    /// <summary>Answers accepted per client IP address and minute on the answer endpoint.</summary>
    public int AnswersPerMinute { get; set; } = 5;
    /// <summary>Answers accepted per client IP address and day.</summary>
    public int AnswersPerDay { get; set; } = 50;
    /// <summary>The least time between the form being served and its answer; faster is taken for a bot.</summary>
    public double MinFillSeconds { get; set; } = 3;
    /// <summary>How long a served form may be answered.</summary>
    public double MaxFormAgeHours { get; set; } = 24;
    /// <summary>A secret mixed into each survey's key for the browser hash (optional; set it outside the database so a copy of the database alone cannot test cookie values).</summary>
    public string? HashKey { get; set; }
}

/// <summary>What the form shows: the survey, what was entered, the errors per question, and a message.</summary>
public sealed class SurveyForm
{
    public required Survey Survey { get; init; }
    public Dictionary<int, string> Values { get; init; } = [];
    public Dictionary<int, string> Errors { get; init; } = [];
    /// <summary>A refusal or explanation for the whole form.</summary>
    public string? Message { get; init; }
    public string? Token { get; init; }
    public bool Open { get; init; }
    public bool AlreadyAnswered { get; init; }
    public bool Thanks { get; init; }
}

/// <summary>
/// Answering without an account: one answer per browser (a random browser-id cookie, stored only as an HMAC unique per
/// survey), a honeypot field and a minimum fill time protected with Data Protection; the rate limiter is on the endpoint.
/// </summary>
internal static class SurveyAnswers
{
    public const string BrowserCookie = "meicheng.browser";
    public const string Honeypot = "website";
    public const string TokenField = "t";
    public const string RateLimitPolicy = "survey-answer";
    private const string Purpose = "Meicheng.Survey.FormIssued.v1";

    public static string AlreadyAnswered(HttpContext? http) => Components.Lang.T(http, "您已参与过本次调查：每个浏览器只能回答一次。感谢您的参与！",
        "You have already answered this survey: one answer per browser. Thank you for taking part!");

    /// <summary>The browser's id, set on first visit: random, long-lived, HttpOnly, SameSite=Lax.</summary>
    public static string EnsureBrowserId(HttpContext http)
    {
        if (BrowserId(http) is { } id)
            return id;
        id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        http.Items[BrowserCookie] = id;
        if (!http.Response.HasStarted)
        {
            http.Response.Cookies.Append(BrowserCookie, id, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, IsEssential = true, Path = "/",
                MaxAge = TimeSpan.FromDays(400),
            });
        }
        return id;
    }

    public static string? BrowserId(HttpContext http)
    {
        if (http.Items.TryGetValue(BrowserCookie, out var set) && set is string s)
            return s;
        var value = http.Request.Cookies[BrowserCookie];
        return value is { Length: 32 } && value.All(char.IsAsciiHexDigitLower) ? value : null;
    }

    public static string Hash(Survey survey, string browserId, SurveyOptions options)
    {
        var key = options.HashKey is { Length: > 0 } pepper ? [.. survey.HashKey, .. Encoding.UTF8.GetBytes(pepper)] : survey.HashKey;
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(browserId)));
    }

    public static async Task<bool> HasAnsweredAsync(AppDbContext db, Survey survey, HttpContext http, SurveyOptions options, CancellationToken ct) =>
        BrowserId(http) is { } id && await db.SurveyResponses.AnyAsync(r => r.SurveyId == survey.Id && r.BrowserHash == Hash(survey, id, options), ct);

    /// <summary>The protected time the form was served, for the minimum fill time; bound to the survey.</summary>
    public static string IssueToken(IDataProtectionProvider protection, int surveyId, DateTimeOffset now) =>
        protection.CreateProtector(Purpose).Protect(string.Create(CultureInfo.InvariantCulture, $"{surveyId}|{now.ToUnixTimeMilliseconds()}"));

    /// <summary>Null when the token is good and old enough; otherwise why not.</summary>
    public static string? CheckToken(HttpContext http, IDataProtectionProvider protection, string? token, int surveyId, DateTimeOffset now, SurveyOptions options)
    {
        string plain;
        try
        {
            plain = token is { Length: > 0 } ? protection.CreateProtector(Purpose).Unprotect(token) : "";
        }
        catch (CryptographicException)
        {
            plain = "";
        }
        var parts = plain.Split('|');
        if (parts.Length != 2 || parts[0] != surveyId.ToString(CultureInfo.InvariantCulture) || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var ms))
            return Components.Lang.T(http, "表单已失效，请刷新页面后重新填写。", "The form has expired: please reload the page and answer again.");
        var age = now - DateTimeOffset.FromUnixTimeMilliseconds(ms);
        if (age.TotalHours > options.MaxFormAgeHours)
            return Components.Lang.T(http, "表单已超过有效时间，请刷新页面后重新填写。", "The form is too old: please reload the page and answer again.");
        if (age.TotalSeconds < options.MinFillSeconds)
            return Components.Lang.T(http, "提交过快，像是自动程序所为，未予接受。请阅读题目后再提交。",
                "Sent too quickly to be a person reading the questions; not accepted. Please read the questions and send again.");
        return null;
    }

    /// <summary>Reads and checks the answers: per question, the value as entered (kept in the form) and what is wrong with it.</summary>
    public static (Dictionary<int, string> Values, Dictionary<int, string> Errors, List<SurveyAnswer> Answers) Read(HttpContext http, Survey survey, IFormCollection form)
    {
        var values = new Dictionary<int, string>();
        var errors = new Dictionary<int, string>();
        var answers = new List<SurveyAnswer>();
        foreach (var q in survey.Questions.OrderBy(q => q.Order))
        {
            var raw = form[$"q{q.Id}"].ToString().Trim();
            values[q.Id] = raw;
            if (raw.Length == 0)
            {
                if (q.Required)
                    errors[q.Id] = q.Kind == QuestionKind.Text ? Components.Lang.T(http, "请填写此题。", "Please answer this question.")
                        : Components.Lang.T(http, "请选择一项。", "Please choose one.");
                continue;
            }
            switch (q.Kind)
            {
                case QuestionKind.SingleChoice when int.TryParse(raw, CultureInfo.InvariantCulture, out var option) && q.Options.Any(o => o.Id == option):
                    answers.Add(new SurveyAnswer { QuestionId = q.Id, OptionId = option });
                    break;
                case QuestionKind.Scale when int.TryParse(raw, CultureInfo.InvariantCulture, out var v) && v >= q.ScaleMin && v <= q.ScaleMax:
                    answers.Add(new SurveyAnswer { QuestionId = q.Id, ScaleValue = v });
                    break;
                case QuestionKind.Text when raw.Length <= 1000:
                    answers.Add(new SurveyAnswer { QuestionId = q.Id, Text = raw });
                    break;
                case QuestionKind.Text:
                    errors[q.Id] = Components.Lang.T(http, $"最多 1000 字（现 {raw.Length} 字）。", $"At most 1,000 characters ({raw.Length} now).");
                    break;
                default:
                    errors[q.Id] = Components.Lang.T(http, "所选答案不是本题的选项。", "That is not one of this question's answers.");
                    break;
            }
        }
        return (values, errors, answers);
    }

    private static async Task<bool> AnsweredAsync(AppDbContext db, int surveyId, string browserHash, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.SurveyResponses.AnyAsync(r => r.SurveyId == surveyId && r.BrowserHash == browserHash, ct);
    }

    /// <summary>Saves one browser's answer; false if the browser has answered (the unique index decides a race the same way).</summary>
    public static async Task<bool> SaveAsync(AppDbContext db, Survey survey, string browserHash, List<SurveyAnswer> answers, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.SurveyResponses.AnyAsync(r => r.SurveyId == survey.Id && r.BrowserHash == browserHash, ct))
            return false;
        db.SurveyResponses.Add(new SurveyResponse { SurveyId = survey.Id, BrowserHash = browserHash, CreatedAt = now, Answers = answers });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Two posts from one browser at once: the unique index let one in; the other is told it has answered.
            if (await AnsweredAsync(db, survey.Id, browserHash, ct))
                return false;
            throw;
        }
    }
}
