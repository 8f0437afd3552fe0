using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Meicheng.Web.Common;

/// <summary>How an operation ended. Ok and Created carry a value; the others say why there is none.</summary>
public enum OutcomeKind
{
    Ok,
    Created,
    NotFound,
    Forbidden,
    Conflict,
    Invalid,
}

/// <summary>
/// What an operation (save, approve, freeze, publish…) returns to its callers, the API and the pages alike: a value, or
/// the reason there is none (not found, forbidden, conflict with a message, invalid with errors per field). Endpoints
/// map it to HTTP with <see cref="OutcomeHttp"/>; pages show <see cref="Errors"/> beside the fields.
/// </summary>
public sealed record Outcome<T>
{
    private Outcome(OutcomeKind kind, T? value, IReadOnlyDictionary<string, string[]>? errors, string? message)
    {
        Kind = kind;
        Value = value;
        Errors = errors ?? EmptyErrors;
        Message = message;
    }

    private static readonly IReadOnlyDictionary<string, string[]> EmptyErrors = new Dictionary<string, string[]>();

    public OutcomeKind Kind { get; }

    /// <summary>The result when <see cref="Succeeded"/>; default otherwise.</summary>
    public T? Value { get; }

    /// <summary>For Invalid: the messages per field (form field or JSON property name), in Chinese.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>For NotFound, Forbidden and Conflict: a sentence for the person, in Chinese.</summary>
    public string? Message { get; }

    public bool Succeeded => Kind is OutcomeKind.Ok or OutcomeKind.Created;

    internal static Outcome<T> Of(OutcomeKind kind, T value) => new(kind, value, null, null);

    public static implicit operator Outcome<T>(T value) => Of(OutcomeKind.Ok, value);

    public static implicit operator Outcome<T>(Failure failure) => new(failure.Kind, default, failure.Errors, failure.Message);

    /// <summary>The same failure for an outcome of another type, to pass a refusal up unchanged.</summary>
    public Failure AsFailure() => Succeeded
        ? throw new InvalidOperationException("A successful outcome is not a failure.")
        : new Failure(Kind, Errors, Message);

    /// <summary>The first message for a field, or the outcome's message: what a page shows.</summary>
    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var m) && m.Length > 0 ? m[0] : null;

    public Outcome<TOut> Map<TOut>(Func<T, TOut> map) => Kind switch
    {
        OutcomeKind.Ok => Outcomes.Ok(map(Value!)),
        OutcomeKind.Created => Outcomes.Created(map(Value!)),
        _ => AsFailure(),
    };
}

/// <summary>A refusal without a value; converts to any <see cref="Outcome{T}"/>.</summary>
public sealed record Failure(OutcomeKind Kind, IReadOnlyDictionary<string, string[]>? Errors, string? Message);

/// <summary>Success, where the implicit conversion from the value does not say enough: <c>return Outcomes.Created(row);</c>.</summary>
public static class Outcomes
{
    public static Outcome<T> Ok<T>(T value) => Outcome<T>.Of(OutcomeKind.Ok, value);

    public static Outcome<T> Created<T>(T value) => Outcome<T>.Of(OutcomeKind.Created, value);
}

/// <summary>The refusals an operation returns: <c>return Fail.NotFound("该轮次不存在");</c>.</summary>
public static class Fail
{
    public static Failure NotFound(string? message = null) => new(OutcomeKind.NotFound, null, message);

    public static Failure Forbidden(string? message = null) => new(OutcomeKind.Forbidden, null, message);

    public static Failure Conflict(string message) => new(OutcomeKind.Conflict, null, message);

    public static Failure Invalid(string field, string message) => new(OutcomeKind.Invalid, new Dictionary<string, string[]> { [field] = [message] }, null);

    public static Failure Invalid(IReadOnlyDictionary<string, string[]> errors) => new(OutcomeKind.Invalid, errors, null);
}

/// <summary>Gathers field errors while an operation validates its input, then refuses with all of them at once.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
            _errors[field] = list = [];
        list.Add(message);
    }

    public bool Any => _errors.Count > 0;

    /// <summary>Whether a field already has an error (so a later check does not pile a second message on it).</summary>
    public bool Has(string field) => _errors.ContainsKey(field);

    /// <summary>Errors already gathered per field (by a shared rule), to add more to.</summary>
    public static FieldErrors From(IReadOnlyDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var gathered = new FieldErrors();
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
                gathered.Add(field, message);
        }
        return gathered;
    }

    public Failure ToFailure() => Fail.Invalid(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
}

/// <summary>
/// Outcomes to HTTP for the API: 200/201 with the DTO, 404 and 409 as ProblemDetails, 403, 400 as ValidationProblem.
/// The union types keep the OpenAPI document inferred from the handler's signature.
/// </summary>
public static class OutcomeHttp
{
    public static Results<Ok<TDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem> ToHttp<T, TDto>(
        this Outcome<T> outcome, Func<T, TDto> map) => outcome.Kind switch
        {
            OutcomeKind.Ok or OutcomeKind.Created => TypedResults.Ok(map(outcome.Value!)),
            OutcomeKind.NotFound => NotFound(outcome.Message),
            OutcomeKind.Forbidden => TypedResults.Forbid(),
            OutcomeKind.Conflict => Conflict(outcome.Message),
            _ => TypedResults.ValidationProblem(outcome.Errors.ToDictionary()),
        };

    /// <summary>201 with a Location for a created value, 200 for an existing one (an unchanged re-submission).</summary>
    public static Results<Created<TDto>, Ok<TDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem> ToHttpCreated<T, TDto>(
        this Outcome<T> outcome, Func<T, TDto> map, Func<TDto, string> location) => outcome.Kind switch
        {
            OutcomeKind.Created => CreatedAt(map(outcome.Value!), location),
            OutcomeKind.Ok => TypedResults.Ok(map(outcome.Value!)),
            OutcomeKind.NotFound => NotFound(outcome.Message),
            OutcomeKind.Forbidden => TypedResults.Forbid(),
            OutcomeKind.Conflict => Conflict(outcome.Message),
            _ => TypedResults.ValidationProblem(outcome.Errors.ToDictionary()),
        };

    private static Created<TDto> CreatedAt<TDto>(TDto dto, Func<TDto, string> location) => TypedResults.Created(location(dto), dto);

    public static NotFound<ProblemDetails> NotFound(string? message) =>
        TypedResults.NotFound(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "未找到", Detail = message });

    public static Conflict<ProblemDetails> Conflict(string? message) =>
        TypedResults.Conflict(new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "冲突", Detail = message });
}
