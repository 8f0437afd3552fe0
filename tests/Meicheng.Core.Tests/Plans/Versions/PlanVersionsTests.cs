using System.Text.Json.Nodes;
using Meicheng.Core.Plans;
using Meicheng.Core.Plans.Versions;

namespace Meicheng.Core.Tests.Plans.Versions;

public sealed class PlanVersionsTests
{
    private const string Removed = "bc-goal-green-factories-2027";
    private const string Added = "bc-goal-hydrogen-stations-2027";

    private static JsonObject BeautifulJson() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Plans, "qingdao-beautiful-city-2025-2027.json")))!.AsObject();

    /// <summary>
    /// The case: a copy of the 2025–2027 plan with three values changed, one target removed, one added, and every
    /// task renumbered (+1, as when a task is inserted at the top).
    /// </summary>
    private static (PlanDocument Old, PlanDocument New) Revision()
    {
        var old = TestPlans.Parse(BeautifulJson());
        var json = BeautifulJson();
        var targets = json["targets"]!.AsArray();
        foreach (var (id, value) in new[] { ("bc-goal-pm25-2027", 27m), ("bc-goal-renewable-capacity-2027", 900m), ("bc-goal-energy-storage-2027", 80m) })
            targets.Single(t => (string)t!["id"]! == id)!["value"] = value;
        targets.Remove(targets.Single(t => (string)t!["id"]! == Removed));
        var added = targets.Single(t => (string)t!["id"]! == "bc-goal-energy-storage-2027")!.DeepClone().AsObject();
        added["id"] = Added;
        added["clause"] = "建成加氢站20座";
        added["value"] = 20;
        added["unit"] = "座";
        added["kind"] = "count";
        targets.Add(added);
        foreach (var area in json["areas"]!.AsArray())
            foreach (var task in area!["tasks"]!.AsArray())
                task!["number"] = (int)task["number"]! + 1;
        foreach (var item in targets.Concat(json["milestones"]!.AsArray()).Concat(json["facts"]!.AsArray()))
        {
            if (item!["task"] is JsonValue t)
                item["task"] = (int)t + 1;
        }
        return (old, TestPlans.Parse(json));
    }

    [Fact]
    public void A_revision_lists_exactly_the_changed_removed_added_targets_and_renumbered_tasks()
    {
        var (old, @new) = Revision();

        var diff = PlanVersions.Compare(old, @new);

        Assert.Equal([Added], diff.Added.Select(a => a.Key));
        Assert.Equal([Removed], diff.Removed.Select(r => r.Key));
        Assert.Equal(["bc-goal-renewable-capacity-2027", "bc-goal-energy-storage-2027", "bc-goal-pm25-2027"], diff.Changed.Select(c => c.Old.Key));
        Assert.All(diff.Changed, c => Assert.Equal(["value"], c.Changes.Select(f => f.Field)));
        Assert.Equal(("28", "27"), diff.Changed.Single(c => c.Old.Key == "bc-goal-pm25-2027").Changes.Select(f => (f.Old, f.New)).Single());
        Assert.Equal(Enumerable.Range(1, 37).Select(n => (n, n + 1)), diff.TasksRenumbered);
        // Everything else pairs with itself, by id (targets, milestones) or by its unchanged text (tasks).
        Assert.Equal(old.Targets.Count - 1, diff.PairsOf(PlanItemKind.Target).Count());
        Assert.Equal(old.Milestones.Count, diff.PairsOf(PlanItemKind.Milestone).Count());
        Assert.All(diff.PairsOf(PlanItemKind.Target).Concat(diff.PairsOf(PlanItemKind.Milestone)), p =>
        {
            Assert.Equal(p.Old.Key, p.New.Key);
            Assert.Equal(MatchReason.SameId, p.Reason);
        });
        Assert.All(diff.PairsOf(PlanItemKind.Task), p => Assert.Equal(1.0, p.Similarity));
    }

    [Fact]
    public void Items_with_new_ids_pair_by_text_similarity_with_the_score_as_reason()
    {
        var old = TestPlans.Parse(BeautifulJson());
        var json = BeautifulJson();
        // The final text gives every item a new id (as an import from a new document does) and reworded one clause.
        foreach (var item in json["targets"]!.AsArray().Concat(json["milestones"]!.AsArray()))
            item!["id"] = ((string)item["id"]!).Replace("bc-", "bc-v2-", StringComparison.Ordinal);
        var pm25 = json["targets"]!.AsArray().Single(t => (string)t!["id"]! == "bc-v2-goal-pm25-2027")!;
        pm25["clause"] = "细颗粒物（PM2.5）年均浓度控制在27微克/立方米以下";
        pm25["value"] = 27;

        var diff = PlanVersions.Compare(old, TestPlans.Parse(json));

        Assert.Empty(diff.Added);
        Assert.Empty(diff.Removed);
        var pair = diff.Pairs.Single(p => p.Old.Key == "bc-goal-pm25-2027");
        Assert.Equal("bc-v2-goal-pm25-2027", pair.New.Key);
        Assert.Equal(MatchReason.SimilarText, pair.Reason);
        Assert.InRange(pair.Similarity, PlanVersions.DefaultThreshold, 0.99);
        Assert.Equal(["value", "clause"], pair.Changes.Select(c => c.Field));
        // Identical twins in the document (the goal and the area's restatement) still each find their own counterpart.
        Assert.All(diff.Pairs.Where(p => p.Kind != PlanItemKind.Task),
            p => Assert.Equal(p.Old.Key.Replace("bc-", "bc-v2-", StringComparison.Ordinal), p.New.Key));
    }

    [Fact]
    public void An_office_mapping_overrides_the_proposal_and_refuses_an_item_used_twice()
    {
        var (old, @new) = Revision();
        var mapping = new List<(PlanItemKind, string, string)> { (PlanItemKind.Target, Removed, Added) };

        var diff = PlanVersions.WithMapping(old, @new, mapping);

        Assert.Equal(MatchReason.Office, diff.Pairs.Single().Reason);
        Assert.Contains(diff.Pairs.Single().Changes, c => c.Field == "clause");
        mapping.Add((PlanItemKind.Target, "bc-goal-pm25-2027", Added));
        Assert.Throws<ArgumentException>(() => PlanVersions.WithMapping(old, @new, mapping));
    }

    [Fact]
    public void Dice_ignores_punctuation_and_is_symmetric()
    {
        Assert.Equal(1.0, TextSimilarity.Dice("PM2.5浓度（年均）", "pm25浓度年均"));
        Assert.Equal(TextSimilarity.Dice("建成加氢站20座", "培育绿色工厂200家"), TextSimilarity.Dice("培育绿色工厂200家", "建成加氢站20座"));
        Assert.Equal(0, TextSimilarity.Dice("", ""));
        Assert.InRange(TextSimilarity.Dice("建成加氢站20座", "培育绿色工厂200家"), 0, 0.2);
    }

    [Fact]
    public void A_plan_written_as_json_reads_back_to_the_same_document()
    {
        var plan = TestPlans.Parse(BeautifulJson());
        var json = PlanJson.Write(plan);

        var again = PlanFile.Parse("again.json", json, TestPlans.Reference());

        Assert.Equal(json, PlanJson.Write(again));
        Assert.Equal(plan.Targets.Count, again.Targets.Count);
        Assert.Contains("细颗粒物", json, StringComparison.Ordinal);
    }
}
