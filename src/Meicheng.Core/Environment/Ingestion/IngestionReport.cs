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

/// <summary>
/// What the readers saw: rows read and accepted, and the refused rows: every one counted, the first
/// <see cref="MaxKept"/> kept with their detail, so a file of a million garbage rows costs a bounded report.
/// </summary>
public sealed class IngestionReport
{
    private readonly List<RejectedRow> _rejected = [];
    private readonly long[] _byKind = new long[Enum.GetValues<RejectionKind>().Length];

    /// <summary>Refused rows kept in <see cref="Rejected"/> (default 10,000); the rest are only counted.</summary>
    public int MaxKept { get; init; } = 10_000;

    /// <summary>Files read.</summary>
    public int Files { get; internal set; }

    /// <summary>Data rows read (header excluded).</summary>
    public long RowsRead { get; internal set; }

    /// <summary>Rows imported.</summary>
    public long RowsAccepted { get; internal set; }

    /// <summary>Rows refused, all of them (the first <see cref="MaxKept"/> are in <see cref="Rejected"/>).</summary>
    public long RowsRejected { get; private set; }

    /// <summary>The first <see cref="MaxKept"/> refused rows, in reading order.</summary>
    public IReadOnlyList<RejectedRow> Rejected => _rejected;

    /// <summary>Refused rows per kind, all of them.</summary>
    public IReadOnlyDictionary<RejectionKind, int> CountsByKind =>
        Enum.GetValues<RejectionKind>().Where(k => _byKind[(int)k] > 0).ToDictionary(k => k, k => checked((int)_byKind[(int)k]));

    internal void Reject(RejectedRow row)
    {
        RowsRejected++;
        _byKind[(int)row.Kind]++;
        if (_rejected.Count < MaxKept)
            _rejected.Add(row);
    }

    /// <summary>Takes in another report's refusals: its kept rows while there is room, and all of its counts.</summary>
    internal void AddRejections(IngestionReport other)
    {
        foreach (var row in other._rejected)
        {
            if (_rejected.Count < MaxKept)
                _rejected.Add(row);
        }
        RowsRejected += other.RowsRejected;
        for (var k = 0; k < _byKind.Length; k++)
            _byKind[k] += other._byKind[k];
    }
}
