namespace Meicheng.Core.Plans;

/// <summary>A plan or reference file that cannot be accepted, naming the file, the item, the field and the reason.</summary>
public sealed class PlanFileException : Exception
{
    /// <summary>Creates the error.</summary>
    public PlanFileException(string file, string item, string field, string reason, Exception? inner = null)
        : base($"{file}: {item} › {field}: {reason}", inner)
    {
        File = file;
        Item = item;
        Field = field;
        Reason = reason;
    }

    /// <summary>The file name.</summary>
    public string File { get; }

    /// <summary>The item: "plan", or an item id such as "target bc-goal-pm25-2027".</summary>
    public string Item { get; }

    /// <summary>The field, as written in the file (e.g. "comparator").</summary>
    public string Field { get; }

    /// <summary>Why the value is refused.</summary>
    public string Reason { get; }
}
