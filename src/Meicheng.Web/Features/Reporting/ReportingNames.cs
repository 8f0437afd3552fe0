using Meicheng.Web.Components;
using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Reporting;

/// <summary>
/// What the reporting pages show instead of ids and codes: 即墨区 for 370215, 市生态环境局 for its id, and a target as its
/// threshold and year. Three small tables, read once per page.
/// </summary>
public sealed record ReportingNames(
    IReadOnlyDictionary<string, string> Regions, IReadOnlyDictionary<string, string> Departments, IReadOnlyDictionary<string, string> Targets)
{
    public static readonly ReportingNames Empty = new(new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>());

    public static async Task<ReportingNames> LoadAsync(AppDbContext db, CancellationToken ct)
    {
        var regions = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var targets = (await db.Targets.AsNoTracking().Select(t => new { t.Id, t.Comparator, t.Value, t.Unit, t.Year }).ToListAsync(ct))
            .ToDictionary(t => t.Id, t => $"{Display.Target(t.Comparator, t.Value, t.Unit)}（{t.Year} 年）");
        return new ReportingNames(regions, departments, targets);
    }

    public string Region(string? code) => code is null ? "" : Regions.GetValueOrDefault(code, code);

    public string Department(string? id) => id is null ? "" : Departments.GetValueOrDefault(id, id);

    public string Target(string id) => Targets.GetValueOrDefault(id, id);

    /// <summary>A department reporter is named by the department, a district reporter by the district.</summary>
    public string Reporter(string? departmentId, string? districtCode) => departmentId is not null ? Department(departmentId) : Region(districtCode);
}
