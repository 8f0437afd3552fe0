using System.Text.Json;

namespace Meicheng.Cli.Tests;

public sealed class EnvironmentCommandsTests
{
    private static JsonElement Json(params string[] args)
    {
        var (code, output, error) = CliRunner.Run(args);
        Assert.True(code == 0, $"exit {code}: {error}");
        return JsonDocument.Parse(output).RootElement;
    }

    [Fact]
    public void Aqi_daily_2012_prints_aqi_level_primary_and_every_IAQI()
    {
        var r = Json("aqi", "--rules", "2012", "--daily", "--pm25", "75", "--pm10", "150", "--so2", "10", "--no2", "20", "--co", "1", "--o3", "100", "--o3-8h", "80", "--json");
        Assert.Equal(100, r.GetProperty("aqi").GetInt32());
        Assert.Equal("良", r.GetProperty("level").GetString());
        Assert.Equal(["PM10", "PM2.5"], r.GetProperty("primary").EnumerateArray().Select(e => e.GetString()));
        var iaqi = r.GetProperty("iaqi");
        Assert.Equal(100, iaqi.GetProperty("pm25").GetInt32());
        Assert.Equal(100, iaqi.GetProperty("pm10").GetInt32());
        Assert.Equal(10, iaqi.GetProperty("so2").GetInt32());
        Assert.Equal(25, iaqi.GetProperty("no2").GetInt32());
        Assert.Equal(25, iaqi.GetProperty("co").GetInt32());
        Assert.Equal(32, iaqi.GetProperty("o3").GetInt32()); // 100 * 50/160 = 31.25 -> 32
        Assert.Equal(40, iaqi.GetProperty("o3_8h").GetInt32());
    }

    [Fact]
    public void Aqi_2026_rounds_inputs_drops_O3_one_hour_and_uses_the_new_PM_breakpoints()
    {
        var r = Json("aqi", "--rules", "2026", "--pm25", "60.4", "--pm10", "40", "--so2", "10", "--no2", "20", "--co", "0.5", "--o3", "300", "--o3-8h", "80", "--json");
        Assert.Equal(100, r.GetProperty("aqi").GetInt32()); // PM2.5 60.4 -> 60 -> IAQI 100
        Assert.Equal(["PM2.5"], r.GetProperty("primary").EnumerateArray().Select(e => e.GetString()));
        Assert.False(r.GetProperty("iaqi").TryGetProperty("o3", out _));
    }

