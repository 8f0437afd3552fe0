using System.Text.RegularExpressions;

namespace Meicheng.Core.Plans.Extraction;

/// <summary>A paragraph classified: heading level (1 一、, 2 （一）, 3 1., 9 附件, 0 text), its label, number, title and body.</summary>
internal sealed record PlanLine(Segment Paragraph, int Level, string Label, int Number, string Title, Segment Body);

/// <summary>
/// Reads a Chinese plan document's text into a draft plan: its title, number, issuer and date, its areas, tasks and
/// measures, its quantitative targets and dated milestones, each with the span it was read from. Deterministic rules
/// over the patterns of the genre (docs/plan-extraction.md); nothing is looked up outside the text and the registry given.
/// </summary>
public sealed partial class PlanExtractor
{
    private readonly Dictionary<string, string> departmentIds = new(StringComparer.Ordinal);
    private readonly List<string> placeNames;

    /// <summary>An extractor that matches responsible units against <paramref name="departments"/> (names, full names, aliases)
    /// and recognises <paramref name="places"/> (region and zone names) as target scopes.</summary>
    public PlanExtractor(IEnumerable<Department>? departments = null, IEnumerable<string>? places = null)
    {
        foreach (var d in departments ?? [])
        {
            foreach (var name in d.Aliases.Prepend(d.FullName).Prepend(d.Name))
                departmentIds.TryAdd(name, d.Id);
        }
        placeNames = [.. GenericPlaces.Concat(places ?? []).Where(p => p.Length >= 2).Distinct(StringComparer.Ordinal).OrderByDescending(p => p.Length)];
    }

    /// <summary>An extractor over a city's reference data: its departments and the names of its regions and zones.</summary>
    public static PlanExtractor For(ReferenceData reference) =>
        new(reference.Departments, reference.Regions.Where(r => r.ParentCode is not null).Select(r => r.Name).Concat(reference.Zones.Select(z => z.Name)));

    private static readonly string[] GenericPlaces = ["市本级", "中心城区", "老城区", "主城区", "建成区", "东岸城区", "西岸城区", "城市建成区", "农村地区", "各区（市）"];

    private enum SectionKind { Preamble, Goals, Tasks, Measures, Annex }

    private sealed class TaskBuilder(int number, string label, int? area, string title, Segment first)
    {
        public int Number { get; } = number;
        public string Label { get; } = label;
        public int? Area { get; } = area;
        public string Title { get; } = title;
        public List<Segment> Parts { get; } = [first];
    }

    [GeneratedRegex(@"^([一二三四五六七八九十]{1,3})、\s*")]
    private static partial Regex Level1();

    [GeneratedRegex(@"^[（(]([一二三四五六七八九十]{1,3})[）)]\s*")]
    private static partial Regex Level2();

    [GeneratedRegex(@"^(\d{1,3})\s*[.．、](?![\d０-９])\s*")]
    private static partial Regex Level3();

    [GeneratedRegex(@"^附\s*件\s*[0-9一二三四五六七八九十]*\s*[:：]?\s*")]
    private static partial Regex Annex();

    [GeneratedRegex(@"[\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*\d{1,4}\s*号")]
    private static partial Regex DocumentNumber();

    [GeneratedRegex(@"^((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")]
    private static partial Regex DateLine();

    [GeneratedRegex(@"(?:人民政府|政府办公厅|政府办公室|委员会|办公厅|办公室|领导小组|指挥部|局|厅|委|部|院|中心)(?:文件)?$")]
    private static partial Regex IssuerEnding();

    /// <summary>The draft plan read from <paramref name="text"/>.</summary>
    public ExtractedPlan Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var paragraphs = TextSegments.Paragraphs(text);
        var lines = paragraphs.Select(Classify).ToList();
        // The frame (title, number) ends at the first heading, salutation (…：), sentence (。) or long line.
        var bodyStart = lines.FindIndex(l => l.Level > 0 || l.Paragraph.Text.EndsWith('：') || l.Paragraph.Text.EndsWith(':')
            || l.Paragraph.Text.Contains('。') || l.Paragraph.Text.Length > 60);
        if (bodyStart < 0)
            bodyStart = Math.Min(lines.Count, 1);

