using Meicheng.Core.Evaluation;
using Meicheng.Core.Plans;
using Meicheng.Core.Plans.Versions;

namespace Meicheng.Core.Tests.Plans;

/// <summary>A second city loads the same way as the bundled one: its reference data, a plan for it, a value, an evaluation.</summary>
public sealed class AnyCityTests
{
    // 烟台市 and three of its districts, with their GB/T 2260 codes.
    private const string Regions = """
        { "schema": "meicheng.regions/1", "regions": [
          { "code": "370600", "name": "烟台市", "nameEn": "Yantai", "kind": "city" },
          { "code": "370602", "name": "芝罘区", "nameEn": "Zhifu", "kind": "district", "parent": "370600" },
          { "code": "370611", "name": "福山区", "nameEn": "Fushan", "kind": "district", "parent": "370600" },
          { "code": "370613", "name": "莱山区", "nameEn": "Laishan", "kind": "district", "parent": "370600" } ],
          "zones": [] }
        """;

    private const string Departments = """
        { "schema": "meicheng.departments/1", "departments": [
          { "id": "yt-ecology-environment", "name": "市生态环境局", "fullName": "烟台市生态环境局", "kind": "bureau", "region": "370600" } ] }
        """;

    private const string Plan = """
        { "schema": "meicheng.plan/1", "id": "yantai-beautiful-city-test", "code": "yt", "city": "370600",
          "title": "烟台市美丽城市建设测试方案", "status": "in-force", "periodStart": 2025, "periodEnd": 2027, "frameYear": 2027,
          "source": "fixture",
          "indicators": [ { "id": "yt-pm25-annual-mean", "name": "细颗粒物（PM2.5）年均浓度", "unit": "微克/立方米", "direction": "down", "category": "air" } ],
          "areas": [ { "number": 1, "label": "（一）", "title": "持续改善空气质量", "tasks": [
            { "number": 1, "title": "深化大气污染防治", "text": "到2027年，细颗粒物（PM2.5）浓度控制在25微克/立方米以下。",
              "responsibleUnits": [ { "department": "yt-ecology-environment", "role": "lead" } ], "regions": ["370602"] } ] } ],
          "targets": [ { "id": "yt-t01-pm25-2027", "indicator": "yt-pm25-annual-mean", "section": "三、重点任务", "task": 1,
            "clause": "到2027年，细颗粒物（PM2.5）浓度控制在25微克/立方米以下", "value": 25, "unit": "微克/立方米", "comparator": "<=",
            "year": 2027, "yearBasis": "clause", "kind": "level", "scope": { "level": "city", "regions": ["370600"] } } ] }
        """;

    [Fact]
    public void A_second_citys_reference_data_and_plan_load_and_a_reported_value_evaluates()
    {
        var reference = ReferenceData.Parse("regions.json", Regions, "departments.json", Departments);
        Assert.Equal("370600", reference.City);

        var plan = PlanFile.Parse("yantai.json", Plan, reference);
        Assert.Equal("370600", plan.City);
        Assert.Contains("\"city\": \"370600\"", PlanJson.Write(plan), StringComparison.Ordinal);

        var regions = reference.Regions.Select(r => r.Code).ToList();
        var values = new List<TargetInput> { new("yt-t01-pm25-2027", "370600", 2024, 30, 1), new("yt-t01-pm25-2027", "370600", 2026, 26, 2) };
        var run = Evaluator.Run([plan], new EvaluationInputs(reference.City, regions, values, []), EvaluationParameters.Default,
            new EvaluationRequest(2026, new DateOnly(2026, 12, 31), null, null));

        var result = run.Regions.Single(r => r.RegionCode == "370600").Targets.Single();
        Assert.Equal("yt-t01-pm25-2027", result.Target.Id);
        Assert.Equal([30, 26], result.Inputs.Select(i => i.Value));
        Assert.NotEmpty(result.Results);
        // 30 → 26 against ≤ 25 by 2027: every method judges it, the linear path finds it on track.
        Assert.All(result.Results, r => Assert.Equal(26, r.AssessedValue));
        Assert.Equal(ProgressStatus.OnTrack, result.Results.Single(r => r.Method.Name == "linear").Status);
    }

    [Fact]
    public void Reference_data_needs_exactly_one_city_root_and_a_plan_cannot_name_another_city()
    {
        var twoCities = Regions.Replace("\"kind\": \"district\", \"parent\": \"370600\" },\n", "\"kind\": \"city\" },\n", StringComparison.Ordinal);
        var e = Assert.Throws<PlanFileException>(() => ReferenceData.Parse("regions.json", twoCities.Replace("\r", "", StringComparison.Ordinal), "departments.json", Departments));
        Assert.Contains("exactly one region of kind city", e.Message, StringComparison.Ordinal);

        var reference = ReferenceData.Parse("regions.json", Regions, "departments.json", Departments);
        var wrong = Assert.Throws<PlanFileException>(() => PlanFile.Parse("yantai.json", Plan.Replace("\"city\": \"370600\"", "\"city\": \"370200\"", StringComparison.Ordinal), reference));
        Assert.Equal("city", wrong.Field);
    }
}
