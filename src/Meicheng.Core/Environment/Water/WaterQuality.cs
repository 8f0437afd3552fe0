namespace Meicheng.Core.Environment.Water;

/// <summary>One item's class in a sample.</summary>
/// <param name="Item">The item.</param>
/// <param name="Value">Its value.</param>
/// <param name="Class">Its class.</param>
/// <param name="ExceedanceOverIII">(C - S) / S over the class III limit when C exceeds it (not for DO or pH).</param>
public sealed record ItemClass(WaterItem Item, decimal Value, WaterClass Class, decimal? ExceedanceOverIII);

/// <summary>A sample's or section's single-factor class.</summary>
/// <param name="Body">River or lake (TP limits).</param>
/// <param name="Class">The worst class over the evaluated items.</param>
/// <param name="Descriptor">优, 良好, 轻度污染, 中度污染 or 重度污染.</param>
/// <param name="DecidingItems">The items at that worst class.</param>
/// <param name="Items">Every evaluated item's class.</param>
/// <param name="ReportedApart">TN and fecal coliform, classified but not part of <paramref name="Class"/>.</param>
/// <param name="MainPollutants">When worse than III: up to three items by exceedance multiple over class III, largest first.</param>
public sealed record WaterClassification(WaterBody Body, WaterClass Class, string Descriptor, IReadOnlyList<WaterItem> DecidingItems,
    IReadOnlyList<ItemClass> Items, IReadOnlyList<ItemClass> ReportedApart, IReadOnlyList<ItemClass> MainPollutants);

/// <summary>A monitoring section: its (period-mean) concentrations and, optionally, its assigned target class.</summary>
/// <param name="Name">The section.</param>
/// <param name="Concentrations">Item values.</param>
/// <param name="Target">The class the section is assigned to meet, if any.</param>
public sealed record WaterSection(string Name, IReadOnlyDictionary<WaterItem, decimal> Concentrations, WaterClass? Target = null);

/// <summary>Which of the two meanings of 达标率 a rate uses.</summary>
public enum ComplianceMeaning
{
    /// <summary>Sections meeting their assigned target class / sections assessed (sections without a target are not assessed).</summary>
    SectionsMeetingTarget,
    /// <summary>Samples meeting the target class / valid samples, at one section.</summary>
    SamplesAtSection,
}

/// <summary>A 达标率 with its meaning.</summary>
/// <param name="Meaning">Which meaning.</param>
/// <param name="Compliant">Sections or samples meeting the target.</param>
/// <param name="Assessed">Sections or samples assessed.</param>
/// <param name="Rate">Compliant / Assessed (null when none assessed).</param>
public sealed record ComplianceRate(ComplianceMeaning Meaning, int Compliant, int Assessed, decimal? Rate);

/// <summary>A river's or basin's assessment.</summary>
/// <param name="Method">"share-of-sections" (5 or more sections) or "mean-concentration" (fewer than 5).</param>
/// <param name="Descriptor">优, 良好, 轻度污染, 中度污染 or 重度污染.</param>
/// <param name="Sections">Each section's classification.</param>
/// <param name="GoodShare">优良（I-III类）比例: sections in I-III / sections evaluated.</param>
/// <param name="WorseThanVShare">劣V share.</param>
/// <param name="MeanClassification">For fewer than 5 sections: the classification of the mean concentrations.</param>
public sealed record RiverAssessment(string Method, string Descriptor, IReadOnlyList<(string Section, WaterClassification Classification)> Sections,
    decimal GoodShare, decimal WorseThanVShare, WaterClassification? MeanClassification);

/// <summary>GB 3838-2002 evaluation: single-factor classes, river assessment, shares and 达标率.</summary>
public static class WaterQuality
{
    /// <summary>Sections needed for the share-of-sections rule.</summary>
    public const int MinSectionsForShareRule = 5;