        var header = paragraphs.Take(bodyStart).ToList();
        var number = header.Select(p => DocumentNumber().Match(p.Text)).FirstOrDefault(m => m.Success)?.Value;
        var titleParts = header.Where(p => !DocumentNumber().IsMatch(p.Text) && !DateLine().IsMatch(p.Text)).Select(p => p.Text).ToList();
        string? issuer = null;
        if (titleParts.Count > 1 && titleParts[0].EndsWith("文件", StringComparison.Ordinal))
        {
            issuer = titleParts[0][..^2];
            titleParts.RemoveAt(0);
        }
        var title = titleParts.Count == 0 ? null : string.Concat(titleParts);
        var (date, signedBy) = Signature(paragraphs);
        issuer = signedBy ?? issuer;
        var period = YearRules.Period(title);

        var kinds = SectionKinds(lines, bodyStart);
        var taskLevel = lines.Where((l, i) => l.Level == 3 && kinds[i] == SectionKind.Tasks).Any() ? 3 : 2;
        var frame = period?.End ?? FrameYear(lines, kinds, bodyStart);

        var areas = new List<ExtractedArea>();
        var tasks = new List<TaskBuilder>();
        var measures = new List<TaskBuilder>();
        var targets = new List<ExtractedTarget>();
        var milestones = new List<ExtractedMilestone>();
        PlanLine? l1 = null, l2 = null;
        int? area = null;
        TaskBuilder? task = null;
        TaskBuilder? measure = null;
        int? scopeYear = null;
        var scopeLevel = 0;
        var sectionHasLevel2 = false;
        var annex = new AnnexTables();

        for (var i = bodyStart; i < lines.Count; i++)
        {
            var line = lines[i];
            var kind = kinds[i];
            if (kind == SectionKind.Annex)
            {
                annex.Add(line, frame, targets);
                continue;
            }
            if (line.Level is > 0 and < 9)
            {
                if (line.Level <= scopeLevel)
                {
                    scopeYear = null;
                    scopeLevel = 0;
                }
                if (line.Level == 1)
                {
                    l1 = line;
                    l2 = null;
                    area = null;
                    task = null;
                    measure = null;
                    sectionHasLevel2 = false;
                }
                else if (line.Level == 2)
                {
                    l2 = line;
                    sectionHasLevel2 = true;
                    task = null;
                }
                var titleYear = YearRules.Find(line.Title, new bool[line.Title.Length], ranges: true).Select(y => (int?)y.Year).LastOrDefault();
                if (titleYear is not null)
                {
                    scopeYear = titleYear;
                    scopeLevel = line.Level;
                }
            }

            if (kind == SectionKind.Tasks && line.Level == taskLevel - 1 && line.Level > 0)
            {
                area = areas.Count + 1;
                areas.Add(new ExtractedArea(area.Value, line.Label, line.Title, line.Paragraph.Span));
            }
            else if (kind == SectionKind.Tasks && line.Level == taskLevel)
            {
                task = new TaskBuilder(line.Number, line.Label, area, line.Title, Without(line.Paragraph, line.Label.Length));
                tasks.Add(task);
            }
            else if (kind == SectionKind.Measures && (line.Level == 2 || (line.Level == 3 && !sectionHasLevel2)))
            {
                measure = new TaskBuilder(measures.Count + 1, line.Label, null, line.Title, Without(line.Paragraph, line.Label.Length));
                measures.Add(measure);
            }
            else if (line.Level == 0 && kind == SectionKind.Tasks && task is not null)
            {
                task.Parts.Add(line.Paragraph);
            }
            else if (line.Level == 0 && kind == SectionKind.Measures && measure is not null)
            {
                measure.Parts.Add(line.Paragraph);
            }

            var isTask = kind == SectionKind.Tasks && line.Level == taskLevel;
            var firstClause = TextSegments.Sentences(line.Body).SelectMany(TextSegments.Clauses).FirstOrDefault();
            if (!isTask && firstClause.Text is not null && YearRules.IsLeadIn(firstClause.Text))
            {
                scopeYear = YearRules.Find(firstClause.Text).Select(y => (int?)y.Year).FirstOrDefault();
                scopeLevel = line.Level > 0 ? line.Level : l2 is not null ? 2 : l1 is not null ? 1 : 0;
            }

            var context = new Context(
                Section: SectionName(l1, l2, line, kind),
                Area: kind == SectionKind.Tasks ? area : null,
                Task: kind == SectionKind.Tasks && task is not null && (isTask || line.Level == 0) ? task.Number : null,
                ScopeYear: scopeYear,
                Frame: frame,
                Goals: kind is SectionKind.Goals);
            ReadTargets(text, line.Body, context, targets, milestones);
        }

