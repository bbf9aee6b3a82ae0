using ArrHost.Client;
using ArrHost.Tests.Browser;
using ArrHost.Tooling.Viewer;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ArrHost.Integration.Tests.Browser;

/// <summary>
/// <c>arr view</c>'s relay and page against a real region, in Debian's headless chromium: the page
/// decodes the real host's stream (H.264 with WebCodecs, or JPEG), drags change the picture, a second
/// page is refused with the reason, a dropped page reconnects, and the dashboard follows the session.
/// </summary>
public sealed class ViewerBrowserTests(ViewerRegion region) : IClassFixture<ViewerRegion>
{
    private const string Model = "builtin:spheres?triangles=2000";

    [Fact]
    public async Task Viewer_MouseDrag_PaintsH264FramesThatChange()
    {
        await using var viewer = await Viewer.StartAsync(region, FrameCodec.H264, width: 640, height: 360);
        await using var browser = await HeadlessChromium.LaunchAsync(1200, 560);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(viewer.Server.Address.ToString());

        await WaitAsync(page, "s => s.frames >= 3");
        Assert.Equal("h264", await page.EvaluateAsync<string>("window.arrViewer.codec"));
        Assert.Equal(FrameCodec.H264, viewer.Relay.Codec);
        await page.WaitForTimeoutAsync(300);
        var before = await CanvasAsync(page);
        var seqBefore = await page.EvaluateAsync<int>("window.arrViewer.lastSeq");

        await DragAsync(page, 160);

        await WaitAsync(page, $"s => s.lastSeq > {seqBefore} && s.frames >= 6");
        await page.WaitForTimeoutAsync(500);
        var after = await CanvasAsync(page);
        Assert.NotEqual(before, after);
        Assert.Empty(await page.EvaluateAsync<string[]>("window.arrViewer.errors"));
        Assert.True(viewer.Relay.GlassToGlassSamples().Length > 0, "the page reports glass-to-glass times");
        var shot = Path.Combine(region.Folder, "viewer.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        Screenshots.Publish(shot);
    }

    [Fact]
    public async Task Viewer_PageWithoutH264_FallsBackToJpegWithANoteAndPaints()
    {
        await using var viewer = await Viewer.StartAsync(region, FrameCodec.H264);
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(viewer.Server.Address + "?codec=jpeg");

        await WaitAsync(page, "s => s.codec === 'jpeg' && s.frames >= 2");
        await Expect(page.Locator("#banner")).ToContainTextAsync("falls back to JPEG");
        Assert.Equal(FrameCodec.Jpeg, viewer.Relay.Codec);
        var before = await CanvasAsync(page);
        var seqBefore = await page.EvaluateAsync<int>("window.arrViewer.lastSeq");
        await DragAsync(page, -200);
        await WaitAsync(page, $"s => s.lastSeq > {seqBefore}");
        await page.WaitForTimeoutAsync(300);
        Assert.NotEqual(before, await CanvasAsync(page));
    }

    [Fact]
    public async Task Viewer_WheelPinchAndOneFinger_ZoomAndOrbitTheCamera()
    {
        await using var viewer = await Viewer.StartAsync(region, FrameCodec.Jpeg);
        await using var browser = await HeadlessChromium.LaunchAsync(touch: true);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(viewer.Server.Address.ToString());
        await WaitAsync(page, "s => s.frames >= 1 && s.loaded");
        await page.WaitForTimeoutAsync(200);
        var start = await page.EvaluateAsync<double>("window.arrViewer.camera.distance");

        var box = (await page.Locator("#view").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Mouse.WheelAsync(0, 500);
        await WaitAsync(page, $"s => s.camera.distance > {start.ToString(System.Globalization.CultureInfo.InvariantCulture)} * 1.3");
        var zoomedOut = await page.EvaluateAsync<double>("window.arrViewer.camera.distance");

        // Two fingers moving apart zoom in; one finger orbits.
        var cdp = await page.Context.NewCDPSessionAsync(page);
        float cx = box.X + box.Width / 2, cy = box.Y + box.Height / 2;
        async Task TouchAsync(string type, params (float X, float Y, int Id)[] points) =>
            await cdp.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object>
            {
                ["type"] = type,
                ["touchPoints"] = points.Select(p => new Dictionary<string, object> { ["x"] = p.X, ["y"] = p.Y, ["id"] = p.Id }).ToArray(),
            });
        await TouchAsync("touchStart", (cx - 20, cy, 1), (cx + 20, cy, 2));
        for (var i = 1; i <= 8; i++) await TouchAsync("touchMove", (cx - 20 - i * 10, cy, 1), (cx + 20 + i * 10, cy, 2));
        await TouchAsync("touchEnd");
        var pinched = await page.EvaluateAsync<double>("window.arrViewer.camera.distance");
        Assert.True(pinched < zoomedOut * 0.5, $"pinching apart zooms in ({zoomedOut} -> {pinched})");

        var yaw = await page.EvaluateAsync<double>("window.arrViewer.camera.yaw");
        await TouchAsync("touchStart", (cx, cy, 3));
        for (var i = 1; i <= 8; i++) await TouchAsync("touchMove", (cx + i * 15, cy, 3));
        await TouchAsync("touchEnd");
        Assert.True(await page.EvaluateAsync<double>("window.arrViewer.camera.yaw") < yaw - 0.5, "one finger orbits");
        var frames = await page.EvaluateAsync<int>("window.arrViewer.frames");
        await WaitAsync(page, $"s => s.frames > {frames}");
    }

    [Fact]
    public async Task Viewer_SecondPage_IsRefusedWithTheReasonWhileTheFirstKeepsStreaming()
    {
        await using var viewer = await Viewer.StartAsync(region, FrameCodec.Jpeg);
        await using var browser = await HeadlessChromium.LaunchAsync();
        var first = await browser.NewPageAsync();
        await first.GotoAsync(viewer.Server.Address.ToString());
        await WaitAsync(first, "s => s.frames >= 1");

        var second = await browser.NewPageAsync();
        await second.GotoAsync(viewer.Server.Address.ToString());

        await Expect(second.Locator("#banner")).ToContainTextAsync("Refused (OtherViewerConnected)");
        await Expect(second.Locator("#status")).ToHaveTextAsync("refused");
        Assert.Equal(0, await second.EvaluateAsync<int>("window.arrViewer.frames"));
        Assert.Equal(1, viewer.Relay.PagesRefused);
        var frames = await first.EvaluateAsync<int>("window.arrViewer.frames");
        await DragAsync(first, 120);
        await WaitAsync(first, $"s => s.frames > {frames}");
    }

    [Fact]
    public async Task Viewer_ConnectionDropped_PageReconnectsAndPaintsAgain()
    {
        await using var viewer = await Viewer.StartAsync(region, FrameCodec.H264);
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(viewer.Server.Address.ToString());
        await WaitAsync(page, "s => s.frames >= 2");

        await page.EvaluateAsync("window.arrViewer.drop()");
        await WaitAsync(page, "s => s.connects === 2 && s.connected");
        var frames = await page.EvaluateAsync<int>("window.arrViewer.frames");
        await DragAsync(page, 100);

        await WaitAsync(page, $"s => s.frames > {frames}");
        Assert.Equal(0, viewer.Relay.PagesRefused);
        Assert.Empty(await page.EvaluateAsync<string[]>("window.arrViewer.errors"));

        // A reload is a new page: it takes over from the one being unloaded.
        await page.ReloadAsync();
        await WaitAsync(page, "s => s.frames >= 1");
        Assert.Equal(0, viewer.Relay.PagesRefused);
    }

    [Fact]
    public async Task Dashboard_RealRegion_ShowsTheSessionStartingReadyStoppedAndItsHostsFrames()
    {
        await using var browser = await HeadlessChromium.LaunchAsync(1700, 420);
        var dashboard = await browser.NewPageAsync();
        await dashboard.GotoAsync($"{region.Region.Info.RestEndpoint.TrimEnd('/')}/dashboard#account={region.Region.Info.AccountId}&key={region.Region.Info.AccountKey}");
        await Expect(dashboard.Locator("#hosts tbody tr")).ToHaveCountAsync(1);
        using var client = region.NewClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var session = await SessionLifecycleTests.CreateWhenHostFreeAsync(client, RenderingSessionSize.Standard, cts.Token);
        var state = dashboard.Locator($"#sessions tr[data-session='{session.SessionUuid}'] .state");
        await Expect(state).ToHaveTextAsync("Starting", new LocatorAssertionsToHaveTextOptions { Timeout = 10_000 });
        await session.WaitForReadyAsync(null, cts.Token);
        await Expect(state).ToHaveTextAsync("Ready");

        await using (var viewer = await Viewer.StartAsync(region, FrameCodec.Jpeg, session))
        {
            var page = await browser.NewPageAsync();
            await page.GotoAsync(viewer.Server.Address + "?spin=1");
            await WaitAsync(page, "s => s.frames >= 10");
            var fps = dashboard.Locator("#hosts tbody tr .fps");
            await Expect(fps).Not.ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(–|0\\.0)$"), new LocatorAssertionsToHaveTextOptions { Timeout = 10_000 });
            await Expect(dashboard.Locator("#hosts tbody tr")).ToContainTextAsync("connected");
            var shot = Path.Combine(region.Folder, "dashboard.png");
            await dashboard.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
            Screenshots.Publish(shot);
        }

        await session.StopAsync(cts.Token);
        await Expect(state).ToHaveTextAsync("Stopped");
    }

    [Fact]
    public async Task ArrView_SecondProcessForTheSameSession_IsRefusedByTheHostWithTheReason()
    {
        using var client = region.NewClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var session = await SessionLifecycleTests.CreateWhenHostFreeAsync(client, RenderingSessionSize.Standard, cts.Token);
        await session.WaitForReadyAsync(null, cts.Token);
        var folder = Directory.CreateTempSubdirectory("arr-view-").FullName;
        using var first = ArrView(folder, session.SessionUuid);
        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        first.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            var at = e.Data.IndexOf("http://127.0.0.1:", StringComparison.Ordinal);
            if (e.Data.Contains("Viewer: open", StringComparison.Ordinal) && at >= 0) address.TrySetResult(new Uri(e.Data[at..].Split(' ')[0]));
        };
        first.BeginOutputReadLine();
        first.BeginErrorReadLine();
        try
        {
            var page = await address.Task.WaitAsync(TimeSpan.FromSeconds(90));
            using (var http = new HttpClient())
                Assert.Contains("<canvas id=\"view\"", await http.GetStringAsync(page), StringComparison.Ordinal);

            using var second = ArrView(folder, session.SessionUuid);
            var stderr = second.StandardError.ReadToEndAsync();
            _ = second.StandardOutput.ReadToEndAsync();
            await second.WaitForExitAsync(cts.Token);

            Assert.Equal(7, second.ExitCode);
            Assert.Contains("OtherSessionConnected", await stderr, StringComparison.Ordinal);
            Assert.False(first.HasExited, output.ToString());
        }
        finally
        {
            if (!first.HasExited) first.Kill(entireProcessTree: true);
            await session.StopAsync(CancellationToken.None);
            Directory.Delete(folder, recursive: true);
        }
    }

