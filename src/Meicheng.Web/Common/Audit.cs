using System.Globalization;
using System.Text;
using System.Text.Json;
using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Common;

/// <summary>One change: who, when, what it was, what it became, and why. Rows are only ever added (see AppDbContext.SaveChanges).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string UserId { get; set; }
    public required string UserName { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public string? Reason { get; set; }
}

public sealed record AuditEntryDto(long Id, DateTimeOffset At, string UserId, string UserName, string Action, string EntityType, string EntityId,
    string? OldValue, string? NewValue, string? Reason);

public static class Audit
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Adds the entry to the context, so it commits in the same SaveChanges (one transaction) as the change it describes.</summary>
    public static void Record(AppDbContext db, Actor actor, DateTimeOffset at, string action, string entityType, string entityId,
        object? oldValue, object? newValue, string? reason = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = at, UserId = actor.UserId, UserName = actor.Email, Action = action, EntityType = entityType, EntityId = entityId,
            OldValue = oldValue is null ? null : JsonSerializer.Serialize(oldValue, Json),
            NewValue = newValue is null ? null : JsonSerializer.Serialize(newValue, Json),
            Reason = reason,
        });

    internal static AuditEntryDto ToDto(this AuditEntry e) => new(e.Id, e.At, e.UserId, e.UserName, e.Action, e.EntityType, e.EntityId, e.OldValue, e.NewValue, e.Reason);

    public static async Task<List<AuditEntryDto>> QueryAsync(AppDbContext db, string? entityType, string? entityId, int take, CancellationToken ct)
    {
        var q = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrEmpty(entityType))
            q = q.Where(e => e.EntityType == entityType);
        if (!string.IsNullOrEmpty(entityId))
            q = q.Where(e => e.EntityId == entityId);
        var rows = await q.OrderByDescending(e => e.Id).Take(take).ToListAsync(ct);
        return rows.Select(e => e.ToDto()).ToList();
    }

    public static string ToCsv(IEnumerable<AuditEntryDto> entries)
    {
        var csv = new StringBuilder("\uFEFFid,at,user,action,entity_type,entity_id,old,new,reason\r\n");
        foreach (var e in entries)
        {
            csv.AppendJoin(',', new[]
            {
                e.Id.ToString(CultureInfo.InvariantCulture), e.At.ToString("O", CultureInfo.InvariantCulture), e.UserName, e.Action, e.EntityType,
                e.EntityId, e.OldValue ?? "", e.NewValue ?? "", e.Reason ?? "",
            }.Select(Field)).Append("\r\n");
        }
        return csv.ToString();
    }

    // RFC 4180 quoting; a leading = + - @ is prefixed so a spreadsheet never runs a cell as a formula.
    private static string Field(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0]))
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
