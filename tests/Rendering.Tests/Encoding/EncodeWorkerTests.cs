using System.Collections.Concurrent;
using ArrHost.Protos.V1;
using ArrHost.Rendering.Encoding;

namespace ArrHost.Rendering.Tests.Encoding;

public class EncodeWorkerTests
{
    [Fact]
    public async Task SubmitAsync_Frames_EncodedInOrderWithPoseIdsAndSlotsReleased()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var released = new ConcurrentQueue<object?>();
        var encoder = new EncoderFactory(tryNvenc: false).Create(new StreamOptions { Codec = Codec.H264, Width = 320, Height = 240 }).Encoder;
        await using var worker = new EncodeWorker(encoder, capacity: 1, releaseInput: released.Enqueue);
        byte[][] frames = TestFrames.Sequence(8);
        var got = new List<(ulong Pose, bool Key, int Bytes, uint EncodeUs)>();
        // Two frames ahead of the reader (rendering N+1 while N encodes); in lockstep around the keyframe request.
        await worker.SubmitAsync(new RenderedFrame(frames[0], 320 * 4, 100, 1000, Slot: 0), timeout.Token);
        for (int i = 1; i <= frames.Length; i++)
        {
            if (i < frames.Length)
            {
                if (i == 5)
                {
                    await ReadOne();
                    worker.RequestKeyframe();
                }
                await worker.SubmitAsync(new RenderedFrame(frames[i], 320 * 4, (ulong)(100 + i), 1000 + i, Slot: i), timeout.Token);
            }
            if (i != 5)
            {
                await ReadOne();
            }
        }
        worker.Complete();
        Assert.False(await worker.Completed.WaitToReadAsync(timeout.Token));

        async Task ReadOne()
        {
            EncodedFrame f = await worker.Completed.ReadAsync(timeout.Token);
            Assert.Equal(Codec.H264, f.Codec);
            Assert.Equal((320, 240), (f.Width, f.Height));
            Assert.Equal((long)(f.PoseId - 100 + 1000), f.ClientTimestampUs);
            got.Add((f.PoseId, f.Keyframe, f.Data.Length, f.EncodeUs));
            f.Release();
        }

        Assert.Equal(Enumerable.Range(100, 8).Select(i => (ulong)i), got.Select(g => g.Pose));
        Assert.Equal([true, false, false, false, false, true, false, false], got.Select(g => g.Key));
        Assert.All(got, g => Assert.True(g.Bytes > 0 && g.EncodeUs > 0));
        Assert.Equal(Enumerable.Range(0, 8).Cast<object?>(), released);
    }

    [Fact]
    public async Task Encode_EncoderThrows_CompletedFaults()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var worker = new EncodeWorker(new RawEncoder(16, 16));
        await worker.SubmitAsync(new RenderedFrame(new byte[10], 64, 1, 0), timeout.Token);
        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (EncodedFrame _ in worker.Completed.ReadAllAsync(timeout.Token))
            {
            }
        });
    }
}
