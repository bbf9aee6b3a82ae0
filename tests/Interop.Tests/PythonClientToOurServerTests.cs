using ArrHost.Rpc.Server.Tests;

namespace ArrHost.Interop.Tests;

/// <summary>python3-grpcio client -> our server (grpc-dotnet on Kestrel, set up as the project's hosts are).</summary>
public sealed class PythonClientToOurServerTests
{
    [Theory]
    [InlineData("unary")]
    [InlineData("server_stream")]
    [InlineData("client_stream")]
    [InlineData("duplex")]
    [InlineData("error")]
    [InlineData("unimplemented")]
    [InlineData("metadata")]
    public async Task PythonClient_Scenario_Passes(string scenario)
    {
        await using var server = await TestServer.StartAsync();
        await PythonPeer.RunClientCaseAsync(server.Address, scenario);
    }

    [Fact]
    public async Task PythonClient_Deadline_DeadlineExceededAndServerSeesIt()
    {
        await using var server = await TestServer.StartAsync();
        // The python case warms the server with one plain call before its timed call.
        await PythonPeer.RunClientCaseAsync(server.Address, "deadline");
        Assert.Contains(await server.Probe.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(20)), new[] { "deadline", "cancelled" });
    }

    [Fact]
    public async Task PythonClient_Cancel_ServerSeesCancellation()
    {
        await using var server = await TestServer.StartAsync();
        // The python case warms the server with one plain call, then cancels 1 s into a 10 s call.
        await PythonPeer.RunClientCaseAsync(server.Address, "cancel");
        Assert.Equal("cancelled", await server.Probe.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task PythonClient_GzipBothWays_Passes()
    {
        await using var server = await TestServer.StartAsync(o => o.ResponseCompressionAlgorithm = "gzip");
        await PythonPeer.RunClientCaseAsync(server.Address, "compression");
    }

    [Fact]
    public async Task PythonClient_OverServerLimit_ResourceExhausted()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxReceiveMessageSize = 1024);
        await PythonPeer.RunClientCaseAsync(server.Address, "max_size");
    }
}
