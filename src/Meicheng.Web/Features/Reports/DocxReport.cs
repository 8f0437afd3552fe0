using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace Meicheng.Web.Features.Reports;

/// <summary>
/// The report as a Word document an office can send as it is: A4, 宋体 body and 黑体 headings (East Asian fonts set on
/// every style), a cover page, a running head, "— 1 —" page numbers (GB/T 9704) in the footer of the body section, tables with repeated
/// header rows, and the charts as PNG images rendered with the report fonts.
/// </summary>
public static class DocxReport
{
    private const int PageWidth = 11906, PageHeight = 16838, MarginLeftRight = 1588, MarginTop = 1440, MarginBottom = 1440;
    private const int TextWidth = PageWidth - 2 * MarginLeftRight;
    private const string Body = "宋体", Heading = "黑体", Latin = "Times New Roman";

    public static byte[] Build(RoundReport report, ReportFonts fonts) => Build(ReportContent.Build(report), fonts, report.Round.FrozenAt);

    public static byte[] Build(ReportDocument doc, ReportFonts fonts, DateTimeOffset created)
    {
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            word.PackageProperties.Title = doc.Title;
            word.PackageProperties.Creator = doc.Cover.Organisation;
            word.PackageProperties.Language = "zh-CN";
            word.PackageProperties.Created = created.UtcDateTime;
            word.PackageProperties.Modified = created.UtcDateTime;
            var main = word.AddMainDocumentPart();
            AddStyles(main);
            AddFontTable(main);
            var header = main.AddNewPart<HeaderPart>();
            header.Header = new Header(new Paragraph(
                new ParagraphProperties(new ParagraphStyleId { Val = "RunningHead" }),
                new Run(new Text(doc.RunningHead))));
            var footer = main.AddNewPart<FooterPart>();
            // Page numbers as official documents print them (GB/T 9704): "— 1 —", counting from the first page after the cover.
            footer.Footer = new Footer(new Paragraph(
                new ParagraphProperties(new ParagraphStyleId { Val = "PageNumber" }),
                new Run(new Text("— ") { Space = SpaceProcessingModeValues.Preserve }),
                new SimpleField(new Run(new Text("1"))) { Instruction = " PAGE " },
                new Run(new Text(" —") { Space = SpaceProcessingModeValues.Preserve })));

            var body = new Body();
            Cover(body, doc.Cover);
            uint pictureId = 1;
            foreach (var block in doc.Body)
            {
                switch (block)
                {
                    case HeadingBlock h:
                        body.Append(Para(h.Text, h.Level == 1 ? "Heading1" : "Heading2"));
                        break;
                    case ParagraphBlock p:
                        body.Append(Para(p.Text, "BodyText", p.Emphasis));
                        break;
                    case TableBlock t:
                        body.Append(Table(t));
                        body.Append(Para("", "AfterTable"));
                        break;
                    case ChartBlock c:
                        body.Append(Chart(main, c.Chart, fonts, pictureId++));
                        break;
                    case PageBreakBlock:
                        body.Append(new Paragraph(new Run(new Break { Type = BreakValues.Page })));
                        break;
                }
            }
            body.Append(new SectionProperties(
                new HeaderReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(header) },
                new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) },
                new SectionType { Val = SectionMarkValues.NextPage },
                new PageSize { Width = PageWidth, Height = PageHeight },
                new PageMargin { Top = MarginTop, Bottom = MarginBottom, Left = MarginLeftRight, Right = MarginLeftRight, Header = 851, Footer = 851, Gutter = 0 },
                new PageNumberType { Start = 1 }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static RunFonts Fonts(string eastAsia) => new() { Ascii = Latin, HighAnsi = Latin, EastAsia = eastAsia, ComplexScript = Latin, Hint = FontTypeHintValues.EastAsia };

