using System.Globalization;

namespace Meicheng.Web.Features.Dashboard;

/// <summary>What the dashboard pages share: number formats.</summary>
public static class DashboardPages
{
    public static string Number(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "—";

    public static string Score(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "无数据";

    public static string Owners(IReadOnlyList<string> owners) => owners.Count == 0 ? "未明确" : string.Join("、", owners);
}
