namespace ArrHost.Bench.Matrix;

/// <summary>The stage names of <see cref="RunResult.Stages"/> (milliseconds).</summary>
internal static class Stages
{
    public const string PoseToReceive = "poseToReceive";
    public const string PoseToDecoded = "poseToDecoded";
    /// <summary>In-process: pose taken by the timer to the encoded frame handed out (what the host would send).</summary>
    public const string PoseToEncoded = "poseToEncoded";
    public const string Decode = "clientDecode";
    public const string HostWait = "hostWait";
    public const string HostRender = "hostRender";
    public const string HostReadback = "hostReadback";
    public const string HostEncode = "hostEncode";
    /// <summary>Writing a frame to the stream, from the next frame's previous-send field and matched to this frame's pose (<see cref="PreviousSendMatcher"/>).</summary>
    public const string HostSend = "hostSend";
    public const string HostTotal = "hostTotal";
    /// <summary>pose->receive minus the host's total: uplink, pose queueing before arrival, send, downlink and client receive.</summary>
    public const string NetworkAndClient = "networkAndClient";
}
