using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Evaluation;

/// <summary>The checks on an evaluation query (plan, method, region, year), shared by the live evaluation and the rounds.</summary>
internal static class EvaluationQuery
{
    public static async Task<FieldErrors> ValidateAsync(AppDbContext db, string? planId, string? method, string? region, int? year, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (method is not null && !EvaluationText.MethodTokens.Contains(method))
            errors.Add("method", $"方法须为 {string.Join("、", EvaluationText.MethodTokens)} 之一");
        if (planId is not null && !await db.Plans.AnyAsync(p => p.Id == planId, ct))
            errors.Add("planId", $"规划 {planId} 不存在");
        if (region is not null && !await db.Regions.AnyAsync(r => r.Code == region && (r.Code == EvaluationText.City || r.ParentCode == EvaluationText.City), ct))
            errors.Add("region", $"区域 {region} 不是青岛市或其所辖区（市）");
        if (year is < 2000 or > 2100)
            errors.Add("year", "年份须在 2000–2100 之间");
        return errors;
    }
}
