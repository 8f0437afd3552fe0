using Meicheng.Web.Components;
using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Search;

public sealed record SearchHitDto(string Type, string Id, string? PlanId, string Title, string Snippet, string Url, int Score);

public sealed record SearchResultDto(string Query, int Total, IReadOnlyList<SearchHitDto> Hits);

/// <summary>What the API and the pages read: one query each.</summary>
internal static class SearchQueries
{
    /// <summary>
    /// Chinese text has no word boundaries, so matching is by substring: every whitespace-separated term must
    /// occur (case-insensitively) in the item's text. Titles weigh more than clauses and body text.
    /// The plans hold hundreds of items, so the candidates are read once and matched in memory.
    /// </summary>
    internal static async Task<SearchResultDto> SearchAsync(AppDbContext db, string query, CancellationToken ct, int limit = 100)
    {
        var terms = query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Normalize).ToArray();
        var candidates = new List<(string Type, string Id, string? PlanId, string Title, string Body, string Url)>();

        var indicators = await db.Indicators.AsNoTracking().ToDictionaryAsync(i => i.Id, ct);
        foreach (var t in await db.Targets.AsNoTracking().Where(t => !t.Retired).OrderBy(t => t.PlanId).ThenBy(t => t.SortOrder).ToListAsync(ct))
        {
            var indicator = indicators[t.IndicatorId];
            candidates.Add(("target", t.Id, t.PlanId, $"{indicator.Name} {Display.Target(t.Comparator, t.Value, t.Unit)}（{t.Year}年）",
                $"{t.Clause} {indicator.NameEn} {t.Section}", $"/targets/{t.Id}"));
        }
        foreach (var m in await db.Milestones.AsNoTracking().Where(m => !m.Retired).OrderBy(m => m.PlanId).ThenBy(m => m.SortOrder).ToListAsync(ct))
            candidates.Add(("milestone", m.Id, m.PlanId, $"{m.Title}（{m.Year}年）", $"{m.Clause} {m.Section}", $"/milestones/{m.Id}"));
        foreach (var t in await db.PlanTasks.AsNoTracking().Where(t => !t.Retired).OrderBy(t => t.PlanId).ThenBy(t => t.IsMeasure).ThenBy(t => t.Number).ToListAsync(ct))
        {
            var url = t.IsMeasure ? $"/plans/{t.PlanId}#measure-{t.Number}" : $"/plans/{t.PlanId}/tasks/{t.Number}";
            var title = t.IsMeasure ? $"{t.Label}{t.Title}" : $"{t.Number}. {t.Title}";
            candidates.Add((t.IsMeasure ? "measure" : "task", t.Id, t.PlanId, title, $"{t.TitleEn} {t.Text}", url));
        }
        foreach (var a in await db.PlanAreas.AsNoTracking().Where(a => !a.Retired).ToListAsync(ct))
            candidates.Add(("area", a.Id, a.PlanId, $"{a.Label}{a.Title}", $"{a.TitleEn} {a.Text}", $"/plans/{a.PlanId}#area-{a.Number}"));
        foreach (var i in indicators.Values.OrderBy(i => i.Id))
            candidates.Add(("indicator", i.Id, null, i.Name, $"{i.NameEn} {i.Unit}", $"/indicators/{i.Id}"));
        foreach (var d in await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ToListAsync(ct))
            candidates.Add(("department", d.Id, null, d.Name, $"{d.FullName} {d.NameEn} {string.Join(' ', d.Aliases)}", $"/departments/{d.Id}"));
        foreach (var r in await db.Regions.AsNoTracking().OrderBy(r => r.SortOrder).ToListAsync(ct))
            candidates.Add(("region", r.Code, null, r.Name, $"{r.Code} {r.NameEn} {string.Join(' ', r.AlsoKnownAs)}", $"/regions/{r.Code}"));

        var hits = new List<SearchHitDto>();
        foreach (var c in candidates)
        {
            var title = Normalize(c.Title);
            var body = Normalize(c.Body);
            if (!terms.All(term => title.Contains(term, StringComparison.Ordinal) || body.Contains(term, StringComparison.Ordinal)))
                continue;
            var score = terms.Sum(term => title.Contains(term, StringComparison.Ordinal) ? 10 : 1) + (c.Type is "indicator" or "task" ? 2 : 0);
            hits.Add(new SearchHitDto(c.Type, c.Id, c.PlanId, c.Title, Snippet(c.Body, terms), c.Url, score));
        }
        var ordered = hits.OrderByDescending(h => h.Score).ToList();
        return new SearchResultDto(query, ordered.Count, ordered.Take(limit).ToList());
    }

    // Full-width letters and digits (ＰＭ２．５) fold to ASCII, and case is ignored, so users find PM2.5 however they type it.
    private static string Normalize(string text) => text.Normalize(System.Text.NormalizationForm.FormKC).ToUpperInvariant();

    private static string Snippet(string body, string[] terms)
    {
        var normalized = Normalize(body);
        var at = terms.Select(t => normalized.IndexOf(t, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        var start = Math.Max(0, Math.Min(at - 30, body.Length));
        var length = Math.Min(120, body.Length - start);
        return string.Concat(start > 0 ? "…" : "", body.AsSpan(start, length), start + length < body.Length ? "…" : "");
    }
}
