using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Meicheng.Core.Plans.Extraction;
using Meicheng.Documents;
using SkiaSharp;

namespace Meicheng.Cli.Tests;

/// <summary>A seed text as a Word file and as a PDF reads into the same draft plan as the text itself.</summary>
public sealed class PlanDocumentReaderTests
{
    private const string FontPath = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

    private static string SeedText() =>
        File.ReadAllText(Path.GetFullPath(Path.Combine(CliRunner.RepoRoot, "..", "shared", "seeds", "003_fe283b57d9bee6d3.txt")));

    // What a person reviews: the items and their readings, not the character offsets (layout spaces differ per format).
    private static List<string> Summary(string text)
    {
        var plan = new PlanExtractor().Extract(text);
        return [
            $"{plan.Title}|{plan.DocumentNumber}|{plan.Issuer}|{plan.Date}|{plan.FrameYear}",
            .. plan.Areas.Select(a => $"area {a.Number} {a.Title}"),
            .. plan.Tasks.Select(t => $"task {t.Number} {t.Title} {string.Join("、", t.Responsible.Select(r => r.Name + ":" + r.Role))}"),
            .. plan.Targets.Select(t => $"target {t.TaskNumber} {t.Indicator} {t.Comparator} {t.ValueText}{t.Unit} {t.Year} {t.YearSource} {t.Kind} {t.Clause}"),
            .. plan.Milestones.Select(m => $"milestone {m.Year} {m.Title}"),
        ];
    }

    [Fact]
    public void A_docx_made_from_a_seed_gives_the_same_plan_as_the_text()
    {
        var text = SeedText();
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var body = new Body();
            foreach (var line in text.Split('\n'))
                body.Append(new Paragraph(new Run(new Text(line.Trim()) { Space = SpaceProcessingModeValues.Preserve })));
            // A table in an annex: read row by row, cells joined by tabs.
            body.Append(new Paragraph(new Run(new Text("附件"))));
            var table = new Table();
            foreach (var row in new[] { new[] { "项目", "数量（个）" }, ["北区", "3"], ["合计", "5"] })
                table.Append(new TableRow(row.Select(c => new TableCell(new Paragraph(new Run(new Text(c)))))));
            body.Append(table);
            doc.AddMainDocumentPart().Document = new Document(body);
        }

        var read = PlanDocumentReader.Read(stream.ToArray(), "方案.docx");

        Assert.Contains("合计\t5", read, StringComparison.Ordinal);
        var withoutAnnex = read[..read.IndexOf("附件\n", StringComparison.Ordinal)];
        Assert.Equal(Summary(text), Summary(withoutAnnex));
        Assert.Contains(new PlanExtractor().Extract(read).Targets, t => t.Indicator.StartsWith("合计", StringComparison.Ordinal) && t.Value == 5 && t.Unit == "个");
    }

    [Fact]
    public void A_pdf_made_from_a_seed_gives_the_same_plan_as_the_text()
    {
        var text = SeedText();
        var pdf = Pdf(text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

        var read = PlanDocumentReader.Read(pdf, "方案.pdf");

        Assert.Equal(Summary(text), Summary(read));
    }

    [Fact]
    public void Gb18030_text_is_detected()
    {
        var text = SeedText();
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding("GB18030").GetBytes(text);
        Assert.Equal(text, PlanDocumentReader.Read(bytes, "方案.txt"));
    }

    [Fact]
    public void Malformed_uploads_get_a_clear_chinese_error()
    {
        Assert.Contains("文件是空的", Refused([], "a.docx"), StringComparison.Ordinal);
        Assert.Contains("无法识别的文件格式", Refused([0x00, 0x13, 0x37, 0x00, 0xFF], "a.txt"), StringComparison.Ordinal);
        Assert.Contains("无法打开这个 Word 文件", Refused([.. "PK\u0003\u0004"u8, 1, 2, 3], "a.docx"), StringComparison.Ordinal);
        Assert.Contains("没有文字层", Refused(ScannedPdf(), "scan.pdf"), StringComparison.Ordinal);
        Assert.Contains("没有可读的中文文字", Refused("hello world"u8.ToArray(), "a.txt"), StringComparison.Ordinal);
        Assert.Contains(".docx", Refused([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "old.doc"), StringComparison.Ordinal);
    }

    private static string Refused(byte[] bytes, string name) => Assert.Throws<DocumentReadException>(() => PlanDocumentReader.Read(bytes, name)).Message;

    // A page with only a picture of text, as a scanner makes.
    private static byte[] ScannedPdf()
    {
        using var stream = new MemoryStream();
        using (var doc = SKDocument.CreatePdf(stream))
        {
            var canvas = doc.BeginPage(595, 842);
            using var paint = new SKPaint { Color = SKColors.Gray };
            canvas.DrawRect(60, 60, 400, 600, paint);
            doc.EndPage();
            doc.Close();
        }
        return stream.ToArray();
    }

    // A4, 10.5 pt, each paragraph's first line indented two characters, lines wrapped at the margin, as Word prints a plan.
    private static byte[] Pdf(IEnumerable<string> paragraphs)
    {
        const float width = 595, height = 842, margin = 72, size = 10.5f, leading = 18;
        using var typeface = SKTypeface.FromFile(FontPath, 2);
        using var font = new SKFont(typeface, size);
        using var ink = new SKPaint { Color = SKColors.Black };
        using var stream = new MemoryStream();
        using (var doc = SKDocument.CreatePdf(stream))
        {
            SKCanvas? canvas = null;
            var y = 0f;
            foreach (var paragraph in paragraphs)
            {
                var x = margin + 2 * size;
                var line = new StringBuilder();
                foreach (var ch in paragraph)
                {
                    var w = font.MeasureText(ch.ToString());
                    if (x + font.MeasureText(line.ToString()) + w > width - margin)
                    {
                        Draw(line.ToString(), x);
                        line.Clear();
                        x = margin;
                    }
                    line.Append(ch);
                }
                Draw(line.ToString(), x);
            }
            doc.EndPage();
            doc.Close();

            void Draw(string s, float x)
            {
                if (canvas is null || y > height - margin)
                {
                    if (canvas is not null)
                        doc.EndPage();
                    canvas = doc.BeginPage(width, height);
                    y = margin;
                }
                canvas.DrawText(s, x, y, font, ink);
                y += leading;
            }
        }
        return stream.ToArray();
    }
}
