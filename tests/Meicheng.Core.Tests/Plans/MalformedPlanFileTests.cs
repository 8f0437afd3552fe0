using System.Text.Json.Nodes;
using Meicheng.Core.Plans;

namespace Meicheng.Core.Tests.Plans;

/// <summary>Bad plan files are refused with the file, the item, the field and the reason.</summary>
public sealed class MalformedPlanFileTests
{
    private static PlanFileException Refused(Action<JsonObject> breakIt, string file = "plan.json")
    {
        var json = TestPlans.GreenPlanJson();
        breakIt(json);
        return Assert.Throws<PlanFileException>(() => TestPlans.Parse(json, file));
    }

    private static JsonObject FirstTarget(JsonObject plan) => plan["targets"]![0]!.AsObject();

    [Fact]
    public void An_unknown_comparator_names_the_target_and_field()
    {
        var e = Refused(p => FirstTarget(p)["comparator"] = "至少", "green.json");
        Assert.Equal("green.json", e.File);
        Assert.Equal($"target {FirstTarget(TestPlans.GreenPlanJson())["id"]}", e.Item);
        Assert.Equal("comparator", e.Field);
        Assert.Contains("'至少' is not one of", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_value_is_refused()
    {
        var e = Refused(p => FirstTarget(p).Remove("value"));
        Assert.Equal(("value", "is required"), (e.Field, e.Reason));
    }

    [Fact]
    public void Text_in_a_number_field_is_refused_with_its_json_path()
    {
        var e = Refused(p => FirstTarget(p)["value"] = "七十五");
        Assert.Equal("file", e.Item);
        Assert.Equal("$.targets[0].value", e.Field);
    }

    [Fact]
    public void Broken_json_syntax_is_refused_with_its_position()
    {
        var e = Assert.Throws<PlanFileException>(() => PlanFile.Parse("broken.json", "{ \"schema\": \"meicheng.plan/1\", \"id\": ", TestPlans.Reference()));
        Assert.Equal("broken.json", e.File);
        Assert.Contains("not valid JSON", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_field_is_refused_rather_than_ignored()
    {
        var e = Refused(p => FirstTarget(p)["yaer"] = 2022);
        Assert.Contains("yaer", e.Field + e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_department_is_refused()
    {
        var e = Refused(p => p["areas"]![0]!["tasks"]![0]!["responsibleUnits"]![0]!["department"] = "qd-nowhere");
        Assert.Equal(("task 1", "responsibleUnits.department"), (e.Item, e.Field));
        Assert.Contains("qd-nowhere", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_citing_a_task_that_does_not_exist_is_refused()
    {
        var e = Refused(p => FirstTarget(p)["task"] = 99);
        Assert.Equal("task", e.Field);
        Assert.Contains("no task 99", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_region_code_is_refused()
    {
        var e = Refused(p => FirstTarget(p)["scope"]!["regions"] = new JsonArray("370299"));
        Assert.Equal("scope.regions", e.Field);
    }

    [Fact]
    public void A_duplicated_item_id_is_refused()
    {
        var e = Refused(p => p["targets"]![1]!["id"] = FirstTarget(p)["id"]!.GetValue<string>());
        Assert.Equal(("id", "appears more than once"), (e.Field, e.Reason));
    }

    [Fact]
    public void An_id_without_the_plan_code_prefix_is_refused()
    {
        var e = Refused(p => FirstTarget(p)["id"] = "bc-stray-target");
        Assert.Contains("'gc-'", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_share_above_100_percent_is_refused()
    {
        var e = Refused(p =>
        {
            var share = p["targets"]!.AsArray().First(t => t!["kind"]!.GetValue<string>() == "share" && t["unit"]!.GetValue<string>() == "%")!;
            share["value"] = 175;
        });
        Assert.Equal("value", e.Field);
    }

    [Fact]
    public void An_implied_flag_that_contradicts_the_year_basis_is_refused()
    {
        var e = Refused(p =>
        {
            FirstTarget(p)["yearBasis"] = "clause";
            FirstTarget(p)["yearImplied"] = true;
        });
        Assert.Equal("yearImplied", e.Field);
    }

    [Fact]
    public void An_indicator_defined_differently_in_two_plans_is_refused()
    {
        var green = TestPlans.Parse(TestPlans.GreenPlanJson(), "green.json");
        var other = TestPlans.GreenPlanJson();
        other["id"] = "other-plan";
        other["code"] = "ot";
        foreach (var list in new[] { "targets", "milestones", "facts" })
        {
            foreach (var item in other[list]!.AsArray())
                item!["id"] = "ot-" + item["id"]!.GetValue<string>()[3..];
        }
        other["indicators"]!.AsArray().First(i => i!["id"]!.GetValue<string>() == "park-green-area-per-capita")!["unit"] = "公顷";
        var otherPlan = TestPlans.Parse(other, "other.json");

        var e = Assert.Throws<PlanFileException>(() => PlanFile.ValidateSet([("green.json", green), ("other.json", otherPlan)]));
        Assert.Equal(("other.json", "indicator park-green-area-per-capita", "unit"), (e.File, e.Item, e.Field));
    }

    [Fact]
    public void The_message_reads_file_item_field_reason()
    {
        var e = Refused(p => p["status"] = "approved", "g.json");
        Assert.Equal("g.json: plan › status: 'approved' is not one of draft-for-comment, in-force, expired", e.Message);
    }
}
