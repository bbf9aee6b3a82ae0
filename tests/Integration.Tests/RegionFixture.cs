using ArrHost.Client;
using ArrHost.Tooling.Region;

namespace ArrHost.Integration.Tests;

/// <summary>A real local region (control plane + render hosts as processes on loopback) in a temp folder.</summary>
public abstract class RegionFixture : IAsyncLifetime
{
    private LocalRegion? _region;

    public string Folder { get; } = Directory.CreateTempSubdirectory("arr-region-").FullName;
    public string AssetRoot => Path.Combine(Folder, "assets");
    internal LocalRegion Region => _region!;

    internal abstract RegionOptions Options(string folder);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(AssetRoot);
        File.Copy(Path.Combine(Samples.Root, "Duck", "glTF-Binary", "Duck.glb"), Path.Combine(AssetRoot, "Duck.glb"));
        var options = Options(Folder);
        options.OutDirectory = Path.Combine(Folder, "out");
        options.Store = "sqlite:" + Path.Combine(Folder, "out", "region.db");
        options.AssetRoot = AssetRoot;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        _region = await LocalRegion.StartAsync(options, null, cts.Token);
    }

    public RemoteRenderingClient NewClient() => new(new RemoteRenderingClientOptions
    {
        Endpoint = new Uri(Region.Info.Endpoint),
        AccountId = Region.Info.AccountId,
        AccountKey = Region.Info.AccountKey,
    });

    public string Log(string name) => File.Exists(Path.Combine(Folder, "out", "logs", name)) ? File.ReadAllText(Path.Combine(Folder, "out", "logs", name)) : "";

    public async Task DisposeAsync()
    {
        if (_region is not null) await _region.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// Two hosts (Standard and Premium), a short start-up delay, fast heartbeats, and a lease minute of one second.
/// The heartbeat timeout is generous: on a loaded shared machine a starved host must not be declared lost.
/// </summary>
public sealed class LifecycleRegion : RegionFixture
{
    internal override RegionOptions Options(string folder) => new()
    {
        Hosts = ["standard", "premium"],
        StartupDelaySeconds = 0.5,
        ControlPlaneArguments = ["--heartbeat-interval-ms", "250", "--heartbeat-timeout-ms", "10000", "--lease-minute-seconds", "1"],
    };
}

/// <summary>The Khronos samples in ../shared beside the repository (read in place or copied to temp folders, never into the project).</summary>
internal static class Samples
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "ArrHost.sln"))) dir = Path.GetDirectoryName(dir);
        var root = dir is null ? null : Path.GetFullPath(Path.Combine(dir, "..", "shared", "gltf-samples"));
        return root is not null && Directory.Exists(root) ? root : throw new DirectoryNotFoundException("../shared/gltf-samples beside the repository is missing");
    }
}
