using System.Text.Json;

namespace Meicheng.Cli.Tests;

public sealed class PlansCommandsTests
{
    [Fact]
    public void Validate_reports_both_plans_ok()
    {
        var (code, output, _) = CliRunner.Run("plans", "validate");
        Assert.Equal(0, code);
        Assert.Contains("qingdao-beautiful-city-2025-2027 ok — 8 areas, 37 tasks", output, StringComparison.Ordinal);
        Assert.Contains("qingdao-green-city-pilot-2021 ok — 4 areas, 27 tasks", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_fails_with_file_item_field_and_reason_on_a_bad_file()
    {
        var dir = Directory.CreateTempSubdirectory("meicheng-cli-");
        try
        {
            var plans = Directory.CreateDirectory(Path.Combine(dir.FullName, "plans"));
            var reference = Directory.CreateDirectory(Path.Combine(dir.FullName, "reference"));
            foreach (var f in Directory.GetFiles(Path.Combine(CliRunner.RepoRoot, "data", "reference")))
                File.Copy(f, Path.Combine(reference.FullName, Path.GetFileName(f)));
            var text = File.ReadAllText(Path.Combine(CliRunner.RepoRoot, "data", "plans", "qingdao-green-city-pilot-2021.json"))
                .Replace("\"status\": \"in-force\"", "\"status\": \"approved\"", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(plans.FullName, "green.json"), text);

            var (code, _, error) = CliRunner.Run("plans", "validate", "--dir", plans.FullName);
            Assert.Equal(1, code);
            Assert.Contains("green.json: plan › status: 'approved' is not one of", error, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Targets_prints_values_as_written_in_json()
    {
        var (code, output, _) = CliRunner.Run("plans", "targets", "qingdao-beautiful-city-2025-2027", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var greenBuilding = doc.RootElement.EnumerateArray().First(t => t.GetProperty("unit").GetString() == "亿平方米");
        Assert.Equal("1.6", greenBuilding.GetProperty("value").GetRawText());
        Assert.Equal(">=", greenBuilding.GetProperty("comparator").GetString());
    }
}
