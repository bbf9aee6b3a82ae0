using System.Diagnostics;
using System.Numerics;
using System.Threading.Channels;
using System.Threading.Tasks.Sources;
using ArrHost.Rendering.Scene;
using ArrHost.Rendering.Vulkan;
using Silk.NET.Vulkan;
using Buffer = Silk.NET.Vulkan.Buffer;

namespace ArrHost.Rendering.Gpu;

/// <summary>
/// The offscreen renderer. Owns colour (R8G8B8A8_SRGB: shading is linear, storage sRGB) and D32
/// depth targets per frame slot, N frames in flight, and a dedicated device thread fed by a
/// channel: every Vulkan call after construction happens on that thread. Frames are read back
/// through persistently mapped host-cached buffers into the caller's memory (tightly packed RGBA8,
/// or at the caller's row stride).
/// </summary>
internal sealed unsafe partial class Renderer : IAsyncDisposable, IDisposable
{
    private readonly GpuDevice _device;
    private readonly RendererOptions _options;
    private readonly PipelineSet _pipelines;
    private readonly ImmediateSubmitter _submitter;
    private readonly ModelUploader _uploader;
    private readonly GpuImage _white;
    private readonly GpuSampler _defaultSampler;
    private readonly DescriptorPool _framePool;
    private readonly FrameSlot[] _slots;
    private readonly Channel<DeviceWork> _channel = Channel.CreateUnbounded<DeviceWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly AutoResetEvent _workAvailable = new(false);
    private readonly Thread _thread;
    private readonly Dictionary<object, GpuModelResources> _models = new();
    private readonly List<GpuModelResources> _retired = [];
    private readonly Stack<RenderRequest> _requestPool = new();
    private readonly int[] _pending;
    private readonly ulong _fenceTimeoutNs;
    private readonly int[] _freeSlots; // a stack: the most recently completed slot (warmest in cache) is reused first
    private int _pendingHead, _pendingCount, _freeCount;
    private long _frameNumber, _completedFrame = -1;
    private float[] _sortKeys = new float[16];
    private int[] _sortIndices = new int[16];
    private volatile bool _disposed;
    private volatile Exception? _fault;
    private long _frameLoopAllocated;
    private readonly Vector4 _clearColor;

    /// <summary>The shading mode in use (Auto resolved).</summary>
    public ShadingMode Shading { get; }
    public int Width => _options.Width;
    public int Height => _options.Height;
    public int FramesInFlight => _options.FramesInFlight;
    public DeviceInfo Device => _device.Info;
    /// <summary>Bytes of device memory in use by the whole device (targets, models, buffers).</summary>
    public long DeviceMemoryInUse => _device.MemoryInUse;
    /// <summary>Models (distinct shared resources) currently resident.</summary>
    public int ResidentModels { get { lock (_models) return _models.Count; } }
    /// <summary>Managed bytes the device thread allocated while submitting and completing frames (should stay flat).</summary>
    public long FrameLoopAllocatedBytes => Interlocked.Read(ref _frameLoopAllocated);

    /// <summary>Bytes one frame occupies, tightly packed.</summary>
    public int FrameBytes => _options.Width * _options.Height * 4;

