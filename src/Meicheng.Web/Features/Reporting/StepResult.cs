namespace Meicheng.Web.Features.Reporting;

// Reporting itself returns Outcome<T> (Common/Outcome.cs) since Reports replaced the old workflow class. The survey's
// administration still returns these; they go when it moves to Outcome<T> too.
public enum Outcome
{
    Created,
    Unchanged,
    Done,
    NotFound,
    Forbidden,
    Conflict,
    Invalid,
}

/// <summary>What a survey administration step did; <see cref="Errors"/> explains Invalid, <see cref="Message"/> explains Conflict.</summary>
public sealed record StepResult<T>(Outcome Outcome, T? Row = null, Dictionary<string, string[]>? Errors = null, string? Message = null)
    where T : class;
