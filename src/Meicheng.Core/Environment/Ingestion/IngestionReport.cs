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
    private readonly Dictionary<RejectionKind, int> _counts = [];
    private long _rowsRejected;

    /// <summary>Files read.</summary>
    public int Files { get; internal set; }

    /// <summary>Data rows read (header excluded).</summary>
    public long RowsRead { get; internal set; }

    /// <summary>Rows imported.</summary>
    public long RowsAccepted { get; internal set; }

    /// <summary>
    /// How many refused rows <see cref="Rejected"/> keeps (null: every one). The counts still cover every refused row, so
    /// a file of a million garbage rows costs a bounded amount of memory.
    /// </summary>
    public int? KeepAtMost { get; init; }

    /// <summary>Rows refused, all of them (the first <see cref="KeepAtMost"/> are in <see cref="Rejected"/>).</summary>
    public long RowsRejected => _rowsRejected;

    /// <summary>The refused rows kept, in reading order: every one unless <see cref="KeepAtMost"/> is set.</summary>
    public IReadOnlyList<RejectedRow> Rejected => _rejected;

    /// <summary>Refused rows per kind, all of them.</summary>
    public IReadOnlyDictionary<RejectionKind, int> CountsByKind => _counts.OrderBy(c => c.Key).ToDictionary(c => c.Key, c => c.Value);

    /// <summary>Adds the counts and refusals of reports that each read part of one file's rows, the refusals in line order.</summary>
    internal void Merge(IEnumerable<IngestionReport> parts)
    {
        var rejected = new List<RejectedRow>();
        foreach (var part in parts)
        {
            RowsRead += part.RowsRead;
            RowsAccepted += part.RowsAccepted;
            _rowsRejected += part._rowsRejected;
            foreach (var (kind, count) in part._counts)
                _counts[kind] = _counts.GetValueOrDefault(kind) + count;
            rejected.AddRange(part._rejected);
        }
        // Each part kept its first KeepAtMost in line order, so the first KeepAtMost of the file are among them.
        foreach (var row in rejected.OrderBy(r => r.Line))
        {
            if (KeepAtMost is { } max && _rejected.Count >= max)
                break;
            _rejected.Add(row);
        }
    }

    internal void Reject(RejectedRow row)
    {
        _rowsRejected++;
        _counts[row.Kind] = _counts.GetValueOrDefault(row.Kind) + 1;
        if (KeepAtMost is not { } max || _rejected.Count < max)
            _rejected.Add(row);
    }
}
