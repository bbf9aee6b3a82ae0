namespace ArrHost.Client;

/// <summary>The lifecycle of a session; the numbers match the real SDK's RenderingSessionStatus.</summary>
public enum RenderingSessionStatus
{
    /// <summary>Not known.</summary>
    Unknown = 0,

    /// <summary>A host is reserved and starting.</summary>
    Starting = 1,

    /// <summary>Clients may connect; the lease clock runs.</summary>
    Ready = 2,

    /// <summary>Stopped by request. Terminal.</summary>
    Stopped = 3,

    /// <summary>The lease ran out. Terminal.</summary>
    Expired = 4,

    /// <summary>Failed; <see cref="RenderingSessionProperties.ErrorCode"/> says why. Terminal.</summary>
    Error = 5,
}
