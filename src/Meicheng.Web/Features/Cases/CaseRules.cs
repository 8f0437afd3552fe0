using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;
using City = Meicheng.Web.Features.Regions.City;

namespace Meicheng.Web.Features.Cases;

/// <summary>What a case and a photo must satisfy. Every message names the field (as on the form, with its API name) and the reason.</summary>
internal static class CaseRules
{
    public const int TitleMax = 200;
    public const int NarrativeMax = 20_000;
    public const int PlaceMax = 200;
    public const int AltMax = 300;
    public const int CaptionMax = 500;

    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>A cleaned request (trimmed, empty as null) and the problems with it, keyed by field.</summary>
    public static async Task<(CaseRequest Clean, Dictionary<string, string[]> Errors)> CheckAsync(AppDbContext db, City city, CaseRequest r, CancellationToken ct)
    {
        var taskIds = (r.TaskIds ?? []).Select(Clean).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var c = new CaseRequest(Clean(r.Title), Clean(r.TitleEn), Clean(r.Narrative), Clean(r.NarrativeEn), Clean(r.DistrictCode), Clean(r.PlaceName),
            Clean(r.PlaceNameEn), r.Longitude, r.Latitude, taskIds, r.SortOrder);
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
                errors[field] = list = [];
            list.Add(message);
        }
        void Required(string field, string label, string? value, int max)
        {
            if (value is null)
                Add(field, $"{label}（{field}）不能为空");
            else
                Long(field, label, value, max);
        }
        void Long(string field, string label, string? value, int max)
        {
            if (value is not null && value.Length > max)
                Add(field, $"{label}（{field}）超过 {max} 字");
        }
        Required("title", "标题", c.Title, TitleMax);
        Long("titleEn", "英文标题", c.TitleEn, TitleMax);
        Required("narrative", "案例介绍", c.Narrative, NarrativeMax);
        Long("narrativeEn", "英文介绍", c.NarrativeEn, NarrativeMax);
        Required("placeName", "地点名称", c.PlaceName, PlaceMax);
        Long("placeNameEn", "英文地点名称", c.PlaceNameEn, PlaceMax);
        if (c.DistrictCode is null)
            Add("districtCode", "所在区（市）（districtCode）不能为空");
        else if (!await db.Regions.AnyAsync(x => x.Code == c.DistrictCode && (x.Code == city.Code || x.ParentCode == city.Code), ct))
            Add("districtCode", $"所在区（市）（districtCode）“{c.DistrictCode}”不是{city.Name}或其所辖区（市）的行政区划代码（GB/T 2260）");
        if (c.Longitude is null != c.Latitude is null)
            Add(c.Longitude is null ? "longitude" : "latitude", "经度（longitude）与纬度（latitude）须同时填写或同时留空");
        // The city's extent with a margin (its regions.json bounds): a point outside is a typing error.
        if (c.Longitude is { } lon && (double.IsNaN(lon) || city.Bounds is { } xs && !xs.ContainsLongitude(lon)))
            Add("longitude", $"经度（longitude）{lon} 不在{city.Name}范围内（约 {city.Bounds?.West}–{city.Bounds?.East}°E）");
        if (c.Latitude is { } lat && (double.IsNaN(lat) || city.Bounds is { } ys && !ys.ContainsLatitude(lat)))
            Add("latitude", $"纬度（latitude）{lat} 不在{city.Name}范围内（约 {city.Bounds?.South}–{city.Bounds?.North}°N）");
        if (taskIds.Count > 0)
        {
            var known = await db.PlanTasks.Where(t => taskIds.Contains(t.Id) && !t.Retired && !t.IsMeasure).Select(t => t.Id).ToListAsync(ct);
            var unknown = taskIds.Except(known, StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
                Add("taskIds", $"关联任务（taskIds）不是已导入规划中的任务：{string.Join("、", unknown)}");
        }
        if (c.SortOrder is < 0 or > 1_000_000)
            Add("sortOrder", "排序（sortOrder）须在 0 到 1000000 之间");
        return (c, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }

    public static Dictionary<string, string[]> CheckPhoto(string? altText, string? altTextEn, string? caption, string? captionEn)
    {
        var errors = new Dictionary<string, string[]>();
        if (altText is null)
            errors["altText"] = ["替代文本（altText）不能为空：请用中文描述照片内容，供读屏软件朗读"];
        else if (altText.Length > AltMax)
            errors["altText"] = [$"替代文本（altText）超过 {AltMax} 字"];
        if (altTextEn?.Length > AltMax)
            errors["altTextEn"] = [$"英文替代文本（altTextEn）超过 {AltMax} 字"];
        if (caption?.Length > CaptionMax)
            errors["caption"] = [$"图片说明（caption）超过 {CaptionMax} 字"];
        if (captionEn?.Length > CaptionMax)
            errors["captionEn"] = [$"英文图片说明（captionEn）超过 {CaptionMax} 字"];
        return errors;
    }
}
