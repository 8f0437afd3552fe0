using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Meicheng.Web.Features.Reporting;

/// <summary>
/// The "Reporting:WorkbookLimits" section: what an uploaded .xlsx may hold (see docs/security-uploads.md). Every limit is
/// checked while reading, on what the file really holds, never on the sizes or counts it declares.
/// </summary>
public sealed class XlsxLimits
{
    /// <summary>Data rows below the header row; a row numbered beyond (header + this) is refused.</summary>
    public int MaxRows { get; set; } = 5000;

    /// <summary>Highest column number (64 = BL). Columns must increase within a row, so this also caps the cells per row.</summary>
    public int MaxColumns { get; set; } = 64;

    /// <summary>Characters in one cell (Excel's own limit).</summary>
    public int MaxCellChars { get; set; } = 32_767;

    /// <summary>Items in the shared-string table.</summary>
    public int MaxSharedStrings { get; set; } = 100_000;

    /// <summary>Characters of all shared strings together.</summary>
    public long MaxSharedStringChars { get; set; } = 4_000_000;

    /// <summary>Bytes decompressed from any one part of the zip, counted as they are read.</summary>
    public long MaxPartBytes { get; set; } = 16L << 20;

    /// <summary>Decompressed bytes per compressed byte of a part, checked once a part has given 1 MiB.</summary>
    public int MaxCompressionRatio { get; set; } = 100;

    /// <summary>Entries in the zip.</summary>
    public int MaxParts { get; set; } = 256;
}

/// <summary>Why a workbook was refused: the sheet (empty for the file as a whole), row (0 for none), column letter and reason.</summary>
internal sealed record XlsxProblem(string Sheet, int Row, string Column, string Reason);

/// <summary>
/// Reads one sheet of an .xlsx as text cells, streaming: System.IO.Compression for the zip and an XmlReader for the parts,
/// with every limit of <see cref="XlsxLimits"/> enforced as the bytes arrive, so a zip bomb, a row numbered 4294967295 or
/// a huge shared-string table is refused after a bounded amount of work and memory. Anything malformed becomes an
/// <see cref="XlsxProblem"/> in Chinese; no exception of a bad file escapes.
/// </summary>
internal static class XlsxSheetReader
{
    public const string NotAWorkbook = "不是有效的 Excel（.xlsx）文件";

    private const long RatioFloor = 1L << 20;
    private const int MaxDepth = 32;
    private const int ExcelMaxColumns = 16_384;
    private const string RelationshipNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private static ReadOnlySpan<byte> ZipMagic => [0x50, 0x4B, 0x03, 0x04];
    private static ReadOnlySpan<byte> CompoundFileMagic => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>
    /// The sheet's cells as text by zero-based column, one dictionary per row (row 1 first, missing rows empty), or the
    /// problem that refused the file. <paramref name="content"/> must be seekable.
    /// </summary>
    public static (List<Dictionary<int, string>>? Rows, XlsxProblem? Problem) Read(Stream content, string sheetName, XlsxLimits limits)
    {
        var rows = new List<Dictionary<int, string>>();
        var problem = ReadRows(content, sheetName, limits, (number, cells) =>
        {
            while (rows.Count < number - 1)
                rows.Add([]);
            rows.Add(new Dictionary<int, string>(cells));
        });
        return problem is null ? (rows, null) : (null, problem);
    }

    /// <summary>
    /// The sheet's rows one at a time, as they are read: <paramref name="row"/> gets each row present in the file (its
    /// 1-based number, in increasing order, and its cells as text by zero-based column, a dictionary reused for the next row,
    /// so copy what must outlive the call). Returns the problem that refused the file, or null; rows given before a
    /// problem was found are not to be kept. <paramref name="content"/> must be seekable.
    /// </summary>
    public static XlsxProblem? ReadRows(Stream content, string sheetName, XlsxLimits limits, Action<int, IReadOnlyDictionary<int, string>> row)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(row);
        Span<byte> head = stackalloc byte[8];
        content.Position = 0;
        var n = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        content.Position = 0;
        if (n == head.Length && head.SequenceEqual(CompoundFileMagic))
            return Refuse($"{NotAWorkbook}：这是旧版 .xls 或加密的工作簿，请在 Excel 中另存为不加密的 .xlsx");
        if (n < ZipMagic.Length || !head[..ZipMagic.Length].SequenceEqual(ZipMagic))
            return Refuse(NotAWorkbook);

