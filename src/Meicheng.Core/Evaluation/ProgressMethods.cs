namespace Meicheng.Core.Evaluation;

/// <summary>
/// The four methods' names, versions, thresholds and status words, and the Open SDG score.
/// Thresholds and their sources are documented in docs/evaluation-methods.md.
/// </summary>
public static class ProgressMethods
{
    /// <summary>The version recorded with every result; bump it when a formula, threshold or edge-case rule changes.</summary>
    public const string Version = "1.0";

    /// <summary>Eurostat and Open SDG: ratio at or above which progress is significant / substantial.</summary>
    public const double SdgOnTrack = 0.95;

    /// <summary>Eurostat and Open SDG: ratio at or above which progress is moderate.</summary>
    public const double SdgModerate = 0.6;

    /// <summary>UN Progress Chart: CR at or above which progress is fair.</summary>
    public const double UnFair = 0.5;

    /// <summary>UN Progress Chart: CR below which the indicator deteriorates.</summary>
    public const double UnDeterioration = -0.1;

    /// <summary>Open SDG: the value a zero base or target is replaced by before growth rates are taken.</summary>
    public const double OpenSdgZeroReplacement = 0.001;

    /// <summary>Open SDG natural-limit exponent a.</summary>
    public const double OpenSdgLimitExponent = 4.44;

    /// <summary>Ratios are rounded to this many decimals before classification, so that a value on a threshold in decimal arithmetic classifies as on it.</summary>
    public const int RatioDecimals = 9;

    private static readonly MethodInfo DefaultLinear = CreateInfo(ProgressMethod.Linear, EvaluationOptions.Default);
    private static readonly MethodInfo DefaultEurostat = CreateInfo(ProgressMethod.Eurostat, EvaluationOptions.Default);
    private static readonly MethodInfo DefaultUn = CreateInfo(ProgressMethod.Un, EvaluationOptions.Default);
    private static readonly MethodInfo DefaultOpenSdg = CreateInfo(ProgressMethod.OpenSdg, EvaluationOptions.Default);

