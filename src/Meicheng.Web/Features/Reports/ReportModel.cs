using SkiaSharp;

namespace Meicheng.Web.Features.Reports;

// A report as format-neutral blocks: the Word and PDF writers render the same blocks, so both say the same thing.

public abstract record Block;

public sealed record HeadingBlock(int Level, string Text) : Block;

public sealed record ParagraphBlock(string Text, bool Emphasis = false) : Block;

/// <summary>A table; <see cref="Widths"/> are relative column widths; a cell's status token (if any) colours it.</summary>
public sealed record TableBlock(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<double> Widths,
    IReadOnlyList<IReadOnlyList<string?>>? Statuses = null) : Block;

public sealed record ChartBlock(BarChart Chart) : Block;

public sealed record PageBreakBlock : Block;

public sealed record TitlePage(string Kicker, string Title, string Subtitle, string Organisation, string Date, string Fingerprint);

public sealed record ReportDocument(string Title, string RunningHead, TitlePage Cover, IReadOnlyList<Block> Body);

public sealed record ChartSeries(string Name, SKColor Color, IReadOnlyList<double> Values);

/// <summary>A horizontal bar chart: one bar per category, stacked when there are several series; <see cref="Max"/> fixes the axis (100 for scores).</summary>
public sealed record BarChart(string Title, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series, bool Stacked, double? Max, string Unit)
{
    public static readonly IReadOnlyDictionary<string, SKColor> StatusColors = new Dictionary<string, SKColor>
    {
        ["achieved"] = new(0x1B, 0x7F, 0x4B),
        ["on-track"] = new(0x5B, 0xB3, 0x7A),
        ["needs-attention"] = new(0xE0, 0xA1, 0x1B),
        ["off-track"] = new(0xC4, 0x3C, 0x39),
        ["no-data"] = new(0xB8, 0xBE, 0xC6),
        ["not-yet-due"] = new(0xDD, 0xE2, 0xE8),
    };

    public static readonly SKColor ScoreColor = new(0x2B, 0x6C, 0xB0);
}
