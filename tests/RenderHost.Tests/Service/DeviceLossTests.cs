using ArrHost.Protos.V1;
using ArrHost.RenderHost.Sessions;
using ArrHost.RenderHost.Streaming;
using ArrHost.Rendering.Encoding;
using ArrHost.Rendering.Frames;
using ArrHost.Rendering.Models;
using ArrHost.Rendering.Scene;
using ArrHost.Rendering.Vulkan;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Silk.NET.Vulkan;

namespace ArrHost.RenderHost.Tests.Service;

/// <summary>A device that is lost mid-stream must fail the session at the control plane and tell the client why.</summary>
public sealed class DeviceLossTests
{
    [Fact]
    public async Task RenderLoop_DeviceLost_ReportsSessionFailedAndSaysGoodbyeWithSessionError()
    {
        using var gpu = GpuContext.Create("");
        var slot = new SessionSlot();
        Assert.True(slot.TryAccept(new LeaseOrder { SessionId = "s1", ConnectionToken = "t", Size = SessionSize.Standard }, out _));
        var failures = new List<(string Session, string Code, string Message)>();
        slot.SessionFailed += (s, c, m) => failures.Add((s, c, m));

        var sent = new MessageSink();
        var writer = new ResponseWriter(sent);
        var admission = slot.TryEnter("s1", "t", writer);
        var options = EncoderFactory.Normalize(new StreamOptions { Codec = Codec.RawRgba, Width = 32, Height = 32 });
        var encoder = new EncoderFactory().Create(options);
        var renderer = new LostDeviceRenderer();
        var pipeline = new FramePipeline(encoder.Options, writer, renderer, new EncodeWorker(encoder.Encoder, 1, renderer.ReleaseSlot), gpu, slot, gpu.DeviceMemoryUsed);
        var loader = new ModelLoader(new ModelSourceOptions { AssetRoot = Path.GetTempPath() }, new NoHttp());
        var connection = new ClientConnection(admission.Lease!, writer, loader, pipeline, NullLogger.Instance);

        var requests = new MessageSource(new ClientMessage { Pose = new CameraPose { PoseId = 1, Orientation = new Quat { W = 1 } } });
        await connection.RunAsync(requests, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await connection.ClearAsync();

        var failure = Assert.Single(failures);
        Assert.Equal("s1", failure.Session);
        Assert.Equal("DeviceLost", failure.Code);
        Assert.Contains("vkQueueSubmit", failure.Message);
        Assert.Equal(GoodbyeReason.SessionError, connection.End.Reason);
        Assert.Contains("rendering failed", connection.End.Message);
    }

    private sealed class LostDeviceRenderer : IFrameRenderer
    {
        public int Width => 32;
        public int Height => 32;
        public Task<IDisposable> UploadAsync(ModelData model, object key, CancellationToken ct) => throw new NotSupportedException("no models in this test");
        public ValueTask<RenderedSlot> RenderAsync(CameraState camera, IReadOnlyList<PlacedModel> items, CancellationToken ct) =>
            ValueTask.FromException<RenderedSlot>(new VulkanException("vkQueueSubmit", Result.ErrorDeviceLost));
        public Task IdleAsync() => Task.CompletedTask;
        public void ReleaseSlot(object? slot) { }
        public void Dispose() { }
    }

    private sealed class MessageSink : IServerStreamWriter<ServerMessage>
    {
        public List<ServerMessage> Messages { get; } = [];
        public WriteOptions? WriteOptions { get; set; }
        public Task WriteAsync(ServerMessage message) => WriteAsync(message, CancellationToken.None);
        public Task WriteAsync(ServerMessage message, CancellationToken ct)
        {
            lock (Messages) Messages.Add(message.Clone());
            return Task.CompletedTask;
        }
    }

    /// <summary>Yields the given messages, then stays open like a connected client until cancelled.</summary>
    private sealed class MessageSource(params ClientMessage[] messages) : IAsyncStreamReader<ClientMessage>
    {
        private int _next;
        public ClientMessage Current { get; private set; } = null!;
        public async Task<bool> MoveNext(CancellationToken ct = default)
        {
            if (_next < messages.Length)
            {
                Current = messages[_next++];
                return true;
            }

            await Task.Delay(Timeout.Infinite, ct);
            return false;
        }
    }

    private sealed class NoHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }
}
