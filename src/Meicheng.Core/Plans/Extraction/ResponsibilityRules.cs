using System.Text.RegularExpressions;

namespace Meicheng.Core.Plans.Extraction;

/// <summary>Responsible units from （牵头单位：…；配合单位：…） / （责任单位：…） notes, matched to the department registry.</summary>
internal static partial class ResponsibilityRules
{
    [GeneratedRegex(@"[（(]\s*(?:牵头单位|牵头部门|责任单位|责任部门|主责单位|配合单位|参与单位|协同单位)\s*[:：]")]
    private static partial Regex NotePattern();

    [GeneratedRegex(@"^\s*(牵头单位|牵头部门|责任单位|责任部门|主责单位|配合单位|参与单位|协同单位)\s*[:：]\s*")]
    private static partial Regex LabelPattern();

    /// <summary>The last responsibility note of a task's text: its verbatim text, its offset in the text and the units it names.</summary>
    public static (string Text, int Start, List<ExtractedResponsibility> Units)? Read(string text, Func<string, string?> match)
    {
        var notes = NotePattern().Matches(text);
        if (notes.Count == 0)
            return null;
        var open = notes[^1].Index;
        var close = TextSegments.MatchingClose(text, open);
        if (close < 0)
            close = text.Length - 1;
        var note = text[open..(close + 1)];
        var inner = note[1..^1];
        var units = new List<ExtractedResponsibility>();
        foreach (var group in SplitTopLevel(inner, "；;。"))
        {
            var label = LabelPattern().Match(group);
            var role = !label.Success ? ExtractedRole.Responsible : label.Groups[1].Value switch
            {
                "牵头单位" or "牵头部门" or "主责单位" => ExtractedRole.Lead,
                "配合单位" or "参与单位" or "协同单位" => ExtractedRole.Supporting,
                _ => ExtractedRole.Responsible,
            };
            var names = label.Success ? group[label.Length..] : group;
            var allLead = false;
            foreach (var suffix in (string[])["按职责分别牵头", "分别牵头", "按职责分工负责", "按职责负责", "分工负责", "负责"])
            {
                if (names.EndsWith(suffix, StringComparison.Ordinal))
                {
                    allLead = suffix.EndsWith("分别牵头", StringComparison.Ordinal);
                    names = names[..^suffix.Length];
                    break;
                }
            }
            foreach (var raw in SplitTopLevel(names, "、，,"))
            {
                var name = raw.Trim();
                var lead = allLead;
                if (name.EndsWith("牵头", StringComparison.Ordinal))
                {
                    lead = true;
                    name = name[..^2];
                }
                if (name.EndsWith("配合", StringComparison.Ordinal))
                {
                    name = name[..^2];
                    role = ExtractedRole.Supporting;
                }
                if (name.EndsWith('等'))
                    name = name[..^1];
                name = name.Trim();
                if (name.Length < 2)
                    continue;
                units.Add(new ExtractedResponsibility(name, match(name), lead ? ExtractedRole.Lead : role));
            }
        }
        return (note, open, units);
    }

    private static List<string> SplitTopLevel(string text, string marks)
    {
        var parts = new List<string>();
        var depth = 0;
        var from = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '（' or '(')
                depth++;
            else if (c is '）' or ')' && depth > 0)
                depth--;
            else if (depth == 0 && marks.Contains(c))
            {
                parts.Add(text[from..i]);
                from = i + 1;
            }
        }
        parts.Add(text[from..]);
        return parts.Where(p => p.Trim().Length > 0).ToList();
    }
}
