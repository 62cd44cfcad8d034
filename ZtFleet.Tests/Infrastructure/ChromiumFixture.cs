using Microsoft.Playwright;

namespace ZtFleet.Tests.Infrastructure;

/// <summary>
/// One headless chromium shared by a test class (<c>IClassFixture&lt;ChromiumFixture&gt;</c>). <see cref="Browser"/>
/// is null when chromium is missing: tests call <see cref="Chromium.Require"/> first, which skips them with the reason.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    /// <summary>The browser, or null when chromium is not installed.</summary>
    public IBrowser? Browser { get; private set; }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (Chromium.ExecutablePath is null)
        {
            return;
        }

        (_playwright, Browser) = await Chromium.LaunchAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A new page in its own context (cookies and storage of its own); the test disposes the context.</summary>
    public async Task<IPage> NewPageAsync()
    {
        Chromium.Require();
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        return await context.NewPageAsync();
    }
}
