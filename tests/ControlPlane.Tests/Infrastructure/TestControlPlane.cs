using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ArrHost.ControlPlane.Auth;
using ArrHost.ControlPlane.Hosting;
using ArrHost.ControlPlane.Hosts;
using ArrHost.ControlPlane.Sessions;
using ArrHost.ControlPlane.Store;
using ArrHost.Protos.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ArrHost.ControlPlane.Tests.Infrastructure;

/// <summary>A real control plane on loopback port 0 (both listeners), with a fake clock, for one test.</summary>
internal sealed class TestControlPlane : IAsyncDisposable
{
    public const string OtherAccountId = "11111111-2222-4333-8444-555555555555";
    public const string OtherAccountKey = "other-account-key";
    public const string AgentKey = "test-agent-key-123";

    private readonly List<FakeHost> _hosts = [];

    private TestControlPlane(WebApplication app, ManualTimeProvider clock, string store)
    {
        App = app;
        Clock = clock;
        Store = store;
        var ep = app.Services.GetRequiredService<ControlPlaneEndpoints>();
        RestAddress = ep.RestAddress;
        GrpcAddress = ep.GrpcAddress;
        Http = new HttpClient { BaseAddress = RestAddress };
    }

    public WebApplication App { get; }
    public ManualTimeProvider Clock { get; }
    public string Store { get; }
    public Uri RestAddress { get; }
    public Uri GrpcAddress { get; }
    public HttpClient Http { get; }
    public SessionManager Sessions => App.Services.GetRequiredService<SessionManager>();
    public HostRegistry Hosts => App.Services.GetRequiredService<HostRegistry>();
    public IControlPlaneStore StoreImpl => App.Services.GetRequiredService<IControlPlaneStore>();
    public SessionChangeFeed Feed => App.Services.GetRequiredService<SessionChangeFeed>();

    public static string NewSqliteStore() => "sqlite:" + Path.Combine(Path.GetTempPath(), "arr-cp-tests", Guid.NewGuid().ToString("N") + ".db");

    public static async Task<TestControlPlane> StartAsync(string? store = null, ManualTimeProvider? clock = null, params string[] args)
    {
        store ??= NewSqliteStore();
        clock ??= new ManualTimeProvider();
        string[] all =
        [
            "--grpc-port", "0", "--rest-port", "0", "--store", store, "--startup-delay-standard", "0", "--startup-delay-premium", "0",
            "--accounts", $"{OtherAccountId}:{OtherAccountKey}", "--agent-key", AgentKey, "--log-level", "Warning",
            "--heartbeat-interval-ms", "1000", "--heartbeat-timeout-ms", "2000000000", .. args,
        ];
        var app = ControlPlaneApp.Build(all, s => s.AddSingleton<TimeProvider>(clock));
        await app.StartControlPlaneAsync();
        return new TestControlPlane(app, clock, store);
    }

    public string Token(string accountId = DevDefaults.AccountId) => App.Services.GetRequiredService<TokenService>().Issue(accountId).Token;

    public async Task<FakeHost> AddHostAsync(string hostId, SessionSize size = SessionSize.Standard, string region = "local")
    {
        var host = new FakeHost(Hosts, hostId, size, region);
        _hosts.Add(host);
        await host.StartAsync();
        return host;
    }

    public HttpRequestMessage Request(HttpMethod method, string path, string? body = null, string? token = null)
    {
        var r = new HttpRequestMessage(method, path);
        if (token is not null) r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) r.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return r;
    }

    public async Task<(HttpResponseMessage Response, JsonElement Json)> SendAsync(HttpMethod method, string path, string? body = null, string? token = null)
    {
        var response = await Http.SendAsync(Request(method, path, body, token ?? Token()));
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response, json);
    }

    public async Task<SessionStatus> WaitForStatusAsync(string sessionId, Func<SessionStatus, bool> done, string account = DevDefaults.AccountId)
    {
        return (await WaitForAsync(sessionId, s => done(s.Status), account)).Status;
    }

    public async Task<Domain.SessionRecord> WaitForAsync(string sessionId, Func<Domain.SessionRecord, bool> done, string account = DevDefaults.AccountId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var s = await Sessions.GetAsync(account, sessionId, CancellationToken.None);
            if (done(s)) return s;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Session {sessionId} is still {s.Status}/{s.Stage}.");
            await Task.Delay(5);
        }
    }

    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Timed out waiting for " + what);
            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var h in _hosts) await h.DisposeAsync();
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
