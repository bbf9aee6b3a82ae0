using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ArrHost.Client;
using ArrHost.ControlPlane.Tests.Infrastructure;
using ArrHost.Tooling.Region;
using Npgsql;

namespace ArrHost.Integration.Tests;

/// <summary>
/// docker-compose.yml cannot run here (no engine), so its topology is checked two ways: the file
/// validates with docker-compose, and its default services run as local processes with the same
/// commands and environment, only host names, ports and volume paths mapped onto this machine.
/// The postgres profile runs the same way, with the control plane's store on the suite's PostgreSQL.
/// </summary>
public sealed class ComposeTopologyTests
{
    private static readonly string s_root = FindRoot();

    [Fact]
    public void ComposeFile_AllProfiles_Validates()
    {
        var (code, output) = Run("docker-compose", "--profile gpu --profile postgres config -q");
        Assert.True(code == 0, output);
    }

    /// <summary>
    /// Inside its container a service must listen on every address, or the published ports and the other services
    /// cannot reach it (the control plane binds 127.0.0.1 by default); on the machine, ports are published on loopback only.
    /// </summary>
    [Fact]
    public void ComposeFile_Services_ListenInTheirContainerAndPublishOnLoopbackOnly()
    {
        var services = LoadServices("--profile gpu --profile postgres");
        Assert.Equal("0.0.0.0", ValueOf(services["controlplane"].Command, "--bind"));
        foreach (var host in services.Where(s => s.Key.StartsWith("renderhost", StringComparison.Ordinal)))
        {
            Assert.Equal("0.0.0.0", ValueOf(host.Value.Command, "--listen-address"));
        }
        foreach (var (name, service) in services)
        {
            Assert.All(service.PublishedOn, address => Assert.True(address == "127.0.0.1", $"{name} publishes a port on '{address}'"));
        }
    }

    private static string? ValueOf(IReadOnlyList<string> command, string option)
    {
        var i = command.ToList().IndexOf(option);
        return i >= 0 && i + 1 < command.Count ? command[i + 1] : null;
    }

