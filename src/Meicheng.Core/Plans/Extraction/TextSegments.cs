namespace Meicheng.Core.Plans.Extraction;

/// <summary>A piece of the source text with its offset.</summary>
internal readonly record struct Segment(int Start, string Text)
{
    public int End => Start + Text.Length;

    public TextSpan Span => new(Start, Text.Length);
}

/// <summary>Paragraphs, sentences and clauses of Chinese text, never splitting inside brackets or quotes.</summary>
internal static class TextSegments
{
    private const string Openers = "（(“‘《【「〔[";
    private const string Closers = "）)”’》】」〕]";

    /// <summary>Lines of the text, trimmed of layout spaces (half- and full-width), empty ones dropped.</summary>
    public static List<Segment> Paragraphs(string text)
    {
        var result = new List<Segment>();
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
                end = text.Length;
            var s = start;
            var e = end;
            while (s < e && IsLayoutSpace(text[s]))
                s++;
            while (e > s && (IsLayoutSpace(text[e - 1]) || text[e - 1] == '\r'))
                e--;
            if (e > s)
                result.Add(new Segment(s, text[s..e]));
            start = end + 1;
        }
        return result;
    }

    public static bool IsLayoutSpace(char c) => c is ' ' or '\t' or '\u3000' or '\u00a0' or '\ufeff';

    /// <summary>Sentences ending at 。；！？ (the mark kept out of the sentence).</summary>
    public static List<Segment> Sentences(Segment paragraph) => Split(paragraph, "。；;！？!?");

    /// <summary>Clauses ending at ，：, and the sentence marks.</summary>
    public static List<Segment> Clauses(Segment sentence) => Split(sentence, "，,：:。；;！？!?");

    private static List<Segment> Split(Segment seg, string marks)
    {
        var result = new List<Segment>();
        var depth = 0;
        var from = 0;
        var text = seg.Text;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (Openers.Contains(c))
                depth++;
            else if (Closers.Contains(c) && depth > 0)
                depth--;
            else if (depth == 0 && marks.Contains(c))
            {
                Add(result, seg.Start, text, from, i);
                from = i + 1;
            }
        }
        Add(result, seg.Start, text, from, text.Length);
        return result;
    }

    private static void Add(List<Segment> result, int offset, string text, int from, int to)
    {
        while (from < to && IsLayoutSpace(text[from]))
            from++;
        while (to > from && IsLayoutSpace(text[to - 1]))
            to--;
        if (to > from)
            result.Add(new Segment(offset + from, text[from..to]));
    }

    /// <summary>For each character of <paramref name="text"/>, whether it stands inside brackets or quotes.</summary>
    public static bool[] Enclosed(string text)
    {
        var enclosed = new bool[text.Length];
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (Openers.Contains(c))
            {
                depth++;
                enclosed[i] = true;
                continue;
            }
            if (Closers.Contains(c) && depth > 0)
            {
                depth--;
                enclosed[i] = true;
                continue;
            }
            enclosed[i] = depth > 0;
        }
        return enclosed;
    }

    /// <summary>The index of the bracket closing the one at <paramref name="open"/>, or -1.</summary>
    public static int MatchingClose(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (Openers.Contains(text[i]))
                depth++;
            else if (Closers.Contains(text[i]) && --depth == 0)
                return i;
        }
        return -1;
    }
}
