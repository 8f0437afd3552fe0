using System.Text.RegularExpressions;

namespace Meicheng.Web.Tests.Pages;

/// <summary>
/// Following a role's links through the site, the one home of what is followed and how much: pages only (no API,
/// downloads, sign-in or sign-out), at most <paramref name="pages"/> visits, and <paramref name="samplesPerPattern"/> of each
/// kind of page (/targets/{id}, /plans/{id}/tasks/{n}): the markup of a kind is the same for every id. Used by the page
/// crawl over HTTP (PageCrawlTests) and the Chinese-language crawl in a browser (ChineseSiteBrowserTests).
/// </summary>
public sealed partial class SiteCrawl(int pages, int samplesPerPattern)
{
    /// <summary>
    /// Visits pages from <paramref name="start"/>: <paramref name="visit"/> loads one and returns the links on it (paths);
    /// returns how many pages were visited.
    /// </summary>
    public async Task<int> RunAsync(IEnumerable<string> start, Func<string, Task<IEnumerable<string>>> visit)
    {
        var queue = new Queue<string>(start);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var patterns = new Dictionary<string, int>(StringComparer.Ordinal);
        var visited = 0;
        while (queue.Count > 0 && visited < pages)
        {
            var path = queue.Dequeue();
            if (!seen.Add(path))
                continue;
            var pattern = Pattern(path);
            if (patterns.GetValueOrDefault(pattern) >= samplesPerPattern)
                continue;
            patterns[pattern] = patterns.GetValueOrDefault(pattern) + 1;
            visited++;
            foreach (var link in await visit(path))
            {
                var href = link.Split('#')[0];
                if (Crawlable(href))
                    queue.Enqueue(href);
            }
        }
        return visited;
    }

    /// <summary>A page of this site worth following: not the API, a download, a photo or evidence, sign-in or sign-out.</summary>
    public static bool Crawlable(string path) =>
        path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal)
        && !path.StartsWith("/api", StringComparison.Ordinal) && !path.StartsWith("/openapi", StringComparison.Ordinal)
        && !path.StartsWith("/account/", StringComparison.Ordinal) && !path.StartsWith("/open-data/", StringComparison.Ordinal)
        && !DownloadPattern().IsMatch(path) && !path.Contains("/photos/", StringComparison.Ordinal) && !path.Contains("/evidence", StringComparison.Ordinal);

    /// <summary>The kind of page: path segments with digits or hyphens (ids, codes) as {id}, and the query's keys.</summary>
    public static string Pattern(string path)
    {
        var (p, q) = path.IndexOf('?', StringComparison.Ordinal) is var i and >= 0 ? (path[..i], path[i..]) : (path, "");
        var segments = p.Split('/').Select((s, n) => n >= 2 && (s.Any(char.IsDigit) || s.Contains('-', StringComparison.Ordinal)) ? "{id}" : s);
        return string.Join('/', segments) + (q.Length > 0 ? "?" + string.Join('&', q.TrimStart('?').Split('&').Select(kv => kv.Split('=')[0]).Order(StringComparer.Ordinal)) : "");
    }

    [GeneratedRegex(@"\.(csv|json|xlsx|docx|pdf|png|jpg|jpeg|zip|svg|ico|txt|geojson|css|js)(\?|$)", RegexOptions.IgnoreCase)]
    private static partial Regex DownloadPattern();
}
