using Meicheng.Web.Features.CityCheck;
using Meicheng.Web.Features.Evaluation;
using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Meicheng.Web.Features.Reports;

/// <summary>Every result of a round as a workbook: one row per region, target and method, plus milestones, roll-ups, inputs, assessments and problems.</summary>
public static class XlsxResults
{
    public static byte[] Build(RoundReport r)
    {
        var s = r.Snapshot;
        var regions = s.Regions.ToDictionary(x => x.Code, x => x.Name);
        var plans = s.Plans.ToDictionary(p => p.Id, p => p.Title);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            document.PackageProperties.Title = $"{r.Round.Title}评价结果";
            document.PackageProperties.Creator = "美城 Meicheng";
            document.PackageProperties.Created = r.Round.FrozenAt.UtcDateTime;
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            uint id = 1;

            AddSheet(workbook, sheets, "概况", id++, [
                ["项目", "内容"],
                ["评估轮次", r.Round.Title], ["轮次编号", r.Round.Id], ["类型", r.Round.KindText], ["评价年度", r.Round.Year],
                ["评价基准日", s.EvaluationDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)],
                ["冻结时间（UTC）", r.Round.FrozenAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)], ["冻结人", r.Round.FrozenBy],
                ["主评价方法", EvaluationText.Method(r.Round.PrimaryMethod)], ["全市综合指数（客观）", r.Round.CompositeIndex],
                ["主观指数（专家评分）", r.Combined.SubjectiveIndex], ["客观权重 α", r.Combined.ObjectiveWeight], ["综合指数 C = α·O + (1 − α)·S", r.Combined.CompositeIndex],
                ["所用监测数据（条）", s.Observations.Count], ["所用进展报告（份）", s.ProgressReports.Count], ["快照 SHA-256", r.Round.SnapshotSha256],
                .. s.Plans.Select(p => (IReadOnlyList<object?>)[$"规划：{p.Title}", $"{p.PeriodStart}—{p.PeriodEnd}；文件校验 {p.ContentHash}"]),
            ], [28, 90]);

            var targetRows = new List<IReadOnlyList<object?>>
            {
                new object?[] { "区域代码", "区域", "规划", "目标编号", "指标", "目标（原文）", "目标", "目标年", "领域", "任务", "方法", "状态", "方法判定", "结论",
                    "进度比值", "得分", "评价年份", "评价值", "线性趋势预测值", "复合增速预测值", "所用数据编号" },
            };
            foreach (var region in s.Results)
            {
                foreach (var t in region.Targets)
                {
                    foreach (var m in t.Results)
                    {
                        targetRows.Add([region.RegionCode, regions.GetValueOrDefault(region.RegionCode), plans.GetValueOrDefault(t.PlanId), t.TargetId, t.IndicatorName,
                            t.Clause, t.TargetText, t.Year, t.AreaNumber, t.TaskNumber, EvaluationText.MethodShort(m.Method), EvaluationText.StatusText(m.Status, m.Deadline, m.Missing),
                            EvaluationText.MethodStatus(m.MethodStatus), EvaluationText.OutcomeText(m.Outcome), m.Ratio, m.Score,
                            m.AssessedYear, m.AssessedValue, m.Projections.FirstOrDefault(p => p.Method == "linear-trend")?.ValueAtTargetYear,
                            m.Projections.FirstOrDefault(p => p.Method == "cagr")?.ValueAtTargetYear, string.Join(",", t.ObservationIds)]);
                    }
                }
            }
            AddSheet(workbook, sheets, "目标评价", id++, targetRows, [9, 8, 24, 34, 18, 50, 18, 7, 5, 5, 9, 9, 13, 7, 9, 7, 8, 10, 12, 12, 14]);

            AddSheet(workbook, sheets, "时间节点", id++, [
                ["区域代码", "区域", "规划", "节点编号", "时间节点", "期限", "状态", "报告进展", "距期限（天）", "判定规则", "进展报告编号"],
                .. s.Results.SelectMany(g => g.Milestones).Select(m => (IReadOnlyList<object?>)[m.RegionCode, regions.GetValueOrDefault(m.RegionCode),
                    plans.GetValueOrDefault(m.PlanId), m.MilestoneId, m.Title, m.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), m.StatusText,
                    m.State is { } st ? Reporting.ProgressState.Chinese(st) : null, m.DaysLeft, EvaluationText.MilestoneRule(m.Rule), m.ProgressId]),
            ], [9, 8, 24, 30, 50, 11, 10, 9, 10, 40, 10]);

            var rollupRows = new List<IReadOnlyList<object?>>
            {
                new object?[] { "方法", "层级", "上级", "编号", "名称", "权重", "得分", "已实现", "进度正常", "需关注", "进度滞后", "无数据", "未到期" },
            };
            foreach (var rollup in s.Rollups)
            {
                void Walk(RollupNodeDto node, string? parent)
                {
                    if (node.Level is "target" or "milestone")
                        return;
                    rollupRows.Add([EvaluationText.MethodShort(rollup.Method), EvaluationText.Level(node.Level), parent, node.Id, node.Label, node.Weight, node.Score, node.Counts.Achieved, node.Counts.OnTrack,
                        node.Counts.NeedsAttention, node.Counts.OffTrack, node.Counts.NoData, node.Counts.NotYetDue]);
                    foreach (var c in node.Children)
                        Walk(c, node.Id);
                }
                foreach (var region in rollup.Regions)
                    Walk(region, null);
                foreach (var department in rollup.Departments)
                    Walk(department, null);
            }
            AddSheet(workbook, sheets, "逐级汇总", id++, rollupRows, [9, 10, 30, 34, 40, 7, 8, 7, 8, 7, 8, 7, 7]);

            AddSheet(workbook, sheets, "监测数据", id++, [
                ["数据编号", "目标编号", "区域代码", "期别", "年份", "填报值（指标单位）", "指标单位", "折算值（目标单位）", "目标单位", "修订版本", "演示数据", "审核时间（UTC）"],
                .. s.Observations.Select(o => (IReadOnlyList<object?>)[o.Id, o.TargetId, o.RegionCode, o.PeriodKey, o.Year, o.Value, o.IndicatorUnit, o.TargetValue,
                    o.TargetUnit, o.Revision, o.IsDemo ? "是" : "否", o.ApprovedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)]),
            ], [9, 34, 9, 9, 6, 14, 12, 14, 12, 8, 8, 16]);

            AddSheet(workbook, sheets, "专家评价", id++, [
                ["对象类型", "对象编号", "对象", "客观得分 O", "专家评分 S", "评分人数", "综合得分 C", "规则"],
                .. r.Combined.Subjects.Where(x => x.Assessments > 0).Select(x => (IReadOnlyList<object?>)[x.SubjectType == "target" ? "目标" : "任务", x.SubjectId, x.Label,
                    x.Objective, x.Subjective, x.Assessments, x.Combined, x.Rule]),
                [],
                ["评估专家", "对象编号", "对象", "评分", "意见", "提交时间（UTC）"],
                .. r.Assessments.Select(a => (IReadOnlyList<object?>)[a.EvaluatorName, a.SubjectId, a.SubjectLabel, a.Score, a.Comment,
                    a.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)]),
            ], [14, 34, 40, 12, 12, 9, 12, 40]);

            if (r.Check is { } check)
            {
                AddSheet(workbook, sheets, "问题清单", id++, [
                    ["问题编号", "问题", "来源", "性质", "区域", "责任单位", "状态", "延续自", "整改任务", "责任单位（任务）", "期限", "任务状态"],
                    .. check.Problems.SelectMany(p => (p.Tasks.Count == 0 ? [null] : p.Tasks.Cast<RectificationTaskDto?>()).Select(t => (IReadOnlyList<object?>)[
                        p.Id, p.Title, p.Origin == "generated" ? "评价生成" : "人工录入", p.SeverityText, p.RegionName, p.DepartmentName, p.StatusText, p.CarriedFromId,
                        t?.Title, t?.OwnerName, t?.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), t?.StatusText])),
                ], [9, 36, 10, 16, 9, 18, 12, 8, 36, 18, 11, 9]);
                AddSheet(workbook, sheets, "项目清单", id++, [
                    ["项目编号", "项目", "类型", "区域", "地点", "投资（万元）", "状态", "责任单位", "开工年", "完成年", "问题编号", "整改任务编号"],
                    .. check.Problems.SelectMany(p => p.Projects).Select(p => (IReadOnlyList<object?>)[p.Id, p.Name, p.Type, p.RegionName, p.Location, p.Investment,
                        p.StatusText, p.DepartmentName, p.StartYear, p.EndYear, p.ProblemId, p.TaskId]),
                ], [9, 36, 12, 9, 20, 12, 9, 18, 8, 8, 9, 11]);
            }
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static Stylesheet Stylesheet() => new(
        new Fonts(new Font(new FontSize { Val = 11 }, new FontName { Val = "等线" }), new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "等线" })),
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFE7ECF2" }) { PatternType = PatternValues.Solid })),
        new Borders(new Border()),
        new CellFormats(new CellFormat(), new CellFormat { FontId = 1, FillId = 2, ApplyFont = true, ApplyFill = true }));

    private static string Column(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
            name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    private static void AddSheet(WorkbookPart workbook, Sheets sheets, string name, uint id, List<IReadOnlyList<object?>> rows, double[] widths)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        var views = new SheetViews(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
            { WorkbookViewId = 0, TabSelected = id == 1 });
        var columns = new Columns(widths.Select((w, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = w, CustomWidth = true }));
        var data = new SheetData();
        for (var r = 0; r < rows.Count; r++)
        {
            var row = new Row { RowIndex = (uint)(r + 1) };
            for (var c = 0; c < rows[r].Count; c++)
            {
                var cell = rows[r][c] switch
                {
                    null => new Cell(),
                    int i => new Cell { DataType = CellValues.Number, CellValue = new CellValue(i) },
                    double d => new Cell { DataType = CellValues.Number, CellValue = new CellValue(d) },
                    decimal m => new Cell { DataType = CellValues.Number, CellValue = new CellValue(m) },
                    var v => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Convert.ToString(v, CultureInfo.InvariantCulture)!)) },
                };
                cell.CellReference = $"{Column(c)}{r + 1}";
                if (r == 0)
                    cell.StyleIndex = 1;
                row.Append(cell);
            }
            data.Append(row);
        }
        part.Worksheet = new Worksheet(views, columns, data);
        sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id, Name = name });
    }
}
