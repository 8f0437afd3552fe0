namespace Meicheng.Core.Environment.Outfalls;

/// <summary>The kinds of 入河、入海排污口 the registry distinguishes, with the codes the data files and the API use.</summary>
public enum OutfallType
{
    /// <summary>工业排污口.</summary>
    Industrial,
    /// <summary>城镇污水处理厂排污口.</summary>
    MunicipalWastewater,
    /// <summary>农业排口.</summary>
    Agricultural,
    /// <summary>水产养殖排口.</summary>
    Aquaculture,
    /// <summary>雨洪排口.</summary>
    Stormwater,
    /// <summary>其他排口.</summary>
    Other,
}

/// <summary>备案 (filing) status of an outfall with the authority.</summary>
public enum FilingStatus
{
    /// <summary>未备案.</summary>
    NotFiled,
    /// <summary>备案中.</summary>
    Pending,
    /// <summary>已备案.</summary>
    Filed,
}

/// <summary>The supervisory-monitoring parameters an outfall result carries (mg/L; pH dimensionless; water temperature in ℃).</summary>
public enum DischargeParameter
{
    /// <summary>化学需氧量.</summary>
    COD,
    /// <summary>五日生化需氧量.</summary>
    BOD5,
    /// <summary>悬浮物.</summary>
    SS,
    /// <summary>氨氮.</summary>
    NH3N,
    /// <summary>总磷.</summary>
    TP,
    /// <summary>磷酸盐（以P计）: GB 8978 limits phosphate, not total phosphorus.</summary>
    PO4P,
    /// <summary>总氮.</summary>
    TN,
    /// <summary>pH.</summary>
    PH,
    /// <summary>水温 (℃): not limited itself; selects the cold-water NH3-N limit of GB 18918.</summary>
    WaterTemperature,
}

/// <summary>Codes and Chinese names of the outfall enums.</summary>
public static class OutfallNames
{
    public static IReadOnlyList<OutfallType> Types { get; } = Enum.GetValues<OutfallType>();

    public static string Code(this OutfallType type) => type switch
    {
        OutfallType.Industrial => "industrial",
        OutfallType.MunicipalWastewater => "wwtp",
        OutfallType.Agricultural => "agricultural",
        OutfallType.Aquaculture => "aquaculture",
        OutfallType.Stormwater => "stormwater",
        _ => "other",
    };

    public static string Chinese(this OutfallType type) => type switch
    {
        OutfallType.Industrial => "工业排污口",
        OutfallType.MunicipalWastewater => "城镇污水处理厂排污口",
        OutfallType.Agricultural => "农业排口",
        OutfallType.Aquaculture => "养殖排口",
        OutfallType.Stormwater => "雨洪排口",
        _ => "其他排口",
    };

    /// <summary>A type by its code or its Chinese name (an Excel row may use either).</summary>
    public static OutfallType? ParseType(string? text) =>
        Types.Cast<OutfallType?>().FirstOrDefault(t => t!.Value.Code() == text?.Trim() || t.Value.Chinese() == text?.Trim()
            || t.Value.Chinese().Replace("排污口", "", StringComparison.Ordinal).Replace("排口", "", StringComparison.Ordinal) == text?.Trim());

    public static string Code(this FilingStatus status) => status switch
    {
        FilingStatus.Filed => "filed",
        FilingStatus.Pending => "pending",
        _ => "not-filed",
    };

    public static string Chinese(this FilingStatus status) => status switch
    {
        FilingStatus.Filed => "已备案",
        FilingStatus.Pending => "备案中",
        _ => "未备案",
    };

    public static FilingStatus? ParseFiling(string? text) =>
        Enum.GetValues<FilingStatus>().Cast<FilingStatus?>().FirstOrDefault(s => s!.Value.Code() == text?.Trim() || s.Value.Chinese() == text?.Trim());

    public static string Chinese(this DischargeParameter parameter) => parameter switch
    {
        DischargeParameter.COD => "化学需氧量",
        DischargeParameter.BOD5 => "五日生化需氧量",
        DischargeParameter.SS => "悬浮物",
        DischargeParameter.NH3N => "氨氮",
        DischargeParameter.TP => "总磷",
        DischargeParameter.PO4P => "磷酸盐（以P计）",
        DischargeParameter.TN => "总氮",
        DischargeParameter.PH => "pH",
        _ => "水温",
    };

    public static string Unit(this DischargeParameter parameter) => parameter switch
    {
        DischargeParameter.PH => "无量纲",
        DischargeParameter.WaterTemperature => "℃",
        _ => "mg/L",
    };
}
