namespace Meicheng.Core.Projects;

/// <summary>The statuses of a library project (谋划、前期、在建、完工、投运、暂停、取消), plus "unknown" until someone reports it.</summary>
public static class ProjectStatus
{
    public const string Unknown = "unknown";
    public const string Planned = "planned";
    public const string Preliminary = "preliminary";
    public const string UnderConstruction = "under-construction";
    public const string Completed = "completed";
    public const string InOperation = "in-operation";
    public const string Suspended = "suspended";
    public const string Cancelled = "cancelled";

    /// <summary>Every status in the order of a project's life.</summary>
    public static readonly IReadOnlyList<string> All = [Unknown, Planned, Preliminary, UnderConstruction, Completed, InOperation, Suspended, Cancelled];

    /// <summary>The Chinese name of a status; an unknown code is returned as it is.</summary>
    public static string Chinese(string status) => status switch
    {
        Unknown => "待报送",
        Planned => "谋划",
        Preliminary => "前期",
        UnderConstruction => "在建",
        Completed => "完工",
        InOperation => "投运",
        Suspended => "暂停",
        Cancelled => "取消",
        _ => status,
    };

    /// <summary>The English name of a status, for the English showcase.</summary>
    public static string English(string status) => status switch
    {
        Unknown => "not yet reported",
        Planned => "planned",
        Preliminary => "preliminary work",
        UnderConstruction => "under construction",
        Completed => "completed",
        InOperation => "in operation",
        Suspended => "suspended",
        Cancelled => "cancelled",
        _ => status,
    };

    /// <summary>A status by its code or its Chinese name (what an office's sheet holds), or null.</summary>
    public static string? Parse(string text)
    {
        var t = text.Trim();
        return All.FirstOrDefault(s => s == t || Chinese(s) == t) ?? t switch
        {
            "谋划中" => Planned,
            "已建成" or "已完工" or "建成" => Completed,
            "已投运" or "投产" => InOperation,
            _ => null,
        };
    }

    /// <summary>Built: completed or in operation.</summary>
    public static bool IsBuilt(string status) => status is Completed or InOperation;

    /// <summary>No more work is expected: built or cancelled.</summary>
    public static bool IsClosed(string status) => IsBuilt(status) || status == Cancelled;
}

/// <summary>Where a project's money comes from (资金来源).</summary>
public static class FundingSource
{
    public const string Central = "central";
    public const string Provincial = "provincial";
    public const string Municipal = "municipal";
    public const string District = "district";
    public const string SpecialBonds = "special-bonds";
    public const string BankLoans = "bank-loans";
    public const string GreenLoans = "green-loans";
    public const string Private = "private";

    public static readonly IReadOnlyList<string> All = [Central, Provincial, Municipal, District, SpecialBonds, BankLoans, GreenLoans, Private];

    public static string Chinese(string source) => source switch
    {
        Central => "中央财政",
        Provincial => "省财政",
        Municipal => "市财政",
        District => "区（市）财政",
        SpecialBonds => "专项债",
        BankLoans => "银行贷款",
        GreenLoans => "绿色贷款",
        Private => "社会资本",
        _ => source,
    };
}

/// <summary>The project types the office starts with; the list is configuration (Projects:Types), these are its defaults.</summary>
public static class ProjectTypes
{
    public static readonly IReadOnlyList<string> Defaults =
        ["碳达峰", "技改", "大气减排", "原辅材料替代", "水污染防治", "生态修复", "海上风电", "电网", "交通", "老旧小区改造", "海绵城市", "建筑节能"];
}
