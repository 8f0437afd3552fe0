using System.CommandLine;
using Meicheng.Core.Plans;
using Meicheng.Core.Plans.Extraction;
using Meicheng.Documents;

namespace Meicheng.Cli;

/// <summary><c>meicheng plans extract FILE [--json]</c>: what the importer would propose for a plan document.</summary>
internal static class PlanExtractCommand
{
    public static Command Create(Option<DirectoryInfo> dir, Option<bool> json)
    {
        var file = new Argument<FileInfo>("file") { Description = "The plan document: .docx, .pdf (with a text layer) or .txt" };
        var extract = new Command("extract", "Read a plan document and print the draft plan the importer would propose") { file, dir, json };
        extract.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                Console.Error.WriteLine($"错误：找不到文件 {path.FullName}");
                return 1;
            }
            string text;
            try
            {
                text = PlanDocumentReader.Read(File.ReadAllBytes(path.FullName), path.Name);
            }
            catch (DocumentReadException e)
            {
                Console.Error.WriteLine("错误：" + e.Message);
                return 1;
            }
            var plan = Extractor(parse.GetValue(dir)!).Extract(text);
            if (parse.GetValue(json))
                PlansCommands.Print(ToJson(plan));
            else
                PrintSummary(plan);
            return 0;
        });
        return extract;
    }

    // The department registry beside the plans folder, when there is one: units it knows are matched, others proposed.
    private static PlanExtractor Extractor(DirectoryInfo plans)
    {
        var referenceDir = Path.Combine(plans.Parent?.FullName ?? ".", "reference");
        if (!File.Exists(Path.Combine(referenceDir, "departments.json")) || !File.Exists(Path.Combine(referenceDir, "regions.json")))
            return new PlanExtractor();
        var reference = ReferenceData.Parse("regions.json", File.ReadAllText(Path.Combine(referenceDir, "regions.json")),
            "departments.json", File.ReadAllText(Path.Combine(referenceDir, "departments.json")));
        return PlanExtractor.For(reference);
    }

    internal static object ToJson(ExtractedPlan plan) => new
    {
        title = plan.Title,
        issuer = plan.Issuer,
        number = plan.DocumentNumber,
        date = plan.Date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        periodStart = plan.PeriodStart,
        periodEnd = plan.PeriodEnd,
        frameYear = plan.FrameYear,
        areas = plan.Areas.Select(a => new { number = a.Number, label = a.Label, title = a.Title, span = Span(a.Span) }),
        tasks = plan.Tasks.Select(t => new
        {
            number = t.Number,
            area = t.AreaNumber,
            title = t.Title,
            text = t.Text,
            responsible = t.Responsible.Select(Unit),
            responsibilityText = t.ResponsibilityText,
            span = Span(t.Span),
        }),
        measures = plan.Measures.Select(m => new { number = m.Number, label = m.Label, title = m.Title, text = m.Text, responsible = m.Responsible.Select(Unit), span = Span(m.Span) }),
        targets = plan.Targets.Select(t => new
        {
            indicator = t.Indicator,
            value = t.ValueText,
            numericValue = t.Value,
            valueTo = t.ValueTo,
            unit = t.Unit,
            comparator = t.Comparator.ToToken(),
            year = t.Year,
            yearImplied = t.YearImplied,
            yearSource = t.YearSource.ToString().ToLowerInvariant(),
            aspirational = t.Aspirational,
            kind = t.Kind,
            perYear = t.PerYear,
            baselineYear = t.BaselineYear,
            scope = t.Scope,
            section = t.Section,
            areaNumber = t.AreaNumber,
            taskNumber = t.TaskNumber,
            clause = t.Clause,
            span = Span(t.ClauseSpan),
            valueSpan = Span(t.ValueSpan),
        }),
        milestones = plan.Milestones.Select(m => new
        {
            title = m.Title,
            year = m.Year,
            yearImplied = m.YearImplied,
            deadline = m.DeadlineText,
            aspirational = m.Aspirational,
            section = m.Section,
            areaNumber = m.AreaNumber,
            taskNumber = m.TaskNumber,
            clause = m.Clause,
            span = Span(m.ClauseSpan),
        }),
        proposedDepartments = plan.ProposedDepartments,
    };

    private static object Unit(ExtractedResponsibility r) => new { name = r.Name, department = r.DepartmentId, role = r.Role.ToString().ToLowerInvariant() };

    private static int[] Span(TextSpan s) => [s.Start, s.End];

    private static void PrintSummary(ExtractedPlan plan)
    {
        Console.WriteLine($"标题：{plan.Title ?? "（未识别）"}");
        Console.WriteLine($"发文机关：{plan.Issuer ?? "（未写明）"}　文号：{plan.DocumentNumber ?? "（未写明）"}　日期：{plan.Date?.ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture) ?? "（未写明）"}");
        Console.WriteLine($"规划期：{(plan.PeriodStart is { } s ? $"{s}—{plan.PeriodEnd}年" : "（未写明）")}　目标年（未写年份时默认）：{plan.FrameYear?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "（无）"}");
        Console.WriteLine($"领域 {plan.Areas.Count} 个，任务 {plan.Tasks.Count} 项，保障措施 {plan.Measures.Count} 项，量化目标 {plan.Targets.Count} 个，时间节点 {plan.Milestones.Count} 个");
        Console.WriteLine();
        Console.WriteLine("量化目标：");
        foreach (var t in plan.Targets)
        {
            var where = t.TaskNumber is { } n ? $"任务{n}" : t.Section;
            var year = t.Year is { } y ? $"{y}年{(t.YearImplied ? "（推定）" : "")}" : "年份未定";
            Console.WriteLine($"  [{where}] {t.Indicator} {t.Comparator.ToChinese()} {t.ValueText}{t.Unit}　{year}{(t.Aspirational ? "　力争" : "")}");
            Console.WriteLine($"      原文：{t.Clause}");
        }
        Console.WriteLine();
        Console.WriteLine("时间节点：");
        foreach (var m in plan.Milestones)
            Console.WriteLine($"  {m.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "？"}年　{m.Title}");
        var unknown = plan.ProposedDepartments;
        if (unknown.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("部门名录中没有的责任单位（建议新增）：" + string.Join("、", unknown));
        }
    }
}