        var builtTasks = tasks.Select(t => Build(text, t)).ToList();
        var builtMeasures = measures.Select(m => Build(text, m)).ToList();
        return new ExtractedPlan(title, issuer, number, date, period?.Start, period?.End, frame,
            areas, builtTasks, builtMeasures, targets, milestones);
    }

    private static Segment Without(Segment paragraph, int prefix) => new(paragraph.Start + prefix, paragraph.Text[prefix..]);

    private ExtractedTask Build(string source, TaskBuilder b)
    {
        var first = b.Parts[0];
        var last = b.Parts[^1];
        var text = source[first.Start..last.End];
        var note = ResponsibilityRules.Read(text, name => departmentIds.TryGetValue(name, out var id) ? id : null);
        return new ExtractedTask(b.Number, b.Label, b.Area, b.Title, text, note?.Units ?? [], note?.Text, new TextSpan(first.Start, last.End - first.Start));
    }

    private static PlanLine Classify(Segment p)
    {
        var text = p.Text;
        Match m;
        int level;
        if ((m = Level1().Match(text)).Success)
            level = 1;
        else if ((m = Level2().Match(text)).Success)
            level = 2;
        else if ((m = Level3().Match(text)).Success && !LooksLikeQuantity(text, m.Length))
            level = 3;
        else if ((m = Annex().Match(text)).Success)
            return new PlanLine(p, 9, m.Value.Trim(), 0, text[m.Length..].Trim(), new Segment(p.End, ""));
        else
            return new PlanLine(p, 0, "", 0, "", p);

        var label = m.Value.TrimEnd();
        var numberText = m.Groups[1].Value;
        var number = (int)(ChineseNumerals.Parse(numberText) ?? 0);
        var rest = text[m.Length..];
        var stop = rest.IndexOf('。');
        string title;
        int bodyAt;
        if (stop is > 0 and <= 60)
        {
            title = rest[..stop];
            bodyAt = m.Length + stop + 1;
        }
        else if (stop < 0 && rest.Length <= 60)
        {
            title = rest.Trim();
            bodyAt = text.Length;
        }
        else
        {
            title = "";
            bodyAt = m.Length;
        }
        return new PlanLine(p, level, label, number, title, new Segment(p.Start + bodyAt, text[bodyAt..]));
    }

    // "1.6亿平方米…" at a line's start is a number, not the item 1.
    private static bool LooksLikeQuantity(string text, int labelLength) =>
        labelLength < text.Length && text[labelLength - 1] is '.' or '．' && char.IsAsciiDigit(text[labelLength]);

    private static List<SectionKind> SectionKinds(List<PlanLine> lines, int bodyStart)
    {
        var kinds = new List<SectionKind>(lines.Count);
        var current = SectionKind.Preamble;
        for (var i = 0; i < lines.Count; i++)
        {
            var l = lines[i];
            if (i >= bodyStart && l.Level == 9)
                current = SectionKind.Annex;
            else if (i >= bodyStart && l.Level == 1 && current != SectionKind.Annex)
                current = KindOfHeading(l.Title.Length > 0 ? l.Title : l.Body.Text);
            else if (i >= bodyStart && l.Level == 2 && current == SectionKind.Preamble)
                current = SectionKind.Tasks;
            kinds.Add(current);
        }
        return kinds;
    }

    private static SectionKind KindOfHeading(string title) =>
        title.Contains("保障") || title.Contains("措施") || title.Contains("组织实施") || title.Contains("组织领导") ? SectionKind.Measures
        : title.Contains("总体要求") || title.Contains("指导思想") || title.Contains("目标") || title.Contains("基本原则") || title.Contains("总体思路") ? SectionKind.Goals
        : SectionKind.Tasks;

    // Without a period in the title: the year the goals section leads with (到2022年，…), else the year named most often.
    private static int? FrameYear(List<PlanLine> lines, List<SectionKind> kinds, int bodyStart)
    {
        for (var i = bodyStart; i < lines.Count; i++)
        {
            if (kinds[i] != SectionKind.Goals)
                continue;
            var first = TextSegments.Sentences(lines[i].Body).SelectMany(TextSegments.Clauses).FirstOrDefault();
            if (first.Text is not null && YearRules.IsLeadIn(first.Text))
                return YearRules.Find(first.Text).Select(y => (int?)y.Year).FirstOrDefault();
        }
        return lines.Skip(bodyStart).SelectMany(l => YearRules.Find(l.Body.Text)).GroupBy(y => y.Year)
            .OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).Select(g => (int?)g.Key).FirstOrDefault();
    }

    private static (DateOnly? Date, string? Issuer) Signature(List<Segment> paragraphs)
    {
        for (var i = paragraphs.Count - 1; i >= Math.Max(0, paragraphs.Count - 6); i--)
        {
            var m = DateLine().Match(paragraphs[i].Text);
            if (!m.Success)
                continue;
            var year = ChineseNumerals.ParseYear(m.Groups[1].Value);
            var month = (int?)ChineseNumerals.Parse(m.Groups[2].Value);
            var day = (int?)ChineseNumerals.Parse(m.Groups[3].Value);
            DateOnly? date = year is { } y && month is >= 1 and <= 12 && day is >= 1 and <= 31 && day <= DateTime.DaysInMonth(y, month.Value)
                ? new DateOnly(y, month.Value, day.Value) : null;
            string? issuer = null;
            if (i > 0 && paragraphs[i - 1].Text.Length <= 40 && IssuerEnding().IsMatch(paragraphs[i - 1].Text))
                issuer = paragraphs[i - 1].Text;
            return (date, issuer);
        }
        return (null, null);
    }

    private static string SectionName(PlanLine? l1, PlanLine? l2, PlanLine line, SectionKind kind)
    {
        var name = "";
        if (l1 is not null)
            name += l1.Label + l1.Title;
        if (l2 is not null)
            name += l2.Label + l2.Title;
        if (kind == SectionKind.Goals && line.Level == 3)
            name += " " + line.Label + line.Title;
        return name;
    }

    private sealed record Context(string Section, int? Area, int? Task, int? ScopeYear, int? Frame, bool Goals);

    private void ReadTargets(string source, Segment body, Context context, List<ExtractedTarget> targets, List<ExtractedMilestone> milestones)
    {
        if (body.Text.Length == 0)
            return;
        var paragraphYears = YearRules.Find(body.Text).Select(y => y.Year).Distinct().ToList();
        foreach (var sentence in TextSegments.Sentences(body))
        {
            int? sentenceYear = null;
            Segment? leadIn = null;
            var previousWasLeadIn = false;
            foreach (var clause in TextSegments.Clauses(sentence))
            {
                if (YearRules.IsLeadIn(clause.Text))
                {
                    sentenceYear = YearRules.Find(clause.Text).Select(y => (int?)y.Year).FirstOrDefault() ?? sentenceYear;
                    leadIn = clause;
                    previousWasLeadIn = true;
                    continue;
                }
                var mentions = YearRules.Find(clause.Text);
                int? year;
                YearSource yearSource;
                if (mentions.Count > 0)
                    (year, yearSource) = (mentions[0].Year, YearSource.Clause);
                else if (previousWasLeadIn && sentenceYear is not null)
                    (year, yearSource) = (sentenceYear, YearSource.Clause);
                else if (sentenceYear is not null)
                    (year, yearSource) = (sentenceYear, YearSource.Sentence);
                else if (paragraphYears.Count > 0)
                    (year, yearSource) = (paragraphYears.Max(), YearSource.Paragraph);
                else if (context.ScopeYear is not null)
                    (year, yearSource) = (context.ScopeYear, YearSource.Section);
                else if (context.Frame is not null)
                    (year, yearSource) = (context.Frame, YearSource.Frame);
                else
                    (year, yearSource) = (null, YearSource.None);

                var clauseStart = previousWasLeadIn && leadIn is { } li ? li.Start : clause.Start;
                var full = new Segment(clauseStart, source[clauseStart..clause.End]);
                var deadline = mentions.Count > 0 ? mentions[0].Text : previousWasLeadIn && leadIn is { } l ? l.Text : null;
                var quantities = QuantityRules.Find(clause.Text);
                if (quantities.Count == 0 || clause.Text.Contains("全覆盖"))
                    AddMilestone(clause, full, mentions, year, yearSource, deadline, context, milestones);
                else
                    AddTargets(clause, full, quantities, year, yearSource, context, targets);
                foreach (var inner in Included(clause))
                {
                    var innerQuantities = QuantityRules.Find(inner.Text);
                    if (innerQuantities.Count > 0)
                        AddTargets(inner, inner, innerQuantities, year, yearSource, context, targets);
                }

                if (mentions.Count > 0)
                    sentenceYear = mentions[^1].Year;
                previousWasLeadIn = false;
            }
        }
    }

    // （其中，改建燃气管网23公里，改建供热管网50公里）: the parts of a total are targets of their own.
    private static IEnumerable<Segment> Included(Segment clause)
    {
        var text = clause.Text;
        for (var open = text.IndexOf("（其中", StringComparison.Ordinal); open >= 0; open = text.IndexOf("（其中", open + 1, StringComparison.Ordinal))
        {
            var close = TextSegments.MatchingClose(text, open);
            if (close < 0)
                yield break;
            var from = open + 3;
            while (from < close && text[from] is '，' or ',' or '：' or ':')
                from++;
            foreach (var part in TextSegments.Clauses(new Segment(clause.Start + from, text[from..close])))
                yield return part;
        }
    }

    private static readonly string[] LeadingWords = ["其中", "力争", "争取", "确保", "全年", "并", "和", "及", "、", "，", "对", "使", "让", "将"];
    private static readonly string[] LeadingVerbs =
    [
        "累计建成", "累计创建", "规划建设", "培育", "建设", "建成", "打造", "实施", "完成", "创建", "推进", "开展", "启动", "新建", "改建", "改造",
        "治理", "养护", "实现", "建立", "引进", "组织", "举办", "主办", "支持", "扶持", "认定", "滚动推进", "监督检查", "淘汰", "基本淘汰",
    ];

    private void AddTargets(Segment clause, Segment full, List<Quantity> quantities, int? year, YearSource yearSource, Context context, List<ExtractedTarget> targets)
    {
        var text = clause.Text;
        var fullText = full.Text;
        var aspirational = fullText[..(clause.Start - full.Start + quantities[0].Start)].Contains("力争") || fullText.Contains("争取");
        var baseYear = YearRules.BaseYear(text);
        var scope = Scope(fullText);
        for (var k = 0; k < quantities.Count; k++)
        {
            var q = quantities[k];
            var from = k == 0 ? 0 : quantities[k - 1].End;
            var before = text[from..q.Start];
            var nextStart = k + 1 < quantities.Count ? quantities[k + 1].Start : text.Length;
            var after = text[q.End..nextStart];
            var comparator = QuantityRules.ComparatorFor(before, after, q.MoreThan);
            var kind = QuantityRules.KindFor(text, text[..q.Start], q.Unit, baseYear);
            var perYear = text[..q.Start].Contains("每年") || q.Unit.StartsWith("每年", StringComparison.Ordinal);
            var indicator = Indicator(before, after, k + 1 < quantities.Count ? text[quantities[^1].End..] : null);
            targets.Add(new ExtractedTarget(
                indicator, q.ValueText, q.Value, q.ValueTo, q.Unit, comparator,
                aspirational || before.Contains("力争"), year, yearSource, kind, perYear, Derived: false,
                baseYear, scope, context.Section, context.Area, context.Task, fullText, full.Span, q.SpanIn(clause.Start)));
        }
    }

    private static string Indicator(string before, string after, string? tail)
    {
        var b = StripComparatorWords(before);
        b = StripLeading(b, LeadingWords);
        var verbless = StripLeading(b, LeadingVerbs);
        // 2个园区、6家企业: what stands before 、 belongs to the previous number; this one is named after it.
        var enumerated = b.TrimEnd().EndsWith('、');
        if (!enumerated && CjkCount(verbless) >= 2)
            return verbless.Trim();
        var a = after;
        foreach (var w in (string[])["及以上", "以上", "以下", "以内", "之内", "左右", "上下"])
        {
            if (a.StartsWith(w, StringComparison.Ordinal))
            {
                a = a[w.Length..];
                break;
            }
        }
        a = a.TrimStart('的', '、', ' ').TrimEnd('、', '和', '及', ' ');
        // 6个省级、10个市级乡村振兴片区: a modifier alone takes the noun that ends the enumeration.
        if (tail is not null && (a.EndsWith('级') || a.EndsWith('类') || a.EndsWith('型')))
            a += tail.TrimStart('的');
        return (CjkCount(a) >= 2 ? a : b.TrimEnd('、', ' ')).Trim();
    }

    private static string StripComparatorWords(string s)
    {
        s = s.TrimEnd();
        string[] words = ["达到或超过", "达到或高于", "不低于", "不少于", "不小于", "不超过", "不高于", "不大于", "保持在", "稳定在", "维持在", "控制在", "提升至", "提升到", "提高到", "提高至",
            "下降到", "下降至", "降低到", "降至", "增加到", "增至", "达到", "超过", "大于", "高于", "低于", "小于", "突破", "保持", "稳定", "达", "为", "每日", "每天", "每年", "每月",
            "力争", "争取", "确保", "基本"];
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var w in words)
            {
                if (s.EndsWith(w, StringComparison.Ordinal))
                {
                    s = s[..^w.Length].TrimEnd();
                    changed = true;
                }
            }
        }
        return s;
    }

    private static string StripLeading(string s, string[] words)
    {
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var w in words)
            {
                // 建成区 is a place, not 建成 + 区.
                if (s.StartsWith(w, StringComparison.Ordinal) && !(s.Length > w.Length && "区率量度".Contains(s[w.Length])))
                {
                    s = s[w.Length..];
                    changed = true;
                }
            }
        }
        return s;
    }

    private static int CjkCount(string s) => s.Count(c => c is >= '\u4e00' and <= '\u9fff');

    private string? Scope(string clause)
    {
        var found = new List<(int At, string Name)>();
        foreach (var p in placeNames)
        {
            var at = clause.IndexOf(p, StringComparison.Ordinal);
            if (at >= 0 && !found.Any(f => at >= f.At && at < f.At + f.Name.Length))
                found.Add((at, p));
        }
        return found.Count == 0 ? null : string.Join("、", found.OrderBy(f => f.At).Select(f => f.Name));
    }

    private static void AddMilestone(Segment clause, Segment full, List<YearMention> mentions, int? year, YearSource yearSource, string? deadline, Context context, List<ExtractedMilestone> milestones)
    {
        var dated = yearSource is YearSource.Clause or YearSource.Sentence || (yearSource == YearSource.Section && context.Goals);
        // ——绿色低碳构筑新高地。 heads the paragraph it starts; it is not a commitment.
        if (!dated || YearRules.IsLeadIn(clause.Text) || clause.Text.StartsWith("——", StringComparison.Ordinal))
            return;
        var title = clause;
        if (mentions.Count > 0 && mentions[0].Start == 0)
        {
            var cut = mentions[0].Length;
            var rest = clause.Text[cut..].TrimStart('，', ',', ' ');
            title = new Segment(clause.End - rest.Length, rest);
        }
        if (CjkCount(title.Text) < 4)
            return;
        milestones.Add(new ExtractedMilestone(title.Text, year, yearSource, deadline, full.Text.Contains("力争") || full.Text.Contains("争取"),
            context.Section, context.Area, context.Task, full.Text, full.Span, title.Span));
    }
}
