using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Meicheng.Web.Features.Reports;

/// <summary>
/// Corrects the text map (ToUnicode CMaps) of a PDF written by Skia. Noto Sans CJK draws some CJK radicals with the glyph
/// of a unified ideograph (⻘ U+2EC4 and 青 U+9752 share one glyph), and Skia maps each glyph to the lowest code point that
/// uses it, so copying or extracting text would give radicals where the report says 青. Each affected CMap is rewritten
/// with the ideograph; objects are then laid out again with a fresh cross-reference table. Skia writes classic PDF 1.4
/// (direct /Length, an xref table, no object streams), which is all this handles; anything else is returned unchanged.
/// </summary>
internal static partial class PdfText
{
    private static readonly Encoding Latin1 = Encoding.Latin1;

    [GeneratedRegex(@"/ToUnicode (\d+) 0 R")]
    private static partial Regex ToUnicodeRef();

    [GeneratedRegex(@"/Length (\d+)")]
    private static partial Regex LengthEntry();

    [GeneratedRegex(@"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])")]
    private static partial Regex RangeEntry();

    [GeneratedRegex(@"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex CharEntry();

    private sealed record PdfObject(int Number, int Generation, byte[] Bytes);

    public static byte[] FixRadicals(byte[] pdf, IReadOnlyDictionary<int, int> ideographs)
    {
        if (ideographs.Count == 0 || !TryRead(pdf, out var header, out var objects, out var trailer, out var size))
            return pdf;
        var cmaps = new HashSet<int>();
        foreach (var o in objects)
        {
            var text = Latin1.GetString(o.Bytes);
            var streamAt = text.IndexOf("stream", StringComparison.Ordinal);
            foreach (Match m in ToUnicodeRef().Matches(streamAt < 0 ? text : text[..streamAt]))
                cmaps.Add(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        }
        var changed = false;
        for (var i = 0; i < objects.Count; i++)
        {
            if (!cmaps.Contains(objects[i].Number) || Rewrite(objects[i], ideographs) is not { } fixedObject)
                continue;
            objects[i] = fixedObject;
            changed = true;
        }
        return changed ? Write(header, objects, trailer, size) : pdf;
    }

    private static bool TryRead(byte[] pdf, out byte[] header, out List<PdfObject> objects, out string trailer, out int size)
    {
        header = [];
        objects = [];
        trailer = "";
        size = 0;
        var text = Latin1.GetString(pdf);
        var start = text.LastIndexOf("startxref", StringComparison.Ordinal);
        if (start < 0 || !int.TryParse(text[(start + 9)..].Trim().Split('\n')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var xrefAt)
            || !text.AsSpan(xrefAt).StartsWith("xref", StringComparison.Ordinal))
            return false;
        var trailerAt = text.IndexOf("trailer", xrefAt, StringComparison.Ordinal);
        var rows = text[(xrefAt + 4)..trailerAt].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var subsection = rows[0].Split(' ');
        if (subsection.Length != 2 || subsection[0] != "0" || !int.TryParse(subsection[1], CultureInfo.InvariantCulture, out size) || rows.Length != size + 1)
            return false;
        var entries = new List<(int Number, int Offset)>();
        for (var n = 1; n < size; n++)
        {
            var parts = rows[n + 1].Split(' ');
            if (parts.Length == 3 && parts[2] == "n")
                entries.Add((n, int.Parse(parts[0], CultureInfo.InvariantCulture)));
        }
        entries.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        if (entries.Count == 0)
            return false;
        header = pdf[..entries[0].Offset];
        foreach (var (number, offset) in entries)
        {
            var end = ObjectEnd(text, offset);
            if (end < 0)
                return false;
            var head = text[offset..Math.Min(text.Length, offset + 20)].Split(' ');
            objects.Add(new PdfObject(number, int.Parse(head[1], CultureInfo.InvariantCulture), pdf[offset..end]));
        }
        trailer = text[trailerAt..start];
        return true;
    }

    // An object ends after "endobj"; a stream's data is skipped by its /Length, since compressed bytes may contain anything.
    private static int ObjectEnd(string text, int offset)
    {
        var dictEnd = text.IndexOf("endobj", offset, StringComparison.Ordinal);
        var streamAt = text.IndexOf("stream", offset, StringComparison.Ordinal);
        if (streamAt >= 0 && (dictEnd < 0 || streamAt < dictEnd))
        {
            var length = LengthEntry().Match(text, offset, streamAt - offset);
            if (!length.Success)
                return -1;
            var data = streamAt + "stream".Length;
            data += text[data] == '\r' ? 2 : 1;
            dictEnd = text.IndexOf("endobj", data + int.Parse(length.Groups[1].Value, CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
        if (dictEnd < 0)
            return -1;
        var end = dictEnd + "endobj".Length;
        return end < text.Length && text[end] == '\n' ? end + 1 : end;
    }

    private static PdfObject? Rewrite(PdfObject o, IReadOnlyDictionary<int, int> ideographs)
    {
        var text = Latin1.GetString(o.Bytes);
        var streamAt = text.IndexOf("stream", StringComparison.Ordinal);
        var length = LengthEntry().Match(text);
        if (streamAt < 0 || !length.Success)
            return null;
        var dict = text[..streamAt];
        var data = streamAt + "stream".Length + (text[streamAt + 6] == '\r' ? 2 : 1);
        var raw = o.Bytes.AsSpan(data, int.Parse(length.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
        var flate = dict.Contains("/FlateDecode", StringComparison.Ordinal);
        var cmap = Latin1.GetString(flate ? Inflate(raw) : raw);
        var fixedCmap = FixCmap(cmap, ideographs);
        if (fixedCmap is null)
            return null;
        var body = Latin1.GetBytes(fixedCmap);
        var content = flate ? Deflate(body) : body;
        var newDict = LengthEntry().Replace(dict, $"/Length {content.Length}", 1).TrimEnd();
        using var output = new MemoryStream();
        output.Write(Latin1.GetBytes($"{newDict} stream\n"));
        output.Write(content);
        output.Write(Latin1.GetBytes("\nendstream\nendobj\n"));
        return o with { Bytes = output.ToArray() };
    }

    /// <summary>The CMap with every radical destination replaced by its ideograph, as bfchar entries; null when nothing needed changing.</summary>
    internal static string? FixCmap(string cmap, IReadOnlyDictionary<int, int> ideographs)
    {
        var first = IndexOfAny(cmap, "beginbfchar", "beginbfrange");
        var end = cmap.IndexOf("endcmap", StringComparison.Ordinal);
        if (first < 0 || end < 0)
            return null;
        // The count before "beginbf…" belongs to the mappings: back up to the start of its line.
        var prefixEnd = cmap.LastIndexOf('\n', first) + 1;
        var mappings = new SortedDictionary<int, (int Width, string Destination)>();
        var section = cmap[prefixEnd..end];
        foreach (var block in Blocks(section, "beginbfrange", "endbfrange"))
        {
            foreach (Match m in RangeEntry().Matches(block))
            {
                var width = m.Groups[1].Value.Length;
                var lo = Convert.ToInt32(m.Groups[1].Value, 16);
                var hi = Convert.ToInt32(m.Groups[2].Value, 16);
                var dst = m.Groups[3].Value;
                if (dst.StartsWith('['))
                {
                    var items = dst.Trim('[', ']').Split('>', StringSplitOptions.RemoveEmptyEntries).Select(x => x.Trim().TrimStart('<')).ToList();
                    for (var c = lo; c <= hi && c - lo < items.Count; c++)
                        mappings[c] = (width, items[c - lo]);
                }
                else
                {
                    var start = Convert.ToInt32(dst.Trim('<', '>'), 16);
                    for (var c = lo; c <= hi; c++)
                        mappings[c] = (width, (start + c - lo).ToString(dst.Length - 2 <= 4 ? "X4" : "X8", CultureInfo.InvariantCulture));
                }
            }
        }
        foreach (var block in Blocks(section, "beginbfchar", "endbfchar"))
        {
            foreach (Match m in CharEntry().Matches(block))
                mappings[Convert.ToInt32(m.Groups[1].Value, 16)] = (m.Groups[1].Value.Length, m.Groups[2].Value);
        }

        var replaced = 0;
        foreach (var (code, (width, destination)) in mappings.ToList())
        {
            if (destination.Length == 4 && ideographs.TryGetValue(Convert.ToInt32(destination, 16), out var ideograph))
            {
                mappings[code] = (width, ideograph.ToString("X4", CultureInfo.InvariantCulture));
                replaced++;
            }
        }
        if (replaced == 0)
            return null;

        var builder = new StringBuilder(cmap[..prefixEnd]);
        foreach (var chunk in mappings.Chunk(100))
        {
            builder.Append(CultureInfo.InvariantCulture, $"{chunk.Length} beginbfchar\n");
            foreach (var (code, (width, destination)) in chunk)
                builder.Append('<').Append(code.ToString(width == 2 ? "X2" : "X4", CultureInfo.InvariantCulture)).Append("> <").Append(destination).Append(">\n");
            builder.Append("endbfchar\n");
        }
        builder.Append(cmap[end..]);
        return builder.ToString();
    }

    private static int IndexOfAny(string text, params string[] words) =>
        words.Select(w => text.IndexOf(w, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();

    private static IEnumerable<string> Blocks(string text, string begin, string end)
    {
        var at = 0;
        while ((at = text.IndexOf(begin, at, StringComparison.Ordinal)) >= 0)
        {
            var stop = text.IndexOf(end, at, StringComparison.Ordinal);
            if (stop < 0)
                yield break;
            yield return text[(at + begin.Length)..stop];
            at = stop + end.Length;
        }
    }

    private static byte[] Inflate(byte[] data)
    {
        using var input = new ZLibStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
            z.Write(data);
        return output.ToArray();
    }

    private static byte[] Write(byte[] header, List<PdfObject> objects, string trailer, int size)
    {
        using var output = new MemoryStream();
        output.Write(header);
        var offsets = new Dictionary<int, (long Offset, int Generation)>();
        foreach (var o in objects)
        {
            offsets[o.Number] = (output.Position, o.Generation);
            output.Write(o.Bytes);
        }
        var xref = output.Position;
        var table = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"xref\n0 {size}\n0000000000 65535 f \n"));
        for (var n = 1; n < size; n++)
        {
            table.Append(offsets.TryGetValue(n, out var e)
                ? string.Create(CultureInfo.InvariantCulture, $"{e.Offset:D10} {e.Generation:D5} n \n")
                : "0000000000 65535 f \n");
        }
        table.Append(trailer.TrimEnd()).Append('\n').Append(CultureInfo.InvariantCulture, $"startxref\n{xref}\n%%EOF\n");
        output.Write(Latin1.GetBytes(table.ToString()));
        return output.ToArray();
    }
}
