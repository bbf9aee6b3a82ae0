using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ArrHost.Bench.Matrix;
using ArrHost.Bench.Rpc;
using ArrHost.Rpc;
using ArrHost.Rpc.Server;
using ArrHost.Tooling.CommandLine;
using ArrHost.Tooling.Statistics;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArrHost.Bench.Commands;

/// <summary>
/// `arr bench rpc`: a grpc-dotnet client and server on loopback, tuned as the project's hosts are,, in two processes as the python grpcio pair is
/// (or in one with --in-process), beside the same workloads between two python grpcio processes: 1 MiB bidi
/// echo, 100 KiB server stream, 64-byte ping-pong.
/// </summary>
internal static class BenchRpcCommand
{
    private const int MiB = 1024 * 1024;
    private const int StreamMessageSize = 100 * 1024;
    private const int PingSize = 64;

    /// <summary>Throughput runs per workload; the best is reported (the machine may be shared).</summary>
    private const int Repetitions = 3;

    public static Command Create()
    {
        var bidiCount = new Option<int>("--bidi-count") { Description = "1 MiB messages echoed on the bidi stream per run.", DefaultValueFactory = _ => 400 };
        var streamCount = new Option<int>("--stream-count") { Description = "100 KiB messages of the server stream per run.", DefaultValueFactory = _ => 4000 };
        var pings = new Option<int>("--pings") { Description = "64-byte round trips measured.", DefaultValueFactory = _ => 20000 };
        var noPython = new Option<bool>("--no-python") { Description = "Skip the python grpcio pair." };
        var inProcess = new Option<bool>("--in-process") { Description = "Run our server in this process instead of a second one." };
        var output = new Option<string?>("--output") { Description = "Markdown results file (default bench/results/rpc.md under the repository)." };

        var command = new Command("rpc", """
            gRPC layer on loopback: 1 MiB bidi MB/s, 100 KiB server-stream MB/s, 64-byte ping-pong p50/p99, beside python grpcio.
            Writes the Markdown report to bench/results/rpc.md unless --output says otherwise.

            Examples:
              ./arr bench rpc
              ./arr bench rpc --no-python --output /tmp/rpc.md
              ./arr bench rpc --bidi-count 100 --stream-count 1000 --pings 5000
            """);
        command.Options.Add(bidiCount);
        command.Options.Add(streamCount);
        command.Options.Add(pings);
        command.Options.Add(noPython);
        command.Options.Add(inProcess);
        command.Options.Add(output);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var loadAtStart = MachineInfo.LoadAverage();
            var ours = await RunOursAsync(r.GetValue(bidiCount), r.GetValue(streamCount), r.GetValue(pings), r.GetValue(inProcess), ct);
            Results? python = null;
            string? pythonError = null;
            if (!r.GetValue(noPython))
            {
                (python, pythonError) = await RunPythonAsync(r.GetValue(bidiCount), r.GetValue(streamCount), r.GetValue(pings) / 4, ct);
            }
            var report = Format(ours, python, pythonError, loadAtStart, MachineInfo.LoadAverage(), r.GetValue(inProcess));
            Console.WriteLine(report);
            var path = r.GetValue(output) ?? Path.Combine(RepositoryRoot.Find(), "bench", "results", "rpc.md");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, report, ct);
            Console.WriteLine($"written to {path}");
            return 0;
        });
        return command;
    }

    private sealed record Results(double BidiMBps, double StreamMBps, double PingP50Us, double PingP99Us, double BidiCpuUsPerMB, double StreamCpuUsPerMB, double PingCpuUs, WarmUp? BidiWarmUp = null, WarmUp? StreamWarmUp = null);

    /// <summary>How long our pair took to reach a steady rate: batches run, and the first and the last batch's MB/s.</summary>
    private sealed record WarmUp(int Batches, TimeSpan Elapsed, double FirstMBps, double LastMBps);

    /// <summary>
    /// `arr bench rpc-server` (hidden): the benchmark's server as a process of its own; prints its address on
    /// the first line and stops when its standard input closes (the benchmark ends or dies).
    /// </summary>
    public static Command CreateServer()
    {
        var command = new Command("rpc-server", "The server half of `arr bench rpc` (started by it).") { Hidden = true };
        command.SetAction(async (ParseResult _, CancellationToken ct) =>
        {
            await using var app = await StartServerAsync(ct);
            Console.WriteLine("LISTENING " + Address(app));
            await Console.In.ReadToEndAsync(ct);
            await app.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }

    private static async Task<WebApplication> StartServerAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.ListenRpc(new IPEndPoint(IPAddress.Loopback, 0)));
        builder.Services.AddRpc(o => o.MaxReceiveMessageSize = 8 * MiB);
        var app = builder.Build();
        app.MapGrpcService<RpcBenchService>();
        await app.StartAsync(ct);
        return app;
    }

    private static string Address(WebApplication app) => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    /// <summary>Starts `arr bench rpc-server` with this build of arr; returns the process and its address.</summary>
    private static async Task<(Process Process, string Address)> StartServerProcessAsync(CancellationToken ct)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(BenchRpcCommand).Assembly.Location, "bench", "rpc-server" }) psi.ArgumentList.Add(arg);
        var process = Process.Start(psi)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null || !line.StartsWith("LISTENING ", StringComparison.Ordinal))
            {
                // Stopped first: a child that is still running would keep its error stream open.
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException("the benchmark server process did not start: " + await process.StandardError.ReadToEndAsync(timeout.Token));
            }

            // Whatever it prints later is read and dropped, so a full pipe never blocks it.
            _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
            return (process, line["LISTENING ".Length..]);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    private static async Task<Results> RunOursAsync(int bidiCount, int streamCount, int pings, bool inProcess, CancellationToken ct)
    {
        await using var app = inProcess ? await StartServerAsync(ct) : null;
        var (server, address) = inProcess ? (null, Address(app!)) : await StartServerProcessAsync(ct);
        using var serverProcess = server;
        s_server = server;
        try
        {
            return await MeasureAsync(address, bidiCount, streamCount, pings, ct);
        }
        finally
        {
            s_server = null;
            if (server is not null)
            {
                server.StandardInput.Close();
                if (!server.WaitForExit(10_000)) server.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>The server process while one runs: its CPU time counts with ours.</summary>
    private static Process? s_server;

    private static async Task<Results> MeasureAsync(string address, int bidiCount, int streamCount, int pings, CancellationToken ct)
    {
        using var channel = RpcChannels.ForAddress(address, o => o.MaxReceiveMessageSize = 8 * MiB);
        var client = new RpcBench.RpcBenchClient(channel);

        var big = new BytesValue { Value = ByteString.CopyFrom(new byte[MiB]) };
        var bidiWarmUp = await WarmUpAsync(() => EchoManyAsync(client, big, bidiCount, ct), bidiCount * (double)MiB / 1e6, TimeSpan.FromSeconds(6));
        var streamWarmUp = await WarmUpAsync(() => DownloadAsync(client, streamCount, ct), streamCount * (double)StreamMessageSize / 1e6, TimeSpan.FromSeconds(2));
        double bidi = 0, stream = 0;
        TimeSpan bidiCpu = default, streamCpu = default;
        for (var run = 0; run < Repetitions; run++)
        {
            var cpu = CpuTime();
            var sw = Stopwatch.StartNew();
            await EchoManyAsync(client, big, bidiCount, ct);
            bidi = Math.Max(bidi, (double)bidiCount * MiB / sw.Elapsed.TotalSeconds / 1e6);
            bidiCpu += CpuTime() - cpu;

            cpu = CpuTime();
            sw.Restart();
            await DownloadAsync(client, streamCount, ct);
            stream = Math.Max(stream, (double)streamCount * StreamMessageSize / sw.Elapsed.TotalSeconds / 1e6);
            streamCpu += CpuTime() - cpu;
        }

        var (p50, p99, pingCpu) = await PingPongAsync(client, pings, ct);
        return new Results(bidi, stream, p50, p99,
            bidiCpu.TotalMicroseconds / (Repetitions * (double)bidiCount * MiB / 1e6),
            streamCpu.TotalMicroseconds / (Repetitions * (double)streamCount * StreamMessageSize / 1e6),
            pingCpu, bidiWarmUp, streamWarmUp);
    }

    /// <summary>
    /// Runs <paramref name="batch"/> (one measured run's worth) for at least <paramref name="duration"/>. Both
    /// processes start on tier-0 code, and on two busy cores the background JIT needs seconds (a thousand 1 MiB
    /// echoes or more) to reach tier 1: with a fixed warm-up of a few hundred messages the benchmark measured the
    /// JIT more than the transport. The report shows the first and last batch, so a warm-up too short shows.
    /// Python needs no warm-up and keeps its fixed one.
    /// </summary>
    private static async Task<WarmUp> WarmUpAsync(Func<Task> batch, double megabytesPerBatch, TimeSpan duration)
    {
        var total = Stopwatch.StartNew();
        double first = 0, last = 0;
        var batches = 0;
        while (batches == 0 || total.Elapsed < duration)
        {
            var sw = Stopwatch.StartNew();
            await batch();
            last = megabytesPerBatch / sw.Elapsed.TotalSeconds;
            if (batches++ == 0) first = last;
        }
        return new WarmUp(batches, total.Elapsed, first, last);
    }

    private static async Task EchoManyAsync(RpcBench.RpcBenchClient client, BytesValue message, int count, CancellationToken ct)
    {
        using var call = client.Echo(new CallOptions(cancellationToken: ct));
        var reader = Task.Run(async () =>
        {
            var n = 0;
            while (await call.ResponseStream.MoveNext(ct))
            {
                n++;
            }
            return n;
        }, ct);
        for (var i = 0; i < count; i++)
        {
            await call.RequestStream.WriteAsync(message, ct);
        }
        await call.RequestStream.CompleteAsync();
        var received = await reader;
        if (received != count)
        {
            throw new InvalidOperationException($"bidi echo: sent {count}, received {received}");
        }
    }

    private static async Task DownloadAsync(RpcBench.RpcBenchClient client, int count, CancellationToken ct)
    {
        using var call = client.Download(new Int64Value { Value = ((long)count << 32) | StreamMessageSize }, new CallOptions(cancellationToken: ct));
        var n = 0;
        while (await call.ResponseStream.MoveNext(ct))
        {
            n++;
        }
        if (n != count)
        {
            throw new InvalidOperationException($"server stream: expected {count}, received {n}");
        }
    }

    /// <summary>CPU time of both peers (this process and the server process), as the python figure covers both.</summary>
    private static TimeSpan CpuTime()
    {
        var own = Process.GetCurrentProcess().TotalProcessorTime;
        var server = s_server;
        if (server is null) return own;
        server.Refresh();
        return own + server.TotalProcessorTime;
    }

    private static async Task<(double P50, double P99, double CpuUs)> PingPongAsync(RpcBench.RpcBenchClient client, int pings, CancellationToken ct)
    {
        var small = new BytesValue { Value = ByteString.CopyFrom(new byte[PingSize]) };
        using var call = client.Echo(new CallOptions(cancellationToken: ct));
        var warmup = Math.Min(2000, pings / 5);
        var samples = new double[pings];
        var cpu = TimeSpan.Zero;
        for (var i = 0; i < warmup + pings; i++)
        {
            if (i == warmup)
            {
                cpu = CpuTime();
            }
            var start = Stopwatch.GetTimestamp();
            await call.RequestStream.WriteAsync(small, ct);
            if (!await call.ResponseStream.MoveNext(ct))
            {
                throw new InvalidOperationException("ping-pong stream ended early");
            }
            if (i >= warmup)
            {
                samples[i - warmup] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }
        var cpuPerPing = (CpuTime() - cpu).TotalMicroseconds / pings;
        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(ct))
        {
        }
        Array.Sort(samples);
        return (Percentiles.NearestRank(samples, 0.50), Percentiles.NearestRank(samples, 0.99), cpuPerPing);
    }

    private static async Task<(Results?, string?)> RunPythonAsync(int bidiCount, int streamCount, int pings, CancellationToken ct)
    {
        var script = Path.Combine(RepositoryRoot.Find(), "bench", "python", "rpc_bench.py");
        if (!File.Exists(script) || !File.Exists("/usr/bin/python3"))
        {
            return (null, $"python pair not run: needs /usr/bin/python3 (python3-grpcio) and {script}");
        }
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { script, "--bidi-count", bidiCount.ToString(CultureInfo.InvariantCulture), "--stream-count",
                     streamCount.ToString(CultureInfo.InvariantCulture), "--pings", pings.ToString(CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(arg);
        }
        psi.ArgumentList.Add("--repeat");
        psi.ArgumentList.Add(Repetitions.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(psi)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (null, "python pair timed out");
        }
        var line = (await stdout).Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (line is null)
        {
            return (null, "python pair failed: " + (await stderr).Trim());
        }
        using var json = JsonDocument.Parse(line["RESULT ".Length..]);
        var root = json.RootElement;
        return (new Results(root.GetProperty("bidi_mb_s").GetDouble(), root.GetProperty("stream_mb_s").GetDouble(),
            root.GetProperty("ping_p50_us").GetDouble(), root.GetProperty("ping_p99_us").GetDouble(),
            root.GetProperty("bidi_cpu_us_per_mb").GetDouble(), root.GetProperty("stream_cpu_us_per_mb").GetDouble(),
            root.GetProperty("ping_cpu_us").GetDouble()), null);
    }

    private static string Format(Results ours, Results? python, string? pythonError, string loadAtStart, string loadAtEnd, bool inProcess)
    {
        static string F(double v) => v.ToString("0", CultureInfo.InvariantCulture);
        string P(Func<Results, double> f) => python is null ? "-" : F(f(python));
        var sb = new StringBuilder();
        sb.AppendLine("# gRPC layer benchmark (`./arr bench rpc`)");
        sb.AppendLine();
        sb.AppendLine($"Machine: {$"{MachineInfo.CpuInfoModel()}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}"}; .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        sb.AppendLine(inProcess
            ? "Loopback; grpc-dotnet server (Grpc.AspNetCore on Kestrel) and client (Grpc.Net.Client) in one process; python grpcio server and client in two processes."
            : "Loopback; grpc-dotnet server (Grpc.AspNetCore on Kestrel) and client (Grpc.Net.Client) in two processes, as are the python grpcio server and client.");
        sb.AppendLine($"MB/s = 10^6 bytes per second of message payload, each way; best of {Repetitions} runs. Ping-pong: 64-byte BytesValue round trips on one open bidi stream.");
        sb.AppendLine($"Load average at start: {loadAtStart}, at end: {loadAtEnd}; GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, LOH threshold {GcSetting("System.GC.LOHThreshold", "85000 bytes")}, region size {GcSetting("System.GC.RegionSize", "4 MiB")}.");
        sb.AppendLine();
        sb.AppendLine("| workload | grpc-dotnet | python grpcio | goal |");
        sb.AppendLine("| --- | ---: | ---: | --- |");
        sb.AppendLine($"| bidi echo, 1 MiB messages (MB/s each way) | {F(ours.BidiMBps)} | {P(p => p.BidiMBps)} | >= 400 and >= python |");
        sb.AppendLine($"| server stream, 100 KiB messages (MB/s) | {F(ours.StreamMBps)} | {P(p => p.StreamMBps)} | >= python |");
        sb.AppendLine($"| ping-pong 64 B on open bidi, p50 (us) | {F(ours.PingP50Us)} | {P(p => p.PingP50Us)} | <= 80 and <= python |");
        sb.AppendLine($"| ping-pong 64 B on open bidi, p99 (us) | {F(ours.PingP99Us)} | {P(p => p.PingP99Us)} | |");
        sb.AppendLine($"| CPU per MB, bidi echo (us, both peers) | {F(ours.BidiCpuUsPerMB)} | {P(p => p.BidiCpuUsPerMB)} | |");
        sb.AppendLine($"| CPU per MB, server stream (us, both peers) | {F(ours.StreamCpuUsPerMB)} | {P(p => p.StreamCpuUsPerMB)} | |");
        sb.AppendLine($"| CPU per ping-pong round trip (us, both peers) | {F(ours.PingCpuUs)} | {P(p => p.PingCpuUs)} | |");
        sb.AppendLine();
        if (ours.BidiWarmUp is { } bw && ours.StreamWarmUp is { } sw)
        {
            sb.AppendLine("Warm-up before measuring, runs of the measured size (tiered JIT in both processes reaches tier 1 in seconds; python needs none):");
            sb.AppendLine($"bidi {bw.Batches} runs in {bw.Elapsed.TotalSeconds:0.0} s, the first at {F(bw.FirstMBps)} MB/s, the last at {F(bw.LastMBps)};");
            sb.AppendLine($"server stream {sw.Batches} runs in {sw.Elapsed.TotalSeconds:0.0} s, the first at {F(sw.FirstMBps)} MB/s, the last at {F(sw.LastMBps)}.");
            sb.AppendLine();
        }
        sb.AppendLine("CPU time moves less with other load on the machine than wall-clock rates do, but it moves too (spinning, wake-ups): compare runs taken under the same load.");
        if (pythonError is not null)
        {
            sb.AppendLine();
            sb.AppendLine(pythonError);
        }
        return sb.ToString();
    }

    private static string GcSetting(string name, string defaultValue) =>
        AppContext.GetData(name) is { } bytes ? $"{bytes} bytes (runtimeconfig)" : $"default ({defaultValue})";

    internal sealed class RpcBenchService : RpcBench.RpcBenchBase
    {
        public override async Task Echo(IAsyncStreamReader<BytesValue> requestStream, IServerStreamWriter<BytesValue> responseStream, ServerCallContext context)
        {
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                await responseStream.WriteAsync(requestStream.Current, context.CancellationToken);
            }
        }

        public override async Task Download(Int64Value request, IServerStreamWriter<BytesValue> responseStream, ServerCallContext context)
        {
            var count = (int)(request.Value >> 32);
            var message = new BytesValue { Value = ByteString.CopyFrom(new byte[(int)(request.Value & 0xFFFFFFFF)]) };
            for (var i = 0; i < count; i++)
            {
                await responseStream.WriteAsync(message, context.CancellationToken);
            }
        }
    }
}
