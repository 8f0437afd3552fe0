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
        if (Check(file) is { } refused)
            return (null, refused);
        var name = Path.GetFileName(file.FileName);
        var type = Allowed[Path.GetExtension(name)];
        await using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        if (CheckContent(file, bytes) is { } wrong)
            return (null, wrong);
        var stored = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await File.WriteAllBytesAsync(Path.Combine(Directory, stored), bytes, ct);
        return (new Evidence
        {
            FileName = name.Length > 200 ? name[^200..] : name, StoredName = stored, ContentType = type.ContentType, Size = bytes.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), UploadedBy = actor.Email, UploadedAt = now,
        }, null);
    }

    // Size and extension, before reading the file.
    private string? Check(IFormFile file)
    {
        if (file.Length == 0)
            return "文件为空";
        if (file.Length > MaxBytes)
            return $"文件超过 {MaxBytes / 1024 / 1024} MB 的上限";
        return Allowed.ContainsKey(Path.GetExtension(Path.GetFileName(file.FileName))) ? null : $"不接受该类型的文件（允许：{Types}）";
    }

    // The first bytes agree with the extension (text files: no NUL byte).
    private static string? CheckContent(IFormFile file, byte[] bytes) =>
        Allowed[Path.GetExtension(Path.GetFileName(file.FileName))].Magic is { } magic ? !bytes.AsSpan().StartsWith(magic) ? "文件内容与扩展名不符" : null
            : bytes.AsSpan().Contains((byte)0) ? "文件内容与扩展名不符" : null;

    public string PathOf(Evidence evidence) => Path.Combine(Directory, evidence.StoredName);

    /// <summary>How long a held file waits for the form that was refused to be sent again.</summary>
    public static readonly TimeSpan HoldFor = TimeSpan.FromHours(24);

    private string HeldDirectory => System.IO.Directory.CreateDirectory(Path.Combine(Directory, "held")).FullName;

    /// <summary>
    /// Keeps a file chosen on a report form that was refused for another reason (a browser cannot put a chosen file back
    /// into the form it shows again): the file is checked as <see cref="StoreAsync"/> checks it and held under a random
    /// token for the person who chose it, for <see cref="HoldFor"/>. Returns the token and the file's name, or why the
    /// file itself was refused.
    /// </summary>
    public async Task<(HeldEvidence? Held, string? Error)> HoldAsync(IFormFile file, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(actor);
        if (Check(file) is { } refused)
            return (null, refused);
        await using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        if (CheckContent(file, bytes) is { } wrong)
            return (null, wrong);
        foreach (var old in new DirectoryInfo(HeldDirectory).EnumerateFiles().Where(f => f.LastWriteTimeUtc < now.UtcDateTime - HoldFor))
            old.Delete();
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var held = new HeldEvidence(token, Path.GetFileName(file.FileName), bytes.Length);
        await File.WriteAllBytesAsync(Path.Combine(HeldDirectory, token), bytes, ct);
        await File.WriteAllTextAsync(Path.Combine(HeldDirectory, token + ".owner"), $"{actor.Email}\n{held.FileName}", ct);
        return (held, null);
    }

    /// <summary>The held file of <paramref name="token"/> if <paramref name="actor"/> chose it and it has not expired; null otherwise.</summary>
    public async Task<(HeldEvidence Held, IFormFile File)?> FindHeldAsync(string? token, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (token is not { Length: 32 } || !token.All(char.IsAsciiHexDigitLower))
            return null;
        var path = Path.Combine(HeldDirectory, token);
        var owner = path + ".owner";
        if (!File.Exists(path) || !File.Exists(owner) || File.GetLastWriteTimeUtc(path) < now.UtcDateTime - HoldFor)
            return null;
        var lines = (await File.ReadAllTextAsync(owner, ct)).Split('\n', 2);
        if (lines.Length != 2 || !string.Equals(lines[0], actor.Email, StringComparison.OrdinalIgnoreCase))
            return null;
        var bytes = await File.ReadAllBytesAsync(path, ct);
        var file = new FormFile(new MemoryStream(bytes), 0, bytes.Length, "evidence", lines[1]);
        return (new HeldEvidence(token, lines[1], bytes.Length), file);
    }

    /// <summary>Drops a held file once it has been attached (or replaced by another choice).</summary>
    public void Release(string? token)
    {
        if (token is not { Length: 32 } || !token.All(char.IsAsciiHexDigitLower))
            return;
        File.Delete(Path.Combine(HeldDirectory, token));
        File.Delete(Path.Combine(HeldDirectory, token + ".owner"));
    }

    internal static EvidenceDto ToDto(Evidence e) => new(e.Id, e.FileName, e.ContentType, e.Size, e.Sha256, e.UploadedAt, $"/api/reporting/evidence/{e.Id}");

    internal static IQueryable<Evidence> For(AppDbContext db, bool progress, IReadOnlyCollection<int> ids) =>
        progress ? db.Evidence.Where(e => e.ProgressId != null && ids.Contains(e.ProgressId.Value))
                 : db.Evidence.Where(e => e.ObservationId != null && ids.Contains(e.ObservationId.Value));
}

/// <summary>A file held for a refused report form: its token (sent back with the form), its name and size.</summary>
public sealed record HeldEvidence(string Token, string FileName, long Size);