    public Renderer(GpuDevice device, RendererOptions options)
    {
        options.Validate();
        _device = device;
        _options = options;
        _fenceTimeoutNs = (ulong)options.FenceTimeout.Ticks * 100;
        Shading = options.Shading != ShadingMode.Auto ? options.Shading
            : device.Info.Kind == GpuDeviceKind.Cpu ? ShadingMode.PerVertex : ShadingMode.PerPixel;
        var clear = options.ClearColor;
        // A UNORM target (per-vertex mode) stores what it is given: clear with the encoded colour.
        _clearColor = Shading == ShadingMode.PerVertex ? new Vector4(EncodeSrgb(clear.X), EncodeSrgb(clear.Y), EncodeSrgb(clear.Z), clear.W) : clear;
        _slots = new FrameSlot[options.FramesInFlight];
        _pending = new int[options.FramesInFlight];
        _freeSlots = new int[options.FramesInFlight];
        for (var i = options.FramesInFlight - 1; i >= 0; i--) _freeSlots[_freeCount++] = i;
        try
        {
            _pipelines = new PipelineSet(device, encodeSrgb: Shading == ShadingMode.PerVertex);
            _submitter = new ImmediateSubmitter(device, options.FenceTimeout);
            _white = device.CreateImage(new ImageDescription(1, 1, PixelFormat.Rgba8Unorm, ImageUsage.Texture));
            _defaultSampler = device.CreateSampler(SamplerDescription.From(SamplerData.Default));
            using (var staging = device.CreateBuffer(new BufferDescription(4, BufferUsage.Staging)))
            {
                *(uint*)staging.Mapped = 0xFFFFFFFF;
                var white = _white;
                _submitter.Run(cmd => ModelUploader.CopyToImage(device, cmd, staging.Handle, 0, white));
            }
            _uploader = new ModelUploader(device, _pipelines, _submitter, _white, _defaultSampler, Shading);

            var poolSize = new DescriptorPoolSize { Type = DescriptorType.UniformBuffer, DescriptorCount = (uint)_slots.Length };
            var poolInfo = new DescriptorPoolCreateInfo { SType = StructureType.DescriptorPoolCreateInfo, MaxSets = (uint)_slots.Length, PoolSizeCount = 1, PPoolSizes = &poolSize };
            DescriptorPool pool;
            device.Api.CreateDescriptorPool(device.Device, &poolInfo, null, &pool).Check("vkCreateDescriptorPool");
            _framePool = pool;
            for (var i = 0; i < _slots.Length; i++) _slots[i] = new FrameSlot(device, _pipelines, pool, options.Width, options.Height);
        }
        catch
        {
            DestroyAll();
            throw;
        }
        _thread = new Thread(DeviceThread) { Name = "arr-gpu", IsBackground = true };
        _thread.Start();
    }

    private static float EncodeSrgb(float c)
    {
        c = Math.Clamp(c, 0f, 1f);
        return c <= 0.0031308f ? c * 12.92f : 1.055f * MathF.Pow(c, 1 / 2.4f) - 0.055f;
    }

    // ------------------------------------------------------------------ public API

    /// <summary>
    /// Uploads a model (or takes another reference to it when a model with the same cache key is
    /// resident; the key defaults to the ModelData instance). Throws <see cref="ModelUploadException"/>
    /// for bad data; the renderer keeps working.
    /// </summary>
    public Task<GpuModel> UploadAsync(ModelData model, object? cacheKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var key = cacheKey ?? model;
        return Post<GpuModel>(() =>
        {
            GpuModelResources? res;
            lock (_models)
            {
                if (_models.TryGetValue(key, out res))
                {
                    res.References++;
                    return new GpuModel(this, res);
                }
            }
            res = _uploader.Upload(model, key);
            res.References = 1;
            lock (_models) _models[key] = res;
            return new GpuModel(this, res);
        }, cancellationToken);
    }

    /// <summary>
    /// Renders one frame of <paramref name="instances"/> seen from <paramref name="camera"/> and
    /// copies it into <paramref name="destination"/> (RGBA8 sRGB, rows top first, at
    /// <paramref name="destinationStride"/> bytes per row; 0 = width * 4). The instance list and
    /// destination must stay untouched until the returned task completes. Several calls may be
    /// outstanding: up to FramesInFlight frames are rendered concurrently.
    /// </summary>
    public ValueTask<FrameTimings> RenderAsync(in CameraPose camera, IReadOnlyList<DrawInstance> instances, Memory<byte> destination,
        int destinationStride = 0, CancellationToken cancellationToken = default)
    {
        var aspect = (float)_options.Width / _options.Height;
        return RenderAsync(camera.View(), camera.Projection(aspect), camera.Position, instances, destination, destinationStride, cancellationToken);
    }

