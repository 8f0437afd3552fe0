using Meicheng.Web.Features.Evaluation;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Meicheng.Web.Features.Reports;

/// <summary>
/// The CJK typefaces for charts and the PDF: Noto Sans CJK SC (face 2 of Debian's collection). Loaded once; a missing
/// font is an error, because a report in a fallback font would print boxes for every Chinese character.
/// </summary>
public sealed class ReportFonts : IDisposable
{
    // Face order in NotoSansCJK-*.ttc: JP, KR, SC, TC, HK.
    private const int SimplifiedChineseFace = 2;

    private readonly Lazy<(SKTypeface Regular, SKTypeface Bold, IReadOnlyDictionary<int, int> Ideographs)> _loaded;

    public ReportFonts(IOptions<EvaluationSettings> settings)
    {
        var s = settings.Value;
        _loaded = new(() =>
        {
            var regular = Load(s.FontPath);
            var bold = File.Exists(s.BoldFontPath) ? Load(s.BoldFontPath) : regular;
            return (regular, bold, RadicalMap(regular));
        });
    }

    public SKTypeface Regular => _loaded.Value.Regular;

    public SKTypeface Bold => _loaded.Value.Bold;

    /// <summary>
    /// Code points of CJK radicals (U+2E80–U+2FDF) that the font draws with the same glyph as a unified ideograph, mapped
    /// to that ideograph: a PDF's text map must say 青 (U+9752), not the radical ⻘ (U+2EC4) that shares its glyph.
    /// </summary>
    public IReadOnlyDictionary<int, int> Ideographs => _loaded.Value.Ideographs;

    private static SKTypeface Load(string path) =>
        File.Exists(path) ? SKTypeface.FromFile(path, SimplifiedChineseFace) ?? SKTypeface.FromFile(path)
            : throw new FileNotFoundException($"报告所需的中文字体不存在：{path}（Debian: apt-get install fonts-noto-cjk，或设置 Evaluation:FontPath）", path);

    private static Dictionary<int, int> RadicalMap(SKTypeface typeface)
    {
        using var font = new SKFont(typeface);
        var byGlyph = new Dictionary<ushort, int>();
        for (var cp = 0x4E00; cp <= 0x9FFF; cp++)
        {
            var glyph = font.GetGlyph(cp);
            if (glyph != 0)
                byGlyph.TryAdd(glyph, cp);
        }
        var map = new Dictionary<int, int>();
        for (var cp = 0x2E80; cp <= 0x2FDF; cp++)
        {
            var glyph = font.GetGlyph(cp);
            if (glyph != 0 && byGlyph.TryGetValue(glyph, out var ideograph))
                map[cp] = ideograph;
        }
        return map;
    }

    public void Dispose()
    {
        if (!_loaded.IsValueCreated)
            return;
        _loaded.Value.Regular.Dispose();
        if (!ReferenceEquals(_loaded.Value.Bold, _loaded.Value.Regular))
            _loaded.Value.Bold.Dispose();
    }
}
