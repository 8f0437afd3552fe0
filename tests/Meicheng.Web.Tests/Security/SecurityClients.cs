using System.Net;
using System.Security.Cryptography;
using Meicheng.Web.Tests.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Meicheng.Web.Tests.Security;

/// <summary>
/// Sign-in without the client's cookie jar, so a test holds the session cookie itself (to copy it, or to send it from
/// another client), and TOTP codes computed from a key the way an authenticator app does (RFC 6238, SHA-1, 30 s, 6 digits).
/// </summary>
internal static class SecurityClients
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static HttpClient Bare(WebApplicationFactory<Program> app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>The antiforgery cookie and the form token of the sign-in page.</summary>
    public static async Task<(string Cookie, string Token)> AntiforgeryAsync(HttpClient bare, string path = "/account/login")
    {
        using var page = await bare.GetAsync(path, Ct);
        return (CookiesOf(page), TestAccounts.AntiforgeryToken(await page.Content.ReadAsStringAsync(Ct)));
    }

    /// <summary>"name=value; name2=value2" from a response's Set-Cookie headers (expired ones left out).</summary>
    public static string CookiesOf(HttpResponseMessage response) => string.Join("; ",
        (response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            .Where(v => !v.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            .Select(v => v.Split(';')[0]));

    /// <summary>Posts the sign-in form; returns the response (a redirect) for the caller to inspect.</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient bare, string email, string password, string returnUrl = "/reporting")
    {
        var (cookie, token) = await AntiforgeryAsync(bare);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = email, ["password"] = password, ["returnUrl"] = returnUrl, ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Add("Cookie", cookie);
        return await bare.SendAsync(request, Ct);
    }

    /// <summary>The session cookie ("meicheng.auth=…") of a fresh sign-in.</summary>
    public static async Task<string> SessionCookieAsync(WebApplicationFactory<Program> app, string email, string password = TestAccounts.Password)
    {
        using var response = await PostSignInAsync(Bare(app), email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = CookiesOf(response).Split("; ").Single(c => c.StartsWith("meicheng.auth=", StringComparison.Ordinal));
        return cookie;
    }

    public static async Task<HttpResponseMessage> SendWithCookieAsync(HttpClient bare, string cookie, HttpMethod method, string url, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Add("Cookie", cookie);
        return await bare.SendAsync(request, Ct);
    }

    public static string Totp(string base32Key, DateTimeOffset at)
    {
        var key = Base32(base32Key);
        var counter = at.ToUnixTimeSeconds() / 30;
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian)
            Array.Reverse(message);
#pragma warning disable CA5350 // RFC 6238 authenticators use HMAC-SHA1.
        var hash = HMACSHA1.HashData(key, message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var value = 0;
        var bytes = new List<byte>();
        foreach (var c in text.ToUpperInvariant().Where(c => c != '=' && c != ' '))
        {
            value = ((value << 5) | alphabet.IndexOf(c, StringComparison.Ordinal)) & 0xFFFF;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(value >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }
}
