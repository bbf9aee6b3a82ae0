using System.Security.Cryptography;
using System.Text.Json;

namespace ArrHost.Tooling.Region;

/// <summary>
/// A region on this machine: the control plane and its render hosts as child processes on
/// loopback. Started together, stopped together; nothing is left running.
/// </summary>
public sealed class LocalRegion : IAsyncDisposable
{
    public const string ControlPlaneReady = "ARR_CONTROLPLANE_READY";
    public const string RenderHostReady = "ARR_RENDERHOST_READY";
    public const string RenderHostRegistered = "ARR_RENDERHOST_REGISTERED";

    private readonly List<ChildProcess> _hosts = [];
    private ChildProcess? _controlPlane;

    private LocalRegion(RegionOptions options) => Options = options;

    public RegionOptions Options { get; }
    public RegionInfo Info { get; } = new();
    public IReadOnlyList<ChildProcess> HostProcesses => _hosts;

    /// <summary>The process of the host with this id (for tests that kill one).</summary>
    public ChildProcess Host(string id) => _hosts.Single(h => h.Name == id);
    public string AgentKey { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    public static async Task<LocalRegion> StartAsync(RegionOptions options, Action<string>? status, CancellationToken ct)
    {
        var region = new LocalRegion(options);
        try
        {
            await region.StartCoreAsync(status, ct).ConfigureAwait(false);
            return region;
        }
        catch
        {
            await region.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartCoreAsync(Action<string>? status, CancellationToken ct)
    {
        var logs = Path.Combine(Options.OutDirectory, "logs");
        Directory.CreateDirectory(logs);
        var store = Options.Store.StartsWith("sqlite:", StringComparison.Ordinal)
            ? "sqlite:" + Path.GetFullPath(Options.Store["sqlite:".Length..])
            : Options.Store;
        if (store.StartsWith("sqlite:", StringComparison.Ordinal)) Directory.CreateDirectory(Path.GetDirectoryName(store["sqlite:".Length..])!);

        var tls = new List<string>();
        if (Options.Https)
        {
            var (certificate, key) = DevCertificate.Ensure(Path.Combine(Options.OutDirectory, "tls"));
            Info.CaCertificate = certificate;
            tls.AddRange(["--tls-cert", certificate, "--tls-key", key]);
        }

        var assetRoot = AssetRootPath(Options);
        status?.Invoke("starting the control plane");
        _controlPlane = ChildProcess.Start("control plane", "arr-controlplane.dll",
        [
            .. tls,
            "--asset-root", assetRoot,
            .. (Options.AllowedUrls.Length > 0 ? ["--allowed-urls", Options.AllowedUrls] : Array.Empty<string>()),
            "--region", Options.Region,
            "--grpc-port", Options.GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--rest-port", Options.RestPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--store", store,
            "--startup-delay", Options.StartupDelaySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--agent-key", AgentKey,
            .. Options.ControlPlaneArguments,
        ], Path.Combine(logs, "controlplane.log"));
        var ready = ReadyLine.Parse(await _controlPlane.WaitForLineAsync(ControlPlaneReady, Options.StartTimeout, ct).ConfigureAwait(false));
        Info.Region = Options.Region;
        Info.Endpoint = ready.GetValueOrDefault("grpc", "");
        Info.RestEndpoint = ready.GetValueOrDefault("rest", "");
        Info.AccountId = ready.GetValueOrDefault("account", "");
        Info.AccountKey = ready.GetValueOrDefault("key", "");

        var starting = new List<(ChildProcess Process, RegionHostInfo Info)>();
        foreach (var launch in PlanRenderHosts(Options, Info.Endpoint, AgentKey))
        {
            status?.Invoke($"starting render host {launch.Id}");
            var host = ChildProcess.Start(launch.Id, "arr-renderhost.dll", launch.Arguments, Path.Combine(logs, launch.Id + ".log"));
            _hosts.Add(host);
            starting.Add((host, new RegionHostInfo { Id = launch.Id, Size = launch.Size, Pid = host.Id }));
        }

        foreach (var (process, info) in starting)
        {
            var line = ReadyLine.Parse(await process.WaitForLineAsync(RenderHostReady, Options.StartTimeout, ct).ConfigureAwait(false));
            info.Endpoint = line.GetValueOrDefault("endpoint", "");
            info.Device = Uri.UnescapeDataString(line.GetValueOrDefault("device", ""));
            await process.WaitForLineAsync(RenderHostRegistered, Options.StartTimeout, ct).ConfigureAwait(false);
            Info.Hosts.Add(info);
            status?.Invoke($"render host {info.Id} registered ({info.Device})");
        }
    }

    /// <summary>Each render host's id, size and switches, one per entry of <see cref="RegionOptions.Hosts"/>, in that order.</summary>
    public static List<RenderHostLaunch> PlanRenderHosts(RegionOptions options, string controlPlane, string agentKey)
    {
        var assetRoot = AssetRootPath(options);
        var counts = new Dictionary<string, int>();
        var plan = new List<RenderHostLaunch>();
        foreach (var size in options.Hosts)
        {
            counts[size] = counts.GetValueOrDefault(size) + 1;
            var id = $"{options.Region}-{size}-{counts[size]}";
            var args = new List<string>
            {
                "--host-id", id, "--size", size, "--region", options.Region, "--control-plane", controlPlane,
                "--agent-key", agentKey, "--port", "0", "--asset-root", assetRoot,
            };
            if (options.AllowedUrls.Length > 0) args.AddRange(["--allowed-urls", options.AllowedUrls]);
            if (options.Https) args.AddRange(["--ca-cert", Path.GetFullPath(Path.Combine(options.OutDirectory, "tls", DevCertificate.CertificateFile))]);
            args.AddRange(options.HostArguments);
            plan.Add(new RenderHostLaunch(id, size, args));
        }

        return plan;
    }

    /// <summary>The asset root the control plane (conversions) and every render host share.</summary>
    internal static string AssetRootPath(RegionOptions options) => Path.GetFullPath(options.AssetRoot.Length > 0 ? options.AssetRoot : "assets/models");

    /// <summary>Writes out/region.json (endpoint, restEndpoint, accountId, accountKey, hosts).</summary>
    public string WriteInfoFile()
    {
        Directory.CreateDirectory(Options.OutDirectory);
        var path = Path.Combine(Options.OutDirectory, "region.json");
        File.WriteAllText(path, JsonSerializer.Serialize(Info, new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        // Hosts first, so they release sessions to a control plane that is still listening.
        await Task.WhenAll(_hosts.Select(h => h.DisposeAsync().AsTask())).ConfigureAwait(false);
        if (_controlPlane is not null) await _controlPlane.DisposeAsync().ConfigureAwait(false);
        var path = Path.Combine(Options.OutDirectory, "region.json");
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
