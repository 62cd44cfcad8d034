using Microsoft.Playwright;

namespace ZtFleet.Tests.Infrastructure;

/// <summary>
/// Debian's <c>chromium</c>, headless, driven by Playwright for .NET (Playwright's own browser download is not
/// reachable here, so it is started from <see cref="ExecutablePath"/>). One browser per test class through
/// <see cref="ChromiumFixture"/>; each test opens its own context. Where chromium is missing the test is skipped with
/// the reason (in CI: fails; <c>.ci/run</c> installs it).
/// </summary>
internal static class Chromium
{
    /// <summary>The chromium binary, or null when the machine has none.</summary>
    public static string? ExecutablePath =>
        HostPrerequisite.FindProgram("chromium") ?? HostPrerequisite.FindProgram("chromium-browser");

    /// <summary>Skips the running test (in CI: fails it) when chromium is not installed.</summary>
    public static void Require() =>
        HostPrerequisite.Require(ExecutablePath is null ? "chromium is not installed (apt-get install chromium)" : null);

    /// <summary>Where tests save screenshots and pages for people to look at: <c>artifacts/browser</c> under the test output.</summary>
    public static string ArtifactsFolder
    {
        get
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "artifacts", "browser");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    /// <summary>Starts Playwright's driver and a headless chromium.</summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                // Root in CI has no user namespace sandbox; the browser only opens pages the test serves.
                Args = ["--no-sandbox", "--disable-dev-shm-usage"],
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
