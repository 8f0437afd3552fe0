using System.Text.Json;
using System.Text.Json.Serialization;

namespace Meicheng.Core.Finance;

/// <summary>
/// The states of a financing need on the 金企通 board: 开放 (banks may express intent), 已对接 (the owner accepted one
/// bank's intent), 已放款 (that bank recorded the loan), 已关闭 (withdrawn by its owner).
/// </summary>
public static class NeedState
{
    public const string Open = "open";
    public const string Matched = "matched";
    public const string Granted = "granted";
    public const string Closed = "closed";

    public static readonly IReadOnlyList<string> All = [Open, Matched, Granted, Closed];

    public static string Chinese(string state) => state switch
    {
        Open => "开放",
        Matched => "已对接",
        Granted => "已放款",
        Closed => "已关闭",
        _ => state,
    };

    /// <summary>Why a step is refused in a state, or null when it may be taken: the one place the board's transitions are written.</summary>
    public static string? Refusal(string state, NeedStep step) => (step, state) switch
    {
        (NeedStep.ExpressIntent, Open) => null,
        (NeedStep.ExpressIntent, _) => $"该需求{Chinese(state)}，不再接受意向",
        (NeedStep.Accept, Open) => null,
        (NeedStep.Accept, _) => $"该需求{Chinese(state)}，不能再接受意向",
        (NeedStep.RecordLoan, Matched) => null,
        (NeedStep.RecordLoan, Granted) => "该需求已登记放款",
        (NeedStep.RecordLoan, Open) => "该需求尚未对接，须先由发布方接受本机构的意向",
        (NeedStep.RecordLoan, _) => $"该需求{Chinese(state)}，不能登记放款",
        (NeedStep.Close, Open or Matched) => null,
        (NeedStep.Close, _) => $"该需求{Chinese(state)}，不能关闭",
        _ => "不支持的操作",
    };
}

/// <summary>What may happen to a financing need.</summary>
public enum NeedStep
{
    ExpressIntent,
    Accept,
    RecordLoan,
    Close,
}

/// <summary>One category of the green catalogue: a top-level class (code "3") or a second-level one ("3.2").</summary>
public sealed record GreenCategory(string Code, string Name, IReadOnlyList<GreenCategory> Children)
{
    [JsonIgnore]
    public bool IsTopLevel => !Code.Contains('.', StringComparison.Ordinal);
}

/// <summary>
/// The green catalogue the office configures (data/reference/green-catalogue.json): 绿色债券支持项目目录（2021年版）'s
/// top- and second-level classes, by which needs are published and totals grouped.
/// </summary>
public sealed record GreenCatalogue(string Title, string Source, IReadOnlyList<GreenCategory> Categories)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Every category, top-level ones followed by their children, in the catalogue's order.</summary>
    public IEnumerable<GreenCategory> Flattened => Categories.SelectMany(c => c.Children.Prepend(c));

    public GreenCategory? Find(string? code) => code is null ? null : Flattened.FirstOrDefault(c => c.Code == code);

    /// <summary>The top-level class a code belongs to ("3.2" → 3 清洁能源产业), what totals are grouped by.</summary>
    public GreenCategory? TopLevelOf(string? code) => code is null ? null : Find(code.Split('.')[0]);

    /// <summary>"3.2 清洁能源（清洁能源产业）": a category as people read it.</summary>
    public string Describe(string? code) => Find(code) is not { } c ? code ?? ""
        : c.IsTopLevel ? c.Name : $"{c.Name}（{TopLevelOf(code)?.Name}）";

    /// <summary>Parses the catalogue file; codes must be unique and a child's code must start with its parent's.</summary>
    public static GreenCatalogue Parse(string json)
    {
        var catalogue = JsonSerializer.Deserialize<GreenCatalogue>(json, Json) ?? throw new FormatException("Empty green catalogue.");
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var top in catalogue.Categories)
        {
            if (!top.IsTopLevel || !codes.Add(top.Code))
                throw new FormatException($"Green catalogue: top-level code {top.Code} is not a unique single number.");
            foreach (var child in top.Children ?? [])
            {
                if (!child.Code.StartsWith(top.Code + ".", StringComparison.Ordinal) || !codes.Add(child.Code))
                    throw new FormatException($"Green catalogue: code {child.Code} does not belong under {top.Code} or is repeated.");
            }
        }
        return catalogue with { Categories = catalogue.Categories.Select(c => c with { Children = c.Children ?? [] }).ToList() };
    }
}
