using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ArrHost.Bench.Matrix;
using ArrHost.Protos.V1;
using ArrHost.Rpc;
using ArrHost.Tooling.CommandLine;
using ArrHost.Tooling.Region;
using ArrHost.Tooling.Statistics;
using Grpc.Core;
using Grpc.Net.Client;

namespace ArrHost.Bench.Commands;

/// <summary>
/// `arr bench controlplane`: the control plane as its own process (SQLite, zero start-up delay) with render-host
/// agents attached over the real gRPC HostAgent stream: create -> Ready latency, get-session throughput over
/// gRPC and REST, paging through 10,000 stored sessions over gRPC, and 100 concurrent creates against 10 hosts.
/// </summary>
internal static class BenchControlPlaneCommand
{
    public static Command Create()
    {
        var creates = new Option<int>("--creates") { Description = "Sequential create -> Ready round trips measured.", DefaultValueFactory = _ => 300 };
        var seconds = new Option<double>("--seconds") { Description = "Duration of each get-session throughput run.", DefaultValueFactory = _ => 3 };
        var clients = new Option<int>("--clients") { Description = "Concurrent callers in the throughput runs.", DefaultValueFactory = _ => 16 };
        var stored = new Option<int>("--stored") { Description = "Sessions stored for the list benchmark.", DefaultValueFactory = _ => 10_000 };
        var output = new Option<string?>("--output") { Description = "Markdown results file (default bench/results/controlplane.md under the repository)." };
        var command = new Command("controlplane", """
            Control plane: create->Ready p50, get-session req/s over gRPC and REST, list 10,000 paged over gRPC, 100 creates vs 10 hosts.
            Writes the Markdown report to bench/results/controlplane.md unless --output says otherwise.

            Examples:
              ./arr bench controlplane
              ./arr bench controlplane --creates 50 --seconds 1 --stored 1000 --output /tmp/controlplane.md
              ./arr bench controlplane --clients 4
            """);
        command.Options.Add(creates);
        command.Options.Add(seconds);
        command.Options.Add(clients);
        command.Options.Add(stored);
        command.Options.Add(output);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var report = await RunAsync(r.GetValue(creates), TimeSpan.FromSeconds(r.GetValue(seconds)), r.GetValue(clients), r.GetValue(stored), ct);
            Console.WriteLine(report);
            var path = r.GetValue(output) ?? Path.Combine(RepositoryRoot.Find(), "bench", "results", "controlplane.md");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, report, ct);
            Console.WriteLine($"written to {path}");
            return 0;
        });
        return command;
    }

    private static async Task<string> RunAsync(int creates, TimeSpan duration, int clients, int stored, CancellationToken ct)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Control plane benchmark (`./arr bench controlplane`)");
        sb.AppendLine();
        sb.AppendLine($"Machine: {Environment.ProcessorCount} vCPU {MachineInfo.CpuInfoModel()}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        sb.AppendLine("Setup: the arr-controlplane program started by this one (as `arr region` starts it), SQLite store (WAL) in a temp folder, start-up delay 0,");
        sb.AppendLine("render-host agents attached over the real gRPC HostAgent stream (they accept leases and confirm releases at once),");
        sb.AppendLine("clients over loopback: gRPC (Grpc.Net.Client, HTTP/2) and REST (HttpClient, HTTP/1.1).");
        sb.AppendLine();
        sb.AppendLine("| measurement | result |");
        sb.AppendLine("| --- | --- |");

        await using (var region = await Region.StartAsync(hosts: 10, ct))
        {
            // 1. create -> Ready over gRPC: CreateSession, then WatchSession until Ready; then stop and wait for the host to be free.
            var latencies = new List<double>();
            for (var i = 0; i < creates + 20; i++)
            {
                var id = $"lat-{i}";
                var sw = Stopwatch.StartNew();
                await region.Sessions.CreateSessionAsync(new CreateSessionRequest { SessionId = id, Size = SessionSize.Standard, MaxLeaseTimeMinutes = 60 }, region.Auth(ct));
                using (var watch = region.Sessions.WatchSession(new WatchSessionRequest { SessionId = id }, region.Auth(ct)))
                {
                    while (await watch.ResponseStream.MoveNext(ct))
                    {
                        var s = watch.ResponseStream.Current.Session;
                        if (s.Status == SessionStatus.Ready) break;
                        if (s.Status != SessionStatus.Starting) throw new InvalidOperationException($"session {id}: {s.Status} {s.Error?.Message}");
                    }
                }
                sw.Stop();
                if (i >= 20) latencies.Add(sw.Elapsed.TotalMilliseconds); // the first 20 warm up
                await region.Sessions.StopSessionAsync(new StopSessionRequest { SessionId = id }, region.Auth(ct));
                await region.WaitForIdleHostsAsync(10, ct);
            }
            latencies.Sort();
            sb.AppendLine($"| create -> Ready, start-up delay 0, gRPC Create + Watch (n={creates}) | p50 {Percentiles.NearestRankUnsorted(latencies, 0.5):0.00} ms, p90 {Percentiles.NearestRankUnsorted(latencies, 0.9):0.00} ms, p99 {Percentiles.NearestRankUnsorted(latencies, 0.99):0.00} ms (goal p50 < 20 ms) |");

            // 2. get-session throughput on one Ready session.
            await region.Sessions.CreateSessionAsync(new CreateSessionRequest { SessionId = "get-me", Size = SessionSize.Standard, MaxLeaseTimeMinutes = 600 }, region.Auth(ct));
            var grpcRate = await ThroughputAsync(clients, duration, () => region.Sessions.GetSessionAsync(new GetSessionRequest { SessionId = "get-me" }, region.Auth(ct)).ResponseAsync, ct);
            sb.AppendLine($"| get-session over gRPC ({clients} concurrent callers, {duration.TotalSeconds:0} s) | {grpcRate:0} requests/s |");
            var restPath = $"/accounts/{region.AccountId}/sessions/get-me?api-version=2021-01-01";
            var restRate = await ThroughputAsync(clients, duration, async () =>
            {
                using var response = await region.Http.GetAsync(restPath, ct);
                if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"REST get answered {(int)response.StatusCode}");
                await response.Content.ReadAsByteArrayAsync(ct);
            }, ct);
            sb.AppendLine($"| get-session over REST 2021-01-01 ({clients} concurrent callers, {duration.TotalSeconds:0} s) | {restRate:0} requests/s |");

            // 3. list with many stored sessions, paged. A region holds one active session per host, so the
            //    sessions are stored by creating them while every host is leased: each ends as a Capacity error,
            //    which the gRPC list returns with include_ended (REST lists active sessions only, as ARR does).
            for (var i = 1; i < 10; i++)
                await region.Sessions.CreateSessionAsync(new CreateSessionRequest { SessionId = $"hold-{i}", Size = SessionSize.Standard, MaxLeaseTimeMinutes = 600 }, region.Auth(ct));
            var fill = Stopwatch.StartNew();
            for (var i = 0; i < stored; i++)
            {
                var s = await region.Sessions.CreateSessionAsync(new CreateSessionRequest { SessionId = $"list-{i:00000}", Size = SessionSize.Standard, MaxLeaseTimeMinutes = 60 }, region.Auth(ct));
                if (s.Error?.Code != "Capacity") throw new InvalidOperationException($"session list-{i:00000} was {s.Status}, not refused for capacity");
            }
            fill.Stop();
            foreach (var pageSize in new[] { 100, 1000 })
            {
                var (count, pages, total, perPage) = await ListGrpcAsync(region, pageSize, ct);
                sb.AppendLine($"| list {count:N0} sessions over gRPC with include_ended, page_size {pageSize} ({pages} pages) | {total:0} ms in all, p50 {perPage:0.0} ms per page |");
            }
            {
                var (count, pages, total, perPage) = await ListRestAsync(region, 1000, ct);
                sb.AppendLine($"| list the {count:N0} active sessions over REST, maxPageSize 1000 ({pages} page) | {total:0} ms in all, p50 {perPage:0.0} ms per page |");
            }
            sb.AppendLine($"| (storing the {stored:N0} sessions: gRPC creates refused for capacity, one after another) | {fill.Elapsed.TotalMilliseconds:0} ms |");
        }

        // 4. 100 concurrent creates against 10 free hosts, on a fresh region.
        await using (var region = await Region.StartAsync(hosts: 10, ct))
        {
            var sw = Stopwatch.StartNew();
            var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() =>
                region.Sessions.CreateSessionAsync(new CreateSessionRequest { SessionId = $"burst-{i}", Size = SessionSize.Standard, MaxLeaseTimeMinutes = 60 }, region.Auth(ct)).ResponseAsync, ct)));
            var answered = sw.Elapsed.TotalMilliseconds;
            var started = results.Where(s => s.Status != SessionStatus.Error).ToList();
            var capacity = results.Count(s => s.Error?.Code == "Capacity");
            foreach (var s in started)
            {
                while ((await region.Sessions.GetSessionAsync(new GetSessionRequest { SessionId = s.Id }, region.Auth(ct))).Status == SessionStatus.Starting)
                {
                    await Task.Delay(1, ct);
                }
            }
            var allReady = sw.Elapsed.TotalMilliseconds;
            var final = await Task.WhenAll(started.Select(s => region.Sessions.GetSessionAsync(new GetSessionRequest { SessionId = s.Id }, region.Auth(ct)).ResponseAsync));
            var ready = final.Count(s => s.Status == SessionStatus.Ready);
            var distinctHosts = final.Select(s => s.HostId).Distinct().Count();
            var verdict = ready == 10 && capacity == 90 && distinctHosts == 10 ? "as required" : "NOT as required";
            sb.AppendLine($"| 100 concurrent creates (gRPC) vs 10 hosts | {ready} Ready, {capacity} Capacity errors, {distinctHosts} distinct hosts leased ({verdict}); all answered in {answered:0} ms, the 10 Ready after {allReady:0} ms |");
        }
        return sb.ToString();
    }

    private static async Task<double> ThroughputAsync(int clients, TimeSpan duration, Func<Task> call, CancellationToken ct)
    {
        for (var i = 0; i < 200; i++) await call(); // warm-up
        long count = 0;
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < stopAt && !ct.IsCancellationRequested)
            {
                await call();
                Interlocked.Increment(ref count);
            }
        }, ct)));
        return count / sw.Elapsed.TotalSeconds;
    }

    private static async Task<(int Count, int Pages, double TotalMs, double PageP50)> ListRestAsync(Region region, int pageSize, CancellationToken ct)
    {
        var times = new List<double>();
        var count = 0;
        string? next = $"/accounts/{region.AccountId}/sessions?api-version=2021-01-01&maxPageSize={pageSize}";
        var total = Stopwatch.StartNew();
        while (next is not null)
        {
            var sw = Stopwatch.StartNew();
            using var response = await region.Http.GetAsync(next, ct);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct));
            times.Add(sw.Elapsed.TotalMilliseconds);
            count += doc.RootElement.GetProperty("sessions").GetArrayLength();
            var link = doc.RootElement.GetProperty("@nextLink");
            next = link.ValueKind == JsonValueKind.Null ? null : link.GetString();
        }
        times.Sort();
        return (count, times.Count, total.Elapsed.TotalMilliseconds, Percentiles.NearestRankUnsorted(times, 0.5));
    }

    private static async Task<(int Count, int Pages, double TotalMs, double PageP50)> ListGrpcAsync(Region region, int pageSize, CancellationToken ct)
    {
        var times = new List<double>();
        var count = 0;
        var token = "";
        var total = Stopwatch.StartNew();
        do
        {
            var sw = Stopwatch.StartNew();
            var page = await region.Sessions.ListSessionsAsync(new ListSessionsRequest { PageSize = pageSize, PageToken = token, IncludeEnded = true }, region.Auth(ct));
            times.Add(sw.Elapsed.TotalMilliseconds);
            count += page.Sessions.Count;
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        times.Sort();
        return (count, times.Count, total.Elapsed.TotalMilliseconds, Percentiles.NearestRankUnsorted(times, 0.5));
    }

    /// <summary>The control plane (the real arr-controlplane process, through LocalRegion), its clients, and render-host agents over gRPC.</summary>
    private sealed class Region : IAsyncDisposable
    {
        private readonly LocalRegion _region;
        private readonly GrpcChannel _channel;
        private readonly CancellationTokenSource _agents = new();
        private readonly List<Task> _agentLoops = [];
        private readonly Metadata _auth;

        private Region(LocalRegion region, string token)
        {
            _region = region;
            _channel = RpcChannels.ForAddress(region.Info.Endpoint);
            Sessions = new Sessions.SessionsClient(_channel);
            Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(region.Info.RestEndpoint) };
            Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            _auth = new Metadata { { "authorization", "Bearer " + token } };
        }

        public Sessions.SessionsClient Sessions { get; }
        public HttpClient Http { get; }
        public string AccountId => _region.Info.AccountId;

        public CallOptions Auth(CancellationToken ct) => new(_auth, null, ct);

        public static async Task<Region> StartAsync(int hosts, CancellationToken ct)
        {
            var dir = Path.Combine(Path.GetTempPath(), "arr-bench-controlplane-" + Guid.NewGuid().ToString("N")[..8]);
            var region = await LocalRegion.StartAsync(new RegionOptions
            {
                Hosts = [],
                Store = "sqlite:" + Path.Combine(dir, "cp.db"),
                StartupDelaySeconds = 0,
                OutDirectory = dir,
                ControlPlaneArguments =
                [
                    "--session-quota", "1000000", "--rate-limit-burst", "100000000", "--rate-limit-per-second", "100000000", "--log-level", "Warning",
                ],
            }, null, ct);
            try
            {
                using var sts = new HttpClient { BaseAddress = new Uri(region.Info.RestEndpoint) };
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/accounts/{region.Info.AccountId}/token?api-version=2019-02-28-preview");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"{region.Info.AccountId}:{region.Info.AccountKey}");
                using var response = await sts.SendAsync(request, ct);
                response.EnsureSuccessStatusCode();
                using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct));
                var bench = new Region(region, doc.RootElement.GetProperty("AccessToken").GetString()!);
                for (var i = 0; i < hosts; i++) await bench.AttachHostAsync($"bench-h{i}", 50200 + i, region.AgentKey, ct);
                return bench;
            }
            catch
            {
                await region.DisposeAsync();
                throw;
            }
        }

        public async Task WaitForIdleHostsAsync(int count, CancellationToken ct)
        {
            while (true)
            {
                using var doc = JsonDocument.Parse(await Http.GetByteArrayAsync("/hosts", ct));
                if (doc.RootElement.GetProperty("hosts").EnumerateArray().Count(h => h.GetProperty("state").GetString() == "Idle") >= count) return;
                await Task.Delay(1, ct);
            }
        }

        /// <summary>A render-host agent: Register, then accept every lease and confirm every release as clean.</summary>
        private async Task AttachHostAsync(string hostId, int port, string agentKey, CancellationToken ct)
        {
            var client = new HostAgent.HostAgentClient(_channel);
            var call = client.Attach(new CallOptions(new Metadata { { "authorization", "Bearer " + agentKey } }, null, _agents.Token));
            await call.RequestStream.WriteAsync(new AgentMessage
            {
                Register = new RegisterHost
                {
                    HostId = hostId,
                    Region = "local",
                    Size = SessionSize.Standard,
                    RenderEndpoint = $"http://127.0.0.1:{port}",
                    Capabilities = new HostCapabilities { DeviceName = "bench agent", DeviceType = "other" },
                },
            }, ct);
            if (!await call.ResponseStream.MoveNext(ct) || call.ResponseStream.Current.Registered is null)
                throw new InvalidOperationException($"host {hostId} was not registered");
            var writeLock = new SemaphoreSlim(1, 1);
            var interval = TimeSpan.FromMilliseconds(Math.Max(50, call.ResponseStream.Current.Registered.HeartbeatIntervalMs));
            _agentLoops.Add(Task.Run(async () =>
            {
                ulong sequence = 0;
                try
                {
                    while (true)
                    {
                        await Task.Delay(interval, _agents.Token);
                        await writeLock.WaitAsync(_agents.Token);
                        try
                        {
                            await call.RequestStream.WriteAsync(new AgentMessage { Heartbeat = new HostHeartbeat { Sequence = ++sequence } }, _agents.Token);
                        }
                        finally
                        {
                            writeLock.Release();
                        }
                    }
                }
                catch (Exception) when (_agents.IsCancellationRequested)
                {
                }
            }, CancellationToken.None));
            _agentLoops.Add(Task.Run(async () =>
            {
                try
                {
                    using (call)
                    {
                        while (await call.ResponseStream.MoveNext(_agents.Token))
                        {
                            var m = call.ResponseStream.Current;
                            AgentMessage? answer = m.BodyCase switch
                            {
                                ControlMessage.BodyOneofCase.Lease => new AgentMessage { LeaseAccepted = new LeaseAccepted { SessionId = m.Lease.SessionId } },
                                ControlMessage.BodyOneofCase.Release => new AgentMessage { ReleaseCompleted = new ReleaseCompleted { SessionId = m.Release.SessionId, Clean = true } },
                                _ => null,
                            };
                            if (answer is null) continue;
                            await writeLock.WaitAsync(_agents.Token);
                            try
                            {
                                await call.RequestStream.WriteAsync(answer, _agents.Token);
                            }
                            finally
                            {
                                writeLock.Release();
                            }
                        }
                    }
                }
                catch (Exception) when (_agents.IsCancellationRequested)
                {
                }
            }, CancellationToken.None));
        }

        public async ValueTask DisposeAsync()
        {
            _agents.Cancel();
            try
            {
                await Task.WhenAll(_agentLoops);
            }
            catch (Exception)
            {
                // Agents end with the region.
            }
            Http.Dispose();
            _channel.Dispose();
            var dir = _region.Options.OutDirectory;
            await _region.DisposeAsync();
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