    private System.Diagnostics.Process ArrView(string folder, string sessionId)
    {
        var info = region.Region.Info;
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            ArrBuild.Locate().ArrDll, "view", "--session", sessionId, "--endpoint", info.Endpoint, "--account-id", info.AccountId, "--account-key", info.AccountKey,
            "--port", "0", "--codec", "jpeg", "--width", "320", "--height", "240", "--model", "builtin:cube",
        })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["COLUMNS"] = "400";
        return System.Diagnostics.Process.Start(psi)!;
    }

    private static async Task WaitAsync(IPage page, string predicate) =>
        await page.WaitForFunctionAsync($"({predicate})(window.arrViewer)", null, new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 50 });

    private static Task<string> CanvasAsync(IPage page) => page.EvaluateAsync<string>("document.getElementById('view').toDataURL('image/png')");

    private static async Task DragAsync(IPage page, int dx)
    {
        var box = (await page.Locator("#view").BoundingBoxAsync())!;
        float x = box.X + box.Width / 2, y = box.Y + box.Height / 2;
        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.DownAsync();
        for (var i = 1; i <= 10; i++)
        {
            await page.Mouse.MoveAsync(x + dx * i / 10f, y + i * 2, new MouseMoveOptions { Steps = 2 });
            await page.WaitForTimeoutAsync(30);
        }

        await page.Mouse.UpAsync();
    }

    /// <summary>A session (created here unless given), the relay connected to it with the model loaded, and the page's server.</summary>
    private sealed class Viewer : IAsyncDisposable
    {
        private readonly RemoteRenderingClient? _client;
        private readonly RenderingSession? _owned;

        private Viewer(RemoteRenderingClient? client, RenderingSession? owned, ViewerRelay relay, ViewerServer server)
        {
            _client = client;
            _owned = owned;
            Relay = relay;
            Server = server;
        }

        public ViewerRelay Relay { get; }

        public ViewerServer Server { get; }

        public static async Task<Viewer> StartAsync(ViewerRegion region, FrameCodec codec, RenderingSession? session = null, int width = 320, int height = 240)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            RemoteRenderingClient? client = null;
            RenderingSession? owned = null;
            if (session is null)
            {
                client = region.NewClient();
                owned = session = await SessionLifecycleTests.CreateWhenHostFreeAsync(client, RenderingSessionSize.Standard, cts.Token);
                await session.WaitForReadyAsync(null, cts.Token);
            }

            var relay = new ViewerRelay(session, new ViewerOptions { Codec = codec, Width = width, Height = height, PoseRate = 30 });
            await relay.EnsureConnectedAsync(codec, cts.Token);
            await relay.PreloadAsync(Model, null, cts.Token);
            var server = await ViewerServer.StartAsync(relay, 0, cts.Token);
            return new Viewer(client, owned, relay, server);
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Relay.DisposeAsync();
            if (_owned is not null)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await _owned.StopAsync(cts.Token);
            }

            _client?.Dispose();
        }
    }
}
