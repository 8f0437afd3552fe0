using System.Text.Json.Nodes;
using Meicheng.Core.Plans;

namespace Meicheng.Core.Tests.Plans;

internal static class TestPlans
{
    public static ReferenceData Reference() => ReferenceData.Parse(
        "regions.json", File.ReadAllText(Path.Combine(RepoPaths.Reference, "regions.json")),
        "departments.json", File.ReadAllText(Path.Combine(RepoPaths.Reference, "departments.json")));

    public static JsonObject GreenPlanJson() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Plans, "qingdao-green-city-pilot-2021.json")))!.AsObject();

    public static PlanDocument Parse(JsonObject json, string file = "plan.json") => PlanFile.Parse(file, json.ToJsonString(), Reference());
}
