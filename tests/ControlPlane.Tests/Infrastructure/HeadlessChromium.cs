using Microsoft.Playwright;

namespace ArrHost.Tests.Browser;

/// <summary>
/// Debian's chromium (/usr/bin/chromium, from scripts/apt-packages.txt) driven by Microsoft.Playwright's
/// own node driver (inside the NuGet package); no browser is ever downloaded. One browser per test,
/// with a fresh profile folder that is deleted afterwards.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly string _profile;

    private HeadlessChromium(IPlaywright playwright, IBrowserContext context, string profile)
    {
        _playwright = playwright;
        Context = context;
        _profile = profile;
    }

    public IBrowserContext Context { get; }

    public static async Task<HeadlessChromium> LaunchAsync(int width = 1100, int height = 800, bool touch = false)
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"{ExecutablePath} is missing: install Debian's chromium (`./arr setup` installs scripts/apt-packages.txt).");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var profile = Directory.CreateTempSubdirectory("arr-chromium-").FullName;
        var playwright = await Playwright.CreateAsync();
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                ViewportSize = new ViewportSize { Width = width, Height = height },
                HasTouch = touch,
                Args =
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                ],
                Timeout = 60_000,
            });
            return new HeadlessChromium(playwright, context, profile);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async Task<IPage> NewPageAsync()
    {
        var page = await Context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        _playwright.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
