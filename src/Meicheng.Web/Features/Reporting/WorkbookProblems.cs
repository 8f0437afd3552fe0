using Microsoft.AspNetCore.Http.HttpResults;

namespace Meicheng.Web.Features.Reporting;

/// <summary>
/// How a refused workbook import answers over HTTP, for every feature that imports an office workbook (reporting,
/// projects, outfalls): one shape, so API callers read sheet, row, column and reason the same way everywhere.
/// </summary>
internal static class WorkbookProblems
{
    /// <summary>ValidationProblem-style: errors keyed "填报!H5", plus the same issues as a list with sheet, row, column and reason.</summary>
    public static ValidationProblem From(IReadOnlyList<WorkbookIssueDto> issues) => TypedResults.ValidationProblem(
        issues.GroupBy(i => i.Row == 0 ? (i.Sheet.Length == 0 ? "file" : i.Sheet) : $"{i.Sheet}!{i.Column}{i.Row}").ToDictionary(g => g.Key, g => g.Select(i => i.Reason).ToArray()),
        title: "工作簿有错误，未保存任何数据",
        extensions: new Dictionary<string, object?> { ["issues"] = issues });
}
