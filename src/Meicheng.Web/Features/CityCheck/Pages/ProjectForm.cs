namespace Meicheng.Web.Features.CityCheck.Pages;

/// <summary>A project form as typed (numbers as text), so a refused form shows back exactly what was entered.</summary>
public sealed class ProjectForm
{
    public string? ProblemId { get; set; }
    public string? TaskId { get; set; }
    public string? Name { get; set; }
    public string? Type { get; set; }
    public string? RegionCode { get; set; }
    public string? Location { get; set; }
    public string? Investment { get; set; }
    public string? Status { get; set; }
    public string? DepartmentId { get; set; }
    public string? StartYear { get; set; }
    public string? EndYear { get; set; }

    public static ProjectForm From(ProjectDto p) => new()
    {
        ProblemId = p.ProblemId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        TaskId = p.TaskId?.ToString(System.Globalization.CultureInfo.InvariantCulture), Name = p.Name, Type = p.Type, RegionCode = p.RegionCode,
        Location = p.Location, Investment = p.Investment.ToString(System.Globalization.CultureInfo.InvariantCulture), Status = p.Status, DepartmentId = p.DepartmentId,
        StartYear = p.StartYear?.ToString(System.Globalization.CultureInfo.InvariantCulture), EndYear = p.EndYear?.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
