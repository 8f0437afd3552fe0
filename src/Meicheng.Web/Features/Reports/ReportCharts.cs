using System.Globalization;
using SkiaSharp;

namespace Meicheng.Web.Features.Reports;

/// <summary>
/// Draws a <see cref="BarChart"/> on any Skia canvas: a PNG for Word, or straight onto a PDF page (vector, real text).
/// Sizes are in points; the PNG is rendered at a scale for print.
/// </summary>
public static class ReportCharts
{
    private const float Row = 22, Bar = 13, TitleHeight = 26, LegendHeight = 20, AxisHeight = 22, Pad = 6;

    public static float Height(BarChart chart) =>
        TitleHeight + (chart.Series.Count > 1 ? LegendHeight : 0) + Math.Max(1, chart.Categories.Count) * Row + AxisHeight + Pad;

    /// <summary>The chart as a PNG, <paramref name="width"/> points wide, rendered at <paramref name="scale"/> pixels per point.</summary>
    public static byte[] Png(BarChart chart, ReportFonts fonts, float width, float scale = 3)
    {
        var height = Height(chart);
        var info = new SKImageInfo((int)Math.Ceiling(width * scale), (int)Math.Ceiling(height * scale));
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.Scale(scale);
        Draw(canvas, new SKRect(0, 0, width, height), chart, fonts);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static void Draw(SKCanvas canvas, SKRect area, BarChart chart, ReportFonts fonts)
    {
        using var titleFont = new SKFont(fonts.Bold, 10.5f);
        using var font = new SKFont(fonts.Regular, 8.5f);
        using var ink = new SKPaint { Color = new SKColor(0x22, 0x22, 0x22), IsAntialias = true };
        using var grey = new SKPaint { Color = new SKColor(0x66, 0x66, 0x66), IsAntialias = true };
        using var grid = new SKPaint { Color = new SKColor(0xE3, 0xE6, 0xEA), StrokeWidth = 0.6f, IsAntialias = true, Style = SKPaintStyle.Stroke };
        using var fill = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };

        var y = area.Top;
        var titleWidth = titleFont.MeasureText(chart.Title);
        canvas.DrawText(chart.Title, area.MidX - titleWidth / 2, y + 16, titleFont, ink);
        y += TitleHeight;

        if (chart.Series.Count > 1)
        {
            var x = area.Left + 4;
            foreach (var s in chart.Series)
            {
                fill.Color = s.Color;
                canvas.DrawRect(x, y + 4, 9, 9, fill);
                canvas.DrawText(s.Name, x + 12, y + 12, font, grey);
                x += 12 + font.MeasureText(s.Name) + 14;
            }
            y += LegendHeight;
        }

        var labelWidth = Math.Min(area.Width * 0.38f, chart.Categories.Select(c => font.MeasureText(c)).DefaultIfEmpty(0).Max() + 8);
        var left = area.Left + labelWidth;
        var right = area.Right - 34;
        var totals = Enumerable.Range(0, chart.Categories.Count)
            .Select(i => chart.Stacked ? chart.Series.Sum(s => s.Values[i]) : chart.Series.Max(s => s.Values[i])).ToList();
        var max = chart.Max ?? NiceMax(totals.DefaultIfEmpty(0).Max());
        float X(double v) => left + (float)(Math.Clamp(v / max, 0, 1) * (right - left));
        var plotTop = y;
        var plotBottom = y + Math.Max(1, chart.Categories.Count) * Row;

        for (var t = 0; t <= 4; t++)
        {
            var v = max * t / 4;
            var gx = X(v);
            canvas.DrawLine(gx, plotTop, gx, plotBottom, grid);
            var label = v.ToString("0.#", CultureInfo.InvariantCulture);
            canvas.DrawText(label, gx - font.MeasureText(label) / 2, plotBottom + 12, font, grey);
        }
        if (chart.Unit.Length > 0)
            canvas.DrawText(chart.Unit, right + 14, plotBottom + 12, font, grey);

        if (chart.Categories.Count == 0)
            canvas.DrawText("（无数据）", left + 6, plotTop + 15, font, grey);
        for (var i = 0; i < chart.Categories.Count; i++)
        {
            var rowTop = plotTop + i * Row;
            var label = Fit(chart.Categories[i], font, labelWidth - 8);
            canvas.DrawText(label, left - 6 - font.MeasureText(label), rowTop + 14.5f, font, ink);
            var barTop = rowTop + (Row - Bar) / 2;
            if (chart.Stacked)
            {
                double start = 0;
                foreach (var s in chart.Series)
                {
                    fill.Color = s.Color;
                    if (s.Values[i] > 0)
                        canvas.DrawRect(SKRect.Create(X(start), barTop, X(start + s.Values[i]) - X(start), Bar), fill);
                    start += s.Values[i];
                }
            }
            else
            {
                var s = chart.Series[0];
                fill.Color = s.Color;
                canvas.DrawRect(SKRect.Create(left, barTop, X(s.Values[i]) - left, Bar), fill);
            }
            var value = totals[i].ToString("0.#", CultureInfo.InvariantCulture);
            canvas.DrawText(value, X(totals[i]) + 4, rowTop + 14.5f, font, grey);
        }
    }

    private static double NiceMax(double value)
    {
        if (value <= 0)
            return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * magnitude >= value)
                return step * magnitude;
        }
        return 10 * magnitude;
    }

    private static string Fit(string text, SKFont font, float width)
    {
        if (font.MeasureText(text) <= width)
            return text;
        var end = text.Length;
        while (end > 1 && font.MeasureText(string.Concat(text.AsSpan(0, end), "…")) > width)
            end--;
        return string.Concat(text.AsSpan(0, end), "…");
    }
}
