using Microsoft.Playwright;

namespace Meicheng.Browser.Tests;

/// <summary>
/// Debian's Chromium (/usr/bin/chromium) driven by Playwright: Playwright cannot download its own browser here.
/// One browser per test class; each test opens its own context and its own app.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots are kept as test artifacts.</summary>
    public static string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(FindRoot(), "artifacts", "screenshots")).FullName;

    public async ValueTask InitializeAsync()
    {
        // Slow CI machines: a page that renders an evaluation cold may take longer than Playwright's default 5 s.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("MEICHENG_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Meicheng.slnx")))
                return d.FullName;
        }
        return Path.GetTempPath();
    }
}
