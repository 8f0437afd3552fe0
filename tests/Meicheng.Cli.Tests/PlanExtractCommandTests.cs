using System.Text.Json;

namespace Meicheng.Cli.Tests;

public sealed class PlanExtractCommandTests
{
    private static string Seed(string name) => Path.GetFullPath(Path.Combine(CliRunner.RepoRoot, "..", "shared", "seeds", name));

    [Fact]
    public void Extract_prints_the_proposed_plan_as_json()
    {
        var (code, output, error) = CliRunner.Run("plans", "extract", Seed("003_fe283b57d9bee6d3.txt"), "--json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("关于加快推进绿色城市建设发展试点的实施意见", root.GetProperty("title").GetString());
        Assert.Equal("青岛市人民政府", root.GetProperty("issuer").GetString());
        Assert.Equal("青政字〔2021〕11号", root.GetProperty("number").GetString());
        Assert.Equal("2021-05-13", root.GetProperty("date").GetString());
        Assert.Equal(4, root.GetProperty("areas").GetArrayLength());

        var task1 = root.GetProperty("tasks")[0];
        Assert.Equal(1, task1.GetProperty("number").GetInt32());
        Assert.Equal("探索推广市场应用模式", task1.GetProperty("title").GetString());
        Assert.StartsWith("探索推广市场应用模式。", task1.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(["市住房城乡建设局", "市地方金融监管局"], task1.GetProperty("responsible").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.Equal("qd-housing", task1.GetProperty("responsible")[0].GetProperty("department").GetString());

        var shoreline = root.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("clause").GetString() == "大陆自然岸线保有率不低于40%");
        Assert.Equal("大陆自然岸线保有率", shoreline.GetProperty("indicator").GetString());
        Assert.Equal("40", shoreline.GetProperty("value").GetString());
        Assert.Equal("%", shoreline.GetProperty("unit").GetString());
        Assert.Equal(">=", shoreline.GetProperty("comparator").GetString());
        Assert.Equal(2022, shoreline.GetProperty("year").GetInt32());
        Assert.False(shoreline.GetProperty("yearImplied").GetBoolean());
        Assert.False(shoreline.GetProperty("aspirational").GetBoolean());
        Assert.Equal("share", shoreline.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, shoreline.GetProperty("taskNumber").ValueKind);

        var pocketParks = root.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("unit").GetString() == "个" && t.GetProperty("value").GetString() == "90");
        Assert.Equal(9, pocketParks.GetProperty("taskNumber").GetInt32());
        Assert.True(pocketParks.GetProperty("yearImplied").GetBoolean());

        var milestone = root.GetProperty("milestones").EnumerateArray().First(m => m.GetProperty("title").GetString() == "开展终期验收工作");
        Assert.Equal(2022, milestone.GetProperty("year").GetInt32());
        Assert.Contains("2022年年底前", milestone.GetProperty("clause").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_prints_a_chinese_summary_without_json()
    {
        var (code, output, _) = CliRunner.Run("plans", "extract", Seed("000_feb32ed284493a53.txt"));
        Assert.Equal(0, code);
        Assert.Contains("标题：青岛市美丽城市建设实施方案（2025—2027年）（征求意见稿）", output, StringComparison.Ordinal);
        Assert.Contains("领域 8 个，任务 37 项", output, StringComparison.Ordinal);
        Assert.Contains("细颗粒物（PM2.5）浓度 ≤ 28微克/立方米　2027年", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_refuses_a_file_that_is_not_a_document_with_a_chinese_message()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(file, [0x00, 0x01, 0x02, 0xFF, 0x00, 0x10]);
            var (code, _, error) = CliRunner.Run("plans", "extract", file);
            Assert.Equal(1, code);
            Assert.Contains("无法识别的文件格式", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