    private static Style ParagraphStyle(string id, string name, string eastAsia, int halfPoints, bool bold = false, JustificationValues? align = null,
        int before = 0, int after = 0, int? firstLineChars = null, bool keepNext = false, int? outline = null, int line = 360)
    {
        var pPr = new StyleParagraphProperties();
        if (keepNext)
            pPr.KeepNext = new KeepNext();
        pPr.SpacingBetweenLines = new SpacingBetweenLines { Before = before.ToString(System.Globalization.CultureInfo.InvariantCulture), After = after.ToString(System.Globalization.CultureInfo.InvariantCulture), Line = line.ToString(System.Globalization.CultureInfo.InvariantCulture), LineRule = LineSpacingRuleValues.Auto };
        // FirstLineChars is what Word uses (two characters whatever the size); FirstLine is the same in twips for other readers.
        if (firstLineChars is { } chars)
            pPr.Indentation = new Indentation { FirstLine = (chars * halfPoints / 10).ToString(System.Globalization.CultureInfo.InvariantCulture), FirstLineChars = chars };
        if (align is { } a)
            pPr.Justification = new Justification { Val = a };
        if (outline is { } level)
            pPr.OutlineLevel = new OutlineLevel { Val = level };
        var rPr = new StyleRunProperties { RunFonts = Fonts(eastAsia), FontSize = new FontSize { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) }, FontSizeComplexScript = new FontSizeComplexScript { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        if (bold)
            rPr.Bold = new Bold();
        return new Style(new StyleName { Val = name }, new BasedOn { Val = "Normal" }, new PrimaryStyle(), pPr, rPr) { Type = StyleValues.Paragraph, StyleId = id };
    }

    private static void AddStyles(MainDocumentPart main)
    {
        var part = main.AddNewPart<StyleDefinitionsPart>();
        var defaults = new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle
            {
                RunFonts = Fonts(Body),
                FontSize = new FontSize { Val = "24" },
                FontSizeComplexScript = new FontSizeComplexScript { Val = "24" },
                Languages = new Languages { Val = "en-US", EastAsia = "zh-CN" },
            }),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle { SpacingBetweenLines = new SpacingBetweenLines { After = "0", Line = "360", LineRule = LineSpacingRuleValues.Auto } }));
        var normal = new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true };
        var table = new Style(new StyleName { Val = "Report Table" }, new StyleTableProperties(
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 8, Color = "595959" }, new LeftBorder { Val = BorderValues.Single, Size = 4, Color = "A6A6A6" },
                new BottomBorder { Val = BorderValues.Single, Size = 8, Color = "595959" }, new RightBorder { Val = BorderValues.Single, Size = 4, Color = "A6A6A6" },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4, Color = "A6A6A6" }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4, Color = "A6A6A6" }),
            new TableCellMarginDefault(new TopMargin { Width = "40", Type = TableWidthUnitValues.Dxa }, new TableCellLeftMargin { Width = 80, Type = TableWidthValues.Dxa },
                new BottomMargin { Width = "40", Type = TableWidthUnitValues.Dxa }, new TableCellRightMargin { Width = 80, Type = TableWidthValues.Dxa })))
        { Type = StyleValues.Table, StyleId = "ReportTable" };
        part.Styles = new Styles(defaults, normal,
            ParagraphStyle("BodyText", "Body Text", Body, 24, firstLineChars: 200),
            ParagraphStyle("Heading1", "heading 1", Heading, 32, bold: false, before: 240, after: 120, keepNext: true, outline: 0),
            ParagraphStyle("Heading2", "heading 2", "楷体", 28, bold: true, before: 160, after: 80, keepNext: true, outline: 1),
            ParagraphStyle("CoverKicker", "Cover Kicker", Heading, 32, align: JustificationValues.Center, before: 1800, after: 600),
            ParagraphStyle("CoverTitle", "Cover Title", "方正小标宋简体", 44, bold: true, align: JustificationValues.Center, after: 400),
            ParagraphStyle("CoverSubtitle", "Cover Subtitle", "楷体", 30, align: JustificationValues.Center, after: 3600),
            ParagraphStyle("CoverLine", "Cover Line", Body, 30, align: JustificationValues.Center, after: 120),
            ParagraphStyle("CoverNote", "Cover Note", Body, 18, align: JustificationValues.Center, before: 1200),
            ParagraphStyle("TableText", "Table Text", Body, 20, line: 260),
            ParagraphStyle("TableHead", "Table Head", Heading, 20, align: JustificationValues.Center, line: 260),
            ParagraphStyle("AfterTable", "After Table", Body, 12),
            ParagraphStyle("Figure", "Figure", Body, 20, align: JustificationValues.Center, before: 120, after: 120),
            ParagraphStyle("RunningHead", "Running Head", Body, 18, align: JustificationValues.Right),
            ParagraphStyle("PageNumber", "Page Number", Body, 18, align: JustificationValues.Center),
            table);
    }

    private static void AddFontTable(MainDocumentPart main)
    {
        // The Chinese names are what Word and WPS look up; AltName gives the English name for other systems.
        var part = main.AddNewPart<FontTablePart>();
        part.Fonts = new Fonts(
            Font(Body, "SimSun", "86"), Font(Heading, "SimHei", "86"), Font("楷体", "KaiTi", "86"), Font("方正小标宋简体", "FZXiaoBiaoSong-B05S", "86"),
            new Font(new FontCharSet { Val = "00" }, new FontFamily { Val = FontFamilyValues.Roman }, new Pitch { Val = FontPitchValues.Variable }) { Name = Latin });
    }

    private static Font Font(string name, string alt, string charset) =>
        new(new AltName { Val = alt }, new FontCharSet { Val = charset }, new FontFamily { Val = FontFamilyValues.Auto }, new Pitch { Val = FontPitchValues.Variable }) { Name = name };

    private static Paragraph Para(string text, string style, bool bold = false)
    {
        var run = new Run();
        if (bold)
            run.RunProperties = new RunProperties { Bold = new Bold() };
        run.Append(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
        return new Paragraph(new ParagraphProperties { ParagraphStyleId = new ParagraphStyleId { Val = style } }, run);
    }

    private static void Cover(Body body, TitlePage cover)
    {
        body.Append(Para(cover.Kicker, "CoverKicker"));
        body.Append(Para(cover.Title, "CoverTitle"));
        body.Append(Para(cover.Subtitle, "CoverSubtitle"));
        body.Append(Para(cover.Organisation, "CoverLine"));
        body.Append(Para(cover.Date, "CoverLine"));
        // The cover is its own section: no running head, no page number; the body's numbering starts at 1.
        var last = Para(cover.Fingerprint, "CoverNote");
        last.ParagraphProperties!.SectionProperties = new SectionProperties(
            new SectionType { Val = SectionMarkValues.NextPage },
            new PageSize { Width = PageWidth, Height = PageHeight },
            new PageMargin { Top = MarginTop, Bottom = MarginBottom, Left = MarginLeftRight, Right = MarginLeftRight, Header = 851, Footer = 851, Gutter = 0 });
        body.Append(last);
    }

    private static readonly Dictionary<string, string> StatusFill = new()
    {
        ["achieved"] = "D7EFE0", ["on-track"] = "E6F4EA", ["needs-attention"] = "FCEFD2", ["off-track"] = "F8DCDB", ["no-data"] = "EEF0F3", ["not-yet-due"] = "F5F6F8",
        ["done"] = "D7EFE0", ["overdue"] = "F8DCDB", ["at-risk"] = "FCEFD2",
    };

    private static Table Table(TableBlock t)
    {
        var total = t.Widths.Sum();
        var widths = t.Widths.Select(w => (int)Math.Floor(TextWidth * w / total)).ToList();
        var table = new Table(
            new TableProperties(
                new TableStyle { Val = "ReportTable" },
                new TableWidth { Width = TextWidth.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
                new TableLayout { Type = TableLayoutValues.Fixed },
                new TableLook { Val = "04A0" }),
            new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        table.Append(Row(t.Header, widths, header: true, null));
        for (var i = 0; i < t.Rows.Count; i++)
            table.Append(Row(t.Rows[i], widths, header: false, t.Statuses?[i]));
        return table;
    }

    private static TableRow Row(IReadOnlyList<string> cells, List<int> widths, bool header, IReadOnlyList<string?>? statuses)
    {
        var row = new TableRow();
        row.TableRowProperties = header
            ? new TableRowProperties(new CantSplit(), new TableHeader())
            : new TableRowProperties(new CantSplit());
        for (var c = 0; c < cells.Count; c++)
        {
            var props = new TableCellProperties { TableCellWidth = new TableCellWidth { Width = widths[c].ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa } };
            var fill = header ? "E7ECF2" : statuses?[c] is { } s && StatusFill.TryGetValue(s, out var f) ? f : null;
            if (fill is not null)
                props.Shading = new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = fill };
            props.TableCellVerticalAlignment = new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center };
            row.Append(new TableCell(props, Para(cells[c], header ? "TableHead" : "TableText")));
        }
        return row;
    }

    private static Paragraph Chart(MainDocumentPart main, BarChart chart, ReportFonts fonts, uint id)
    {
        const float widthPoints = 440;
        var png = ReportCharts.Png(chart, fonts, widthPoints);
        var image = main.AddImagePart(ImagePartType.Png);
        using (var data = new MemoryStream(png))
            image.FeedData(data);
        const long emuPerPoint = 12700;
        var cx = (long)(widthPoints * emuPerPoint);
        var cy = (long)(ReportCharts.Height(chart) * emuPerPoint);
        var name = $"chart{id}.png";
        var drawing = new Drawing(new DW.Inline(
            new DW.Extent { Cx = cx, Cy = cy },
            new DW.EffectExtent { LeftEdge = 0, TopEdge = 0, RightEdge = 0, BottomEdge = 0 },
            new DW.DocProperties { Id = id, Name = chart.Title, Description = chart.Title },
            new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            new A.Graphic(new A.GraphicData(
                new PIC.Picture(
                    new PIC.NonVisualPictureProperties(new PIC.NonVisualDrawingProperties { Id = id, Name = name }, new PIC.NonVisualPictureDrawingProperties()),
                    new PIC.BlipFill(new A.Blip { Embed = main.GetIdOfPart(image) }, new A.Stretch(new A.FillRectangle())),
                    new PIC.ShapeProperties(
                        new A.Transform2D(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = cx, Cy = cy }),
                        new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        { DistanceFromTop = 0, DistanceFromBottom = 0, DistanceFromLeft = 0, DistanceFromRight = 0 });
        return new Paragraph(new ParagraphProperties { ParagraphStyleId = new ParagraphStyleId { Val = "Figure" }, KeepNext = null }, new Run(drawing));
    }
}
