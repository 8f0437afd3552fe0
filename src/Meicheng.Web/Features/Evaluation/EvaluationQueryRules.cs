namespace Meicheng.Web.Features.Evaluation;

/// <summary>
/// The checks on an evaluation query (plan, method, region, year), in one place: the live evaluation, the rounds, the
/// assessments, the dashboard and the environment feeds all ask here, against the plan catalogue of the current data stamp.
/// </summary>
public static class EvaluationQueryRules
{
    public const int FirstYear = 2000;
    public const int LastYear = 2100;

    /// <summary>The message for a year outside <see cref="FirstYear"/>–<see cref="LastYear"/>, or null when the year is fine (or not given).</summary>
    public static string? YearError(int? year) => year is < FirstYear or > LastYear ? $"年份须在 {FirstYear}–{LastYear} 之间" : null;

    /// <summary>
    /// The query's errors by field (<c>method</c>, <paramref name="planKey"/>, <c>region</c>, <c>year</c>); a null value is not checked.
    /// The plan's field is named by the caller: <c>planId</c> for the evaluation, <c>plan</c> for the dashboard.
    /// </summary>
    public static Dictionary<string, string[]> Validate(PlanCatalogue catalogue, string? planId, string? method, string? region, int? year, string planKey = "planId")
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var errors = new Dictionary<string, string[]>();
        if (method is not null && !EvaluationText.MethodTokens.Contains(method))
            errors["method"] = [$"方法须为 {string.Join("、", EvaluationText.MethodTokens)} 之一"];
        if (planId is not null && !catalogue.HasPlan(planId))
            errors[planKey] = [$"规划 {planId} 不存在"];
        if (region is not null && !catalogue.HasRegion(region))
            errors["region"] = [$"区域 {region} 不是{catalogue.RegionNames.GetValueOrDefault(catalogue.City, "本市")}或其所辖区（市）"];
        if (YearError(year) is { } yearError)
            errors["year"] = [yearError];
        return errors;
    }
}
