using System.Text.Json;

namespace Meicheng.Cli.Tests;

public sealed class ProgressCommandTests
{
    private static JsonElement RunJson(params string[] args)
    {
        var (code, output, error) = CliRunner.Run(["progress", .. args, "--json"]);
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.Clone();
    }

    private static readonly string[] Example = ["--baseline", "2015:100", "--observed", "2020:80", "--target", "2030:50", "--direction", "down"];

    [Theory]
    // CAGR_a = 0.8^(1/5) − 1 = −0.043648; CAGR_r = 0.5^(1/15) − 1 = −0.045158; RR = 0.966542 → significant.
    [InlineData("eurostat", "significant", "on-track", 0.966542)]
    [InlineData("un", "on-track", "on-track", 0.966542)]
    // R = −1·(−0.043648)/0.045158 = 0.966542 → substantial.
    [InlineData("opensdg", "substantial", "on-track", 0.966542)]
    // E_2020 = 100 − 50·5/15 = 83.333; P = −20/−16.667 = 1.2 → on track.
    [InlineData("linear", "on-track", "on-track", 1.2)]
    public void The_example_by_each_method(string method, string status, string common, double ratio)
    {
        var json = RunJson([.. Example, "--method", method]);
        Assert.Equal(status, json.GetProperty("status").GetString());
        Assert.Equal(common, json.GetProperty("commonStatus").GetString());
        Assert.Equal(ratio, json.GetProperty("ratio").GetDouble(), 6);
        Assert.Equal(method, json.GetProperty("method").GetProperty("name").GetString());
        Assert.NotEmpty(json.GetProperty("explanation").GetProperty("steps").EnumerateArray());
        if (method == "opensdg")
            // 7.1429·0.966542 − 4.2857 = 2.6182.
            Assert.Equal(2.6182, json.GetProperty("score").GetDouble(), 4);
        else
            Assert.Equal(JsonValueKind.Null, json.GetProperty("score").ValueKind);
    }

    [Fact]
    public void Several_observations_in_one_option_or_repeated()
    {
        // Latest is 2020 either way; the line through (2015, 100), (2018, 90), (2020, 80) changes the linear-trend projection.
        var a = RunJson("--baseline", "2015:100", "--observed", "2018:90", "2020:80", "--target", "2030:50", "--direction", "down", "--method", "eurostat");
        var b = RunJson("--baseline", "2015:100", "--observed", "2018:90", "--observed", "2020:80", "--target", "2030:50", "--direction", "down", "--method", "eurostat");
        Assert.Equal(a.GetProperty("ratio").GetDouble(), b.GetProperty("ratio").GetDouble());
        Assert.Equal(2020, a.GetProperty("assessedYear").GetInt32());
        // Least squares: x̄ = 2017.667, ȳ = 90; slope = Σdxdy/Σdx² = (−2.667·10 + 0.333·0 + 2.333·−10)/(7.111 + 0.111 + 5.444) = −50/12.667 = −3.947368;
        // value at 2030 = 90 − 3.947368·12.333 = 41.3158.
        var linear = a.GetProperty("projections").EnumerateArray().First(p => p.GetProperty("method").GetString() == "linear-trend");
        Assert.Equal(41.3158, linear.GetProperty("valueAtTargetYear").GetDouble(), 4);
    }

    [Fact]
    public void Without_a_target_the_trend_is_judged()
    {
        // 100 → 96.04 over two years with down better: g = 2% → significant (> 1%).
        var json = RunJson("--baseline", "2020:100", "--observed", "2022:96.04", "--direction", "down", "--method", "eurostat");
        Assert.Equal("significant", json.GetProperty("status").GetString());
        Assert.Equal(0.02, json.GetProperty("ratio").GetDouble(), 9);
    }

    [Fact]
    public void Text_output_names_the_method_status_ratio_and_steps()
    {
        var (code, output, _) = CliRunner.Run(["progress", .. Example, "--method", "opensdg"]);
        Assert.Equal(0, code);
        Assert.Contains("method:  opensdg 1.0", output, StringComparison.Ordinal);
        Assert.Contains("status:  substantial (on-track, open)", output, StringComparison.Ordinal);
        Assert.Contains("ratio:   0.9665", output, StringComparison.Ordinal);
        Assert.Contains("score:   2.6182", output, StringComparison.Ordinal);
        Assert.Contains("R = d·CAGR_o / |CAGR_r| = 0.966542", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_point_is_an_error_with_the_option_named()
    {
        var (code, _, error) = CliRunner.Run("progress", "--observed", "2020=80", "--target", "2030:50");
        Assert.Equal(1, code);
        Assert.Contains("--observed '2020=80' is not YEAR:VALUE", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Comparator_kind_and_tolerance_options()
    {
        // About 100 from 50 (2020), observed 106 in 2025: 6 away, beyond ±5% → judged as 94; with ±10% it is achieved.
        string[] args = ["--baseline", "2020:50", "--observed", "2025:106", "--target", "2030:100", "--comparator", "about", "--kind", "share", "--method", "linear"];
        Assert.Equal("on-track", RunJson(args).GetProperty("status").GetString());
        Assert.Equal("achieved", RunJson([.. args, "--about-tolerance", "0.1"]).GetProperty("status").GetString());
    }
}
