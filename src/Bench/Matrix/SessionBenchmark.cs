using System.Diagnostics;
using ArrHost.Client;
using ArrHost.Protos.V1;
using ArrHost.Rpc;
using ArrHost.Tooling.Statistics;
using Grpc.Core;

namespace ArrHost.Bench.Matrix;

internal static class SessionBenchmark
{
    public static async Task<SessionResult> RunAsync(RemoteRenderingClient client, Uri endpoint, string accountId, string accountKey, BenchSettings settings, Action<string> status, CancellationToken ct)
    {
        var result = new SessionResult();
        // ListHosts is the one arr.v1.Sessions call the SDK does not expose.
        using var channel = RpcChannels.ForAddress(endpoint);
        var hosts = new Sessions.SessionsClient(channel);
        var cpu = CpuLoad.Start();
        try
        {
            var token = await hosts.GetAccessTokenAsync(new GetAccessTokenRequest { AccountId = accountId }, Auth($"{accountId}:{accountKey}", ct)).ResponseAsync.ConfigureAwait(false);
            var auth = token.Token;
            var initial = await hosts.ListHostsAsync(new ListHostsRequest(), Auth(auth, ct)).ResponseAsync.ConfigureAwait(false);
            result.Hosts = initial.Hosts.Count(h => h.Size == SessionSize.Standard && h.State != HostState.Lost);
            var ready = new List<double>();
            var firstFrame = new List<double>();
            var idle = new List<double>();
            for (var i = 0; i < settings.SessionIterations; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                var session = await client.CreateNewRenderingSessionAsync(new RenderingSessionCreationOptions { MaxLeaseInMinutes = 10 }, ct).ConfigureAwait(false);
                await session.WaitForReadyAsync(null, ct).ConfigureAwait(false);
                ready.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);

                var t1 = Stopwatch.GetTimestamp();
                var connection = await session.ConnectAsync(new RendererInitOptions { Codec = FrameCodec.Jpeg, Width = 1280, Height = 720 }, ct).ConfigureAwait(false);
                var camera = OrbitCamera.At(0);
                connection.SubmitPose(camera.Position, camera.Orientation, OrbitCamera.FovDegrees, OrbitCamera.Near, OrbitCamera.Far);
                await foreach (var _ in connection.ReadFramesAsync(ct).ConfigureAwait(false)) break;
                firstFrame.Add(Stopwatch.GetElapsedTime(t1).TotalMilliseconds);

                var t2 = Stopwatch.GetTimestamp();
                await session.StopAsync(ct).ConfigureAwait(false);
                await WaitIdleAsync(hosts, auth, session.SessionUuid, TimeSpan.FromMilliseconds(3), ct).ConfigureAwait(false);
                idle.Add(Stopwatch.GetElapsedTime(t2).TotalMilliseconds);
                status($"  session {i + 1}/{settings.SessionIterations}: create->Ready {ready[^1]:F1} ms, connect->first frame {firstFrame[^1]:F1} ms, stop->host idle {idle[^1]:F1} ms");
            }

            result.CreateToReady = LatencySummary.Of(ready);
            result.ConnectToFirstFrame = LatencySummary.Of(firstFrame);
            result.StopToHostIdle = LatencySummary.Of(idle);

            // Sustained: create -> Ready -> stop -> host idle, back to back, on every host of the size.
            var until = Stopwatch.GetTimestamp() + (long)(settings.SessionThroughputSeconds * Stopwatch.Frequency);
            var start = Stopwatch.GetTimestamp();
            var rateLimited = 0;
            var workers = Enumerable.Range(0, Math.Max(1, result.Hosts)).Select(async _ =>
            {
                var n = 0;
                while (Stopwatch.GetTimestamp() < until)
                {
                    RenderingSession session;
                    try
                    {
                        session = await client.CreateNewRenderingSessionAsync(new RenderingSessionCreationOptions { MaxLeaseInMinutes = 10 }, ct).ConfigureAwait(false);
                    }
                    catch (RemoteRenderingException e) when (e.IsTransient)
                    {
                        rateLimited++;
                        await Task.Delay(100, ct).ConfigureAwait(false);
                        continue;
                    }

                    try
                    {
                        await session.WaitForReadyAsync(null, ct).ConfigureAwait(false);
                    }
                    finally
                    {
                        await session.StopAsync(ct).ConfigureAwait(false);
                    }

                    await WaitIdleAsync(hosts, auth, session.SessionUuid, TimeSpan.FromMilliseconds(20), ct).ConfigureAwait(false);
                    n++;
                }

                return n;
            }).ToArray();
            var counts = await Task.WhenAll(workers).ConfigureAwait(false);
            result.Cycles = counts.Sum();
            result.SessionsPerSecond = result.Cycles / Stopwatch.GetElapsedTime(start).TotalSeconds;
            result.RateLimitedCreates = rateLimited;
            status($"  sessions/s sustained over {result.Hosts} host(s): {result.SessionsPerSecond:F2} ({result.Cycles} cycles)");
        }
        catch (Exception e) when (e is RpcException or RemoteRenderingException or InvalidOperationException)
        {
            result.Error = e.Message;
            status($"  session benchmark failed: {e.Message}");
        }

        result.ForeignCpu = cpu.Stop().Foreign;
        return result;
    }

    /// <summary>
    /// Polls ListHosts every <paramref name="interval"/> until the host that served the session is Idle
    /// again (free for the next one). The control plane limits each account (100 requests/s, burst
    /// 200 by default); a refused poll waits and goes on.
    /// </summary>
    private static async Task WaitIdleAsync(Sessions.SessionsClient hosts, string token, string sessionId, TimeSpan interval, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        string? hostId = null;
        while (true)
        {
            ListHostsResponse list;
            try
            {
                list = await hosts.ListHostsAsync(new ListHostsRequest(), Auth(token, timeout.Token)).ResponseAsync.ConfigureAwait(false);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                await Task.Delay(100, timeout.Token).ConfigureAwait(false);
                continue;
            }

            hostId ??= list.Hosts.FirstOrDefault(h => h.SessionId == sessionId)?.HostId;
            if (hostId is null)
            {
                // Already released (or never seen): done when no host still names the session.
                if (list.Hosts.All(h => h.SessionId != sessionId)) return;
            }
            else if (list.Hosts.FirstOrDefault(h => h.HostId == hostId) is { State: HostState.Idle })
            {
                return;
            }

            await Task.Delay(interval, timeout.Token).ConfigureAwait(false);
        }
    }

    private static CallOptions Auth(string bearer, CancellationToken ct)
    {
        var headers = new Metadata { { "authorization", "Bearer " + bearer } };
        return new CallOptions(headers, null, ct);
    }
}
