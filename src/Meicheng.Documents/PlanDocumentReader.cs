using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig;

namespace Meicheng.Documents;

/// <summary>Why a document could not be read, in Chinese for the person who uploaded it.</summary>
public sealed class DocumentReadException(string message) : Exception(message);

/// <summary>
/// The text of a plan document: .txt (UTF-8, UTF-16 with a byte-order mark, else GB18030), .docx (paragraphs and
/// table rows in document order, cells joined by tabs) and .pdf (the text layer, page by page). The kind is told by the
/// bytes, not the file name, so a renamed file is still read or refused for what it is.
/// </summary>
public static class PlanDocumentReader
{
    /// <summary>The file name extensions an upload may have.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".txt", ".docx", ".pdf"];

    static PlanDocumentReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Reads <paramref name="bytes"/>; throws <see cref="DocumentReadException"/> with a Chinese message when they hold no readable text.</summary>
    public static string Read(byte[] bytes, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0)
            throw new DocumentReadException("文件是空的，请上传方案的 Word（.docx）、PDF 或文本文件。");
        string text;
        if (StartsWith(bytes, "%PDF"u8))
            text = ReadPdf(bytes);
        else if (StartsWith(bytes, "PK\u0003\u0004"u8))
            text = ReadDocx(bytes);
        else if (StartsWith(bytes, [0xD0, 0xCF, 0x11, 0xE0]))
            throw new DocumentReadException("这是旧版 Word（.doc）文件，请另存为 .docx 后再上传。");
        else
            text = ReadText(bytes);
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        if (!text.Any(c => c is >= '\u4e00' and <= '\u9fff'))
        {
            throw new DocumentReadException(Path.GetExtension(fileName ?? "").Equals(".pdf", StringComparison.OrdinalIgnoreCase) || StartsWith(bytes, "%PDF"u8)
                ? "这个 PDF 没有文字层（可能是扫描件），无法读取文字。请上传带文字的 PDF 或 Word 文件。"
                : "文件中没有可读的中文文字，请确认上传的是方案文件。");
        }
        return text;
    }

    private static bool StartsWith(byte[] bytes, ReadOnlySpan<byte> magic) => bytes.AsSpan().StartsWith(magic);

    private static string ReadText(byte[] bytes)
    {
        if (bytes.Any(b => b == 0) && !(bytes.Length >= 2 && (bytes[0], bytes[1]) is (0xFF, 0xFE) or (0xFE, 0xFF)))
            throw new DocumentReadException("无法识别的文件格式，请上传方案的 Word（.docx）、PDF 或文本文件。");
        if (bytes.Length >= 2 && (bytes[0], bytes[1]) is (0xFF, 0xFE))
            return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        if (bytes.Length >= 2 && (bytes[0], bytes[1]) is (0xFE, 0xFF))
            return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        var skip = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }

    private static string ReadDocx(byte[] bytes)
    {
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var doc = WordprocessingDocument.Open(stream, false);
            var body = doc.MainDocumentPart?.Document?.Body
                ?? throw new DocumentReadException("Word 文件中没有正文。");
            var text = new StringBuilder();
            foreach (var element in body.ChildElements)
            {
                if (element is Paragraph p)
                {
                    text.Append(p.InnerText).Append('\n');
                }
                else if (element is Table table)
                {
                    foreach (var row in table.Elements<TableRow>())
                        text.AppendJoin('\t', row.Elements<TableCell>().Select(c => string.Join(" ", c.Elements<Paragraph>().Select(p => p.InnerText)))).Append('\n');
                }
            }
            return text.ToString();
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or IOException or FormatException)
        {
            throw new DocumentReadException("无法打开这个 Word 文件（文件可能已损坏或不是 .docx）。");
        }
    }

    private static string ReadPdf(byte[] bytes)
    {
        try
        {
            using var pdf = PdfDocument.Open(bytes);
            return PdfParagraphs.Text(pdf.GetPages());
        }
        catch (Exception e) when (e is not DocumentReadException)
        {
            throw new DocumentReadException("无法打开这个 PDF 文件（文件可能已损坏）。");
        }
    }
}