    /// <summary>The method's token: <c>linear</c>, <c>eurostat</c>, <c>un</c>, <c>opensdg</c>.</summary>
    public static string Token(this ProgressMethod method) => method switch
    {
        ProgressMethod.Linear => "linear",
        ProgressMethod.Eurostat => "eurostat",
        ProgressMethod.Un => "un",
        ProgressMethod.OpenSdg => "opensdg",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>Parses a method token; false when it is not one of the four.</summary>
    public static bool TryParse(string? token, out ProgressMethod method)
    {
        foreach (var m in Enum.GetValues<ProgressMethod>())
        {
            if (string.Equals(m.Token(), token, StringComparison.OrdinalIgnoreCase))
            {
                method = m;
                return true;
            }
        }
        method = default;
        return false;
    }

    /// <summary>The common status's token: <c>achieved</c>, <c>on-track</c>, <c>needs-attention</c>, <c>off-track</c>, <c>no-data</c>, <c>not-yet-due</c>.</summary>
    public static string Token(this ProgressStatus status) => status switch
    {
        ProgressStatus.Achieved => "achieved",
        ProgressStatus.OnTrack => "on-track",
        ProgressStatus.NeedsAttention => "needs-attention",
        ProgressStatus.OffTrack => "off-track",
        ProgressStatus.NoData => "no-data",
        ProgressStatus.NotYetDue => "not-yet-due",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>The method, version and parameters recorded with each result.</summary>
    public static MethodInfo Info(ProgressMethod method, EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options == EvaluationOptions.Default)
        {
            return method switch
            {
                ProgressMethod.Linear => DefaultLinear,
                ProgressMethod.Eurostat => DefaultEurostat,
                ProgressMethod.Un => DefaultUn,
                _ => DefaultOpenSdg,
            };
        }
        return CreateInfo(method, options);
    }

    private static MethodInfo CreateInfo(ProgressMethod method, EvaluationOptions o)
    {
        var about = new MethodParameter("aboutTolerance", o.AboutTolerance);
        MethodParameter[] parameters = method switch
        {
            ProgressMethod.Linear => [new("onTrack", o.LinearOnTrack), new("needsAttention", o.LinearNeedsAttention), about],
            ProgressMethod.Eurostat => [new("significant", SdgOnTrack), new("moderate", SdgModerate), new("insufficient", 0), about],
            ProgressMethod.Un => [new("onTrack", SdgOnTrack), new("fair", UnFair), new("limited", UnDeterioration), about],
            _ => [new("substantial", SdgOnTrack), new("moderate", SdgModerate), new("limited", 0), new("zeroReplacement", OpenSdgZeroReplacement), about],
        };
        return new MethodInfo(method.Token(), Version, parameters);
    }

    /// <summary>The method's status word and the common status for a ratio (already rounded).</summary>
    public static (string Word, ProgressStatus Status) Classify(ProgressMethod method, double ratio, EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return method switch
        {
            ProgressMethod.Linear =>
                ratio >= options.LinearOnTrack ? ("on-track", ProgressStatus.OnTrack)
                : ratio >= options.LinearNeedsAttention ? ("needs-attention", ProgressStatus.NeedsAttention)
                : ("off-track", ProgressStatus.OffTrack),
            ProgressMethod.Eurostat =>
                ratio >= SdgOnTrack ? ("significant", ProgressStatus.OnTrack)
                : ratio >= SdgModerate ? ("moderate", ProgressStatus.NeedsAttention)
                : ratio >= 0 ? ("insufficient", ProgressStatus.OffTrack)
                : ("away", ProgressStatus.OffTrack),
            ProgressMethod.Un =>
                ratio >= SdgOnTrack ? ("on-track", ProgressStatus.OnTrack)
                : ratio >= UnFair ? ("fair", ProgressStatus.NeedsAttention)
                : ratio >= UnDeterioration ? ("limited", ProgressStatus.OffTrack)
                : ("deterioration", ProgressStatus.OffTrack),
            _ =>
                ratio >= SdgOnTrack ? ("substantial", ProgressStatus.OnTrack)
                : ratio >= SdgModerate ? ("moderate", ProgressStatus.NeedsAttention)
                : ratio >= 0 ? ("limited", ProgressStatus.OffTrack)
                : ("deterioration", ProgressStatus.OffTrack),
        };
    }

    /// <summary>The method's best status short of achieved (e.g. an average growth rate on pace before the period ends).</summary>
    public static string BestInProgressWord(ProgressMethod method) => method switch
    {
        ProgressMethod.Eurostat => "significant",
        ProgressMethod.OpenSdg => "substantial",
        _ => "on-track",
    };

    /// <summary>The method's worst status word (moving away from the target).</summary>
    public static string WorstWord(ProgressMethod method) => method switch
    {
        ProgressMethod.Linear => "off-track",
        ProgressMethod.Eurostat => "away",
        _ => "deterioration",
    };

    /// <summary>The method's status for no movement at all (ratio 0).</summary>
    public static string StandstillWord(ProgressMethod method) => method switch
    {
        ProgressMethod.Linear => "off-track",
        ProgressMethod.Eurostat => "insufficient",
        _ => "limited",
    };

    /// <summary>
    /// Open SDG score of a ratio R: R ≥ 0.6 gives min(7.1429R − 4.2857, 5), otherwise max(4.1667R − 2.5, −5);
    /// a target achieved scores 5 (the caller decides that).
    /// </summary>
    public static double OpenSdgScore(double ratio) =>
        ratio >= SdgModerate ? Math.Min(7.1429 * ratio - 4.2857, 5) : Math.Max(4.1667 * ratio - 2.5, -5);

    /// <summary>
    /// Open SDG natural-limit correction C for the no-target case, with b = |base| and limit L:
    /// b ≥ 2L gives 1; b ≤ L gives 1 − (b/L)^a; otherwise 1 − ((2L − b)/L)^a, with a = 4.44.
    /// Without a limit (or a non-positive one) C is 1.
    /// </summary>
    public static double NaturalLimitCorrection(double baseValue, double? limit)
    {
        if (limit is not { } l || !(l > 0) || !double.IsFinite(baseValue))
            return 1;
        var b = Math.Abs(baseValue);
        if (b >= 2 * l)
            return 1;
        return b <= l
            ? 1 - Math.Pow(b / l, OpenSdgLimitExponent)
            : 1 - Math.Pow((2 * l - b) / l, OpenSdgLimitExponent);
    }
}
