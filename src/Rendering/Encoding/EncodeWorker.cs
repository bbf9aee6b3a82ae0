using System.Collections.Concurrent;
using System.Threading.Channels;

namespace ArrHost.Rendering.Encoding;

/// <summary>
/// Runs an <see cref="IFrameEncoder"/> off the render thread: the renderer submits read-back
/// frames into a bounded channel (so it renders frame N+1 while frame N is encoded and waits
/// when the encoder falls behind); encoded frames come out of <see cref="Completed"/> in order.
/// Output buffers are pooled, so steady state allocates nothing per frame.
/// </summary>
internal sealed class EncodeWorker : IAsyncDisposable
{
    private readonly IFrameEncoder _encoder;
    private readonly Action<object?>? _releaseInput;
    private readonly Channel<RenderedFrame> _input;
    private readonly Channel<EncodedFrame> _output;
    private readonly ConcurrentBag<EncodedFrame> _pool = new();
    private readonly Task _loop;
    private int _keyframeRequested;

    /// <param name="capacity">Frames queued for encoding before <see cref="SubmitAsync"/> waits.</param>
    /// <param name="releaseInput">Called on the worker with <see cref="RenderedFrame.Slot"/> once its pixels are consumed.</param>
    public EncodeWorker(IFrameEncoder encoder, int capacity = 1, Action<object?>? releaseInput = null)
    {
        _encoder = encoder;
        _releaseInput = releaseInput;
        _input = Channel.CreateBounded<RenderedFrame>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        _output = Channel.CreateUnbounded<EncodedFrame>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Encoded frames, in submission order; completes after <see cref="Complete"/> (or faults with the encoder's error).</summary>
    public ChannelReader<EncodedFrame> Completed => _output.Reader;

    public IFrameEncoder Encoder => _encoder;

    /// <summary>Queues a frame; waits while <c>capacity</c> frames are already waiting.</summary>
    public ValueTask SubmitAsync(RenderedFrame frame, CancellationToken cancellationToken) => _input.Writer.WriteAsync(frame, cancellationToken);

    /// <summary>Makes the next encoded frame a keyframe (a new client, or the client asked after loss).</summary>
    public void RequestKeyframe() => Volatile.Write(ref _keyframeRequested, 1);

    /// <summary>No more frames; <see cref="Completed"/> completes after the queued ones.</summary>
    public void Complete() => _input.Writer.TryComplete();

    internal void Return(EncodedFrame frame)
    {
        frame.Buffer.ResetWrittenCount();
        _pool.Add(frame);
    }

    private async Task RunAsync()
    {
        try
        {
            while (await _input.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (_input.Reader.TryRead(out RenderedFrame job))
                {
                    if (!_pool.TryTake(out EncodedFrame? frame))
                    {
                        frame = new EncodedFrame(this);
                    }
                    bool key = Interlocked.Exchange(ref _keyframeRequested, 0) == 1;
                    EncodeResult result;
                    try
                    {
                        result = _encoder.Encode(job.Rgba.Span, job.RowPitch, key, frame.Buffer);
                    }
                    finally
                    {
                        _releaseInput?.Invoke(job.Slot);
                    }
                    frame.Codec = _encoder.Codec;
                    frame.Keyframe = result.Keyframe;
                    frame.Width = _encoder.Width;
                    frame.Height = _encoder.Height;
                    frame.PoseId = job.PoseId;
                    frame.ClientTimestampUs = job.ClientTimestampUs;
                    frame.EncodeUs = result.ElapsedMicroseconds;
                    _output.Writer.TryWrite(frame);
                }
            }
            _output.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _input.Writer.TryComplete(e);
            _output.Writer.TryComplete(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Complete();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        finally
        {
            _encoder.Dispose();
        }
    }
}
