using System.ComponentModel.DataAnnotations;

namespace Meicheng.Web.Features.Survey;

public sealed record SurveyRequest(
    [property: Required, MaxLength(200)] string Title, [property: MaxLength(200)] string? TitleEn,
    [property: MaxLength(4000)] string? Intro, [property: MaxLength(4000)] string? IntroEn,
    [property: Required] string TargetId, DateOnly OpensOn, DateOnly ClosesOn,
    [property: Required, MaxLength(4000)] string Method, [property: MaxLength(4000)] string? MethodEn, bool LiveResults);

public sealed record OptionRequest([property: Required, MaxLength(200)] string Text, [property: MaxLength(200)] string? TextEn, bool Satisfied);

/// <summary>
/// A question. single: options (those flagged satisfied count when it measures satisfaction); scale: min..max with end
/// labels (satisfied from <see cref="SatisfiedFrom"/>); text: free text. <see cref="MeasuresSatisfaction"/> makes it the
/// survey's satisfaction question.
/// </summary>
public sealed record QuestionRequest(
    [property: Required] string Kind, [property: Required, MaxLength(500)] string Text, [property: MaxLength(500)] string? TextEn, bool Required,
    IReadOnlyList<OptionRequest>? Options, int? ScaleMin, int? ScaleMax,
    [property: MaxLength(50)] string? MinLabel, [property: MaxLength(50)] string? MinLabelEn, [property: MaxLength(50)] string? MaxLabel, [property: MaxLength(50)] string? MaxLabelEn,
    bool MeasuresSatisfaction, int? SatisfiedFrom);

/// <summary>Publish for a period (Asia/Shanghai calendar days); omitted dates keep the survey's.</summary>
public sealed record PublishRequest(DateOnly? OpensOn, DateOnly? ClosesOn);

public sealed record OptionDto(int Id, int Order, string Text, string? TextEn, bool Satisfied);

public sealed record QuestionDto(
    int Id, int Order, string Kind, string Text, string? TextEn, bool Required, int? ScaleMin, int? ScaleMax,
    string? MinLabel, string? MinLabelEn, string? MaxLabel, string? MaxLabelEn, int? SatisfiedFrom, bool MeasuresSatisfaction, IReadOnlyList<OptionDto> Options);

public sealed record SurveyDto(
    int Id, string Title, string? TitleEn, string? Intro, string? IntroEn, string IndicatorId, string TargetId, DateOnly OpensOn, DateOnly ClosesOn,
    string Status, string StatusText, bool IsOpen, string Method, string? MethodEn, int? SatisfactionQuestionId, bool LiveResults, int Responses,
    DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, DateTimeOffset? ClosedAt, IReadOnlyList<QuestionDto> Questions);

/// <summary>A survey as the public sees it: no draft, no key; the count only where results are public.</summary>
public sealed record PublicSurveyDto(
    int Id, string Title, string? TitleEn, string? Intro, string? IntroEn, DateOnly OpensOn, DateOnly ClosesOn, string Status, bool IsOpen,
    bool ResultsPublic, int? Responses, string Method, string? MethodEn);

public sealed record OptionCountDto(int OptionId, string Text, string? TextEn, bool Satisfied, int Count, double? Share);

public sealed record ScaleCountDto(int Value, int Count, double? Share);

/// <summary>
/// One question's aggregate: counts and shares per option, or the scale's distribution and mean, or (for the plan
/// office only) the text answers. Shares are of those who answered the question.
/// </summary>
public sealed record QuestionResultDto(
    int QuestionId, int Order, string Kind, string Text, string? TextEn, int Answered, IReadOnlyList<OptionCountDto>? Options,
    IReadOnlyList<ScaleCountDto>? Scale, double? Mean, string? MinLabel, string? MaxLabel, IReadOnlyList<string>? TextAnswers);

/// <summary>The satisfaction share: satisfied / n with its 95 % Wilson interval (fractions of 1), and the rule that counted.</summary>
public sealed record SatisfactionDto(int QuestionId, string Question, string Rule, int N, int Satisfied, double? Share, double? Low, double? High);

public sealed record SurveyResultsDto(
    int SurveyId, string Title, string? TitleEn, string Status, DateOnly OpensOn, DateOnly ClosesOn, int Responses, string Method, string? MethodEn,
    string TargetId, string IndicatorId, SatisfactionDto? Satisfaction, IReadOnlyList<QuestionResultDto> Questions);

/// <summary>What writing the satisfaction share to the indicator did: created (a new observation or revision), unchanged, conflict or invalid.</summary>
public sealed record IndicatorWriteDto(string Outcome, string TargetId, int Year, decimal? Value, int? ObservationId, int? Revision, string? Message);
