using ArrHost.Protos.V1;

namespace ArrHost.ControlPlane.Domain;

/// <summary>A session as stored. Times are UTC; <see cref="Version"/> increases by one per stored change.</summary>
internal sealed class SessionRecord
{
    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public required string Region { get; init; }
    public SessionSize Size { get; set; }
    public SessionStatus Status { get; set; }
    public DateTimeOffset CreationTime { get; init; }
    public DateTimeOffset? ReadyTime { get; set; }
    public DateTimeOffset? EndTime { get; set; }
    public int MaxLeaseMinutes { get; set; }
    public string? HostId { get; set; }
    public string? RenderEndpoint { get; set; }
    /// <summary>Random nonce from which the connection token is derived (the token itself is never stored).</summary>
    public string? TokenNonce { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    /// <summary>Start-up stage while Starting: Reserving, StartingVm, ResettingHost.</summary>
    public string? Stage { get; set; }
    public long Version { get; set; }

    public bool IsActive => Status is SessionStatus.Starting or SessionStatus.Ready;

    public bool IsEnded => !IsActive;

    public SessionKey Key => new(AccountId, Id);

    public SessionRecord Clone() => (SessionRecord)MemberwiseClone();
}
