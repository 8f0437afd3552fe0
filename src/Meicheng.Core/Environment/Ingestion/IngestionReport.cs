namespace Meicheng.Core.Environment.Ingestion;

/// <summary>Why a row was refused, grouped for counting.</summary>
public enum RejectionKind
{
    /// <summary>The header is not the format's.</summary>
    Header,
    /// <summary>The row has the wrong number of columns.</summary>
    WrongColumns,
    /// <summary>A number or date field holds text.</summary>
    NotANumber,
    /// <summary>A concentration is negative.</summary>
    Negative,
    /// <summary>The station already has a row for this hour.</summary>
    DuplicateHour,
    /// <summary>The rows of a station are not in day order.</summary>
    OutOfOrder,
    /// <summary>The file ends in the middle of a row.</summary>
    Truncated,
}

/// <summary>One refused row: nothing of it was imported.</summary>
/// <param name="File">The file name given to the reader.</param>
/// <param name="Line">1-based line number.</param>
/// <param name="Field">The column at fault ("row" for the whole row).</param>
/// <param name="Kind">The kind of fault.</param>
/// <param name="Reason">A precise message.</param>
public sealed record RejectedRow(string File, long Line, string Field, RejectionKind Kind, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() => $"{File}:{Line}: {Field}: {Reason}";
}

/// <summary>What the readers saw: rows read and accepted, and every refused row.</summary>
public sealed class IngestionReport
{
    private readonly List<RejectedRow> _rejected = [];

    /// <summary>Files read.</summary>
    public int Files { get; internal set; }

    /// <summary>Data rows read (header excluded).</summary>
    public long RowsRead { get; internal set; }

    /// <summary>Rows imported.</summary>
    public long RowsAccepted { get; internal set; }

    /// <summary>Rows refused (every one is in <see cref="Rejected"/>).</summary>
    public long RowsRejected => _rejected.Count;

    /// <summary>Every refused row, in reading order.</summary>
    public IReadOnlyList<RejectedRow> Rejected => _rejected;

    /// <summary>Refused rows per kind.</summary>
    public IReadOnlyDictionary<RejectionKind, int> CountsByKind =>
        _rejected.GroupBy(r => r.Kind).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());

    internal void Reject(RejectedRow row) => _rejected.Add(row);
}
