using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Survey;

/// <summary>draft → published → closed. Only a draft's questions may change; a closed survey takes no answers.</summary>
public static class SurveyStatus
{
    public const string Draft = "draft";
    public const string Published = "published";
    public const string Closed = "closed";

    public static string Chinese(string status) => status switch
    {
        Draft => "草稿",
        Published => "已发布",
        Closed => "已结束",
        _ => status,
    };

    public static string English(string status) => status switch
    {
        Draft => "draft",
        Published => "open",
        Closed => "closed",
        _ => status,
    };
}

public static class QuestionKind
{
    public const string SingleChoice = "single";
    public const string Scale = "scale";
    public const string Text = "text";

    public static readonly IReadOnlyList<string> All = [SingleChoice, Scale, Text];

    public static string Chinese(string kind) => kind switch
    {
        SingleChoice => "单选",
        Scale => "量表",
        Text => "文字",
        _ => kind,
    };
}

/// <summary>
/// A public satisfaction survey (满意度调查) that feeds one target of a plan indicator. Dates are calendar days in
/// Asia/Shanghai (UTC+8, no daylight saving): answers are taken from the start of <see cref="OpensOn"/> to the end of
/// <see cref="ClosesOn"/> while the survey is published.
/// </summary>
public sealed class Survey
{
    public int Id { get; set; }
    public required string Title { get; set; }
    public string? TitleEn { get; set; }
    public string? Intro { get; set; }
    public string? IntroEn { get; set; }
    public required string IndicatorId { get; set; }
    public required string TargetId { get; set; }
    public DateOnly OpensOn { get; set; }
    public DateOnly ClosesOn { get; set; }
    public required string Status { get; set; }
    /// <summary>How the sample was drawn and what is counted as satisfied, as published with the results.</summary>
    public required string Method { get; set; }
    public string? MethodEn { get; set; }
    /// <summary>The question that measures satisfaction: a scale (satisfied from <see cref="SurveyQuestion.SatisfiedFrom"/>) or a single choice (options flagged satisfied).</summary>
    public int? SatisfactionQuestionId { get; set; }
    /// <summary>Show the public results while the survey is still open (otherwise only after it closes).</summary>
    public bool LiveResults { get; set; }
    /// <summary>This survey's own HMAC key for browser ids: the same browser hashes differently in two surveys, so answers cannot be linked across surveys.</summary>
    public required byte[] HashKey { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public List<SurveyQuestion> Questions { get; set; } = [];
}

public sealed class SurveyQuestion
{
    public int Id { get; set; }
    public int SurveyId { get; set; }
    public int Order { get; set; }
    public required string Kind { get; set; }
    public required string Text { get; set; }
    public string? TextEn { get; set; }
    public bool Required { get; set; }
    public int? ScaleMin { get; set; }
    public int? ScaleMax { get; set; }
    public string? MinLabel { get; set; }
    public string? MinLabelEn { get; set; }
    public string? MaxLabel { get; set; }
    public string? MaxLabelEn { get; set; }
    /// <summary>For a scale measuring satisfaction: answers from this value up count as satisfied (on 1–5, 4 = 比较满意 and 5 = 非常满意).</summary>
    public int? SatisfiedFrom { get; set; }
    public List<SurveyOption> Options { get; set; } = [];
}

public sealed class SurveyOption
{
    public int Id { get; set; }
    public int QuestionId { get; set; }
    public int Order { get; set; }
    public required string Text { get; set; }
    public string? TextEn { get; set; }
    /// <summary>Choosing this option counts as satisfied when its question measures satisfaction.</summary>
    public bool Satisfied { get; set; }
}

/// <summary>One browser's answer to a survey. Only a keyed hash of the browser's id is kept; no IP address, no account.</summary>
public sealed class SurveyResponse
{
    public long Id { get; set; }
    public int SurveyId { get; set; }
    /// <summary>HMAC-SHA256 of the browser-id cookie under the survey's key, hex; unique per survey.</summary>
    public required string BrowserHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<SurveyAnswer> Answers { get; set; } = [];
}

public sealed class SurveyAnswer
{
    public long Id { get; set; }
    public long ResponseId { get; set; }
    public int QuestionId { get; set; }
    public int? OptionId { get; set; }
    public int? ScaleValue { get; set; }
    public string? Text { get; set; }
}

internal static class SurveyModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Survey>(e =>
        {
            e.Property(s => s.Title).HasMaxLength(200);
            e.Property(s => s.TitleEn).HasMaxLength(200);
            e.Property(s => s.Status).HasMaxLength(20);
            e.HasOne<Plans.Indicator>().WithMany().HasForeignKey(s => s.IndicatorId);
            e.HasOne<Plans.Target>().WithMany().HasForeignKey(s => s.TargetId);
            e.HasMany(s => s.Questions).WithOne().HasForeignKey(q => q.SurveyId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(s => s.Status);
        });
        model.Entity<SurveyQuestion>(e =>
        {
            e.Property(q => q.Kind).HasMaxLength(10);
            e.HasMany(q => q.Options).WithOne().HasForeignKey(o => o.QuestionId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<SurveyResponse>(e =>
        {
            e.Property(r => r.BrowserHash).HasMaxLength(64);
            // One answer per browser and survey, held by the database: two simultaneous posts cannot both get in.
            e.HasIndex(r => new { r.SurveyId, r.BrowserHash }).IsUnique();
            e.HasOne<Survey>().WithMany().HasForeignKey(r => r.SurveyId);
            e.HasMany(r => r.Answers).WithOne().HasForeignKey(a => a.ResponseId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<SurveyAnswer>(e =>
        {
            e.Property(a => a.Text).HasMaxLength(2000);
            e.HasOne<SurveyQuestion>().WithMany().HasForeignKey(a => a.QuestionId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<SurveyOption>().WithMany().HasForeignKey(a => a.OptionId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(a => new { a.QuestionId, a.OptionId });
        });
    }
}
