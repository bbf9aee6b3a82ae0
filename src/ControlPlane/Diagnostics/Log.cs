namespace ArrHost.ControlPlane.Diagnostics;

/// <summary>Every log line of the control plane, with stable event ids. Keys and tokens are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Session {AccountId}/{SessionId} created ({Size}, lease {LeaseMinutes} min)")]
    public static partial void SessionCreated(ILogger logger, string accountId, string sessionId, string size, int leaseMinutes);

    [LoggerMessage(2, LogLevel.Information, "Session {AccountId}/{SessionId} changed to {Status} ({Reason}) on host {HostId}")]
    public static partial void SessionChanged(ILogger logger, string accountId, string sessionId, string status, string reason, string? hostId);

    [LoggerMessage(3, LogLevel.Warning, "Session {AccountId}/{SessionId} failed ({Code}): {Message}")]
    public static partial void SessionFailed(ILogger logger, string accountId, string sessionId, string code, string message);

    [LoggerMessage(4, LogLevel.Information, "Host {HostId} registered ({Size}, {Endpoint}, region {Region}) as {State}")]
    public static partial void HostRegistered(ILogger logger, string hostId, string size, string endpoint, string region, string state);

    [LoggerMessage(5, LogLevel.Warning, "Host {HostId} lost: no heartbeat for {SilentMs} ms")]
    public static partial void HostLost(ILogger logger, string hostId, long silentMs);

    [LoggerMessage(6, LogLevel.Information, "Host {HostId} stream ended")]
    public static partial void HostDetached(ILogger logger, string hostId);

    [LoggerMessage(7, LogLevel.Information, "Host {HostId} released session {SessionId} (clean: {Clean})")]
    public static partial void HostReleased(ILogger logger, string hostId, string sessionId, bool clean);

    [LoggerMessage(8, LogLevel.Information, "Recovered {Active} active sessions; {Expired} overdue leases expired")]
    public static partial void Recovered(ILogger logger, int active, int expired);

    [LoggerMessage(9, LogLevel.Information, "Purged {Count} sessions that ended before {Before:o}")]
    public static partial void Purged(ILogger logger, int count, DateTimeOffset before);

    [LoggerMessage(10, LogLevel.Error, "Background work {Work} failed")]
    public static partial void BackgroundFailed(ILogger logger, string work, Exception exception);

    [LoggerMessage(11, LogLevel.Error, "Request {Method} {Path} failed")]
    public static partial void RequestFailed(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(12, LogLevel.Information, "Control plane of region {Region} ready: grpc={Grpc} rest={Rest} store={StoreKind}")]
    public static partial void Ready(ILogger logger, string region, string grpc, string rest, string storeKind);

    [LoggerMessage(13, LogLevel.Warning, "Host {HostId} refused: {Reason}")]
    public static partial void HostRefused(ILogger logger, string hostId, string reason);

    [LoggerMessage(14, LogLevel.Information, "Conversion {Account}/{ConversionId} {Status} in {Seconds:0.000} s")]
    public static partial void ConversionFinished(ILogger logger, string account, string conversionId, string status, double seconds);
}