    /// <summary>Classifies a sample or section by the single-factor method.</summary>
    public static WaterClassification Classify(IReadOnlyDictionary<WaterItem, decimal> values, WaterBody body = WaterBody.River)
    {
        ArgumentNullException.ThrowIfNull(values);
        var items = new List<ItemClass>();
        var apart = new List<ItemClass>();
        foreach (var (item, value) in values.OrderBy(kv => kv.Key))
        {
            if (value < 0 && item != WaterItem.PH)
                throw new ArgumentOutOfRangeException(nameof(values), $"{item}: negative value {value}");
            var cls = Gb3838.ClassOf(item, value, body);
            decimal? multiple = null;
            if (item is not (WaterItem.PH or WaterItem.DissolvedOxygen))
            {
                var s = Gb3838.Limit(item, WaterClass.III, body)!.Value;
                if (value > s)
                    multiple = (value - s) / s;
            }
            (Gb3838.ReportedApart.Contains(item) ? apart : items).Add(new ItemClass(item, value, cls, multiple));
        }
        if (items.Count == 0)
            throw new ArgumentException("no item that counts toward the class", nameof(values));
        var worst = items.Max(i => i.Class);
        var main = worst > WaterClass.III
            ? items.Where(i => i.ExceedanceOverIII is not null).OrderByDescending(i => i.ExceedanceOverIII).ThenBy(i => i.Item).Take(3).ToList()
            : [];
        return new WaterClassification(body, worst, worst.Descriptor(), items.Where(i => i.Class == worst).Select(i => i.Item).ToList(), items, apart, main);
    }

    /// <summary>Arithmetic mean per item over a period's samples (an item averages over the samples that have it).</summary>
    public static IReadOnlyDictionary<WaterItem, decimal> PeriodMean(IEnumerable<IReadOnlyDictionary<WaterItem, decimal>> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return samples.SelectMany(s => s).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Average(kv => kv.Value));
    }

    /// <summary>
    /// Assesses a river or basin. With 5 or more sections: by the share of sections in I-III (>= 90% 优, 75-90% 良好) and
    /// else by the 劣V share (&lt; 20% 轻度污染, 20-40% 中度污染, >= 40% 重度污染). With fewer: the concentrations are
    /// averaged across sections and the mean classified.
    /// </summary>
    public static RiverAssessment AssessRiver(IReadOnlyList<WaterSection> sections, WaterBody body = WaterBody.River)
    {
        ArgumentNullException.ThrowIfNull(sections);
        if (sections.Count == 0)
            throw new ArgumentException("no sections", nameof(sections));
        var classified = sections.Select(s => (s.Name, Classify(s.Concentrations, body))).ToList();
        var good = Share(classified.Count(c => c.Item2.Class <= WaterClass.III), classified.Count);
        var worse = Share(classified.Count(c => c.Item2.Class == WaterClass.WorseThanV), classified.Count);
        if (sections.Count >= MinSectionsForShareRule)
        {
            var descriptor = good >= 0.9m ? "优" : good >= 0.75m ? "良好" : worse < 0.2m ? "轻度污染" : worse < 0.4m ? "中度污染" : "重度污染";
            return new RiverAssessment("share-of-sections", descriptor, classified, good, worse, null);
        }
        var mean = Classify(PeriodMean(sections.Select(s => s.Concentrations)), body);
        return new RiverAssessment("mean-concentration", mean.Descriptor, classified, good, worse, mean);
    }

    /// <summary>达标率, meaning <see cref="ComplianceMeaning.SectionsMeetingTarget"/>: sections at or better than their target / sections with a target.</summary>
    public static ComplianceRate SectionsMeetingTarget(IReadOnlyList<WaterSection> sections, WaterBody body = WaterBody.River)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var assessed = sections.Where(s => s.Target is not null).ToList();
        var ok = assessed.Count(s => Classify(s.Concentrations, body).Class <= s.Target);
        return new ComplianceRate(ComplianceMeaning.SectionsMeetingTarget, ok, assessed.Count, assessed.Count == 0 ? null : Share(ok, assessed.Count));
    }

    /// <summary>达标率, meaning <see cref="ComplianceMeaning.SamplesAtSection"/>: samples at or better than the target / samples.</summary>
    public static ComplianceRate SamplesAtSection(IReadOnlyList<IReadOnlyDictionary<WaterItem, decimal>> samples, WaterClass target, WaterBody body = WaterBody.River)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var ok = samples.Count(s => Classify(s, body).Class <= target);
        return new ComplianceRate(ComplianceMeaning.SamplesAtSection, ok, samples.Count, samples.Count == 0 ? null : Share(ok, samples.Count));
    }

    private static decimal Share(int part, int whole) => whole == 0 ? 0 : (decimal)part / whole;
}
