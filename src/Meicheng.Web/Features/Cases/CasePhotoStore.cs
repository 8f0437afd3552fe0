using System.Security.Cryptography;
using Meicheng.Web.Features.Reporting;
using Microsoft.Extensions.Options;

namespace Meicheng.Web.Features.Cases;

public sealed class CasesOptions
{
    /// <summary>Where photos are kept; by default <c>case-photos</c> beside the evidence folder (App_Data), never under wwwroot.</summary>
    public string? PhotoDirectory { get; set; }

    public long PhotoMaxBytes { get; set; } = 5 * 1024 * 1024;
}

/// <summary>
/// Case photos, kept the way evidence files are (<see cref="EvidenceStore"/>): under a random name in a folder outside
/// wwwroot, served only through an endpoint that checks the case is published. The type is read from the file's first
/// bytes, whatever its name or the browser claims: JPEG, PNG and WebP only.
/// </summary>
internal sealed class CasePhotoStore
{
    public CasePhotoStore(IOptions<CasesOptions> options, EvidenceStore evidence)
    {
        MaxBytes = options.Value.PhotoMaxBytes;
        Directory = System.IO.Directory.CreateDirectory(options.Value.PhotoDirectory
            ?? Path.Combine(Path.GetDirectoryName(evidence.Directory.TrimEnd(Path.DirectorySeparatorChar)) ?? evidence.Directory, "case-photos")).FullName;
    }

    public string Directory { get; }

    public long MaxBytes { get; }

    public const string Types = "JPEG、PNG、WebP";

    /// <summary>The image type by its signature, or null when the bytes are not a JPEG, PNG or WebP image.</summary>
    public static string? Sniff(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
            return "image/jpeg";
        if (b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            return "image/png";
        if (b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8))
            return "image/webp";
        return null;
    }

    /// <summary>Reads and checks the upload; nothing is written yet. Returns the bytes and type, or why the file was refused.</summary>
    public async Task<(byte[]? Bytes, string? ContentType, string? Error)> ReadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
            return (null, null, "照片文件（file）不能为空");
        if (file.Length > MaxBytes)
            return (null, null, $"照片文件（file）超过 {MaxBytes / 1024 / 1024.0:0.#} MB 的上限");
        await using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        return Sniff(bytes) is { } type
            ? (bytes, type, null)
            : (null, null, $"照片文件（file）不是图片：只接受 {Types}，按文件内容判断");
    }

    /// <summary>Writes the bytes under a new random name and returns that name.</summary>
    public async Task<string> WriteAsync(byte[] bytes, CancellationToken ct)
    {
        var stored = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await File.WriteAllBytesAsync(Path.Combine(Directory, stored), bytes, ct);
        return stored;
    }

    public string PathOf(CasePhoto photo) => Path.Combine(Directory, photo.StoredName);

    /// <summary>Removes a stored file; one already gone is not an error.</summary>
    public void Delete(string storedName)
    {
        var path = Path.Combine(Directory, storedName);
        if (File.Exists(path))
            File.Delete(path);
    }
}
