using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Meicheng.Web.Tests.Accounts;

namespace Meicheng.Web.Tests.Pages;

/// <summary>Posting a page's own static SSR form as a browser would: the page's antiforgery token, the form's name in _handler.</summary>
public static class PageForms
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<IHtmlDocument> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}");
        return await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>Posts form <paramref name="handler"/> of the page at <paramref name="url"/>; repeated keys (multi-selects) are allowed.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string handler, params (string Name, string Value)[] fields)
    {
        var page = await client.GetStringAsync(url, Ct);
        var content = new FormUrlEncodedContent([
            new("_handler", handler), new("__RequestVerificationToken", TestAccounts.AntiforgeryToken(page)),
            .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);
        return await client.PostAsync(url, content, Ct);
    }

    /// <summary>A refused form: the page again (200), with the messages beside the fields and what was typed.</summary>
    public static async Task<IHtmlDocument> RefusedAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {html[..Math.Min(html.Length, 2000)]}");
        return await new HtmlParser().ParseDocumentAsync(html);
    }

    /// <summary>An accepted form: a redirect (post, redirect, get); returns where to.</summary>
    public static async Task<string> RedirectedAsync(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            var html = await response.Content.ReadAsStringAsync(Ct);
            var errors = new HtmlParser().ParseDocument(html).QuerySelectorAll(".field-error, .notice").Select(e => e.TextContent);
            Assert.Fail($"{response.StatusCode}: {string.Join(" | ", errors)}");
        }
        return response.Headers.Location!.OriginalString;
    }
}
