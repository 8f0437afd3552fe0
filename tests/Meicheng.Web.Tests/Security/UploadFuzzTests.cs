using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Environment;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Tests.Accounts;
using Meicheng.Web.Tests.Environment;
using Meicheng.Web.Tests.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meicheng.Web.Tests.Security;

/// <summary>Tests that measure the process's allocations run alone, so no other test's work is counted.</summary>
[CollectionDefinition(nameof(MemoryMeasured), DisableParallelization = true)]
public sealed class MemoryMeasured;

/// <summary>
/// Hostile uploads against the real endpoints (issue 10, findings 2 and 8): each is refused with a problem list, never a
/// 500, leaves the database as it was, and costs bounded memory, measured from the process's allocation counter.
/// </summary>
[Collection(nameof(MemoryMeasured))]
public sealed class UploadFuzzTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Bytes the server may allocate for one hostile workbook; the bombs took gigabytes before the streaming reader.</summary>
    private const long WorkbookBudget = 200L << 20;

    private sealed record Case(string Name, Func<byte[]> Build, string Expected);

    private static IEnumerable<Case> WorkbookCases()
    {
        yield return new("declared dimension A1:XFD1048576", () => EvilXlsx.Sheet("", dimension: "A1:XFD1048576"), "声明的范围 A1:XFD1048576 超过上限");
        yield return new("row 20,000,000", () => EvilXlsx.Sheet(EvilXlsx.Row(20_000_000, "bc-1")), "行数超过上限 5000（文件含第 20000000 行）");
        yield return new("row 4294967295", () => EvilXlsx.Sheet(EvilXlsx.Row(4_294_967_295, "bc-1")), "行数超过上限 5000（文件含第 4294967295 行）");
        yield return new("row -1", () => EvilXlsx.Sheet("<row r=\"-1\"><c r=\"A1\"><v>1</v></c></row>"), "行号“-1”无效");
        yield return new("rows out of order", () => EvilXlsx.Sheet(EvilXlsx.Row(3, "a") + EvilXlsx.Row(2, "b")), "行号 2 不大于上一行 3");
        yield return new("cells out of order", () => EvilXlsx.Sheet("<row r=\"2\"><c r=\"C2\"><v>1</v></c><c r=\"B2\"><v>2</v></c></row>"), "列的顺序无效");
        yield return new("column XFD", () => EvilXlsx.Sheet("<row r=\"2\"><c r=\"XFD2\"><v>1</v></c></row>"), "列数超过上限 64");
        yield return new("negative shared-string index", () => EvilXlsx.Sheet("<row r=\"2\"><c r=\"A2\" t=\"s\"><v>-1</v></c></row>", ["bc-1"]), "共享字符串索引“-1”无效");
        yield return new("shared-string index past the table", () => EvilXlsx.Sheet("<row r=\"2\"><c r=\"A2\" t=\"s\"><v>7</v></c></row>", ["bc-1"]), "共享字符串索引“7”无效");
        yield return new("1 GB of whitespace in ~1 MB", () => EvilXlsx.WhitespaceBomb.Value, "疑似压缩炸弹");
        yield return new("1 GB of whitespace, declared as 100 bytes", () => EvilXlsx.Understate([.. EvilXlsx.WhitespaceBomb.Value], "xl/worksheets/sheet1.xml"), "不是有效的 Excel（.xlsx）文件：");
        yield return new("one shared string of 200 MB", () => EvilXlsx.Build(EvilXlsx.Worksheet(""), s => EvilXlsx.HugeSharedString(s, 200L << 20)), "超过 32767 个字符");
        yield return new("4.5 million characters of shared strings", () => EvilXlsx.Build(EvilXlsx.Worksheet(""), EvilXlsx.LongSharedStrings), "共享字符串总长超过 4000000 个字符");
        yield return new("200,000 shared strings", () => EvilXlsx.Build(EvilXlsx.Worksheet(""), EvilXlsx.ManySharedStrings), "共享字符串超过 100000 个");
        yield return new("shared string nested 100,000 deep", () => EvilXlsx.Build(EvilXlsx.Worksheet(""), EvilXlsx.DeepSharedString), "嵌套超过 32 层");
        yield return new("entity expansion (billion laughs)", () => EvilXlsx.Build(s => Write(s, EvilXlsx.BillionLaughs)), "不是有效的 XML");
        yield return new("truncated zip", () => EvilXlsx.Sheet(EvilXlsx.Row(2, "bc-1"))[..^60], "ZIP 目录缺失或损坏");
        yield return new("wrong magic bytes (PNG)", () => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[4096]], "不是有效的 Excel（.xlsx）文件");
        yield return new("zero-filled file", () => new byte[256 * 1024], "不是有效的 Excel（.xlsx）文件");
        yield return new("legacy or encrypted workbook", () => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[4096]], "旧版 .xls 或加密的工作簿");
    }

    private static void Write(Stream s, string text) => s.Write(Encoding.UTF8.GetBytes(text));

    // Audit entries of saved data only: refusals may be audited as security events (issue 10, finding 7).
    private static readonly string[] DataActions = ["workbook.import", "observation.evidence", "progress.evidence", "observation.create", "observation.revise"];

    private static async Task<(int Observations, int Imports, int Evidence, int Audit, int Files)> DatabaseCounts(ReportingWorld w)
    {
        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var evidence = Path.Combine(w.App.Scratch, "evidence");
        return (await db.Observations.CountAsync(Ct), await db.WorkbookImports.CountAsync(Ct), await db.Evidence.CountAsync(Ct),
            await db.AuditEntries.CountAsync(a => DataActions.Contains(a.Action), Ct), Directory.Exists(evidence) ? Directory.GetFiles(evidence).Length : 0);
    }

    private static async Task<HttpResponseMessage> UploadWorkbook(ReportingWorld w, byte[] bytes)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(Meicheng.Web.Features.Reporting.Workbook.ContentType);
        form.Add(file, "file", "填报.xlsx");
        return await w.Reporter.PostAsync($"/api/reporting/workbook?period={w.Period.Key}", form, Ct);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Every_hostile_workbook_is_refused_with_a_reason_in_bounded_memory_and_nothing_is_saved(DatabaseProvider provider)
    {
        await using var w = await ReportingWorld.CreateAsync(provider);
        var before = await DatabaseCounts(w);

        // The hand-made workbook is read at all: a well-formed one gets as far as checking its rows.
        var control = await UploadWorkbook(w, EvilXlsx.Sheet(EvilXlsx.Row(2, "bc-nope", "370200", "5", "万平方米")));
        Assert.Equal(new WorkbookIssueDto("填报", 2, "A", "未知的目标编号 bc-nope"), Assert.Single(await Issues(control)));

        foreach (var c in WorkbookCases())
        {
            var bytes = c.Build();
            Assert.True(bytes.Length <= 2 << 20, $"{c.Name}: {bytes.Length} bytes, over the upload limit");
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var response = await UploadWorkbook(w, bytes);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{c.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
            var issue = Assert.Single(await Issues(response));
            Assert.True(issue.Reason.Contains(c.Expected, StringComparison.Ordinal), $"{c.Name}: “{issue.Reason}” does not say “{c.Expected}”");
            Assert.True(allocated < WorkbookBudget, $"{c.Name}: the server allocated {allocated >> 20} MB");
        }
        Assert.Equal(before, await DatabaseCounts(w));
    }

    private static async Task<List<WorkbookIssueDto>> Issues(HttpResponseMessage response)
    {
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(json.TryGetProperty("errors", out _));
        return json.GetProperty("issues").Deserialize<List<WorkbookIssueDto>>(JsonSerializerOptions.Web)!;
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Evidence_files_whose_bytes_are_not_their_type_are_refused_and_nothing_is_stored(DatabaseProvider provider)
    {
        await using var w = await ReportingWorld.CreateAsync(provider);
        var saved = await w.Reporter.PostAsJsonAsync("/api/reporting/observations", w.Value(1m, submit: false), Ct);
        var id = (await saved.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ObservationDto>(Ct))!.Id;
        var before = await DatabaseCounts(w);
        foreach (var (name, bytes) in new (string, byte[])[]
        {
            ("zero.pdf", new byte[64 * 1024]),
            ("zero.xlsx", new byte[64 * 1024]),
            ("text.xlsx", "PK is not enough"u8.ToArray()),
            ("photo.png", "%PDF-1.7"u8.ToArray()),
            ("binary.csv", [0x41, 0x00, 0x42]),
        })
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
            var response = await w.Reporter.PostAsync($"/api/reporting/observations/{id}/evidence", form, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode}");
            Assert.Contains("文件内容与扩展名不符", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        Assert.Equal(before, await DatabaseCounts(w));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_million_garbage_rows_of_air_CSV_are_refused_whole_and_the_reader_keeps_a_bounded_report(DatabaseProvider provider)
    {
        await using var app = new MeichengApp(provider);
        using var admin = await app.ClientForAsync(Roles.Admin);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var hours = await db.AirHours.CountAsync(Ct);

        const int rows = 1_000_000;
        using var form = new MultipartFormDataContent
        {
            { new StreamContent(new GarbageCsv(rows)), "file", "garbage.csv" },
            { new StringContent("generic"), "format" },
        };
        var response = await admin.PostAsync("/api/environment/air/imports", form, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var import = await EnvironmentTestData.WaitAsync(admin, (await response.Content.ReadFromJsonAsync<AirImportDto>(Ct))!.Id);

        Assert.Equal(ImportStatus.Refused, import.Status);
        Assert.Equal((rows, 0L, rows), (import.RowsRead, import.RowsAccepted, import.RowsRejected));
        Assert.Equal(new Dictionary<string, int> { ["NotANumber"] = rows / 2, ["WrongColumns"] = rows / 2 }, import.RejectedByKind);
        Assert.Equal(hours, await db.AirHours.CountAsync(Ct));
    }

    /// <summary>A generic air CSV of garbage rows produced as it is read: half with the wrong columns, half with a time that is not one.</summary>
    private sealed class GarbageCsv(int rows) : Stream
    {
        private readonly byte[] _header = "station,time,pm25,pm10,so2,no2,co,o3\n"u8.ToArray();
        private byte[] _pending = [];
        private int _offset;
        private int _row = -1;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var written = 0;
            while (written < count)
            {
                if (_offset == _pending.Length)
                {
                    if (_row == rows)
                        break;
                    _pending = _row < 0 ? _header
                        : Encoding.ASCII.GetBytes(_row % 2 == 0 ? $"\u0001garbage{_row};;\n" : $"S{_row},yesterday,{_row},x,y,z,0,0\n");
                    _row++;
                    _offset = 0;
                }
                var n = Math.Min(count - written, _pending.Length - _offset);
                _pending.AsSpan(_offset, n).CopyTo(buffer.AsSpan(offset + written));
                _offset += n;
                written += n;
            }
            return written;
        }
    }
}

/// <summary>Hand-built .xlsx files, well-formed or hostile, written with System.IO.Compression (no binaries in the repository).</summary>
internal static class EvilXlsx
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    public static string Row(long number, params string[] values) =>
        $"<row r=\"{number}\">" + string.Concat(values.Select((v, i) => $"<c r=\"{(char)('A' + (i switch { 0 => 0, 1 => 6, 2 => 7, _ => 8 }))}{number}\" t=\"inlineStr\"><is><t>{v}</t></is></c>")) + "</row>";

    private static string HeaderRow => "<row r=\"1\">" + string.Concat(Workbook.Headers.Select((h, i) => $"<c r=\"{(char)('A' + i)}1\" t=\"inlineStr\"><is><t>{h}</t></is></c>")) + "</row>";

    public static Action<Stream> Worksheet(string rows, string? dimension = null) => s => Write(s,
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{Main}\" xmlns:r=\"{Rel}\">{(dimension is null ? "" : $"<dimension ref=\"{dimension}\"/>")}<sheetData>{HeaderRow}{rows}</sheetData></worksheet>");

    public static byte[] Sheet(string rows, string? dimension = null) => Build(Worksheet(rows, dimension));

    public static byte[] Sheet(string rows, string[] shared) => Build(Worksheet(rows), s => Write(s,
        $"<sst xmlns=\"{Main}\" count=\"{shared.Length}\">" + string.Concat(shared.Select(x => $"<si><t>{x}</t></si>")) + "</sst>"));

    public static byte[] Build(Action<Stream> sheet, Action<Stream>? sharedStrings = null)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "[Content_Types].xml", s => Write(s,
                "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>"));
            Add(zip, "_rels/.rels", s => Write(s,
                $"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{Rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"));
            Add(zip, "xl/workbook.xml", s => Write(s,
                $"<workbook xmlns=\"{Main}\" xmlns:r=\"{Rel}\"><sheets><sheet name=\"{Workbook.DataSheet}\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"));
            Add(zip, "xl/_rels/workbook.xml.rels", s => Write(s,
                $"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{Rel}/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                + (sharedStrings is null ? "" : $"<Relationship Id=\"rId2\" Type=\"{Rel}/sharedStrings\" Target=\"sharedStrings.xml\"/>") + "</Relationships>"));
            Add(zip, "xl/worksheets/sheet1.xml", sheet);
            if (sharedStrings is not null)
                Add(zip, "xl/sharedStrings.xml", sharedStrings);
        }
        return buffer.ToArray();
    }

    private static void Add(ZipArchive zip, string name, Action<Stream> write)
    {
        using var s = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
        write(s);
    }

    private static void Write(Stream s, string text) => s.Write(Encoding.UTF8.GetBytes(text));

    private static void Repeat(Stream s, byte value, long count)
    {
        var block = new byte[1 << 16];
        Array.Fill(block, value);
        for (var left = count; left > 0; left -= block.Length)
            s.Write(block, 0, (int)Math.Min(block.Length, left));
    }

    /// <summary>A worksheet whose sheetData holds 1 GB of spaces, about 1 MB compressed (made once: it takes seconds).</summary>
    public static readonly Lazy<byte[]> WhitespaceBomb = new(() => Build(s =>
    {
        Write(s, $"<worksheet xmlns=\"{Main}\"><sheetData>");
        Repeat(s, (byte)' ', 1L << 30);
        Write(s, "</sheetData></worksheet>");
    }));

    public static void HugeSharedString(Stream s, long chars)
    {
        Write(s, $"<sst xmlns=\"{Main}\"><si><t>");
        Repeat(s, (byte)'a', chars);
        Write(s, "</t></si></sst>");
    }

    /// <summary>150 strings of about 30,000 characters (counting numbers, which compress only a few times).</summary>
    public static void LongSharedStrings(Stream s)
    {
        Write(s, $"<sst xmlns=\"{Main}\">");
        for (var i = 0; i < 150; i++)
        {
            var text = new StringBuilder();
            for (var n = i * 10_000; text.Length < 30_000; n++)
                text.Append(n.ToString(CultureInfo.InvariantCulture)).Append(' ');
            Write(s, $"<si><t>{text.ToString(0, 30_000)}</t></si>");
        }
        Write(s, "</sst>");
    }

    public static void ManySharedStrings(Stream s)
    {
        Write(s, $"<sst xmlns=\"{Main}\" count=\"1\" uniqueCount=\"1\">");
        for (var i = 0; i < 200_000; i++)
            Write(s, $"<si><t>{i}</t></si>");
        Write(s, "</sst>");
    }

    public static void DeepSharedString(Stream s)
    {
        Write(s, $"<sst xmlns=\"{Main}\"><si>");
        for (var i = 0; i < 100_000; i++)
            Write(s, "<r>");
        for (var i = 0; i < 100_000; i++)
            Write(s, "</r>");
        Write(s, "</si></sst>");
    }

    public const string BillionLaughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
        + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\"><!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">]>"
        + "<worksheet xmlns=\"" + Main + "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol4;</t></is></c></row></sheetData></worksheet>";

    /// <summary>Rewrites the sizes the zip declares for one entry (local header and central directory) to 100 bytes.</summary>
    public static byte[] Understate(byte[] zip, string entry)
    {
        var name = Encoding.UTF8.GetBytes(entry);
        var span = zip.AsSpan();
        for (var i = 0; i + 46 < span.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(span[i..]);
            if (signature == 0x04034b50 && span.Slice(i + 30, Math.Min(name.Length, span.Length - i - 30)).SequenceEqual(name))
                BinaryPrimitives.WriteUInt32LittleEndian(span[(i + 22)..], 100);
            else if (signature == 0x02014b50 && span.Slice(i + 46, Math.Min(name.Length, span.Length - i - 46)).SequenceEqual(name))
                BinaryPrimitives.WriteUInt32LittleEndian(span[(i + 24)..], 100);
        }
        return zip;
    }
}
