using System.Text.Json;

namespace Meicheng.Cli.Tests;

public sealed class EvaluateCommandTests
{
    private const string Target = "bc-t09-performance-ab-enterprises";

    private static JsonElement RunJson(string csv, params string[] args)
    {
        var file = Path.Combine(Path.GetTempPath(), $"meicheng-evaluate-{Guid.NewGuid():N}.csv");
        File.WriteAllText(file, csv);
        try
        {
            var (code, output, error) = CliRunner.Run(["evaluate", "--observations", file, .. args, "--json"]);
            Assert.True(code == 0, error);
            using var doc = JsonDocument.Parse(output);
            return doc.RootElement.Clone();
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void One_region_by_one_method_judges_the_targets_with_values_and_rolls_up_that_region()
    {
        var json = RunJson($"target,region,year,value\n{Target},,2024,40\n{Target},370200,2025,45\n", "--method", "linear", "--region", "370200");
        Assert.Equal(2025, json.GetProperty("year").GetInt32());
        Assert.Equal(["linear"], json.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        var region = Assert.Single(json.GetProperty("regions").EnumerateArray());
        Assert.Equal("370200", region.GetProperty("region").GetString());
        var targets = region.GetProperty("targets").EnumerateArray().ToList();
        Assert.True(targets.Count > 100, $"{targets.Count} targets");
        var judged = targets.Single(t => t.GetProperty("target").GetString() == Target);
        Assert.Equal(2, judged.GetProperty("values").GetInt32());
        var result = Assert.Single(judged.GetProperty("results").EnumerateArray());
        Assert.Equal("linear", result.GetProperty("method").GetString());
        Assert.NotEqual("no-data", result.GetProperty("commonStatus").GetString());
        // Every other target of the city has no value.
        Assert.All(targets.Where(t => t.GetProperty("target").GetString() != Target),
            t => Assert.Equal("no-data", t.GetProperty("results")[0].GetProperty("commonStatus").GetString()));

        var rollup = Assert.Single(json.GetProperty("rollups").EnumerateArray());
        Assert.Equal("370200", Assert.Single(rollup.GetProperty("regions").EnumerateArray()).GetProperty("region").GetString());
        Assert.NotEmpty(rollup.GetProperty("departments").EnumerateArray());
    }

    [Fact]
    public void Without_a_region_every_district_is_rolled_up_by_every_method()
    {
        var json = RunJson($"target,region,year,value\n{Target},370202,2024,40\n{Target},370202,2025,45\n");
        Assert.Equal(4, json.GetProperty("methods").GetArrayLength());
        Assert.All(json.GetProperty("rollups").EnumerateArray(), r => Assert.Equal(11, r.GetProperty("regions").GetArrayLength()));
        var district = json.GetProperty("regions").EnumerateArray().Single(r => r.GetProperty("region").GetString() == "370202");
        Assert.Equal(2, district.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("target").GetString() == Target).GetProperty("values").GetInt32());
    }

    [Fact]
    public void A_line_that_is_not_target_region_year_value_is_refused()
    {
        var file = Path.Combine(Path.GetTempPath(), $"meicheng-evaluate-{Guid.NewGuid():N}.csv");
        File.WriteAllText(file, $"target,region,year,value\n{Target},999999,2024,40\n");
        try
        {
            var (code, _, error) = CliRunner.Run("evaluate", "--observations", file);
            Assert.Equal(1, code);
            Assert.Contains("line 2", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