    [Fact]
    public async Task ComposeServices_RunAsLocalProcesses_HostsRegisterAndServeASession()
    {
        var services = LoadServices();
        Assert.Equal("sqlite:/data/region.db", StoreOf(services["controlplane"]));
        var folder = Directory.CreateTempSubdirectory("arr-compose-").FullName;
        try
        {
            await RunTopologyAsync(services, folder, "sqlite:" + Path.Combine(folder, "region.db"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The README's PostgreSQL region: the postgres profile with ARR_STORE pointing the same control plane at it.</summary>
    [Fact]
    public async Task ComposeServices_PostgresProfileWithArrStore_SameHostsServeASessionStoredInPostgres()
    {
        const string readmeStore = "postgres:Host=postgres;Username=arr;Password=arr-local;Database=arr";
        var services = LoadServices("--profile postgres", new() { ["ARR_STORE"] = readmeStore });
        Assert.Contains("postgres", services.Keys);
        var store = StoreOf(services["controlplane"]);
        Assert.Equal(readmeStore, store);
        var compose = new NpgsqlConnectionStringBuilder(store["postgres:".Length..]);
        Assert.Equal("postgres", compose.Host); // the profile's service name

        // The service name maps onto the suite's PostgreSQL, a fresh schema standing in for the container's database.
        var local = new NpgsqlConnectionStringBuilder(TestPostgres.NewSchemaConnectionString());
        var folder = Directory.CreateTempSubdirectory("arr-compose-pg-").FullName;
        try
        {
            var sessionId = await RunTopologyAsync(services, folder, "postgres:" + local.ConnectionString);

            await using var conn = new NpgsqlConnection(local.ConnectionString);
            await conn.OpenAsync();
            await using var hosts = new NpgsqlCommand("SELECT host_id FROM hosts ORDER BY host_id", conn);
            var hostIds = new List<string>();
            await using (var reader = await hosts.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync()) hostIds.Add(reader.GetString(0));
            }
            Assert.Equal(["local-premium-1", "local-standard-1"], hostIds);
            await using var session = new NpgsqlCommand("SELECT count(*) FROM sessions WHERE id = @id", conn);
            session.Parameters.AddWithValue("id", sessionId);
            Assert.Equal(1L, (long)(await session.ExecuteScalarAsync())!);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Starts the default (profile-less) services as local processes with <paramref name="store"/>, runs a session to a frame, and returns its id.</summary>
    private static async Task<string> RunTopologyAsync(Dictionary<string, Service> services, string folder, string store)
    {
        Assert.Contains("controlplane", services.Keys);
        var hosts = services.Keys.Where(k => k.StartsWith("renderhost-", StringComparison.Ordinal) && !services[k].Profiles.Any()).ToList();
        Assert.Equal(["renderhost-premium", "renderhost-standard"], hosts.Order().ToArray());

        // Each container has its own ports; published ports and service names map onto free loopback ports.
        var ports = new Dictionary<string, string>();
        string MapPort(string service, string port) => ports.TryGetValue(service + ":" + port, out var p) ? p : ports[service + ":" + port] = FreePort().ToString();
        var processes = new List<ChildProcess>();
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            var cp = services["controlplane"];
            var cpArgs = Map("controlplane", cp.Command, folder, store, MapPort);
            var controlPlane = ChildProcess.Start("controlplane", "arr-controlplane.dll", cpArgs, Path.Combine(folder, "controlplane.log"));
            processes.Add(controlPlane);
            var ready = ReadyLine.Parse(await controlPlane.WaitForLineAsync(LocalRegion.ControlPlaneReady, TimeSpan.FromSeconds(60), cts.Token));

            foreach (var name in hosts)
            {
                var host = ChildProcess.Start(name, "arr-renderhost.dll", Map(name, services[name].Command, folder, store, MapPort), Path.Combine(folder, name + ".log"));
                processes.Add(host);
                await host.WaitForLineAsync(LocalRegion.RenderHostRegistered, TimeSpan.FromSeconds(60), cts.Token);
            }

            using var client = new RemoteRenderingClient(new RemoteRenderingClientOptions
            {
                Endpoint = new Uri(ready["grpc"]),
                AccountId = ready["account"],
                AccountKey = ready["key"],
            });
            var session = await client.CreateNewRenderingSessionAsync(new RenderingSessionCreationOptions { Size = RenderingSessionSize.Premium, MaxLeaseInMinutes = 5 }, cts.Token);
            var props = await session.WaitForReadyAsync(null, cts.Token);
            Assert.Equal("local-premium-1", props.HostId);
            await using var connection = await session.ConnectAsync(new RendererInitOptions { Width = 64, Height = 48 }, cts.Token);
            await connection.LoadModelAsync(new LoadModelOptions { Url = "builtin:cube" }, null, cts.Token);
            var frame = await SessionLifecycleTests.FirstFrameAsync(connection, new System.Numerics.Vector3(0, 0, 3), System.Numerics.Vector3.Zero, decode: true, cts.Token);
            Assert.Equal(64, frame.Width);
            await session.StopAsync(cts.Token);
            return session.SessionUuid;
        }
        finally
        {
            foreach (var p in Enumerable.Reverse(processes)) await p.DisposeAsync();
        }
    }

    private static string StoreOf(Service controlPlane)
    {
        var i = controlPlane.Command.ToList().IndexOf("--store");
        Assert.True(i >= 0 && i + 1 < controlPlane.Command.Count, "the control plane's command has no --store");
        return controlPlane.Command[i + 1];
    }

    /// <summary>Maps a compose command onto this machine: service names to loopback, container ports to free ports, volume paths to a temp folder.</summary>
    private static List<string> Map(string service, IReadOnlyList<string> command, string folder, string store, Func<string, string, string> port)
    {
        var args = new List<string>();
        for (var i = 0; i < command.Count; i++)
        {
            var a = command[i];
            var value = i > 0 ? command[i - 1] : "";
            if (value is "--grpc-port" or "--rest-port" or "--port" or "--health-port") a = port(service, a);
            else if (value == "--store") a = store;
            else if (value == "--asset-root") a = folder;
            else if (value is "--listen-address" or "--bind") a = "127.0.0.1";
            else if (value is "--control-plane" or "--advertised-endpoint")
            {
                // A service name is that service's port; 127.0.0.1 is a port this service publishes.
                var uri = new Uri(a);
                var owner = uri.Host == "127.0.0.1" ? service : uri.Host;
                a = $"{uri.Scheme}://127.0.0.1:{port(owner, uri.Port.ToString())}";
            }

            args.Add(a);
        }

        return args;
    }

    /// <param name="PublishedOn">The host address of every published port ("" when the port is published on all addresses).</param>
    private sealed record Service(IReadOnlyList<string> Command, IReadOnlyList<string> Profiles, IReadOnlyList<string> PublishedOn);

    /// <summary>The services of `docker-compose [options] config`, with <paramref name="env"/> set for the file's ${...} variables.</summary>
    private static Dictionary<string, Service> LoadServices(string options = "", Dictionary<string, string>? env = null)
    {
        var (code, yaml) = Run("docker-compose", $"{options} config".Trim(), env);
        Assert.True(code == 0, yaml);
        var json = RunWithInput("python3", "-c \"import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))\"", yaml);
        using var doc = JsonDocument.Parse(json);
        var result = new Dictionary<string, Service>();
        foreach (var s in doc.RootElement.GetProperty("services").EnumerateObject())
        {
            var command = s.Value.TryGetProperty("command", out var c) ? c.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
            var profiles = s.Value.TryGetProperty("profiles", out var p) ? p.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
            var published = s.Value.TryGetProperty("ports", out var ports) ? ports.EnumerateArray().Select(HostAddress).ToList() : [];
            result[s.Name] = new Service(command, profiles, published);
        }

        return result;
    }

    /// <summary>The host address of a port in short ("127.0.0.1:8080:8080", "8080:8080") or long ({host_ip, ...}) syntax.</summary>
    private static string HostAddress(JsonElement port)
    {
        if (port.ValueKind == JsonValueKind.Object) return port.TryGetProperty("host_ip", out var ip) ? ip.GetString() ?? "" : "";
        var parts = port.ToString().Split(':');
        return parts.Length == 3 ? parts[0] : "";
    }

    private static (int Code, string Output) Run(string file, string args, Dictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(file, args) { WorkingDirectory = s_root, RedirectStandardOutput = true, RedirectStandardError = true };
        // The file's defaults are what a user without these variables gets; the suite's own environment must not change them.
        info.Environment.Remove("ARR_STORE");
        foreach (var (k, v) in env ?? []) info.Environment[k] = v;
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) p.Kill();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    private static string RunWithInput(string file, string args, string input)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(info)!;
        p.StandardInput.Write(input);
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit(30_000);
        Assert.True(p.ExitCode == 0, p.StandardError.ReadToEnd());
        return output;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "ArrHost.sln"))) dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("ArrHost.sln not found");
    }
}
