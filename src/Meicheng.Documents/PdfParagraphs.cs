using System.Text;
using UglyToad.PdfPig.Content;

namespace Meicheng.Documents;

/// <summary>
/// A PDF's text layer as paragraphs: letters are grouped into lines by baseline, and a line continues the paragraph
/// above it unless the line above ended short of the right margin or this line is indented (the first line of a
/// Chinese paragraph is indented by two characters; headings and the signature stand alone). CJK radicals that share
/// a glyph with an ideograph (⾼ U+2F7C for 高) are read as the ideograph.
/// </summary>
internal static class PdfParagraphs
{
    private sealed record TextLine(double Baseline, double Left, double Right, double Size, string Text);

    public static string Text(IEnumerable<Page> pages)
    {
        var text = new StringBuilder();
        var previousFull = false;
        foreach (var page in pages)
        {
            var lines = Lines(page);
            if (lines.Count == 0)
                continue;
            var left = lines.Min(l => l.Left);
            var right = lines.Max(l => l.Right);
            foreach (var line in lines)
            {
                var indented = line.Left > left + line.Size * 1.2;
                if (text.Length > 0 && (!previousFull || indented))
                    text.Append('\n');
                text.Append(line.Text);
                previousFull = line.Right >= right - line.Size * 1.5;
            }
        }
        return text.Append('\n').ToString();
    }

    private static List<TextLine> Lines(Page page)
    {
        var result = new List<TextLine>();
        var letters = page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        foreach (var group in letters.GroupBy(l => Math.Round(l.StartBaseLine.Y)).OrderByDescending(g => g.Key))
        {
            var ordered = group.OrderBy(l => l.StartBaseLine.X).ToList();
            var sb = new StringBuilder();
            Letter? previous = null;
            foreach (var letter in ordered)
            {
                if (previous is not null && letter.StartBaseLine.X - previous.EndBaseLine.X > previous.PointSize * 0.3
                    && IsAsciiWord(previous.Value) && IsAsciiWord(letter.Value))
                    sb.Append(' ');
                sb.Append(Ideograph(letter.Value));
                previous = letter;
            }
            var size = ordered.Average(l => l.PointSize);
            result.Add(new TextLine(group.Key, ordered[0].StartBaseLine.X, ordered[^1].EndBaseLine.X, size > 0 ? size : 10, sb.ToString()));
        }
        return result;
    }

    private static bool IsAsciiWord(string s) => s.Length > 0 && char.IsAsciiLetterOrDigit(s[^1]);

    // Kangxi radicals (U+2F00–U+2FD5) decompose to their ideograph under NFKC. Most CJK Radicals Supplement characters
    // (U+2E80–U+2EF3) have no decomposition; PDF writers that map a shared glyph to its lowest code point put ⻘ for 青,
    // so the supplement radicals that share a glyph with an ideograph (as Noto CJK draws them) are read as that ideograph.
    private const string SupplementRadicals = "⺂⺃⺅⺉⺏⺐⺒⺓⺔⺕⺖⺘⺙⺛⺞⺟⺠⺡⺣⺤⺦⺨⺭⺯⺰⺱⺹⺺⺾⻂⻅⻆⻈⻉⻋⻌⻐⻑⻒⻓⻔⻖⻘⻙⻚⻛⻜⻝⻟⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻮⻯⻰⻱⻲⻳";
    private const string SupplementIdeographs = "乛乚亻刂尣尢巳幺彑彐忄扌攵旡歺母民氵灬爫丬犭礻糹纟罓耂肀艹衤见角讠贝车辶钅長镸长门阝青韦页风飞食飠饣马骨鬼鱼鸟卤麦黄黾斉齐齿竜龙龜亀龟";

    private static string Ideograph(string value)
    {
        if (value.Any(c => c is >= '\u2F00' and <= '\u2FDF'))
            return value.Normalize(NormalizationForm.FormKC);
        if (!value.Any(c => c is >= '\u2E80' and <= '\u2EFF'))
            return value;
        return string.Concat(value.Select(c => SupplementRadicals.IndexOf(c) is var i and >= 0 ? SupplementIdeographs[i] : c));
    }

}