        string part = "";
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > limits.MaxParts)
                return Refuse($"{NotAWorkbook}：包含 {zip.Entries.Count} 个部件，超过上限 {limits.MaxParts}");
            var context = new Context(zip, content.Length, limits);

            part = "_rels/.rels";
            var workbookPath = context.Relationships(part).FirstOrDefault(r => r.Type.EndsWith("/officeDocument", StringComparison.Ordinal)).Target
                is { } t ? Resolve("", t) : "xl/workbook.xml";
            part = workbookPath;
            var sheetId = context.SheetRelationship(workbookPath, sheetName);
            if (sheetId is null)
                return new XlsxProblem(sheetName, 0, "", $"工作簿中没有名为“{sheetName}”的工作表");
            part = RelsPathOf(workbookPath);
            var rels = context.Relationships(part);
            var folder = workbookPath.Contains('/', StringComparison.Ordinal) ? workbookPath[..(workbookPath.LastIndexOf('/') + 1)] : "";
            var sheetTarget = rels.FirstOrDefault(r => r.Id == sheetId).Target;
            if (sheetTarget is null)
                return Refuse($"{NotAWorkbook}：找不到工作表“{sheetName}”的部件");
            var sharedTarget = rels.FirstOrDefault(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)).Target;

            List<string> shared = [];
            if (sharedTarget is not null)
            {
                part = Resolve(folder, sharedTarget);
                shared = context.SharedStrings(part);
            }
            part = Resolve(folder, sheetTarget);
            context.Sheet(part, sheetName, shared, row);
            return null;
        }
        catch (RefusedException e)
        {
            return e.Problem;
        }
        catch (XmlException e)
        {
            return Refuse($"{NotAWorkbook}：部件 {part} 不是有效的 XML（第 {e.LineNumber} 行：{e.Message}）");
        }
        catch (InvalidDataException)
        {
            return Refuse(part.Length == 0
                ? $"{NotAWorkbook}：ZIP 目录缺失或损坏（文件可能被截断）"
                : $"{NotAWorkbook}：部件 {part} 的压缩数据损坏（文件可能被截断）");
        }
        catch (Exception e) when (e is IOException or NotSupportedException or ArgumentException)
        {
            return Refuse($"{NotAWorkbook}：无法读取部件 {(part.Length == 0 ? "ZIP 目录" : part)}（{e.GetType().Name}）");
        }
    }

    private static XlsxProblem Refuse(string reason) => new("", 0, "", reason);

    private static string RelsPathOf(string partPath)
    {
        var slash = partPath.LastIndexOf('/');
        return slash < 0 ? $"_rels/{partPath}.rels" : $"{partPath[..slash]}/_rels/{partPath[(slash + 1)..]}.rels";
    }

    private static string Resolve(string folder, string target)
    {
        var path = target.StartsWith('/') ? target[1..] : folder + target;
        var segments = new List<string>();
        foreach (var s in path.Split('/'))
        {
            if (s == "..")
            {
                if (segments.Count > 0)
                    segments.RemoveAt(segments.Count - 1);
            }
            else if (s is not ("." or ""))
            {
                segments.Add(s);
            }
        }
        return string.Join('/', segments);
    }

    /// <summary>A1-style reference → (1-based column, row or 0 when absent); null when it is not one.</summary>
    private static (int Column, long Row)? ParseReference(ReadOnlySpan<char> reference)
    {
        var i = 0;
        var column = 0;
        while (i < reference.Length && char.IsAsciiLetter(reference[i]))
        {
            if (i == 3)
                return null;
            column = column * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
            i++;
        }
        if (column is 0 or > ExcelMaxColumns)
            return null;
        var digits = reference[i..];
        if (digits.IsEmpty)
            return (column, 0);
        if (digits.Length > 10 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var row) || row == 0)
            return null;
        return (column, row);
    }

    private static string ColumnName(int column)
    {
        var name = "";
        for (; column > 0; column = (column - 1) / 26)
            name = (char)('A' + (column - 1) % 26) + name;
        return name;
    }

    /// <summary>Refuses the file with a reason; thrown from deep in the reading loops, caught once in <see cref="Read"/>.</summary>
    private sealed class RefusedException(XlsxProblem problem) : Exception(problem.Reason)
    {
        public XlsxProblem Problem { get; } = problem;
    }

    private sealed class Context(ZipArchive zip, long fileLength, XlsxLimits limits)
    {
        private readonly char[] _chunk = new char[4096];

        private static RefusedException FileProblem(string reason) => new(new XlsxProblem("", 0, "", reason));

        private XmlReader Open(string path)
        {
            var entry = zip.GetEntry(path) ?? throw FileProblem($"{NotAWorkbook}：缺少部件 {path}");
            // The compressed length bounds what the entry can consume (and the file bounds that); the decompressed bytes
            // are counted as they come, so neither declared size is trusted.
            var compressed = Math.Max(1, Math.Min(entry.CompressedLength, fileLength));
            var stream = new BoundedStream(entry.Open(), path, limits.MaxPartBytes, compressed * limits.MaxCompressionRatio);
            return XmlReader.Create(stream, new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersFromEntities = 0,
                MaxCharactersInDocument = limits.MaxPartBytes, IgnoreComments = true, IgnoreProcessingInstructions = true,
                IgnoreWhitespace = true, CloseInput = true,
            });
        }

        private static void CheckDepth(XmlReader r, string path)
        {
            if (r.Depth > MaxDepth)
                throw FileProblem($"{NotAWorkbook}：部件 {path} 的 XML 嵌套超过 {MaxDepth} 层");
        }

        public List<(string Id, string Type, string? Target)> Relationships(string path)
        {
            var list = new List<(string, string, string?)>();
            if (zip.GetEntry(path) is null)
                return list;
            using var r = Open(path);
            while (r.Read())
            {
                CheckDepth(r, path);
                if (r.NodeType == XmlNodeType.Element && r.LocalName == "Relationship")
                {
                    if (list.Count >= limits.MaxParts)
                        throw FileProblem($"{NotAWorkbook}：部件 {path} 的关系超过 {limits.MaxParts} 个");
                    list.Add((r.GetAttribute("Id") ?? "", r.GetAttribute("Type") ?? "", r.GetAttribute("Target")));
                }
            }
            return list;
        }

        /// <summary>The relationship id of the named sheet, or null when the workbook has no such sheet.</summary>
        public string? SheetRelationship(string path, string name)
        {
            using var r = Open(path);
            while (r.Read())
            {
                CheckDepth(r, path);
                if (r.NodeType == XmlNodeType.Element && r.LocalName == "sheet" && r.GetAttribute("name") == name)
                    return r.GetAttribute("id", RelationshipNs) ?? throw FileProblem($"{NotAWorkbook}：工作表“{name}”没有部件引用");
            }
            return null;
        }

        public List<string> SharedStrings(string path)
        {
            var strings = new List<string>();
            long total = 0;
            var text = new StringBuilder();
            using var r = Open(path);
            while (r.Read())
            {
                CheckDepth(r, path);
                if (r.NodeType != XmlNodeType.Element || r.LocalName != "si")
                    continue;
                if (strings.Count >= limits.MaxSharedStrings)
                    throw FileProblem($"{NotAWorkbook}：共享字符串超过 {limits.MaxSharedStrings} 个");
                text.Clear();
                if (!r.IsEmptyElement)
                    ReadText(r, path, text, limits.MaxCellChars);
                total += text.Length;
                if (total > limits.MaxSharedStringChars)
                    throw FileProblem($"{NotAWorkbook}：共享字符串总长超过 {limits.MaxSharedStringChars} 个字符");
                strings.Add(text.ToString());
            }
            return strings;
        }

        /// <summary>
        /// Appends the text of the <c>t</c> elements inside the current element (a shared-string item or an inline string),
        /// leaving phonetic runs out, and leaves the reader on its end tag.
        /// </summary>
        private void ReadText(XmlReader r, string path, StringBuilder text, int max)
        {
            var depth = r.Depth;
            var inText = 0;
            var inPhonetic = 0;
            while (r.Read() && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
            {
                CheckDepth(r, path);
                switch (r.NodeType)
                {
                    case XmlNodeType.Element when !r.IsEmptyElement:
                        if (r.LocalName == "t")
                            inText++;
                        else if (r.LocalName == "rPh")
                            inPhonetic++;
                        break;
                    case XmlNodeType.EndElement:
                        if (r.LocalName == "t")
                            inText--;
                        else if (r.LocalName == "rPh")
                            inPhonetic--;
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace
                        when inText > 0 && inPhonetic == 0:
                        AppendValue(r, text, max);
                        break;
                }
            }
        }

        private void AppendValue(XmlReader r, StringBuilder text, int max)
        {
            int n;
            while ((n = r.ReadValueChunk(_chunk, 0, _chunk.Length)) > 0)
            {
                if (text.Length + n > max)
                    throw new RefusedException(new XlsxProblem("", 0, "", $"{NotAWorkbook}：某个文本超过 {max} 个字符"));
                text.Append(_chunk, 0, n);
            }
        }

        public void Sheet(string path, string sheet, List<string> shared, Action<int, IReadOnlyDictionary<int, string>> emit)
        {
            var maxRow = (long)limits.MaxRows + 1;
            RefusedException At(long row, int column, string reason) =>
                new(new XlsxProblem(sheet, (int)Math.Min(row, maxRow + 1), column > 0 ? ColumnName(column) : "", reason));

            var cells = new Dictionary<int, string>();
            var text = new StringBuilder();
            long rowNumber = 0;
            var inRow = false;
            var lastColumn = 0;
            using var r = Open(path);
            while (r.Read())
            {
                CheckDepth(r, path);
                if (r.NodeType == XmlNodeType.EndElement && r.LocalName == "row")
                {
                    if (inRow)
                        emit((int)rowNumber, cells);
                    inRow = false;
                    continue;
                }
                if (r.NodeType != XmlNodeType.Element)
                    continue;
                switch (r.LocalName)
                {
                    case "dimension":
                    {
                        var reference = r.GetAttribute("ref") ?? "";
                        var last = reference.AsSpan(reference.IndexOf(':', StringComparison.Ordinal) + 1);
                        if (ParseReference(last) is not { } end)
                            throw At(0, 0, $"工作表声明的范围“{Shorten(reference)}”无效");
                        if (end.Row > maxRow || end.Column > limits.MaxColumns)
                            throw At(0, 0, $"工作表声明的范围 {Shorten(reference)} 超过上限（最多 {limits.MaxRows} 行数据、{limits.MaxColumns} 列）");
                        break;
                    }
                    case "row":
                    {
                        var declared = r.GetAttribute("r");
                        long number;
                        if (declared is null)
                            number = rowNumber + 1;
                        else if (declared.Length > 10 || !long.TryParse(declared, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number == 0)
                            throw At(rowNumber + 1, 0, $"行号“{Shorten(declared)}”无效");
                        if (number > maxRow)
                            throw At(maxRow + 1, 0, $"行数超过上限 {limits.MaxRows}（文件含第 {number} 行）");
                        if (number <= rowNumber)
                            throw At(number, 0, $"行号 {number} 不大于上一行 {rowNumber}：行的顺序无效");
                        rowNumber = number;
                        cells.Clear();
                        lastColumn = 0;
                        inRow = !r.IsEmptyElement;
                        if (!inRow)
                            emit((int)rowNumber, cells);
                        break;
                    }
                    case "c" when inRow:
                    {
                        var reference = r.GetAttribute("r");
                        int column;
                        if (reference is null)
                        {
                            column = lastColumn + 1;
                        }
                        else
                        {
                            if (ParseReference(reference) is not { } at || (at.Row != 0 && at.Row != rowNumber))
                                throw At(rowNumber, 0, $"单元格引用“{Shorten(reference)}”无效或不在第 {rowNumber} 行");
                            column = at.Column;
                        }
                        if (column > limits.MaxColumns)
                            throw At(rowNumber, 0, $"列数超过上限 {limits.MaxColumns}（单元格 {ColumnName(column)}{rowNumber}）");
                        if (column <= lastColumn)
                            throw At(rowNumber, column, $"单元格 {ColumnName(column)}{rowNumber} 不在同一行前一个单元格之后：列的顺序无效");
                        lastColumn = column;
                        var type = r.GetAttribute("t");
                        if (r.IsEmptyElement)
                            break;
                        text.Clear();
                        var value = ReadCell(r, path, text, type == "inlineStr");
                        if (value is null)
                            break;
                        if (type == "s")
                        {
                            if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index) || index < 0 || index >= shared.Count)
                                throw At(rowNumber, column, $"共享字符串索引“{Shorten(value)}”无效（共有 {shared.Count} 个）");
                            value = shared[index];
                        }
                        cells[column - 1] = value;
                        break;
                    }
                }
            }
        }

        /// <summary>The text of a cell's <c>v</c> (or, for an inline string, of its <c>is</c>), null when it has none; leaves the reader on the cell's end tag.</summary>
        private string? ReadCell(XmlReader r, string path, StringBuilder text, bool inline)
        {
            var depth = r.Depth;
            var found = false;
            while (r.Read() && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
            {
                CheckDepth(r, path);
                if (r.NodeType != XmlNodeType.Element || r.IsEmptyElement)
                    continue;
                if (inline && r.LocalName == "is")
                {
                    ReadText(r, path, text, limits.MaxCellChars);
                    found = true;
                }
                else if (!inline && r.LocalName == "v")
                {
                    var vDepth = r.Depth;
                    while (r.Read() && !(r.NodeType == XmlNodeType.EndElement && r.Depth == vDepth))
                    {
                        if (r.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
                            AppendValue(r, text, limits.MaxCellChars);
                    }
                    found = true;
                }
            }
            return found ? text.ToString() : null;
        }

        private static string Shorten(string s) => s.Length <= 20 ? s : s[..20] + "…";
    }

    /// <summary>Counts the bytes decompressed from one part and refuses the file once they pass the part's limits.</summary>
    private sealed class BoundedStream(Stream inner, string part, long maxBytes, long ratioBytes) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));
        public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Counted(int n)
        {
            _read += n;
            if (_read > maxBytes)
                throw new RefusedException(new XlsxProblem("", 0, "", $"{NotAWorkbook}：部件 {part} 解压后超过 {maxBytes / 1024 / 1024} MB 的上限（疑似压缩炸弹）"));
            if (_read > RatioFloor && _read > ratioBytes)
                throw new RefusedException(new XlsxProblem("", 0, "", $"{NotAWorkbook}：部件 {part} 的压缩比异常（疑似压缩炸弹）"));
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
