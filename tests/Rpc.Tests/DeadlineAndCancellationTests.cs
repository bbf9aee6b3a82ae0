using System.Diagnostics;
using ArrHost.Rpc.Tests.Echo;

namespace ArrHost.Rpc.Tests;

public sealed class DeadlineAndCancellationTests
{
    [Fact]
    public async Task Unary_DeadlineShorterThanWork_DeadlineExceededAndServerTokenCancelled()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        // A cold server can spend a short deadline before the handler runs (then it rightly never starts);
        // one plain call first makes sure the timed call reaches the handler.
        await client.UnaryAsync(new EchoRequest { Text = "warm-up" });

        var sw = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            client.UnaryAsync(new EchoRequest { DelayMs = 30_000 }, new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(1000))));
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20));
        var seen = await server.Probe.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Contains(seen, new[] { "deadline", "cancelled" });
    }

    [Fact]
    public async Task Unary_DeadlineAlreadyPassed_FailsWithoutSending()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            client.UnaryAsync(new EchoRequest(), new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(-1))));
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task ServerStream_DeadlinePasses_DeadlineExceededAndHandlerStopped()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        // A cold server can spend a short deadline before the handler runs (then it rightly never starts);
        // one plain call first makes sure the timed call reaches the handler.
        await client.UnaryAsync(new EchoRequest { Text = "warm-up" });

        // The work is 1000 x 100 ms, far beyond the 2 s deadline.
        using var call = client.ServerStream(new EchoRequest { Count = 1000, DelayMs = 100 }, new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(2000)));
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var reply in call.ResponseStream.ReadAllAsync())
            {
            }
        });
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        // Both ends time the deadline; whichever fires first, the server's handler is stopped.
        Assert.Contains(await server.Probe.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(20)), new[] { "deadline", "cancelled" });
    }

    [Fact]
    public async Task Duplex_ClientCancels_ClientCancelledAndServerSeesIt()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        using var cts = new CancellationTokenSource();
        using var call = client.Duplex(new CallOptions(CancellationToken: cts.Token));
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "first" });
        Assert.True(await call.ResponseStream.MoveNext());
        await call.RequestStream.WriteAsync(new EchoRequest { DelayMs = 10_000 });
        await Task.Delay(100);
        cts.Cancel();

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Equal("cancelled", await server.Probe.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Unary_DisposeBeforeReply_ServerSeesCancellation()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        await client.UnaryAsync(new EchoRequest { Text = "warm-up" });

        var call = client.Unary(new EchoRequest { DelayMs = 10_000 });
        // Dispose only once the handler waits, so the server has a running call to see cancelled.
        await server.Probe.Started.Task.WaitAsync(TimeSpan.FromSeconds(20));
        call.Dispose();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Equal("cancelled", await server.Probe.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task ServerStream_ServerCancelsWithStatus_ClientGetsCancelled()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        using var call = client.ServerStream(new EchoRequest { Count = 1, FailCode = (int)StatusCode.Cancelled, FailMessage = "server gave up" });
        Assert.True(await call.ResponseStream.MoveNext());
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }

    [Fact]
    public async Task ServerStream_MoveNextTokenCancelled_CallCancelled()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        using var call = client.ServerStream(new EchoRequest { Count = 2, DelayMs = 10_000 });
        Assert.True(await call.ResponseStream.MoveNext());
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(cts.Token));
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
        Assert.Equal("cancelled", await server.Probe.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Duplex_DisposedWithoutComplete_ServerSeesResetNotHalfClose()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        var call = client.Duplex();
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "one" });
        Assert.True(await call.ResponseStream.MoveNext());
        call.Dispose();
        Assert.Equal("cancelled", await server.Probe.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Duplex_Completed_ServerSeesHalfClose()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        using var call = client.Duplex();
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "one" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal("half-closed", await server.Probe.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