    [Fact]
    public void Aqi_hourly_above_the_top_is_capped_and_flagged()
    {
        var r = Json("aqi", "--rules", "2012", "--hourly", "--pm25", "600", "--json");
        Assert.Equal(500, r.GetProperty("aqi").GetInt32());
        Assert.True(r.GetProperty("capped").GetBoolean());
        Assert.Equal("严重污染", r.GetProperty("level").GetString());
        Assert.Contains("SO2", r.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Aqi_refuses_negative_concentrations()
    {
        var (code, _, error) = CliRunner.Run("aqi", "--pm25", "-1", "--json");
        Assert.Equal(1, code);
        Assert.Contains("error", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Water_classify_river_and_lake()
    {
        var river = Json("water", "classify", "--ph", "7.2", "--do", "6.5", "--codmn", "3.5", "--nh3n", "0.4", "--tp", "0.08", "--json");
        Assert.Equal("II", river.GetProperty("class").GetString());
        var lake = Json("water", "classify", "--lake", "--ph", "7.2", "--do", "6.5", "--codmn", "3.5", "--nh3n", "0.4", "--tp", "0.08", "--tn", "1.8", "--json");
        Assert.Equal("IV", lake.GetProperty("class").GetString());
        Assert.Equal(["TP"], lake.GetProperty("deciding").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("TN", lake.GetProperty("reportedApart")[0].GetProperty("item").GetString());
        Assert.Equal("V", lake.GetProperty("reportedApart")[0].GetProperty("class").GetString());
        var bad = Json("water", "classify", "--ph", "9.5", "--codmn", "3", "--json");
        Assert.Equal("劣V", bad.GetProperty("class").GetString());
        Assert.Equal(["PH"], bad.GetProperty("deciding").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Seawater_classify()
    {
        var r = Json("seawater", "classify", "--ph", "8.1", "--do", "5", "--din", "0.25", "--po4", "0.02", "--json");
        Assert.Equal("三类", r.GetProperty("class").GetString()); // DO 5 is not strictly above 5
        Assert.Equal(3, r.GetProperty("classNumber").GetInt32());
        Assert.False(r.GetProperty("good").GetBoolean());
        Assert.Equal(["DissolvedOxygen"], r.GetProperty("deciding").EnumerateArray().Select(e => e.GetString()));
    }

    private static string Beijing => Path.GetFullPath(Path.Combine(CliRunner.RepoRoot, "..", "shared", "data", "beijing-prsa"));

    [Fact]
    public void Air_evaluate_Beijing_2014_prints_city_statistics_and_rejected_counts()
    {
        var (code, output, error) = CliRunner.Run("air", "evaluate", "--format", "prsa", "--input", Beijing, "--year", "2014", "--rules", "2012", "--json");
        Assert.True(code == 0, error);
        Assert.Contains("[12/12] reading", error, StringComparison.Ordinal); // progress on stderr
        var r = JsonDocument.Parse(output).RootElement;
        var city = r.GetProperty("city");
        var pm25 = city.GetProperty("pm25").GetProperty("annualMean").GetDouble();
        Assert.InRange(pm25, 80, 90);
        foreach (var path in new[] { "pm10.annualMean", "so2.annualMean", "no2.annualMean", "co.p95", "o3.mda8p90" })
        {
            var parts = path.Split('.');
            var value = city.GetProperty(parts[0]).GetProperty(parts[1]).GetDouble();
            var stations = r.GetProperty("stations").EnumerateArray().Select(s => s.GetProperty(parts[0]).GetProperty(parts[1]).GetDouble()).ToList();
            Assert.InRange(value, stations.Min(), stations.Max());
            Assert.Equal(stations.Average(), value, 3);
        }
        Assert.InRange(city.GetProperty("goodDaysRatio").GetDouble(), 0.01, 0.99);
        var ingestion = r.GetProperty("ingestion");
        Assert.Equal(420768, ingestion.GetProperty("rowsRead").GetInt64());
        Assert.Equal(0, ingestion.GetProperty("rowsRejected").GetInt64());
        Assert.Equal(12, r.GetProperty("stations").GetArrayLength());
    }

    [Fact]
    public void Air_evaluate_reports_every_rejected_row_of_a_malformed_generic_file()
    {
        var dir = Directory.CreateTempSubdirectory("meicheng-air-");
        try
        {
            var lines = new List<string> { "station,time,pm25,pm10,so2,no2,co,o3" };
            for (var d = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Unspecified); d.Year == 2015; d = d.AddHours(1))
                lines.Add($"A,{d:yyyy-MM-dd HH:mm},30,60,10,35,0.8,70");
            lines.Insert(100, "A,2015-01-05 03:00,oops,60,10,35,0.8,70");
            lines.Insert(200, "A,2015-01-09 05:00,30,60,-2,35,0.8,70");
            lines.Insert(300, "A,2015-01-13 08:00,30,60,10,35,0.8");
            lines.Add("A,2015-12-31 23:00,30,60,10,35,0.8,70"); // duplicate of the last hour
            File.WriteAllText(Path.Combine(dir.FullName, "a.csv"), string.Join('\n', lines) + "\nA,2016-01-01 01:00,30,6");
            var r = Json("air", "evaluate", "--format", "generic", "--input", dir.FullName, "--year", "2015", "--json");
            var ingestion = r.GetProperty("ingestion");
            Assert.Equal(5, ingestion.GetProperty("rowsRejected").GetInt64());
            var kinds = ingestion.GetProperty("rejectedByKind");
            Assert.Equal(1, kinds.GetProperty("NotANumber").GetInt32());
            Assert.Equal(1, kinds.GetProperty("Negative").GetInt32());
            Assert.Equal(1, kinds.GetProperty("WrongColumns").GetInt32());
            Assert.Equal(1, kinds.GetProperty("DuplicateHour").GetInt32());
            Assert.Equal(1, kinds.GetProperty("Truncated").GetInt32());
            var first = ingestion.GetProperty("rejected")[0];
            Assert.Equal("a.csv", first.GetProperty("file").GetString());
            Assert.Equal(101, first.GetProperty("line").GetInt64());
            Assert.Equal("pm25", first.GetProperty("field").GetString());
            Assert.Equal(30, r.GetProperty("city").GetProperty("pm25").GetProperty("annualMean").GetDouble());

            var strict = Json("air", "evaluate", "--format", "generic", "--input", dir.FullName, "--year", "2015", "--strict", "--json");
            Assert.Equal(0, strict.GetProperty("ingestion").GetProperty("rowsAccepted").GetInt64());
            Assert.Equal(0, strict.GetProperty("stations").GetArrayLength());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Bench_air_runs_at_a_small_size_and_DuckDB_agrees()
    {
        var r = Json("bench", "air", "--stations", "3", "--json");
        Assert.Equal(3 * 8760, r.GetProperty("rows").GetInt64());
        Assert.True(r.GetProperty("meichengSeconds").GetDouble() > 0);
        Assert.True(r.GetProperty("duckdbSeconds").GetDouble() > 0);
        Assert.True(r.GetProperty("maxCityDifference").GetDouble() < 1e-9);
        Assert.Equal(0, r.GetProperty("rowsRejected").GetInt64());
    }
}
