using SkiaSharp;

namespace Meicheng.Web.Features.Reports;

/// <summary>
/// The report as PDF through Skia's PDF backend: text is drawn as text in Noto Sans CJK SC (embedded; Skia embeds CFF
/// collections as Type 3 glyph outlines with a ToUnicode map), so the PDF's text holds every figure. Charts are drawn
/// onto the page as vectors with the same code that renders the Word document's PNGs. Layout is done once with measured
/// text; pages are then drawn knowing the page count, for "第 X 页 共 Y 页".
/// </summary>
public static class PdfReport
{
    private const float PageWidth = 595.28f, PageHeight = 841.89f, Margin = 68, Top = 78, Bottom = 74;
    private const float ContentWidth = PageWidth - 2 * Margin;

    public static byte[] Build(RoundReport report, ReportFonts fonts) => Build(ReportContent.Build(report), fonts, report.Round.FrozenAt);

    public static byte[] Build(ReportDocument doc, ReportFonts fonts, DateTimeOffset created)
    {
        using var layout = new Layout(fonts);
        foreach (var block in doc.Body)
            layout.Add(block);
        var pages = layout.Pages;

        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = doc.Title, Author = doc.Cover.Organisation, Creator = "Meicheng 美城", Producer = "Meicheng 美城 (SkiaSharp PDF)",
            Subject = doc.Cover.Subtitle, Creation = created.UtcDateTime, Modified = created.UtcDateTime, RasterDpi = 300,
        };
        using (var pdf = SKDocument.CreatePdf(stream, metadata))
        {
            DrawCover(pdf.BeginPage(PageWidth, PageHeight), doc.Cover, fonts);
            pdf.EndPage();
            for (var i = 0; i < pages.Count; i++)
            {
                var canvas = pdf.BeginPage(PageWidth, PageHeight);
                DrawFurniture(canvas, doc.RunningHead, i + 1, pages.Count, fonts);
                foreach (var draw in pages[i])
                    draw(canvas);
                pdf.EndPage();
            }
            pdf.Close();
        }
        return PdfText.FixRadicals(stream.ToArray(), fonts.Ideographs);
    }

    private static void Centered(SKCanvas canvas, string text, float y, SKFont font, SKPaint paint) =>
        canvas.DrawText(text, (PageWidth - font.MeasureText(text)) / 2, y, font, paint);

    private static void DrawCover(SKCanvas canvas, TitlePage cover, ReportFonts fonts)
    {
        using var ink = new SKPaint { Color = new SKColor(0x1A, 0x1A, 0x1A), IsAntialias = true };
        using var red = new SKPaint { Color = new SKColor(0xB2, 0x22, 0x22), IsAntialias = true, StrokeWidth = 1.6f, Style = SKPaintStyle.Stroke };
        using var kicker = new SKFont(fonts.Bold, 16);
        using var title = new SKFont(fonts.Bold, 22);
        using var subtitle = new SKFont(fonts.Regular, 14);
        using var line = new SKFont(fonts.Regular, 14);
        using var note = new SKFont(fonts.Regular, 7.5f);
        Centered(canvas, cover.Kicker, 190, kicker, ink);
        canvas.DrawLine(Margin, 212, PageWidth - Margin, 212, red);
        var y = 270f;
        foreach (var l in Wrap(cover.Title, title, ContentWidth))
        {
            Centered(canvas, l, y, title, ink);
            y += 36;
        }
        Centered(canvas, cover.Subtitle, y + 10, subtitle, ink);
        Centered(canvas, cover.Organisation, 600, line, ink);
        Centered(canvas, cover.Date, 628, line, ink);
        Centered(canvas, cover.Fingerprint, 760, note, ink);
    }

    private static void DrawFurniture(SKCanvas canvas, string runningHead, int page, int pages, ReportFonts fonts)
    {
        using var small = new SKFont(fonts.Regular, 8);
        using var grey = new SKPaint { Color = new SKColor(0x59, 0x59, 0x59), IsAntialias = true };
        using var rule = new SKPaint { Color = new SKColor(0xA6, 0xA6, 0xA6), StrokeWidth = 0.5f, Style = SKPaintStyle.Stroke };
        canvas.DrawText(runningHead, PageWidth - Margin - small.MeasureText(runningHead), 50, small, grey);
        canvas.DrawLine(Margin, 55, PageWidth - Margin, 55, rule);
        Centered(canvas, $"第 {page} 页  共 {pages} 页", PageHeight - 42, small, grey);
    }

    // Lines may not start with closing punctuation, so it hangs at the end of the previous line instead.
    private const string NoLineStart = "，。、；：？！）》」』”’%．,.;:?!)]";

    // …and may not end with opening brackets, which move down with what they open.
    private const string NoLineEnd = "（《「『“‘([";

    /// <summary>Greedy line breaking: CJK characters break anywhere, runs of Latin letters and digits stay whole unless longer than a line.</summary>
    internal static List<string> Wrap(string text, SKFont font, float width, float firstIndent = 0)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        var limit = width - firstIndent;
        foreach (var token in Tokens(text))
        {
            if (line.Length > 0)
            {
                var fits = font.MeasureText(line + token) <= limit;
                var hangs = token.Length == 1 && NoLineStart.Contains(token[0], StringComparison.Ordinal);
                if (fits || hangs)
                {
                    line.Append(token);
                    continue;
                }
                var carry = line.Length > 1 && NoLineEnd.Contains(line[^1], StringComparison.Ordinal) ? line[^1].ToString() : "";
                lines.Add(line.ToString(0, line.Length - carry.Length).TrimEnd());
                line.Clear().Append(carry);
                limit = width;
            }
            var rest = token == " " && line.Length == 0 ? "" : token;
            while (rest.Length > 1 && font.MeasureText(rest) > limit)
            {
                var n = rest.Length - 1;
                while (n > 1 && font.MeasureText(rest[..n]) > limit)
                    n--;
                lines.Add(rest[..n]);
                rest = rest[n..];
                limit = width;
            }
            line.Append(rest);
        }
        if (line.Length > 0 || lines.Count == 0)
            lines.Add(line.ToString().TrimEnd());
        return lines;
    }

    private static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '.' or '-' or '_' or '/' or '+' or '=' or '·' or '(' or ')' or '%')
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '.' or '-' or '_' or '/' or '+' or '=' or '·' or '(' or ')' or '%'))
                    i++;
                tokens.Add(text[start..i]);
            }
            else if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length)
            {
                tokens.Add(text.Substring(i, 2));
                i += 2;
            }
            else
            {
                tokens.Add(text[i].ToString());
                i++;
            }
        }
        return tokens;
    }

    private sealed class Layout : IDisposable
    {
        private readonly ReportFonts _fonts;
        private readonly SKFont _body, _bodyBold, _h1, _h2, _cell, _cellBold;
        private float _y = Top;

        public Layout(ReportFonts fonts)
        {
            _fonts = fonts;
            _body = new SKFont(fonts.Regular, 10.5f);
            _bodyBold = new SKFont(fonts.Bold, 10.5f);
            _h1 = new SKFont(fonts.Bold, 15);
            _h2 = new SKFont(fonts.Bold, 12);
            _cell = new SKFont(fonts.Regular, 8.5f);
            _cellBold = new SKFont(fonts.Bold, 8.5f);
            Pages.Add([]);
        }

        public List<List<Action<SKCanvas>>> Pages { get; } = [];

        private List<Action<SKCanvas>> Page => Pages[^1];

        private float Room => PageHeight - Bottom - _y;

        private void NewPage()
        {
            Pages.Add([]);
            _y = Top;
        }

        private void Ensure(float height)
        {
            if (height > Room && _y > Top)
                NewPage();
        }

        public void Add(Block block)
        {
            switch (block)
            {
                case HeadingBlock h:
                    Heading(h);
                    break;
                case ParagraphBlock p:
                    Paragraph(p.Text, p.Emphasis ? _bodyBold : _body);
                    break;
                case TableBlock t:
                    Table(t);
                    break;
                case ChartBlock c:
                    Chart(c.Chart);
                    break;
                case PageBreakBlock:
                    NewPage();
                    break;
            }
        }

        private void Heading(HeadingBlock h)
        {
            var font = h.Level == 1 ? _h1 : _h2;
            var before = h.Level == 1 ? 14f : 8f;
            var lineHeight = font.Size * 1.5f;
            var lines = Wrap(h.Text, font, ContentWidth);
            // Keep a heading with at least three lines of what follows.
            Ensure(before + lines.Count * lineHeight + 3 * _body.Size * 1.7f);
            _y += before;
            foreach (var line in lines)
            {
                var y = _y + font.Size;
                var text = line;
                Page.Add(c =>
                {
                    using var ink = new SKPaint { Color = new SKColor(0x11, 0x11, 0x11), IsAntialias = true };
                    c.DrawText(text, Margin, y, font, ink);
                });
                _y += lineHeight;
            }
            _y += 4;
        }

        private void Paragraph(string text, SKFont font)
        {
            var lineHeight = font.Size * 1.7f;
            var indent = font.Size * 2;
            var lines = Wrap(text, font, ContentWidth, indent);
            for (var i = 0; i < lines.Count; i++)
            {
                Ensure(lineHeight);
                var y = _y + font.Size;
                var x = Margin + (i == 0 ? indent : 0);
                var line = lines[i];
                Page.Add(c =>
                {
                    using var ink = new SKPaint { Color = new SKColor(0x1A, 0x1A, 0x1A), IsAntialias = true };
                    c.DrawText(line, x, y, font, ink);
                });
                _y += lineHeight;
            }
            _y += 4;
        }

        private static readonly Dictionary<string, SKColor> StatusFill = new()
        {
            ["achieved"] = new(0xD7, 0xEF, 0xE0), ["on-track"] = new(0xE6, 0xF4, 0xEA), ["needs-attention"] = new(0xFC, 0xEF, 0xD2),
            ["off-track"] = new(0xF8, 0xDC, 0xDB), ["no-data"] = new(0xEE, 0xF0, 0xF3), ["not-yet-due"] = new(0xF5, 0xF6, 0xF8),
        };

        private void Table(TableBlock t)
        {
            const float pad = 3;
            var lineHeight = _cell.Size * 1.45f;
            var total = t.Widths.Sum();
            var widths = t.Widths.Select(w => (float)(ContentWidth * w / total)).ToArray();
            (List<List<string>> Cells, float Height) Measure(IReadOnlyList<string> row, SKFont font)
            {
                var cells = row.Select((text, i) => Wrap(text, font, widths[i] - 2 * pad)).ToList();
                return (cells, cells.Max(c => c.Count) * lineHeight + 2 * pad);
            }
            var header = Measure(t.Header, _cellBold);
            Ensure(header.Height + Measure(t.Rows.Count > 0 ? t.Rows[0] : t.Header, _cell).Height);
            DrawRow(header.Cells, header.Height, widths, _cellBold, new SKColor(0xE7, 0xEC, 0xF2), null, lineHeight, pad);
            for (var r = 0; r < t.Rows.Count; r++)
            {
                var row = Measure(t.Rows[r], _cell);
                if (row.Height > Room)
                {
                    NewPage();
                    DrawRow(header.Cells, header.Height, widths, _cellBold, new SKColor(0xE7, 0xEC, 0xF2), null, lineHeight, pad);
                }
                DrawRow(row.Cells, row.Height, widths, _cell, null, t.Statuses?[r], lineHeight, pad);
            }
            _y += 10;
        }

        private void DrawRow(List<List<string>> cells, float height, float[] widths, SKFont font, SKColor? background, IReadOnlyList<string?>? statuses, float lineHeight, float pad)
        {
            var top = _y;
            Page.Add(c =>
            {
                using var fill = new SKPaint { Style = SKPaintStyle.Fill };
                using var border = new SKPaint { Color = new SKColor(0xA6, 0xA6, 0xA6), StrokeWidth = 0.5f, Style = SKPaintStyle.Stroke };
                using var ink = new SKPaint { Color = new SKColor(0x1A, 0x1A, 0x1A), IsAntialias = true };
                var x = Margin;
                for (var i = 0; i < cells.Count; i++)
                {
                    var rect = SKRect.Create(x, top, widths[i], height);
                    SKColor? color = background ?? (statuses?[i] is { } s && StatusFill.TryGetValue(s, out var f) ? f : null);
                    if (color is { } col)
                    {
                        fill.Color = col;
                        c.DrawRect(rect, fill);
                    }
                    c.DrawRect(rect, border);
                    var y = top + pad + font.Size;
                    foreach (var line in cells[i])
                    {
                        c.DrawText(line, x + pad, y, font, ink);
                        y += lineHeight;
                    }
                    x += widths[i];
                }
            });
            _y += height;
        }

        private void Chart(BarChart chart)
        {
            var height = ReportCharts.Height(chart);
            Ensure(height + 8);
            var rect = SKRect.Create(Margin + 20, _y + 4, ContentWidth - 40, height);
            var fonts = _fonts;
            Page.Add(c => ReportCharts.Draw(c, rect, chart, fonts));
            _y += height + 12;
        }

        public void Dispose()
        {
            foreach (var f in new[] { _body, _bodyBold, _h1, _h2, _cell, _cellBold })
                f.Dispose();
        }
    }
}
