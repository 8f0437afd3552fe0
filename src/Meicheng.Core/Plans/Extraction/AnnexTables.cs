using System.Text.RegularExpressions;

namespace Meicheng.Core.Plans.Extraction;

/// <summary>
/// 附件 tables, one row per line with cells split by tabs, │ or |: a row headed 合计/小计/总计 gives one total per
/// numeric cell, named by its column header (a header's （单位） is the unit when the cell has none; a header that is a
/// year is the year).
/// </summary>
internal sealed partial class AnnexTables
{
    private string annexTitle = "";
    private string[]? header;

    [GeneratedRegex(@"^((?:19|20)\d{2})\s*年")]
    private static partial Regex YearHeader();

    [GeneratedRegex(@"[（(]([^（）()]{1,12})[）)]\s*$")]
    private static partial Regex UnitInHeader();

    [GeneratedRegex(@"^[0-9０-９]+(?:[.．][0-9０-９]+)?$")]
    private static partial Regex BareNumber();

    public void Add(PlanLine line, int? frame, List<ExtractedTarget> targets)
    {
        var paragraph = line.Paragraph;
        if (line.Level == 9)
        {
            annexTitle = (line.Label + " " + line.Title).Trim();
            header = null;
            return;
        }
        var cells = paragraph.Text.Split(['\t', '│', '|', '｜']).Select(c => c.Trim()).ToArray();
        if (cells.Length < 2)
        {
            if (header is null && paragraph.Text.Length <= 60)
                annexTitle = annexTitle.Length == 0 ? paragraph.Text : annexTitle + " " + paragraph.Text;
            header = null;
            return;
        }
        if (header is null)
        {
            header = cells;
            return;
        }
        var first = cells[0].Replace(" ", "", StringComparison.Ordinal).Replace("\u3000", "", StringComparison.Ordinal);
        if (!(first.StartsWith("合计", StringComparison.Ordinal) || first.StartsWith("小计", StringComparison.Ordinal) || first.StartsWith("总计", StringComparison.Ordinal)))
            return;
        var offset = 0;
        for (var j = 1; j < cells.Length; j++)
        {
            var cell = cells[j];
            var at = paragraph.Text.IndexOf(cell, offset, StringComparison.Ordinal);
            if (at < 0 || cell.Length == 0)
                continue;
            offset = at + cell.Length;
            var column = j < header.Length ? header[j] : "";
            int? year = YearHeader().Match(column) is { Success: true } y ? int.Parse(y.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
            string valueText;
            string unit;
            int length;
            var q = QuantityRules.Find(cell).FirstOrDefault();
            if (q is not null)
            {
                (valueText, unit, length) = (q.ValueText, q.Unit, q.End);
            }
            else if (BareNumber().IsMatch(cell))
            {
                var u = UnitInHeader().Match(column);
                (valueText, unit, length) = (cell, u.Success ? u.Groups[1].Value : "", cell.Length);
            }
            else
            {
                continue;
            }
            var value = ChineseNumerals.Parse(valueText);
            if (value is null)
                continue;
            var indicator = year is null ? UnitInHeader().Replace(column, "") : annexTitle;
            var clause = paragraph.Text;
            var unitText = unit;
            targets.Add(new ExtractedTarget(
                (first + " " + indicator).Trim(), valueText, value, null, unitText, Comparator.Reach, false,
                year ?? frame, year is null ? (frame is null ? YearSource.None : YearSource.Frame) : YearSource.Section,
                QuantityRules.IsShareUnit(unitText) ? "share" : QuantityRules.IsCountUnit(unitText) ? "count" : "cumulative",
                false, false, null, null, annexTitle, null, null, clause, paragraph.Span, new TextSpan(paragraph.Start + at, length)));
        }
    }
}
