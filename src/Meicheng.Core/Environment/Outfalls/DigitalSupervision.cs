namespace Meicheng.Core.Environment.Outfalls;

/// <summary>How an outfall is digitally supervised, if it is.</summary>
public enum SupervisionBasis
{
    /// <summary>Not supervised.</summary>
    None,
    /// <summary>An online monitor (HJ 212) whose last packet is within the window.</summary>
    Online,
    /// <summary>A supervisory-monitoring schedule with a result within its interval.</summary>
    Schedule,
}

/// <summary>What the rule needs to know about one outfall.</summary>
/// <param name="LastPacketAt">The last accepted HJ 212 packet of the outfall's monitor (null: no monitor or never sent).</param>
/// <param name="ScheduleDays">The supervisory-monitoring interval in days (null: no schedule).</param>
/// <param name="LastResultOn">The day of the outfall's latest supervisory result on or before the day judged.</param>
public sealed record SupervisionInput(DateTimeOffset? LastPacketAt, int? ScheduleDays, DateOnly? LastResultOn);

/// <summary>The rule's answer, with the sentence the pages and the provenance show.</summary>
public sealed record SupervisionStatus(SupervisionBasis Basis, string Reason)
{
    public bool Supervised => Basis != SupervisionBasis.None;
}

/// <summary>
/// 数字化监管: an outfall is digitally supervised when its online monitor reported within <c>onlineWindow</c> of
/// <c>now</c>, or it has a supervisory-monitoring schedule and a result no older than the schedule's interval on
/// <c>asOf</c>. Online counts first: it is the stronger form of supervision.
/// </summary>
public static class DigitalSupervision
{
    public static SupervisionStatus Judge(SupervisionInput input, DateTimeOffset now, TimeSpan onlineWindow, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.LastPacketAt is { } last && last <= now && now - last <= onlineWindow)
            return new SupervisionStatus(SupervisionBasis.Online, $"在线监测：最后数据 {last.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm}（{onlineWindow.TotalHours:0} 小时内）");
        if (input.ScheduleDays is { } days && input.LastResultOn is { } on && on <= asOf && asOf.DayNumber - on.DayNumber <= days)
            return new SupervisionStatus(SupervisionBasis.Schedule, $"监督性监测：最近结果 {on:yyyy-MM-dd}（周期 {days} 天内）");
        var why = new List<string>();
        why.Add(input.LastPacketAt is { } l ? $"在线监测最后数据 {l.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm}，超过 {onlineWindow.TotalHours:0} 小时" : "无在线监测数据");
        why.Add(input.ScheduleDays is { } d
            ? input.LastResultOn is { } r ? $"最近监督性监测结果 {r:yyyy-MM-dd}，超过周期 {d} 天" : $"有 {d} 天的监督性监测计划但无结果"
            : "无监督性监测计划");
        return new SupervisionStatus(SupervisionBasis.None, string.Join("；", why));
    }
}
