using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Infrastructure;

/// <summary>The browser the console and report tests use starts and renders a page.</summary>
public sealed class ChromiumTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [SkippableFact]
    public async Task Chromium_renders_a_page_and_saves_a_screenshot()
    {
        var page = await chromium.NewPageAsync();
        await page.SetContentAsync("<html><body><h1 id='t'>ZtFleet</h1></body></html>");

        Assert.Equal("ZtFleet", await page.InnerTextAsync("#t"));
        var shot = Path.Combine(Chromium.ArtifactsFolder, "chromium-smoke.png");
        await page.ScreenshotAsync(new() { Path = shot });
        Assert.True(new FileInfo(shot).Length > 0);
        await page.Context.DisposeAsync();
    }
}
