using System.Collections.Concurrent;
using System.Diagnostics;
using ArrHost.Client;
using ArrHost.Tooling.Statistics;

namespace ArrHost.Bench.Matrix;

/// <summary>
/// One scenario end to end through the SDK: create a session, wait for Ready, connect, load the
/// sphere field, send poses at a steady rate, and measure every frame on the client's clock.
/// </summary>
internal static class EndToEndRunner
{
    public static async Task<RunResult> RunAsync(RemoteRenderingClient client, BenchScenario s, BenchSettings settings, Action<string> status, CancellationToken ct)
    {
        var result = new RunResult { Kind = "e2e" };
        RenderingSession? session = null;
        // A scenario that hangs (a host that never turns Ready, a stream that stalls) ends with an error instead.
        using var scenarioTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        scenarioTimeout.CancelAfter(TimeSpan.FromSeconds(settings.WarmupSeconds + settings.Seconds + 90));
        var sct = scenarioTimeout.Token;
        try
        {
            session = await CreateReadyAsync(client, status, sct).ConfigureAwait(false);
            var init = new RendererInitOptions
            {
                Codec = s.Codec == "h264" ? FrameCodec.H264 : s.Codec == "raw" ? FrameCodec.Raw : FrameCodec.Jpeg,
                Width = s.Width,
                Height = s.Height,
                FramesInFlight = s.FramesInFlight,
            };
            if (settings.MaxFrameRate > 0) init.MaxFrameRate = settings.MaxFrameRate;
            var connection = await session.ConnectAsync(init, sct).ConfigureAwait(false);
            result.Device = connection.HostDeviceName;
            result.Encoder = connection.Encoder;
            var load = await connection.LoadModelAsync(new LoadModelOptions { Url = s.ModelUrl }, null, sct).ConfigureAwait(false);
            status($"  e2e {s.Name}: loaded {s.ModelUrl} ({load.PrimitiveCount} triangles); {settings.WarmupSeconds:0.#} s warm-up, {settings.Seconds:0.#} s measured");
            await MeasureAsync(connection, s, settings, result, sct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RemoteRenderingException or InvalidOperationException or IOException)
        {
            result.Error = e.Message;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            result.Error = "The scenario did not finish in time (session start, connect, load or the frame stream stalled).";
        }
        finally
        {
            if (session is not null)
            {
                try
                {
                    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                    await session.StopAsync(stop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is RemoteRenderingException or OperationCanceledException)
                {
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Creates a session and waits for Ready. With one host per size the previous scenario's host may
    /// still be resetting; a session that fails for capacity is retried (for up to 30 s).
    /// </summary>
    internal static async Task<RenderingSession> CreateReadyAsync(RemoteRenderingClient client, Action<string> status, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
        while (true)
        {
            var session = await client.CreateNewRenderingSessionAsync(new RenderingSessionCreationOptions { Size = RenderingSessionSize.Standard, MaxLeaseInMinutes = 30 }, ct).ConfigureAwait(false);
            try
            {
                await session.WaitForReadyAsync(null, ct).ConfigureAwait(false);
                return session;
            }
            catch (RemoteRenderingException e) when (e.ErrorCode == RemoteRenderingErrorCodes.SessionEnded && Stopwatch.GetTimestamp() < deadline)
            {
                status($"  session {session.SessionUuid} did not start ({e.Message}); retrying");
                await Task.Delay(200, ct).ConfigureAwait(false);
            }
        }
    }

    private static async Task MeasureAsync(RenderingConnection connection, BenchScenario s, BenchSettings settings, RunResult result, CancellationToken ct)
    {
        var submitted = new ConcurrentDictionary<ulong, long>();
        var freq = (double)Stopwatch.Frequency;
        long measureFrom = long.MaxValue, measureTo = long.MaxValue;
        var receive = new List<double>();
        var decoded = new List<double>();
        var decode = new List<double>();
        var wait = new List<double>();
        var render = new List<double>();
        var readback = new List<double>();
        var encode = new List<double>();
        var send = new List<double>();
        var hostTotal = new List<double>();
        var netClient = new List<double>();
        long bytes = 0, frames = 0, keyframes = 0, dropped = 0, posesSent = 0;

        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        ulong firstFrame = ulong.MaxValue, lastFrame = 0;
        var sends = new PreviousSendMatcher();
        void Record(RenderedFrame e, long now, double? decodeMs)
        {
            var sentAt = 0L;
            var measured = submitted.TryRemove(e.PoseId, out sentAt) && sentAt >= Volatile.Read(ref measureFrom) && now <= Volatile.Read(ref measureTo);
            var t = e.HostTimings;
            // This frame carries the previous frame's send duration: it is a sample of that frame's pose.
            if (sends.Next(e.FrameNumber, e.PoseId, measured) is not null) send.Add(t.PreviousSend.TotalMilliseconds);
            if (!measured) return;
            var rx = e.PoseToReceiveLatency.TotalMilliseconds;
            receive.Add(rx);
            if (decodeMs is { } d)
            {
                decoded.Add((now - sentAt) * 1000 / freq);
                decode.Add(d);
            }

            wait.Add(t.Wait.TotalMilliseconds);
            render.Add(t.Render.TotalMilliseconds);
            readback.Add(t.Readback.TotalMilliseconds);
            encode.Add(t.Encode.TotalMilliseconds);
            hostTotal.Add(t.Total.TotalMilliseconds);
            netClient.Add(Math.Max(0, rx - t.Total.TotalMilliseconds));
            bytes += e.Data.Length;
            frames++;
            dropped += e.PosesDropped;
            if (e.Keyframe && e.Codec == FrameCodec.H264) keyframes++;
            // The host numbers every frame it sends: the range counts frames the client skipped or discarded too.
            firstFrame = Math.Min(firstFrame, e.FrameNumber);
            lastFrame = Math.Max(lastFrame, e.FrameNumber);
        }

        var reader = Task.Run(async () =>
        {
            try
            {
                if (settings.Decode)
                {
                    await foreach (var f in connection.ReadDecodedFramesAsync(stopReading.Token).ConfigureAwait(false))
                    {
                        Record(f.Encoded, Stopwatch.GetTimestamp(), f.DecodeTime.TotalMilliseconds);
                    }
                }
                else
                {
                    await foreach (var f in connection.ReadFramesAsync(stopReading.Token).ConfigureAwait(false))
                    {
                        Record(f, Stopwatch.GetTimestamp(), null);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);

        var startedWarm = Stopwatch.GetTimestamp();
        var warmTicks = (long)(settings.WarmupSeconds * freq);
        var endTicks = warmTicks + (long)(settings.Seconds * freq);
        CpuLoad? cpu = null;
        using var stopPoses = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var timer = new PoseTimer(s.PoseRate, k =>
        {
            var now = Stopwatch.GetTimestamp();
            if (now - startedWarm >= endTicks)
            {
                stopPoses.Cancel();
                return;
            }

            if (cpu is null && now - startedWarm >= warmTicks)
            {
                Volatile.Write(ref measureFrom, now);
                cpu = CpuLoad.Start();
            }

            var camera = OrbitCamera.At(k);
            var at = Stopwatch.GetTimestamp();
            var id = connection.SubmitPose(camera.Position, camera.Orientation, OrbitCamera.FovDegrees, OrbitCamera.Near, OrbitCamera.Far);
            submitted[id] = at;
            if (cpu is not null) posesSent++;
        }, stopPoses.Token);
        try
        {
            await timer.Completion.ConfigureAwait(false);
        }
        catch (RemoteRenderingException e)
        {
            result.Error = e.Message;
        }

        var measuredEnd = Stopwatch.GetTimestamp();
        // Let the frames of the last poses arrive (they still count if their pose was in the window).
        await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None).ConfigureAwait(false);
        Volatile.Write(ref measureTo, Stopwatch.GetTimestamp());
        var (foreign, own) = cpu?.Stop() ?? (-1, -1);
        stopReading.Cancel();
        await reader.ConfigureAwait(false);

        var seconds = (measuredEnd - Volatile.Read(ref measureFrom)) / freq;
        result.Seconds = seconds;
        result.ForeignCpu = foreign;
        result.OwnCpu = own;
        result.PosesSent = posesSent;
        result.FramesDecoded = frames;
        result.FramesReceived = frames == 0 ? 0 : (long)(lastFrame - firstFrame + 1);
        result.FramesSkippedOrDiscarded = Math.Max(0, result.FramesReceived - frames);
        result.PosesDroppedByHost = dropped;
        result.Keyframes = keyframes;
        result.Fps = seconds > 0 ? result.FramesReceived / seconds : 0;
        result.MeanBytesPerFrame = frames > 0 ? (double)bytes / frames : 0;
        result.Mbps = result.MeanBytesPerFrame * 8 * result.Fps / 1e6;
        result.Stages = new Dictionary<string, LatencySummary>
        {
            [Stages.PoseToReceive] = LatencySummary.Of(receive),
            [Stages.HostWait] = LatencySummary.Of(wait),
            [Stages.HostRender] = LatencySummary.Of(render),
            [Stages.HostReadback] = LatencySummary.Of(readback),
            [Stages.HostEncode] = LatencySummary.Of(encode),
            [Stages.HostSend] = LatencySummary.Of(send),
            [Stages.HostTotal] = LatencySummary.Of(hostTotal),
            [Stages.NetworkAndClient] = LatencySummary.Of(netClient),
        };
        if (settings.Decode)
        {
            result.Stages[Stages.PoseToDecoded] = LatencySummary.Of(decoded);
            result.Stages[Stages.Decode] = LatencySummary.Of(decode);
        }

        result.Samples = receive.Select(v => Math.Round(v, 2)).ToList();
        result.DecodedSamples = !settings.Decode ? null : decoded.Select(v => Math.Round(v, 2)).ToList();
    }
}
