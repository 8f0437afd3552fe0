using Meicheng.Web.Common;
using System.Security.Cryptography;
using Meicheng.Web.Data;
using Microsoft.Extensions.Options;

namespace Meicheng.Web.Features.Reporting;

/// <summary>Evidence files: size and type checked (by extension and by the file's first bytes), stored under a random name outside wwwroot.</summary>
internal sealed class EvidenceStore(IOptions<ReportingOptions> options, IWebHostEnvironment environment)
{
    // A zip's local file header: "PK" alone also starts the spanned and empty-archive markers, and any text beginning "PK".
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];

    private static readonly Dictionary<string, (string ContentType, byte[]? Magic)> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = ("application/pdf", "%PDF"u8.ToArray()),
        [".png"] = ("image/png", [0x89, 0x50, 0x4E, 0x47]),
        [".jpg"] = ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        [".jpeg"] = ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        [".xlsx"] = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZipMagic),
        [".docx"] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZipMagic),
        [".csv"] = ("text/csv", null),
        [".txt"] = ("text/plain", null),
    };

    public string Directory { get; } = System.IO.Directory.CreateDirectory(
        options.Value.EvidenceDirectory ?? Path.Combine(environment.ContentRootPath, "App_Data", "evidence")).FullName;

    public long MaxBytes => options.Value.EvidenceMaxBytes;

    /// <summary>The accepted kinds as people name them: "PDF、PNG、JPG…", without dots.</summary>
    public static string Types => string.Join("、", Allowed.Keys.Select(k => k.TrimStart('.').ToUpperInvariant()).Distinct());

    /// <summary>Checks and stores the file; returns the Evidence row (not yet added) or the reason it was refused.</summary>
    public async Task<(Evidence? Evidence, string? Error)> StoreAsync(IFormFile file, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        if (file.Length == 0)
            return (null, "文件为空");
        if (file.Length > MaxBytes)
            return (null, $"文件超过 {MaxBytes / 1024 / 1024} MB 的上限");
        var name = Path.GetFileName(file.FileName);
        if (!Allowed.TryGetValue(Path.GetExtension(name), out var type))
            return (null, $"不接受该类型的文件（允许：{Types}）");
        await using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        if (type.Magic is { } magic ? !bytes.AsSpan().StartsWith(magic) : bytes.AsSpan().Contains((byte)0))
            return (null, "文件内容与扩展名不符");
        var stored = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await File.WriteAllBytesAsync(Path.Combine(Directory, stored), bytes, ct);
        return (new Evidence
        {
            FileName = name.Length > 200 ? name[^200..] : name, StoredName = stored, ContentType = type.ContentType, Size = bytes.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), UploadedBy = actor.Email, UploadedAt = now,
        }, null);
    }

    public string PathOf(Evidence evidence) => Path.Combine(Directory, evidence.StoredName);

    internal static EvidenceDto ToDto(Evidence e) => new(e.Id, e.FileName, e.ContentType, e.Size, e.Sha256, e.UploadedAt, $"/api/reporting/evidence/{e.Id}");

    internal static IQueryable<Evidence> For(AppDbContext db, bool progress, IReadOnlyCollection<int> ids) =>
        progress ? db.Evidence.Where(e => e.ProgressId != null && ids.Contains(e.ProgressId.Value))
                 : db.Evidence.Where(e => e.ObservationId != null && ids.Contains(e.ObservationId.Value));
}