    /// <summary>As above with explicit matrices (System.Numerics row-vector convention; projection in Vulkan clip space).</summary>
    public ValueTask<FrameTimings> RenderAsync(Matrix4x4 view, Matrix4x4 projection, Vector3 cameraPosition, IReadOnlyList<DrawInstance> instances,
        Memory<byte> destination, int destinationStride = 0, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_fault is { } fault) throw new InvalidOperationException("The renderer is faulted: " + fault.Message, fault);
        ArgumentNullException.ThrowIfNull(instances);
        var stride = destinationStride == 0 ? _options.Width * 4 : destinationStride;
        if (stride < _options.Width * 4) throw new ArgumentOutOfRangeException(nameof(destinationStride), "The row stride is smaller than a row.");
        if (destination.Length < (long)stride * (_options.Height - 1) + _options.Width * 4)
            throw new ArgumentException($"The destination holds {destination.Length} bytes; a {_options.Width}x{_options.Height} frame at stride {stride} needs {(long)stride * (_options.Height - 1) + _options.Width * 4}.", nameof(destination));
        cancellationToken.ThrowIfCancellationRequested();
        RenderRequest request;
        lock (_requestPool) request = _requestPool.Count > 0 ? _requestPool.Pop() : new RenderRequest(this);
        request.Prepare(view * projection, cameraPosition, instances, destination, stride);
        Enqueue(request);
        return new ValueTask<FrameTimings>(request, request.Version);
    }

    /// <summary>Waits until every submitted frame and upload has finished.</summary>
    public Task IdleAsync(CancellationToken cancellationToken = default) => Post<bool>(() =>
    {
        while (_pendingCount > 0) CompleteOldest();
        DestroyRetired();
        return true;
    }, cancellationToken);

    // ------------------------------------------------------------------ device thread

    private abstract class DeviceWork
    {
        public abstract void Execute();
        public abstract void Fail(Exception e);
    }

    private sealed class FuncWork<T>(Func<T> func) : DeviceWork
    {
        public readonly TaskCompletionSource<T> Completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public CancellationToken Token;
        public override void Execute()
        {
            if (Token.IsCancellationRequested) { Completion.TrySetCanceled(Token); return; }
            try { Completion.TrySetResult(func()); }
            catch (Exception e) { Completion.TrySetException(e); }
        }
        public override void Fail(Exception e) => Completion.TrySetException(e);
    }

    private Task<T> Post<T>(Func<T> func, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var work = new FuncWork<T>(func) { Token = cancellationToken };
        Enqueue(work);
        return work.Completion.Task;
    }

    private void Enqueue(DeviceWork work)
    {
        if (!_channel.Writer.TryWrite(work)) throw new ObjectDisposedException(nameof(Renderer));
        _workAvailable.Set();
    }

    private void DeviceThread()
    {
        var reader = _channel.Reader;
        while (true)
        {
            if (_pendingCount < _slots.Length && reader.TryRead(out var work))
            {
                try
                {
                    if (work is RenderRequest r)
                    {
                        var before = GC.GetAllocatedBytesForCurrentThread();
                        Submit(r);
                        Interlocked.Add(ref _frameLoopAllocated, GC.GetAllocatedBytesForCurrentThread() - before);
                    }
                    else work.Execute();
                }
                catch (Exception e) { work.Fail(e); }
                continue;
            }
            if (_pendingCount > 0)
            {
                CompleteOldest();
                continue;
            }
            if (reader.Completion.IsCompleted) break;
            _workAvailable.WaitOne(100);
        }
    }

    internal void Release(GpuModelResources res)
    {
        if (_disposed) return;
        try
        {
            Post(() =>
            {
                if (--res.References > 0) return true;
                lock (_models) _models.Remove(res.CacheKey);
                _retired.Add(res);
                DestroyRetired();
                return true;
            }, CancellationToken.None);
        }
        catch (ObjectDisposedException)
        {
            // the renderer is going away and frees everything itself
        }
    }

    private void DestroyRetired()
    {
        for (var i = _retired.Count - 1; i >= 0; i--)
        {
            if (_retired[i].LastUsedFrame > _completedFrame) continue;
            _retired[i].Dispose();
            _retired.RemoveAt(i);
        }
    }

    // ------------------------------------------------------------------ frames

    private void Submit(RenderRequest request)
    {
        request.DequeuedAt = Stopwatch.GetTimestamp();
        var slotIndex = _freeSlots[--_freeCount];
        var slot = _slots[slotIndex];
        var frame = _frameNumber++;
        long primitives = 0;
        var instances = request.Instances!;
        for (var i = 0; i < instances.Count; i++) primitives += instances[i].Model.Resources.PrimitiveCount;
        var overBudget = _options.PrimitiveBudget is { } budget && primitives > budget;
        request.Primitives = primitives;
        request.OverBudget = overBudget;
        request.Frame = frame;
        try
        {
            slot.WriteFrameUniforms(request.ViewProjection, request.CameraPosition, _options.Lighting);
            Record(slot, request, frame, overBudget);
            slot.Submit(_device);
        }
        catch (Exception e)
        {
            _freeSlots[_freeCount++] = slotIndex; // not submitted: still free
            request.Fail(e);
            return;
        }
        slot.Request = request;
        slot.Frame = frame;
        slot.SubmittedAt = Stopwatch.GetTimestamp();
        _pending[(_pendingHead + _pendingCount) % _pending.Length] = slotIndex;
        _pendingCount++;
    }

    private void CompleteOldest()
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var slotIndex = _pending[_pendingHead];
        var slot = _slots[slotIndex];
        _pendingHead = (_pendingHead + 1) % _pending.Length;
        _pendingCount--;
        var request = (RenderRequest)slot.Request!;
        slot.Request = null;
        var freed = false;
        try
        {
            var fence = slot.Fence;
            var result = _device.Api.WaitForFences(_device.Device, 1, &fence, true, _fenceTimeoutNs).Check("vkWaitForFences");
            if (result == Result.Timeout)
            {
                // The slot's work may still be running: nothing can safely reuse it. The renderer is faulted.
                _fault = new TimeoutException($"Frame {slot.Frame} did not finish within {_options.FenceTimeout}; the renderer is faulted.");
                throw _fault;
            }
            var rendered = Stopwatch.GetTimestamp();
            _completedFrame = slot.Frame;
            slot.Readback.Invalidate();
            var dst = request.Destination.Span;
            var rowBytes = _options.Width * 4;
            var src = slot.Readback.Mapped;
            for (var y = 0; y < _options.Height; y++)
                new ReadOnlySpan<byte>(src + (long)y * slot.RowPitch, rowBytes).CopyTo(dst.Slice(y * request.Stride, rowBytes));
            var done = Stopwatch.GetTimestamp();
            _freeSlots[_freeCount++] = slotIndex;
            freed = true;
            if (_retired.Count > 0) DestroyRetired();
            // Counted up to here: handing the result to the awaiting caller is the runtime's thread-pool dispatch.
            Interlocked.Add(ref _frameLoopAllocated, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
            request.Complete(new FrameTimings(
                slot.Frame,
                Stopwatch.GetElapsedTime(request.EnqueuedAt, request.DequeuedAt).TotalMicroseconds,
                Stopwatch.GetElapsedTime(request.DequeuedAt, rendered).TotalMicroseconds,
                Stopwatch.GetElapsedTime(rendered, done).TotalMicroseconds,
                request.Primitives,
                request.OverBudget));
        }
        catch (Exception e)
        {
            // A timed-out slot may still be in use by the device: it is never reused (the renderer is faulted).
            if (!freed && _fault is null) _freeSlots[_freeCount++] = slotIndex;
            request.Fail(e);
        }
    }

    private void Record(FrameSlot slot, RenderRequest request, long frame, bool overBudget)
    {
        var vk = _device.Api;
        var cmd = slot.CommandBuffer;
        vk.ResetCommandBuffer(cmd, 0).Check("vkResetCommandBuffer");
        var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
        vk.BeginCommandBuffer(cmd, &begin).Check("vkBeginCommandBuffer");

        var clears = stackalloc ClearValue[2];
        var c = _clearColor;
        clears[0].Color.Float32_0 = c.X;
        clears[0].Color.Float32_1 = c.Y;
        clears[0].Color.Float32_2 = c.Z;
        clears[0].Color.Float32_3 = c.W;
        clears[1].DepthStencil = new ClearDepthStencilValue { Depth = 1f };
        var extent = new Extent2D { Width = (uint)_options.Width, Height = (uint)_options.Height };
        var passBegin = new RenderPassBeginInfo
        {
            SType = StructureType.RenderPassBeginInfo,
            RenderPass = _pipelines.RenderPass,
            Framebuffer = slot.Framebuffer,
            RenderArea = new Rect2D { Extent = extent },
            ClearValueCount = 2,
            PClearValues = clears,
        };
        vk.CmdBeginRenderPass(cmd, &passBegin, SubpassContents.Inline);
        var viewport = new Viewport { Width = _options.Width, Height = _options.Height, MinDepth = 0, MaxDepth = 1 };
        vk.CmdSetViewport(cmd, 0, 1, &viewport);
        var scissor = new Rect2D { Extent = extent };
        vk.CmdSetScissor(cmd, 0, 1, &scissor);

        if (overBudget)
        {
            vk.CmdBindPipeline(cmd, PipelineBindPoint.Graphics, _pipelines.Checker);
            vk.CmdDraw(cmd, 3, 1, 0, 0);
        }
        else
        {
            var frameSet = slot.FrameSet;
            vk.CmdBindDescriptorSets(cmd, PipelineBindPoint.Graphics, _pipelines.Layout, 0, 1, &frameSet, 0, null);
            var instances = request.Instances!;
            var state = new BindState();
            var blendCount = 0;
            for (var i = 0; i < instances.Count; i++)
            {
                var inst = instances[i];
                var res = inst.Model.Resources;
                res.LastUsedFrame = frame;
                DrawItems(cmd, res, res.Opaque, inst.World, inst.NodeWorlds, ref state);
                if (res.Blend.Length > 0)
                {
                    if (blendCount == _sortKeys.Length)
                    {
                        Array.Resize(ref _sortKeys, blendCount * 2);
                        Array.Resize(ref _sortIndices, blendCount * 2);
                    }
                    var center = Vector3.Transform(res.BoundsCenter, inst.World);
                    _sortKeys[blendCount] = -Vector3.DistanceSquared(center, request.CameraPosition); // far first
                    _sortIndices[blendCount++] = i;
                }
            }
            if (blendCount > 0)
            {
                Array.Sort(_sortKeys, _sortIndices, 0, blendCount);
                for (var k = 0; k < blendCount; k++)
                {
                    var inst = instances[_sortIndices[k]];
                    DrawItems(cmd, inst.Model.Resources, inst.Model.Resources.Blend, inst.World, inst.NodeWorlds, ref state);
                }
            }
        }
        vk.CmdEndRenderPass(cmd);

        var copy = new BufferImageCopy
        {
            BufferOffset = 0,
            BufferRowLength = (uint)(slot.RowPitch / 4),
            BufferImageHeight = (uint)_options.Height,
            ImageSubresource = new ImageSubresourceLayers { AspectMask = ImageAspectFlags.ColorBit, LayerCount = 1 },
            ImageExtent = new Extent3D { Width = (uint)_options.Width, Height = (uint)_options.Height, Depth = 1 },
        };
        vk.CmdCopyImageToBuffer(cmd, slot.Color.Handle, ImageLayout.TransferSrcOptimal, slot.Readback.Handle, 1, &copy);
        var toHost = new BufferMemoryBarrier
        {
            SType = StructureType.BufferMemoryBarrier,
            SrcAccessMask = AccessFlags.TransferWriteBit,
            DstAccessMask = AccessFlags.HostReadBit,
            SrcQueueFamilyIndex = Vk.QueueFamilyIgnored,
            DstQueueFamilyIndex = Vk.QueueFamilyIgnored,
            Buffer = slot.Readback.Handle,
            Size = Vk.WholeSize,
        };
        vk.CmdPipelineBarrier(cmd, PipelineStageFlags.TransferBit, PipelineStageFlags.HostBit, 0, 0, null, 1, &toHost, 0, null);
        vk.EndCommandBuffer(cmd).Check("vkEndCommandBuffer");
    }

    private struct BindState
    {
        public Pipeline Pipeline;
        public GpuModelResources? Model;
        public int Material;
        /// <summary>The model whose geometry buffer is bound as the index buffer (at offset 0; draws pick their range with firstIndex).</summary>
        public GpuModelResources? IndexModel;
    }

    private void DrawItems(CommandBuffer cmd, GpuModelResources res, DrawItem[] items, in Matrix4x4 instanceWorld, Matrix4x4[]? nodeWorlds, ref BindState state)
    {
        var vk = _device.Api;
        var push = stackalloc float[PipelineSet.PushConstantSize / 4];
        var geometry = res.Geometry!.Handle;
        var buffers = stackalloc Buffer[4] { geometry, geometry, geometry, geometry };
        var offsets = stackalloc ulong[4];
        for (var i = 0; i < items.Length; i++)
        {
            ref var item = ref items[i];
            ref readonly var nodeWorld = ref nodeWorlds is null ? ref item.NodeWorld : ref nodeWorlds[item.Node];
            if (nodeWorld.M44 == 0) continue; // a node the client deleted
            if (item.Pipeline.Handle != state.Pipeline.Handle)
            {
                vk.CmdBindPipeline(cmd, PipelineBindPoint.Graphics, item.Pipeline);
                state.Pipeline = item.Pipeline;
            }
            if (!ReferenceEquals(state.Model, res) || state.Material != item.Material)
            {
                var set = res.MaterialSets[item.Material];
                vk.CmdBindDescriptorSets(cmd, PipelineBindPoint.Graphics, _pipelines.Layout, 1, 1, &set, 0, null);
                state.Model = res;
                state.Material = item.Material;
            }
            var world = nodeWorld * instanceWorld;
            *(Matrix4x4*)push = world;
            // normal matrix = inverse-transpose of the upper 3x3; rows of (M^-1)^T in row-vector form are the columns of M^-1
            if (!Matrix4x4.Invert(world, out var inv)) inv = Matrix4x4.Identity;
            push[16] = inv.M11; push[17] = inv.M21; push[18] = inv.M31; push[19] = 0;
            push[20] = inv.M12; push[21] = inv.M22; push[22] = inv.M32; push[23] = 0;
            push[24] = inv.M13; push[25] = inv.M23; push[26] = inv.M33; push[27] = 0;
            vk.CmdPushConstants(cmd, _pipelines.Layout, ShaderStageFlags.VertexBit, 0, PipelineSet.PushConstantSize, push);
            // One vertex-buffer call per draw: bindings 0 (position+normal), 2 (colour) and 3 (tangent+uvs)
            // live in the same buffer; binding 1 (and 2 without colour) is bound but unused by the pipeline.
            offsets[0] = item.PositionNormalOffset;
            offsets[1] = item.PositionNormalOffset;
            offsets[2] = item.ColorOffset;
            offsets[3] = item.ExtraOffset;
            var bindingCount = (item.Streams & VertexStreams.Uv) != 0 ? 4u : (item.Streams & VertexStreams.Color) != 0 ? 3u : 1u;
            vk.CmdBindVertexBuffers(cmd, 0, bindingCount, buffers, offsets);
            if (!ReferenceEquals(state.IndexModel, res))
            {
                vk.CmdBindIndexBuffer(cmd, geometry, 0, IndexType.Uint32);
                state.IndexModel = res;
            }
            // Index ranges start at 16-byte aligned offsets, so the offset is a whole number of 32-bit indices.
            vk.CmdDrawIndexed(cmd, item.IndexCount, 1, (uint)(item.IndexOffset / 4), 0, 0);
        }
    }

    // ------------------------------------------------------------------ teardown

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _channel.Writer.TryComplete();
        _workAvailable.Set();
        if (Thread.CurrentThread != _thread) _thread.Join();
        // The device thread has stopped: fail what was still queued, then free everything.
        while (_channel.Reader.TryRead(out var work)) work.Fail(new ObjectDisposedException(nameof(Renderer)));
        DestroyAll();
        _workAvailable.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void DestroyAll()
    {
        if (_device.Device.Handle != 0)
        {
            // A lost device fails the idle wait; its objects must still be destroyed.
            try { _device.WaitIdle(); }
            catch (VulkanException) { }
        }
        lock (_models)
        {
            foreach (var m in _models.Values) m.Dispose();
            _models.Clear();
        }
        foreach (var r in _retired) r.Dispose();
        _retired.Clear();
        foreach (var s in _slots) s?.Dispose();
        if (_framePool.Handle != 0) _device.Api.DestroyDescriptorPool(_device.Device, _framePool, null);
        _defaultSampler?.Dispose();
        _white?.Dispose();
        _submitter?.Dispose();
        _pipelines?.Dispose();
    }

    // ------------------------------------------------------------------ pooled render requests (no per-frame allocation)

    private sealed class RenderRequest(Renderer owner) : DeviceWork, IValueTaskSource<FrameTimings>
    {
        private ManualResetValueTaskSourceCore<FrameTimings> _core = new() { RunContinuationsAsynchronously = true };
        public Matrix4x4 ViewProjection;
        public Vector3 CameraPosition;
        public IReadOnlyList<DrawInstance>? Instances;
        public Memory<byte> Destination;
        public int Stride;
        public long EnqueuedAt, DequeuedAt, Frame, Primitives;
        public bool OverBudget;

        public short Version => _core.Version;

        public void Prepare(Matrix4x4 viewProjection, Vector3 cameraPosition, IReadOnlyList<DrawInstance> instances, Memory<byte> destination, int stride)
        {
            ViewProjection = viewProjection;
            CameraPosition = cameraPosition;
            Instances = instances;
            Destination = destination;
            Stride = stride;
            EnqueuedAt = Stopwatch.GetTimestamp();
        }

        public override void Execute() => throw new InvalidOperationException();
        public void Complete(FrameTimings t) { Instances = null; Destination = default; _core.SetResult(t); }
        public override void Fail(Exception e) { Instances = null; Destination = default; _core.SetException(e); }

        public FrameTimings GetResult(short token)
        {
            try { return _core.GetResult(token); }
            finally
            {
                _core.Reset();
                lock (owner._requestPool) owner._requestPool.Push(this);
            }
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);
        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
