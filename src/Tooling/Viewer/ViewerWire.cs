using System.Buffers.Binary;
using ArrHost.Client;

namespace ArrHost.Tooling.Viewer;

/// <summary>
/// The page's WebSocket protocol in one place. Text messages are JSON objects with a "t" field
/// (page: hello, pose, load, painted; relay: welcome, refused, loading, loaded, error, ended). Each frame
/// is one binary message: a fixed little-endian header (below) followed by the encoded picture as the
/// host sent it (H.264 Annex-B access unit or JPEG).
/// </summary>
public static class ViewerWire
{
    /// <summary>The header's layout version (byte 0).</summary>
    public const byte Version = 1;

    /// <summary>Header bytes: version, codec (1 H.264, 2 JPEG), keyframe, 0; width u16, height u16; the page's pose
    /// sequence u32; frame number u32; host wait, render, readback, encode, previous send, total and SDK pose-to-receive
    /// as float32 milliseconds.</summary>
    public const int HeaderSize = 44;

    /// <summary>At most this many frames are on their way to the page before it says one was painted.</summary>
    public const int FramesInFlight = 2;

    /// <summary>WebSocket close status text of a page refused because another is viewing.</summary>
    public const string OtherViewerConnected = "OtherViewerConnected";

    /// <summary>Fills <paramref name="header"/> (at least <see cref="HeaderSize"/> bytes) for <paramref name="frame"/>.</summary>
    public static void WriteHeader(Span<byte> header, RenderedFrame frame, uint pageSequence)
    {
        header[0] = Version;
        header[1] = frame.Codec == FrameCodec.H264 ? (byte)1 : (byte)2;
        header[2] = frame.Keyframe ? (byte)1 : (byte)0;
        header[3] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], (ushort)frame.Width);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)frame.Height);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], pageSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], (uint)frame.FrameNumber);
        var t = frame.HostTimings;
        Ms(header[16..], t.Wait);
        Ms(header[20..], t.Render);
        Ms(header[24..], t.Readback);
        Ms(header[28..], t.Encode);
        Ms(header[32..], t.PreviousSend);
        Ms(header[36..], t.Total);
        Ms(header[40..], frame.PoseToReceiveLatency);
    }

    private static void Ms(Span<byte> target, TimeSpan value) =>
        BinaryPrimitives.WriteSingleLittleEndian(target, (float)value.TotalMilliseconds);
}
