using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Departments;

/// <summary>A unit that plans make responsible for tasks: a bureau, a district government, an enterprise.</summary>
public sealed class Department
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string FullName { get; set; }
    public required string NameEn { get; set; }
    public required string Kind { get; set; }
    public List<string> Aliases { get; set; } = [];
    public string? RegionCode { get; set; }
    public string? Note { get; set; }
    public int SortOrder { get; set; }
}

internal static class DepartmentsModel
{
    public static void Configure(ModelBuilder model) => model.Entity<Department>();
}
