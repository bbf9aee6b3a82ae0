using System.Collections.Concurrent;
using ArrHost.Protos.V1;

namespace ArrHost.Client.Tests.Sdk.Wire;

/// <summary>What the fake Sessions and Render services share: sessions, the one connected client, and knobs for the tests.</summary>
public sealed class WireState
{
    public const string AccountId = "acct";
    public const string AccountKey = "key";
    public const string ConnectionToken = "conn-token";

    public ConcurrentDictionary<string, Session> Sessions { get; } = new();

    public string RenderEndpoint { get; set; } = "";

    /// <summary>CreateSession calls to refuse with RESOURCE_EXHAUSTED before accepting.</summary>
    public int RateLimitCreates;

    /// <summary>The retry delay trailer sent with RESOURCE_EXHAUSTED: (key, value).</summary>
    public (string Key, string Value) RetryTrailer { get; set; } = ("retry-after-ms", "200");

    public int CreateCalls;

    /// <summary>The newest FrameAck the fake render host received.</summary>
    public long LastFrameAck;

    public int TokensIssued;

    /// <summary>Set while a client is connected; cancelled to end its stream with a Goodbye SESSION_STOPPED.</summary>
    public CancellationTokenSource? ConnectedClient;

    public readonly object Gate = new();

    /// <summary>The x-trace request header of every call the server received ("" when absent).</summary>
    public ConcurrentQueue<string> TraceHeaders { get; } = new();
}
