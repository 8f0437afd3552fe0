using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;

namespace Meicheng.Web.Features.Dashboard;

/// <summary>What the dashboard pages share: the JSON block the charts read, and number formats.</summary>
public static class DashboardPages
{
    // The default encoder escapes <, > and & (and non-ASCII), so the JSON is safe inside a <script> block.
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static MarkupString Json(object value) => new(JsonSerializer.Serialize(value, Web));

    public static string Number(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "—";

    public static string Score(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "无数据";

    public static string Owners(IReadOnlyList<string> owners) => owners.Count == 0 ? "未明确" : string.Join("、", owners);
}
